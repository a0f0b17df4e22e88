from flowdsl import Choice, S, Succeed, Task, Workflow

orphan = Task("Orphan", function_name="Orphan")  # expect: unused-state
done = Succeed("Done")
workflow = Workflow("Unreachable", Task("Start", function_name="Start") >> done)
