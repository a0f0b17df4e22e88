"""Measure the engine against behaviour recorded on AWS: `python -m tools.conformance.executions`.

Runs every runnable case of `execution/cases.jsonl` in the shared conformance folder and
prints the pass rate overall, per category and per query language, then the known failures
with their reasons and any change against that list. Scoring (the folder's README): the
status must match; for SUCCEEDED the output must be equal as JSON (key order ignored); for
FAILED the error name must match. Matching cause texts are counted, not required.

The cases the data skips only because their expected values hold placeholders for AWS-made
values are scored on a separate line (`tools.conformance.match`: placeholders as wildcards, a
fixed context, and recorded errors replayed by mocks where the machine handles them), so
the headline stays comparable with runs that did not score them.

Exit status: 0 when every failure is a known one, 1 when something regressed (or a known
failure now passes, so the list can be trimmed), 2 for a missing data folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import Execution, execute
from flowdsl.engine.mocks import Throw
from flowdsl.model import parse_machine
from tools.conformance.match import (
    FIXED_CONTEXT,
    PLACEHOLDER_SKIP,
    json_equal,
    placeholder_equal,
    recorded_error_mocks,
)

__all__ = [
    "NOT_MOCKED",
    "Outcome",
    "Report",
    "json_equal",
    "main",
    "run_all",
    "run_case",
    "run_placeholder_case",
]

CASES = Path("execution") / "cases.jsonl"
KNOWN_FAILURES_IN_TREE = Path("tests") / "conformance" / "known_failures.json"
NOT_MOCKED = "it calls another AWS service and nothing catches the error, so a mock would only echo it"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one case went: `passed`, whether the cause text matched too, and why it failed."""

    id: str
    category: str
    language: str
    passed: bool
    cause_matched: bool | None = None
    reason: str = ""


@dataclass
class Report:
    """Every outcome plus the known-failures list it is compared with.

    `placeholder` holds the placeholder cases that were scored and `not_run` (id -> reason)
    those that stay skipped; both are also counted in `skipped`, as the data marks them.
    """

    outcomes: list[Outcome]
    skipped: Counter[str]
    known: Mapping[str, str] = field(default_factory=dict)
    placeholder: list[Outcome] = field(default_factory=list)
    not_run: dict[str, str] = field(default_factory=dict)

    def tally(self, key: str) -> dict[str, tuple[int, int]]:
        """`key` value ("category" or "language") -> (passed, run)."""
        out: dict[str, tuple[int, int]] = {}
        for outcome in self.outcomes:
            passed, ran = out.get(getattr(outcome, key), (0, 0))
            out[getattr(outcome, key)] = (passed + outcome.passed, ran + 1)
        return dict(sorted(out.items()))

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def new_failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and o.id not in self.known]

    @property
    def new_placeholder_failures(self) -> list[Outcome]:
        return [o for o in self.placeholder if not o.passed and o.id not in self.known]

    @property
    def fixed(self) -> list[str]:
        ran = {o.id for o in [*self.outcomes, *self.placeholder] if o.passed}
        return sorted(ran & set(self.known))

    @property
    def causes(self) -> tuple[int, int]:
        """(cause texts matched, FAILED cases whose error matched)."""
        judged = [o.cause_matched for o in self.outcomes if o.cause_matched is not None]
        return sum(judged), len(judged)


def run_case(case: Mapping[str, Any]) -> Outcome:
    """Run one case through the engine and score it."""
    return _run(case, {}, None, json_equal)


def run_placeholder_case(case: Mapping[str, Any]) -> Outcome | None:
    """Score a case skipped for placeholders (see `tools.conformance.match`), or None if it stays skipped.

    It runs with the fixed context; a Task calling another AWS service is mocked with the
    error the recording shows it raised, and only when the machine catches that error.
    """
    mocks = recorded_error_mocks(case["definition"], case["expected"])
    if mocks is None:
        return None
    return _run(case, mocks, FIXED_CONTEXT, placeholder_equal)


