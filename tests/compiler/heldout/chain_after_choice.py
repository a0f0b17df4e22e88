from flowdsl import Choice, Fail, S, Task, Workflow

open_case = Task("Open Case", function_name="OpenCaseFunction")
close = Task("Close Case", function_name="CloseCaseFunction")
escalate = Task("Escalate Case", function_name="EscalateCaseFunction")

check = Choice("Is Resolved").when(S.Status == 1, close).when(S.Status == 0, escalate)
workflow = Workflow("Typo", open_case >> check >> close)  # expect: chain-after-end
