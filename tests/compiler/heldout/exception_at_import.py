from flowdsl import Succeed, Workflow
import json

config = json.loads("{not json")  # expect: python-error
workflow = Workflow("Bad", Succeed("A"))
