"""Measure flowdsl against recorded AWS behaviour and public validators' suites.

`python -m tools.conformance.executions` scores the engine on the shared conformance data's
recorded executions; `python -m tools.conformance.validators` compares the checker's verdicts
with three public validators' fixtures. Both read the data in place and only print, so they
live beside the tests rather than in the library, whose one printing layer is the CLI.
"""
