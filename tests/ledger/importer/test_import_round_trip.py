"""The round trip of the issue: import a report of the sample's genre with
``rectikit ledger import``, write the report of the imported ledger with
``rectikit ledger report``, and find in it the same findings in the same order, with
the same statuses and counts — and the same again when that report is imported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import cli_no_traceback

from rectikit.ledger.files import load_ledger
from rectikit.ledger.importer import import_report
from rectikit.model.ledger import Ledger

REPORT = Path(__file__).resolve().parent / "reports" / "city_committee.txt"
_HEADING = re.compile(r"^#### ([0-9]+)\.关于“(.+)”问题的整改$", re.MULTILINE)
_GROUP = re.compile(r"^### （[一二三]）(.+)$", re.MULTILINE)


def _import(tmp_path: Path, report: Path, name: str) -> Ledger:
    target = tmp_path / name
    code, out, err = cli_no_traceback("ledger", "import", str(report), "-o", str(target))
    assert code == 0, err
    assert out.startswith(f"wrote {target}: ")
    return load_ledger(target)


def _summary(ledger: Ledger) -> list[tuple[str, str]]:
    return [(f.title, f.effective_status.value) for f in ledger.findings]


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_import_then_report_then_import(tmp_path: Path, fmt: str) -> None:
    if fmt == "docx":
        pytest.importorskip("docx")
    first = _import(tmp_path, REPORT, "first.toml")
    assert len(first.findings) == 25
    assert first.counts()["completed"] == 8 and first.counts()["effective"] == 17
    assert dict(first.declared) == {"total": 25, "completed": 8, "effective": 17}

    written = tmp_path / f"report.{fmt}"
    code, _, err = cli_no_traceback(
        "ledger", "report", str(tmp_path / "first.toml"), "-o", str(written)
    )
    assert code == 0, err
    if fmt == "md":
        text = written.read_text(encoding="utf-8")
        # the written report lists the findings in the same order under the same groups
        titles = [m.group(2).replace("‘", "“").replace("’", "”") for m in _HEADING.finditer(text)]
        source_titles = [f.title.replace("‘", "“").replace("’", "”") for f in first.findings]
        assert titles == source_titles
        assert [m.group(1) for m in _GROUP.finditer(text)] == [
            "集中整改期内已完成的整改事项",
            "按计划持续推进的整改事项",
        ]
        assert "巡察反馈的25个具体问题，已完成整改8个，已取得明显成效17个。" in text

    second = _import(tmp_path, written, "second.toml")
    assert _summary(second) == _summary(first)
    assert second.counts() == first.counts()
    assert dict(second.declared) == {"total": 25, "completed": 8, "effective": 17}
    for mine, theirs in zip(second.findings, first.findings, strict=True):
        assert len(mine.measures) == len(theirs.measures), mine.id
        assert [m.done for m in mine.measures] == [m.done for m in theirs.measures], mine.id
        assert [(t.name, t.goal, t.actual) for t in mine.targets] == [
            (t.name, t.goal, t.actual) for t in theirs.targets
        ]
    assert second.next_steps == first.next_steps


def test_the_library_gives_what_the_command_writes(tmp_path: Path) -> None:
    written = _import(tmp_path, REPORT, "ledger.toml")
    assert written == import_report(REPORT).ledger
    assert written.extra["import"]["source"] == "city_committee.txt"


@pytest.mark.parametrize(
    "name",
    [
        "city_committee.txt",
        "district_water_gb18030.txt",
        "city_archives.md",
        "county_market_counts_mismatch.txt",
    ],
)
def test_every_fixture_survives_a_report_round_trip(name: str) -> None:
    from rectikit.ledger.importer import markdown_blocks, parse_report_paragraphs
    from rectikit.ledger.report import build_report, render_markdown

    first = import_report(REPORT.parent / name).ledger
    text = render_markdown(build_report(first))
    second = parse_report_paragraphs(markdown_blocks(text)).ledger
    assert _summary(second) == _summary(first)
    assert [[m.text for m in f.measures] for f in second.findings] == [
        [m.text for m in f.measures] for f in first.findings
    ]
    # the written report states the counts of the findings, whatever the source declared
    counts = first.counts()
    assert dict(second.declared) == {
        k: v for k, v in counts.items() if v or k in ("total", "completed", "effective")
    }
