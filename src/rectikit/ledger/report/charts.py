"""The charts of the HTML rectification report, as inline SVG figures.

Drawn from the ledger's items, as the report's counts are: the findings by effective
status (图1), the measures done out of all measures, overall and per finding (图2),
and, when the ledger has quantitative targets, each target's figure reached out of its
goal (图3). Captions and labels are in Chinese, as the report is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import attrs

from rectikit.ledger.report.document import clean_text, format_quantity
from rectikit.model.ledger import Finding, Ledger, Status, Target
from rectikit.reporters.svg import Bar, Layout, Progress, Segment, bar_chart, progress_chart

#: Bar colours by status: grey (not started) to green (closed).
STATUS_COLOURS = {
    Status.PENDING: "#98a2b3",
    Status.IN_PROGRESS: "#f79009",
    Status.EFFECTIVE: "#2e90fa",
    Status.COMPLETED: "#12b76a",
    Status.VERIFIED: "#067647",
}
#: The colour of a target's bar: reached, or not yet.
TARGET_COLOURS = {True: "#12b76a", False: "#f79009"}

#: Sizes for the report's text column (15.6 cm, about 590 CSS pixels).
LAYOUT = Layout(width=600, font=13, label_max=230, note_width=120)


@attrs.frozen(slots=True)
class Figure:
    """A numbered chart: its caption (``图1 整改问题状态分布``), its CSS class and the
    ``<svg>`` element."""

    caption: str
    cls: str
    svg: str

    def to_html(self) -> str:
        """A ``<figure>`` with the chart and its caption below it."""
        caption = html.escape(self.caption, quote=False)
        return (
            f'<figure class="chart {self.cls}">\n{self.svg}\n'
            f"<figcaption>{caption}</figcaption>\n</figure>"
        )


def _label(finding: Finding) -> str:
    title = clean_text(finding.title)
    return f"{finding.id} {title}".strip()


def status_chart(findings: Sequence[Finding]) -> str:
    """Findings by effective status: one bar per status, all five, in order."""
    counts = dict.fromkeys(Status, 0)
    for finding in findings:
        counts[finding.effective_status] += 1
    bars = [
        Bar(
            status.label,
            (Segment(n, STATUS_COLOURS[status], cls=status.value),),
            key=status.value,
            note=f"{n}个",
        )
        for status, n in counts.items()
    ]
    return bar_chart(bars, title="整改问题状态分布", cls="by-status", layout=LAYOUT)


def measures_chart(findings: Sequence[Finding]) -> str:
    """Measures done out of all measures: a first row for the whole ledger, then one row
    per finding (coloured by its status)."""
    done_all = sum(1 for f in findings for m in f.measures if m.is_done)
    total_all = sum(len(f.measures) for f in findings)
    rows = [Progress("全部整改措施", done_all, total_all, "#1849a9", cls="total")]
    for finding in findings:
        status = finding.effective_status
        done = sum(1 for m in finding.measures if m.is_done)
        rows.append(
            Progress(
                _label(finding),
                done,
                len(finding.measures),
                STATUS_COLOURS[status],
                note=None if finding.measures else "无措施",
                tooltip=status.label,
                cls=status.value,
            )
        )
    return progress_chart(rows, title="整改措施完成进度", cls="measures", layout=LAYOUT)


def target_row(finding: Finding, target: Target) -> Progress:
    """A target's progress row: ``20/52个 · 38%``, with its dates in the tooltip."""
    ratio = float(target.actual / target.goal) if target.goal > 0 else 0.0
    note = (
        f"{format_quantity(target.actual, '')}/{format_quantity(target.goal, target.unit)}"
        f" · {round(min(max(ratio, 0.0), 1.0) * 100)}%"
    )
    dates = []
    if target.measured is not None:
        dates.append(f"截至{target.measured.isoformat()}")
    if target.due is not None:
        dates.append(f"期限{target.due.isoformat()}")
    return Progress(
        f"{finding.id} {clean_text(target.name)}",
        float(target.actual),
        float(target.goal),
        TARGET_COLOURS[target.reached],
        note=note,
        tooltip="，".join(dates),
        cls="reached" if target.reached else "open",
    )


def targets_chart(findings: Sequence[Finding]) -> str | None:
    """Each quantitative target's figure reached out of its goal; ``None`` when the
    ledger has no targets."""
    rows = [target_row(f, t) for f in findings for t in f.targets]
    if not rows:
        return None
    return progress_chart(rows, title="量化目标完成进度", cls="targets", layout=LAYOUT)


def ledger_figures(ledger: Ledger) -> list[Figure]:
    """The report's figures, numbered 图1, 图2…; none for a ledger without findings."""
    findings = ledger.findings
    if not findings:
        return []
    charts = [
        (f"整改问题状态分布（共{len(findings)}个）", "by-status", status_chart(findings)),
        ("整改措施完成进度", "measures", measures_chart(findings)),
    ]
    targets = targets_chart(findings)
    if targets is not None:
        charts.append(("量化目标完成进度", "targets", targets))
    return [
        Figure(f"图{number} {caption}", cls, svg)
        for number, (caption, cls, svg) in enumerate(charts, start=1)
    ]
