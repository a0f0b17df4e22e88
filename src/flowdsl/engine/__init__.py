"""The local interpreter: runs a `StateMachine` the way AWS Step Functions would.

    from flowdsl.engine import execute
    from flowdsl.engine.mocks import Return, Throw

    execution = execute(machine, {"inputCaseID": "001"}, handlers=source.handlers,
                        mocks={"Charge Card": Throw("Payment.Declined", "card expired")})
    execution.status, execution.output, execution.error, execution.cause
    execution.history   # GetExecutionHistory-shaped events
    execution.visited   # state -> "succeeded" | "failed" | "caught"

The machine is compiled once (`plan.py`) into small steps, one module per state type, and
cached for as long as the machine object lives, so running it again costs only the
execution. Data flow is a strategy per state (`dataflow.py`: JSONPath or JSONata); Retry
and Catch wrap the states that do work (`recovery.py`); time comes from a virtual clock
unless `RealClock()` is passed (`clock.py`). Handlers get a Lambda-like context whose
`advance(seconds)` (a flowdsl extension) declares virtual run time, for timeout tests.
"""

from flowdsl.engine.clock import RealClock, VirtualClock
from flowdsl.engine.mocks import MockError, MockSpec, Return, Throw
from flowdsl.engine.runner import Execution, execute

__all__ = ["Execution", "MockError", "MockSpec", "RealClock", "Return", "Throw", "VirtualClock", "execute"]
