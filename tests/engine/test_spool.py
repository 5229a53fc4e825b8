"""Violations set aside on disk in sorted runs read back as the tuple they stand for.

The engine tests lower :data:`~rectikit.engine.spool.SPOOL_BREACHES` so that a small
dataset sets its violations aside, and compare every part of the result with a run
that holds them all in memory.
"""

from __future__ import annotations

import gc
import glob
import os
import pickle
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.support import assert_same_result, counted_forks, failing_on

import rectikit
from rectikit import scratch
from rectikit.checks import procurement
from rectikit.engine import groups, sharding, spool
from rectikit.engine.result import CheckResult
from rectikit.engine.spool import Run, Spool, SpooledViolations, merged
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.json import JsonReporter

EXAMPLE = Path(__file__).parents[2] / "examples" / "city-committee"
AS_OF = "2023-12-31"


def violation(
    file: str, row: int, code: str, subject: str = "S", severity: str = "error"
) -> Violation:
    return Violation(
        code=code,
        name=code.lower(),
        severity=Severity(severity),
        kind="procurement",
        subject=subject,
        message=f"{code} at {row}",
        location=Location(file, row=row, column="预算金额"),
        details={"amount": "20000"},
    )


violations = st.builds(
    violation,
    st.sampled_from(["a.csv", "采购台账.csv"]),
    st.integers(1, 40),
    st.sampled_from(["PRC001", "PRC002", "DAT004"]),
    st.sampled_from(["P1", "P2"]),
    st.sampled_from(["error", "warning", "info"]),
)


def _spool_files() -> set[str]:
    return set(glob.glob(os.path.join(scratch.directory(), "rectikit-violations-*.bin")))


@given(st.lists(st.lists(violations, max_size=12), max_size=5), st.lists(violations, max_size=8))
def test_runs_and_held_violations_read_back_sorted_like_the_tuple(
    runs: list[list[Violation]], held: list[Violation]
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spool, "CHUNK", 3)  # runs of several chunks
        writer = Spool()
        on_disk = [writer.write(sorted(run, key=Violation.sort_key)) for run in runs]
        spooled = SpooledViolations(on_disk, sorted(held, key=Violation.sort_key))
    expected = tuple(sorted([*held, *(v for run in runs for v in run)], key=Violation.sort_key))
    assert [v.sort_key() for v in spooled] == [v.sort_key() for v in expected]
    assert sorted(map(repr, spooled)) == sorted(map(repr, expected))
    assert len(spooled) == len(expected)
    assert spooled.counts == Counter((v.code, v.severity) for v in expected)
    assert list(spooled) == list(spooled)  # gone through again, from disk again
    if expected:
        assert spooled[0].sort_key() == expected[0].sort_key()
        assert spooled[-1] in expected
        assert [v.sort_key() for v in spooled[1:3]] == [v.sort_key() for v in expected[1:3]]


def test_a_spooled_sequence_equals_its_tuple_and_takes_more_in_memory() -> None:
    items = [violation("a.csv", row, "PRC001") for row in (5, 1, 3)]
    run = Spool().write(sorted(items[:2], key=Violation.sort_key))
    spooled = SpooledViolations([run], [items[2]])
    as_tuple = tuple(sorted(items, key=Violation.sort_key))
    assert spooled == as_tuple and as_tuple == spooled
    assert spooled != as_tuple[:2]
    assert isinstance(spooled[0:2], tuple)
    extra = violation("a.csv", 2, "CFG001")
    both = merged(spooled, [extra])
    assert isinstance(both, SpooledViolations) and both.runs == spooled.runs
    assert [v.location.row for v in both] == [1, 2, 3, 5]
    assert merged(as_tuple, [extra]) == tuple(both)
    assert "3 violations, 1 runs on disk" in repr(spooled)


