from flowdsl import Choice, S, Succeed, Workflow

done = Succeed("Done")
choice = Choice("Pick").when(S.x == 1, done)  # expect: missing-default
workflow = Workflow("NoDefault", choice)
