"""YAML templates with CloudFormation's short intrinsic tags, read with PyYAML.

`!Ref X` is read as `{"Ref": "X"}`, `!GetAtt A.B` as `{"Fn::GetAtt": ["A", "B"]}`, every other
`!Name` as `{"Fn::Name": value}` (AWS CloudFormation User Guide, "Intrinsic function
reference"). Unquoted dates and times stay text, as JSON would hold them: a definition's
`Timestamp: 2016-03-14T01:59:00Z` is a string to Step Functions.
"""

from __future__ import annotations

import importlib
from typing import Any

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.locations import FileLine


def load(text: str, shown: str) -> Any:
    """The decoded YAML document; a clear error when PyYAML is missing or the text is not YAML."""
    try:
        yaml = importlib.import_module("yaml")  # optional (flowdsl[yaml]); typed Any, no stubs needed
    except ImportError:
        message = "reading a YAML template needs PyYAML: pip install 'flowdsl[yaml]'"
        raise FlowdslError([error("import-bad-template", message, shown)]) from None
    loader = _loader(yaml)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = FileLine(shown, mark.line + 1 if mark is not None else None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FlowdslError(
            [error("import-bad-template", f"not valid JSON or YAML: {problem}", where)]
        ) from None


def _loader(yaml: Any) -> Any:
    class CfnLoader(yaml.SafeLoader):  # type: ignore[misc]
        """SafeLoader plus CloudFormation tags, without the YAML 1.1 timestamp type."""

    CfnLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    CfnLoader.add_multi_constructor("!", _intrinsic)
    return CfnLoader


def _intrinsic(loader: Any, suffix: str, node: Any) -> dict[str, Any]:
    yaml = importlib.import_module("yaml")
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        return {"Fn::GetAtt": value.split(".", 1)}
    if suffix == "Condition":
        return {"Condition": value}
    return {f"Fn::{suffix}": value}
