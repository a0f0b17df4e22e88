from flowdsl import Choice, S, Succeed, Workflow

done = Succeed("Done")
choice = Choice("Pick").when(1 < S.x < 3, done).otherwise(done)  # expect: condition-as-bool
workflow = Workflow("Chained", choice)
