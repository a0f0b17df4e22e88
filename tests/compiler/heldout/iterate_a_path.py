from flowdsl import Pass, S, Workflow

names = [str(p) for p in S.items]  # expect: path-misuse
workflow = Workflow("Iter", Pass("P"))
