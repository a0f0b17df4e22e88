"""Agreement with three public validators' fixtures: `python -m tools.conformance.validators [DIR]`.

A fixture's expected verdict comes from its suite: asl-validator by file name (`valid-*` /
`invalid-*`), the two statelints by the expected problem count in `expectations.jsonl` (> 0
means invalid). flowdsl's verdict is "invalid" when it reports at least one error. Where it
deliberately differs, `DEVIATIONS` says why (the AWS documentation behind each is in
docs/validation.md); any other disagreement is a regression and the command exits 1.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flowdsl.aslfile import read_asl
from flowdsl.checks import check_document
from flowdsl.diagnostics import FlowdslError

SUITES = {"asl-validator": "", "awslabs-statelint": "awslabs/statelint", "wmfs-statelint": "wmfs/statelint"}

# (suite, fixture) -> why flowdsl's verdict differs from the suite's, on purpose.
DEVIATIONS: dict[tuple[str, str], str] = {
    ("asl-validator", "valid-assign.asl.json"): (
        "Assign key 'top-level' is not a variable name: the ASL spec requires UAX #31 identifiers "
        "(ID_Start then ID_Continue), and '-' is neither"
    ),
    ("asl-validator", "invalid-jsonata-surround-syntax-no-spaces.json"): (
        "'{%10%}' is a JSONata expression: AWS requires only that the string start with '{%' and "
        "end with '%}' (Transforming data with JSONata in Step Functions), and AWS's own samples "
        "write '{%$lowercase(...) %}'"
    ),
    ("asl-validator", "invalid-json-surround-syntax-extra-spaces.json"): (
        "whitespace and line breaks inside '{% ... %}' are part of the JSONata expression, which "
        "ignores them: AWS constrains only the outside of the delimiters (Transforming data with "
        "JSONata in Step Functions)"
    ),
    ("asl-validator", "valid-map-with-item-batcher-jsonata.json"): (
        "a JSONPath state inside a JSONata machine: AWS says 'You cannot revert a top-level "
        "JSONata-based state machine to a mix of JSONata and JSONPath states' (State machine "
        "structure), and AWS CDK refuses it"
    ),
    ("asl-validator", "valid-map-noconfig.asl.json"): (
        "ItemReader, ResultWriter and Label on a Map with no ProcessorConfig, which runs INLINE: "
        "they are Distributed Map fields (Using Map state in Distributed mode)"
    ),
    ("asl-validator", "valid-map-tolerated.json"): (
        "ToleratedFailureCount/Percentage on an inline Map (an Iterator): they are Distributed "
        "Map fields (Using Map state in Distributed mode)"
    ),
    ("asl-validator", "valid-fail-paths.json"): (
        "ErrorPath reads '$field2', a variable no state assigns: a state may only reference a "
        "variable that has a value on state entry (ASL spec, State Machine Variables)"
    ),
}


@dataclass(frozen=True)
class Verdict:
    """One fixture: what its suite expects and what flowdsl says."""

    suite: str
    fixture: str
    expected_invalid: bool
    flowdsl_codes: tuple[str, ...]

    @property
    def flowdsl_invalid(self) -> bool:
        """flowdsl reported at least one error."""
        return bool(self.flowdsl_codes)

    @property
    def agrees(self) -> bool:
        """Both say valid, or both say invalid."""
        return self.expected_invalid == self.flowdsl_invalid


def default_dir() -> Path:
    """`$FLOWDSL_CONFORMANCE_DIR/validation`, else `../shared/conformance/validation` from the cwd."""
    base = os.environ.get("FLOWDSL_CONFORMANCE_DIR", "../shared/conformance")
    return Path(base) / "validation"


def verdicts(root: Path) -> Iterator[Verdict]:
    """Every fixture with an expected verdict, in suite then file order."""
    expected = _expectations(root / "expectations.jsonl")
    for suite, repo in SUITES.items():
        for path in sorted((root / suite).glob("*.json")):
            invalid = path.name.startswith("invalid") if not repo else expected.get((repo, path.name))
            if invalid is not None:
                yield Verdict(suite, path.name, invalid, _error_codes(path))


def _expectations(path: Path) -> dict[tuple[str, str], bool]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {(row["repo"], Path(row["fixture"]).name): row["expected_problems"] > 0 for row in rows}


def _error_codes(path: Path) -> tuple[str, ...]:
    try:
        found = check_document(read_asl(path).data)
    except FlowdslError as exc:
        found = exc.diagnostics
    return tuple(sorted({d.code for d in found if d.is_error}))


def disagreements(results: list[Verdict]) -> list[Verdict]:
    """The fixtures where flowdsl's verdict differs from the suite's."""
    return [v for v in results if not v.agrees]


def report(results: list[Verdict]) -> list[str]:
    """The printed summary: agreement per suite, then each disagreement and its reason."""
    lines = []
    for suite in SUITES:
        mine = [v for v in results if v.suite == suite]
        agree = sum(v.agrees for v in mine)
        lines.append(f"{suite}: {agree}/{len(mine)} agree ({100 * agree / max(len(mine), 1):.1f}%)")
    for v in disagreements(results):
        expected = "invalid" if v.expected_invalid else "valid"
        reason = DEVIATIONS.get((v.suite, v.fixture), "UNDOCUMENTED: a regression or a new deviation")
        codes = ", ".join(v.flowdsl_codes) or "no errors"
        lines.append(f"  {v.suite}/{v.fixture}: suite says {expected}, flowdsl reports {codes}: {reason}")
    return lines


def main(argv: list[str]) -> int:
    """Print the report; 0 when only documented deviations remain, 1 otherwise, 2 no data."""
    root = Path(argv[0]) if argv else default_dir()
    if not (root / "expectations.jsonl").is_file():
        print(f"flowdsl: error: no validation fixtures at '{root}' (pass the folder)", file=sys.stderr)
        return 2
    results = list(verdicts(root))
    print("\n".join(report(results)))
    undocumented = [v for v in disagreements(results) if (v.suite, v.fixture) not in DEVIATIONS]
    return 1 if undocumented else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
