from flowdsl import Task, Workflow

work = Task("Work", function_name="Work", timeout_seconds=1.5).retry("States.ALL", max_attempts="3")  # expect: invalid-type, invalid-type
workflow = Workflow("Types", work, timeout_seconds="60")  # expect: invalid-type
