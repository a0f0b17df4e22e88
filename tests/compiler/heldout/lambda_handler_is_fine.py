from flowdsl import Task, Workflow

work = Task("Work", function_name="WorkFn", handler=lambda event, context: event)
workflow = Workflow("Lambda", work)
