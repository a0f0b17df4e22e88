"""Property: whatever goes in, only `FlowdslError` or a finished `Execution` comes out.

Three kinds of input go through `flowdsl.validate` and `flowdsl.run`: arbitrary JSON,
definitions that work (the examples' ASL and the held-out samples) with random mutations, and
arbitrary Unicode (lone surrogates included) in names, paths and values. The example count is
bounded so CI stays fast; `FLOWDSL_FUZZ_EXAMPLES=5000` runs a longer hunt locally.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flowdsl
from flowdsl import FlowdslError
from flowdsl.engine import Execution, Return, Throw
from tests.conftest import REPO_ROOT

EXAMPLES = int(os.environ.get("FLOWDSL_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # The same examples on every CI run (a failure reproduces); longer local hunts explore.
    derandomize="FLOWDSL_FUZZ_EXAMPLES" not in os.environ,
)
FINISHED = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}

# Any code point, lone surrogates included (hypothesis leaves out category Cs by default).
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=12)
INTERESTING = st.sampled_from(
    [
        "$", "$.x", "$.x[*]", "$..a", "$[0]", "$[-1]", "$.a[1:3]", "$[?(@.a > 1)]", "$$", "$$.Execution.Id",
        "$$.Map.Item.Value", "$v", "$.['a','b']", "States.Array($)", "States.ArrayLength($.x)",
        "States.Format('{}', $.x)", "States.StringToJson($.s)", "States.JsonToString($)", "States.UUID()",
        "States.MathAdd($.n, 1)", "States.ArrayRange(1, 1000000, 1)", "{% $states.input %}",
        "{% $sort($states.input) %}", "{% $x < 'b' %}", "{% %}", "{%", "States.ALL", "States.TaskFailed",
        "States.QuorumMet", "", "*", "\ud800", "😀", "\uff01", "arn:aws:states:::lambda:invoke",
        "arn:aws:lambda:us-east-1:123456789012:function:F", "my-function", "2016-03-14T01:59:00Z",
        "JSONata", "JSONPath", "INLINE", "DISTRIBUTED",
    ]
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20),
    st.sampled_from([0, -1, 1, 2**31, 2**63, 10**400]),
    st.floats(allow_nan=False, allow_infinity=False),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, ANY_TEXT, INTERESTING)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(ANY_TEXT, INTERESTING), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = st.sampled_from(
    [
        "Type", "Next", "End", "StartAt", "States", "Resource", "InputPath", "OutputPath", "ResultPath",
        "Parameters", "Result", "ResultSelector", "Arguments", "Output", "Assign", "QueryLanguage",
        "Choices", "Default", "Variable", "StringLessThan", "NumericLessThanPath", "And", "Not",
        "Seconds", "SecondsPath", "Timestamp", "Items", "ItemsPath", "ItemSelector", "ItemProcessor",
        "ProcessorConfig", "MaxConcurrency", "ToleratedFailurePercentage", "ItemReader", "ItemBatcher",
        "Branches", "Retry", "Catch", "ErrorEquals", "MaxAttempts", "BackoffRate", "IntervalSeconds",
        "Error", "Cause", "ErrorPath", "CausePath", "TimeoutSeconds", "HeartbeatSeconds", "Label",
    ]
)  # fmt: skip


def _seeds() -> list[Any]:
    files = [
        *sorted((REPO_ROOT / "build").glob("*.asl.json")),
        *sorted((REPO_ROOT / "tests" / "checks" / "heldout" / "valid").glob("*.json")),
    ]
    seeds = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    for path in sorted((REPO_ROOT / "tests" / "engine" / "heldout").glob("*.json")):
        seeds.append(json.loads(path.read_text(encoding="utf-8"))["definition"])
    return seeds


SEEDS = _seeds()


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A working definition with one to four random edits somewhere inside it."""
    document = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    for _ in range(draw(st.integers(1, 4))):
        document = _edit(draw, document)
    return document


_GRAPH = {"StartAt", "Next", "Default", "Type", "End"}


def _edit(draw: st.DrawFn, node: Any) -> Any:
    """Mostly small edits deep inside (a leaf swapped, a field added or dropped), so most
    mutants still run; now and then a whole subtree replaced by arbitrary JSON."""
    if isinstance(node, dict | list) and node and draw(st.integers(0, 7)):
        keys: list[Any] = list(node) if isinstance(node, dict) else list(range(len(node)))
        if draw(st.integers(0, 9)):  # mostly leave the graph alone, so the mutant still runs
            keys = [k for k in keys if k not in _GRAPH] or keys
        key = draw(st.sampled_from(keys))
        node[key] = _edit(draw, node[key])
        return node
    if isinstance(node, dict):
        action = draw(st.sampled_from(["insert", "insert", "delete", "replace"]))
        if action == "insert":
            node[draw(FIELDS)] = draw(st.one_of(INTERESTING, NUMBERS, JSON))
        elif action == "delete" and node:
            del node[draw(st.sampled_from(list(node)))]
        return node if action != "replace" else draw(JSON)
    if isinstance(node, str):
        return draw(st.one_of(INTERESTING, ANY_TEXT, st.just(node + draw(INTERESTING))))
    if isinstance(node, int | float) and not isinstance(node, bool):
        return draw(NUMBERS)
    return draw(st.one_of(SCALARS, JSON))


def _task_names(node: Any) -> set[str]:
    """Names of every Task state found anywhere (mutants need not be well formed)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            states = item.get("States")
            if isinstance(states, dict):
                found.update(n for n, s in states.items() if isinstance(s, dict) and s.get("Type") == "Task")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _validates(definition: Any) -> None:
    try:
        found = flowdsl.validate(definition)
    except FlowdslError:
        return
    assert isinstance(found, list)
    for diagnostic in found:
        assert "\n" not in diagnostic.format()


def _runs(definition: Any, payload: Any, result: Any, fail: bool) -> None:
    mocks = {
        name: Throw("Fuzz.Error", "fuzz") if fail else Return(result) for name in _task_names(definition)
    }
    try:
        execution = flowdsl.run(definition, payload, mocks=mocks)
    except FlowdslError as exc:
        assert exc.diagnostics
        return
    assert isinstance(execution, Execution)
    assert execution.status in FINISHED


@FUZZ
@given(JSON)
def test_arbitrary_json_is_validated_or_refused(document: Any) -> None:
    _validates(document)
    if isinstance(document, dict):
        _runs(document, {}, {}, fail=False)


@FUZZ
@given(mutated(), JSON, JSON, st.booleans())
def test_mutated_definitions_validate_and_run_or_are_refused(
    definition: Any, payload: Any, result: Any, fail: bool
) -> None:
    _validates(definition)
    _runs(definition, payload, result, fail)


@FUZZ
@given(ANY_TEXT, ANY_TEXT, JSON)
def test_arbitrary_unicode_in_names_paths_and_values(name: str, text: str, payload: Any) -> None:
    definition = {
        "StartAt": name,
        "States": {
            name: {"Type": "Pass", "Parameters": {"a.$": f"$.{text}", text: text}, "Next": "C"},
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.a", "StringLessThan": text, "Next": "E"}],
                "Default": "E",
            },
            "E": {"Type": "Fail", "Error": text, "Cause": name},
        },
    }
    _validates(definition)
    _runs(definition, payload, None, fail=False)


def test_the_seeds_are_valid() -> None:
    # A seed that no longer validates would make every mutant test the refusal path only.
    assert Path(REPO_ROOT / "build").is_dir()
    assert sum(not [d for d in flowdsl.validate(seed) if d.is_error] for seed in SEEDS) > len(SEEDS) * 0.8