def _run(
    case: Mapping[str, Any],
    mocks: Mapping[str, Throw],
    context: Mapping[str, Any] | None,
    equal: Callable[[Any, Any], bool],
) -> Outcome:
    meta = (str(case["id"]), str(case["category"]), str(case["query_language"]))
    try:
        machine = parse_machine(case["definition"])
        execution = execute(machine, case["input"], mocks=mocks, context=context)
    except FlowdslError as exc:
        return Outcome(*meta, passed=False, reason=f"refused: {exc}")
    except Exception as exc:  # a crash is a failed case, reported with its reason, not a stopped run
        return Outcome(*meta, passed=False, reason=f"crashed: {type(exc).__name__}: {exc}")
    return score(meta, case["expected"], execution, equal)


def score(
    meta: tuple[str, str, str],
    expected: Mapping[str, Any],
    execution: Execution,
    equal: Callable[[Any, Any], bool] = json_equal,
) -> Outcome:
    """Compare an execution's end with the recorded one (the README's scoring rule).

    `equal` compares an expected value (output, error name, cause) with the actual one.
    """
    status, output, err, cause = execution.status, execution.output, execution.error, execution.cause
    if status != expected["status"]:
        got = f"{status} ({err}: {_short(cause)})" if status != "SUCCEEDED" else f"{status} {_short(output)}"
        return Outcome(*meta, passed=False, reason=f"status {got}, expected {expected['status']}")
    if status == "SUCCEEDED":
        if equal(expected.get("output"), output):
            return Outcome(*meta, passed=True)
        return Outcome(
            *meta, passed=False, reason=f"output {_short(output)}, expected {_short(expected['output'])}"
        )
    if not equal(expected.get("error"), err):
        return Outcome(*meta, passed=False, reason=f"error {err!r}, expected {expected.get('error')!r}")
    return Outcome(*meta, passed=True, cause_matched=equal(expected.get("cause"), cause))


def run_all(cases: Iterable[Mapping[str, Any]], known: Mapping[str, str]) -> Report:
    """Run every case that has no `skip` reason, and score the placeholder cases apart."""
    report = Report([], Counter(), known)
    for case in cases:
        if "skip" not in case:
            report.outcomes.append(run_case(case))
            continue
        report.skipped[str(case["skip"])] += 1
        if str(case["skip"]).startswith(PLACEHOLDER_SKIP):
            outcome = run_placeholder_case(case)
            if outcome is None:
                report.not_run[str(case["id"])] = f"{case['skip']}; {NOT_MOCKED}"
            else:
                report.placeholder.append(outcome)
    return report


def load_cases(folder: Path) -> list[dict[str, Any]]:
    """The cases of `execution/cases.jsonl`, read in place."""
    with (folder / CASES).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load_known_failures(path: Path | None = None) -> dict[str, str]:
    """Case id -> reason: from `path`, else the tree's `tests/conformance/known_failures.json`.

    Accepts `{"id": "reason"}` or `[{"id": ..., "reason": ...}]`.
    """
    text = _known_failures_text(path)
    if text is None:
        return {}
    data = json.loads(text)
    if isinstance(data, dict) and isinstance(data.get("cases"), dict | list):
        data = data["cases"]
    if isinstance(data, list):
        return {str(item["id"]): str(item.get("reason", "")) for item in data}
    return {str(key): str(value) for key, value in data.items()}


