import flowdsl

workflow = flowdsl.Workflow("ModuleStyle", flowdsl.Pass("A") >> flowdsl.Fail("F", error=flowdsl.S.err))  # expect: path-not-evaluated
