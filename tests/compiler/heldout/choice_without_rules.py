from flowdsl import Choice, Workflow

empty = Choice("Nothing")  # expect: empty-choices, missing-default
workflow = Workflow("EmptyChoice", empty)
