"""A handler annotated with pydantic models is packaged with the adapter, and the zip runs as
Lambda's Python runtime would load it: `module.function` from the Handler setting."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from flowdsl.deploy import package_handler
from lambdas import callcenter_typed, open_case

# What the Lambda Python runtime does with the Handler setting (awslambdaric's bootstrap).
RUNTIME = """
import importlib, json, sys
module, function = sys.argv[1].rsplit(".", 1)
handler = getattr(importlib.import_module(module), function)
print(json.dumps(handler(json.loads(sys.argv[2]), None)))
"""


def test_a_typed_handler_is_packaged_behind_the_adapter(tmp_path: Path) -> None:
    package = package_handler("OpenCaseFunction", callcenter_typed.open_case)
    assert package.handler == "flowdsl_adapter.lambdas__callcenter_typed__open_case"
    names = zipfile.ZipFile(io.BytesIO(package.zip_bytes)).namelist()
    assert "flowdsl_adapter.py" in names
    assert "lambdas/callcenter_typed.py" in names
    zipfile.ZipFile(io.BytesIO(package.zip_bytes)).extractall(tmp_path)
    ran = subprocess.run(
        [sys.executable, "-c", RUNTIME, package.handler, '{"inputCaseID": "42"}'],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(tmp_path)},
    )
    assert json.loads(ran.stdout) == {"Case": "42", "Message": "Case 42: opened..."}


def test_an_untyped_handler_is_packaged_as_before() -> None:
    package = package_handler("OpenCaseFunction", open_case.handler)
    assert package.handler == "open_case.handler"
    assert "flowdsl_adapter.py" not in zipfile.ZipFile(io.BytesIO(package.zip_bytes)).namelist()
