"""A large Map pauses the cyclic garbage collector and always resumes it as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from flowdsl.engine.collector import LARGE_MAP, CollectorPaused
from tests.engine.helpers import run, single


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_paused_inside_and_resumed_by_the_last_holder() -> None:
    gc.enable()
    with CollectorPaused():
        with CollectorPaused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    gc.disable()
    with CollectorPaused():
        pass
    assert not gc.isenabled()


def _map(items: int, fail: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    inner: dict[str, Any] = {"Type": "Fail", "Error": "E"} if fail else {"Type": "Pass", "End": True}
    processor = {"StartAt": "I", "States": {"I": inner}}
    return single({"Type": "Map", "ItemProcessor": processor}), {"x": list(range(items))}


@pytest.mark.parametrize("fail", [False, True], ids=["succeeds", "fails"])
def test_a_large_map_runs_paused_and_leaves_the_collector_on(
    fail: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = CollectorPaused.__enter__

    def spy(self: CollectorPaused) -> None:
        real(self)
        seen.append(gc.isenabled())

    monkeypatch.setattr(CollectorPaused, "__enter__", spy)
    gc.enable()
    definition, payload = _map(LARGE_MAP, fail)
    definition["States"]["S"]["ItemsPath"] = "$.x"
    execution = run(definition, payload)
    assert execution.status == ("FAILED" if fail else "SUCCEEDED")
    assert seen == [False]
    assert gc.isenabled()
