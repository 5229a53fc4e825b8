"""What an import gives back, and how it fails: :class:`ImportResult` holds the ledger
skeleton parsed from a report with the report's title, the paragraphs that belong to no
finding, the warnings for a person to review and where each part came from (the
trace ``--explain`` shows); :meth:`ImportResult.ledger_with_unplaced` puts the title,
those paragraphs and the warnings into the ledger (an ``[import]`` table in TOML,
inspection extras in a workbook) so that saving it drops nothing;
:class:`ReportImportError` is raised when a report cannot be read."""

from __future__ import annotations

from typing import Any

import attrs
import tomlkit

from rectikit.ledger.importer.source import ReportParagraph
from rectikit.model.ledger import Ledger


class ReportImportError(Exception):
    """A report cannot be read: unknown file type, bad encoding, not a Word file,
    python-docx missing."""


@attrs.frozen(slots=True)
class ImportWarning:
    """Something in a report for a person to review (the import went on).

    Attributes:
        message: what is wrong (English, one line).
        where: where in the report (``line 12``, ``table 1 row 3``); may be empty.
        finding: the id of the finding it concerns, if any.
    """

    message: str
    where: str = ""
    finding: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@attrs.frozen(slots=True)
class FindingTrace:
    """Where a finding came from: its heading (or table row), the group heading it
    stands under, its lead text, each measure's paragraphs, the paragraphs kept as its
    notes, and the quantities its text states (``回收调查问卷9920份``)."""

    finding: str
    heading: ReportParagraph | None = None
    group: ReportParagraph | None = None
    lead: tuple[ReportParagraph, ...] = ()
    measures: tuple[tuple[ReportParagraph, ...], ...] = ()
    notes: tuple[ReportParagraph, ...] = ()
    quantities: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class ImportTrace:
    """Where each part of an imported ledger came from in the report; ``structure``
    holds the headings and table header rows that gave the report its shape (sections,
    groups) rather than text."""

    findings: tuple[FindingTrace, ...] = ()
    structure: tuple[ReportParagraph, ...] = ()
    title: ReportParagraph | None = None
    inspection: tuple[ReportParagraph, ...] = ()
    declared: ReportParagraph | None = None
    next_steps: tuple[ReportParagraph, ...] = ()
    unplaced: tuple[ReportParagraph, ...] = ()


@attrs.frozen(slots=True)
class ImportResult:
    """What :func:`import_report` makes of a report.

    Attributes:
        ledger: the ledger skeleton.
        unplaced: paragraphs that belong to no finding (the opening, the 总体情况
            narrative, a signature), in report order. Text among the findings that is
            not a finding's text is kept in that finding's ``notes`` instead.
        title: the report's title line.
        warnings: what a person should review: a finding reported as completed whose
            text says it is still planned or under way, finding numbers that skip.
        trace: where each part came from (what ``--explain`` shows).
    """

    ledger: Ledger
    unplaced: tuple[str, ...] = ()
    title: str = ""
    warnings: tuple[ImportWarning, ...] = attrs.field(default=(), eq=False)
    trace: ImportTrace = attrs.field(factory=ImportTrace, eq=False)

    def ledger_with_unplaced(self, source: str | None = None, *, workbook: bool = False) -> Ledger:
        """The ledger with the report's title, the unplaced paragraphs and the review
        warnings in it, so that saving it drops nothing.

        For TOML (default) they go to the top-level table ``[import]`` (``source``,
        ``title``, ``unplaced = [...]``, ``review = [...]``), kept by the TOML writer
        as an unknown key. A workbook cannot hold top-level extras, so with
        ``workbook`` they go to the inspection's extras (rows ``import_source``,
        ``import_title``, ``import_unplaced_1``…, ``import_review_1``… of the 巡察信息
        sheet).
        """
        ledger = self.ledger
        reviews = [str(w) for w in self.warnings]
        if workbook:
            extra: dict[str, Any] = dict(ledger.inspection.extra)
            if source:
                extra["import_source"] = source
            if self.title:
                extra["import_title"] = self.title
            for number, text in enumerate(self.unplaced, start=1):
                extra[f"import_unplaced_{number}"] = text
            for number, text in enumerate(reviews, start=1):
                extra[f"import_review_{number}"] = text
            return attrs.evolve(ledger, inspection=attrs.evolve(ledger.inspection, extra=extra))
        table: dict[str, Any] = {}
        if source:
            table["source"] = source
        if self.title:
            table["title"] = self.title
        # A multi-line array (one paragraph a line) keeps the TOML file editable; it is
        # a list like any other.
        table["unplaced"] = _lines(self.unplaced)
        if reviews:
            table["review"] = _lines(reviews)
        return attrs.evolve(ledger, extra={**ledger.extra, "import": table})


def _lines(items: Any) -> Any:
    array = tomlkit.array()
    array.extend(items)
    return array.multiline(bool(items))
