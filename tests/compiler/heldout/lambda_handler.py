from flowdsl import Task, Workflow

work = Task("Work", function_name="WorkFn", handler=lambda event, context: event)  # expect: handler-not-packageable
workflow = Workflow("Lambda", work)
