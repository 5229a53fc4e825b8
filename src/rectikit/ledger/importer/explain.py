"""``rectikit ledger import --explain``: where each part of an imported ledger came
from in the report — the title, the inspection sentence, the declared counts, and for
each finding its heading (and the group heading that gave its status), its lead, each
measure with the dates read from it, its targets, the figures its text states, its
notes — then the next steps and the paragraphs kept unplaced."""

from __future__ import annotations

from datetime import date

from rectikit.ledger.importer.result import ImportResult
from rectikit.ledger.importer.source import ReportParagraph, describe
from rectikit.ledger.report.document import format_quantity
from rectikit.model.ledger import Finding


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else "unknown"


def _all_sources(trace_parts: list[ReportParagraph | None]) -> list[ReportParagraph]:
    return [p for p in trace_parts if p is not None]


def _measure_dates(finding: Finding, index: int) -> str:
    measure = finding.measures[index]
    parts = []
    if measure.done is not None:
        parts.append(f"done {measure.done.isoformat()}")
    if measure.due is not None:
        parts.append(f"due {measure.due.isoformat()}")
    return f" ({', '.join(parts)})" if parts else ""


def explain(result: ImportResult) -> list[str]:
    """The explanation of an import, one line per item (no trailing newlines)."""
    trace = result.trace
    ledger = result.ledger
    lines: list[str] = []
    if trace.title is not None:
        lines.append(f"title: {trace.title.where}")
    ins = ledger.inspection
    where = describe(trace.inspection) or "not found"
    lines.append(
        f"inspection: {where}: inspector {ins.inspector or 'unknown'}, "
        f"target {ins.target or 'unknown'}, on site {_day(ins.started)} to {_day(ins.ended)}, "
        f"feedback {_day(ins.feedback)}, deadline {_day(ins.deadline)}"
    )
    if trace.declared is not None:
        counts = ", ".join(f"{k} {v}" for k, v in ledger.declared.items())
        lines.append(f"declared counts: {trace.declared.where}: {counts}")
    else:
        lines.append("declared counts: not found")
    for finding, item in zip(ledger.findings, trace.findings, strict=True):
        sources = _all_sources([item.heading, *item.lead, *item.notes])
        sources += [p for group in item.measures for p in group]
        status = finding.status.value if finding.status is not None else "derived"
        lines.append(f"{finding.id} “{finding.title}” {status}: {describe(sources)}")
        if item.heading is not None:
            under = ""
            if item.group is not None:
                under = f", status from “{item.group.text}” ({item.group.where})"
            lines.append(f"  heading: {item.heading.where}{under}")
        if item.lead:
            lines.append(f"  lead: {describe(item.lead)}")
        for index, (measure, group) in enumerate(zip(finding.measures, item.measures, strict=True)):
            dates = _measure_dates(finding, index)
            lines.append(f"  {measure.id}: {describe(group) or 'table cell'}{dates}")
        for target in finding.targets:
            figures = (
                f"{format_quantity(target.actual, target.unit)} of "
                f"{format_quantity(target.goal, target.unit)}"
            )
            lines.append(
                f"  target {target.name}: {figures} on {_day(target.measured)}, "
                f"due {_day(target.due)}"
            )
        if item.quantities:
            lines.append(f"  figures: {'、'.join(item.quantities)}")
        if finding.notes:
            where = describe(item.notes)
            lines.append(f"  notes: {len(finding.notes)}" + (f" ({where})" if where else ""))
    if trace.next_steps:
        lines.append(f"next steps: {describe(trace.next_steps)}")
    if trace.unplaced:
        lines.append(f"kept unplaced: {describe(trace.unplaced)}")
    return lines
