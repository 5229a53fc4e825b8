"""The XLSX ledger: layout, reading what offices keep (merged cells, English headers),
errors with sheet and cell, and TOML <-> XLSX conversion."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from support import EXAMPLE_TOML, WriteLedger

from rectikit.ledger.files import (
    LedgerError,
    convert_ledger,
    ledger_to_toml,
    load_ledger,
    load_ledger_toml,
    load_ledger_xlsx,
    save_ledger,
    save_ledger_xlsx,
)
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target
from rectikit.model.location import Location

HEADERS = [
    "问题编号",
    "问题",
    "类别",
    "责任领导",
    "责任部门",
    "状态",
    "整改时限",
    "来源",
    "措施编号",
    "整改措施",
    "措施责任单位",
    "措施完成时限",
    "完成日期",
    "佐证材料",
]

RICH = Ledger(
    inspection=Inspection(title="巡察", feedback=date(2023, 6, 27), extra={"联系人": "王五"}),
    declared={"total": 3, "completed": 1},
    findings=(
        Finding(
            id="F01",
            title="专题研究不到位",
            units=("办公室", "组织部"),
            status=Status.COMPLETED,
            deadline=date(2023, 9, 27),
            source="PRC002:P2023-017",
            extra={"备注": "重点"},
            measures=(
                Measure(
                    id="F01-1",
                    text="召开会议",
                    owner="办公室",
                    due=date(2023, 8, 31),
                    done=date(2023, 8, 3),
                    evidence=("会议纪要", "签到表"),
                    extra={"审核人": "张三"},
                ),
                Measure(id="F01-2", text="=制定清单", due=date(2023, 9, 15)),
            ),
            targets=(
                Target(name="覆盖率", goal=Decimal("0.95"), actual=Decimal("0.5"), unit="%"),
                Target(name="资金", goal=Decimal("12345678.12")),
            ),
        ),
        Finding(id="F02", title="尚无措施", category="作风建设", owner="副书记"),
        Finding(
            id="F03",
            title="监督不力",
            status=Status.EFFECTIVE,
            measures=(Measure(id="F03-1", text="紧盯环节"),),
        ),
    ),
    next_steps=("持续巩固整改成果。", "建立长效机制。"),
)


def values(ws: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


# --- writing ---------------------------------------------------------------------------


def test_workbook_layout(tmp_path: Path, write_ledger: WriteLedger) -> None:
    path = tmp_path / "ledger.xlsx"
    save_ledger_xlsx(load_ledger(write_ledger(EXAMPLE_TOML, "example.toml")), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["整改台账", "量化目标", "巡察信息"]
    main = wb["整改台账"]
    rows = values(main)
    assert list(rows[0]) == HEADERS
    assert rows[1][:9] == (
        "F01",
        "工委专题研究全面从严治党不到位",
        "全面从严治党",
        "工委书记",
        "办公室",
        "已完成",
        datetime(2023, 9, 27),
        "inspection",
        "F01-1",
    )
    assert rows[1][13] == "工委会议纪要（2023-08-03）"
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])
    assert main["G2"].number_format == "yyyy-mm-dd"
    assert main["M2"].number_format == "yyyy-mm-dd"
    assert main["J2"].alignment.wrap_text
    assert main.column_dimensions["J"].width > main.column_dimensions["A"].width
    targets = values(wb["量化目标"])
    assert list(targets[0]) == [
        "问题编号",
        "目标",
        "目标值",
        "实际值",
        "统计日期",
        "起始日期",
        "完成时限",
        "单位",
    ]
    assert targets[1][:4] == ("F01", "巡学旁听单位数", 52, 20)
    info = dict(values(wb["巡察信息"])[1:])
    assert info["标题"] == "市委第一巡察组对市委市级机关工委的巡察"
    assert info["进驻日期"] == datetime(2023, 5, 26)
    assert info["声明.total"] == 25 and info["声明.effective"] == 17
    assert values(wb["巡察信息"])[0] == ("项目", "内容")


def test_rich_ledger_layout_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    save_ledger_xlsx(RICH, path)
    wb = openpyxl.load_workbook(path)
    rows = values(wb["整改台账"])
    assert rows[0][14:] == ("备注", "措施.审核人")
    assert [r[0] for r in rows[1:]] == ["F01", "F01", "F02", "F03"]  # finding columns repeated
    assert rows[1][4] == "办公室、组织部" and rows[1][13] == "会议纪要\n签到表"
    assert rows[2][9] == "=制定清单"  # text, not a formula
    assert rows[3][8:] == (None,) * 8  # a finding without measures: blank measure columns
    info = values(wb["巡察信息"])
    assert [r for r in info if r[0] == "下一步工作打算"] == [
        ("下一步工作打算", "持续巩固整改成果。"),
        ("下一步工作打算", "建立长效机制。"),
    ]

    loaded = load_ledger_xlsx(path, "ledger.xlsx")
    assert loaded == RICH
    assert loaded.findings[0].extra == {"备注": "重点"}
    assert loaded.findings[0].measures[0].extra == {"审核人": "张三"}
    assert loaded.inspection.extra == {"联系人": "王五"}
    assert [f.location for f in loaded.findings] == [
        Location("ledger.xlsx", row, None, "整改台账") for row in (2, 4, 5)
    ]
    assert [m.location.row for m in loaded.findings[0].measures] == [2, 3]


def test_save_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    save_ledger(RICH, path)
    first = path.read_bytes()
    save_ledger(attrs.evolve(RICH, next_steps=()), path)
    assert (tmp_path / "ledger.xlsx.bak").read_bytes() == first
    assert load_ledger(tmp_path / "ledger.xlsx").next_steps == ()


# --- TOML <-> XLSX ---------------------------------------------------------------------


def test_toml_xlsx_toml_is_lossless_on_the_example(
    tmp_path: Path, write_ledger: WriteLedger
) -> None:
    source = write_ledger(EXAMPLE_TOML)
    original = load_ledger(source)
    convert_ledger(source, tmp_path / "ledger.xlsx")
    assert load_ledger(tmp_path / "ledger.xlsx") == original
    back = tmp_path / "back.toml"
    convert_ledger(tmp_path / "ledger.xlsx", back)
    again = load_ledger(back)
    assert again == original
    assert back.read_text(encoding="utf-8") == ledger_to_toml(original)


def test_converting_onto_an_existing_toml_keeps_its_comments(
    tmp_path: Path, write_ledger: WriteLedger
) -> None:
    source = write_ledger(EXAMPLE_TOML)
    xlsx = tmp_path / "ledger.xlsx"
    convert_ledger(source, xlsx)
    wb = openpyxl.load_workbook(xlsx)
    wb["整改台账"]["F2"] = "已销号"  # the office closes the finding in Excel
    wb.save(xlsx)
    convert_ledger(xlsx, source)
    text = source.read_text(encoding="utf-8")
    assert text == EXAMPLE_TOML.replace('status = "completed"', 'status = "verified"')
    assert load_ledger_toml(source).ledger.findings[0].status is Status.VERIFIED


# --- reading what offices keep ---------------------------------------------------------


def build(
    path: Path,
    rows: list[list[Any]],
    *,
    merges: tuple[str, ...] = (),
    sheet: str = "整改台账",
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    wb.save(path)
    return path


def test_merged_finding_cells(tmp_path: Path) -> None:
    F = [None] * 14

    def row(**cells: Any) -> list[Any]:
        out = list(F)
        for key, value in cells.items():
            out[HEADERS.index(key)] = value
        return out

    rows = [
        ["市委机关工委巡察整改台账"] + [None] * 13,  # a title row above the header
        HEADERS,
        row(
            问题编号="F01",
            问题="专题研究不到位",
            责任部门="办公室、组织部",
            状态="已完成",
            整改时限=date(2023, 9, 27),
            措施编号="F01-1",
            整改措施="召开会议",
            措施责任单位="办公室",
            完成日期=date(2023, 8, 3),
            佐证材料="会议纪要\n签到表",
        ),
        row(措施编号="F01-2", 整改措施="制定清单", 完成日期="2023年8月20日"),
        row(措施编号="F01-3", 整改措施="督促落实", 措施完成时限=45199),
        row(问题编号="F02", 问题="监督不力", 状态="推进中"),  # no measures
        row(问题编号="F03", 问题="作风不实", 状态="正在整改", 整改措施="开展整治"),
        row(问题编号="F03", 问题="作风不实", 状态="正在整改", 整改措施="建立制度"),  # repeated
        row(),  # blank row
        row(整改措施="跟踪问效"),  # blank id
    ]
    merges = ("A1:N1", "A3:A5", "B3:B5", "E3:E5", "F3:F5", "G3:G5", "K3:K4")
    path = build(tmp_path / "merged.xlsx", rows, merges=merges)
    ledger = load_ledger_xlsx(path, "merged.xlsx")
    f01, f02, f03 = ledger.findings
    assert f01 == Finding(
        id="F01",
        title="专题研究不到位",
        units=("办公室", "组织部"),
        status=Status.COMPLETED,
        deadline=date(2023, 9, 27),
        measures=(
            Measure(
                id="F01-1",
                text="召开会议",
                owner="办公室",
                done=date(2023, 8, 3),
                evidence=("会议纪要", "签到表"),
            ),
            Measure(id="F01-2", text="制定清单", owner="办公室", done=date(2023, 8, 20)),
            Measure(id="F01-3", text="督促落实", due=date(2023, 9, 30)),
        ),
    )
    assert f01.location == Location("merged.xlsx", 3, None, "整改台账")
    assert [m.location.row for m in f01.measures] == [3, 4, 5]
    assert f02 == Finding(id="F02", title="监督不力", status=Status.IN_PROGRESS)
    assert f03.status is Status.IN_PROGRESS
    assert [(m.id, m.text) for m in f03.measures] == [
        ("F03-1", "开展整治"),
        ("F03-2", "建立制度"),
        ("F03-3", "跟踪问效"),
    ]
    assert f03.measures[2].location.row == 10


def test_merged_cells_in_read_only_style_workbooks(tmp_path: Path) -> None:
    """Non-anchor merged cells read as blank in some tools: blank ids continue."""
    rows = [
        HEADERS,
        ["F01", "问题", None, None, None, "已完成", None, None, "F01-1", "甲"] + [None] * 4,
        [None, None, None, None, None, None, None, None, "F01-2", "乙"] + [None] * 4,
    ]
    path = build(tmp_path / "plain.xlsx", rows)
    ledger = load_ledger_xlsx(path)
    assert [m.id for m in ledger.findings[0].measures] == ["F01-1", "F01-2"]
    assert ledger.findings[0].status is Status.COMPLETED


def test_english_and_folded_headers_ignored_and_extra_columns(tmp_path: Path) -> None:
    headers = [
        "序号",
        " ID ",
        "Title",
        "ＳＴＡＴＵＳ",
        "units",
        "Measure_ID",
        "measure",
        "DUE",
        "done",
        "Evidence",
        "Source",
        "备注",
        "措施.审核人",
        "问题.级别",
    ]
    rows = [
        headers,
        [
            1,
            "F01",
            "问题一",
            "completed",
            "办公室",
            None,
            "做甲",
            "2023-08-31",
            None,
            None,
            None,
            "重点",
            "张三",
            "高",
        ],
        [
            2,
            "F01",
            "问题一",
            "completed",
            "办公室",
            None,
            "做乙",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    path = build(tmp_path / "english.xlsx", rows, sheet="Sheet1")
    ledger = load_ledger_xlsx(path)
    finding = ledger.findings[0]
    assert finding.status is Status.COMPLETED and finding.source == "inspection"
    assert [m.id for m in finding.measures] == ["F01-1", "F01-2"]  # numbered
    assert finding.measures[0].due == date(2023, 8, 31)
    assert finding.extra == {"备注": "重点", "级别": "高"}
    assert finding.measures[0].extra == {"审核人": "张三"} and finding.measures[1].extra == {}


def test_numeric_ids_read_as_text(tmp_path: Path) -> None:
    rows = [HEADERS, [1, "问题", None, None, None, None, None, None, 1.0, "措施"] + [None] * 4]
    ledger = load_ledger_xlsx(build(tmp_path / "n.xlsx", rows))
    assert ledger.findings[0].id == "1" and ledger.findings[0].measures[0].id == "1"


def test_targets_and_info_sheets(tmp_path: Path) -> None:
    rows = [HEADERS, ["F01", "问题"] + [None] * 12]
    sheets = {
        "量化目标": [
            [
                "问题编号",
                "目标",
                "目标值",
                "实际值",
                "统计日期",
                "起始日期",
                "完成时限",
                "单位",
                "口径",
            ],
            ["F01", "旁听单位数", "52", 20.0, "2023/9/25", None, None, "家", "全口径"],
            [None, "培训人次", 100],
        ],
        "巡察信息": [
            ["项目", "内容"],
            ["标题", " 巡察 "],
            ["反馈日期", "2023年6月27日"],
            ["声明.总数", 25],
            ["声明.已完成", "8"],
            ["declared.Effective", 17],
            ["下一步工作打算", "第一段\n第二段"],
            ["下一步工作打算", "第三段"],
            ["联系人", "王五"],
            [None, None],
        ],
    }
    ledger = load_ledger_xlsx(build(tmp_path / "t.xlsx", rows, extra_sheets=sheets))
    first, second = ledger.findings[0].targets
    assert first == Target(
        name="旁听单位数",
        goal=Decimal(52),
        actual=Decimal(20),
        measured=date(2023, 9, 25),
        unit="家",
    )
    assert first.extra == {"口径": "全口径"}
    assert second == Target(name="培训人次", goal=Decimal(100))
    assert ledger.inspection.title == "巡察"
    assert ledger.inspection.feedback == date(2023, 6, 27)
    assert ledger.inspection.extra == {"联系人": "王五"}
    assert ledger.declared == {"total": 25, "completed": 8, "effective": 17}
    assert ledger.next_steps == ("第一段", "第二段", "第三段")


XLSX_ERRORS = [
    # (rows of the main sheet, extra sheets, where, fragment)
    (
        [HEADERS, ["F01", "问题", None, None, None, "办理中"] + [None] * 8],
        None,
        "ledger.xlsx:整改台账!F2",
        "finding F01: unknown status '办理中'",
    ),
    (
        [HEADERS, ["F01", "问题", None, None, None, None, "2023-13-01"] + [None] * 7],
        None,
        "ledger.xlsx:整改台账!G2",
        "finding F01: 整改时限: cannot parse",
    ),
    (
        [HEADERS, ["F01"] + [None] * 8 + ["做", None, None, "昨天"] + [None]],
        None,
        "ledger.xlsx:整改台账!M2",
        "finding F01: measure F01-1: 完成日期: cannot parse",
    ),
    (
        [HEADERS, ["F01"] + [None] * 13, ["F02"] + [None] * 13, ["F01"] + [None] * 13],
        None,
        "ledger.xlsx:整改台账!A4",
        "duplicate finding id 'F01' (first at row 2)",
    ),
    (
        [HEADERS, ["F01"] + [None] * 7 + ["M"] + [None] * 5, [None] * 8 + ["M"] + [None] * 5],
        None,
        "ledger.xlsx:整改台账!I3",
        "finding F01: duplicate measure id 'M'",
    ),
    (
        [HEADERS, [None, "无编号"] + [None] * 12],
        None,
        "ledger.xlsx:整改台账!A2",
        "row without 问题编号",
    ),
    (
        [["问题", "状态"], ["x", "已完成"]],
        None,
        "ledger.xlsx:整改台账",
        "no header row naming the 问题编号 column",
    ),
    ([["问题编号", "问题编号", "问题"]], None, "ledger.xlsx:整改台账!B1", "duplicate column"),
    (
        [HEADERS, ["F01"] + [None] * 13],
        {"量化目标": [["问题编号", "目标", "目标值"], ["F09", "x", 1]]},
        "ledger.xlsx:量化目标!A2",
        "target for unknown finding 'F09'",
    ),
    (
        [HEADERS, ["F01"] + [None] * 13],
        {"量化目标": [["问题编号", "目标", "目标值"], ["F01", "x", None]]},
        "ledger.xlsx:量化目标!C2",
        "finding F01: target 'x': no 目标值",
    ),
    (
        [HEADERS, ["F01"] + [None] * 13],
        {"量化目标": [["问题编号", "目标", "目标值"], ["F01", "x", "很多很多"]]},
        "ledger.xlsx:量化目标!C2",
        "目标值: cannot parse",
    ),
    (
        [HEADERS, ["F01"] + [None] * 13],
        {"巡察信息": [["项目", "内容"], ["反馈日期", "上个月"]]},
        "ledger.xlsx:巡察信息!B2",
        "反馈日期: cannot parse",
    ),
    (
        [HEADERS, ["F01"] + [None] * 13],
        {"巡察信息": [["项目", "内容"], ["声明.total", "许多"]]},
        "ledger.xlsx:巡察信息!B2",
        "声明.total:",
    ),
]


@pytest.mark.parametrize(("rows", "sheets", "where", "fragment"), XLSX_ERRORS)
def test_errors_name_sheet_and_cell(
    tmp_path: Path,
    rows: list[list[Any]],
    sheets: dict[str, list[list[Any]]] | None,
    where: str,
    fragment: str,
) -> None:
    path = build(tmp_path / "ledger.xlsx", rows, extra_sheets=sheets)
    with pytest.raises(LedgerError) as info:
        load_ledger_xlsx(path, "ledger.xlsx")
    message = str(info.value)
    assert message.startswith(where + ": "), message
    assert fragment in message, message
    assert "\n" not in message
    assert info.value.sheet is not None


def test_unreadable_workbooks(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="cannot read"):
        load_ledger_xlsx(tmp_path / "missing.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(LedgerError, match=r"bad.xlsx: not a readable XLSX workbook"):
        load_ledger(bad)


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match=r"ledger.csv: unsupported ledger file type '.csv'"):
        load_ledger(tmp_path / "ledger.csv")
    with pytest.raises(LedgerError, match="unsupported"):
        save_ledger(RICH, tmp_path / "ledger.json")
    with pytest.raises(LedgerError, match="unsupported"):
        load_ledger(tmp_path / "ledger")


def test_suffix_case_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "LEDGER.XLSX"
    save_ledger(RICH, path)
    assert load_ledger(path) == RICH
    toml = tmp_path / "LEDGER.TOML"
    save_ledger(RICH, toml)
    assert load_ledger(toml) == RICH


def test_office_round_trip_keeps_what_a_workbook_cannot_hold(tmp_path: Path) -> None:
    source = tmp_path / "ledger.toml"
    text = """\
