"""A Distributed Map's ItemReader run locally: the items it reads from S3 through the endpoint.

AWS Developer Guide, "ItemReader (Map)":

- `s3:listObjectsV2` lists the objects (every page); with `Transformation` LOAD_AND_FLATTEN
  it reads each listed object as `InputType` says and flattens their items into one list;
- `s3:getObject` reads one object as JSON (an array, or the one `ItemsPointer` selects),
  JSON Lines or CSV (`CSVHeaderLocation`, `CSVHeaders`, `CSVDelimiter`);
- `ManifestType` S3_INVENTORY (or the older `InputType` MANIFEST) reads an S3 inventory's
  `manifest.json`, then each CSV inventory file it lists, one item per object with the
  manifest's `fileSchema` columns as names ("Locating your inventory list", Amazon S3 User Guide);
- `ManifestType` ATHENA_DATA reads an Athena UNLOAD manifest (one `s3://` URI a line), then
  each data file it lists as `InputType` says;
- objects compressed with GZIP are decompressed, as AWS does; `MaxItems` keeps the first items.

A failure to read is `States.ItemReaderFailed` with the reason as its cause ("Error handling in
Step Functions", error names). Not read locally, each with that error naming the state: PARQUET
data and ZSTD-compressed objects.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from flowdsl.engine.errors import StateError

Json = Any
FAILED = "States.ItemReaderFailed"
_DELIMITERS = {"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "SPACE": " ", "TAB": "\t"}
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class ItemReader:
    """Reads the items of one Distributed Map state (`state`, named in errors) with `s3`, a boto3 client."""

    def __init__(self, s3: Any, state: str) -> None:
        self.s3 = s3
        self.state = state

    def read(self, reader: dict[str, Json], params: Json) -> list[Json]:
        """The items `reader` (the raw ItemReader field) names, with `params` its evaluated Parameters."""
        config = reader.get("ReaderConfig") or {}
        resource = str(reader.get("Resource", ""))
        return self._guarded(lambda: self._items(resource, config, params), config)

    def supplied(self, reader: dict[str, Json], data: str) -> list[Json]:
        """The items of `data` given in place of the source (TestState's `mapItemReaderData`: the
        object's content as stored, or a listing's objects as a JSON array)."""
        config = reader.get("ReaderConfig") or {}
        listing = str(reader.get("Resource", "")).endswith("listObjectsV2")
        return self._guarded(lambda: self.parse(data, {"InputType": "JSON"} if listing else config), config)

    def _guarded(self, items: Callable[[], list[Json]], config: dict[str, Json]) -> list[Json]:
        """`items()`, the first `MaxItems` of them; any failure is States.ItemReaderFailed."""
        try:
            found = items()
        except StateError:
            raise
        except Exception as exc:  # the endpoint's error (NoSuchKey, NoSuchBucket), or a bad object
            raise StateError(
                FAILED, f"state '{self.state}' could not read its items: {_reason(exc)}"
            ) from None
        limit = config.get("MaxItems")
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            return found[:limit]
        return found

    def _items(self, resource: str, config: dict[str, Json], params: Json) -> list[Json]:
        if resource.endswith("listObjectsV2"):
            listed = list(self._listing(params))
            if config.get("Transformation") == "LOAD_AND_FLATTEN":
                return [
                    item for entry in listed for item in self._file(params["Bucket"], entry["Key"], config)
                ]
            return listed
        manifest = config.get("ManifestType")
        if manifest == "S3_INVENTORY" or (manifest is None and config.get("InputType") == "MANIFEST"):
            return self._inventory(params)
        if manifest == "ATHENA_DATA":
            return self._athena(params, config)
        return self.parse(self._body(params), config)

    def _listing(self, params: Json) -> Iterator[dict[str, Json]]:
        """Every object listed, over all pages, as Step Functions passes it on (dates as ISO text)."""
        for page in self.s3.get_paginator("list_objects_v2").paginate(**params):
            for entry in page.get("Contents", []):
                yield {key: _text(value) for key, value in entry.items()}

    def _file(self, bucket: str, key: str, config: dict[str, Json]) -> list[Json]:
        return self.parse(self._body({"Bucket": bucket, "Key": key}), config)

    def _inventory(self, params: Json) -> list[Json]:
        """An S3 inventory: `manifest.json`, then its CSV files (no header row; `fileSchema` names)."""
        manifest = json.loads(self._body(params))
        kind = str(manifest.get("fileFormat", "CSV")).upper()
        if kind != "CSV":
            raise self._unsupported(f"an S3 inventory in {kind}: Step Functions reads CSV inventories only")
        columns = [name.strip() for name in str(manifest.get("fileSchema", "")).split(",")]
        bucket = str(manifest.get("destinationBucket", "")).rsplit(":", 1)[-1] or params["Bucket"]
        items: list[Json] = []
        for file in manifest.get("files", []):
            rows = csv.reader(io.StringIO(self._body({"Bucket": bucket, "Key": file["key"]})))
            items.extend(dict(zip(columns, row, strict=False)) for row in rows if row)
        return items

    def _athena(self, params: Json, config: dict[str, Json]) -> list[Json]:
        """An Athena UNLOAD manifest: the data files it lists, each read as `InputType` says."""
        items: list[Json] = []
        for uri in self._body(params).split():
            bucket, _, key = uri.removeprefix("s3://").removeprefix("S3://").partition("/")
            items.extend(self._file(bucket, key, config))
        return items

    def _body(self, params: Json) -> str:
        data: bytes = self.s3.get_object(**params)["Body"].read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif data[:4] == _ZSTD_MAGIC:
            raise self._unsupported("a ZSTD-compressed object")
        return data.decode("utf-8-sig")

    def parse(self, body: str, config: dict[str, Json]) -> list[Json]:
        """The items of one object read as `ReaderConfig.InputType` says (default JSON)."""
        kind = config.get("InputType", "JSON")
        if kind == "CSV":
            return _csv(body, config)
        if kind == "JSONL":
            return [json.loads(line) for line in body.splitlines() if line.strip()]
        if kind == "PARQUET":
            raise self._unsupported("PARQUET data")
        items = self._pointed(json.loads(body), config.get("ItemsPointer"))
        if not isinstance(items, list):
            raise StateError(FAILED, f"state '{self.state}' reads a JSON object that is not an array")
        return items

    def _pointed(self, document: Json, pointer: str | None) -> Json:
        """`ItemsPointer`: the JSON Pointer (RFC 6901) to the array inside the document."""
        if not pointer:
            return document
        for token in pointer.lstrip("/").split("/"):
            name = token.replace("~1", "/").replace("~0", "~")
            if isinstance(document, list) and name.isdigit() and int(name) < len(document):
                document = document[int(name)]
            elif isinstance(document, dict) and name in document:
                document = document[name]
            else:
                raise StateError(FAILED, f"state '{self.state}': 'ItemsPointer' {pointer} selects nothing")
        return document

    def _unsupported(self, what: str) -> StateError:
        return StateError(FAILED, f"state '{self.state}' reads {what}, which flowdsl serve cannot read")


def _csv(body: str, config: dict[str, Json]) -> list[Json]:
    delimiter = _DELIMITERS.get(config.get("CSVDelimiter", "COMMA"), ",")
    rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
    if config.get("CSVHeaderLocation") == "GIVEN":
        headers = config.get("CSVHeaders", [])
    else:
        headers, rows = (rows[0], rows[1:]) if rows else ([], [])
    return [dict(zip(headers, row, strict=False)) for row in rows if row]


def _reason(exc: Exception) -> str:
    """The endpoint's error code and message (`NoSuchKey: The specified key does not exist.`)."""
    error = getattr(exc, "response", {}).get("Error", {}) if hasattr(exc, "response") else {}
    if error.get("Code"):
        return f"{error['Code']}: {error.get('Message', exc)}"
    return f"{type(exc).__name__}: {exc}"


def _text(value: Json) -> Json:
    return value.isoformat() if hasattr(value, "isoformat") else value
