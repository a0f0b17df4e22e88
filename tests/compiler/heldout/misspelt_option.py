from flowdsl import Task, Workflow

work = Task("Work", function_name="Work", timeout=30)  # expect: python-error
workflow = Workflow("Kwarg", work)
