"""A big table read in byte ranges by forked workers gives what one pass gives.

The tests lower :data:`~rectikit.engine.sharding.MIN_BYTES` so that small files are cut,
then compare every part of the result with a one-pass run (``jobs=1``): violations,
data problems, rules run and not run, warnings, record counts. Each test also says
whether the workers' work was used (merged) or dropped for a pass of the rest, so that
a test of the fallbacks cannot pass by never cutting at all.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support import assert_same_result, cli, failing_on

import rectikit
from rectikit.checks import procurement
from rectikit.engine import sharding

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")

AS_OF = "2023-12-31"
HEADER = "编号,项目名称,预算金额,组织形式,采购方式,比价供应商数,供应商,采购单位,采购日期"
VENDORS = ["甲公司", "乙公司", "丙公司"]
UNITS = ["办公室", "财务处"]
AMOUNTS = ["5000", "19999.99", "2万元", "1.5万", "20,000.00", "30万", "abc", "350000", ""]
METHODS = ["询价", "直接采购", "单一来源", "公开招标", "比价"]
MODES = ["自行采购", "自行采购", "政府采购"]


@pytest.fixture(autouse=True)
def cut_small_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharding, "MIN_BYTES", 0)


@pytest.fixture
def merges(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many workers' results were merged, one entry a worker."""
    merged: list[int] = []
    original = sharding._ShardedRead._merge

    def counting(self: Any, result: dict[str, Any]) -> None:
        merged.append(result["count"])
        original(self, result)

    monkeypatch.setattr(sharding._ShardedRead, "_merge", counting)
    return merged


def rows(count: int, seed: int = 1, duplicates: int = 0) -> list[str]:
    """``count`` procurement lines; ``duplicates`` of them reuse an earlier id."""
    pick = random.Random(seed)
    lines = []
    for number in range(count):
        ident = f"P{number:05d}"
        if duplicates and number > count // 2 and pick.random() < duplicates / count * 2:
            ident = f"P{pick.randrange(0, count // 2):05d}"
        lines.append(
            ",".join(
                [
                    ident,
                    "办公用品",
                    f'"{a}"' if "," in (a := pick.choice(AMOUNTS)) else a,
                    pick.choice(MODES),
                    pick.choice(METHODS),
                    str(pick.randrange(0, 4)),
                    pick.choice(VENDORS),
                    pick.choice(UNITS),
                    f"2023-{pick.randrange(1, 13):02d}-{pick.randrange(1, 29):02d}",
                ]
            )
        )
    return lines


