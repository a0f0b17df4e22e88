"""String order as Step Functions has it: Java's `String.compareTo`, by UTF-16 code unit.

The Choice state page (AWS, "Choice workflow state",
https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html) says string comparisons
"are performed by the Java String.compareTo method", which orders by UTF-16 code unit, not by code point as
Python's `<` does. The two differ only past U+FFFF: a character there is a surrogate pair
starting with 0xD800-0xDBFF, so it sorts before U+E000-U+FFFF (`"\U0001f600" < "\uff01"` on AWS). Encoded as
UTF-16 big-endian, byte order is code-unit order, so the bytes are the sort key.
"""

from __future__ import annotations


def utf16_key(text: str) -> bytes:
    """A key that orders strings as Java's `String.compareTo` does."""
    return text.encode("utf-16-be", "surrogatepass")
