"""The shipped parameter-shape table is exactly what tools/gen_integration_shapes.py makes from botocore."""

from __future__ import annotations

import gzip
import importlib.util
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from flowdsl.model.integrations import INTEGRATIONS
from flowdsl.model.integrations.results import call_result, result_shape
from flowdsl.model.integrations.shapes import botocore_version, input_shape, output_shape, sdk_service

REPO = Path(__file__).resolve().parents[2]


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "gen_integration_shapes", REPO / "tools/gen_integration_shapes.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_the_table_gives_no_diff() -> None:
    botocore = pytest.importorskip("botocore")
    if botocore.__version__ != botocore_version():
        pytest.skip(f"table made from botocore {botocore_version()}, installed is {botocore.__version__}")
    gen = _generator()
    shipped = json.loads(gzip.decompress(gen.TARGET.read_bytes()))
    assert gen.build() == shipped


def test_service_names_are_step_functions_names() -> None:
    assert sdk_service("sfn") is not None and sdk_service("sfn").iam == "states"  # type: ignore[union-attr]
    assert sdk_service("eventbridge") is not None and sdk_service("stepfunctions") is None
    assert sdk_service("cloudwatchlogs") is not None
    assert sdk_service("bedrockagent") is not None


def test_shapes_nest() -> None:
    shape = input_shape("ecs", "runTask")
    assert shape.required == ("taskDefinition",)
    assert shape.members is not None
    network = shape.members["networkConfiguration"]
    assert network.members is not None and "awsvpcConfiguration" in network.members
    assert input_shape("s3", "listObjectsV2").members["MaxKeys"].kind == "integer"  # type: ignore[index]


def test_output_shapes_are_pascal_case() -> None:
    shape = output_shape("eks", "describeCluster")
    assert shape is not None and shape.members is not None and "Cluster" in shape.members
    cluster = shape.members["Cluster"].members
    assert cluster is not None and "Name" in cluster and "name" not in cluster
    assert output_shape("s3", "noSuchAction") is None and output_shape("nosuchservice", "x") is None


def test_every_registry_result_names_a_response_shape() -> None:
    for entry in INTEGRATIONS:
        for pattern, result in entry.results:
            assert pattern in entry.patterns, entry.key
            shape = result_shape(result)
            assert shape is not None and shape.members, f"{entry.key}{pattern}"


def test_call_results_follow_the_pattern() -> None:
    get = call_result("arn:aws:states:::dynamodb:getItem")
    assert get is not None and get.members is not None and not get.open
    assert {"Item", "SdkHttpMetadata", "SdkResponseMetadata"} <= set(get.members)
    assert call_result("arn:aws:states:::sqs:sendMessage.waitForTaskToken") is None
    assert call_result("arn:aws:lambda:us-east-1:123456789012:function:F") is None
    job = call_result("arn:aws:states:::glue:startJobRun.sync")
    assert job is not None and job.open and job.members is not None and "JobRunState" in job.members


def test_the_tests_install_the_botocore_the_table_was_made_from() -> None:
    # Else the regeneration check above skips, and moto may meet a wire protocol it does not serve.
    dev = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    assert f"botocore=={botocore_version()}" in dev
