"""How checker rules report: `report()` with a code of the checker's stage of `flowdsl.codes`.

Codes are stable: tests, `--ignore` and users' CI configurations refer to them. A rule
reports through `report()`, which takes the code's severity from the catalogue and refuses
codes the checker's stage does not list.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flowdsl.codes import STAGES
from flowdsl.diagnostics import Diagnostic, Mention, Severity
from flowdsl.locations import Pointer

# code -> (severity, summary) of every checker rule: the checker's stage of the one catalogue.
CODES: dict[str, tuple[Severity, str]] = STAGES["check"]

JSONATA_HINT = 'a JSONata \'{% %}\' expression needs "QueryLanguage": "JSONata" on the state or machine'

# Control characters (a state name may hold any) would break the one-line output; bidi and
# invisible format characters would make it display as other text (spoofable-state-name).
_CONTROL = re.compile("[\x00-\x1f\x7f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char, f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def report(code: str, message: str, pointer: str) -> Diagnostic:
    """A diagnostic with the catalogued severity; unknown codes are a programming error."""
    severity, _ = CODES[code]
    return Diagnostic(code, severity, _flat(message), Pointer(_CONTROL.sub(_escape, pointer)))


def report_mention(code: str, mention: Mention, pointer: str) -> Diagnostic:
    """`report()` for a message that names a second place (`mention.place`), kept as a value."""
    flat = Mention(_flat(mention.before), Pointer(_flat(mention.place)), _flat(mention.after))
    return replace(report(code, flat.text(), pointer), mention=flat)


def _flat(message: str) -> str:
    # One line always: quoted user text (a JSONata error, a state name) may hold line breaks.
    return message.replace("\r", " ").replace("\n", " ").replace("\t", " ")
