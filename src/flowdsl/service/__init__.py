"""A local Step Functions service on top of the engine: the in-process client and `flowdsl serve`.

`Client()` answers boto3's `stepfunctions` calls in-process; `flowdsl serve` puts the same
service behind the AWS JSON 1.0 wire protocol for boto3, the AWS CLI and every other SDK.
"""

from __future__ import annotations

from flowdsl.service.client import Client
from flowdsl.service.core import Service
from flowdsl.service.errors import SfnError

__all__ = ["Client", "Service", "SfnError"]
