from flowdsl import Pass, Workflow

p = Pass("Shape", parameters={"id.$": "Case", "ok.$": "States.Format('{}', $.x"})  # expect: invalid-payload-path, invalid-intrinsic
workflow = Workflow("DollarKey", p)
