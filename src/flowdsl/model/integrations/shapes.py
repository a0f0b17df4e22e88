"""Parameter and response shapes of every AWS SDK operation, from a table generated from botocore's models.

`shapes.json.gz` is written by `tools/gen_integration_shapes.py` from the service models botocore
ships (AWS's machine-readable API definitions); it is read lazily, once, on the first lookup.
Each service's entry is JSON text, parsed on first use. Its shapes are a list: ids 0..5 are the
scalars (string, number, float, boolean, blob, timestamp), the others `["l", member]`,
`["m", value]` or `["o", {name: id}, [required]]`. `ops` maps an operation to its input shape,
`outs` to its output shape (-1: none).
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

SCALARS = ("string", "integer", "number", "boolean", "blob", "timestamp")
# aws-sdk error prefixes that are not the service's name capitalised (AWS Developer Guide,
# "AWS SDK service integrations": errors are named `<Service>.<Error>Exception`).
_ERROR_PREFIXES = {"dynamodb": "DynamoDb", "acmpca": "AcmPca"}


@dataclass(frozen=True)
class Shape:
    """One node of an operation's input shape."""

    kind: str  # one of SCALARS, or "list", "map", "structure"
    members: dict[str, Shape] | None = None
    required: tuple[str, ...] = ()
    item: Shape | None = None  # a list's member or a map's value
    open: bool = False  # a structure that may also hold members other than `members`


@dataclass(frozen=True)
class SdkService:
    """One AWS SDK service: its botocore name, IAM action prefix and operations (camelCase)."""

    name: str
    botocore: str
    iam: str
    operations: tuple[str, ...]
    _table: list[Any]
    _ops: dict[str, int]
    _outs: dict[str, int]

    def operation(self, action: str) -> str | None:
        """The operation's exact name for `action`; AWS matches the first letter loosely."""
        if action in self._ops:
            return action
        lowered = action[:1].lower() + action[1:]
        return lowered if lowered in self._ops else None

    def input_shape(self, action: str) -> Shape:
        return _resolve(self._table, self._ops[action], {})

    @property
    def error_prefix(self) -> str:
        """What Step Functions puts before this service's errors in an `aws-sdk` call: the AWS
        SDK's service name in PascalCase (`S3.NoSuchKeyException`, `DynamoDb....`)."""
        return _ERROR_PREFIXES.get(self.name, self.name[:1].upper() + self.name[1:])

    def output_shape(self, action: str) -> Shape:
        """The response as Step Functions returns it: member names in PascalCase (an `aws-sdk`
        result's `Cluster` for the EKS API's `cluster`); map keys are data and stay as they are."""
        return _resolve(self._table, self._outs.get(action, -1), {}, pascal=True)


@functools.cache
def _data() -> dict[str, Any]:
    raw = resources.files(__package__).joinpath("shapes.json.gz").read_bytes()
    loaded: dict[str, Any] = json.loads(gzip.decompress(raw))
    return loaded


def botocore_version() -> str:
    """The botocore release the table was generated from."""
    return str(_data()["botocore_version"])


def service_names() -> list[str]:
    return sorted(_data()["services"])


@functools.cache
def sdk_service(name: str) -> SdkService | None:
    """An AWS SDK service by its Step Functions name (`sfn`, `s3`, `eventbridge`), or None."""
    text = _data()["services"].get(name)
    if text is None:
        return None
    entry = json.loads(text)
    ops = entry["ops"]
    return SdkService(name, entry["botocore"], entry["iam"], tuple(ops), entry["shapes"], ops, entry["outs"])


def _resolve(table: list[Any], ref: int, seen: dict[int, Shape], *, pascal: bool = False) -> Shape:
    """The Shape for an id; recursive shapes (a JSON document type) are cut to 'structure'.
    `pascal`: member names with their first letter upper case."""
    if ref < 0:
        return Shape("structure", {})
    if ref < len(SCALARS):
        return Shape(SCALARS[ref])
    if ref in seen:
        return seen[ref]
    seen[ref] = Shape("structure")  # a cycle reads as an unchecked object
    entry = table[ref]
    if entry[0] in ("l", "m"):
        kind = "list" if entry[0] == "l" else "map"
        shape = Shape(kind, item=_resolve(table, entry[1], seen, pascal=pascal))
    else:
        named = _pascal if pascal else str
        members = {named(n): _resolve(table, i, seen, pascal=pascal) for n, i in entry[1].items()}
        required = tuple(named(name) for name in entry[2]) if len(entry) > 2 else ()
        shape = Shape("structure", members, required)
    seen[ref] = shape
    return shape


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


@functools.cache
def input_shape(service: str, action: str) -> Shape:
    """The input shape of an AWS SDK operation (service and action as `sdk_service` names them)."""
    found = sdk_service(service)
    if found is None or found.operation(action) is None:
        return Shape("structure")
    return found.input_shape(str(found.operation(action)))


@functools.cache
def output_shape(service: str, action: str) -> Shape | None:
    """The response shape of an AWS SDK operation as Step Functions returns it (None: unknown)."""
    found = sdk_service(service)
    operation = None if found is None else found.operation(action)
    return None if found is None or operation is None else found.output_shape(operation)
