from flowdsl import Task, Workflow

work = Task("Work", function_name="Work", timeout_seconds=30, heartbeat_seconds=60)  # expect: heartbeat-not-below-timeout
other = Task("Other", function_name="Other", timeout_seconds=10, heartbeat_seconds=10)  # expect: heartbeat-not-below-timeout
workflow = Workflow("Timeouts", work >> other)
