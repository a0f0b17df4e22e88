"""The call-center workflow with typed data: every handler says what it takes and returns.

The handlers in `lambdas/callcenter_typed.py` are annotated with pydantic models, so flowdsl
knows the JSON type of every state's input and output and checks each path, Choice
comparison and Task input against them (docs/types.md):

    flowdsl compile examples/callcenter_typed.py    # checked; -> build/callcenter_typed.asl.json
    flowdsl schema examples/callcenter_typed.py     # the execution input's JSON Schema
    flowdsl run examples/callcenter_typed.py --input '{"inputCaseID": "001"}' --check-types
"""

from flowdsl import Choice, Fail, S, Task, Workflow
from lambdas import callcenter_typed as case

open_step = Task("Open Case", handler=case.open_case, function_name="OpenCaseFunction")
assign_step = Task("Assign Case", handler=case.assign_case, function_name="AssignCaseFunction")
work_step = Task("Work on Case", handler=case.work_case, function_name="WorkOnCaseFunction")
close_step = Task("Close Case", handler=case.close_case, function_name="CloseCaseFunction")
escalate_step = Task("Escalate Case", handler=case.escalate_case, function_name="EscalateCaseFunction")
fail = Fail("Fail", cause="Engage Tier 2 Support.")

is_resolved = (
    Choice("Is Case Resolved").when(S.Status == 1, close_step).when(S.Status == 0, escalate_step >> fail)
)

workflow = Workflow(
    "CallCenterTyped",
    open_step >> assign_step >> work_step >> is_resolved,
    comment="The call center support session, with the data between states typed.",
    input_model=case.CaseRequest,
    output_model=case.WorkedCase,
)
