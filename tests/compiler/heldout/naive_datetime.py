from datetime import datetime
from flowdsl import Choice, S, Succeed, Workflow

done = Succeed("Done")
workflow = Workflow("Naive", Choice("C").when(S.ts > datetime(2024, 1, 1), done).otherwise(done))  # expect: naive-datetime
