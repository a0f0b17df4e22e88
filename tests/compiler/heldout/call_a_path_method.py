from flowdsl import Choice, S, Succeed, Workflow

done = Succeed("Done")
choice = Choice("Pick").when(S.name.startswith("a"), done).otherwise(done)  # expect: path-misuse
workflow = Workflow("Call", choice)
