"""The local interpreter: runs a `StateMachine` the way AWS Step Functions would.

    from flowdsl.engine import execute
    from flowdsl.engine.mocks import Return, Throw

    execution = execute(machine, {"inputCaseID": "001"}, handlers=source.handlers,
                        mocks={"Charge Card": Throw("Payment.Declined", "card expired")})
    execution.status, execution.output, execution.error, execution.cause
    execution.history   # GetExecutionHistory-shaped events
    execution.visited   # state -> "succeeded" | "failed" | "caught"

The machine is compiled once and cached, so running it again costs only the execution.
"""

from flowdsl.engine.clock import RealClock, VirtualClock
from flowdsl.engine.mocks import MockError, MockSpec, Return, Throw
from flowdsl.engine.runner import Execution, execute

__all__ = ["Execution", "MockError", "MockSpec", "RealClock", "Return", "Throw", "VirtualClock", "execute"]
