from flowdsl import Fail, Task, Workflow

work = Task("Work", function_name="Work").retry("States.Timout").catch("States.TaskFaild", Fail("F"))  # expect: unknown-error-name, unknown-error-name
workflow = Workflow("ErrName", work)
