"""What the action mixins of `Service` (core.py) that read executions take from it."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowdsl.service.executions import ExecutionRecord


class ExecutionActions:
    """A mixin's view of `Service`: its lock and its execution lookup (which raises
    ExecutionDoesNotExist)."""

    lock: threading.RLock

    def _execution(self, arn: str) -> ExecutionRecord:
        raise NotImplementedError
