"""The call-center workflow of examples/callcenter.py, written in JSONata with a variable.

Same handlers, same path, same final output; the data moves the JSONata way (AWS,
"Transforming data with JSONata in Step Functions"): each Task says what it sends with
`arguments=` and what it passes on with `output=`, and "Open Case" stores the case id in the
variable `$caseId` with `assign=`, so later states read it without threading it through
every payload. The Choice rules are the same `S.Status == 1` conditions as the JSONPath
version: in a JSONata workflow they compile to `{% $states.input.Status = 1 %}`.

    flowdsl compile examples/callcenter_jsonata.py
    flowdsl run examples/callcenter_jsonata.py --input '{"inputCaseID": "001"}'
"""

from flowdsl import Choice, Fail, S, Task, Workflow, expr
from lambdas import assign_case, close_case, escalate_case, open_case, work_on_case

# The payload each case-handling function takes: the case id (from the variable) and the
# message and status so far (from the state's input, the previous state's output).
CASE = {"Case": expr("$caseId"), "Message": expr("$states.input.Message")}
CASE_WITH_STATUS = {**CASE, "Status": expr("$states.input.Status")}

open_step = Task(
    "Open Case",
    handler=open_case.handler,
    function_name="OpenCaseFunction",
    arguments={"inputCaseID": expr("$states.input.inputCaseID")},
    assign={"caseId": expr("$states.result.Case")},
)
assign_step = Task(
    "Assign Case",
    handler=assign_case.handler,
    function_name="AssignCaseFunction",
    arguments=CASE,
)
work_step = Task(
    "Work on Case",
    handler=work_on_case.handler,
    function_name="WorkOnCaseFunction",
    arguments=CASE,
    # Pass on only what the Choice and the next function need: the case id is in `$caseId`.
    output={"Status": expr("$states.result.Status"), "Message": expr("$states.result.Message")},
)
close_step = Task(
    "Close Case",
    handler=close_case.handler,
    function_name="CloseCaseFunction",
    arguments=CASE_WITH_STATUS,
)
escalate_step = Task(
    "Escalate Case",
    handler=escalate_case.handler,
    function_name="EscalateCaseFunction",
    arguments=CASE_WITH_STATUS,
)
fail = Fail("Fail", cause="Engage Tier 2 Support.")

is_resolved = (
    Choice("Is Case Resolved").when(S.Status == 1, close_step).when(S.Status == 0, escalate_step >> fail)
)

workflow = Workflow(
    "CallCenterJSONata",
    open_step >> assign_step >> work_step >> is_resolved,
    comment="The call-center support session, with JSONata and a workflow variable.",
    query_language="JSONata",
)
