"""A `Path` in a state option is written per the state's query language, never as silent text.

JSONata: `{% $states.input.x %}` at any depth. JSONPath: the `"key.$": "$.x"` member of a
payload template; anywhere JSONPath would not read it, a `path-not-evaluated` error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from flowdsl import CONTEXT, Catch, Choice, Fail, Map, Pass, S, Task, Wait, Workflow, expr, var
from flowdsl.compiler import compile_workflow
from flowdsl.dsl import State
from flowdsl.model import QueryLanguage, to_asl

R = "arn:aws:states:::dynamodb:getItem"


def task(**options: Any) -> Task:
    return Task("T", resource=R, **options)


def written(state: State, language: QueryLanguage | None) -> dict[str, Any]:
    """The ASL of `state`, compiled alone in a workflow of that language, with no diagnostics."""
    source = compile_workflow(Workflow("W", state, query_language=language))
    assert source.diagnostics == ()
    found: dict[str, Any] = to_asl(source.definition)["States"][state.name]
    return found


Row = tuple[str, QueryLanguage | None, Callable[[], State], str, Any]
ROWS: list[Row] = [
    # JSONata: every path is an expression, at any depth.
    ("jsonata arguments", "JSONata", lambda: task(arguments={"a": S.x}), "Arguments",
     {"a": "{% $states.input.x %}"}),
    ("jsonata output nested", "JSONata", lambda: task(output={"o": {"l": [S.y[0], 1]}}), "Output",
     {"o": {"l": ["{% $states.input.y[0] %}", 1]}}),
    ("jsonata output a path", "JSONata", lambda: Pass("T", output=S.x), "Output", "{% $states.input.x %}"),
    ("jsonata assign", "JSONata", lambda: task(assign={"v": S["odd key"]}), "Assign",
     {"v": "{% $states.input.`odd key` %}"}),
    ("jsonata context and variable", "JSONata",
     lambda: Pass("T", output={"id": CONTEXT.Execution.Id, "v": var("total")}), "Output",
     {"id": "{% $states.context.Execution.Id %}", "v": "{% $total %}"}),
    ("jsonata map items", "JSONata", lambda: Map("T", processor=Pass("I"), items=S.list), "Items",
     "{% $states.input.list %}"),
    ("jsonata wait seconds", "JSONata", lambda: Wait("T", seconds=S.delay), "Seconds",
     "{% $states.input.delay %}"),
    ("jsonata fail cause", "JSONata", lambda: Fail("T", error="E", cause=S.why), "Cause",
     "{% $states.input.why %}"),
    ("jsonata expr kept", "JSONata", lambda: task(arguments={"a": expr("$x + 1")}), "Arguments",
     {"a": "{% $x + 1 %}"}),
    ("jsonata catch", "JSONata",
     lambda: task(catch=[Catch("States.ALL", Pass("H"), output={"in": S.x}, assign={"v": S.y})]), "Catch",
     [{"ErrorEquals": ["States.ALL"], "Assign": {"v": "{% $states.input.y %}"},
       "Output": {"in": "{% $states.input.x %}"}, "Next": "H"}]),
    ("jsonata choice rule assign", "JSONata",
     lambda: Choice("T").when(S.x == 1, Pass("One"), assign={"v": S.x}).otherwise(Pass("Other")), "Choices",
     [{"Condition": "{% $states.input.x = 1 %}", "Assign": {"v": "{% $states.input.x %}"}, "Next": "One"}]),
    ("jsonata state in a jsonpath workflow", None,
     lambda: Pass("T", query_language="JSONata", output={"a": S.x}), "Output",
     {"a": "{% $states.input.x %}"}),
    ("jsonata-only field in a jsonpath state", None, lambda: task(arguments={"a": S.x}), "Arguments",
     {"a": "{% $states.input.x %}"}),
    # JSONPath: a template member holding a path is the `.$` form.
    ("jsonpath parameters", "JSONPath", lambda: task(parameters={"a": S.x}), "Parameters", {"a.$": "$.x"}),
    ("jsonpath parameters .$ kept", None, lambda: task(parameters={"a.$": S.x, "k": 1}), "Parameters",
     {"a.$": "$.x", "k": 1}),
    ("jsonpath parameters nested", None, lambda: task(parameters={"o": {"a": S.x}, "l": [{"b": S.y}]}),
     "Parameters", {"o": {"a.$": "$.x"}, "l": [{"b.$": "$.y"}]}),
    ("jsonpath result_selector", None, lambda: task(result_selector={"id": S.Payload.id}), "ResultSelector",
     {"id.$": "$.Payload.id"}),
    ("jsonpath item_selector context", None,
     lambda: Map("T", processor=Pass("I"), item_selector={"v": CONTEXT.Map.Item.Value}), "ItemSelector",
     {"v.$": "$$.Map.Item.Value"}),
    ("jsonpath assign variable", None, lambda: task(assign={"v": S.x, "w": var("v")}), "Assign",
     {"v.$": "$.x", "w.$": "$v"}),
    ("jsonpath credentials", None, lambda: task(credentials={"RoleArn": S.role}), "Credentials",
     {"RoleArn.$": "$.role"}),
    ("jsonpath catch assign", None,
     lambda: task(catch=[Catch("States.ALL", Pass("H"), assign={"e": S.Error})]), "Catch",
     [{"ErrorEquals": ["States.ALL"], "Assign": {"e.$": "$.Error"}, "Next": "H"}]),
    ("jsonpath choice rule assign", None,
     lambda: Choice("T").when(S.x == 1, Pass("One"), assign={"v": S.x}).otherwise(Pass("Other")), "Choices",
     [{"Variable": "$.x", "NumericEquals": 1, "Assign": {"v.$": "$.x"}, "Next": "One"}]),
    ("jsonpath state in a jsonata workflow", "JSONata",
     lambda: task(query_language="JSONPath", parameters={"a": S.x}), "Parameters", {"a.$": "$.x"}),
    ("jsonpath item reader parameters", None,
     lambda: Map("T", processor=Pass("I"), item_reader={"Resource": R, "Parameters": {"Bucket": S.bucket},
                                                        "ReaderConfig": {"MaxItemsPath": S.n}}),
     "ItemReader",
     {"Resource": R, "Parameters": {"Bucket.$": "$.bucket"}, "ReaderConfig": {"MaxItemsPath": "$.n"}}),
    ("jsonpath item batcher input", None,
     lambda: Map("T", processor=Pass("I"), item_batcher={"BatchInput": {"id": S.id}}), "ItemBatcher",
     {"BatchInput": {"id.$": "$.id"}}),
    # Path fields are JSONPath text in any language.
    ("path field", None, lambda: task(input_path=S.detail), "InputPath", "$.detail"),
    ("path field form", None, lambda: Wait("T", seconds_path=S.delay), "SecondsPath", "$.delay"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "build", "field", "expected"), [r[1:] for r in ROWS],
                         ids=[r[0] for r in ROWS])  # fmt: skip
def test_path_is_written_for_the_states_language(
    language: QueryLanguage | None, build: Callable[[], State], field: str, expected: Any
) -> None:
    assert written(build(), language)[field] == expected


def test_the_same_options_serve_both_languages() -> None:
    def build() -> Task:
        return task(assign={"v": S.x})

    assert written(build(), "JSONPath")["Assign"] == {"v.$": "$.x"}
    assert written(build(), "JSONata")["Assign"] == {"v": "{% $states.input.x %}"}


Bad = tuple[str, Callable[[], State], str, str]
BAD: list[Bad] = [
    ("pass result", lambda: Pass("T", result={"a": S.x}), "path-not-evaluated",
     "'Result' is written as is in JSONPath, so path '$.x' would stay the text '$.x' "
     "(build the value with parameters=, whose members may hold paths) (at /Result/a)"),
    ("wait seconds", lambda: Wait("T", seconds=S.delay), "path-not-evaluated",
     "(use seconds_path=S.delay) (at /Seconds)"),
    ("wait timestamp", lambda: Wait("T", timestamp=CONTEXT.Execution.StartTime), "path-not-evaluated",
     "(use timestamp_path=CONTEXT.Execution.StartTime) (at /Timestamp)"),
    ("path in a list", lambda: task(parameters={"ids": [S.a]}), "path-not-evaluated",
     "path '$.a' in 'Parameters' is not the value of an object member"),
    ("template is a path", lambda: Pass("T", parameters=S.a), "path-not-evaluated", "(at /Parameters)"),
    ("member clash", lambda: task(parameters={"a": S.x, "a.$": "$.y"}), "path-not-evaluated",
     "'Parameters' member 'a' holds a path, so it is written 'a.$', which is also given (at /Parameters/a)"),
]  # fmt: skip


@pytest.mark.parametrize(("build", "code", "text"), [r[1:] for r in BAD], ids=[r[0] for r in BAD])
def test_a_path_jsonpath_would_not_read_is_an_error(build: Callable[[], State], code: str, text: str) -> None:
    state = build()
    source = compile_workflow(Workflow("W", state))
    (diagnostic,) = source.diagnostics
    assert diagnostic.code == code
    assert diagnostic.message.startswith("state 'T': ")
    assert text in diagnostic.message
    assert diagnostic.location == state.location


def test_a_path_jsonata_cannot_name_is_an_error() -> None:
    state = Pass("T", output={"all": S.items["*"], "bad": S["a`b"]})
    source = compile_workflow(Workflow("W", state, query_language="JSONata"))
    assert [(d.code, d.message.rpartition(" (at ")[2]) for d in source.diagnostics] == [
        ("jsonata-path", "/Output/bad)")
    ]
