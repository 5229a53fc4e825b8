"""Every export of hostile text is inert: no formula in any workbook rectikit writes (the
XLSX report's every sheet, annotated copies, ledger workbooks), no markup in HTML or
Markdown, valid XML and JSON. Checked end to end through the command line, on files
reopened with openpyxl and parsed as XML/HTML.

The hostile values are what a vendor name, an id or a note could hold: formulas
(``=``, ``+``, ``-``, ``@``, also after spaces, with a leading tab or CR, in full-width
forms), HTML and script, quotes that would end an attribute, control characters.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from support import cli_no_traceback

from rectikit.reporters.safe import is_formula_like

FORMULAS = [
    '=HYPERLINK("http://evil.example","点此")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd",
    "  =1+1",
    "\t=1",
    "\r=2",
    "＝SUM(A1)",
]
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "' onmouseover='alert(3)",
    "</td></tr></table><iframe src=//evil>",
]
HEADER = ["编号", "项目", "预算", "组织形式", "采购方式", "日期", "供应商", "单位", "例外说明"]
AS_OF = "2023-12-31"


def hostile_rows() -> list[list[str]]:
    """Directed purchases over 2万 (PRC001, PRC003), ids and texts hostile."""
    values = [*FORMULAS, *MARKUP]
    return [
        [
            f"{value}#{n}",  # the subject of every violation of the row
            value,
            "5万",
            "自行采购",
            "定向采购",
            "2023-03-01",
            value,
            value,  # the unit the HTML and XLSX reports group by
            value,
        ]
        for n, value in enumerate(values)
    ]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(hostile_rows())
    (data / "采购台账.csv").write_text(buffer.getvalue(), encoding="utf-8")
    # a workbook with the same text as plain string cells, for --annotate
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "项目", "预算", "组织形式", "采购方式", "日期"])
    for n, value in enumerate([*FORMULAS, *MARKUP], start=2):
        sheet.append([f"W{n}", None, "9万", "自行采购", "定向采购", "2023-05-01"])
        cell = sheet.cell(row=n, column=2)
        cell.value = value
        cell.data_type = "s"  # text, as an office would have typed it with a quote
    book.save(data / "采购补录.xlsx")
    (data / "rectikit.toml").write_text(
        '[files]\n"采购补录.xlsx" = "procurement"\n'
        "[[waiver]]\n"
        'code = "PRC003"\n'
        f'subject = "{FORMULAS[0].replace(chr(34), chr(92) + chr(34))}#0"\n'
        'reason = "=HYPERLINK(\\"http://evil\\")"\n'
        'approver = "@approver <b>boss</b>"\n',
        encoding="utf-8",
    )
    return data


def previous_report(tmp_path: Path) -> Path:
    """A JSON report listing a violation (hostile subject) that is gone now: resolved."""
    report = {
        "tool": "rectikit",
        "as_of": "2023-06-30",
        "violations": [
            {
                "code": "PRC001",
                "subject": "=cmd|'/C calc'!A0",
                "message": "<script>alert('resolved')</script>",
                "severity": "error",
                "location": {"file": "@old.csv", "row": 2, "column": "budget"},
            }
        ],
        "data_errors": [],
    }
    path = tmp_path / "previous.json"
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


def assert_workbook_inert(path: Path) -> int:
    """No formula in the workbook; every formula-like text cell quote-prefixed.
    Returns how many formula-like cells were found (so the test can tell it looked)."""
    book = openpyxl.load_workbook(path)
    found = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                    found += 1
    return found


class _Markup(HTMLParser):
    """The tags and attributes of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def assert_html_inert(page: str) -> None:
    parser = _Markup()
    parser.feed(page)
    assert not {"img", "iframe"} & set(parser.tags)
    assert parser.tags.count("script") <= 1  # the report's own embedded script only
    assert not [name for name, _ in parser.attrs if name.startswith("on")]
    assert "alert(1)</script>" not in page and "<img src=x" not in page


