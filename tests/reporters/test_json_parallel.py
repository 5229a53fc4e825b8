"""A long list of violations rendered in two processes gives the very report one gives."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_json import VIOLATIONS
from tests.support import counted_forks

import rectikit
from rectikit.cli import main
from rectikit.engine import handover as handover_module
from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation
from rectikit.reporters import json as json_reporter
from rectikit.reporters.base import ReportOptions
from rectikit.reporters.json import JsonReporter

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the second half is forked")

EXAMPLE = Path(__file__).parents[2] / "examples" / "city-committee"


@pytest.fixture(autouse=True)
def split_short_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_reporter, "PARALLEL_MIN", 2)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item for each process the report forked."""
    return counted_forks(monkeypatch, json_reporter)


def report(result: CheckResult, jobs: int) -> str:
    out = io.StringIO()
    JsonReporter(ReportOptions(jobs=jobs)).write(result, out)
    return out.getvalue()


def result_of(violations: list[Violation]) -> CheckResult:
    return CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=len(violations),
        violations=tuple(violations),
        data_errors=(),
    )


@settings(max_examples=25, deadline=None)
@given(st.lists(VIOLATIONS, max_size=9))
def test_two_processes_write_what_one_writes(violations: list[Violation]) -> None:
    result = result_of(violations)
    assert report(result, 2) == report(result, 1)


def test_a_long_list_is_split_and_its_halves_joined_in_order(forks: list[int]) -> None:
    result = rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1)
    assert len(result.violations) > 20
    assert report(result, 2) == report(result, 1)
    assert forks == [1]


def test_a_compared_run_writes_its_delta_in_both_halves(tmp_path: Path, forks: list[int]) -> None:
    previous = tmp_path / "previous.json"
    first = rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1)
    previous.write_text(report(first, 1), encoding="utf-8")
    result = rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1, compare=previous)
    assert result.delta is not None
    split = report(result, 2)
    assert split == report(result, 1)
    assert all("delta" in item for item in json.loads(split)["violations"])
    assert forks == [1]


def test_one_job_never_forks(forks: list[int]) -> None:
    result = rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1)
    report(result, 1)
    assert forks == []


def test_a_short_list_is_written_here(monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    result = rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1)
    monkeypatch.setattr(json_reporter, "PARALLEL_MIN", len(result.violations) + 1)
    assert report(result, 2) == report(result, 1)
    assert forks == []


def test_a_forked_process_that_dies_leaves_its_half_to_this_one(
    monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    result = rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1)
    expected = report(result, 1)
    monkeypatch.setattr(handover_module.Handover, "send_text", lambda self, chunks: os._exit(3))
    assert report(result, 2) == expected
    assert forks == [1]


def test_a_fork_that_fails_leaves_the_whole_list_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    result = rectikit.check(EXAMPLE, as_of="2023-12-31", jobs=1)
    expected = report(result, 1)
    monkeypatch.setattr(os, "fork", no_fork)
    assert report(result, 2) == expected


def test_the_command_line_renders_in_one_process_whatever_the_jobs(
    tmp_path: Path, forks: list[int]
) -> None:
    outputs = []
    for jobs in ("1", "2"):
        output = tmp_path / f"report-{jobs}.json"
        argv = ["check", str(EXAMPLE), "--as-of", "2023-12-31", "--format", "json"]
        code = main([*argv, "-o", str(output), "--jobs", jobs], io.StringIO(), io.StringIO())
        assert code == 1
        outputs.append(output.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert forks == []  # the report's pages are not copied into a second process


def test_violations_read_back_from_disk_are_written_in_one_pass(forks: list[int]) -> None:
    from rectikit.engine.spool import Spool, SpooledViolations

    violations = sorted(
        rectikit.check(EXAMPLE, as_of="2023-12-31").violations, key=Violation.sort_key
    )
    whole = result_of(violations)
    spooled = attrs.evolve(
        whole, violations=SpooledViolations([Spool().write(violations[:20])], violations[20:])
    )
    assert report(spooled, 2) == report(whole, 1)
    assert forks == []
