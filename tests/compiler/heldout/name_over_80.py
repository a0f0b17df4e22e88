from flowdsl import Pass, Workflow

first = Pass("This is a really long state name that somebody wrote to describe exactly what it does in detail")  # expect: invalid-state-name
second = Pass("Short")
workflow = Workflow("Long", first >> second)
