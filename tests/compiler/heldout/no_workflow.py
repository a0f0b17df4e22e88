from flowdsl import Succeed

done = Succeed("Done")
# expect-file: no-workflow
