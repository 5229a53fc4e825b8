"""The parse: the report read as a sequence of paragraphs (a title, then sections,
groups and finding headings or findings tables, each finding's paragraphs up to the
next heading, the next steps), laid out as a ledger skeleton in an
:class:`ImportResult`, with where each part came from. The rules are set out in the
package docstring (:mod:`rectikit.ledger.importer`)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rectikit.ledger.importer.claims import numbering_warnings, unfinished_warning
from rectikit.ledger.importer.dates import _DATE_RANGE, _Calendar, _range_dates
from rectikit.ledger.importer.inspection import _calendar, _declared, _inspection
from rectikit.ledger.importer.measures import _done_date, _plan_due, measure_spans
from rectikit.ledger.importer.read import read_report, text_blocks
from rectikit.ledger.importer.result import FindingTrace, ImportResult, ImportTrace, ImportWarning
from rectikit.ledger.importer.sections import (
    _GROUP,
    _NEXT,
    _OTHER,
    _OVERVIEW,
    _PREAMBLE,
    _PROGRESS,
    _SECTION,
    _finding_heading,
    _group_status,
    _is_group_name,
    _is_heading,
    _section_kind,
)
from rectikit.ledger.importer.source import PARAGRAPH, ReportParagraph
from rectikit.ledger.importer.tables import TableLayout, group_row, read_row, table_layout
from rectikit.ledger.importer.targets import _quantities, _stated_target, _take_targets
from rectikit.ledger.importer.text import _SENTENCE_END, _fold, join_lines
from rectikit.ledger.report.document import clean_text
from rectikit.model.ledger import Finding, Ledger, Measure, Status, Target
from rectikit.model.values import ValueParseError, parse_date


def import_report(path: Path) -> ImportResult:
    """Read the report at ``path`` (``.txt``, ``.md`` or ``.docx``) into a ledger.

    Raises:
        ReportImportError: unknown suffix, unreadable file, text neither UTF-8 nor
            GB18030, a ``.docx`` that is not a Word file, or python-docx missing.
    """
    return parse_report_paragraphs(read_report(Path(path)))


@dataclass
class _Draft:
    """A finding as the parse finds it, before its text is read."""

    title: str
    status: Status
    section: int
    group: ReportParagraph | None
    heading: ReportParagraph | None
    number: str = ""
    parts: list[tuple[str, ReportParagraph | None]] = field(default_factory=list)
    notes: list[tuple[str, ReportParagraph | None]] = field(default_factory=list)
    #: stray text before the finding's heading, and after its text (see settle_stray)
    before: list[tuple[str, ReportParagraph | None]] = field(default_factory=list)
    after: list[tuple[str, ReportParagraph | None]] = field(default_factory=list)
    owner: str = ""
    units: str = ""
    deadline: str = ""
    category: str = ""


def _units(text: str) -> tuple[str, ...]:
    from rectikit.ledger.files._values import as_units

    return as_units(text, strict=False) if text else ()


def _deadline(text: str, cal: _Calendar) -> date | None:
    """A deadline cell: a date in any notation, ``9月30日`` (year from context) or
    ``9月底``/``10月前``; ``None`` for anything else (``长期坚持``)."""
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueParseError:
        pass
    folded = _fold(text)
    match = _DATE_RANGE.search(folded)
    if match is not None:
        return _range_dates(match, cal)[1]
    month = re.search(r"(?:([0-9]{4})年)?([0-9]{1,2})月(底|末|上旬|中旬|下旬|前|份)?", folded)
    if month is not None:
        return cal.last_day(month.group(1), int(month.group(2)), month.group(3))
    return None


def _build_finding(
    number: int, draft: _Draft, cal: _Calendar
) -> tuple[Finding, FindingTrace, list[ImportWarning]]:
    finding_id = f"F{number:02d}"
    joined = ""
    pieces: list[tuple[int, int, ReportParagraph | None]] = []
    for text, source in draft.parts:
        if joined:
            joined += "\n"
        pieces.append((len(joined), len(joined) + len(text), source))
        joined += text

    def sources(start: int, end: int) -> tuple[ReportParagraph, ...]:
        found: list[ReportParagraph] = []
        for a, b, source in pieces:
            if source is not None and a < end and start < b and source not in found:
                found.append(source)
        return tuple(found)

    lead_span, spans = measure_spans(joined)
    if lead_span is None and len(spans) <= 1:
        lead_span, spans = _item_spans(pieces, lead_span, spans)
    completed = draft.status.closed
    measures: list[Measure] = []
    measure_sources: list[tuple[ReportParagraph, ...]] = []
    targets: list[Target] = []
    for start, end in spans:
        text, found = _take_targets(join_lines(joined[start:end]), cal)
        targets.extend(found)
        if not text:
            continue
        done = _done_date(text, cal, completed=completed)
        due = None if completed else _plan_due(text, cal)
        measures.append(
            Measure(id=f"{finding_id}-{len(measures) + 1}", text=text, due=due, done=done)
        )
        measure_sources.append(sources(start, end))
    if not targets:
        stated = _stated_target(join_lines(joined), cal)
        if stated is not None:
            targets.append(stated)
    lead = join_lines(joined[lead_span[0] : lead_span[1]]) if lead_span else ""
    all_notes = [*draft.before, *draft.notes, *draft.after]
    notes = [clean_text(text) for text, _ in all_notes if clean_text(text)]
    deadline = _deadline(draft.deadline, cal)
    if draft.deadline and deadline is None:
        notes.append(f"完成时限：{draft.deadline}")
    finding = Finding(
        id=finding_id,
        title=draft.title,
        category=draft.category or None,
        owner=draft.owner or None,
        units=_units(draft.units),
        status=draft.status,
        deadline=deadline,
        measures=tuple(measures),
        targets=tuple(targets),
        notes=tuple(notes),
        extra={"intro": lead} if lead else {},
    )
    trace = FindingTrace(
        finding=finding_id,
        heading=draft.heading,
        group=draft.group,
        lead=sources(*lead_span) if lead_span else (),
        measures=tuple(measure_sources),
        notes=tuple(s for _, s in all_notes if s is not None),
        quantities=tuple(_quantities(joined)),
    )
    warnings = []
    if completed:
        warning = unfinished_warning(finding_id, draft.number, draft.title, draft.parts)
        if warning is not None:
            warnings.append(warning)
    return finding, trace, warnings


def _item_spans(
    pieces: Sequence[tuple[int, int, ReportParagraph | None]],
    lead: tuple[int, int] | None,
    spans: list[tuple[int, int]],
) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """A text without markers whose paragraphs include two list items or more (Word
    or Markdown lists, numbered or bulleted): a measure per item, with the paragraphs
    that follow it; the paragraphs before the first item are the lead."""
    starts = [a for a, _, source in pieces if source is not None and source.item]
    if len(starts) < 2:
        return lead, spans
    ends = [*starts[1:], pieces[-1][1]]
    items = [(a, b) for a, b in zip(starts, ends, strict=True)]
    first = starts[0]
    return ((0, first) if first > 0 else None), [(a, b) for a, b in items]


def _is_title(text: str) -> bool:
    """The first paragraph is the title unless it is a heading or running text."""
    return len(text) <= 80 and "。" not in text and not _is_heading(text)


def _is_short_line(text: str) -> bool:
    """A short line without a full stop or a comma: a sub-heading, or at the end of
    the next steps a signature or the report's date."""
    return len(text) <= 30 and not any(ch in text for ch in _SENTENCE_END + "，,")


