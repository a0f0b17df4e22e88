"""RFC 3339 timestamps as Step Functions reads them (Choice `Timestamp*` rules, Wait `Timestamp`)."""

from __future__ import annotations

import re
from datetime import datetime

# ASL spec "Timestamps": "strings which conform to the RFC3339 profile of ISO 8601, with the
# further restrictions that an uppercase T must separate the date and time portions, and an
# uppercase Z must denote that a numeric time zone offset is not present".
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})\Z")


def parse_timestamp(text: object) -> datetime | None:
    """The instant a string denotes, or None when it is not an ASL timestamp."""
    if not isinstance(text, str) or _RFC3339.match(text) is None:
        return None
    head, dot, rest = text.partition(".")
    if dot:
        # Python accepts at most 6 fractional digits; AWS accepts more (nanoseconds).
        digits = re.match(r"\d+", rest)
        assert digits is not None
        text = f"{head}.{digits.group()[:6].ljust(6, '0')}{rest[digits.end() :]}"
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
