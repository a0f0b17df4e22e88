from flowdsl import Fail, Task, Workflow

handler = Fail("Handle", cause="x")
work = Task("Work", function_name="Work").catch("States.ALL", "Handle")  # expect: invalid-chain
workflow = Workflow("CatchName", work)
