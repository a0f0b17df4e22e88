from flowdsl import Fail, Task, Workflow

fail = Fail("Failed")
work = Task("Work", function_name="Work").retry("States.ALL").retry("States.Timeout")  # expect: misplaced-states-all
work.catch(["States.ALL", "Custom"], fail)  # expect: misplaced-states-all
workflow = Workflow("AllNotLast", work)
