"""The DSL: what users write. States, chains, paths, conditions and the Workflow.

Layering: the DSL builds mutable objects that `flowdsl.compiler` turns into the model;
nothing downstream of the compiler imports this package.
"""

from flowdsl.dsl.base import State
from flowdsl.dsl.chain import Chain
from flowdsl.dsl.choice import Choice
from flowdsl.dsl.conditions import (
    And,
    Comparison,
    Condition,
    Not,
    Or,
    Test,
    constant,
    is_boolean,
    is_null,
    is_numeric,
    is_present,
    is_string,
    is_timestamp,
    matches,
)
from flowdsl.dsl.errors import DslError
from flowdsl.dsl.handling import Catch, Retry
from flowdsl.dsl.parallel import Branch, Map, Parallel
from flowdsl.dsl.paths import CONTEXT, Path, S, boolean, numeric, string, timestamp, var
from flowdsl.dsl.simple import Fail, Pass, Succeed, Wait
from flowdsl.dsl.task import Task
from flowdsl.dsl.workflow import Workflow

__all__ = [
    "CONTEXT",
    "And",
    "Branch",
    "Catch",
    "Chain",
    "Choice",
    "Comparison",
    "Condition",
    "DslError",
    "Fail",
    "Map",
    "Not",
    "Or",
    "Parallel",
    "Pass",
    "Path",
    "Retry",
    "S",
    "State",
    "Succeed",
    "Task",
    "Test",
    "Wait",
    "Workflow",
    "boolean",
    "constant",
    "is_boolean",
    "is_null",
    "is_numeric",
    "is_present",
    "is_string",
    "is_timestamp",
    "matches",
    "numeric",
    "string",
    "timestamp",
    "var",
]
