"""Findings listed in a table (a Word table, or a Markdown ``| … |`` table): one row
per finding, under a header row naming the columns.

A table is a findings table when one of its first three rows names a title column and
a measures or status column. Its columns, by header (spaces and full-width forms do
not matter; the first matching column of each role is used):

* title: 问题, 存在问题, 问题描述, 问题表现, 具体问题, 反馈问题, 巡察反馈问题,
  巡察发现问题, 问题清单, 问题内容, 主要问题, 整改事项, 整改问题, 问题名称;
* measures: 整改措施, 整改举措, 具体措施, 措施, 整改措施及成效, 整改任务, 主要措施;
  failing those 整改情况, 整改落实情况, 整改进展, 整改进展情况, 落实情况, 进展情况;
* status: 完成情况, 整改状态, 状态, 整改进度, 是否完成, 完成状态, 整改结果; failing
  those (when the measures have their own column) 整改情况 and the like;
* owner: 责任领导, 牵头领导, 分管领导; units: 责任部门, 责任单位, 牵头部门, 牵头单位,
  责任处室, 配合部门; deadline: 完成时限, 整改时限, 时限, 完成时间, 整改期限;
  category: 类别, 问题类别, 方面, 问题类型, 类型.

A 序号/编号 column is the row's number. Any other column is kept in the finding's
notes as ``header：value``. A row whose cells all hold the same text (one cell
merged across the table) is a group heading (``已完成的整改事项``), giving the status
of the rows below it like a ``（一）`` heading. A status cell is read by its words
(已完成/已整改 -> completed; 持续推进/基本完成/取得明显成效/长期坚持 -> effective;
正在/推进中 -> in progress; 未启动 -> pending); a status cell that says more than
the status is also kept in the notes, as is a deadline that is not a date
(``长期坚持``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rectikit.ledger.importer.sections import _finding_heading, _group_status
from rectikit.ledger.importer.source import ReportParagraph
from rectikit.ledger.report.document import clean_text
from rectikit.model.ledger import Status
from rectikit.model.values import normalize_text

_ROLES: dict[str, tuple[str, ...]] = {
    "title": (
        "问题",
        "存在问题",
        "问题描述",
        "问题表现",
        "具体问题",
        "反馈问题",
        "巡察反馈问题",
        "巡察发现问题",
        "问题清单",
        "问题内容",
        "主要问题",
        "整改事项",
        "整改问题",
        "问题名称",
    ),
    "measures": (
        "整改措施",
        "整改举措",
        "具体措施",
        "措施",
        "整改措施及成效",
        "整改任务",
        "主要措施",
    ),
    "status": ("完成情况", "整改状态", "状态", "整改进度", "是否完成", "完成状态", "整改结果"),
    "progress": ("整改情况", "整改落实情况", "整改进展", "整改进展情况", "落实情况", "进展情况"),
    "owner": ("责任领导", "牵头领导", "分管领导"),
    "units": ("责任部门", "责任单位", "牵头部门", "牵头单位", "责任处室", "配合部门"),
    "deadline": ("完成时限", "整改时限", "时限", "完成时间", "整改期限"),
    "category": ("类别", "问题类别", "方面", "问题类型", "类型"),
    "number": ("序号", "编号", "问题编号", "no.", "#"),
}
_LOOKUP = {normalize_text(name): role for role, names in _ROLES.items() for name in names}
_HEADER_ROWS = 3
_LEADING_NUMBER = re.compile(r"^(?:[0-9０-９]+\s*[.、．)）]|[（(][0-9０-９]+[)）])\s*")


@dataclass(frozen=True)
class TableLayout:
    """How a findings table is read: its header row and the column of each role."""

    header: int  # index of the header row among the table's rows
    columns: dict[str, int]
    headers: tuple[str, ...]
    others: tuple[int, ...]


@dataclass
class TableRow:
    """A finding read from a row: its cells by role, and the other columns as notes."""

    title: str
    number: str = ""
    measures: str = ""
    status: Status | None = None
    owner: str = ""
    units: str = ""
    deadline: str = ""
    category: str = ""
    notes: list[str] = field(default_factory=list)


def table_layout(rows: Sequence[ReportParagraph]) -> TableLayout | None:
    """The layout of a findings table, or ``None`` when ``rows`` are not one."""
    for index, row in enumerate(rows[:_HEADER_ROWS]):
        roles: dict[str, int] = {}
        for column, cell in enumerate(row.cells):
            role = _LOOKUP.get(normalize_text(cell.replace("\n", "")))
            if role is not None and role not in roles:
                roles[role] = column
        if "title" not in roles:
            continue
        if "measures" not in roles and "progress" in roles:
            roles["measures"] = roles.pop("progress")
        elif "status" not in roles and "progress" in roles:
            roles["status"] = roles.pop("progress")
        if "measures" in roles or "status" in roles:
            used = set(roles.values())
            others = tuple(
                c
                for c, cell in enumerate(row.cells)
                if c not in used and cell.strip() and _first(row.cells, cell) == c
            )
            return TableLayout(index, roles, row.cells, others)
    return None


def _first(cells: Sequence[str], cell: str) -> int:
    return list(cells).index(cell)


def group_row(row: ReportParagraph) -> str | None:
    """The text of a row that is one cell merged across the table, else ``None``."""
    texts = {c for c in row.cells if c.strip()}
    if len(texts) == 1 and len(row.cells) > 1 and all(c.strip() for c in row.cells):
        return next(iter(texts))
    return None


def _cell(row: ReportParagraph, layout: TableLayout, role: str) -> str:
    column = layout.columns.get(role)
    if column is None or column >= len(row.cells):
        return ""
    return row.cells[column].strip()


def _title(text: str) -> str:
    """A title cell: the quoted title of a heading-like cell (``关于“…”问题``), else the
    text on one line, without a trailing full stop."""
    one_line = "".join(line.strip() for line in text.splitlines())
    heading = _finding_heading(one_line)
    if heading is not None:
        return heading.title
    stripped = _LEADING_NUMBER.sub("", one_line.strip()).rstrip("。；;")
    if len(stripped) > 2 and stripped[0] in '“"「『' and stripped[-1] in '”"」』':
        return stripped[1:-1].strip()
    return stripped


_STATUS_WORDS = ("完成", "推进", "成效", "整改", "销号", "启动", "坚持", "是", "否")


def cell_status(text: str) -> Status | None:
    """The status a status cell gives, by its words; ``None`` when it names none."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    head = first.strip().rstrip("。；;，,")
    try:
        return Status.parse(head)
    except ValueError:
        pass
    if head in ("是", "已"):
        return Status.COMPLETED
    if head in ("否", "未"):
        return Status.IN_PROGRESS
    if not any(word in first for word in _STATUS_WORDS[:7]):
        return None
    if "长期坚持" in first:
        return Status.EFFECTIVE
    return _group_status(first[:20])


def read_row(row: ReportParagraph, layout: TableLayout) -> TableRow | None:
    """The finding a data row gives, or ``None`` for a row without a title."""
    title = _title(_cell(row, layout, "title"))
    if not title:
        return None
    found = TableRow(title=title, number=_cell(row, layout, "number"))
    found.measures = _cell(row, layout, "measures")
    status_text = _cell(row, layout, "status")
    if status_text:
        found.status = cell_status(status_text)
        header = layout.headers[layout.columns["status"]]
        bare = status_text.strip().rstrip("。；;，,")
        if found.status is None or len(bare) > 8:
            found.notes.append(f"{header}：{_one_line(status_text)}")
    found.owner = _one_line(_cell(row, layout, "owner"))
    found.units = _one_line(_cell(row, layout, "units"))
    found.deadline = _one_line(_cell(row, layout, "deadline"))
    found.category = _one_line(_cell(row, layout, "category"))
    for column in layout.others:
        if column < len(row.cells) and row.cells[column].strip():
            found.notes.append(f"{layout.headers[column]}：{_one_line(row.cells[column])}")
    return found


def _one_line(text: str) -> str:
    return clean_text(text)
