from flowdsl import Workflow

workflow = Workflow("Empty", [])  # expect: invalid-chain