def test_a_run_costs_its_file_only_while_it_is_referred_to() -> None:
    before = _spool_files()
    run = Spool().write([violation("a.csv", 1, "PRC001")])
    assert isinstance(run, Run) and len(run) == 1
    assert len(_spool_files() - before) == 1
    del run
    gc.collect()
    assert _spool_files() <= before


# -- the engine -----------------------------------------------------------------------


@pytest.fixture
def spool_every(monkeypatch: pytest.MonkeyPatch) -> Any:
    def lower(count: int) -> None:
        monkeypatch.setattr(spool, "SPOOL_BREACHES", count)

    return lower


@pytest.mark.parametrize("jobs", [1, 3])
def test_a_run_that_sets_violations_aside_gives_the_same_result(
    spool_every: Any, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(sharding, "MIN_BYTES", 0)  # the example's tables cut too
    monkeypatch.setattr(groups, "MIN_PART_BYTES", 0)  # and its kinds read in groups
    forked = counted_forks(monkeypatch, groups)
    whole = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1)
    assert isinstance(whole.violations, tuple)
    spool_every(2)
    spooled = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=jobs)
    assert isinstance(spooled.violations, SpooledViolations) and spooled.violations.runs
    assert_same_result(whole, spooled)
    assert spooled.summary() == whole.summary()
    assert spooled.worst() == whole.worst()
    assert spooled.fails("warning") == whole.fails("warning")
    assert JsonReporter().to_bytes(spooled) == JsonReporter().to_bytes(whole)
    assert bool(forked) == (jobs > 1)


def test_a_result_counts_violations_set_aside_without_reading_them() -> None:
    run = Spool().write([violation("a.csv", 1, "PRC001", severity="warning")])
    held = [violation("a.csv", 2, "PRC002", severity="info")]
    result = CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=2,
        violations=SpooledViolations([run], held),
        data_errors=(),
    )
    run.chunks = []  # read back, it would now give nothing
    assert result.worst() == Severity.WARNING and result.fails("warning")
    assert not result.fails("error")
    assert result.by_code() == {"PRC001": 1, "PRC002": 1}
    assert result.by_severity() == {"error": 0, "warning": 1, "info": 1}
    assert result.summary()["violations"] == 2


def test_violations_set_aside_stay_on_disk_through_a_run_without_waivers(
    spool_every: Any,
) -> None:
    spool_every(2)
    result = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1)
    assert isinstance(result.violations, SpooledViolations)
    assert result.violations.held  # the last breaches of each check, and the notes


def test_waivers_apply_to_violations_set_aside(spool_every: Any, tmp_path: Path) -> None:
    whole = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1)
    first = whole.violations[0]
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        f'[[waiver]]\ncode = "{first.code}"\nsubject = "{first.subject}"\n'
        'reason = "批准"\napprover = "纪检组"\n',
        encoding="utf-8",
    )
    expected = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1, waivers=waivers)
    spool_every(2)
    spooled = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1, waivers=waivers)
    assert spooled.waived == expected.waived >= 1
    assert tuple(spooled.violations) == tuple(expected.violations)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(28, "No space left on device"), "OSError: [Errno 28] No space left"),
        (pickle.PicklingError("a plugin's value"), "PicklingError: a plugin's value"),
    ],
)
def test_what_cannot_be_set_aside_stays_in_memory(
    spool_every: Any, monkeypatch: pytest.MonkeyPatch, error: Exception, said: str
) -> None:
    whole = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1)

    def full(self: Any, violations: Any) -> Run:
        raise error

    monkeypatch.setattr(Spool, "write", full)
    spool_every(2)
    result = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1)
    assert isinstance(result.violations, tuple)
    assert result.violations == whole.violations
    notes = [w for w in result.warnings if "could not set violations aside" in w]
    assert len(notes) == 1 and said in notes[0]


