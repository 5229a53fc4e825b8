"""The console dashboard of a rectification ledger (``rectikit ledger status``), with rich.

:func:`render_status` writes a :class:`~rectikit.ledger.status.LedgerStatus`: a header
with the inspection and the days left in its rectification period, counts by status,
overall progress, each finding with a progress bar, overdue and soon-due measures
grouped by owner, and quantitative targets off pace with their forecast finish dates.
Chinese labels by default, English with ``options.lang == "en"``. Progress bars are
text (``██████░░░░ 60%``), so they read the same with colour off.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rectikit.ledger.status import UNASSIGNED, LedgerStatus, MeasureDue
from rectikit.model.ledger import Status
from rectikit.reporters.base import ReportOptions
from rectikit.reporters.console import THEME

#: Cells of a progress bar.
BAR_WIDTH = 10

STATUS_NAMES = {
    "zh": {status: status.label for status in Status},
    "en": {
        Status.PENDING: "pending",
        Status.IN_PROGRESS: "in progress",
        Status.EFFECTIVE: "effective",
        Status.COMPLETED: "completed",
        Status.VERIFIED: "verified",
    },
}

STATUS_STYLES = {
    Status.PENDING: "severity.error",
    Status.IN_PROGRESS: "severity.warning",
    Status.EFFECTIVE: "severity.info",
    Status.COMPLETED: "green",
    Status.VERIFIED: "bold green",
}

LABELS = {
    "zh": {
        "heading": "巡察整改进展",
        "target": "被巡察单位",
        "as_of": "统计日期",
        "deadline": "整改期限",
        "no_deadline": "未设定整改期限",
        "days_left": "剩余 {days} 天",
        "today": "今天到期",
        "days_past": "已超过整改期限 {days} 天",
        "counts": "整改事项统计",
        "total": "合计",
        "progress": "整改措施完成 {done}/{total} 项",
        "sep": "：",
        "findings": "问题整改进度",
        "id": "编号",
        "title": "问题",
        "status": "状态",
        "owner": "责任领导",
        "done": "措施",
        "bar": "进度",
        "due": "期限",
        "overdue": "逾期未完成的整改措施",
        "due_soon": "{days} 天内到期的整改措施",
        "overdue_days": "逾期 {days} 天",
        "left_days": "还有 {days} 天",
        "due_today": "今天到期",
        "measure": "措施",
        "finding": "问题",
        "text": "内容",
        "off_pace": "进度滞后的量化目标",
        "name": "指标",
        "goal": "目标",
        "actual": "已完成",
        "forecast": "预计完成",
        "no_forecast": "无法预计",
        "past_due": "已逾期",
        "none": "无",
        "unassigned": UNASSIGNED,
        "count": "{heading}（{count}）",
    },
    "en": {
        "heading": "Rectification progress",
        "target": "inspected unit",
        "as_of": "as of",
        "deadline": "rectification deadline",
        "no_deadline": "no rectification deadline set",
        "days_left": "{days} day(s) left",
        "today": "due today",
        "days_past": "{days} day(s) past the deadline",
        "counts": "Findings by status",
        "total": "total",
        "progress": "Measures done {done}/{total}",
        "sep": ": ",
        "findings": "Findings",
        "id": "ID",
        "title": "Finding",
        "status": "Status",
        "owner": "Owner",
        "done": "Measures",
        "bar": "Progress",
        "due": "Due",
        "overdue": "Overdue measures",
        "due_soon": "Measures due within {days} days",
        "overdue_days": "{days} day(s) overdue",
        "left_days": "{days} day(s) left",
        "due_today": "due today",
        "measure": "Measure",
        "finding": "Finding",
        "text": "Text",
        "off_pace": "Targets off pace",
        "name": "Target",
        "goal": "Goal",
        "actual": "Actual",
        "forecast": "Forecast",
        "no_forecast": "no forecast",
        "past_due": "past due",
        "none": "none",
        "unassigned": "unassigned",
        "count": "{heading} ({count})",
    },
}


def text_bar(ratio: float, width: int = BAR_WIDTH) -> str:
    """A text progress bar with its percentage: ``██████░░░░ 60%``."""
    ratio = min(max(ratio, 0.0), 1.0)
    filled = int(ratio * width + 0.5)
    return f"{'█' * filled}{'░' * (width - filled)} {ratio:.0%}"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _bar(ratio: float) -> Text:
    style = "green" if ratio >= 1 else ("severity.warning" if ratio > 0 else "severity.error")
    return Text(text_bar(ratio), style=style)


def render_status(status: LedgerStatus, stream: TextIO, options: ReportOptions) -> None:
    """Write the dashboard of ``status`` to ``stream``."""
    lang = options.lang if options.lang in LABELS else "zh"
    labels = LABELS[lang]
    names = STATUS_NAMES[lang]
    console = Console(
        file=stream,
        theme=THEME,
        width=options.width,
        no_color=not options.color,
        force_terminal=options.color if options.color else None,
        highlight=False,
        soft_wrap=False,
    )
    _header(console, status, labels)
    console.print()
    console.print(_counts(status, labels, names))
    console.print()
    progress = status.progress
    line = Text(
        labels["progress"].format(done=progress.done, total=progress.total) + "  ", style="bold"
    )
    console.print(line + _bar(progress.ratio))
    console.print()
    console.print(_findings(status, labels, names))
    console.print()
    _measures(console, labels["overdue"], status.overdue, labels, overdue=True)
    console.print()
    _measures(
        console,
        labels["due_soon"].format(days=status.due_within),
        status.due_soon,
        labels,
        overdue=False,
    )
    console.print()
    _off_pace(console, status, labels)


def _header(console: Console, status: LedgerStatus, labels: Mapping[str, str]) -> None:
    inspection = status.inspection
    title = Text(labels["heading"], style="bold")
    if inspection.title:
        title.append(f"  {inspection.title}", style="file")
    console.print(title)
    facts = Text()
    if inspection.target:
        facts.append(f"{labels['target']}{labels['sep']}{inspection.target}    ")
    facts.append(f"{labels['as_of']}{labels['sep']}{status.as_of.isoformat()}", style="muted")
    console.print(facts)
    period = Text()
    if inspection.deadline is None or inspection.days_left is None:
        period.append(labels["no_deadline"], style="muted")
    else:
        period.append(f"{labels['deadline']}{labels['sep']}{inspection.deadline.isoformat()}  ")
        days = inspection.days_left
        if days < 0:
            period.append(labels["days_past"].format(days=-days), style="severity.error")
        elif days == 0:
            period.append(labels["today"], style="severity.warning")
        else:
            period.append(labels["days_left"].format(days=days), style="green")
    console.print(period)


def _counts(status: LedgerStatus, labels: Mapping[str, str], names: Mapping[Status, str]) -> Table:
    table = Table(title=labels["counts"], title_justify="left", show_edge=False)
    row = []
    for state in Status:
        table.add_column(Text(names[state], style=STATUS_STYLES[state]), justify="right")
        row.append(str(status.counts.get(state.value, 0)))
    table.add_column(labels["total"], justify="right", style="bold")
    row.append(str(status.counts.get("total", 0)))
    table.add_row(*row)
    return table


def _findings(
    status: LedgerStatus, labels: Mapping[str, str], names: Mapping[Status, str]
) -> Table:
    table = Table(title=labels["findings"], title_justify="left", show_edge=False)
    table.add_column(labels["id"], style="code", no_wrap=True)
    table.add_column(labels["title"], ratio=1, min_width=12, overflow="fold")
    table.add_column(labels["status"], no_wrap=True)
    table.add_column(labels["owner"], no_wrap=True)
    table.add_column(labels["done"], justify="right", no_wrap=True)
    table.add_column(labels["bar"], no_wrap=True)
    table.add_column(labels["due"], no_wrap=True)
    for item in status.findings:
        table.add_row(
            item.id,
            item.title,
            Text(names[item.status], style=STATUS_STYLES[item.status]),
            item.owner or "",
            f"{item.done}/{item.total}",
            _bar(item.progress),
            item.deadline.isoformat() if item.deadline else "",
        )
    return table


def _owner(owner: str, labels: Mapping[str, str]) -> str:
    return labels["unassigned"] if owner == UNASSIGNED else owner


def _measures(
    console: Console,
    heading: str,
    groups: Mapping[str, tuple[MeasureDue, ...]],
    labels: Mapping[str, str],
    *,
    overdue: bool,
) -> None:
    count = sum(len(group) for group in groups.values())
    style = "severity.error" if overdue and count else "bold"
    console.print(Text(labels["count"].format(heading=heading, count=count), style=style))
    if not groups:
        console.print(Text(f"  {labels['none']}", style="muted"))
        return
    for owner, items in groups.items():
        console.print(Text(f"  {_owner(owner, labels)}", style="file"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3)
        grid.add_column(style="code", no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(style="location", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for item in items:
            if item.days_left < 0:
                when = Text(
                    labels["overdue_days"].format(days=-item.days_left), style="severity.error"
                )
            elif item.days_left == 0:
                when = Text(labels["due_today"], style="severity.warning")
            else:
                when = Text(
                    labels["left_days"].format(days=item.days_left), style="severity.warning"
                )
            text = Text(f"[{item.finding_id}] ", style="muted")
            text.append(item.text or item.finding_title)
            grid.add_row("", item.id, when, item.due.isoformat(), text)
        console.print(grid)


def _off_pace(console: Console, status: LedgerStatus, labels: Mapping[str, str]) -> None:
    count = len(status.off_pace)
    heading = labels["off_pace"]
    console.print(
        Text(
            labels["count"].format(heading=heading, count=count),
            style="severity.warning" if count else "bold",
        )
    )
    if not count:
        console.print(Text(f"  {labels['none']}", style="muted"))
        return
    table = Table(show_edge=False)
    table.add_column(labels["finding"], style="code", no_wrap=True)
    table.add_column(labels["name"], ratio=1, overflow="fold")
    table.add_column(labels["goal"], justify="right", no_wrap=True)
    table.add_column(labels["actual"], justify="right", no_wrap=True)
    table.add_column(labels["bar"], no_wrap=True)
    table.add_column(labels["due"], no_wrap=True)
    table.add_column(labels["forecast"], no_wrap=True)
    for item in status.off_pace:
        unit = item.unit or ""
        ratio = float(item.actual / item.goal) if item.goal > 0 else 0.0
        due = Text(item.due.isoformat())
        if item.past_due:
            due = Text(f"{item.due.isoformat()} {labels['past_due']}", style="severity.error")
        forecast = (
            Text(item.forecast.isoformat(), style="severity.warning")
            if item.forecast is not None
            else Text(labels["no_forecast"], style="severity.error")
        )
        table.add_row(
            item.finding_id,
            item.name,
            f"{_number(item.goal)}{unit}",
            f"{_number(item.actual)}{unit}",
            _bar(ratio),
            due,
            forecast,
        )
    console.print(table)
