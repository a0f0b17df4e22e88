from flowdsl import Parallel, Task, Workflow

start = Task("Start", function_name="Start")  # expect: state-in-two-scopes
inner = Task("Inner", function_name="Inner")  # expect: transition-out-of-scope
inner >> start
par = Parallel("Par", branches=[inner, Task("Other", function_name="Other")])
workflow = Workflow("ParLoop", start >> par)