schema = 1                # 版本
reviewers = ["甲", "乙"]

[inspection]
title = "巡察"
secretary = "谢军"

[[finding]]
id = "F01"
title = "问题一"
status = "推进中"
priority = "高"           # 重点
tags = ["党建", "作风"]

  [[finding.measure]]
  id = "F01-1"
  text = "措施"
  reviewer = "张三"
  history = { created = 2023-07-01, by = "李四" }

[meta]
owner = "办公室"
"""
    source.write_text(text, encoding="utf-8")
    xlsx = tmp_path / "ledger.xlsx"
    convert_ledger(source, xlsx)
    wb = openpyxl.load_workbook(xlsx)
    main = wb["整改台账"]
    assert [c.value for c in main[1]][14:] == ["priority", "措施.reviewer"]
    main["F2"] = "已完成"
    main["M2"] = date(2023, 8, 3)
    main["M2"].number_format = "yyyy-mm-dd"
    wb.save(xlsx)
    convert_ledger(xlsx, source)
    assert source.read_text(encoding="utf-8") == text.replace(
        'status = "推进中"', 'status = "已完成"'
    ).replace('by = "李四" }\n', 'by = "李四" }\n  done = 2023-08-03\n')


def test_finding_notes_column(tmp_path: Path) -> None:
    with_notes = attrs.evolve(RICH.findings[0], notes=("报告中未归入措施的一段。", "另一段。"))
    ledger = RICH.replace_finding(with_notes)
    path = tmp_path / "ledger.xlsx"
    save_ledger_xlsx(ledger, path)
    rows = values(openpyxl.load_workbook(path)["整改台账"])
    assert rows[0][14:] == ("附注", "备注", "措施.审核人")  # after the known columns
    assert rows[1][14] == "报告中未归入措施的一段。\n另一段。"
    assert rows[2][14] is None  # on the finding's first row only
    loaded = load_ledger_xlsx(path)
    assert loaded == ledger and loaded.findings[0].notes == with_notes.notes
    # without notes, no column
    save_ledger_xlsx(RICH, path)
    assert "附注" not in values(openpyxl.load_workbook(path)["整改台账"])[0]
