from flowdsl import Pass, Workflow

states = [Pass(f"Step {i}") for i in range(3000)]
chain = states[0]
for s in states[1:]:
    chain = chain >> s
workflow = Workflow("Long", chain)
