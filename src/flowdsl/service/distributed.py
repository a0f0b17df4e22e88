"""Distributed Map run locally: items read from S3, child executions, results written to S3.

AWS Developer Guide, "Using Map state in Distributed mode": the ItemReader reads the items
(`s3:getObject` of a JSON, JSON Lines or CSV object, or `s3:listObjectsV2`'s objects), the
ItemBatcher groups them, each item or batch runs as a child execution of the ItemProcessor with
its own history (a map run), MaxConcurrency and ToleratedFailureCount/Percentage bound them,
and a ResultWriter (`s3:putObject`) writes `manifest.json` and `SUCCEEDED_0.json`/`FAILED_0.json`
under `<Prefix>/<map run id>/` and returns where.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from flowdsl.engine.errors import StateError
from flowdsl.engine.map_state import MapStep
from flowdsl.engine.runtime import Scope
from flowdsl.model import parse_machine
from flowdsl.service.machines import MachineVersion

if TYPE_CHECKING:
    from flowdsl.service.core import Service
    from flowdsl.service.executions import ExecutionRecord

Json = Any
_THRESHOLD = (
    "States.ExceedToleratedFailureThreshold",
    "The specified tolerated failure threshold was exceeded",
)
_NO_ENDPOINT = (
    "state '{}' reads its items from S3, which needs an AWS endpoint: start flowdsl serve with "
    "--aws-endpoint URL (or set AWS_ENDPOINT_URL), or mock the state (--mock FILE)"
)
_DELIMITERS = {"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "SPACE": " ", "TAB": "\t"}


class DistributedMap:
    """The map hook of one execution (`record`)."""

    def __init__(self, record: ExecutionRecord) -> None:
        self.record = record
        self.service: Service = record.service

    def __call__(self, step: MapStep, data: Json, context: Json, scope: Scope) -> Json:
        raw = _find(json.loads(self.record.machine.definition), step.name)
        if not self.service.endpoint:
            raise StateError("States.Runtime", _NO_ENDPOINT.format(step.name))
        reader = step.flow.template(_parameters(raw["ItemReader"]), data, context, scope, "ItemReader")
        items = self._read(raw["ItemReader"], reader)
        inputs = step.child_inputs(items, data, context, scope)
        width, allowed = step.limits(len(inputs), data, context, scope)
        run_id = secrets.token_hex(8)
        label = raw.get("Label") or step.name
        map_run = f"{self.record.machine.arn.replace(':stateMachine:', ':mapRun:')}/{label}:{run_id}"
        add = scope.run.history.add
        add(scope.lane, "MapRunStarted", "mapRunStartedEventDetails", {"mapRunArn": map_run})
        children = self._children(raw, label, inputs, width)
        failed = [child for child in children if child.status != "SUCCEEDED"]
        if len(failed) > allowed:
            details = {"error": _THRESHOLD[0], "cause": _THRESHOLD[1]}
            add(scope.lane, "MapRunFailed", "mapRunFailedEventDetails", details)
            raise StateError(*_THRESHOLD) if _tolerates(raw) else StateError(failed[0].error, failed[0].cause)
        add(scope.lane, "MapRunSucceeded")
        if "ResultWriter" in raw:
            params = step.flow.template(
                _parameters(raw["ResultWriter"]), data, context, scope, "ResultWriter"
            )
            return self._write(params, map_run, run_id, children)
        return [_output(child) for child in children]

    def _read(self, reader: dict[str, Json], params: Json) -> list[Json]:
        """The items: an S3 object's rows or elements, or a listing's objects."""
        s3 = self.service.session().client("s3")
        config = reader.get("ReaderConfig", {})
        try:
            if reader.get("Resource", "").endswith("listObjectsV2"):
                listed = s3.list_objects_v2(**params).get("Contents", [])
                items = [{key: _text(value) for key, value in entry.items()} for entry in listed]
            else:
                items = _parse(s3.get_object(**params)["Body"].read().decode(), config)
        except StateError:
            raise
        except Exception as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code", type(exc).__name__)
            raise StateError(f"S3.{code}", str(exc)) from None
        limit = config.get("MaxItems")
        return items[: int(limit)] if limit else items

    def _children(
        self, raw: dict[str, Json], label: str, inputs: list[Json], width: int
    ) -> list[ExecutionRecord]:
        """One child execution per input, each with its own history, `width` (0: all) at a time."""
        processor = raw.get("ItemProcessor") or raw.get("Iterator") or {}
        document = {key: processor[key] for key in ("StartAt", "States", "QueryLanguage") if key in processor}
        top = json.loads(self.record.machine.definition).get("QueryLanguage")
        if top:
            document.setdefault("QueryLanguage", top)
        parent = self.record.machine
        arn = f"{parent.arn}/{label}"
        text, model = json.dumps(document), parse_machine(document)
        version = MachineVersion(
            arn, f"{parent.name}/{label}", "STANDARD", text, model, parent.role_arn, parent.updated
        )
        prefix = arn.replace(":stateMachine:", ":execution:")
        children = [
            self.service.map_child(
                f"{prefix}:{secrets.token_hex(16)}", version, json.dumps(value), self.record
            )
            for value in inputs
        ]
        with ThreadPoolExecutor(max_workers=max(1, min(width or len(children), 16))) as pool:
            list(pool.map(lambda child: child.run(), children))
        return children

    def _write(
        self, params: dict[str, Json], map_run: str, run_id: str, children: list[ExecutionRecord]
    ) -> Json:
        """ResultWriter: AWS's result files and manifest; the state's result names the manifest."""
        bucket, prefix = params["Bucket"], params.get("Prefix", "").rstrip("/")
        base = f"{prefix}/{run_id}" if prefix else run_id
        s3 = self.service.session().client("s3")
        files: dict[str, list[dict[str, Json]]] = {"FAILED": [], "PENDING": [], "SUCCEEDED": []}
        succeeded = [child for child in children if child.status == "SUCCEEDED"]
        failed = [child for child in children if child.status != "SUCCEEDED"]
        for status, chosen in (("SUCCEEDED", succeeded), ("FAILED", failed)):
            if chosen:
                key, body = (
                    f"{base}/{status}_0.json",
                    json.dumps([_entry(child) for child in chosen]).encode(),
                )
                s3.put_object(Bucket=bucket, Key=key, Body=body)
                files[status].append({"Key": key, "Size": len(body)})
        manifest = {"DestinationBucket": bucket, "MapRunArn": map_run, "ResultFiles": files}
        s3.put_object(Bucket=bucket, Key=f"{base}/manifest.json", Body=json.dumps(manifest).encode())
        details = {"Bucket": bucket, "Key": f"{base}/manifest.json"}
        return {"MapRunArn": map_run, "ResultWriterDetails": details}


def _entry(child: ExecutionRecord) -> dict[str, Json]:
    """One child execution in a result file (DescribeExecution's fields, PascalCase)."""
    d = child.describe()
    entry: dict[str, Json] = {"ExecutionArn": d["executionArn"], "Input": d["input"]}
    entry["InputDetails"], entry["Name"] = {"Included": True}, d["name"]
    if "output" in d:
        entry["Output"], entry["OutputDetails"] = d["output"], {"Included": True}
    for key in ("error", "cause"):
        if key in d:
            entry[key.capitalize()] = d[key]
    entry["RedriveCount"], entry["RedriveStatus"] = 0, "NOT_REDRIVABLE"
    entry["StartDate"], entry["StateMachineArn"] = d["startDate"].isoformat(), d["stateMachineArn"]
    entry["Status"], entry["StopDate"] = d["status"], d["stopDate"].isoformat()
    return entry


def _output(child: ExecutionRecord) -> Json:
    if child.result is not None and child.status == "SUCCEEDED":
        return child.result.output
    return {"Error": child.error, "Cause": child.cause}


def _parameters(field: dict[str, Json]) -> Json:
    return field.get("Parameters", field.get("Arguments", {}))


def _parse(body: str, config: dict[str, Json]) -> list[Json]:
    """The items of an S3 object read as ReaderConfig.InputType says (default JSON)."""
    kind = config.get("InputType", "JSON")
    if kind == "CSV":
        delimiter = _DELIMITERS.get(config.get("CSVDelimiter", "COMMA"), ",")
        rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
        if config.get("CSVHeaderLocation") == "GIVEN":
            headers = config.get("CSVHeaders", [])
        else:
            headers, rows = (rows[0], rows[1:]) if rows else ([], [])
        return [dict(zip(headers, row, strict=False)) for row in rows if row]
    if kind == "JSONL":
        return [json.loads(line) for line in body.splitlines() if line.strip()]
    items = json.loads(body)
    if not isinstance(items, list):
        raise StateError("States.ItemReaderFailed", "The JSON object is not an array")
    return items


def _tolerates(raw: dict[str, Json]) -> bool:
    return any(key.startswith("ToleratedFailure") for key in raw)


def _text(value: Json) -> Json:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _find(node: Json, name: str) -> dict[str, Json]:
    """The raw Map state called `name` anywhere in a definition (state names are unique)."""
    if isinstance(node, dict):
        states = node.get("States")
        found = states.get(name) if isinstance(states, dict) else None
        if isinstance(found, dict) and found.get("Type") == "Map":
            return found
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return {}
    for child in children:
        deeper = _find(child, name)
        if deeper:
            return deeper
    return {}
