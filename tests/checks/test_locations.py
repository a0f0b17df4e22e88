"""Locations are typed values: placed, sorted and mentioned from their parts, never re-read
from text (issue 9, item 5)."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import flowdsl
from flowdsl.aslfile import AslDocument, read_asl
from flowdsl.checks import check_document, validate_source
from flowdsl.diagnostics import error
from flowdsl.locations import FileLine, FilePointer, InDocument, Location, Pointer, Text
from flowdsl.model import parse_machine, structure_diagnostics
from flowdsl.source import Source

PLACES: dict[str, tuple[Location, str]] = {
    "pointer": (Pointer("/States/A/Next"), "/States/A/Next"),
    "file": (FileLine("mocks.json"), "mocks.json"),
    "file-line": (FileLine("flow.py", 14), "flow.py:14"),
    "file-line-column": (FileLine("x.asl.json", 4, 2), "x.asl.json:4:2"),
    "document": (InDocument("x.asl.json", "/States/A", 12), "x.asl.json:12 /States/A"),
    "document-root": (InDocument("x.asl.json", "", 1), "x.asl.json:1"),
    "document-no-line": (InDocument("t.yaml", "/Resources/M"), "t.yaml /Resources/M"),
    "file-pointer": (FilePointer("m.json", "/MockedResponses/R/1"), "m.json:/MockedResponses/R/1"),
    "text": (Text("--handlers"), "--handlers"),
}


@pytest.mark.parametrize(("place", "text"), PLACES.values(), ids=PLACES.keys())
def test_a_place_prints_as_its_text_and_survives_copies(place: Location, text: str) -> None:
    assert (str(place), json.dumps(place)) == (text, json.dumps(text))
    for copied in (copy.deepcopy(place), pickle.loads(pickle.dumps(place))):
        assert (type(copied), copied, repr(copied)) == (type(place), place, repr(place))


def test_a_place_cannot_be_changed() -> None:
    with pytest.raises(AttributeError):
        FileLine("flow.py", 3).line = 4


def test_parts_are_read_not_parsed() -> None:
    # A file name holding `:12` is not a line number.
    place = FileLine("odd:12.py", 3)
    assert (place.file, place.line, place.sort_key()) == ("odd:12.py", 3, ("odd:12.py", 3))
    assert Text("odd.py:12").sort_key() == ("", 0)


def test_an_absolute_file_path_is_not_taken_for_a_json_pointer() -> None:
    document = AslDocument("x.asl.json", '{\n "StartAt": "A"\n}\n', {"StartAt": "A"})
    at_python_line = error("python-error", "boom", FileLine("/abs/flow.py", 3))
    at_pointer = error("unknown-target", "no", Pointer("/StartAt"))
    assert [str(d.location) for d in document.localise([at_python_line, at_pointer])] == [
        "/abs/flow.py:3",
        "x.asl.json:2 /StartAt",
    ]


@pytest.mark.parametrize(("a", "b"), [(9, 2), (2, 9)])
def test_run_and_validate_sort_by_the_line_of_typed_places(a: int, b: int) -> None:
    states = {"A": {"Type": "Pass", "Next": "Nope"}, "B": {"Type": "Pass"}}
    machine = parse_machine({"StartAt": "A", "States": states})
    places = {"/States/A": FileLine("f.py", a), "/States/B": FileLine("f.py", b)}
    found = [str(d.location) for d in validate_source(Source("x", machine, locations=places)) if d.is_error]
    assert found == sorted(found, key=lambda text: int(text.rpartition(":")[2]))
    assert set(found) == {f"f.py:{a}", f"f.py:{b}"}


DUPLICATE: dict[str, Any] = {
    "StartAt": "P",
    "States": {
        "P": {
            "Type": "Parallel",
            "Branches": [{"StartAt": "a;b", "States": {"a;b": {"Type": "Succeed"}}}],
            "Next": "a;b",
        },
        "a;b": {"Type": "Succeed"},
    },
}


def test_the_other_place_of_a_duplicate_is_a_value_not_read_back_from_the_message(tmp_path: Path) -> None:
    (found,) = [d for d in check_document(DUPLICATE) if d.code == "duplicate-state-name"]
    assert found.mention is not None and found.mention.place == "/States/a;b"
    path = tmp_path / "dup.asl.json"
    path.write_text(json.dumps(DUPLICATE, indent=1))
    (in_file,) = [d for d in flowdsl.validate(path) if d.code == "duplicate-state-name"]
    line, top = read_asl(path).line_of("/States/a;b"), read_asl(path).line_of("/States")
    assert line is not None and top is not None and line > top
    # A ';' in the state name once cut the regex that found this place short.
    assert f"also at line {line} (/States/a;b); names must be unique" in in_file.message


def test_list_items_are_named_by_the_model_not_by_rewriting_its_message() -> None:
    data = {
        "StartAt": "A",
        "States": {"A": {"Type": "Task", "Resource": "x", "End": True, "Retry": [{"ErrorEquals": [1]}]}},
    }
    with pytest.raises(ValidationError) as caught:
        parse_machine(data)
    plain = structure_diagnostics(caught.value)
    named = structure_diagnostics(caught.value, item_names=True)
    assert [d.location for d in plain] == [d.location for d in named] == ["/States/A/Retry/0/ErrorEquals/0"]
    assert plain[0].message.startswith("'0'") and named[0].message.startswith("'ErrorEquals[0]'")
