from flowdsl import Choice, Retry, S, Task, Workflow

a = Task("A", function_name="A", timeout_seconds=1.5)  # expect: invalid-type
b = Task("B", function_name="B", timeout_seconds=5, heartbeat_seconds=10, retry=[Retry("States.ALL", max_attempts="3")])  # expect: invalid-type, heartbeat-not-below-timeout
c = Choice("C").when(S.x == 1, a)  # expect: missing-default
workflow = Workflow("StructureAndGraph", b >> c, timeout_seconds="60")  # expect: invalid-type
