"""The ItemReader sources a Distributed Map reads on a moto server: an S3 inventory (manifest.json
and gzipped CSV files), an Athena UNLOAD manifest, listObjectsV2 with LOAD_AND_FLATTEN, a JSON
file's ItemsPointer, and States.ItemReaderFailed for what cannot be read."""

from __future__ import annotations

import gzip
import json
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest

from tests.service.test_distributed import finish

INVENTORY_CSV = (
    '"src","csvDataset/titles.csv","3399671","2022-11-16T00:29:32.000Z"\n'
    '"src","imageDataset/dog.jpg","27034","2022-11-15T20:02:16.000Z"\n'
)


def echo(reader: dict[str, Any]) -> dict[str, Any]:
    """A Distributed Map whose children return their item: its output is the items read."""
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Echo",
        "States": {"Echo": {"Type": "Pass", "End": True}},
    }
    state = {"Type": "Map", "ItemReader": reader, "ItemProcessor": processor, "End": True}
    return {"StartAt": "Each", "States": {"Each": state}}


@pytest.fixture
def s3(aws_env: str) -> Any:
    client = boto3.client("s3", endpoint_url=aws_env, region_name="us-east-1")
    client.create_bucket(Bucket="data")
    return client


def put(s3: Any, key: str, body: bytes | str) -> None:
    s3.put_object(Bucket="data", Key=key, Body=body.encode() if isinstance(body, str) else body)


def read(sfn: Any, reader: dict[str, Any]) -> dict[str, Any]:
    return finish(sfn, echo(reader))


def get(key: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    reader: dict[str, Any] = {
        "Resource": "arn:aws:states:::s3:getObject",
        "Parameters": {"Bucket": "data", "Key": key},
    }
    if config is not None:
        reader["ReaderConfig"] = config
    return reader


def inventory_manifest(*files: str) -> str:
    return json.dumps(
        {
            "sourceBucket": "src",
            "destinationBucket": "arn:aws:s3:::data",
            "version": "2016-11-30",
            "fileFormat": "CSV",
            "fileSchema": "Bucket, Key, Size, LastModifiedDate",
            "files": [{"key": key, "size": 1, "MD5checksum": "x"} for key in files],
        }
    )


@pytest.mark.parametrize("config", [{"ManifestType": "S3_INVENTORY"}, {"InputType": "MANIFEST"}])
def test_an_s3_inventory_gives_one_item_per_object_named_by_the_schema(
    sfn: Any, s3: Any, config: dict[str, Any]
) -> None:
    put(s3, "inv/data/a.csv.gz", gzip.compress(INVENTORY_CSV.encode()))
    put(s3, "inv/data/b.csv", '"src","more/c.txt","5","2022-11-17T00:00:00.000Z"\n')
    put(s3, "inv/manifest.json", inventory_manifest("inv/data/a.csv.gz", "inv/data/b.csv"))
    described = read(sfn, get("inv/manifest.json", config))
    assert described["status"] == "SUCCEEDED", described
    items = json.loads(described["output"])
    assert items[0] == {
        "Bucket": "src", "Key": "csvDataset/titles.csv", "Size": "3399671",
        "LastModifiedDate": "2022-11-16T00:29:32.000Z",
    }  # fmt: skip
    assert [item["Key"] for item in items] == ["csvDataset/titles.csv", "imageDataset/dog.jpg", "more/c.txt"]


def test_an_inventory_not_in_csv_fails_the_reader(sfn: Any, s3: Any) -> None:
    manifest = json.loads(inventory_manifest("inv/data/a.orc"))
    put(s3, "inv/manifest.json", json.dumps({**manifest, "fileFormat": "ORC"}))
    described = read(sfn, get("inv/manifest.json", {"ManifestType": "S3_INVENTORY"}))
    assert (described["status"], described["error"]) == ("FAILED", "States.ItemReaderFailed")
    assert "state 'Each'" in described["cause"] and "ORC" in described["cause"]


def test_an_athena_manifest_reads_each_data_file_it_lists(sfn: Any, s3: Any) -> None:
    put(s3, "unload/f1.csv", "1,alice\n2,bob\n")
    put(s3, "unload/f2.csv.gz", gzip.compress(b"3,carol\n"))
    put(s3, "unload/q-manifest.csv", "s3://data/unload/f1.csv\ns3://data/unload/f2.csv.gz\n")
    config = {
        "ManifestType": "ATHENA_DATA", "InputType": "CSV",
        "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["id", "name"],
    }  # fmt: skip
    described = read(sfn, get("unload/q-manifest.csv", config))
    assert json.loads(described["output"]) == [
        {"id": "1", "name": "alice"}, {"id": "2", "name": "bob"}, {"id": "3", "name": "carol"},
    ]  # fmt: skip


def test_load_and_flatten_reads_every_listed_object(sfn: Any, s3: Any) -> None:
    put(s3, "flat/a.jsonl", '{"n": 1}\n{"n": 2}\n')
    put(s3, "flat/b.jsonl", '{"n": 3}\n')
    put(s3, "other/c.jsonl", '{"n": 99}\n')
    reader = {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "ReaderConfig": {"InputType": "JSONL", "Transformation": "LOAD_AND_FLATTEN"},
        "Parameters": {"Bucket": "data", "Prefix": "flat/"},
    }
    assert json.loads(read(sfn, reader)["output"]) == [{"n": 1}, {"n": 2}, {"n": 3}]


def test_a_listing_is_read_over_every_page(sfn: Any, s3: Any) -> None:
    for i in range(3):
        put(s3, f"many/{i}.txt", "x")
    reader = {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "Parameters": {"Bucket": "data", "Prefix": "many/", "MaxKeys": 2},
    }
    items = json.loads(read(sfn, reader)["output"])
    assert [item["Key"] for item in items] == ["many/0.txt", "many/1.txt", "many/2.txt"]


def test_items_pointer_and_max_items_select_inside_a_json_file(sfn: Any, s3: Any) -> None:
    put(s3, "nested.json", json.dumps({"inventory": {"products": [{"id": 1}, {"id": 2}, {"id": 3}]}}))
    config = {"InputType": "JSON", "ItemsPointer": "/inventory/products", "MaxItems": 2}
    assert json.loads(read(sfn, get("nested.json", config))["output"]) == [{"id": 1}, {"id": 2}]


@pytest.mark.parametrize(
    ("key", "body", "config", "said"),
    [
        ("missing.json", None, None, "NoSuchKey"),
        ("data.parquet", b"PAR1", {"InputType": "PARQUET"}, "PARQUET"),
        ("data.json.zst", b"\x28\xb5\x2f\xfd rest", {"InputType": "JSON"}, "ZSTD"),
        ("object.json", b'{"not": "an array"}', {"InputType": "JSON"}, "not an array"),
    ],
)
def test_what_cannot_be_read_fails_with_item_reader_failed(
    sfn: Any, s3: Any, key: str, body: bytes | None, config: dict[str, Any] | None, said: str
) -> None:
    if body is not None:
        put(s3, key, body)
    described = read(sfn, get(key, config))
    assert (described["status"], described["error"]) == ("FAILED", "States.ItemReaderFailed")
    assert said in described["cause"] and "state 'Each'" in described["cause"]
