"""The progress line: silent off a terminal and on short runs, in place on a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import rectikit
from rectikit.cli.progress import ProgressLine


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, delay=0)
    line("采购台账.csv", 5000)
    line.done()
    assert stream.getvalue() == ""


def test_rewrites_one_line_and_clears_it() -> None:
    stream = Terminal()
    line = ProgressLine(stream, delay=0)
    line("采购台账.csv", 5000)
    line("采购台账.csv", 10000)
    assert stream.getvalue().count("\r") == 2
    assert "10,000 行" in stream.getvalue()
    line.done()
    assert stream.getvalue().endswith("\r")


def test_engine_reports_progress(tmp_path: Path) -> None:
    rows = ["编号,项目名称,预算金额,组织形式,采购日期"]
    rows += [f"P{i},项目,1000,自行采购,2023-08-03" for i in range(5001)]
    (tmp_path / "procurement.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    seen: list[tuple[str, int]] = []
    rectikit.check(tmp_path, as_of="2023-12-31", progress=lambda f, n: seen.append((f, n)))
    assert seen == [("procurement.csv", 0), ("procurement.csv", 5000)]