def parse_report_text(text: str) -> ImportResult:
    """Parse a report given as plain text, one paragraph a line."""
    return parse_report_paragraphs(text_blocks(text))


def _normalize(paragraphs: Sequence[str | ReportParagraph]) -> list[ReportParagraph]:
    out = []
    for number, item in enumerate(paragraphs, start=1):
        if isinstance(item, ReportParagraph):
            text = clean_text(item.text)
            if text:
                out.append(item if text == item.text else _with_text(item, text))
        else:
            text = clean_text(item)
            if text:
                out.append(ReportParagraph(text, number, PARAGRAPH))
    return out


def _with_text(item: ReportParagraph, text: str) -> ReportParagraph:
    return dataclasses.replace(item, text=text)


def _layouts(paragraphs: Sequence[ReportParagraph]) -> dict[int, TableLayout]:
    """The findings tables among the report's tables, by table number."""
    rows: dict[int, list[ReportParagraph]] = {}
    for item in paragraphs:
        if item.table and item.cells:
            rows.setdefault(item.table, []).append(item)
    layouts = {}
    for table, members in rows.items():
        layout = table_layout(members)
        if layout is not None:
            layouts[table] = layout
    return layouts


class _Parse:
    """The state of the parse as it walks the paragraphs."""

    def __init__(self, items: list[ReportParagraph]) -> None:
        self.items = items
        self.section_kind = _PREAMBLE
        self.section = 0
        self.group: Status | None = None
        self.group_heading: ReportParagraph | None = None
        self.preamble: list[ReportParagraph] = []  # before 一、: the inspection
        self.overview: list[ReportParagraph] = []  # 一、: the counts
        self.unplaced: list[ReportParagraph] = []
        self.next_steps: list[ReportParagraph] = []
        self.short: list[ReportParagraph] = []  # short lines in 三、
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        # Text among the findings that is no finding's text, waiting for the
        # finding it is nearest to: (paragraph, section, drafts made before it).
        self.stray: list[tuple[ReportParagraph, int, int]] = []
        self.section_headings: dict[int, ReportParagraph] = {}
        self.groups: list[ReportParagraph] = []
        self.structure: list[ReportParagraph] = []  # headings, table header rows

    @property
    def among_findings(self) -> bool:
        return self.section_kind in (_PROGRESS, _OTHER)

    def open_section(self, item: ReportParagraph, name: str) -> None:
        self.unplaced.extend(self.short)
        self.short.clear()
        self.current, self.group, self.group_heading = None, None, None
        self.structure.append(item)
        self.section += 1
        self.section_kind = _section_kind(name)
        if self.section_kind == _OTHER:
            self.section_headings[self.section] = item

    def open_group(self, item: ReportParagraph, name: str) -> None:
        self.current, self.group, self.group_heading = None, _group_status(name), item
        self.groups.append(item)
        self.structure.append(item)

    def add_finding(self, draft: _Draft) -> None:
        self.drafts.append(draft)
        self.current = draft

    def place(self, item: ReportParagraph) -> None:
        """A paragraph that is not a heading."""
        if self.current is not None:
            self.current.parts.append((item.text, item))
        elif self.section_kind == _NEXT and _is_short_line(item.text):
            self.short.append(item)
        elif self.section_kind == _NEXT:
            self.next_steps.extend(self.short)
            self.short.clear()
            self.next_steps.append(item)
        elif self.among_findings:
            self.stray.append((item, self.section, len(self.drafts)))
        else:
            if self.section_kind == _PREAMBLE:
                self.preamble.append(item)
            elif self.section_kind == _OVERVIEW:
                self.overview.append(item)
            self.unplaced.append(item)

    def settle_stray(self) -> None:
        """Stray text goes to the nearest finding of its section: the next one, else
        the one before; a section without findings keeps it (and an other section's
        heading) unplaced."""
        with_findings = {d.section for d in self.drafts}
        for section, heading in self.section_headings.items():
            if section not in with_findings:
                self.unplaced.append(heading)
        used = {id(d.group) for d in self.drafts}
        self.unplaced.extend(g for g in self.groups if id(g) not in used)
        for item, section, before in self.stray:
            if section not in with_findings:
                self.unplaced.append(item)
                continue
            later = [d for d in self.drafts[before:] if d.section == section]
            if later:
                later[0].before.append((item.text, item))
            else:
                self.drafts[before - 1].after.append((item.text, item))
        order = {id(p): i for i, p in enumerate(self.items)}
        self.unplaced.sort(key=lambda p: order.get(id(p), 0))


