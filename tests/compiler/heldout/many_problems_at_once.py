from flowdsl import Choice, Fail, S, Task, Workflow

a = Task("Open", function_name="Open", timeout_seconds=5, heartbeat_seconds=10)  # expect: heartbeat-not-below-timeout
b = Task("Open", function_name="Other")  # expect: duplicate-state-name
long = Task("X" * 90, function_name="Long")  # expect: invalid-state-name
c = Choice("Check").when(S.ok == True, long)  # expect: missing-default
workflow = Workflow("Many", a >> b >> c)
