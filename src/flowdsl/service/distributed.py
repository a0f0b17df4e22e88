"""Distributed Map run locally: items read from S3, child executions, results written to S3.

AWS Developer Guide, "Using Map state in Distributed mode": the ItemReader reads the items
(`s3:getObject` of a JSON, JSON Lines or CSV object, or `s3:listObjectsV2`'s objects), the
ItemBatcher groups them, each item or batch runs as a child execution of the ItemProcessor with
its own history (a map run), MaxConcurrency and ToleratedFailureCount/Percentage bound them,
and a ResultWriter (`s3:putObject`) writes `manifest.json` and `SUCCEEDED_0.json`/`FAILED_0.json`
under `<Prefix>/<map run id>/` and returns where.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from flowdsl.engine.errors import ExecutionAbortError, StateError
from flowdsl.engine.map_state import MapStep
from flowdsl.engine.runtime import Scope
from flowdsl.model import parse_machine
from flowdsl.service.itemreader import ItemReader
from flowdsl.service.machines import MachineVersion
from flowdsl.service.mapruns import MapRun

if TYPE_CHECKING:
    from flowdsl.service.core import Service
    from flowdsl.service.executions import ExecutionRecord

Json = Any
_THRESHOLD = (
    "States.ExceedToleratedFailureThreshold",
    "The specified tolerated failure threshold was exceeded",
)
_NO_ENDPOINT = (
    "state '{}' reads or writes S3 (ItemReader, ResultWriter), which needs an AWS endpoint: start "
    "flowdsl serve with "
    "--aws-endpoint URL (or set AWS_ENDPOINT_URL), or mock the state (--mock FILE)"
)


class DistributedMap:
    """The map hook of one execution (`record`)."""

    def __init__(self, record: ExecutionRecord) -> None:
        self.record = record
        self.service: Service = record.service

    def __call__(self, step: MapStep, data: Json, context: Json, scope: Scope) -> Json:
        raw = _find(json.loads(self.record.machine.definition), step.name)
        writer = raw.get("ResultWriter") or {}
        reads = "ItemReader" in raw and self.record.item_data is None
        if not self.service.endpoint and (reads or "Resource" in writer):
            raise StateError("States.Runtime", _NO_ENDPOINT.format(step.name))
        items = self._items(step, raw, data, context, scope)
        inputs = step.child_inputs(items, data, context, scope)
        label = raw.get("Label") or step.name
        run = self._map_run(
            label, step.concurrency_limit(data, context, scope), step.tolerance(data, context, scope)
        )
        add = scope.run.history.add
        add(scope.lane, "MapRunStarted", "mapRunStartedEventDetails", {"mapRunArn": run.arn})
        self._children(raw, label, inputs, run)
        run.run()
        self._failed(run, raw, scope)
        try:
            result = self._result(step, writer, run, (data, context, scope))
        except StateError as failure:  # the ResultWriter could not write: the Map Run fails
            run.finish("FAILED")
            details = {"error": failure.error, "cause": failure.cause}
            add(scope.lane, "MapRunFailed", "mapRunFailedEventDetails", details)
            raise
        run.finish("SUCCEEDED", written="Resource" in writer)
        add(scope.lane, "MapRunSucceeded")
        return result

    def _result(
        self, step: MapStep, writer: dict[str, Json], run: MapRun, inputs: tuple[Json, Json, Scope]
    ) -> Json:
        """The Map's result: the children's results as WriterConfig transforms them, or (with a
        ResultWriter Resource) where the exported files are."""
        config = writer.get("WriterConfig") or {}
        # AWS "ResultWriter (Map)": NONE is the default when exporting, COMPACT otherwise.
        transformation = config.get("Transformation") or ("NONE" if "Resource" in writer else "COMPACT")
        if "Resource" not in writer:
            return _transformed(run.children, transformation)
        params = step.flow.template(_parameters(writer), *inputs, "ResultWriter")
        if not isinstance(params, dict) or not isinstance(params.get("Bucket"), str):
            cause = f"state '{step.name}' has a ResultWriter whose Parameters name no Bucket"
            raise StateError("States.ResultWriterFailed", cause)
        return self._write(params, run, transformation, config.get("OutputType", "JSON"))

    def _failed(self, run: MapRun, raw: dict[str, Json], scope: Scope) -> None:
        """End a Map Run that its parent's StopExecution stopped, or that passed its threshold."""
        add = scope.run.history.add
        stop = self.record.stop_request
        if stop is not None:
            run.finish("ABORTED")
            add(scope.lane, "MapRunAborted")
            raise ExecutionAbortError("ABORTED", stop[0], stop[1])  # type: ignore[arg-type]
        if run.failed_items() > run.allowed_failures():
            run.finish("FAILED")
            details = {"error": _THRESHOLD[0], "cause": _THRESHOLD[1]}
            add(scope.lane, "MapRunFailed", "mapRunFailedEventDetails", details)
            failed = next(child for child in run.started if child.status != "SUCCEEDED")
            raise StateError(*_THRESHOLD) if _tolerates(raw) else StateError(failed.error, failed.cause)

    def _items(
        self, step: MapStep, raw: dict[str, Json], data: Json, context: Json, scope: Scope
    ) -> list[Json]:
        """The ItemReader's items, or (without one) the items in the state input."""
        if "ItemReader" not in raw:
            return step.state_items(data, context, scope)
        reader = _max_items(step, raw["ItemReader"], (data, context, scope))
        if self.record.item_data is not None:
            return ItemReader(None, step.name).supplied(reader, self.record.item_data)
        params = step.flow.template(_parameters(reader), data, context, scope, "ItemReader")
        return ItemReader(self.service.session().client("s3"), step.name).read(reader, params)

    def _map_run(self, label: str, width: int, tolerance: tuple[float, float]) -> MapRun:
        """A new Map Run of this execution, its ARN as AWS writes it (`mapRun:<machine>/<label>:<id>`)."""
        machine = self.record.machine
        arn = f"{machine.arn.replace(':stateMachine:', ':mapRun:')}/{label}:{uuid.uuid4()}"
        run = MapRun(arn, self.record.arn, machine.arn, width, int(tolerance[0]), tolerance[1])
        self.service.add_map_run(run, self.record)
        return run

    def _children(self, raw: dict[str, Json], label: str, inputs: list[Json], run: MapRun) -> None:
        """One child execution per input (item or batch) of the Map Run, each with its own history."""
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
        for value in inputs:
            child = self.service.map_child(
                f"{prefix}:{uuid.uuid4()}", version, json.dumps(value), self.record
            )
            child.map_run = run.arn
            child.item_count = len(value["Items"]) if _batched(raw, value) else 1
            run.add(child, child.item_count)

    def _write(self, params: dict[str, Json], run: MapRun, transformation: str, kind: str) -> Json:
        """ResultWriter: AWS's result files (`transformation` applied, written as a JSON array
        or JSON Lines, `kind`) and manifest; the state's result names the manifest."""
        bucket, prefix = params["Bucket"], str(params.get("Prefix") or "").rstrip("/")
        run_id = run.arn.rsplit(":", 1)[1]
        base = f"{prefix}/{run_id}" if prefix else run_id
        s3 = self.service.session().client("s3")
        files: dict[str, list[dict[str, Json]]] = {"FAILED": [], "PENDING": [], "SUCCEEDED": []}
        succeeded = [child for child in run.children if child.status == "SUCCEEDED"]
        failed = [child for child in run.children if child.status != "SUCCEEDED"]
        try:
            for status, chosen in (("SUCCEEDED", succeeded), ("FAILED", failed)):
                if chosen:
                    key = f"{base}/{status}_0.json"
                    body = _file(_transformed(chosen, transformation), kind)
                    s3.put_object(Bucket=bucket, Key=key, Body=body)
                    files[status].append({"Key": key, "Size": len(body)})
            manifest = {"DestinationBucket": bucket, "MapRunArn": run.arn, "ResultFiles": files}
            s3.put_object(Bucket=bucket, Key=f"{base}/manifest.json", Body=json.dumps(manifest).encode())
        except Exception as exc:  # the endpoint's error (NoSuchBucket, AccessDenied)
            raise StateError(
                "States.ResultWriterFailed", f"the ResultWriter could not write: {exc}"
            ) from None
        details = {"Bucket": bucket, "Key": f"{base}/manifest.json"}
        return {"MapRunArn": run.arn, "ResultWriterDetails": details}


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


