"""`read_asl`: one clear, located error for each way a file can be unusable, and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowdsl.aslfile import MAX_FILE_BYTES, read_asl
from flowdsl.diagnostics import FlowdslError

VALID = """{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "End": true
    }
  }
}
"""

BAD: dict[str, tuple[bytes, str, str]] = {
    "empty": (b"  \n", "empty-file", "file is empty"),
    "not-utf8": (b'{"StartAt": "\xff"}', "not-utf8", "not UTF-8"),
    "not-json": (b'{\n  "StartAt": "A",\n  "States": {\n}', "invalid-json", "not valid JSON"),
    "yaml": (b"StartAt: A\nStates:\n  A:\n    Type: Pass\n", "yaml-not-json", "looks like YAML"),
    "array": (b"[1, 2]", "not-an-object", "holds an array"),
    "string": (b'"hello"', "not-an-object", "holds a string"),
    "huge-integer": (
        b'{"StartAt": "A", "TimeoutSeconds": ' + b"9" * 5000 + b"}",
        "invalid-json",
        "too many digits",
    ),
    "deep-nesting": (b"[" * 100_000 + b"]" * 100_000, "invalid-json", "nested too deeply"),
    "duplicate-key": (
        b'{"StartAt": "A",\n "States": {"A": {"Type": "Pass",\n "End": true,\n "End": true}}}',
        "duplicate-key",
        "key 'End' appears twice in one object (lines 3 and 4)",
    ),
}


def write(tmp_path: Path, data: bytes, name: str = "x.asl.json") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("data", "code", "words"), BAD.values(), ids=BAD.keys())
def test_bad_files_get_one_clear_error(tmp_path: Path, data: bytes, code: str, words: str) -> None:
    with pytest.raises(FlowdslError) as caught:
        read_asl(write(tmp_path, data))
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, words in diagnostic.message) == (code, True), diagnostic.format()
    assert str(tmp_path) in diagnostic.location


def test_json_errors_carry_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(FlowdslError) as caught:
        read_asl(write(tmp_path, b'{\n  "StartAt": "A",\n  "States": {\n}'))
    assert caught.value.diagnostics[0].location.endswith("x.asl.json:4:2")


def test_duplicate_key_is_located_at_the_second_one(tmp_path: Path) -> None:
    data = b'{"StartAt": "A",\n "States": {"A": {"Type": "Pass",\n "End": true,\n "End": true}}}'
    with pytest.raises(FlowdslError) as caught:
        read_asl(write(tmp_path, data))
    assert caught.value.diagnostics[0].location.endswith("x.asl.json:4 /States/A/End")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FlowdslError) as caught:
        read_asl(tmp_path / "nope.asl.json")
    assert caught.value.diagnostics[0].code == "file-not-found"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(FlowdslError) as caught:
        read_asl(tmp_path)
    assert caught.value.diagnostics[0].code == "unreadable-file"


def test_huge_file(tmp_path: Path) -> None:
    path = write(tmp_path, b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(FlowdslError) as caught:
        read_asl(path)
    assert caught.value.diagnostics[0].code == "file-too-large"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert read_asl(write(tmp_path, b"\xef\xbb\xbf" + VALID.encode())).data["StartAt"] == "A"


@pytest.mark.parametrize(
    ("pointer", "line"),
    [("", 1), ("/StartAt", 2), ("/States/A", 4), ("/States/A/End", 6), ("/States/A/Missing", 4)],
)
def test_line_of_pointer(tmp_path: Path, pointer: str, line: int) -> None:
    assert read_asl(write(tmp_path, VALID.encode())).line_of(pointer) == line


def test_line_of_escaped_keys_and_arrays(tmp_path: Path) -> None:
    text = '{\n "a/b": [\n  1,\n  {"c~d": 2}\n ]\n}\n'
    document = read_asl(write(tmp_path, text.encode()))
    assert document.line_of("/a~1b/1/c~0d") == 4
    assert document.locate("/a~1b/0") == f"{document.path}:3 /a~1b/0"
