from flowdsl import Choice, S, Succeed, Workflow

done = Succeed("Done")
workflow = Workflow("BoolOrder", Choice("C").when(S.flag > True, done).otherwise(done))  # expect: invalid-condition
