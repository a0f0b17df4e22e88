from flowdsl import Task, Workflow

a = Task("Step", function_name="A")
b = Task("Step", function_name="B")  # expect: duplicate-state-name
c = Task("Other", function_name="C")
workflow = Workflow("Dup", a >> b >> c)
