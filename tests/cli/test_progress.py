"""The progress bar: only on a terminal, never next to piped or JSON output, shown only
after a delay, and erased before the report."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from support import cli

import rectikit
from rectikit.cli import main
from rectikit.cli import progress as progress_module
from rectikit.cli.progress import CheckProgress, wants_progress

AS_OF = "2023-12-31"


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def fake_tty() -> tuple[Terminal, Console]:
    stream = Terminal()
    return stream, Console(file=stream, force_terminal=True, width=100, color_system=None)


def write_purchases(folder: Path, count: int) -> None:
    rows = ["编号,项目名称,预算金额,组织形式,采购日期"]
    rows += [f"P{i},项目,1000,自行采购,2023-08-03" for i in range(count)]
    (folder / "procurement.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


# -- when ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stdout_tty", "stderr_tty", "fmt", "output", "expected"),
    [
        (True, True, "console", None, True),
        (True, True, "text", None, True),
        (True, True, "json", None, False),  # never next to JSON
        (True, True, "sarif", None, False),
        (False, True, "text", None, False),  # piped
        (False, True, "json", "report.json", True),  # the report goes to a file
        (True, False, "console", None, False),  # stderr is not a terminal
        (False, False, "xlsx", "report.xlsx", False),
    ],
)
def test_wants_progress(
    stdout_tty: bool, stderr_tty: bool, fmt: str, output: str | None, expected: bool
) -> None:
    stdout = Terminal() if stdout_tty else io.StringIO()
    stderr = Terminal() if stderr_tty else io.StringIO()
    assert wants_progress(stdout, stderr, fmt=fmt, output=output) is expected


# -- drawing -------------------------------------------------------------------------------


def test_disabled_draws_nothing() -> None:
    stream = Terminal()
    bar = CheckProgress(stream, enabled=False, delay=0)
    bar("采购台账.csv", 5000)
    bar.done()
    assert stream.getvalue() == ""


def test_draws_file_position_and_rows_then_erases() -> None:
    stream, console = fake_tty()
    bar = CheckProgress(console=console, files=["人员.csv", "采购台账.csv"], delay=0)
    assert bar.shown
    bar("采购台账.csv", 0)
    bar("采购台账.csv", 5000)
    bar.done()
    drawn = stream.getvalue()
    assert "读取 采购台账.csv" in drawn
    assert "5,000 行" in drawn
    assert "1/2" in drawn or "2/2" in drawn
    # transient: the last thing written erases the bar's line
    assert drawn.rstrip("\n").endswith("\x1b[2K") or "\x1b[2K" in drawn[-20:]
    assert not bar.shown
    bar.done()  # twice is harmless
    assert stream.getvalue() == drawn


def test_english_labels() -> None:
    stream, console = fake_tty()
    bar = CheckProgress(console=console, files=["procurement.csv"], delay=0, lang="en")
    bar("procurement.csv", 10000)
    bar.done()
    assert "reading procurement.csv" in stream.getvalue()
    assert "10,000 rows" in stream.getvalue()


def test_quiet_before_the_delay() -> None:
    stream, console = fake_tty()
    bar = CheckProgress(console=console, files=["procurement.csv"], delay=30)
    bar("procurement.csv", 5000)
    bar.done()
    assert not bar.shown
    assert stream.getvalue() == ""


def test_shows_after_the_delay_and_stops_at_done() -> None:
    stream, console = fake_tty()
    bar = CheckProgress(console=console, files=["procurement.csv"], delay=0.01)
    bar("procurement.csv", 0)
    assert bar._timer is not None
    bar._timer.join(5)
    assert bar.shown
    bar.done()
    assert "procurement.csv" in stream.getvalue()


def test_unknown_file_still_shows() -> None:
    stream, console = fake_tty()
    bar = CheckProgress(console=console, files=[], delay=0)
    bar("elsewhere.csv", 5000)
    bar.done()
    assert "elsewhere.csv" in stream.getvalue()


# -- the engine and the command line -------------------------------------------------------


def test_engine_reports_progress(tmp_path: Path) -> None:
    write_purchases(tmp_path, 5001)
    seen: list[tuple[str, int]] = []
    rectikit.check(tmp_path, as_of=AS_OF, progress=lambda f, n: seen.append((f, n)))
    assert seen == [("procurement.csv", 0), ("procurement.csv", 5000)]


def test_no_progress_when_piped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "DELAY", 0)
    write_purchases(tmp_path, 10)
    code, out, err = cli("check", str(tmp_path), "--as-of", AS_OF)
    assert code == 0
    assert err == ""
    assert "读取" not in out


def test_terminal_run_draws_on_stderr_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the bar goes to stderr and is gone before the report is printed."""
    monkeypatch.setattr(progress_module, "DELAY", 0)
    write_purchases(tmp_path, 5001)
    stdout, stderr = Terminal(), Terminal()
    code = main(["check", str(tmp_path), "--as-of", AS_OF, "--format", "text"], stdout, stderr)
    assert code == 0
    assert "读取 procurement.csv" in stderr.getvalue()
    assert "1/1" in stderr.getvalue() or "0/1" in stderr.getvalue()
    assert "读取" not in stdout.getvalue()
    assert "\x1b" not in stdout.getvalue()


def test_json_on_a_terminal_draws_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "DELAY", 0)
    write_purchases(tmp_path, 10)
    stdout, stderr = Terminal(), Terminal()
    code = main(["check", str(tmp_path), "--as-of", AS_OF, "--format", "json"], stdout, stderr)
    assert code == 0
    assert stderr.getvalue() == ""
    json.loads(stdout.getvalue())
