"""`flowdsl run`: execute a workflow locally (or on AWS with `--remote`) and show what it did.

Text mode prints one line per state entered (state, type, duration, outcome), then how the
execution ended and its output; a refused run is one line per diagnostic on stderr. JSON mode
prints exactly one object on stdout whatever the outcome: `{"status", "output", "error",
"cause"}` for an execution, plus `"diagnostics"` with status ERROR when there was none. What
the workflow file and handlers print goes to stderr in both modes (Lambda's logs). Exit 0
when the execution SUCCEEDED, 1 when it failed or timed out or the run was refused, 2 for
usage errors (click's message on stderr, nothing on stdout).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from flowdsl.api import check_mocked_states, run
from flowdsl.aslfile import MAX_FILE_BYTES
from flowdsl.cli.generated import FORCE_OPTION, GeneratedFile
from flowdsl.cli.options import aws_options, handler_texts, handlers_option, mock_option
from flowdsl.cli.output import Format
from flowdsl.cli.run_trace import TraceRow, format_trace, trace_rows
from flowdsl.diagnostics import Diagnostic, FlowdslError, error
from flowdsl.engine import Execution
from flowdsl.engine.clock import RealClock
from flowdsl.engine.mockconfig import load_mock_config
from flowdsl.engine.mocks import MockSpec
from flowdsl.files import ReadRefused, read_limited
from flowdsl.handlers import parse_bindings, unused_bindings
from flowdsl.loader import load_source
from flowdsl.locations import FileLine, Location, Text
from flowdsl.source import Handler, Source

EXIT_FAILED = 1
ERROR = "ERROR"  # `--format json` status of a run with no execution result (see `refusal`)


@click.command("run")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--input", "input_text", metavar="JSON", help="Execution input as JSON text (default {}).")
@click.option(
    "--input-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the input from a file ('-' for stdin).",
)
@mock_option
@click.option("--test-case", help="Test case of the mock file ('Case' or 'Machine#Case').")
@handlers_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: the path taken, for people; json: one object on stdout for every outcome.",
)
@click.option(
    "--history", type=click.Path(dir_okay=False, path_type=Path), help="Write the execution history."
)
@click.option(
    "--diagram", type=click.Path(dir_okay=False, path_type=Path), help="Write a Mermaid diagram of the path."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the run report: one offline HTML page (graph, timeline, each state's input/output).",
)
@click.option("--real-time", is_flag=True, help="Really wait in Wait states and retry back-off.")
@click.option(
    "--check-types", is_flag=True, help="Validate data at typed states against their models (docs/types.md)."
)
@click.option("--name", help="Which workflow to run when the file defines several.")
@click.option(
    "--remote", is_flag=True, help="Run on AWS Step Functions (needs boto3 and a deployed machine)."
)
@FORCE_OPTION
@aws_options
def run_command(
    *,
    source: Path,
    input_text: str | None,
    input_file: Path | None,
    mock_file: Path | None,
    test_case: str | None,
    handlers: tuple[str, ...],
    fmt: Format,
    history: Path | None,
    diagram: Path | None,
    report: Path | None,
    real_time: bool,
    check_types: bool,
    name: str | None,
    remote: bool,
    stack: str | None,
    region: str | None,
    profile: str | None,
    force: bool,
) -> None:
    """Run SOURCE (a workflow .py file or an .asl.json definition) and show the path it took."""
    _check_usage(
        input_text=input_text,
        input_file=input_file,
        mock_file=mock_file,
        test_case=test_case,
        remote=remote,
        local_only=(history, diagram, handlers, report),
        remote_only=(stack, region, profile),
    )

    def attempt() -> tuple[Mapping[str, Any], list[TraceRow]]:
        payload = read_input(input_text, input_file)
        loaded = load_source(source, name=name)
        if remote:
            return _run_remote(loaded, payload, stack=stack, region=region, profile=profile), []
        mocks = _mocks(mock_file, test_case, loaded)
        options: dict[str, Any] = {"clock": RealClock()} if real_time else {}
        options["check_types"] = check_types
        execution = run(loaded, payload, handlers=_bindings(handlers, loaded), mocks=mocks, **options)
        _write_artifacts(execution, loaded, (source, history, diagram), force)
        if report is not None:
            _write_report(execution, loaded, source, report, force)
        return _result(execution), trace_rows(execution)

    result, rows = _reported(attempt, fmt)
    _emit(result, rows, fmt)
    click.get_current_context().exit(0 if result["status"] == "SUCCEEDED" else EXIT_FAILED)


def _reported(
    attempt: Callable[[], tuple[Mapping[str, Any], list[TraceRow]]], fmt: Format
) -> tuple[Mapping[str, Any], list[TraceRow]]:
    """The run's result; in JSON mode a refusal is a result too, so stdout always holds one object.

    What the workflow file and the handlers print goes to stderr: on AWS it would be CloudWatch
    logs, never the result, and stdout is for the result only.
    """
    try:
        with contextlib.redirect_stdout(sys.stderr):
            return attempt()
    except FlowdslError as exc:
        if fmt != "json":
            raise  # text mode: the command group prints one line per diagnostic on stderr
        return refusal(exc.diagnostics), []


def refusal(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """The JSON result of a run that produced no execution result (refused, or lost on AWS).

    `status` is ERROR, a value Step Functions never reports, so it cannot be mistaken for a
    FAILED execution; the keys of an execution result are there too, null.
    """
    return {
        "status": ERROR,
        "output": None,
        "error": None,
        "cause": None,
        "diagnostics": [d.to_json() for d in diagnostics],
    }


def read_input(text: str | None, path: Path | None) -> Any:
    """The execution input: JSON from `--input` or `--input-file`, `{}` when neither is given."""
    where: Location = Text("--input")
    if path is not None and str(path) == "-":
        where, text = Text("stdin"), sys.stdin.read(MAX_FILE_BYTES + 1)
        if len(text) > MAX_FILE_BYTES:
            raise FlowdslError([error("input-unreadable", f"stdin is over {MAX_FILE_BYTES} bytes", where)])
    elif path is not None:
        where = FileLine(str(path))
        try:
            text = read_limited(path, MAX_FILE_BYTES).decode("utf-8")
        except (ReadRefused, UnicodeDecodeError) as exc:
            reason = exc.reason if isinstance(exc, ReadRefused) else "it is not UTF-8 text"
            message = f"cannot read input file: {reason}"
            raise FlowdslError([error("input-unreadable", message, where)]) from None
    if text is None:
        return {}
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"input is not valid JSON: {exc.msg.lower()} at line {exc.lineno} column {exc.colno}"
        raise FlowdslError([error("input-not-json", message, where)]) from None
    except RecursionError:
        message = "input is not usable JSON: nested too deeply"
        raise FlowdslError([error("input-not-json", message, where)]) from None


def _result(execution: Execution) -> dict[str, Any]:
    return {
        "status": execution.status,
        "output": execution.output if execution.status == "SUCCEEDED" else None,
        "error": execution.error,
        "cause": execution.cause,
    }


def _emit(result: Mapping[str, Any], rows: Sequence[TraceRow], fmt: Format) -> None:
    if fmt == "json":
        click.echo(json.dumps(dict(result), ensure_ascii=False))
        return
    for line in format_trace(rows):
        click.echo(line)
    click.echo(result["status"])
    if result["status"] == "SUCCEEDED":
        click.echo(json.dumps(result["output"], indent=2, ensure_ascii=False))
        return
    # A Fail state may leave out Error or Cause: AWS reports them as null.
    click.echo(f"error: {_or_null(result['error'])}")
    for line in cause_lines(result["cause"]):
        click.echo(line)


def _or_null(value: Any) -> str:
    return "null" if value is None else str(value)


def cause_lines(cause: Any) -> list[str]:
    """The `cause:` text; Lambda's error JSON is shown as its message and its traceback lines.

    A Python handler's exception reaches Step Functions as `{"errorMessage", "errorType",
    "stackTrace"}` (Lambda developer guide, "AWS Lambda function errors in Python"); printed
    raw, its traceback is one line of escaped newlines. `--format json` keeps the cause exactly
    as AWS reports it.
    """
    report = _lambda_error(cause)
    if report is None:
        return [f"cause: {_or_null(cause)}"]
    message = report["errorMessage"] or report["errorType"]
    frames = [line.rstrip() for frame in report.get("stackTrace", []) for line in str(frame).splitlines()]
    return [f"cause: {message}", *(line for line in frames if line)]


def _lambda_error(cause: Any) -> dict[str, Any] | None:
    if not isinstance(cause, str) or not cause.startswith("{"):
        return None
    try:
        report = json.loads(cause)
    except json.JSONDecodeError:
        return None
    if not isinstance(report, dict) or not {"errorMessage", "errorType"} <= set(report):
        return None
    return report if isinstance(report.get("stackTrace", []), list) else None


def _mocks(mock_file: Path | None, test_case: str | None, source: Source) -> dict[str, MockSpec]:
    if mock_file is None:
        return {}
    mocks = load_mock_config(mock_file).mocks_for(test_case, machine=source.name or None)
    try:
        check_mocked_states(source.definition, mocks)
    except FlowdslError as exc:  # the typo is in the mock file: say so
        raise FlowdslError([d.relocated(FileLine(str(mock_file))) for d in exc.diagnostics]) from None
    return mocks


def _bindings(handlers: tuple[str, ...], source: Source) -> dict[str, Handler]:
    """`--handlers`, imported; problems (a binding no Task uses included) are located at the option."""
    texts = handler_texts(handlers)
    try:
        bound = parse_bindings(texts)
    except FlowdslError as exc:
        raise FlowdslError(_at_handlers(exc.diagnostics)) from None
    nested = [child.definition for child in source.nested().values()]
    names = [name for name in bound if all(unused_bindings(machine, [name]) for machine in nested)]
    unused = unused_bindings(source.definition, names)  # a nested workflow's function is used
    if unused:
        raise FlowdslError(_at_handlers(unused))
    return bound


def _at_handlers(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return [d if d.location else d.relocated(Text("--handlers")) for d in diagnostics]


def _write_artifacts(
    execution: Execution, source: Source, artifacts: tuple[Path, Path | None, Path | None], force: bool
) -> None:
    """`--history` and `--diagram`, written by the one guarded writer (`cli.generated`)."""
    where, history, diagram = artifacts
    if history is not None:
        text = json.dumps(execution.history_document, indent=2, default=str) + "\n"
        HISTORY_FILE.write(history, text, source=where, force=force)
    if diagram is not None:
        from flowdsl.cli.diagram_cmd import DIAGRAM_FILE, warn_unrenderable  # noqa: PLC0415 - jinja2
        from flowdsl.render import mermaid  # noqa: PLC0415

        text = mermaid(source.definition, highlight=execution.visited)
        DIAGRAM_FILE.write(diagram, text, source=where, force=force)
        warn_unrenderable(source.definition, text, str(where))


def _write_report(execution: Execution, loaded: Source, source: Path, target: Path, force: bool) -> None:
    from flowdsl.cli.pages import REPORT_PAGE  # noqa: PLC0415 - the page machinery loads only when asked
    from flowdsl.render.report import report_page  # noqa: PLC0415

    text = report_page(loaded.definition, execution, title=loaded.name or source.name)
    REPORT_PAGE.emit(text, source=source, target=target, force=force)


def _is_history(text: str) -> bool:
    """Whether an existing file's text is a history `run --history` wrote: `{"events": [...]}`."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError):
        return False
    return isinstance(data, dict) and list(data) == ["events"] and isinstance(data["events"], list)


HISTORY_FILE = GeneratedFile(
    "run", ".history.json", "an execution history", "output-not-history", _is_history
)


def _run_remote(
    source: Source, payload: Any, *, stack: str | None, region: str | None, profile: str | None
) -> Mapping[str, Any]:
    # flowdsl.deploy imports boto3 only when it connects, and reports a missing boto3 itself
    # as one line ("boto3 is not installed: pip install 'flowdsl[aws]'").
    from flowdsl.deploy import run_remote  # noqa: PLC0415 - the AWS side loads only for --remote

    return run_remote(source, payload, name=stack, region=region, profile=profile)


def _check_usage(
    *,
    input_text: str | None,
    input_file: Path | None,
    mock_file: Path | None,
    test_case: str | None,
    remote: bool,
    local_only: tuple[Any, ...],
    remote_only: tuple[Any, ...],
) -> None:
    if input_text is not None and input_file is not None:
        raise click.UsageError("give the input with --input or --input-file, not both")
    if test_case is not None and mock_file is None:
        raise click.UsageError("--test-case needs --mock FILE")
    if remote and (mock_file is not None or any(local_only)):
        raise click.UsageError(
            "--remote runs on AWS: --mock, --handlers, --history, --diagram and --report are local only"
        )
    if not remote and any(value is not None for value in remote_only):
        raise click.UsageError("--stack, --region and --profile name where to run: they need --remote")
