from flowdsl import S, Task, Workflow

work = Task(  # expect: jsonpath-only-field, jsonpath-only-field, jsonpath-only-field
    "Work",
    function_name="Work",
    input_path=S.detail,
    result_path="$.result",
    parameters={"a.$": "$.x"},
)
workflow = Workflow("Mixed", work, query_language="JSONata")
