from flowdsl import Succeed, Workflow

one = Workflow("One", Succeed("A"))
two = Workflow("Two", Succeed("B"))
# expect-file: several-workflows
