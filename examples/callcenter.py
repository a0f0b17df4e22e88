"""The call-center workflow of the AWS tutorial "Create a Serverless Workflow with AWS Step
Functions and AWS Lambda": open, assign and work on a support case, then close it or escalate.

    flowdsl compile examples/callcenter.py    # -> build/callcenter.asl.json
    flowdsl diagram examples/callcenter.py    # -> build/callcenter.mmd
"""

from flowdsl import Choice, Fail, S, Task, Workflow
from lambdas import assign_case, close_case, escalate_case, open_case, work_on_case

open_step = Task("Open Case", handler=open_case.handler, function_name="OpenCaseFunction")
assign_step = Task("Assign Case", handler=assign_case.handler, function_name="AssignCaseFunction")
work_step = Task("Work on Case", handler=work_on_case.handler, function_name="WorkOnCaseFunction")
close_step = Task("Close Case", handler=close_case.handler, function_name="CloseCaseFunction")
escalate_step = Task("Escalate Case", handler=escalate_case.handler, function_name="EscalateCaseFunction")
fail = Fail("Fail", cause="Engage Tier 2 Support.")

is_resolved = (
    Choice("Is Case Resolved").when(S.Status == 1, close_step).when(S.Status == 0, escalate_step >> fail)
)

workflow = Workflow(
    "CallCenter",
    open_step >> assign_step >> work_step >> is_resolved,
    comment="A simple AWS Step Functions state machine that automates a call center support session.",
)