def test_xlsx_report_every_sheet(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    code, _, err = cli_no_traceback(
        "check", str(dataset), "--as-of", AS_OF, "-o", str(out),
        "--compare", str(previous_report(tmp_path)),
    )  # fmt: skip
    assert code == 1, err
    book = openpyxl.load_workbook(out)
    assert len(book.worksheets) >= 5  # summary, violations, data, waived, resolved
    assert assert_workbook_inert(out) >= len(FORMULAS) * 3


def test_annotated_copies(dataset: Path, tmp_path: Path) -> None:
    copies = tmp_path / "annotated"
    code, _, err = cli_no_traceback(
        "check", str(dataset), "--as-of", AS_OF, "--format", "json", "--annotate", str(copies)
    )
    assert code == 1, err
    (copy,) = copies.glob("*.annotated.xlsx")
    assert assert_workbook_inert(copy) >= len(FORMULAS)


def test_ledger_workbooks(dataset: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "整改台账.toml"
    title = FORMULAS[0].replace('"', '\\"')
    ledger.write_text(
        "[inspection]\n"
        'title = "@巡察 =1+1"\n'
        "feedback = 2023-06-27\n\n"
        "[[finding]]\n"
        'id = "F01"\n'
        f'title = "{title}"\n'
        'owner = "+owner"\n\n'
        "  [[finding.measure]]\n"
        'id = "F01-1"\n'
        'text = "-2+3 整改"\n'
        "due = 2023-08-31\n"
        'evidence = ["=evidence()", "@x"]\n',
        encoding="utf-8",
    )
    workbook = tmp_path / "整改台账.xlsx"
    code, _, err = cli_no_traceback("ledger", "convert", str(ledger), str(workbook))
    assert code == 0, err
    assert assert_workbook_inert(workbook) >= 5
    # --to-ledger into a workbook: the findings made from hostile violations too
    synced = tmp_path / "同步台账.xlsx"
    code, _, err = cli_no_traceback(
        "check", str(dataset), "--as-of", AS_OF, "--format", "json", "--to-ledger", str(synced)
    )
    assert code == 1, err
    assert_workbook_inert(synced)


def test_html_report(dataset: Path, tmp_path: Path) -> None:
    code, out, err = cli_no_traceback(
        "check", str(dataset), "--as-of", AS_OF, "--format", "html",
        "--compare", str(previous_report(tmp_path)),
    )  # fmt: skip
    assert code == 1, err
    assert_html_inert(out)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out  # shown, as text


def test_ledger_html_report(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.toml"
    ledger.write_text(
        "[inspection]\n"
        'title = "<script>alert(1)</script>"\n'
        "feedback = 2023-06-27\n\n"
        "[[finding]]\n"
        'id = "F01"\n'
        "title = '\"><img src=x onerror=alert(2)>'\n"
        'status = "已完成"\n\n'
        "  [[finding.measure]]\n"
        'id = "F01-1"\n'
        'text = "</td></tr></table><iframe src=//evil>"\n'
        "due = 2023-08-31\n"
        "done = 2023-08-01\n",
        encoding="utf-8",
    )
    page = tmp_path / "report.html"
    code, _, err = cli_no_traceback("ledger", "report", str(ledger), "-o", str(page))
    assert code == 0, err
    assert_html_inert(page.read_text(encoding="utf-8"))


def test_markdown_report(dataset: Path) -> None:
    code, out, err = cli_no_traceback(
        "check", str(dataset), "--as-of", AS_OF, "--format", "markdown"
    )
    assert code == 1, err
    # CommonMark shows a backslash-escaped "<" as text: no tag may start unescaped
    assert re.search(r"(?<!\\)<[A-Za-z/!?]", out) is None
    assert "\\<script>alert(1)\\</script>" in out


@pytest.mark.parametrize("fmt", ["junit", "sarif", "json"])
def test_machine_formats_stay_well_formed(dataset: Path, fmt: str) -> None:
    code, out, err = cli_no_traceback("check", str(dataset), "--as-of", AS_OF, "--format", fmt)
    assert code == 1, err
    if fmt == "junit":
        root = ET.fromstring(out.encode("utf-8"))
        assert any("<script>" in (case.get("name") or "") for case in root.iter("testcase"))
    else:
        document = json.loads(out)
        assert "<script>alert(1)</script>" in json.dumps(document, ensure_ascii=False)
