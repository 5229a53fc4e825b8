"""The parse: the report read as a sequence of paragraphs (a title, then sections,
groups and finding headings, each finding's paragraphs up to the next heading, the
next steps), laid out as a ledger skeleton in an :class:`ImportResult`, with what
cannot be placed kept unplaced; :func:`import_report` reads a report file and parses
it. The rules are set out in the package docstring (:mod:`rectikit.ledger.importer`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rectikit.ledger.importer.dates import _Calendar
from rectikit.ledger.importer.inspection import _calendar, _declared, _inspection
from rectikit.ledger.importer.measures import _done_date, _plan_due, split_measures
from rectikit.ledger.importer.read import read_report_paragraphs, text_paragraphs
from rectikit.ledger.importer.result import ImportResult
from rectikit.ledger.importer.sections import (
    _GROUP,
    _NEXT,
    _OTHER,
    _OVERVIEW,
    _PREAMBLE,
    _PROGRESS,
    _SECTION,
    _finding_title,
    _group_status,
    _is_heading,
    _section_kind,
)
from rectikit.ledger.importer.targets import _stated_target, _take_targets
from rectikit.ledger.importer.text import _SENTENCE_END, _fold
from rectikit.ledger.report.document import clean_text
from rectikit.model.ledger import Finding, Ledger, Measure, Status, Target


def import_report(path: Path) -> ImportResult:
    """Read the report at ``path`` (``.txt``, ``.md`` or ``.docx``) into a ledger.

    Raises:
        ReportImportError: unknown suffix, unreadable file, text neither UTF-8 nor
            GB18030, a ``.docx`` that is not a Word file, or python-docx missing.
    """
    return parse_report_paragraphs(read_report_paragraphs(Path(path)))


@dataclass
class _FindingDraft:
    title: str
    status: Status
    paragraphs: list[str] = field(default_factory=list)


def _build_finding(number: int, draft: _FindingDraft, cal: _Calendar) -> Finding:
    finding_id = f"F{number:02d}"
    lead, parts = split_measures("".join(draft.paragraphs))
    measures: list[Measure] = []
    targets: list[Target] = []
    for text in parts:
        text, found = _take_targets(text, cal)
        targets.extend(found)
        if not text:
            continue
        done = _done_date(text, cal) if draft.status is Status.COMPLETED else None
        due = None if draft.status is Status.COMPLETED else _plan_due(text, cal)
        measures.append(
            Measure(id=f"{finding_id}-{len(measures) + 1}", text=text, due=due, done=done)
        )
    if not targets:
        stated = _stated_target("".join(draft.paragraphs), cal)
        if stated is not None:
            targets.append(stated)
    extra = {"intro": lead} if lead else {}
    return Finding(
        id=finding_id,
        title=draft.title,
        status=draft.status,
        measures=tuple(measures),
        targets=tuple(targets),
        extra=extra,
    )


def _is_title(text: str) -> bool:
    """The first paragraph is the title unless it is a heading or running text."""
    return len(text) <= 80 and "。" not in text and not _is_heading(text)


def _is_short_line(text: str) -> bool:
    """A short line without a full stop or a comma: a sub-heading, or at the end of
    the next steps a signature or the report's date."""
    return len(text) <= 30 and not any(ch in text for ch in _SENTENCE_END + "，,")


def parse_report_text(text: str) -> ImportResult:
    """Parse a report given as plain text, one paragraph a line."""
    return parse_report_paragraphs(text_paragraphs(text))


def parse_report_paragraphs(paragraphs: Sequence[str]) -> ImportResult:
    """Parse a report given as its paragraphs in order (see the module docstring)."""
    paragraphs = [p for p in (clean_text(p) for p in paragraphs) if p]
    title = ""
    if paragraphs and _is_title(paragraphs[0]):
        title = paragraphs[0]
        paragraphs = paragraphs[1:]

    section = _PREAMBLE
    group: Status | None = None
    preamble: list[str] = []  # before 一、: the inspection
    overview: list[str] = []  # 一、: the counts
    unplaced: list[str] = []
    next_steps: list[str] = []
    drafts: list[_FindingDraft] = []
    current: _FindingDraft | None = None
    short: list[str] = []  # short lines in 三、: sub-headings, or a signature at its end

    for paragraph in paragraphs:
        folded = _fold(paragraph)
        heading = _SECTION.match(folded)
        if heading is not None:
            unplaced.extend(short)
            short.clear()
            current, group = None, None
            section = _section_kind(heading.group(2))
            if section == _OTHER:
                unplaced.append(paragraph)
            continue
        if section == _PROGRESS and (grouping := _GROUP.match(folded)) is not None:
            current, group = None, _group_status(grouping.group(2))
            continue
        if section != _NEXT and (name := _finding_title(paragraph)) is not None:
            current = _FindingDraft(name, group or Status.IN_PROGRESS)
            drafts.append(current)
            continue
        if current is not None:
            current.paragraphs.append(paragraph)
        elif section == _NEXT and _is_short_line(paragraph):
            short.append(paragraph)
        elif section == _NEXT:
            next_steps.extend(short)
            short.clear()
            next_steps.append(paragraph)
        else:
            if section == _PREAMBLE:
                preamble.append(paragraph)
            elif section == _OVERVIEW:
                overview.append(paragraph)
            unplaced.append(paragraph)
    unplaced.extend(short)

    inspection = _inspection(title, preamble, overview, [title, *paragraphs])
    cal = _calendar(inspection, [title, *paragraphs])
    findings = tuple(_build_finding(n, d, cal) for n, d in enumerate(drafts, start=1))
    ledger = Ledger(
        inspection=inspection,
        declared=_declared([*overview, *preamble]),
        findings=findings,
        next_steps=tuple(next_steps),
    )
    return ImportResult(ledger=ledger, unplaced=tuple(unplaced), title=title)
