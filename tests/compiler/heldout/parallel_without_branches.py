from flowdsl import Parallel, Workflow

workflow = Workflow("NoBranches", Parallel("Par"))  # expect: empty-branches
