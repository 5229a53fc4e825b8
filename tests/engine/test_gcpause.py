"""The cyclic garbage collector is paused over rectikit's own bulk work, and only there."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import rectikit
from rectikit.checks import procurement
from rectikit.engine import runner
from rectikit.engine.gcpause import gc_paused
from rectikit.engine.isolation import Isolation

EXAMPLE = Path(__file__).parents[2] / "examples" / "city-committee"


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_within_and_back_on_after() -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_within_a_pause_leaves_the_collector_off_until_the_outer_ends() -> None:
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_comes_back_after_an_error() -> None:
    with pytest.raises(KeyError), gc_paused():
        raise KeyError("x")
    assert gc.isenabled()


def collector_seen_by_a_check(monkeypatch: pytest.MonkeyPatch, **options: Any) -> set[bool]:
    """Whether the collector was on, each time a procurement check saw a record."""
    seen: set[bool] = set()
    check = procurement.DirectedOverLimit.check

    def watching(self: Any, record: Any) -> Any:
        seen.add(gc.isenabled())
        return check(self, record)

    monkeypatch.setattr(procurement.DirectedOverLimit, "check", watching)
    rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1, **options)
    assert gc.isenabled()  # back on once the run is over
    return seen


def test_a_run_of_built_in_checks_only_reads_with_the_collector_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert collector_seen_by_a_check(monkeypatch) == {False}


def test_a_run_with_a_plugin_check_keeps_the_collector_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trusted = Isolation.trusted

    def one_plugin(self: Isolation, cls: type) -> bool:
        return cls.__name__ != "TalksPerHalfYear" and trusted(self, cls)

    monkeypatch.setattr(Isolation, "trusted", one_plugin)
    assert collector_seen_by_a_check(monkeypatch) == {True}


def test_a_plugin_record_kind_keeps_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = runner._ours

    def foreign_talks(thing: Any) -> bool:
        return getattr(thing, "__name__", "") != "Talk" and ours(thing)

    monkeypatch.setattr(runner, "_ours", foreign_talks)
    assert collector_seen_by_a_check(monkeypatch) == {True}


def test_the_result_is_the_same_with_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    paused = rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1)
    monkeypatch.setattr(runner.Engine, "_own_code_only", lambda self, active: False)
    assert rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1) == paused


class _Node:
    """A tracked object that can be weakly referenced and hold a cycle."""

    def __init__(self) -> None:
        self.other: Any = None


def test_what_was_built_in_a_pause_is_aged_to_the_oldest_generation_unscanned() -> None:
    with gc_paused():
        built = _Node()
    assert any(thing is built for thing in gc.get_objects(generation=2))
    assert not any(thing is built for thing in gc.get_objects(generation=0))


def test_a_cycle_dropped_in_a_pause_is_still_collected_by_a_full_pass() -> None:
    import weakref

    with gc_paused():
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
    assert gone() is not None
    gc.collect()
    assert gone() is None


def test_objects_the_program_froze_stay_frozen() -> None:
    kept = _Node()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            pass
        assert gc.get_freeze_count() == frozen
        assert not any(thing is kept for thing in gc.get_objects(generation=2))
    finally:
        gc.unfreeze()
