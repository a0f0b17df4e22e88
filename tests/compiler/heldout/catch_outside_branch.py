from flowdsl import Fail, Parallel, Task, Workflow

recover = Task("Recover", function_name="Recover")  # expect: state-in-two-scopes
inner = Task("Inner", function_name="Inner").catch("States.ALL", recover)  # expect: transition-out-of-scope
main_recover = Task("Main", function_name="Main") >> recover
par = Parallel("Par", branches=[inner])
workflow = Workflow("CatchScope", par >> main_recover)