def _transformed(children: list[ExecutionRecord], transformation: str) -> list[Json]:
    """`WriterConfig.Transformation` (AWS "ResultWriter (Map)"): NONE, each child's entry with
    its execution's metadata; COMPACT, the outputs (a failed child's `{Error, Cause}`, as without
    a ResultWriter); FLATTEN, the outputs with each array output spliced in, a failed child
    keeping its NONE entry."""
    if transformation == "NONE":
        return [_entry(child) for child in children]
    if transformation != "FLATTEN":
        return [_output(child) for child in children]
    out: list[Json] = []
    for child in children:
        value = _output(child) if child.status == "SUCCEEDED" else _entry(child)
        out.extend(value if isinstance(value, list) else [value])
    return out


def _file(values: list[Json], kind: str) -> bytes:
    """A result file's body: a JSON array, or one JSON value a line (`OutputType` JSONL)."""
    if kind == "JSONL":
        return "".join(json.dumps(value) + "\n" for value in values).encode()
    return json.dumps(values).encode()


def _max_items(step: MapStep, reader: dict[str, Json], inputs: tuple[Json, Json, Scope]) -> dict[str, Json]:
    """The ItemReader with `ReaderConfig.MaxItems` evaluated: `MaxItemsPath` (JSONPath) or a JSONata
    expression, which must give a non-negative integer ("ItemReader (Map)")."""
    config = dict(reader.get("ReaderConfig") or {})
    _, source = step.flow.dynamic(config.get("MaxItems"), config.pop("MaxItemsPath", None))
    if source is None:
        return reader
    value = step.flow.evaluate(source, *inputs, "MaxItems")
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        cause = (
            f"state '{step.name}': MaxItems from {source} is {json.dumps(value)}, not a non-negative integer"
        )
        raise step.flow.unexpected(value, source, "MaxItems", "non-negative integer", cause)
    return {**reader, "ReaderConfig": {**config, "MaxItems": value}}


def _parameters(field: dict[str, Json]) -> Json:
    return field.get("Parameters", field.get("Arguments", {}))


def _tolerates(raw: dict[str, Json]) -> bool:
    return any(key.startswith("ToleratedFailure") for key in raw)


def _batched(raw: dict[str, Json], value: Json) -> bool:
    return "ItemBatcher" in raw and isinstance(value, dict) and isinstance(value.get("Items"), list)


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
