from flowdsl import Task, Workflow

t = Task("T", function_name="Fn", retry=Retry("States.ALL"))  # expect: python-error
workflow = Workflow("RetryNotImported", t)
