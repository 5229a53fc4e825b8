"""Write 采购台账.xlsx, the procurement ledger of the city-committee example.

The workbook is binary, so this script is its source: edit the rows here and run

    python examples/city-committee/make_xlsx.py

(any Python with openpyxl, e.g. the project's ``.venv/bin/python``). The output is
byte-for-byte reproducible: the workbook's "modified" stamp and the zip entries'
timestamps are pinned, so re-running it leaves ``git status`` clean.

The rows deliberately mix the notations real ledgers use: amounts as numbers, as
``2万元``/``1.5万``/``¥25,000.00`` text; dates as real Excel date cells and as
``2023年8月3日`` text. One date cell is wrong on purpose (``2023年9月31日``: September
has 30 days) so that the check shows what a data error (DAT003) looks like.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUTPUT = Path(__file__).resolve().with_name("采购台账.xlsx")

#: Fixed timestamp for the workbook properties and the zip entries.
STAMP = datetime(2024, 1, 5, 9, 0, 0)

HEADERS = [
    "编号",
    "项目名称",
    "采购单位",
    "品目",
    "预算金额（元）",
    "组织形式",
    "采购方式",
    "比价供应商数",
    "是否编制采购文件",
    "成交供应商",
    "成交金额",
    "采购日期",
    "例外说明",
    "备注",  # not a procurement column: kept on the record as ``extra``
]


def d(year: int, month: int, day: int) -> datetime:
    """A real Excel date cell."""
    return datetime(year, month, day)


# fmt: off
ROWS = [
    # id, project, unit, category, budget, mode, method, suppliers, docs, vendor, contract,
    # date, exception, note
    ["CG2023-001", "办公用品（第一季度）", "办公室", "货物", 12000, "自行采购", "定向采购",
     None, None, "城东文具商行", 11860, d(2023, 2, 14), None, None],
    ["CG2023-002", "党建宣传册印制", "宣传处", "货物", "¥25,000.00", "自行采购", "比价",
     "3家", "是", "宏达印务有限公司", "¥24,300.00", "2023年3月8日", None, None],
    ["CG2023-003", "机关纪委书记培训班会务服务", "纪监工委", "服务", "4.8万", "自行采购",
     "定向采购", 1, "是", "市委党校培训服务中心", "4.75万", d(2023, 4, 12), None, "培训班3天"],
    ["CG2023-004", "办公技能大赛场地及设备租赁", "办公室", "服务", "8万", "自行采购", "询价",
     "2家", "是", "星河会展服务有限公司", "7.6万", d(2023, 5, 22), None, None],
    ["CG2023-005", "市级机关运动会服装", "组织处", "货物", "15万元", "自行采购", "比价",
     3, None, "锐动体育用品有限公司", "14.2万", "2023年6月7日", None, "采购需求未留存"],
    ["CG2023-006", "机关党建信息平台运维服务", "组织处", "服务", "30万元", "自行采购", "竞争性磋商",
     3, "是", "云启信息技术有限公司", "29.5万", d(2023, 6, 26), None, None],
    ["CG2023-007", "办公用品（第三季度）", "办公室", "货物", "1.5万", "自行采购", "定向采购",
     None, None, "城东文具商行", "1.5万", "2023年8月3日", None, None],
    ["CG2023-008", "《模范机关建设优秀案例选编》编印", "宣传处", "服务", "2万元", "自行采购",
     "定向采购", None, None, "宏达印务有限公司", 19800, "2023年9月12日", None, None],
    ["CG2023-009", "廉政文化墙内容更新", "纪监工委", "服务", 18000, "自行采购", "定向采购",
     None, None, "博雅广告设计工作室", 17500, "2023年9月31日", None, "日期待核"],
    ["CG2023-010", "市级机关直属党组织书记培训班", "组织处", "服务", "42万元", "政府采购",
     "竞争性磋商", 3, "是", "某高校继续教育学院", "41.8万", d(2023, 7, 17), None, None],
    ["CG2023-011", "警示教育参观租车服务", "纪监工委", "服务", "9,800", "自行采购", "定向采购",
     None, None, "顺达旅游客运公司", 9800, d(2023, 10, 19), None, None],
    ["CG2023-012", "办公电脑更新（12台）", "办公室", "货物", "9.6万", "自行采购", "询比价",
     "3家", "是", "诚信电脑科技有限公司", "9.35万", d(2023, 11, 6), None, None],
    ["CG2023-013", "智慧党建系统功能升级", "组织处", "服务", "28万元", "自行采购", "竞争性磋商",
     "2家", "是", "云启信息技术有限公司", "27.6万", "2023年11月20日",
     "具备原系统接口资质的供应商仅2家，经工委会研究同意", None],
    ["CG2023-014", "红色书吧朗读亭（2个）", "宣传处", "货物", "二万元", "自行采购", "定向采购",
     None, None, "声悦科技有限公司", 19600, d(2023, 12, 4), None, "党费列支"],
    ["CG2023-015", "年终工作总结会会场布置", "办公室", "服务", 6500, "自行采购", "定向采购",
     None, None, "星河会展服务有限公司", 6500, d(2023, 12, 20), None, None],
]
# fmt: on


def build() -> Workbook:
    """The workbook, one sheet named after the kind."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "采购台账"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in ROWS:
        sheet.append(row)
    date_column = HEADERS.index("采购日期") + 1
    for (cell,) in sheet.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
        if isinstance(cell.value, datetime):
            cell.number_format = "yyyy-mm-dd"
    widths = [12, 30, 10, 6, 14, 10, 12, 12, 16, 24, 12, 14, 40, 14]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "rectikit example"
    workbook.properties.created = STAMP
    return workbook


def reproducible(data: bytes) -> bytes:
    """Re-pack the saved workbook with pinned timestamps (openpyxl stamps 'now')."""
    stamp = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    payload,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, payload)
    return out.getvalue()


def main() -> None:
    buffer = io.BytesIO()
    build().save(buffer)
    OUTPUT.write_bytes(reproducible(buffer.getvalue()))
    print(f"wrote {OUTPUT.name} ({len(ROWS)} rows)")


if __name__ == "__main__":
    main()
