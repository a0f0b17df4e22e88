from flowdsl import Task, Workflow

open_case = Task("Open Case", function_name="OpenCaseFunction")
workflow = Workflow("NameErr", open_cse)  # expect: python-error
