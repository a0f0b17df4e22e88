"""load_source: Python files give their Workflow, ASL files their model; failures are one located line."""

from __future__ import annotations

import sys

import pytest

from flowdsl import FlowdslError
from flowdsl.compiler import ResourceScheme
from flowdsl.loader import load_source
from tests.cli.conftest import WriteFile

ONE = """
from flowdsl import Pass, Workflow

workflow = Workflow("One", Pass("A"))
"""

TWO = """
from flowdsl import Pass, Workflow

first = Workflow("First", Pass("A"))
second = Workflow("Second", Pass("B"))
"""


def only_error(exc: pytest.ExceptionInfo[FlowdslError]) -> tuple[str, str, str]:
    (diagnostic,) = exc.value.diagnostics
    return diagnostic.code, diagnostic.message, diagnostic.location


def test_single_workflow_is_compiled(write: WriteFile) -> None:
    source = load_source(write("flow.py", ONE))
    assert source.name == "One"
    assert source.locations["/States/A"] == "flow.py:3"
    assert "flow" not in sys.modules


def test_name_picks_one_of_several(write: WriteFile) -> None:
    assert load_source(write("flow.py", TWO), name="Second").name == "Second"


@pytest.mark.parametrize(
    ("text", "name", "code", "message"),
    [
        (
            "x = 1\n",
            None,
            "no-workflow",
            "no Workflow defined at module level (one inside a function or under 'if __name__' is not seen)",
        ),
        (
            TWO,
            None,
            "several-workflows",
            "several workflows ('First' at flow.py:3, 'Second' at flow.py:4): pick one with --name",
        ),
        (TWO, "Secnd", "unknown-workflow", "no workflow named 'Secnd' (did you mean 'Second'?)"),
    ],
    ids=["none", "several", "unknown name"],
)
def test_workflow_selection_errors(
    write: WriteFile, text: str, name: str | None, code: str, message: str
) -> None:
    path = write("flow.py", text)
    with pytest.raises(FlowdslError) as caught:
        load_source(path, name=name)
    assert only_error(caught) == (code, message, "flow.py")


USER_ERRORS = [
    ("syntax error", "from flowdsl import Pass\n\nx = (\n", "python-syntax-error", "flow.py:3"),
    ("exception", "import json\n\n\nraise RuntimeError('boom')\n", "python-error", "flow.py:4"),
    ("import error", "from flowdsl import Nope\n", "python-error", "flow.py:1"),
    ("system exit", "import sys\nsys.exit(3)\n", "python-error", "flow.py:2"),
    (
        "dsl misuse",
        "from flowdsl import Fail, Pass\n\nFail('F') >> Pass('P')\n",
        "chain-after-end",
        "flow.py:3",
    ),
]


@pytest.mark.parametrize(
    ("text", "code", "location"), [u[1:] for u in USER_ERRORS], ids=[u[0] for u in USER_ERRORS]
)
def test_errors_in_the_users_file_are_one_located_line(
    write: WriteFile, text: str, code: str, location: str
) -> None:
    path = write("flow.py", text)
    with pytest.raises(FlowdslError) as caught:
        load_source(path)
    found_code, message, found_location = only_error(caught)
    assert (found_code, found_location) == (code, location)
    assert "\n" not in message
    assert "flow" not in sys.modules


def test_exception_message_names_the_error(write: WriteFile) -> None:
    with pytest.raises(FlowdslError) as caught:
        load_source(write("flow.py", "raise RuntimeError('boom')\n"))
    assert only_error(caught)[1] == "the file raised RuntimeError: boom"


HINTS = [
    (
        "misspelt option",
        "Task('T', function_name='F', timeout=3)",
        "TypeError: Task.__init__() got an unexpected keyword argument 'timeout' "
        "(did you mean 'timeout_seconds'?)",
    ),
    (
        "unknown option",
        "Choice('C').when(S.x == 1, Pass('P'), next=Pass('Q'))",
        "TypeError: Choice.when() got an unexpected keyword argument 'next' "
        "(its options: condition, target, comment, assign, output)",
    ),
    (
        "misspelt retry option",
        "Task('T', function_name='F').retry(interval=2)",
        "TypeError: Recoverable.retry() got an unexpected keyword argument 'interval' "
        "(did you mean 'interval_seconds'?)",
    ),
    (
        "positional option",
        "Task('T', 'F')",
        "TypeError: Task.__init__() takes 2 positional arguments but 3 were given "
        "(options are keyword-only: Task('Name', option=...))",
    ),
    (
        "retry on a pass",
        "Pass('P').retry()",
        "AttributeError: 'Pass' object has no attribute 'retry' "
        "(only Task, Parallel and Map states have Retry and Catch)",
    ),
    (
        "retry on a chain",
        "(Pass('P') >> Pass('Q')).catch('States.ALL', Pass('R'))",
        "AttributeError: 'Chain' object has no attribute 'catch' (call .catch() on the state itself, "
        "before chaining it: only Task, Parallel and Map states have Retry and Catch)",
    ),
    (
        "misspelt method",
        "Choice('C').otherwize(Pass('P'))",
        "AttributeError: 'Choice' object has no attribute 'otherwize' (did you mean 'otherwise'?)",
    ),
    (
        "not imported",
        "Retry('States.ALL')",
        "NameError: name 'Retry' is not defined (from flowdsl import Retry)",
    ),
    ("not the dsl", "int('x')", "ValueError: invalid literal for int() with base 10: 'x'"),
]


