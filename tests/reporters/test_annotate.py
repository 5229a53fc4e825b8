"""``--annotate DIR``: annotated copies of the input workbooks, reopened with openpyxl.

The inputs must stay byte-identical; the copies carry fills and comments where the
violations point, keep the workbook's own formulas, and make formula-like text inert.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment
from support import cli_no_traceback

import rectikit
from rectikit.engine.result import CheckResult
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.annotate import (
    PROPERTY,
    AnnotateWarning,
    annotate_inputs,
    annotated_name,
    comment_text,
    is_annotated_copy,
    written_by_rectikit,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee"
SHEET = "采购台账"
VENDOR = '=HYPERLINK("http://x","点击")'
RED, AMBER, BLUE = "FFC7CE", "FFEB9C", "DDEBF7"


def make_book(path: Path) -> Path:
    """A procurement workbook: a vendor that looks like a formula (stored as text), a real
    formula, a cell with a comment of its own, a merged range and a second sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(["编号", "供应商", "预算", "合计", "备注", "说明", ""])
    sheet.append(["P1", VENDOR, 52000, "=C2*2", "原有备注", "合并", None])
    sheet.append(["@SUM(1)", "城东文具", 8000, "=C3*2", None, None, None])
    sheet.append(["P3", "-2+3", 9000, None, None, None, None])
    sheet["B2"].data_type = "s"  # text, as Excel stores a typed-in '=HYPERLINK
    sheet["E2"].comment = Comment("审计已核对", "张会计")
    sheet.merge_cells("F2:G2")
    book.create_sheet("说明").append(["本表为测试数据"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def violation(
    code: str,
    file: str,
    *,
    sheet: str | None = SHEET,
    row: int | None = 2,
    cell: str | None = None,
    severity: Severity = Severity.ERROR,
    message: str = "",
    letters: dict[str, str] | None = None,
) -> Violation:
    return Violation(
        code=code,
        name=code.lower(),
        severity=severity,
        kind=None if code.startswith("DAT") else "procurement",
        subject=f"{code}-{row}-{cell}",
        message=message or f"{code} 的说明",
        location=Location(file, row, "budget", sheet, cell, letters=letters),
    )


def result_of(*violations: Violation) -> CheckResult:
    data = tuple(v for v in violations if v.code.startswith("DAT"))
    return CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=3,
        violations=tuple(v for v in violations if not v.code.startswith("DAT")),
        data_errors=data,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rgb(cell: Any) -> str:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill.fill_type == "solid" else ""


class Warnings(list[str]):
    def __call__(self, message: str) -> None:
        assert "\n" not in message  # one line each
        self.append(message)


# -- the marks -----------------------------------------------------------------------------


def test_cells_highlighted_and_commented(tmp_path: Path) -> None:
    data = tmp_path / "data"
    book = make_book(data / "采购台账.xlsx")
    before, mtime = digest(book), book.stat().st_mtime_ns
    name = "采购台账.xlsx"
    result = result_of(
        violation("PRC001", name, cell="C2", message="预算 52,000.00 元，超过限额"),
        violation("PRC003", name, cell="C2", severity=Severity.WARNING, message="未编制采购文件"),
        violation("PRC002", name, cell="E2", severity=Severity.INFO),
        violation("PRC005", name, row=3, letters={"id": "A", "budget": "C"}),  # row only
        violation("PRC002", name, row=4, letters={"budget": "C", "vendor": "B"}),
        violation("PRC001", name, cell="G2", severity=Severity.WARNING),  # merged into F2
        violation("DAT003", name, row=4, cell="D4"),
        violation("PRC001", name, row=None),  # the whole file: left to the report
        violation("PRC001", name, sheet="没有这个表", cell="A1"),
    )
    warned = Warnings()
    out = tmp_path / "out"
    written = annotate_inputs(result, [data], out, warn=warned)

    assert written == [out / "采购台账.annotated.xlsx"]
    assert digest(book) == before and book.stat().st_mtime_ns == mtime
    assert warned == [
        "采购台账.xlsx: 1 mark(s) point at a sheet or cell the workbook does not have"
    ]

    sheet = openpyxl.load_workbook(written[0])[SHEET]
    c2 = sheet["C2"]
    assert rgb(c2) == RED  # the worst of the two
    assert c2.comment.author == "rectikit"
    assert (
        c2.comment.text == "PRC001（错误）预算 52,000.00 元，超过限额\nPRC003（警告）未编制采购文件"
    )
    assert c2.value == 52000  # values untouched
    e2 = sheet["E2"]
    assert rgb(e2) == BLUE
    assert e2.comment.text == "审计已核对\n\nrectikit:\nPRC002（提示）PRC002 的说明"
    assert rgb(sheet["A3"]) == RED and sheet["A3"].comment.text.startswith("PRC005（错误）")
    assert rgb(sheet["B4"]) == RED  # the table's first column: B
    assert sheet["A4"].comment is None
    assert rgb(sheet["F2"]) == AMBER and "PRC001（警告）" in sheet["F2"].comment.text
    assert rgb(sheet["D4"]) == RED and sheet["D4"].comment.text.startswith("DAT003")
    marked = {c.coordinate for row in sheet.iter_rows() for c in row if c.comment is not None}
    assert marked == {"C2", "E2", "A3", "B4", "F2", "D4"}
    assert "F2:G2" in {str(r) for r in sheet.merged_cells.ranges}
    assert openpyxl.load_workbook(written[0]).sheetnames == [SHEET, "说明"]


def test_formulas_kept_and_formula_like_text_inert(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_book(data / "采购台账.xlsx")
    result = result_of(violation("PRC001", "采购台账.xlsx", cell="C2"))
    (copy,) = annotate_inputs(result, [data], tmp_path / "out", warn=Warnings())
    sheet = openpyxl.load_workbook(copy)[SHEET]
    assert sheet["D2"].data_type == "f" and sheet["D2"].value == "=C2*2"  # the input's own
    for ref, text in (("B2", VENDOR), ("A3", "@SUM(1)"), ("B4", "-2+3")):
        cell = sheet[ref]
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix, ref
    assert not sheet["B3"].quotePrefix
    with zipfile.ZipFile(copy) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    assert formulas == ["C2*2", "C3*2"]  # the vendor never became a formula


def test_comment_text() -> None:
    items = [
        violation("PRC003", "a.xlsx", severity=Severity.WARNING, message="二"),
        violation("PRC001", "a.xlsx", message="一"),
    ]
    assert comment_text(items) == "PRC001（错误）一\nPRC003（警告）二"
    assert comment_text(items, "en") == "PRC001 (error) 一\nPRC003 (warning) 二"


def test_names() -> None:
    assert annotated_name(Path("x/采购台账.xlsx")) == "采购台账.annotated.xlsx"
    assert annotated_name(Path("宏.XLSM")) == "宏.annotated.xlsm"
    assert is_annotated_copy(Path("采购台账.annotated.xlsx"))
    assert not is_annotated_copy(Path("采购台账.xlsx"))
    assert not is_annotated_copy(Path("notes.annotated.csv"))


# -- which files, and where ----------------------------------------------------------------


def test_only_workbooks_with_marks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_book(data / "a.xlsx")
    make_book(data / "b.xlsx")
    (data / "c.csv").write_text("编号\nP1\n", encoding="utf-8")
    result = result_of(
        violation("PRC001", "b.xlsx", cell="C2"),
        violation("PRC001", "c.csv", sheet=None),
    )
    written = annotate_inputs(result, [data], tmp_path / "out", warn=Warnings())
    assert [p.name for p in written] == ["b.annotated.xlsx"]
    assert annotate_inputs(result_of(), [data], tmp_path / "none") == []
    assert not (tmp_path / "none").exists()


def test_subfolders_are_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_book(data / "2023" / "采购台账.xlsx")
    make_book(data / "2024" / "采购台账.xlsx")
    result = result_of(
        violation("PRC001", "2023/采购台账.xlsx", cell="C2"),
        violation("PRC002", "2024/采购台账.xlsx", cell="C3"),
    )
    out = tmp_path / "out"
    written = annotate_inputs(result, [data], out, warn=Warnings())
    assert written == [
        out / "2023" / "采购台账.annotated.xlsx",
        out / "2024" / "采购台账.annotated.xlsx",
    ]
    second = openpyxl.load_workbook(written[1])[SHEET]
    assert second["C3"].comment is not None and second["C2"].comment is None


def test_a_file_given_directly(tmp_path: Path) -> None:
    book = make_book(tmp_path / "in" / "采购台账.xlsx")
    result = result_of(violation("PRC001", "采购台账.xlsx", cell="C2"))
    written = annotate_inputs(result, [str(book)], str(tmp_path / "out"), warn=Warnings())
    assert written == [tmp_path / "out" / "采购台账.annotated.xlsx"]


def test_dir_is_the_dataset_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    book = make_book(data / "采购台账.xlsx")
    before = digest(book)
    result = result_of(violation("PRC001", "采购台账.xlsx", cell="C2"))
    warned = Warnings()
    (copy,) = annotate_inputs(result, [data], data, warn=warned)
    assert copy == data / "采购台账.annotated.xlsx" and digest(book) == before
    assert warned == []  # a folder walk never reads the copies as data
    # again: the earlier copy (now found among the inputs) is replaced, not annotated
    warned.clear()
    assert annotate_inputs(result, [data], data, warn=warned) == [copy]
    assert sorted(p.name for p in data.iterdir()) == ["采购台账.annotated.xlsx", "采购台账.xlsx"]
    assert digest(book) == before


def test_replaces_only_its_own_copies(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_book(data / "采购台账.xlsx")
    out = tmp_path / "out"
    foreign = out / "采购台账.annotated.xlsx"
    make_book(foreign)  # someone's own file with that name
    before = digest(foreign)
    result = result_of(violation("PRC001", "采购台账.xlsx", cell="C2"))
    warned = Warnings()
    assert annotate_inputs(result, [data], out, warn=warned) == []
    assert digest(foreign) == before
    assert warned == [
        f"采购台账.xlsx: not annotated: {foreign} exists and is not a copy rectikit wrote"
    ]
    foreign.unlink()
    (copy,) = annotate_inputs(result, [data], out, warn=warned)
    assert written_by_rectikit(copy)
    props = openpyxl.load_workbook(copy).custom_doc_props
    assert props[PROPERTY].value == "采购台账.xlsx"
    # a later run replaces it (and a copy never carries the property twice)
    later = result_of(violation("PRC002", "采购台账.xlsx", cell="C3"))
    assert annotate_inputs(later, [data], out, warn=warned) == [copy]
    sheet = openpyxl.load_workbook(copy)[SHEET]
    assert sheet["C2"].comment is None and sheet["C3"].comment is not None
    assert not written_by_rectikit(tmp_path / "missing.xlsx")


def test_unreadable_workbook_is_one_warning(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_book(data / "good.xlsx")
    (data / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = result_of(
        violation("PRC001", "broken.xlsx", cell="C2"),
        violation("PRC001", "good.xlsx", cell="C2"),
    )
    warned = Warnings()
    written = annotate_inputs(result, [data], tmp_path / "out", warn=warned)
    assert [p.name for p in written] == ["good.annotated.xlsx"]
    assert len(warned) == 1 and warned[0].startswith("broken.xlsx: cannot open to annotate: ")
    assert not (tmp_path / "out" / "broken.annotated.xlsx").exists()


def test_default_warning_channel(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "broken.xlsx").write_bytes(b"garbage")
    result = result_of(violation("PRC001", "broken.xlsx", cell="C2"))
    with pytest.warns(AnnotateWarning, match="broken.xlsx: cannot open"):
        assert annotate_inputs(result, [data], tmp_path / "out") == []


def test_out_dir_that_cannot_be_made(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_book(data / "采购台账.xlsx")
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    result = result_of(violation("PRC001", "采购台账.xlsx", cell="C2"))
    warned = Warnings()
    assert annotate_inputs(result, [data], blocker, warn=warned) == []
    assert len(warned) == 1 and warned[0].startswith("采购台账.xlsx: cannot write ")


def test_xlsm_keeps_its_suffix(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_book(data / "宏.xlsm")
    result = result_of(violation("PRC001", "宏.xlsm", cell="C2"))
    (copy,) = annotate_inputs(result, [data], tmp_path / "out", warn=Warnings())
    assert copy.name == "宏.annotated.xlsm"
    book = openpyxl.load_workbook(copy, keep_vba=True)
    try:
        assert book[SHEET]["C2"].comment is not None
    finally:
        book.vba_archive.close()
        book.close()


# -- the library and the command line on real checks ---------------------------------------


def copy_example(tmp_path: Path) -> Path:
    data = tmp_path / "example"
    shutil.copytree(EXAMPLE, data)
    return data


def test_library_on_the_example(tmp_path: Path) -> None:
    data = copy_example(tmp_path)
    book = data / "采购台账.xlsx"
    before = digest(book)
    result = rectikit.check(data, as_of="2023-12-31")
    written = annotate_inputs(result, [data], tmp_path / "out", warn=Warnings())
    assert written == [tmp_path / "out" / "采购台账.annotated.xlsx"]
    assert digest(book) == before
    sheet = openpyxl.load_workbook(written[0])[SHEET]
    marks = {c.coordinate: c for row in sheet.iter_rows() for c in row if c.comment}
    expected = {
        v.location.cell: v
        for v in result.all
        if v.location.file == "采购台账.xlsx" and v.location.cell
    }
    assert set(marks) == set(expected) and expected
    for ref, v in expected.items():
        assert f"{v.code}（" in marks[ref].comment.text and v.message in marks[ref].comment.text
        assert rgb(marks[ref]) in (RED, AMBER, BLUE)


def test_cli_annotate(tmp_path: Path) -> None:
    data = copy_example(tmp_path)
    book = data / "采购台账.xlsx"
    before = digest(book)
    out = tmp_path / "annotated"
    argv = ("check", str(data), "--as-of", "2023-12-31", "--annotate", str(out))
    code, _, err = cli_no_traceback(*argv)
    assert code == 1
    copy = out / "采购台账.annotated.xlsx"
    assert f"rectikit: annotated {copy}" in err
    assert copy.exists() and digest(book) == before
    # a second run replaces its own copy
    code, _, err = cli_no_traceback(*argv)
    assert f"rectikit: annotated {copy}" in err and "warning" not in err
    assert sorted(p.name for p in out.iterdir()) == [copy.name]


def test_cli_annotate_warns_in_one_line(tmp_path: Path) -> None:
    data = copy_example(tmp_path)
    blocker = tmp_path / "blocked"
    blocker.write_text("", encoding="utf-8")
    code, _, err = cli_no_traceback(
        "check",
        str(data),
        "--as-of",
        "2023-12-31",
        "--annotate",
        str(blocker),
        "-o",
        str(tmp_path / "r.json"),
    )
    assert code == 1
    lines = [line for line in err.splitlines() if "采购台账.xlsx" in line]
    assert len(lines) == 1 and lines[0].startswith("rectikit: warning: 采购台账.xlsx: cannot write")


def test_cli_injected_text_stays_inert_in_the_copy(tmp_path: Path) -> None:
    """A vendor ``=HYPERLINK(...)`` and an id ``@SUM(1)`` in an XLSX input."""
    data = tmp_path / "data"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(
        ["编号", "项目名称", "预算金额（元）", "组织形式", "采购方式", "成交供应商", "采购日期"]
    )
    sheet.append(["@SUM(1)", "打印机", 50000, "自行采购", "定向采购", VENDOR, "2023-05-06"])
    sheet["F2"].data_type = "s"
    data.mkdir()
    path = data / "采购台账.xlsx"
    book.save(path)
    before = digest(path)
    out = tmp_path / "out"
    code, _, _ = cli_no_traceback(
        "check", str(data), "--as-of", "2023-12-31", "--select", "PRC001", "--annotate", str(out)
    )
    assert code == 1 and digest(path) == before
    copy = openpyxl.load_workbook(out / "采购台账.annotated.xlsx")[SHEET]
    assert copy["C2"].comment is not None and "PRC001" in copy["C2"].comment.text
    for ref, text in (("A2", "@SUM(1)"), ("F2", VENDOR)):
        assert copy[ref].value == text and copy[ref].data_type == "s" and copy[ref].quotePrefix
    with zipfile.ZipFile(io.BytesIO((out / "采购台账.annotated.xlsx").read_bytes())) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
