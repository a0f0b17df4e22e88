"""Packaging handlers: which files go in the zip, under which names, and byte-for-byte stability."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from flowdsl.deploy import package_handler, package_handlers
from flowdsl.diagnostics import FlowdslError

ModuleMaker = Callable[..., ModuleType]
HANDLER = "def handler(event, context):\n    return event\n"


def _names(zip_bytes: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(zip_bytes)).namelist()


def test_a_flat_module_is_packaged_with_the_local_modules_it_imports(make_module: ModuleMaker) -> None:
    module = make_module(
        "lambdas/open_case.py",
        {
            "lambdas/open_case.py": "import json\nimport common\nfrom helpers.text import shout\n" + HANDLER,
            "lambdas/common.py": "from os import path\nimport deep\n",
            "lambdas/deep.py": "",
            "lambdas/helpers/__init__.py": "",
            "lambdas/helpers/text.py": "def shout(x):\n    return x\n",
            "lambdas/unused.py": "",
        },
    )
    package = package_handler("OpenCaseFunction", module.handler)
    assert package.handler == "open_case.handler"
    assert _names(package.zip_bytes) == [
        "common.py",
        "deep.py",
        "helpers/__init__.py",
        "helpers/text.py",
        "open_case.py",
    ]
    assert package.external == ()


def test_zip_entries_hold_the_file_bytes(make_module: ModuleMaker, tmp_path: Path) -> None:
    module = make_module("lambdas/f.py", {"lambdas/f.py": HANDLER})
    archive = zipfile.ZipFile(io.BytesIO(package_handler("F", module.handler).zip_bytes))
    assert archive.read("f.py") == (tmp_path / "lambdas/f.py").read_bytes()


def test_package_layout_is_kept_when_a_module_imports_its_own_package(make_module: ModuleMaker) -> None:
    module = make_module(
        "shop/orders.py",
        {
            "shop/__init__.py": "",
            "shop/orders.py": "from shop import prices\nfrom .tax import rate\n" + HANDLER,
            "shop/prices.py": "",
            "shop/tax.py": "rate = 1\n",
        },
    )
    package = package_handler("Orders", module.handler)
    assert package.handler == "shop.orders.handler"
    assert _names(package.zip_bytes) == [
        "shop/__init__.py",
        "shop/orders.py",
        "shop/prices.py",
        "shop/tax.py",
    ]


def test_a_module_of_a_package_that_never_names_it_is_packaged_from_its_folder(
    make_module: ModuleMaker,
) -> None:
    module = make_module("calls/open_case.py", {"calls/__init__.py": "", "calls/open_case.py": HANDLER})
    package = package_handler("Open", module.handler)
    assert package.handler == "open_case.handler"
    assert _names(package.zip_bytes) == ["open_case.py"]


def test_imports_outside_the_folder_and_the_runtime_are_reported(make_module: ModuleMaker) -> None:
    module = make_module(
        "lambdas/f.py",
        {"lambdas/f.py": "import boto3\nimport requests\nfrom yaml import safe_load\n" + HANDLER},
    )
    assert package_handler("F", module.handler).external == ("requests", "yaml")


def test_the_zip_is_deterministic(make_module: ModuleMaker, tmp_path: Path) -> None:
    module = make_module("lambdas/f.py", {"lambdas/f.py": "import g\n" + HANDLER, "lambdas/g.py": ""})
    first = package_handler("F", module.handler)
    for path in (tmp_path / "lambdas").iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))
    second = package_handler("F", module.handler)
    assert first.zip_bytes == second.zip_bytes
    assert first.code_sha256 == second.code_sha256
    infos = zipfile.ZipFile(io.BytesIO(first.zip_bytes)).infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}


def test_code_sha256_is_the_lambda_form(make_module: ModuleMaker) -> None:
    module = make_module("lambdas/f.py", {"lambdas/f.py": HANDLER})
    package = package_handler("F", module.handler)
    assert package.code_sha256 == base64.b64encode(hashlib.sha256(package.zip_bytes).digest()).decode()


def _closure() -> Callable[[Any, Any], Any]:
    def inner(event: Any, context: Any) -> Any:
        return event

    return inner


class _Holder:
    def method(self, event: Any, context: Any) -> Any:
        return event

    def __call__(self, event: Any, context: Any) -> Any:
        return event


def _main_function() -> Callable[[Any, Any], Any]:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec("def handler(event, context):\n    return event\n", namespace)
    return namespace["handler"]  # type: ignore[no-any-return]


def _not_in_a_file() -> Callable[[Any, Any], Any]:
    namespace: dict[str, Any] = {"__name__": "generated"}
    exec(compile("def handler(event, context):\n    return event\n", "<generated>", "exec"), namespace)
    return namespace["handler"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("make_handler", "reason"),
    [
        pytest.param(lambda: lambda event, context: event, "is a lambda expression", id="lambda"),
        pytest.param(_closure, "is a closure defined inside another function", id="closure"),
        pytest.param(lambda: _Holder().method, "is a method, not a function", id="method"),
        pytest.param(_Holder, "is a _Holder, not a function", id="callable-object"),
        pytest.param(_main_function, "is defined in __main__", id="main"),
        pytest.param(_not_in_a_file, "is not defined in a Python file", id="not-in-a-file"),
    ],
)
def test_handlers_lambda_cannot_import_by_name_are_refused(
    make_handler: Callable[[], Any], reason: str
) -> None:
    handler = make_handler()
    with pytest.raises(FlowdslError) as caught:
        package_handler("Broken", handler)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "handler-not-packageable"
    assert "lambda function 'Broken'" in diagnostic.message
    assert reason in diagnostic.message


def test_every_unpackable_handler_is_reported_at_once() -> None:
    with pytest.raises(FlowdslError) as caught:
        package_handlers({"A": lambda e, c: e, "B": _closure()})
    assert [d.code for d in caught.value.diagnostics] == ["handler-not-packageable"] * 2
