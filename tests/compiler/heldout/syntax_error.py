from flowdsl import Succeed, Workflow

workflow = Workflow("Bad", Succeed("A")  # expect: python-syntax-error
x = 1
