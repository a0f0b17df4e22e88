"""The integration registry: what a Task `Resource` calls, what AWS supports and requires for it.

One place for every fact about service integrations (the style guide's single source of
truth): the ARN form and patterns (`call`), the optimized integrations with their IAM needs
(`registry`, `iam`), and the parameter shapes of every AWS SDK operation (`shapes`, generated
from botocore's service models by tools/gen_integration_shapes.py).
"""

from __future__ import annotations

from flowdsl.model.integrations.call import PATTERN_NAMES, Call, Pattern, parse_call, resource_arn
from flowdsl.model.integrations.entries import Integration
from flowdsl.model.integrations.registry import (
    INTEGRATIONS,
    OPTIMIZED_SERVICES,
    PARTIAL_SERVICES,
    REGISTRY,
    integration,
)

__all__ = [
    "INTEGRATIONS",
    "OPTIMIZED_SERVICES",
    "PARTIAL_SERVICES",
    "PATTERN_NAMES",
    "REGISTRY",
    "Call",
    "Integration",
    "Pattern",
    "integration",
    "parse_call",
    "resource_arn",
]