def default_folder() -> Path:
    """`$FLOWDSL_CONFORMANCE_DIR`, else `../shared/conformance` beside the checkout."""
    configured = os.environ.get("FLOWDSL_CONFORMANCE_DIR")
    if configured:
        return Path(configured)
    candidates = [Path.cwd().parent / "shared" / "conformance"]
    candidates += [parent / "shared" / "conformance" for parent in Path(__file__).resolve().parents]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def format_text(report: Report) -> list[str]:
    """The human summary: rates, per-category and per-language tables, known and new failures."""
    ran = len(report.outcomes)
    matched, judged = report.causes
    lines = [
        f"conformance: {report.passed}/{ran} passed ({_pct(report.passed, ran)}), "
        f"{sum(report.skipped.values())} skipped",
        f"cause texts matching AWS: {matched}/{judged} of the FAILED cases (reported, not required)",
    ]
    for title, key in (("by category", "category"), ("by query language", "language")):
        lines.append(f"{title}:")
        lines += [f"  {name:<22} {p:>4}/{n:<4} {_pct(p, n)}" for name, (p, n) in report.tally(key).items()]
    lines += [f"skipped ({count}): {reason}" for reason, count in report.skipped.most_common()]
    lines += _placeholder_lines(report)
    failing = {o.id for o in report.outcomes if not o.passed}
    lines.append(f"known failures ({len(set(report.known) & failing)}):")
    lines += [f"  {case}: {why}" for case, why in sorted(report.known.items()) if case in failing]
    lines.append(f"new failures ({len(report.new_failures)}):")
    lines += [f"  {o.id}: {o.reason}" for o in report.new_failures]
    if report.fixed:
        lines.append(f"known failures that now pass ({len(report.fixed)}): {', '.join(report.fixed)}")
    return lines


def _placeholder_lines(report: Report) -> list[str]:
    """The placeholder cases' own tally: matched of all such cases, then each one not matched."""
    total = len(report.placeholder) + len(report.not_run)
    matched = sum(o.passed for o in report.placeholder)
    lines = [
        f"placeholder cases: {matched}/{total} matched ({len(report.placeholder)} run with a fixed "
        f"context, {len(report.not_run)} still skipped)"
    ]
    lines += [f"  not run: {case}: {why}" for case, why in sorted(report.not_run.items())]
    for outcome in report.placeholder:
        if not outcome.passed:
            tag = "known failure" if outcome.id in report.known else "new failure"
            lines.append(f"  {tag}: {outcome.id}: {report.known.get(outcome.id, outcome.reason)}")
    return lines


def format_json(report: Report) -> dict[str, Any]:
    """The same summary for machines."""
    matched, judged = report.causes
    return {
        "passed": report.passed,
        "run": len(report.outcomes),
        "skipped": dict(report.skipped),
        "causes_matched": matched,
        "causes_judged": judged,
        "by_category": {k: {"passed": p, "run": n} for k, (p, n) in report.tally("category").items()},
        "by_language": {k: {"passed": p, "run": n} for k, (p, n) in report.tally("language").items()},
        "known_failures": {
            o.id: report.known[o.id] for o in report.outcomes if not o.passed and o.id in report.known
        },
        "new_failures": [asdict(o) for o in report.new_failures],
        "fixed": report.fixed,
        "placeholder": {
            "matched": sum(o.passed for o in report.placeholder),
            "run": len(report.placeholder),
            "not_run": report.not_run,
            "known_failures": {
                o.id: report.known[o.id] for o in report.placeholder if not o.passed and o.id in report.known
            },
            "new_failures": [asdict(o) for o in report.new_placeholder_failures],
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `python -m tools.conformance.executions [--dir PATH] [--format text|json]`."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.conformance.executions", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--dir", type=Path, default=None, help="the conformance folder (default: %(default)s)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--known-failures", type=Path, default=None, help="a known-failures JSON file")
    args = parser.parse_args(argv)
    folder = args.dir or default_folder()
    if not (folder / CASES).is_file():
        print(f"flowdsl: error: no conformance cases at '{folder / CASES}' (use --dir)", file=sys.stderr)
        return 2
    report = run_all(load_cases(folder), load_known_failures(args.known_failures))
    if args.format == "json":
        print(json.dumps(format_json(report), indent=2))
    else:
        print("\n".join(format_text(report)))
    return 1 if report.new_failures or report.new_placeholder_failures or report.fixed else 0


def _known_failures_text(path: Path | None) -> str | None:
    if path is not None:
        return path.read_text(encoding="utf-8")
    in_tree = Path(__file__).resolve().parents[2] / KNOWN_FAILURES_IN_TREE
    return in_tree.read_text(encoding="utf-8") if in_tree.is_file() else None


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


if __name__ == "__main__":
    sys.exit(main())