def _table_finding(state: _Parse, item: ReportParagraph, layout: TableLayout, index: int) -> bool:
    """Reads a findings table's row; ``False`` when the row is no finding's."""
    if index < layout.header:
        return False  # a title row above the header: text like any other
    if index == layout.header:
        state.structure.append(item)  # the header row: the table's structure
        return True
    grouping = group_row(item)
    if grouping is not None:
        match = _GROUP.match(_fold(grouping))
        name = match.group(2) if match else grouping
        if match is None and not any(w in name for w in ("完成", "推进", "成效", "整改", "启动")):
            return False
        state.open_group(item, name)
        return True
    row = read_row(item, layout)
    if row is None:
        return False
    status = row.status or state.group or Status.IN_PROGRESS
    draft = _Draft(
        row.title,
        status,
        state.section,
        state.group_heading,
        item,
        number=row.number,
        owner=row.owner,
        units=row.units,
        deadline=row.deadline,
        category=row.category,
    )
    if row.measures:
        draft.parts.append((row.measures, item))
    draft.notes.extend((note, item) for note in row.notes)
    state.add_finding(draft)
    state.current = None  # paragraphs after a table are not the last row's text
    return True


def parse_report_paragraphs(paragraphs: Sequence[str | ReportParagraph]) -> ImportResult:
    """Parse a report given as its paragraphs in order (texts, or
    :class:`ReportParagraph` with where each stands); see the package docstring."""
    items = _normalize(paragraphs)
    layouts = _layouts(items)
    title_item: ReportParagraph | None = None
    if items and not items[0].cells and _is_title(items[0].text):
        title_item, items = items[0], items[1:]

    state = _Parse(items)
    rows_seen: dict[int, int] = {}
    for item in items:
        if item.table and item.cells and item.table in layouts:
            index = rows_seen.get(item.table, 0)
            rows_seen[item.table] = index + 1
            if _table_finding(state, item, layouts[item.table], index):
                continue
        text = item.text
        folded = _fold(text)
        heading = _finding_heading(text) if state.section_kind != _NEXT else None
        section = _SECTION.match(folded) if heading is None else None
        if section is not None:
            state.open_section(item, section.group(2))
            continue
        grouping = _GROUP.match(folded) if heading is None else None
        if grouping is not None and (
            state.among_findings
            or (state.section_kind == _PREAMBLE and _is_group_name(grouping.group(2)))
        ):
            state.open_group(item, grouping.group(2))
            continue
        if heading is not None:
            status = heading.status or state.group or Status.IN_PROGRESS
            draft = _Draft(
                heading.title,
                status,
                state.section,
                state.group_heading,
                item,
                number=heading.number,
            )
            if heading.note and heading.status is None:
                draft.notes.append((heading.note, item))
            if heading.rest:
                draft.parts.append((heading.rest, item))
            state.add_finding(draft)
            continue
        state.place(item)
    state.unplaced.extend(state.short)
    state.settle_stray()

    all_texts = [title_item.text if title_item else "", *(p.text for p in items)]
    preamble = [p.text for p in state.preamble]
    overview = [p.text for p in state.overview]
    inspection = _inspection(title_item.text if title_item else "", preamble, overview, all_texts)
    cal = _calendar(inspection, all_texts)
    findings: list[Finding] = []
    traces: list[FindingTrace] = []
    warnings: list[ImportWarning] = []
    for number, draft in enumerate(state.drafts, start=1):
        finding, trace, found = _build_finding(number, draft, cal)
        findings.append(finding)
        traces.append(trace)
        warnings.extend(found)
    warnings.extend(
        numbering_warnings(
            [
                (f.id, d.number, (d.section, id(d.group)), d.heading)
                for f, d in zip(findings, state.drafts, strict=True)
            ]
        )
    )
    counted = [*state.overview, *state.preamble]
    counted += [p for p in state.unplaced if all(p is not c for c in counted)]
    counted += [p for d in state.drafts for _, p in (*d.before, *d.after) if p is not None]
    declared, index = _declared([p.text for p in counted])
    ledger = Ledger(
        inspection=inspection,
        declared=declared,
        findings=tuple(findings),
        next_steps=tuple(p.text for p in state.next_steps),
    )
    trace = ImportTrace(
        findings=tuple(traces),
        structure=tuple(state.structure),
        title=title_item,
        inspection=tuple(state.preamble),
        declared=counted[index] if index is not None else None,
        next_steps=tuple(state.next_steps),
        unplaced=tuple(state.unplaced),
    )
    return ImportResult(
        ledger=ledger,
        unplaced=tuple(p.text for p in state.unplaced),
        title=title_item.text if title_item else "",
        warnings=tuple(sorted(warnings, key=lambda w: _warning_order(w, findings))),
        trace=trace,
    )


def _warning_order(warning: ImportWarning, findings: Sequence[Finding]) -> int:
    ids = [f.id for f in findings]
    return ids.index(warning.finding) if warning.finding in ids else len(ids)
