"""flowdsl: write, check, run and ship AWS Step Functions workflows from typed Python."""

from flowdsl.diagnostics import Diagnostic, FlowdslError, Severity
from flowdsl.source import Source

__all__ = ["Diagnostic", "FlowdslError", "Severity", "Source"]
