from flowdsl import Pass, Task, Workflow

a = Task("Poll", function_name="Poll")  # expect: no-terminal-path
b = Pass("Again")
a >> b >> a
workflow = Workflow("Forever", a)
