from flowdsl import Pass, Workflow

workflow = Workflow("Newline", Pass("First\nSecond") >> Pass("First\nSecond"))  # expect: duplicate-state-name, invalid-state-name, invalid-state-name
