"""What an import gives back, and how it fails: :class:`ImportResult` holds the ledger
skeleton parsed from a report with the report's title and the paragraphs that fit
nowhere in a ledger, and :meth:`ImportResult.ledger_with_unplaced` puts those into the
ledger (an ``[import]`` table in TOML, inspection extras in a workbook) so that saving
it drops nothing; :class:`ReportImportError` is raised when a report cannot be read."""

from __future__ import annotations

from typing import Any

import attrs
import tomlkit

from rectikit.model.ledger import Ledger


class ReportImportError(Exception):
    """A report cannot be read: unknown file type, bad encoding, not a Word file,
    python-docx missing."""


@attrs.frozen(slots=True)
class ImportResult:
    """What :func:`import_report` makes of a report.

    Attributes:
        ledger: the ledger skeleton.
        unplaced: paragraphs that fit nowhere in a ledger, in report order.
        title: the report's title line.
    """

    ledger: Ledger
    unplaced: tuple[str, ...] = ()
    title: str = ""

    def ledger_with_unplaced(self, source: str | None = None, *, workbook: bool = False) -> Ledger:
        """The ledger with the report's title and the unplaced paragraphs in it, so
        that saving it drops nothing.

        For TOML (default) they go to the top-level table ``[import]`` (``source``,
        ``title``, ``unplaced = [...]``), kept by the TOML writer as an unknown key.
        A workbook cannot hold top-level extras, so with ``workbook`` they go to the
        inspection's extras (rows ``import_source``, ``import_title``,
        ``import_unplaced_1``… of the 巡察信息 sheet).
        """
        ledger = self.ledger
        if workbook:
            extra: dict[str, Any] = dict(ledger.inspection.extra)
            if source:
                extra["import_source"] = source
            if self.title:
                extra["import_title"] = self.title
            for number, text in enumerate(self.unplaced, start=1):
                extra[f"import_unplaced_{number}"] = text
            return attrs.evolve(ledger, inspection=attrs.evolve(ledger.inspection, extra=extra))
        table: dict[str, Any] = {}
        if source:
            table["source"] = source
        if self.title:
            table["title"] = self.title
        # A multi-line array (one paragraph a line) keeps the TOML file editable; it is
        # a list like any other.
        unplaced = tomlkit.array()
        unplaced.extend(self.unplaced)
        table["unplaced"] = unplaced.multiline(bool(self.unplaced))
        return attrs.evolve(ledger, extra={**ledger.extra, "import": table})
