"""Generate `src/flowdsl/model/integrations/shapes.json.gz` from the installed botocore.

The table holds, per AWS SDK service as Step Functions names it in an `aws-sdk:<service>:<action>`
ARN, the IAM prefix and every operation's input and output shapes (member names, required
members and JSON types, nested): the integration checks read the inputs, the typed data flow the
outputs. It is shipped instead of depending on botocore (see docs/integrations.md for the
sizes). Run it after upgrading botocore:

    .venv/bin/python tools/gen_integration_shapes.py

tests/model/test_integration_shapes.py regenerates it in memory and fails on any difference.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

import botocore  # type: ignore[import-untyped]
from botocore.loaders import Loader  # type: ignore[import-untyped]

TARGET = Path(__file__).resolve().parents[1] / "src/flowdsl/model/integrations/shapes.json.gz"
# Scalars share fixed ids 0..5 in every service's shape list.
SCALARS = {"string": 0, "integer": 1, "long": 1, "float": 2, "double": 2, "boolean": 3, "blob": 4}
TIMESTAMP = 5
SCALAR_IDS = ["s", "i", "n", "b", "B", "t"]


def sdk_service_name(metadata: dict[str, Any]) -> str:
    """Step Functions' name for a service: the SDK service id, lower case, without spaces or
    hyphens (`SFN` -> `sfn`, `Bedrock Agent` -> `bedrockagent`, `CloudWatch Logs` ->
    `cloudwatchlogs`), as AWS's "AWS SDK service integrations" page lists them."""
    return re.sub(r"[\s-]", "", str(metadata["serviceId"])).lower()


def camel(operation: str) -> str:
    return operation[:1].lower() + operation[1:]


class _Shapes:
    def __init__(self, model: dict[str, Any]) -> None:
        self.model = model["shapes"]
        self.ids: dict[str, int] = {}
        self.table: list[Any] = list(SCALAR_IDS)

    def ref(self, name: str) -> int:
        shape = self.model[name]
        kind = shape["type"]
        if kind in SCALARS:
            return SCALARS[kind]
        if kind == "timestamp":
            return TIMESTAMP
        if name in self.ids:
            return self.ids[name]
        index = self.ids[name] = len(self.table)
        self.table.append(None)
        self.table[index] = self._compound(shape)
        return index

    def _compound(self, shape: dict[str, Any]) -> Any:
        kind = shape["type"]
        if kind == "list":
            return ["l", self.ref(shape["member"]["shape"])]
        if kind == "map":
            return ["m", self.ref(shape["value"]["shape"])]
        members = {m: self.ref(spec["shape"]) for m, spec in shape.get("members", {}).items()}
        required = [m for m in shape.get("required", []) if m in members]
        return ["o", members, required] if required else ["o", members]


def service_entry(model: dict[str, Any], botocore_name: str) -> dict[str, Any]:
    metadata = model["metadata"]
    shapes = _Shapes(model)
    ops, outs = {}, {}
    for name, op in sorted(model["operations"].items()):
        ops[camel(name)] = shapes.ref(op["input"]["shape"]) if "input" in op else -1
        outs[camel(name)] = shapes.ref(op["output"]["shape"]) if "output" in op else -1
    iam = metadata.get("signingName") or metadata["endpointPrefix"]
    return {"botocore": botocore_name, "iam": iam, "ops": ops, "outs": outs, "shapes": shapes.table}


def build() -> dict[str, Any]:
    loader = Loader()
    services: dict[str, Any] = {}
    for botocore_name in sorted(loader.list_available_services("service-2")):
        model = loader.load_service_model(botocore_name, "service-2")
        services.setdefault(sdk_service_name(model["metadata"]), service_entry(model, botocore_name))
    # Each service as its own JSON text, so a lookup parses one service, not all 400.
    texts = {
        name: json.dumps(entry, separators=(",", ":"), sort_keys=True) for name, entry in services.items()
    }
    return {"botocore_version": botocore.__version__, "services": texts}


def encode(table: dict[str, Any]) -> bytes:
    text = json.dumps(table, separators=(",", ":"), sort_keys=True).encode()
    return gzip.compress(text, compresslevel=9, mtime=0)


def main() -> int:
    TARGET.write_bytes(encode(build()))
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
