from flowdsl import Task, Workflow

work = Task("Work", function_name="Work", result_path="result", input_path="$..[bad")  # expect: invalid-path, invalid-path
workflow = Workflow("BadPath", work, comment="x")
