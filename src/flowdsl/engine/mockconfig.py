"""Read Step Functions Local's `MockConfigFile.json` into the engine's mock specs.

The format (AWS Step Functions developer guide, "Configuration file for mocked service
integrations"): `StateMachines` -> machine name -> `TestCases` -> test case -> state name ->
mocked response name; `MockedResponses` -> response name -> invocation keys (`"0"`, `"1-2"`,
inclusive ranges) -> exactly one of `Return` (the task result) or `Throw` (`Error` and
`Cause`, both strings). AWS requires a response for every invocation, so keys must cover
0..N without gaps or overlaps; a call past the last one fails the execution (the engine's
sequence rule), as in Step Functions Local.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from flowdsl.aslfile import MAX_FILE_BYTES, AslDocument
from flowdsl.diagnostics import Diagnostic, FlowdslError, did_you_mean, error, json_noun
from flowdsl.engine.mocks import MockSpec, Return, Throw
from flowdsl.files import ReadRefused, read_limited
from flowdsl.locations import FileLine, FilePointer, Pointer

_INVOCATION_KEY = re.compile(r"^(?P<start>\d+)(?:-(?P<end>\d+))?\Z")
# Step Functions Local names a test case on StartExecution as `<stateMachineArn>#<TestCase>`.
CASE_SEPARATOR = "#"


@dataclass(frozen=True)
class MockConfig:
    """A parsed mock configuration file.

    `test_cases`: machine name -> test case -> state name -> response name;
    `responses`: response name -> one Return/Throw per invocation, in call order.
    """

    test_cases: Mapping[str, Mapping[str, Mapping[str, str]]]
    responses: Mapping[str, tuple[Return | Throw, ...]]
    origin: str = ""

    def mocks_for(self, test_case: str | None, *, machine: str | None = None) -> dict[str, MockSpec]:
        """The engine mocks (state name -> sequence of responses) of one test case.

        `test_case` may be `Machine#Case` (Step Functions Local's `<arn>#<TestCase>`);
        otherwise `machine` (the workflow's name) is used when the file defines it, else the
        file's only machine. With no `test_case`, the machine's only test case is used.
        """
        explicit = None
        if test_case and CASE_SEPARATOR in test_case:
            explicit, _, test_case = test_case.rpartition(CASE_SEPARATOR)
        cases = self.test_cases[self._pick_machine(explicit, machine)]
        chosen = self._pick_case(cases, test_case)
        return {state: list(self.responses[name]) for state, name in cases[chosen].items()}

    def _pick_machine(self, explicit: str | None, hint: str | None) -> str:
        names = sorted(self.test_cases)
        if explicit is not None:
            if explicit in self.test_cases:
                return explicit
            raise self._fail(
                "mock-machine-unknown",
                f"mock file has no state machine '{explicit}'{did_you_mean(explicit, names)}",
            )
        if hint is not None and hint in self.test_cases:
            return hint
        if len(names) == 1:
            return names[0]
        if not names:
            raise self._fail("mock-machine-unknown", "mock file defines no state machines")
        raise self._fail(
            "mock-machine-ambiguous",
            f"mock file defines several state machines ({_quoted(names)}): pick one with 'Machine#TestCase'",
        )

    def _pick_case(self, cases: Mapping[str, Mapping[str, str]], test_case: str | None) -> str:
        names = sorted(cases)
        if test_case is None:
            if len(names) == 1:
                return names[0]
            raise self._fail(
                "mock-test-case-required",
                f"mock file has several test cases ({_quoted(names)}): pick one with --test-case",
            )
        if test_case not in cases:
            raise self._fail(
                "mock-test-case-unknown",
                f"mock file has no test case '{test_case}'{did_you_mean(test_case, names)}",
            )
        return test_case

    def _fail(self, code: str, message: str) -> FlowdslError:
        return FlowdslError([error(code, message, FileLine(self.origin))])


def load_mock_config(path: str | Path) -> MockConfig:
    """Read and parse a `MockConfigFile.json`; raises FlowdslError with one clear line."""
    where = str(path)
    file = FileLine(where)
    try:
        text = read_limited(Path(path), MAX_FILE_BYTES).decode("utf-8")
    except (ReadRefused, UnicodeDecodeError) as exc:
        reason = exc.reason if isinstance(exc, ReadRefused) else "it is not UTF-8 text"
        message = f"cannot read mock file: {reason}"
        raise FlowdslError([error("mock-file-unreadable", message, file)]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"mock file is not valid JSON: {exc.msg.lower()}"
        raise FlowdslError(
            [error("mock-file-not-json", message, FileLine(where, exc.lineno, exc.colno))]
        ) from None
    try:
        return replace(parse_mock_config(data), origin=where)
    except FlowdslError as exc:
        # `file:LINE /pointer`, as diagnostics of ASL files are located.
        raise FlowdslError(AslDocument(where, text, data).localise(exc.diagnostics)) from None


def parse_mock_config(data: Any, *, origin: str = "") -> MockConfig:
    """Parse a decoded mock configuration; every problem is reported, each located by JSON Pointer."""
    if isinstance(data, dict) and {"StartAt", "States"} <= set(data) and "StateMachines" not in data:
        # The definition and the mock file swapped on the command line, most likely.
        message = "this is a state machine definition, not a mock file ('StateMachines', 'MockedResponses')"
        raise FlowdslError([_problem(message, "", origin)])
    problems: list[Diagnostic] = []
    root = _object(data, "", problems, origin)
    responses = _responses(root.get("MockedResponses", {}), problems, origin)
    # A root that is not an object is reported once, above, not again as missing StateMachines.
    machines = root.get("StateMachines") if isinstance(data, dict) else {}
    test_cases = _state_machines(machines, set(responses), problems, origin)
    for key in sorted(set(root) - {"StateMachines", "MockedResponses"}):
        problems.append(_problem(f"unknown field '{key}'", f"/{key}", origin))
    if problems:
        raise FlowdslError(problems)
    return MockConfig(test_cases, responses, origin)


def _state_machines(
    data: Any, known: set[str], problems: list[Diagnostic], origin: str
) -> dict[str, dict[str, dict[str, str]]]:
    if data is None:
        problems.append(_problem("required field 'StateMachines' is missing", "", origin))
        return {}
    out: dict[str, dict[str, dict[str, str]]] = {}
    for machine, body in _object(data, "/StateMachines", problems, origin).items():
        pointer = f"/StateMachines/{_escape(machine)}"
        cases = _object(
            _object(body, pointer, problems, origin).get("TestCases", {}), pointer, problems, origin
        )
        out[machine] = {
            case: _test_case(states, f"{pointer}/TestCases/{_escape(case)}", known, problems, origin)
            for case, states in cases.items()
        }
    return out


def _test_case(
    data: Any, pointer: str, known: set[str], problems: list[Diagnostic], origin: str
) -> dict[str, str]:
    out: dict[str, str] = {}
    for state, response in _object(data, pointer, problems, origin).items():
        where = f"{pointer}/{_escape(state)}"
        if not isinstance(response, str):
            problems.append(
                _problem(f"state '{state}' must name a mocked response (a string)", where, origin)
            )
        elif response not in known:
            hint = did_you_mean(response, sorted(known))
            problems.append(_problem(f"mocked response '{response}' is not defined{hint}", where, origin))
        else:
            out[state] = response
    return out


def _responses(data: Any, problems: list[Diagnostic], origin: str) -> dict[str, tuple[Return | Throw, ...]]:
    out: dict[str, tuple[Return | Throw, ...]] = {}
    for name, body in _object(data, "/MockedResponses", problems, origin).items():
        pointer = f"/MockedResponses/{_escape(name)}"
        out[name] = _invocations(_object(body, pointer, problems, origin), pointer, problems, origin)
    return out


def _invocations(
    body: Mapping[str, Any], pointer: str, problems: list[Diagnostic], origin: str
) -> tuple[Return | Throw, ...]:
    slots: dict[int, Return | Throw] = {}
    for key, value in body.items():
        where = f"{pointer}/{_escape(key)}"
        span = _span(key, where, problems, origin)
        response = _response(value, where, problems, origin)
        if span is None or response is None:
            continue
        for index in span:
            if index in slots:
                problems.append(_problem(f"invocation {index} is given twice", where, origin))
                break
            slots[index] = response
    if not body:
        problems.append(_problem("a mocked response needs at least one invocation ('0')", pointer, origin))
    missing = sorted(set(range(max(slots, default=-1) + 1)) - set(slots))
    if missing:
        problems.append(
            _problem(f"invocation {missing[0]} has no response (keys must cover 0..N)", pointer, origin)
        )
    return tuple(slots[i] for i in sorted(slots))


def _span(key: str, where: str, problems: list[Diagnostic], origin: str) -> range | None:
    match = _INVOCATION_KEY.match(key)
    if match is None:
        problems.append(
            _problem(f"invocation key '{key}' must be a number or a range like '1-2'", where, origin)
        )
        return None
    start = int(match["start"])
    end = int(match["end"]) if match["end"] is not None else start
    if end < start:
        problems.append(_problem(f"invocation range '{key}' ends before it starts", where, origin))
        return None
    return range(start, end + 1)


def _response(value: Any, where: str, problems: list[Diagnostic], origin: str) -> Return | Throw | None:
    body = _object(value, where, problems, origin)
    if not body:
        return None
    if set(body) == {"Return"}:
        return Return(body["Return"])
    if set(body) == {"Throw"}:
        return _throw(body["Throw"], f"{where}/Throw", problems, origin)
    problems.append(_problem("a response must have exactly one field, 'Return' or 'Throw'", where, origin))
    return None


def _throw(value: Any, where: str, problems: list[Diagnostic], origin: str) -> Throw | None:
    body = _object(value, where, problems, origin)
    # The guide: "The value of Throw must be an object containing an Error and Cause fields
    # with string values."
    faults = [
        f"'{f}' is missing" if f not in body else f"'{f}' is {json_noun(body[f])}"
        for f in ("Error", "Cause")
        if not isinstance(body.get(f), str)
    ]
    faults += [f"unknown field '{f}'" for f in sorted(set(body) - {"Error", "Cause"})]
    if faults:
        what = f"'Throw' needs string fields 'Error' and 'Cause': {', '.join(faults)}"
        problems.append(_problem(what, where, origin))
        return None
    return Throw(body["Error"], body["Cause"])


def _object(value: Any, pointer: str, problems: list[Diagnostic], origin: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    problems.append(_problem(f"expected an object, found {json_noun(value)}", pointer, origin))
    return {}


def _problem(message: str, pointer: str, origin: str) -> Diagnostic:
    return error(
        "mock-config-invalid",
        message,
        FilePointer(origin, pointer or "/") if origin else Pointer(pointer or "/"),
    )


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)