@pytest.mark.parametrize(("line", "message"), [h[1:] for h in HINTS], ids=[h[0] for h in HINTS])
def test_python_errors_from_dsl_misuse_say_what_to_write(write: WriteFile, line: str, message: str) -> None:
    path = write("flow.py", f"from flowdsl import Choice, Pass, S, Task\n\n{line}\n")
    with pytest.raises(FlowdslError) as caught:
        load_source(path)
    assert only_error(caught) == ("python-error", f"the file raised {message}", "flow.py:3")


UNUSED = """
from flowdsl import Pass, Workflow
from shared_steps import imported

forgotten = Pass("Forgotten")
other = Pass("Other")
tail = Pass("Tail") >> Pass("End")
first = Workflow("First", Pass("A"))
second = Workflow("Second", other)
"""


def test_a_state_built_but_never_chained_is_a_warning(write: WriteFile) -> None:
    write("shared_steps.py", "from flowdsl import Pass\n\nimported = Pass('Imported')\n")
    source = load_source(write("flow.py", UNUSED), name="First")
    # 'Other' belongs to the file's other workflow; 'Imported' was built in another file.
    assert [(d.code, d.severity, d.message, d.location) for d in source.diagnostics] == [
        (
            "unused-state",
            "warning",
            "state 'Forgotten' is not part of any workflow: chain it with '>>' or remove it",
            "flow.py:4",
        ),
        (
            "unused-state",
            "warning",
            "state 'Tail' is not part of any workflow: chain it with '>>' or remove it",
            "flow.py:6",
        ),
    ]


def test_missing_file(write: WriteFile) -> None:
    with pytest.raises(FlowdslError) as caught:
        load_source("nope.py")
    assert only_error(caught)[0] == "file-not-found"


ASL = """
{
  "StartAt": "Open Case",
  "States": {
    "Open Case": {
      "Type": "Task",
      "Resource": "${OpenCaseFunctionArn}",
      "End": true
    }
  }
}
"""


def test_asl_file_loads_with_line_locations(write: WriteFile) -> None:
    source = load_source(write("flow.asl.json", ASL))
    assert source.name == "flow"
    assert source.origin == "flow.asl.json"
    assert source.locate("/States/Open Case/Resource").startswith("flow.asl.json:6")


def test_asl_placeholders_follow_the_resource_scheme(write: WriteFile) -> None:
    scheme = ResourceScheme(region="us-east-1", account="123456789012")
    source = load_source(write("flow.asl.json", ASL), resources=scheme)
    task = source.definition.states["Open Case"]
    assert task.resource == "arn:aws:lambda:us-east-1:123456789012:function:OpenCaseFunction"  # type: ignore[union-attr]


def test_asl_structure_errors_are_located_by_line_and_pointer(write: WriteFile) -> None:
    path = write("flow.asl.json", ASL.replace('"End": true', '"End": true,\n      "Colour": "red"'))
    with pytest.raises(FlowdslError) as caught:
        load_source(path)
    codes = {(d.code, d.location) for d in caught.value.diagnostics}
    assert ("unknown-field", "flow.asl.json:8 /States/Open Case/Colour") in codes


def test_project_root_is_importable_from_a_subfolder(
    write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("pyproject.toml", "[project]\nname = 'demo'\n")
    write("helpers/__init__.py", "NAME = 'From Root'\n")
    write(
        "flows/flow.py",
        "from flowdsl import Pass, Workflow\nfrom helpers import NAME\n\nw = Workflow(NAME, Pass('A'))\n",
    )
    monkeypatch.chdir("flows")
    assert load_source("flow.py").name == "From Root"
    assert "helpers" in sys.modules  # imported modules stay, so handlers keep their modules
    del sys.modules["helpers"]
