from flowdsl import Choice, S, Succeed, Workflow

done = Succeed("Done")
choice = Choice("Pick").when(S.x == 1 and S.y == 2, done).otherwise(done)  # expect: condition-as-bool
workflow = Workflow("AndOr", choice)
