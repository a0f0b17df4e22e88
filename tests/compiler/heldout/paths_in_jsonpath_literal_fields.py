from flowdsl import Pass, S, Wait, Workflow

w = Wait("W", seconds=S.delay)  # expect: path-not-evaluated
p = Pass("P", result=S.y)  # expect: path-not-evaluated
workflow = Workflow("PathsInJsonPath", w >> p)
