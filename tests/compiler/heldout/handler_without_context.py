from flowdsl import Task, Workflow

def handler(event):
    return event

workflow = Workflow("OneArg", Task("T", function_name="Fn", handler=handler))  # expect: task-target
