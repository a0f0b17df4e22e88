from flowdsl import Pass, Workflow

p = Pass("Nothing").retry("States.ALL")  # expect: python-error
workflow = Workflow("RetryPass", p)
