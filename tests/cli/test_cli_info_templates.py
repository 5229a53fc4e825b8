"""Blank templates: Chinese headers, drop-down lists for choices, notes on each header,
and what a person fills in reads back without data errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from support import cli

from rectikit.cli.templates import column_note, dropdown, template_headers, write_template
from rectikit.plugins import build_registry
from rectikit.readers.records import parser_for

AS_OF = "2023-12-31"


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


def validations(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, list[str]]:
    """Header -> the values of its drop-down list."""
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        assert str(validation.sqref) == f"{letter}2:{letter}1048576"
        found[headers[letter]] = validation.formula1.strip('"').split(",")
    return found


def test_xlsx_template_has_dropdowns_notes_and_a_frozen_header(tmp_path: Path) -> None:
    path = tmp_path / "采购台账.xlsx"
    code, out, _ = cli("schema", "procurement", "--template", str(path))
    assert code == 0 and out == f"wrote {path}\n"
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["procurement"]  # no notes sheet to misread as data
    sheet = workbook["procurement"]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1
    lists = validations(sheet)
    assert lists["组织形式"] == ["自行采购", "政府采购"]
    assert lists["采购方式"] == ["定向采购", "比价", "竞争性磋商", "公开招标"]
    assert lists["品目"] == ["货物", "服务", "工程"]
    assert lists["采购文件"] == ["是", "否"]  # a yes/no column
    assert set(lists) == {"组织形式", "采购方式", "品目", "采购文件"}
    cells = {cell.value: cell for cell in sheet[1]}
    assert "必填" in cells["预算"].comment.text and "金额" in cells["预算"].comment.text
    assert "选填" in cells["采购方式"].comment.text
    assert "单一来源" in cells["采购方式"].comment.text  # other accepted words are listed
    assert cells["预算"].fill.fgColor.rgb.endswith("FFF2CC")  # required: shaded
    assert cells["供应商"].fill.fill_type is None
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["A"].number_format == "@"  # ids stay text
    for letter in ("A", "B", "D"):
        assert 10 <= sheet.column_dimensions[letter].width <= 40


def test_english_notes(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    assert cli("schema", "talks", "--template", str(path), "--lang", "en")[0] == 0
    sheet = openpyxl.load_workbook(path)["talks"]
    cells = {cell.value: cell for cell in sheet[1]}  # headers stay Chinese
    assert "required" in cells["日期"].comment.text and "date" in cells["日期"].comment.text
    assert "blank means 一对一" in cells["形式"].comment.text


def test_every_dropdown_value_reads_back() -> None:
    registry = build_registry(builtins_only=True)
    for schema in registry.kinds.values():
        for spec in schema.fields:
            parse = parser_for(spec)
            for value in dropdown(spec):
                parse(value)  # no ValueParseError
            assert column_note(spec)
            assert column_note(spec, "en")


def test_filled_xlsx_template_reports_a_violation(tmp_path: Path) -> None:
    """The newcomer's path: a template, a row typed in with the drop-down words, a report."""
    path = tmp_path / "采购台账.xlsx"
    assert cli("schema", "采购台账", "--template", str(path))[0] == 0
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    row = dict.fromkeys(header)
    row.update(
        {
            "编号": "001",
            "项目": "会议服务",
            "预算": "5.2万",
            "组织形式": "自行采购",
            "采购方式": "定向采购",
            "采购文件": "是",
            "日期": "2023-08-03",
        }
    )
    sheet.append([row[h] for h in header])
    workbook.save(path)
    code, out, _ = cli("check", str(tmp_path), "--as-of", AS_OF, "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert doc["data_errors"] == []
    assert [(v["code"], v["subject"]) for v in doc["violations"]] == [("PRC001", "001")]


def test_csv_template_has_a_bom_and_chinese_headers(tmp_path: Path) -> None:
    path = tmp_path / "谈话.csv"
    assert cli("schema", "talks", "--template", str(path))[0] == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [
        "日期",
        "谈话人",
        "谈话对象",
        "形式",
        "主题",
    ]


def test_document_kind_has_no_template(tmp_path: Path) -> None:
    code, _, err = cli("schema", "ledger", "--template", str(tmp_path / "l.xlsx"))
    assert code == 2 and "documents" in err
    assert not (tmp_path / "l.xlsx").exists()


def test_unwritable_template_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "t.csv"
    code, _, err = cli("schema", "talks", "--template", str(target))
    assert code == 2 and "Traceback" not in err
    assert err.startswith("rectikit: error: ")


def test_write_template_library_call(tmp_path: Path) -> None:
    registry = build_registry(builtins_only=True)
    schema = registry.kinds["party_orgs"]
    write_template(tmp_path / "党组织.xlsx", [schema])
    sheet = openpyxl.load_workbook(tmp_path / "党组织.xlsx").active
    assert [cell.value for cell in sheet[1]] == template_headers(schema)
    lists = validations(sheet)
    assert lists["类型"] == ["党委", "党总支", "党支部", "纪委"]
    assert lists["状态"] == ["正常", "撤销"]
    assert lists["设党小组"] == ["是", "否"]
