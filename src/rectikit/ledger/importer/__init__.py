"""Ledgers from a report (LEDGER.md "Ledgers from a report").

:func:`import_report` reads a 巡察整改情况报告 (``.txt``/``.md`` in UTF-8 or GB18030,
``.docx`` paragraphs and tables; :mod:`.read`) and :func:`parse_report_text` /
:func:`parse_report_paragraphs` parse it (:mod:`.parse`) into a ledger skeleton, with
where each part came from (:mod:`.source`, shown by :func:`explain`).

The report is read as a sequence of paragraphs:

* the first paragraph is the title; the inspected unit is the text before ``关于``;
* ``一、…`` opens a section, told apart by its words (总体情况/开展情况 -> overview,
  整改进展/成效/问题 -> progress, 下一步工作打算 -> next steps, any other -> other);
  ``（一）…`` opens a group whose words give its findings' status (已完成 ->
  completed; 持续推进/明显成效/基本完成 -> effective; 正在/尚未完成 or any other ->
  in progress) (:mod:`.sections`);
* a finding heading (``N.关于“TITLE”问题的整改`` in any of the genre's numberings,
  quotes and endings, a status in brackets at its end taking precedence) opens a
  finding; the paragraphs up to the next heading are its text, split into measures
  on 一是/二是…, numbered sub-items or list items (:mod:`.measures`); a findings table
  gives a finding per row (:mod:`.tables`);
* the opening paragraphs give the inspection (``市委第一巡察组``,
  ``2023年5月26日至6月9日``, ``于6月27日反馈``, ``经过3个月集中整改``) and 一、 the
  declared counts (:mod:`.inspection`); being report-level prose they are also kept
  unplaced, as is a signature at the end of 三、, whose other paragraphs are the next
  steps;
* text among the findings that is no finding's text goes to the notes of the nearest
  finding; nothing is dropped.

Dates written without a year take the inspection's year (else the report's); a date
that would fall before the inspection started is taken to be in the following year.
A part written ``X`` (redacted) makes the date unknown (:mod:`.dates`). Completed
findings whose text says they are still planned, and finding numbers that skip, are
warnings for review (:mod:`.claims`); the declared counts are checked by LDG007.
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