def write(
    folder: Path,
    lines: list[str],
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    title: str | None = None,
    final_newline: bool = True,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    head = [title] if title is not None else []
    text = newline.join([*head, HEADER, *lines]) + (newline if final_newline else "")
    path = folder / "采购台账.csv"
    path.write_bytes(text.encode(encoding))
    return path


def run(folder: Path, jobs: int, **options: Any) -> rectikit.CheckResult:
    return rectikit.check(folder, as_of=AS_OF, jobs=jobs, **options)


def test_a_clean_table_is_read_by_the_workers_with_the_same_result(
    tmp_path: Path, merges: list[int]
) -> None:
    write(tmp_path, rows(3000))
    serial = run(tmp_path, 1)
    assert merges == []
    sharded = run(tmp_path, 3)
    assert len(merges) == 2 and all(merges)
    assert_same_result(serial, sharded)
    assert serial.records == 3000
    assert {v.code for v in serial.violations} >= {"PRC001", "PRC004", "PRC005"}
    assert any(d.code == "DAT003" for d in serial.data_errors)


def test_an_id_repeated_in_a_later_range_is_found_as_in_one_pass(
    tmp_path: Path, merges: list[int]
) -> None:
    write(tmp_path, rows(3000, duplicates=20))
    serial = run(tmp_path, 1)
    assert any(d.code == "DAT004" for d in serial.data_errors)
    sharded = run(tmp_path, 2)
    assert_same_result(serial, sharded)
    assert merges == []  # the worker's range repeats an earlier id: read again in one pass


def test_duplicates_within_one_range_are_kept_by_its_worker(
    tmp_path: Path, merges: list[int]
) -> None:
    lines = rows(3000)
    lines[2900] = lines[2800]  # both in the last range
    write(tmp_path, lines)
    serial = run(tmp_path, 1)
    sharded = run(tmp_path, 2)
    assert_same_result(serial, sharded)
    assert len(merges) == 1
    assert [d.location.row for d in sharded.data_errors if d.code == "DAT004"] == [2902]


@pytest.mark.parametrize("where", [0.2, 0.5, 0.9])
def test_a_quoted_cell_over_two_lines_gives_the_same_result(
    tmp_path: Path, where: float, merges: list[int]
) -> None:
    lines = rows(3000)
    cut = int(len(lines) * where)
    lines[cut] = lines[cut].replace("办公用品", '"办公\n用品"', 1)
    write(tmp_path, lines)
    assert_same_result(run(tmp_path, 1), run(tmp_path, 2))


def test_a_quoted_cell_cut_by_the_first_range_is_not_fed_twice(
    tmp_path: Path, merges: list[int]
) -> None:
    lines = rows(3000)
    for at in range(1000, 2000):  # a line break in a quoted cell right where the cut falls
        trial = list(lines)
        trial[at] = trial[at].replace("办公用品", '"办公\n用品"', 1)
        path = write(tmp_path, trial)
        data = path.read_bytes()
        start = data.index(b"\n") + 1
        cut = data.index(b"\n", start + (len(data) - start) // 2) + 1
        inside = data.index('"办公\n'.encode()) + len('"办公\n'.encode())
        if cut == inside:
            break
    else:
        pytest.fail("no line put the quoted line break at the cut")
    serial = run(tmp_path, 1)
    assert [d for d in serial.data_errors if d.location.row == at + 2] == []
    assert_same_result(serial, run(tmp_path, 2))
    assert merges == []


@pytest.mark.parametrize(
    ("encoding", "newline", "title", "final_newline"),
    [
        ("gb18030", "\n", None, True),
        ("utf-8-sig", "\r\n", None, True),
        ("utf-8", "\n", "2023年采购台账", True),
        ("utf-8", "\n", None, False),
    ],
)
def test_encodings_line_ends_title_rows_and_a_last_line_without_newline(
    tmp_path: Path,
    encoding: str,
    newline: str,
    title: str | None,
    final_newline: bool,
    merges: list[int],
) -> None:
    write(
        tmp_path,
        rows(2000, seed=7),
        encoding=encoding,
        newline=newline,
        title=title,
        final_newline=final_newline,
    )
    assert_same_result(run(tmp_path, 1), run(tmp_path, 2))
    assert merges == [merges[0]] and merges[0] > 0


def test_lone_carriage_returns_are_read_in_one_pass(tmp_path: Path, merges: list[int]) -> None:
    lines = rows(2000)
    write(tmp_path, [*lines[:1000], lines[1000] + "\r" + lines[1001], *lines[1002:]])
    assert_same_result(run(tmp_path, 1), run(tmp_path, 2))


def test_blank_lines_count_as_rows_in_every_range(tmp_path: Path, merges: list[int]) -> None:
    lines = rows(2000)
    for at in (10, 700, 1500, 1999):
        lines[at] = ""
    write(tmp_path, lines)
    serial = run(tmp_path, 1)
    assert_same_result(serial, run(tmp_path, 3))
    assert len(merges) == 2


def test_a_check_that_fails_in_a_worker_fails_as_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merges: list[int]
) -> None:
    failing_on(monkeypatch, "P02900")
    write(tmp_path, rows(3000))
    serial = run(tmp_path, 1)
    assert "PRC001" in serial.not_run
    assert_same_result(serial, run(tmp_path, 2))
    assert merges == []


def test_a_worker_that_dies_leaves_its_range_to_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merges: list[int]
) -> None:
    def dying(*args: Any) -> None:
        os._exit(3)

    monkeypatch.setattr(sharding, "_worker", dying)
    write(tmp_path, rows(3000))
    assert_same_result(run(tmp_path, 1), run(tmp_path, 3))
    assert merges == []


def test_one_job_never_forks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    write(tmp_path, rows(500))
    assert run(tmp_path, 1).records == 500


def test_progress_counts_every_range(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharding, "_NOTE_EVERY", 100)
    write(tmp_path, rows(3000))
    seen: list[int] = []
    result = run(tmp_path, 2, progress=lambda file, count: seen.append(count))
    assert result.records == 3000
    assert seen == sorted(seen)
    assert seen[-1] > 1500  # the worker's rows are counted with the main process's


def test_plugin_checks_that_are_not_shardable_keep_the_table_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merges: list[int]
) -> None:
    monkeypatch.setattr(procurement.SuspectedSplitPurchase, "shardable", False)
    write(tmp_path, rows(2000))
    assert_same_result(run(tmp_path, 1), run(tmp_path, 2))
    assert merges == []


def test_jobs_on_the_command_line(tmp_path: Path) -> None:
    write(tmp_path, rows(300))
    code, out, err = cli("check", str(tmp_path), "--as-of", AS_OF, "--jobs", "0")
    assert code == 2 and "1 or more" in err and "Traceback" not in err
    code, out, _ = cli("check", str(tmp_path), "--as-of", AS_OF, "--jobs", "2", "--format", "json")
    assert code == 1 and '"PRC' in out


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "count": draw(st.integers(min_value=0, max_value=400)),
        "seed": draw(st.integers(min_value=0, max_value=10_000)),
        "duplicates": draw(st.sampled_from([0, 0, 3])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])),
        "newline": draw(st.sampled_from(["\n", "\r\n"])),
        "title": draw(st.sampled_from([None, "台账"])),
        "final_newline": draw(st.booleans()),
        "quoted_break": draw(st.none() | st.floats(min_value=0, max_value=1)),
        "jobs": draw(st.integers(min_value=2, max_value=5)),
    }


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(tables())
def test_any_table_gives_the_same_result_in_ranges(tmp_path: Path, table: dict[str, Any]) -> None:
    folder = tmp_path / f"t{random.random()}"
    lines = rows(table["count"], table["seed"], table["duplicates"])
    if lines and table["quoted_break"] is not None:
        at = int(table["quoted_break"] * (len(lines) - 1))
        lines[at] = lines[at].replace("办公用品", '"办公\n用品"', 1)
    write(
        folder,
        lines,
        encoding=table["encoding"],
        newline=table["newline"],
        title=table["title"],
        final_newline=table["final_newline"],
    )
    assert_same_result(run(folder, 1), run(folder, table["jobs"]))