def test_a_check_that_fails_after_setting_violations_aside_reports_none(
    spool_every: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lines = ["编号,项目名称,预算金额,组织形式,采购方式,比价供应商数,供应商,采购单位,采购日期"]
    for n in range(40):
        lines.append(
            f"P{n:03d},办公用品,350000,自行采购,直接采购,0,甲公司,办公室,2023-03-{n % 28 + 1:02d}"
        )
    (tmp_path / "采购台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    failing_on(monkeypatch, "P030")
    spool_every(4)
    result = rectikit.check(tmp_path, as_of=AS_OF, jobs=1)
    assert "PRC001" in result.not_run
    assert not [v for v in result.violations if v.code == "PRC001"]
    assert Counter(v.code for v in result.violations)["PRC004"] == 40


def test_workers_hand_their_violations_set_aside_to_the_main_process(
    spool_every: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.engine.test_sharding import rows, write

    monkeypatch.setattr(sharding, "MIN_BYTES", 0)
    handed: list[int] = []
    original = sharding._ShardedRead._merge

    def counting(self: Any, result: dict[str, Any]) -> None:
        handed.append(sum(len(runs) for runs in result["spooled"]))
        original(self, result)

    monkeypatch.setattr(sharding._ShardedRead, "_merge", counting)
    write(tmp_path, rows(3000))
    whole = rectikit.check(tmp_path, as_of=AS_OF, jobs=1)
    spool_every(50)
    spooled = rectikit.check(tmp_path, as_of=AS_OF, jobs=3)
    assert len(handed) == 2 and all(handed)  # each worker set some aside
    assert_same_result(whole, spooled)
    assert JsonReporter().to_bytes(spooled) == JsonReporter().to_bytes(whole)


def test_data_diagnostics_a_record_check_gives_are_listed_apart_when_set_aside(
    spool_every: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rectikit.checks.base import Breach

    original = procurement.DirectedOverLimit.check

    def with_notes(self: Any, record: Any) -> Any:
        found = list(original(self, record))
        note = Breach(record.id, record.location, {"detail_zh": "备注", "detail_en": "note"})
        return [*found, attrs.evolve(note, code="DAT003")]

    monkeypatch.setattr(procurement.DirectedOverLimit, "check", with_notes)
    whole = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1)
    spool_every(2)
    spooled = rectikit.check(EXAMPLE, as_of=AS_OF, jobs=1)
    assert isinstance(spooled.violations, SpooledViolations)
    assert_same_result(whole, spooled)
    assert sum(d.code == "DAT003" for d in spooled.data_errors) > 1


def test_a_worker_sets_aside_only_what_its_range_found(
    spool_every: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # the breaches of an earlier table, held by the main process when the worker is
    # forked, are the main process's: never set aside (and handed back) by the worker
    from tests.engine.test_sharding import rows, write

    monkeypatch.setattr(sharding, "MIN_BYTES", 0)
    write(tmp_path / "2022", rows(60, seed=3))
    write(tmp_path / "2023", rows(3000, seed=4))
    whole = rectikit.check(tmp_path, as_of=AS_OF, jobs=1)
    spool_every(50)
    assert_same_result(whole, rectikit.check(tmp_path, as_of=AS_OF, jobs=3))


@pytest.mark.parametrize("to_file", [True, False])
def test_the_command_line_says_when_what_was_set_aside_is_gone(
    spool_every: Any, tmp_path: Path, to_file: bool
) -> None:
    from tests.support import cli

    def gone(self: Any) -> Any:
        raise scratch.ScratchError("/tmp/rectikit-x/rectikit-violations-1.bin: gone")

    spool_every(2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SpooledViolations, "__iter__", gone)
        output = ["-o", str(tmp_path / "report.json")] if to_file else []
        code, _, err = cli("check", str(EXAMPLE), "--as-of", AS_OF, "--format", "json", *output)
    assert code == 2
    assert err.strip() == "rectikit: error: /tmp/rectikit-x/rectikit-violations-1.bin: gone"
