from flowdsl import Choice, S, Succeed, Workflow

done = Succeed("Done")
choice = Choice("Pick").when(S.x == None, done).otherwise(done)  # expect: invalid-condition
workflow = Workflow("CompareNone", choice)
