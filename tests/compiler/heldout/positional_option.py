from flowdsl import Task, Workflow

work = Task("Work", "WorkFunction")  # expect: python-error
workflow = Workflow("Positional", work)
