from flowdsl import Choice, S, Succeed, Workflow

done = Succeed("Done")
choice = Choice("Pick").when(S.x == 1, done).otherwize(done)  # expect: python-error
workflow = Workflow("AttrTypo", choice)
