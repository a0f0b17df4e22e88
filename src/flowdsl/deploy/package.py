"""Packaging Lambda handlers: a handler's module and the local modules it imports, as a zip.

The zip reproduces the import layout the handler was loaded with: a handler imported as
`open_case` from `lambdas/` is packaged from `lambdas/` as `open_case.py` with handler
`open_case.handler`; one imported as `lambdas.open_case` is packaged from the project root
with `lambdas/__init__.py` kept. Only modules found under that root are packaged: the
standard library and the Lambda runtime's own boto3 are already on the Python 3.12 runtime.
The zip is byte-for-byte deterministic (sorted entries, fixed timestamps and modes), so an
unchanged handler keeps its `CodeSha256` and a re-deploy does not touch the function.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import inspect
import io
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.source import Handler
from flowdsl.typeflow import lambda_adapter
from flowdsl.typeflow.lambda_adapter import MODULE as ADAPTER_MODULE
from flowdsl.typeflow.lambda_adapter import handler_setting, takes_models

# The earliest timestamp a zip entry can hold; any fixed value makes the archive reproducible.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Packages the Lambda Python runtime already provides (AWS docs, "Lambda runtimes").
_RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six"})


@dataclass(frozen=True)
class HandlerLocation:
    """Where a handler lives: the import `root`, its dotted `module` and `function` name."""

    root: Path
    module: str
    function: str
    file: Path
    adapted: bool = False
    """The handler takes or returns pydantic models, so it runs behind flowdsl's adapter."""

    @property
    def handler(self) -> str:
        """The Lambda `Handler` setting: `<module>.<function>`, or the adapter's (docs/types.md)."""
        if self.adapted:
            return handler_setting(self.module, self.function) or f"{self.module}.{self.function}"
        return f"{self.module}.{self.function}"


@dataclass(frozen=True)
class Package:
    """One Lambda function's deployment package.

    `files` maps archive names to the files they were read from; `external` lists imports that
    are neither standard library nor found under the root (they are not packaged).
    """

    function_name: str
    location: HandlerLocation
    files: Mapping[str, Path]
    zip_bytes: bytes
    external: tuple[str, ...]

    @property
    def handler(self) -> str:
        return self.location.handler

    @property
    def code_sha256(self) -> str:
        """The base64 SHA-256 of the zip, the form Lambda reports as `CodeSha256`."""
        return base64.b64encode(hashlib.sha256(self.zip_bytes).digest()).decode()


def package_handlers(handlers: Mapping[str, Handler]) -> dict[str, Package]:
    """Package every handler (function name -> Package), failing with every problem at once."""
    packages: dict[str, Package] = {}
    problems = []
    for name in sorted(handlers):
        try:
            packages[name] = package_handler(name, handlers[name])
        except FlowdslError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise FlowdslError(problems)
    return packages


def package_handler(function_name: str, handler: Handler) -> Package:
    """Package one handler; raises FlowdslError when it cannot be loaded by Lambda by name."""
    location = locate_handler(function_name, handler)
    modules, external = local_modules(location)
    files = {_arcname(location.root, path): path for path in modules}
    if location.adapted:
        files[f"{ADAPTER_MODULE}.py"] = Path(lambda_adapter.__file__)
    return Package(function_name, location, files, build_zip(files), tuple(sorted(external)))


def locate_handler(function_name: str, handler: Handler) -> HandlerLocation:
    """Find the module file and import root of a module-level handler function."""
    reason = _unpackable_reason(handler)
    if reason is None:
        source_file = _source_file(handler)
        if source_file is None:
            reason = "is not defined in a Python file"
        else:
            root, module = _import_root(source_file, handler.__module__)
            return _adapted(_flattened(HandlerLocation(root, module, handler.__name__, source_file)), handler)
    raise FlowdslError(
        [
            error(
                "handler-not-packageable",
                f"cannot package the handler of lambda function '{function_name}': it {reason}; "
                "define it as a module-level function in a file under lambdas/",
            )
        ]
    )


def _adapted(location: HandlerLocation, handler: Handler) -> HandlerLocation:
    """A handler annotated with pydantic models is packaged with the adapter that validates its
    event and serializes its result (`flowdsl.typeflow.lambda_adapter`, as `flowdsl_adapter.py`)."""
    if not takes_models(handler):
        return location
    if handler_setting(location.module, location.function) is None:
        raise FlowdslError(
            [
                error(
                    "handler-not-packageable",
                    f"cannot package handler '{location.module}.{location.function}' behind the model "
                    "adapter: its module or function name holds '__'",
                )
            ]
        )
    return replace(location, adapted=True)


