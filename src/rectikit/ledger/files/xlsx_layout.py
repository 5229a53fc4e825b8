"""The layout of the XLSX ledger, the 整改台账 workbook offices keep: sheet names,
columns (Chinese headers, English names, widths), item labels, and the header lookups
that reading and writing share.

Sheets (Chinese headers as written; the English names in brackets are accepted too,
as are headers differing only in spacing, full-width forms or case):

``整改台账`` — one row per measure, the finding columns repeated on each row:
    问题编号 (id), 问题 (title), 类别 (category), 责任领导 (owner), 责任部门 (units;
    several joined with ``、``), 状态 (status; the Chinese label), 整改时限 (deadline),
    来源 (source), 措施编号 (measure_id), 整改措施 (measure), 措施责任单位
    (measure_owner), 措施完成时限 (due), 完成日期 (done), 佐证材料 (evidence; one per
    line). A finding without measures is one row with blank measure columns. A 附注
    (notes) column, one note a line, follows when a finding has notes (written on the
    finding's first row only). Reading,
    a row whose 问题编号 is blank (left empty or merged) or repeats the row above
    continues that finding; the finding's values come from the first of its rows that
    has them. Merged cells read as their value in every cell they cover. A measure
    without 措施编号 is numbered ``<finding id>-<n>``. A ``序号`` column is ignored;
    any other column is kept in ``extra``: ``措施.<key>`` (``measure.<key>``) columns in
    the measure's, all others (``问题.<key>``/``finding.<key>`` or just ``<key>``) in
    the finding's.
``量化目标`` (optional) — one row per target: 问题编号 (id), 目标 (name), 目标值 (goal),
    实际值 (actual), 统计日期 (measured), 起始日期 (start), 完成时限 (due), 单位 (unit);
    other columns go to the target's ``extra``. A blank 问题编号 continues the row above.
``巡察信息`` (optional) — two columns 项目/内容 (item/value): 标题 (title), 巡察组
    (inspector), 被巡察单位 (target), 进驻日期 (started), 结束日期 (ended), 反馈日期
    (feedback), 整改期限 (deadline); declared counts as ``声明.<key>`` (``declared.<key>``;
    ``声明.总数`` and ``声明.<status label>`` read as ``total`` and the status); one
    ``下一步工作打算`` (next_steps) row per paragraph; any other item goes to the
    inspection's ``extra``.

The header row may sit below a title row (the first of the top ten rows naming the
问题编号 column). Only scalar extras (text, numbers, booleans, dates) are written, and
top-level ``Ledger.extra`` is not: TOML is the lossless form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rectikit.model.values import normalize_text

MAIN_SHEET = "整改台账"
TARGET_SHEET = "量化目标"
INFO_SHEET = "巡察信息"


@dataclass(frozen=True)
class Column:
    """A column of a sheet: model key, Chinese header, English name, layout."""

    key: str
    header: str
    width: float = 12
    wrap: bool = False
    is_date: bool = False


MAIN_COLUMNS = (
    Column("id", "问题编号", 10),
    Column("title", "问题", 36, wrap=True),
    Column("category", "类别", 14, wrap=True),
    Column("owner", "责任领导", 12),
    Column("units", "责任部门", 18, wrap=True),
    Column("status", "状态", 12),
    Column("deadline", "整改时限", 12, is_date=True),
    Column("source", "来源", 14),
    Column("measure_id", "措施编号", 10),
    Column("measure", "整改措施", 48, wrap=True),
    Column("measure_owner", "措施责任单位", 16, wrap=True),
    Column("due", "措施完成时限", 14, is_date=True),
    Column("done", "完成日期", 12, is_date=True),
    Column("evidence", "佐证材料", 36, wrap=True),
)
#: The optional column of a finding's notes, written after the others when there are any.
NOTES_COLUMN = Column("notes", "附注", 36, wrap=True)
FINDING_COLUMNS = ("id", "title", "category", "owner", "units", "status", "deadline", "source")
MEASURE_COLUMNS = ("measure_id", "measure", "measure_owner", "due", "done", "evidence")

TARGET_COLUMNS = (
    Column("id", "问题编号", 10),
    Column("name", "目标", 30, wrap=True),
    Column("goal", "目标值", 10),
    Column("actual", "实际值", 10),
    Column("measured", "统计日期", 12, is_date=True),
    Column("start", "起始日期", 12, is_date=True),
    Column("due", "完成时限", 12, is_date=True),
    Column("unit", "单位", 8),
)

INFO_ITEMS = (
    ("title", "标题"),
    ("inspector", "巡察组"),
    ("target", "被巡察单位"),
    ("started", "进驻日期"),
    ("ended", "结束日期"),
    ("feedback", "反馈日期"),
    ("deadline", "整改期限"),
)
INFO_DATES = ("started", "ended", "feedback", "deadline")
NEXT_STEPS_ITEM = "下一步工作打算"
DECLARED_PREFIX = "声明."
FINDING_PREFIX = "问题."
MEASURE_PREFIX = "措施."
IGNORED_HEADERS = frozenset(normalize_text(h) for h in ("序号", "no.", "#"))
DECLARED_ALIASES = {
    normalize_text(name): key
    for key, names in {"total": ("总数", "问题总数", "总计")}.items()
    for name in names
}


def _lookup(columns: Iterable[Column]) -> dict[str, str]:
    table = {}
    for column in columns:
        table[normalize_text(column.header)] = column.key
        table[normalize_text(column.key)] = column.key
    return table


_MAIN_LOOKUP = _lookup((*MAIN_COLUMNS, NOTES_COLUMN))
_TARGET_LOOKUP = _lookup(TARGET_COLUMNS)
_INFO_LOOKUP = {normalize_text(n): k for k, h in INFO_ITEMS for n in (k, h)}
_INFO_LOOKUP.update(
    {
        normalize_text(NEXT_STEPS_ITEM): "next_steps",
        "next_steps": "next_steps",
        "nextsteps": "next_steps",
    }
)


_DECLARED_RE = re.compile(r"\s*(?:声明|declared)\s*[.．]\s*(.+?)\s*$", re.IGNORECASE)
_MEASURE_EXTRA_RE = re.compile(r"\s*(?:措施|measure)\s*[.．]\s*(.+?)\s*$", re.IGNORECASE)
_FINDING_EXTRA_RE = re.compile(r"\s*(?:问题|finding)\s*[.．]\s*(.+?)\s*$", re.IGNORECASE)
