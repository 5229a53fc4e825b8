"""The readers stream: a large CSV is read row by row in bounded memory, whatever its
encoding (detection scans in chunks), never loaded whole."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from rectikit.readers.formats import read_tables

ROWS = 50_000
ROW = "P{n},办公用品采购项目第{n}号（含安装调试）,{budget},自行采购,比价,2023-08-03,供应商{n}\n"


def write_csv(path: Path, encoding: str) -> int:
    with path.open("w", encoding=encoding, newline="") as out:
        out.write("编号,项目,预算,组织形式,采购方式,日期,供应商\n")
        for n in range(ROWS):
            out.write(ROW.format(n=n, budget=10000 + n))
    return path.stat().st_size


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_large_csv_is_read_in_bounded_memory(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "采购台账.csv"
    size = write_csv(path, encoding)
    assert size > 3_500_000
    tracemalloc.start()
    try:
        rows = 0
        for table in read_tables(path):
            assert table.headers[0] == "编号"
            for row in table.rows:
                rows += 1
                last = row
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == ROWS and last.values[0] == f"P{ROWS - 1}"
    # the file as one str would take at least its size (CJK text: twice or four times);
    # streamed, the peak is the decoder's chunks and a row or two
    assert peak < 2_000_000, f"peak {peak:,} bytes for a {size:,}-byte file"