def _unpackable_reason(handler: Handler) -> str | None:
    if not inspect.isfunction(handler):
        return f"is a {type(handler).__name__}, not a function"
    if handler.__name__ == "<lambda>":
        return "is a lambda expression"
    if "<locals>" in handler.__qualname__:
        return f"'{handler.__qualname__}' is a closure defined inside another function"
    if "." in handler.__qualname__:
        return f"'{handler.__qualname__}' is defined inside a class"
    if handler.__module__ == "__main__":
        return f"'{handler.__name__}' is defined in __main__, which Lambda cannot import by name"
    return None


def _source_file(handler: Handler) -> Path | None:
    try:
        name = inspect.getsourcefile(handler)
    except TypeError:
        return None
    path = Path(name) if name else None
    return path.resolve() if path is not None and path.is_file() else None


def _import_root(source_file: Path, module: str) -> tuple[Path, str]:
    """The directory the module was imported from, or the file's own folder if the name does not fit."""
    parts = module.split(".")
    if source_file.name == "__init__.py":
        parts.append("__init__")
    if source_file.with_suffix("").parts[-len(parts) :] == tuple(parts):
        return source_file.parents[len(parts) - 1], module
    # Loaded under a synthetic name (e.g. importlib from a path): package from the file's folder.
    return source_file.parent, source_file.stem


def _flattened(location: HandlerLocation) -> HandlerLocation:
    """Package from the handler's own folder when nothing depends on its package name.

    A handler imported as `lambdas.open_case` whose local imports never name `lambdas` (nor use
    relative imports) runs the same as `open_case` from `lambdas/`, the layout the tutorial,
    SAM's `CodeUri: lambdas/` and the Lambda console use; otherwise the package layout is kept.
    """
    if "." not in location.module or location.file.name == "__init__.py":
        return location
    top = location.module.partition(".")[0]
    files, _ = local_modules(location)
    if any(_refers_to_package(path, top) for path in files):
        return location
    return HandlerLocation(location.file.parent, location.file.stem, location.function, location.file)


def _refers_to_package(path: Path, top: str) -> bool:
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and (
            node.level > 0 or (node.module or "").partition(".")[0] == top
        ):
            return True
        if isinstance(node, ast.Import) and any(alias.name.partition(".")[0] == top for alias in node.names):
            return True
    return False


def local_modules(location: HandlerLocation) -> tuple[list[Path], set[str]]:
    """The handler's module, its enclosing packages and every module it imports from under the root.

    Also returns the top-level names of imports that are neither local, standard library nor
    provided by the Lambda runtime (they would fail at import time on Lambda).
    """
    seen: dict[Path, str] = {}
    imported: set[str] = set()
    pending = [(location.file, location.module)]
    while pending:
        path, module = pending.pop()
        if path in seen:
            continue
        seen[path] = module
        for init in _package_inits(location.root, module):
            seen.setdefault(init, module.rpartition(".")[0])
        for name in _imported_names(path, module):
            imported.add(name.partition(".")[0])
            found = _resolve(location.root, name)
            if found is not None:
                pending.append((found, name))
    return sorted(seen), {top for top in imported if _is_external(location.root, top)}


def _package_inits(root: Path, module: str) -> list[Path]:
    parts = module.split(".")[:-1]
    inits = [root.joinpath(*parts[: i + 1], "__init__.py") for i in range(len(parts))]
    return [init for init in inits if init.is_file()]


def _imported_names(path: Path, module: str) -> list[str]:
    """Every module name an import statement in the file may load (parents included)."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute_base(node, package)
            if base is None:
                continue
            names.append(base)
            names.extend(f"{base}.{alias.name}" if base else alias.name for alias in node.names)
    return [prefix for name in names if name for prefix in _with_parents(name)]


def _absolute_base(node: ast.ImportFrom, package: str) -> str | None:
    if node.level == 0:
        return node.module or ""
    parts = package.split(".") if package else []
    if node.level - 1 > len(parts):
        return None  # a relative import beyond the top-level package fails at import time anyway
    kept = parts[: len(parts) - (node.level - 1)]
    return ".".join([*kept, *([node.module] if node.module else [])])


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _resolve(root: Path, name: str) -> Path | None:
    if name.partition(".")[0] in sys.stdlib_module_names:
        return None
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_name(base.name + ".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate.resolve()
    return None


def _is_external(root: Path, top: str) -> bool:
    local = (root / top).is_dir() or (root / f"{top}.py").is_file()
    provided = top in sys.stdlib_module_names or top in _RUNTIME_PROVIDED or top == "__future__"
    return not (local or provided)


def _arcname(root: Path, path: Path) -> str:
    return path.relative_to(root.resolve()).as_posix()


def build_zip(files: Mapping[str, Path]) -> bytes:
    """A deterministic zip: entries sorted by name, fixed timestamp, mode 0644, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for arcname in sorted(files):
            info = zipfile.ZipInfo(arcname, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the mode below is honoured by Lambda's unzip
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[arcname].read_bytes())
    return buffer.getvalue()
