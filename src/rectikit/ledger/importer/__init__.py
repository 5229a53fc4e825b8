"""Ledgers from a report (LEDGER.md "Ledgers from a report").

:func:`import_report` reads a 巡察整改情况报告 (``.txt``, ``.md`` or ``.docx``) and
:func:`parse_report_text` / :func:`parse_report_paragraphs` parse its text into a ledger
skeleton: the inspection (target, inspector, dates), the declared counts, each finding
with its status (from the group it stands in), its measures (split on 一是/二是/…), the
dates and quantities found in their text, and the next steps. What cannot be placed is
kept in :attr:`ImportResult.unplaced`, never dropped.

The report is read as a sequence of paragraphs:

* the first paragraph is the title; the inspected unit is the text before ``关于``;
* ``一、…``, ``二、…``, ``三、…`` open sections, told apart by their words (总体情况,
  整改进展/成效, 下一步工作打算); ``（一）…`` opens a group in the progress section, whose
  words give its findings' status (已完成 -> completed; 持续推进/明显成效/基本完成 ->
  effective; any other -> in progress);
* ``N.关于“TITLE”问题的整改`` opens a finding; the paragraphs up to the next heading
  are its text;
* the opening paragraphs and 一、 give the inspection (``市委第一巡察组``,
  ``2023年5月26日至6月9日``, ``于6月27日反馈``, ``经过3个月集中整改``) and the declared
  counts (``巡察反馈的25个具体问题，已完成…8个，已取得明显成效…17个``); they are kept
  unplaced too, since their prose has no place in a ledger;
* the paragraphs of 三、 are the next steps (short lines without a full stop at its
  end are a signature and a date, and are kept unplaced).

Dates written without a year take the inspection's year (else the report's); a date
that would fall before the inspection started is taken to be in the following year.
A month written ``X`` (redacted) makes the date unknown.
"""

from __future__ import annotations

from rectikit.ledger.importer.explain import explain as explain
from rectikit.ledger.importer.measures import split_measures as split_measures
from rectikit.ledger.importer.parse import (
    import_report,
    parse_report_paragraphs,
    parse_report_text,
)
from rectikit.ledger.importer.read import MISSING_DOCX as MISSING_DOCX
from rectikit.ledger.importer.read import (
    SUFFIXES,
    markdown_blocks,
    markdown_paragraphs,
    read_report,
    read_report_paragraphs,
    text_blocks,
    text_paragraphs,
)
from rectikit.ledger.importer.result import (
    FindingTrace,
    ImportResult,
    ImportTrace,
    ImportWarning,
    ReportImportError,
)
from rectikit.ledger.importer.source import ReportParagraph

__all__ = [
    "SUFFIXES",
    "FindingTrace",
    "ImportResult",
    "ImportTrace",
    "ImportWarning",
    "ReportImportError",
    "ReportParagraph",
    "import_report",
    "markdown_blocks",
    "markdown_paragraphs",
    "parse_report_paragraphs",
    "parse_report_text",
    "read_report",
    "read_report_paragraphs",
    "text_blocks",
    "text_paragraphs",
]
