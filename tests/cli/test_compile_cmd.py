"""`flowdsl compile` through click's CliRunner, and once through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from flowdsl.cli.main import cli
from tests.cli.conftest import WriteFile

FLOW = """
from flowdsl import Choice, Pass, S, Task, Workflow

done = Pass("Done")
workflow = Workflow(
    "Flow",
    Task("Open", function_name="OpenFunction")
    >> Choice("Ok?").when(S.ok == True, done).otherwise(done),
)
"""

NO_DEFAULT = """
from flowdsl import Choice, Pass, S, Workflow

workflow = Workflow("Flow", Choice("Ok?").when(S.ok == True, Pass("Done")))
"""

BROKEN = """
from flowdsl import Choice, Fail, S, Workflow

choice = Choice("Ok?").when(S.ok == True, Fail("Stop"))
workflow = Workflow("Flow", choice.otherwise(Fail("Stop")))
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_default_output_is_build_stem(write: WriteFile) -> None:
    write("flow.py", FLOW)
    result = run("compile", "flow.py")
    assert result.exit_code == 0, result.output
    data = json.loads(Path("build/flow.asl.json").read_text())
    assert data["States"]["Open"]["Resource"] == "${OpenFunctionArn}"
    assert "wrote build/flow.asl.json" in result.stderr


def test_output_option_and_stdout(write: WriteFile) -> None:
    write("flow.py", FLOW)
    assert run("compile", "flow.py", "-o", "out/x.json").exit_code == 0
    printed = run("compile", "flow.py", "-o", "-")
    assert printed.exit_code == 0
    assert printed.stdout == Path("out/x.json").read_text()


@pytest.mark.parametrize("command", ["compile", "diagram", "validate"])
def test_what_the_file_prints_stays_out_of_stdout(write: WriteFile, command: str) -> None:
    write("flow.py", FLOW + "print(workflow.to_json())\n")
    options = ["--format", "json"] if command == "validate" else ["-o", "-"]
    printed = run(command, "flow.py", *options)
    assert printed.exit_code == 0, printed.output
    assert '"StartAt": "Open"' in printed.stderr
    if command == "compile":
        assert json.loads(printed.stdout)["StartAt"] == "Open"
    elif command == "validate":
        assert json.loads(printed.stdout) == []
    else:
        assert "\nflowchart TD\n" in printed.stdout and printed.stdout.startswith("---\n")


def test_region_account_and_bindings(write: WriteFile) -> None:
    write("flow.py", FLOW)
    concrete = run("compile", "flow.py", "-o", "-", "--region", "eu-west-1", "--account", "123456789012")
    assert "arn:aws:lambda:eu-west-1:123456789012:function:OpenFunction" in concrete.stdout
    arn = "arn:aws:lambda:us-east-1:123456789012:function:Other"
    bound = run("compile", "flow.py", "-o", "-", "--resource", f"OpenFunction={arn}")
    assert f'"Resource": "{arn}"' in bound.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--region", "us-east-1"],
        ["--account", "123456789012"],
        ["--resource", "NoEquals"],
        ["--resource", "=arn"],
    ],
    ids=["region alone", "account alone", "binding without =", "binding without name"],
)
def test_usage_errors_exit_2(write: WriteFile, args: list[str]) -> None:
    write("flow.py", FLOW)
    assert run("compile", "flow.py", *args).exit_code == 2


def test_errors_exit_1_one_line_each_and_write_nothing(write: WriteFile) -> None:
    write("flow.py", BROKEN)
    result = run("compile", "flow.py")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "flowdsl: error: state name 'Stop' is used by two different states "
        "(first at flow.py:3, again at flow.py:4) [flow.py:4]"
    ]
    assert not Path("build").exists()


def test_warnings_are_printed_and_the_file_still_written(write: WriteFile) -> None:
    write("flow.py", NO_DEFAULT)
    result = run("compile", "flow.py")
    assert result.exit_code == 0
    assert "flowdsl: warning:" in result.stderr
    assert "[flow.py:3]" in result.stderr
    assert Path("build/flow.asl.json").is_file()


def test_check_reports_missing_stale_and_fresh(write: WriteFile) -> None:
    write("flow.py", FLOW)
    missing = run("compile", "flow.py", "--check")
    assert missing.exit_code == 1
    assert "'build/flow.asl.json' is missing: run 'flowdsl compile flow.py' to update it" in missing.stderr
    assert run("compile", "flow.py").exit_code == 0
    assert run("compile", "flow.py", "--check").exit_code == 0
    Path("build/flow.asl.json").write_text("{}\n")
    stale = run("compile", "flow.py", "--check")
    assert stale.exit_code == 1
    assert "is stale" in stale.stderr
    assert Path("build/flow.asl.json").read_text() == "{}\n"


def test_check_is_one_line_even_with_warnings(write: WriteFile) -> None:
    write("flow.py", NO_DEFAULT)
    result = run("compile", "flow.py", "--check")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1


def test_refuses_to_overwrite_the_source(write: WriteFile) -> None:
    write("flow.asl.json", '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}')
    result = run("compile", "flow.asl.json", "-o", "flow.asl.json")
    assert result.exit_code == 1
    assert "refusing to overwrite the source file 'flow.asl.json'" in result.stderr


def test_refuses_to_overwrite_a_file_that_is_not_asl(write: WriteFile) -> None:
    write("flow.py", FLOW)
    write("notes.json", '{"keep": "me"}')
    result = run("compile", "flow.py", "-o", "notes.json")
    assert result.exit_code == 1
    assert "refusing to overwrite 'notes.json': it is not an ASL definition" in result.stderr
    assert Path("notes.json").read_text() == '{"keep": "me"}'


def test_asl_source_is_normalised(write: WriteFile) -> None:
    write("in.asl.json", '{"States": {"A": {"End": true, "Type": "Pass"}}, "StartAt": "A"}')
    result = run("compile", "in.asl.json", "-o", "-")
    expected = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    assert result.stdout == json.dumps(expected, indent=2) + "\n"


def test_console_script_smoke(tmp_path: Path, repo_root: Path) -> None:
    script = Path(sys.executable).parent / "flowdsl"
    out = tmp_path / "callcenter.asl.json"
    done = subprocess.run(
        [str(script), "compile", "examples/callcenter.py", "-o", str(out)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text() == (repo_root / "build" / "callcenter.asl.json").read_text()


def test_the_check_hint_keeps_the_output_and_resource_options(write: WriteFile) -> None:
    write("flow.py", FLOW)
    given = ["-o", "out/my flow.json", "--region", "eu-west-1", "--account", "123456789012"]
    stale = run("compile", "flow.py", *given, "--check")
    assert stale.exit_code == 1
    hint = (
        "run 'flowdsl compile flow.py -o 'out/my flow.json' --region eu-west-1 --account 123456789012' "
        "to update it"
    )
    assert hint in stale.stderr
    bound = run(
        "compile", "flow.py", "--resource", "Work=arn:aws:lambda:eu-west-1:123456789012:function:W", "--check"
    )
    assert "--resource Work=arn:aws:lambda:eu-west-1:123456789012:function:W" in bound.stderr
