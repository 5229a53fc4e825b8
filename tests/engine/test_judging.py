"""Judging in two processes (the aggregate rules apart) gives what one process gives.

The tests lower :data:`~rectikit.engine.judging.MIN_RECORDS` so that the small example
is judged in two processes, and compare every part of the result with ``jobs=1``.
Each says whether the forked process's violations were used, so that a test of the
fallbacks cannot pass by never forking at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from support import assert_same_result

import rectikit
from rectikit.checks import integrity
from rectikit.engine import judging
from rectikit.engine.isolation import Isolation

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="judging is forked")

AS_OF = "2023-12-31"
EXAMPLE = Path(__file__).parents[2] / "examples" / "city-committee"


@pytest.fixture(autouse=True)
def judge_small_datasets_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(judging, "MIN_RECORDS", 0)


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The codes of each forked judgement the main process took in."""
    found: list[set[str]] = []
    original = judging.take

    def counting(engine: Any, result: Any, not_run: dict[str, str]) -> Any:
        if "reading" not in result:  # a group of kinds read elsewhere is not this
            found.append({v.code for v in result["violations"]})
        return original(engine, result, not_run)

    monkeypatch.setattr(judging, "take", counting)
    return found


def run(jobs: int, **options: Any) -> rectikit.CheckResult:
    return rectikit.check(EXAMPLE, as_of=AS_OF, jobs=jobs, **options)


def assert_same(one: rectikit.CheckResult, other: rectikit.CheckResult) -> None:
    assert_same_result(one, other, every_part=True)


def test_aggregate_rules_are_judged_apart_and_the_result_is_the_same(
    taken: list[set[str]],
) -> None:
    serial = run(1)
    assert_same(serial, run(2))
    (codes,) = taken
    assert {"PRC005", "ITG001", "MTG001"} <= codes
    assert not codes & {"PRC001", "PRC002", "AST001"}  # record rules: judged here


def test_one_job_judges_in_one_process(taken: list[set[str]]) -> None:
    run(1)
    assert taken == []


def test_a_small_dataset_is_judged_in_one_process(
    monkeypatch: pytest.MonkeyPatch, taken: list[set[str]]
) -> None:
    monkeypatch.setattr(judging, "MIN_RECORDS", 10**9)
    assert_same(run(1), run(2))
    assert taken == []


@pytest.mark.parametrize(
    "options",
    [{"select": ["PRC005", "ITG"]}, {"select": ["PRC001", "PRC002"], "ignore": ["DAT006"]}],
)
def test_no_fork_when_all_rules_are_of_one_sort(
    options: dict[str, list[str]], taken: list[set[str]]
) -> None:
    assert_same(run(1, **options), run(2, **options))
    assert taken == []


def test_a_plugin_check_keeps_judging_in_the_main_process(
    monkeypatch: pytest.MonkeyPatch, taken: list[set[str]]
) -> None:
    trusted = Isolation.trusted

    def plugin_itg(self: Isolation, cls: type) -> bool:
        return not issubclass(cls, integrity.PairCheck) and trusted(self, cls)

    monkeypatch.setattr(Isolation, "trusted", plugin_itg)
    assert_same(run(1), run(2))
    assert taken == []


def test_a_judge_that_dies_leaves_its_rules_to_the_main_process(
    monkeypatch: pytest.MonkeyPatch, taken: list[set[str]]
) -> None:
    def dying(*args: Any) -> None:
        os._exit(3)

    serial = run(1)
    monkeypatch.setattr(judging, "judged", dying)
    assert_same(serial, run(2))
    assert taken == []


def test_a_judge_that_fails_leaves_its_rules_to_the_main_process(
    monkeypatch: pytest.MonkeyPatch, taken: list[set[str]]
) -> None:
    def failing(*args: Any) -> None:
        raise MemoryError("no room")

    serial = run(1)
    monkeypatch.setattr(judging, "judged", failing)
    assert_same(serial, run(2))
    assert taken == []


def test_a_fork_that_fails_leaves_every_rule_to_the_main_process(
    monkeypatch: pytest.MonkeyPatch, taken: list[set[str]]
) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    serial = run(1)
    monkeypatch.setattr(os, "fork", no_fork)
    assert_same(serial, run(2))
    assert taken == []


def test_a_check_that_fails_apart_fails_as_in_one_process(
    monkeypatch: pytest.MonkeyPatch, taken: list[set[str]]
) -> None:
    def broken(self: Any) -> Any:
        raise ZeroDivisionError("half-years")

    monkeypatch.setattr(integrity.TalksPerHalfYear, "finish", broken)
    serial = run(1)
    assert "ITG002" in serial.not_run and any("ZeroDivisionError" in w for w in serial.warnings)
    assert_same(serial, run(2))
    assert taken and "ITG002" not in taken[0]
