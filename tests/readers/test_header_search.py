"""Ledgers that open with a title row above the real header."""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook

import rectikit
from rectikit.readers.records import column_letter

HEADER = ["编号", "项目名称", "预算金额（元）", "组织形式", "采购方式", "采购日期"]


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 703)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "AAA",
    ]


def test_xlsx_title_row_above_header(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["2023年采购台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(HEADER)
    sheet.append(["P1", "会议服务", 52000, "自行采购", "定向采购", datetime.datetime(2023, 8, 3)])
    sheet.append(["P2", "会议服务", "abc", "自行采购", "定向采购", datetime.datetime(2023, 8, 3)])
    book.save(tmp_path / "采购台账.xlsx")
    result = rectikit.check(tmp_path, as_of="2023-12-31", select=["PRC001"])
    assert [(v.code, v.subject, v.location.row, v.location.cell) for v in result.violations] == [
        ("PRC001", "P1", 3, "C3")
    ]
    assert [(e.code, e.location.row, e.location.cell) for e in result.data_errors] == [
        ("DAT003", 4, "C4")
    ]


def test_csv_note_rows_above_header(tmp_path: Path) -> None:
    lines = [
        "单位：某机关工委,,,,,",
        "填表日期：2023年12月31日,,,,,",
        ",".join(HEADER),
        "P1,会议服务,5.2万,自行采购,定向采购,2023年8月3日",
    ]
    (tmp_path / "采购台账.csv").write_text("\n".join(lines) + "\n", encoding="gb18030")
    result = rectikit.check(tmp_path, as_of="2023-12-31", select=["PRC001"])
    assert not result.data_errors
    assert [(v.subject, v.location.row) for v in result.violations] == [("P1", 4)]


def test_missing_column_still_reported_when_no_row_fits(tmp_path: Path) -> None:
    lines = [",".join(HEADER[:-1]), "P1,会议服务,5.2万,自行采购,定向采购"]
    (tmp_path / "采购台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = rectikit.check(tmp_path, as_of="2023-12-31")
    assert [(e.code, e.location.column) for e in result.data_errors] == [("DAT002", "date")]
    assert result.records == 0


def test_unreadable_row_during_header_search_is_dat001(tmp_path: Path) -> None:
    # the first row lacks required columns, so the next rows are read as header
    # candidates; one of them is too long for the csv module: DAT001, not a crash
    lines = ["标题", "x" * 200_000]
    (tmp_path / "采购台账.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "party_orgs.csv").write_text("编号,名称,类型,换届日期\n", encoding="utf-8")
    result = rectikit.check(tmp_path, as_of="2023-12-31")
    assert [(e.code, e.location.file) for e in result.data_errors] == [("DAT001", "采购台账.csv")]
