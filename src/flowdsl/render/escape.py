"""Making any text safe inside a quoted Mermaid label.

State names are user text and may contain anything: quotes, brackets, `#`, `;`, `|`, `%%`
(comments and `%%{init}%%` directives), backticks (markdown strings), `$$` (KaTeX), `<script>`,
newlines. Labels are always written quoted (`s0["..."]`, `-->|"..."|`, `subgraph s1["..."]`),
and inside the quotes every character that is not plainly inert is written as a Mermaid entity
code (`#quot;`, `#35;`): Mermaid turns those back into the character only when drawing, as
text, after it has parsed the diagram (Mermaid docs, "Entity codes to escape characters").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# ASCII that means nothing to Mermaid's flowchart lexer inside a quoted string nor to HTML.
# `$` is inert alone; only `$$` (KaTeX math delimiters) is encoded.
_INERT_ASCII = " -_.,:/?!'+=@*()[]{}~^$"
# Mermaid's own placeholders for `&`, `&#` and `;` while parsing (its encodeEntities); raw, they
# would decode as entity syntax.
_MERMAID_PLACEHOLDERS = frozenset("ﬂ°¶ß")
# Letters, marks, numbers, punctuation and symbols of any script are shown as they are; controls,
# format characters (bidi overrides), separators other than the space, and unassigned code
# points are encoded so nothing invisible or reordering reaches the reader.
_SHOWN_CATEGORIES = frozenset("LMNPS")
_NAMED = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;"}
_CANDIDATES = re.compile(rf"[^A-Za-z0-9{re.escape(_INERT_ASCII)}]|\$(?=\$)|(?<=\$)\$")

# Before parsing, mermaid's encodeEntities drops the last `;` of any line matching
# `style.*:\S*#.*;` or `classDef.*:\S*#.*;` (a workaround for colours in style statements), which
# would break our entity codes; writing the keywords' first letter as an entity code keeps a
# label from ever matching.
_KEYWORDS = re.compile("style|classDef")
_KEYWORD_FIRST = {"style": "#115;tyle", "classDef": "#99;lassDef"}

# Characters an HTML character reference cannot carry (HTML spec, "numeric character reference
# end state"): NUL and lone surrogates read as U+FFFD and C1 controls as Windows-1252 (`&#128;`
# is a euro sign), so they are shown as U+FFFD rather than as some other character.
UNREPRESENTABLE = frozenset(map(chr, [0, *range(0x80, 0xA0), *range(0xD800, 0xE000)]))
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"

LINE_BREAK = "<br>"
SPACE = "#32;"


def text(value: str) -> str:
    """One line of label text with every risky character written as a Mermaid entity code."""
    core = value.strip(" ")
    if not core:
        # Mermaid rejects an empty quoted label and trims outer spaces: keep them as entities.
        return SPACE * max(len(value), 1)
    lead, trail = len(value) - len(value.lstrip(" ")), len(value) - len(value.rstrip(" "))
    encoded = _KEYWORDS.sub(lambda m: _KEYWORD_FIRST[m.group()], _CANDIDATES.sub(_encode, core))
    return SPACE * lead + encoded + SPACE * trail


def label(lines: Iterable[str]) -> str:
    """Several lines of text as one label: each line escaped, joined by Mermaid line breaks."""
    return LINE_BREAK.join(text(line) for line in lines)


def _encode(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    if ord(char) > 0x7F and _shown(char):
        return char
    if char in UNREPRESENTABLE:
        return f"#{ord(REPLACEMENT)};"
    return f"#{ord(char)};"


def _shown(char: str) -> bool:
    return char not in _MERMAID_PLACEHOLDERS and unicodedata.category(char)[0] in _SHOWN_CATEGORIES
