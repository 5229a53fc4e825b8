"""write_report: the format from ``fmt`` or the suffix, atomic writes, errors."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from rectikit.ledger import report as report_package
from rectikit.ledger.files import atomic
from rectikit.ledger.report import FORMATS, ReportError, format_for, write_report
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status

LEDGER = Ledger(
    inspection=Inspection(inspector="巡察组", target="市档案馆", feedback=date(2023, 3, 1)),
    findings=(
        Finding(
            id="F1",
            title="档案数字化滞后",
            status=Status.COMPLETED,
            measures=(Measure(id="F1-1", text="完成馆藏档案数字化"),),
        ),
    ),
)


def test_formats() -> None:
    assert FORMATS == ("md", "docx", "html")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("r.md", "md"),
        ("r.markdown", "md"),
        ("R.MD", "md"),
        ("r.docx", "docx"),
        ("r.html", "html"),
        ("r.htm", "html"),
    ],
)
def test_format_from_the_suffix(name: str, fmt: str) -> None:
    assert format_for(Path(name)) == fmt


def test_fmt_wins_over_the_suffix() -> None:
    assert format_for(Path("r.txt"), "MD") == "md"
    assert format_for(Path("r.md"), ".html") == "html"


def test_unknown_format_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="unknown report format 'pdf'"):
        write_report(LEDGER, tmp_path / "r.md", "pdf")
    with pytest.raises(ReportError, match="cannot tell the report format"):
        write_report(LEDGER, tmp_path / "r.pdf")
    with pytest.raises(ReportError):
        write_report(LEDGER, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []


def test_writes_markdown_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "整改报告.md"
    write_report(LEDGER, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 市档案馆关于巡察整改情况的报告\n")
    assert "#### 1.关于“档案数字化滞后”问题的整改" in text


def test_writes_html_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.htm"
    write_report(LEDGER, path)
    raw = path.read_bytes()
    assert raw.startswith(b"<!DOCTYPE html>")
    assert "市档案馆关于巡察整改情况的报告".encode() in raw


def test_writes_docx_by_suffix(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    path = tmp_path / "report.docx"
    write_report(LEDGER, path)
    with zipfile.ZipFile(path) as archive:
        assert "word/document.xml" in archive.namelist()


def test_fmt_overrides_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    write_report(LEDGER, path, "html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_as_of_is_passed_on(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    write_report(LEDGER, path, as_of=date(2023, 5, 31))
    assert "截至2023年5月31日，巡察反馈的1个具体问题，已完成整改1个" in path.read_text("utf-8")


def test_replaces_an_existing_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    write_report(LEDGER, path)
    assert path.read_text(encoding="utf-8").startswith("# ")
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.html"
    path.write_text("old", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(ReportError, match="No space left on device"):
        write_report(LEDGER, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_missing_directory_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="cannot write"):
        write_report(LEDGER, tmp_path / "no" / "such" / "r.md")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_written_file_has_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    write_report(LEDGER, path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_reexports() -> None:
    for name in (
        "build_report",
        "render_markdown",
        "render_html",
        "render_docx",
        "write_report",
        "ReportError",
        "FORMATS",
    ):
        assert hasattr(report_package, name)
