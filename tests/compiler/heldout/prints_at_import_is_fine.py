from flowdsl import Pass, Workflow

workflow = Workflow("Printing", Pass("P"))
print(workflow.to_json())