def test_ids_of_a_table_read_in_ranges_are_known_to_the_next_file_of_its_kind(
    tmp_path: Path, merges: list[int]
) -> None:
    lines = rows(3000)
    write(tmp_path / "2022", lines)
    write(tmp_path / "2023", [lines[2950].replace("办公用品", "再次采购"), *rows(10, seed=9)[1:]])
    serial = run(tmp_path, 1)
    repeated = [d for d in serial.data_errors if d.code == "DAT004"]
    assert len(repeated) >= 1 and repeated[0].location.file.startswith("2023")
    assert_same_result(serial, run(tmp_path, 2))
    assert len(merges) == 1


def test_jobs_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECTIKIT_JOBS", "3")
    assert sharding.default_jobs() == 3
    monkeypatch.setenv("RECTIKIT_JOBS", "many")
    write(tmp_path, rows(50))
    result = rectikit.check(tmp_path, as_of=AS_OF)
    assert any("RECTIKIT_JOBS='many'" in warning for warning in result.warnings)
    monkeypatch.delenv("RECTIKIT_JOBS")
    assert 1 <= sharding.default_jobs() <= sharding.MAX_JOBS


def test_every_kind_of_the_example_reads_alike_in_ranges(tmp_path: Path, merges: list[int]) -> None:
    example = Path(__file__).parents[2] / "examples" / "city-committee"
    serial = rectikit.check(example, as_of=AS_OF, jobs=1)
    assert_same_result(serial, rectikit.check(example, as_of=AS_OF, jobs=3))
    assert merges  # some of its tables were cut


def test_a_fork_that_fails_leaves_the_rest_to_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merges: list[int]
) -> None:
    forks: list[int] = []
    real_fork = os.fork

    def second_fails() -> int:
        forks.append(1)
        if len(forks) > 1:
            raise OSError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", second_fails)
    write(tmp_path, rows(3000))
    serial = run(tmp_path, 1)
    assert_same_result(serial, run(tmp_path, 3))
    assert len(forks) == 2 and len(merges) == 1  # the first worker's range is used


def test_ids_merged_from_one_worker_are_known_to_the_rows_read_again_after_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, merges: list[int]
) -> None:
    real_worker = sharding._worker

    def last_dies(read: Any, index: int, part: Any, pipe: int) -> None:
        if index == 2:
            os._exit(3)
        real_worker(read, index, part, pipe)

    monkeypatch.setattr(sharding, "_worker", last_dies)
    # clean rows only: a row with a bad cell takes the general path, which looks ids up
    monkeypatch.setattr(sys.modules[__name__], "AMOUNTS", ["5000", "19999.99", "2万元"])
    lines = rows(3000)
    lines[2900] = lines[1500]  # the second range's id again in the third
    write(tmp_path, lines)
    serial = run(tmp_path, 1)
    assert [d.location.row for d in serial.data_errors if d.code == "DAT004"] == [2902]
    assert_same_result(serial, run(tmp_path, 3))
    assert len(merges) == 1  # the second range merged, the third read again


def test_a_row_the_converter_fails_on_fails_as_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rectikit.readers.records import TableConverter

    real = TableConverter._convert

    def broken(self: Any, row: int, values: Any) -> Any:
        if row == 300:
            raise RuntimeError("converter bug")
        return real(self, row, values)

    monkeypatch.setattr(TableConverter, "_convert", broken)
    lines = rows(3000)
    lines[298] = lines[298].replace("办公用品", "", 1)  # row 300, blank project: general path
    write(tmp_path, lines)
    for jobs in (1, 2):  # the row is not skipped by reading on after it
        with pytest.raises(RuntimeError, match="converter bug"):
            run(tmp_path, jobs)


def test_a_row_that_stops_the_first_range_counts_the_records_read_before_it(
    tmp_path: Path, merges: list[int]
) -> None:
    lines = rows(3000, seed=5)
    lines[700] = lines[700].replace("办公用品", '"' + "长" * 200_000 + '"', 1)  # past csv's limit
    write(tmp_path, lines)
    serial = run(tmp_path, 1)
    assert any("field larger than field limit" in e.message for e in serial.data_errors)
    assert serial.records == 700
    assert_same_result(serial, run(tmp_path, 2))
    assert merges == []
