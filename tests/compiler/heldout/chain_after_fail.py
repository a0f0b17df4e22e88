from flowdsl import Fail, Task, Workflow

work = Task("Work", function_name="Work")
fail = Fail("Oops", cause="bad")
tidy = Task("Tidy Up", function_name="Tidy")
workflow = Workflow("AfterFail", work >> fail >> tidy)  # expect: chain-after-end
