"""Byte ranges of a CSV file: where the cuts fall, and whether a range kept to the plan."""

from __future__ import annotations

import itertools
import mmap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectikit.readers.formats import ranges
from rectikit.readers.formats.delimited import read_delimited
from rectikit.readers.formats.ranges import RangeRows, plan_ranges

HEADER = "编号,名称,金额"


def write(path: Path, lines: list[str], encoding: str = "utf-8", end: str = "\n") -> Path:
    path.write_bytes((end.join([HEADER, *lines]) + end).encode(encoding))
    return path


def one_pass(path: Path) -> list[tuple[int, tuple[object, ...]]]:
    tables = read_delimited(path, path.name)
    table = next(tables)
    return [(row.row, row.values) for row in table.rows]


def in_ranges(path: Path, count: int) -> tuple[list[tuple[int, tuple[object, ...]]], list[bool]]:
    table = next(read_delimited(path, path.name))
    parts = plan_ranges(table.origin, table.origin.header_row, count)
    assert parts is not None
    got, kept = [], []
    for part in parts:
        rows = RangeRows(table.origin, part, len(table.headers))
        got += [(row.row, row.values) for row in rows]
        kept.append(rows.kept)
    return got, kept


def test_ranges_cover_the_data_rows_after_newlines(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [f"P{i},办公用品,{i}" for i in range(1000)])
    table = next(read_delimited(path, "a.csv"))
    parts = plan_ranges(table.origin, 1, 4)
    assert parts is not None and len(parts) == 4
    data = path.read_bytes()
    assert parts[0].start == data.index(b"\n") + 1
    assert parts[-1].end == len(data)
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start and data[after.start - 1 : after.start] == b"\n"
        assert after.first_row == before.first_row + before.lines
    assert sum(part.lines for part in parts) == 1000


def test_rows_read_in_ranges_are_the_rows_of_one_pass(tmp_path: Path) -> None:
    lines = [f"P{i},{'' if i % 7 else '  '},{i}" for i in range(500)]
    lines[100] = ""  # a blank line: skipped, and counted
    path = write(tmp_path / "b.csv", lines, encoding="gb18030", end="\r\n")
    got, kept = in_ranges(path, 3)
    assert got == one_pass(path) and all(kept)


def test_a_quoted_line_break_makes_its_range_not_keep_to_the_plan(tmp_path: Path) -> None:
    lines = [f"P{i},名称,{i}" for i in range(300)]
    lines[250] = 'P250,"两行\n名称",250'
    _, kept = in_ranges(write(tmp_path / "c.csv", lines), 2)
    assert kept == [True, False]


def test_files_that_cannot_be_cut(tmp_path: Path) -> None:
    utf16 = write(tmp_path / "d.csv", [f"P{i},x,{i}" for i in range(100)], encoding="utf-16")
    table = next(read_delimited(utf16, "d.csv"))
    assert plan_ranges(table.origin, 1, 2) is None
    short = write(tmp_path / "e.csv", ["P1,x,1"])
    table = next(read_delimited(short, "e.csv"))
    assert plan_ranges(table.origin, 1, 4) is None  # one line cannot be cut
    quoted_header = tmp_path / "f.csv"
    quoted_header.write_text('"编\n号",名称,金额\n' + "P1,x,1\n" * 50, encoding="utf-8")
    table = next(read_delimited(quoted_header, "f.csv"))
    assert plan_ranges(table.origin, 1, 2) is None  # the header is not its own line


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(
        st.tuples(
            st.text(alphabet='ab," 采购\n\r', max_size=6), st.text(alphabet="12 万", max_size=4)
        ),
        min_size=2,
        max_size=60,
    ),
    count=st.integers(min_value=2, max_value=6),
)
def test_ranges_that_keep_to_the_plan_give_the_rows_of_one_pass(
    tmp_path_factory: object, cells: list[tuple[str, str]], count: int
) -> None:
    folder = tmp_path_factory.mktemp("ranges")  # type: ignore[attr-defined]
    lines = ['"' + a.replace('"', '""') + '",' + b for a, b in cells]
    path = write(folder / "g.csv", lines)
    table = next(read_delimited(path, "g.csv"))
    parts = plan_ranges(table.origin, 1, count)
    if parts is None:
        return
    expected = one_pass(path)
    got = []
    for part in parts:
        rows = RangeRows(table.origin, part, len(table.headers))
        got += [(row.row, row.values) for row in rows]
        if not rows.kept:
            return  # the engine reads the rest in one pass
    assert got == expected


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.integers(min_value=0, max_value=40), min_size=3, max_size=40),
    chunk=st.integers(min_value=1, max_value=16),
    count=st.integers(min_value=2, max_value=5),
    last_newline=st.booleans(),
)
def test_a_small_read_buffer_plans_the_same_cuts(
    tmp_path_factory: object, widths: list[int], chunk: int, count: int, last_newline: bool
) -> None:
    # newlines and cut points found across many reads of a buffer shorter than a line
    folder = tmp_path_factory.mktemp("chunks")  # type: ignore[attr-defined]
    lines = [f"P{i},{'名' * width},{i}" for i, width in enumerate(widths)]
    path = write(folder / "h.csv", lines, end="\n")
    if not last_newline:
        path.write_bytes(path.read_bytes()[:-1])
    table = next(read_delimited(path, "h.csv"))
    expected = plan_ranges(table.origin, 1, count)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ranges, "_COUNT_CHUNK", chunk)
        assert plan_ranges(table.origin, 1, count) == expected
    if expected is not None:
        assert sum(part.lines for part in expected) == len(lines)
        assert expected[-1].end == path.stat().st_size


def test_planning_reads_the_file_without_mapping_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a mapped file's pages count in the process's RSS: the whole ledger at the peak
    def no_map(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was mapped")

    monkeypatch.setattr(mmap, "mmap", no_map)
    path = write(tmp_path / "i.csv", [f"P{i},办公用品,{i}" for i in range(200)])
    table = next(read_delimited(path, "i.csv"))
    parts = plan_ranges(table.origin, 1, 2)
    assert parts is not None and sum(part.lines for part in parts) == 200
