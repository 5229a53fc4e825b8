"""``bench/xlsx_reader.py``: the reader-only XLSX benchmark runs, and its three readers
(rectikit, rectikit's exact path, openpyxl) count the same rows. No timing is asserted."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load() -> object:
    spec = importlib.util.spec_from_file_location(
        "rectikit_bench_xlsx_reader", BENCH / "xlsx_reader.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_three_readers_count_the_same_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _load()
    path = tmp_path / "采购台账.xlsx"
    bench.generate.write_procurement_xlsx(path, 250, bench.generate.DEFAULT_SEED)  # type: ignore[attr-defined]
    assert bench.main([str(path), "--repeat", "1", "--exact", "--openpyxl"]) == 0  # type: ignore[attr-defined]
    lines = capsys.readouterr().out.splitlines()[1:]
    counts = [re.search(r"([\d,]+) rows ", line).group(1) for line in lines]  # type: ignore[union-attr]
    assert len(lines) == 3 and counts == ["250"] * 3
    assert all("rows/s" in line for line in lines)
