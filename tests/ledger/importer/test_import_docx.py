"""Word reports (built here with python-docx): findings listed in a table, one row per
finding (with status, owner, units, deadline and other columns, or under group rows
merged across the table), and findings whose measures are Word list paragraphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import cli_no_traceback

from rectikit.ledger.files import load_ledger
from rectikit.ledger.importer import explain, import_report
from rectikit.model.ledger import Status

docx = pytest.importorskip("docx")

OPENING = (
    "根据县委巡察工作统一部署，县委第三巡察组于2024年4月8日至5月17日对县农业农村局"
    "进行了常规巡察，6月5日反馈了巡察意见。现将整改进展情况报告如下。"
)
COUNTS = "截至2024年9月5日，巡察反馈的4个问题，已完成整改3个，基本完成1个。"


def _table(document: Any, rows: list[list[str]]) -> Any:
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)  # a cell's own paragraphs
    return table


def _merged_row(table: Any, text: str) -> None:
    cells = table.add_row().cells
    cells[0].merge(cells[-1]).text = text


def test_findings_in_a_table_with_status_column(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("县农业农村局关于巡察整改进展情况的报告")
    document.add_paragraph(OPENING)
    document.add_paragraph("一、整改工作总体情况")
    document.add_paragraph(COUNTS)
    document.add_paragraph("二、巡察反馈问题整改情况")
    _table(
        document,
        [
            ["序号", "存在问题", "整改措施", "责任单位", "完成时限", "完成情况", "备注"],
            [
                "1",
                "惠农补贴发放审核不严",
                "1.对2023年补贴发放逐户复核，7月20日完成。\n2.修订《补贴发放审核办法》。",
                "计财股",
                "2024年7月31日",
                "已完成",
                "",
            ],
            [
                "2",
                "“项目资金使用进度慢”",
                "建立资金支出周调度机制，8月15日完成剩余资金拨付。",
                "项目办",
                "8月底",
                "已完成",
                "已报县财政局备案",
            ],
            [
                "3",
                "关于“合同管理不规范”问题",
                "（1）清理合同46份；（2）制定合同管理制度。",
                "办公室、法规股",
                "9月30日",
                "已整改",
                "",
            ],
            [
                "4",
                "基层站所人员不足",
                "计划10月底前通过公开招聘补充人员5名。",
                "人事股",
                "长期坚持",
                "基本完成，正在推进招聘",
                "",
            ],
        ],
    )
    document.add_paragraph("三、下一步工作打算")
    document.add_paragraph("持续巩固整改成果，建立长效机制。")
    path = tmp_path / "report.docx"
    document.save(str(path))

    result = import_report(path)
    ledger = result.ledger
    assert [(f.title, f.status) for f in ledger.findings] == [
        ("惠农补贴发放审核不严", Status.COMPLETED),
        ("项目资金使用进度慢", Status.COMPLETED),
        ("合同管理不规范", Status.COMPLETED),
        ("基层站所人员不足", Status.EFFECTIVE),
    ]
    assert dict(ledger.declared) == {"total": 4, "completed": 3, "effective": 1}
    assert [[m.text for m in f.measures] for f in ledger.findings] == [
        ["对2023年补贴发放逐户复核，7月20日完成。", "修订《补贴发放审核办法》。"],
        ["建立资金支出周调度机制，8月15日完成剩余资金拨付。"],
        ["清理合同46份；", "制定合同管理制度。"],
        ["计划10月底前通过公开招聘补充人员5名。"],
    ]
    assert [[m.done for m in f.measures] for f in ledger.findings[:2]] == [
        [date(2024, 7, 20), None],
        [date(2024, 8, 15)],
    ]
    assert ledger.findings[3].measures[0].due == date(2024, 10, 31)
    assert [f.units for f in ledger.findings] == [
        ("计财股",),
        ("项目办",),
        ("办公室", "法规股"),
        ("人事股",),
    ]
    assert [f.deadline for f in ledger.findings] == [
        date(2024, 7, 31),
        date(2024, 8, 31),
        date(2024, 9, 30),
        None,
    ]
    # what has no column of its own is kept as the finding's notes
    assert ledger.findings[1].notes == ("备注：已报县财政局备案",)
    assert ledger.findings[3].notes == ("完成情况：基本完成，正在推进招聘", "完成时限：长期坚持")
    assert ledger.next_steps == ("持续巩固整改成果，建立长效机制。",)
    assert result.unplaced == (OPENING, COUNTS)
    lines = explain(result)
    assert "F01 “惠农补贴发放审核不严” completed: table 1 row 2" in lines
    assert "  F01-1: table 1 row 2 (done 2024-07-20)" in lines
    assert "kept unplaced: paragraphs 2, 4" in lines


def test_findings_in_a_table_under_group_rows(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("区卫健委关于巡察整改情况的报告")
    document.add_paragraph(
        "区委第二巡察组于2023年9月4日至10月20日对区卫健委开展了巡察，11月10日反馈了巡察意见。"
    )
    document.add_paragraph(
        "巡察反馈的3个具体问题，已完成整改2个，取得明显成效1个。整改落实情况见下表。"
    )
    table = _table(document, [["巡察反馈问题整改清单", "", "", ""]])
    table.cell(0, 0).merge(table.cell(0, 3))
    for values in (["序号", "问题", "整改措施", "责任领导"],):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    _merged_row(table, "（一）已完成的整改事项")
    for values in (
        [
            "1",
            "医疗废物处置台账不全",
            "一是12月5日完成全区医疗废物台账核查。二是建立月报制度。",
            "分管副主任",
        ],
        ["2", "药品采购程序不规范", "1月10日修订药品采购管理办法。", "主任"],
    ):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    _merged_row(table, "（二）按计划持续推进的整改事项")
    cells = table.add_row().cells
    for cell, value in zip(
        cells,
        ["1", "家庭医生签约服务质量不高", "开展签约服务质量评估，计划3月底完成。", "分管副主任"],
        strict=True,
    ):
        cell.text = value
    path = tmp_path / "report.docx"
    document.save(str(path))

    result = import_report(path)
    ledger = result.ledger
    assert [(f.title, f.status, f.owner) for f in ledger.findings] == [
        ("医疗废物处置台账不全", Status.COMPLETED, "分管副主任"),
        ("药品采购程序不规范", Status.COMPLETED, "主任"),
        ("家庭医生签约服务质量不高", Status.EFFECTIVE, "分管副主任"),
    ]
    assert [[m.done for m in f.measures] for f in ledger.findings[:2]] == [
        [date(2023, 12, 5), None],
        [date(2024, 1, 10)],  # after the inspection started: the next year
    ]
    assert ledger.findings[2].measures[0].due == date(2024, 3, 31)
    assert dict(ledger.declared) == {"total": 3, "completed": 2, "effective": 1}
    # the table's caption row, above its header, is text: here, before any finding
    # and any section, the report's own
    assert result.unplaced[-1] == "巡察反馈问题整改清单"
    assert all(f.notes == () for f in ledger.findings)
    assert result.warnings == ()


def test_word_list_paragraphs_are_measures(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某局关于巡察整改情况的报告")
    document.add_paragraph("一、整改进展情况")
    document.add_paragraph("（一）已完成的整改事项")
    # Word numbers the heading itself: the text carries no number
    document.add_paragraph("关于“会议记录不规范”问题的整改", style="List Number")
    document.add_paragraph("针对该问题，采取以下措施：")
    document.add_paragraph("逐本核查会议记录，补正签字手续。", style="List Bullet")
    document.add_paragraph("修订《党组会议议事规则》。", style="List Bullet")
    document.add_paragraph("关于“公车管理不严”问题的整改", style="List Number")
    document.add_paragraph("完成车辆清查。")
    path = tmp_path / "report.docx"
    document.save(str(path))
    ledger = import_report(path).ledger
    first, second = ledger.findings
    assert (first.title, second.title) == ("会议记录不规范", "公车管理不严")
    assert [m.text for m in first.measures] == [
        "逐本核查会议记录，补正签字手续。",
        "修订《党组会议议事规则》。",
    ]
    assert first.extra == {"intro": "针对该问题，采取以下措施："}
    assert [m.text for m in second.measures] == ["完成车辆清查。"]


def test_cli_imports_a_table_report_to_xlsx(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    document = docx.Document()
    document.add_paragraph("某中心关于巡察整改情况的报告")
    _table(
        document,
        [
            ["序号", "问题", "整改措施", "完成情况"],
            ["1", "档案管理混乱", "完成档案整理。", "已完成"],
            ["2", "设备闲置", "计划12月调剂使用。", "持续推进"],
        ],
    )
    report = tmp_path / "report.docx"
    document.save(str(report))
    target = tmp_path / "ledger.xlsx"
    code, out, err = cli_no_traceback(
        "ledger", "import", str(report), "-o", str(target), "--explain"
    )
    assert code == 0, err
    assert out.splitlines()[0] == (
        f"wrote {target}: 2 findings (1 completed, 1 effective), 2 measures, "
        "0 paragraphs kept unplaced"
    )
    assert "F02 “设备闲置” effective: table 1 row 3" in out.splitlines()
    ledger = load_ledger(target)
    assert [(f.title, f.status) for f in ledger.findings] == [
        ("档案管理混乱", Status.COMPLETED),
        ("设备闲置", Status.EFFECTIVE),
    ]
