"""Rectification reports from a ledger (LEDGER.md "Reports from a ledger").

:func:`build_report` lays a ledger out as a :class:`ReportDocument` in the genre of a
巡察整改情况报告; :func:`render_markdown`, :func:`render_html` and :func:`render_docx`
write that document in one format each; :func:`write_report` does both for a file,
picking the format from ``fmt`` or the file's suffix.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rectikit.ledger.files.atomic import atomic_write_bytes
from rectikit.ledger.report.document import (
    Heading,
    Paragraph,
    ReportDocument,
    build_report,
    chinese_ordinal,
)
from rectikit.ledger.report.docx import render_docx
from rectikit.ledger.report.errors import ReportError
from rectikit.ledger.report.html import render_html
from rectikit.ledger.report.markdown import render_markdown
from rectikit.model.ledger import Ledger

__all__ = [
    "FORMATS",
    "Heading",
    "Paragraph",
    "ReportDocument",
    "ReportError",
    "build_report",
    "chinese_ordinal",
    "format_for",
    "render_docx",
    "render_html",
    "render_markdown",
    "write_report",
]

#: The report formats, as ``--format`` names them.
FORMATS = ("md", "docx", "html")

#: Format names and file suffixes -> format.
_ALIASES = {
    "md": "md", "markdown": "md",
    "docx": "docx", "word": "docx",
    "html": "html", "htm": "html",
}  # fmt: skip


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format of a report: ``fmt`` when given (``md``, ``markdown``, ``docx``,
    ``html``, ``htm``, any case, with or without a dot), else from the suffix of
    ``path``; :class:`ReportError` when neither names one of :data:`FORMATS`."""
    expected = ", ".join(FORMATS)
    if fmt is not None:
        name = _ALIASES.get(fmt.strip().lower().lstrip("."))
        if name is None:
            raise ReportError(f"unknown report format {fmt!r} (expected {expected})")
        return name
    suffix = Path(path).suffix.lower().lstrip(".")
    name = _ALIASES.get(suffix) if suffix != "word" else None
    if name is None:
        raise ReportError(
            f"cannot tell the report format of {str(path)!r} from its "
            f"suffix; use .md, .docx or .html, or give the format "
            f"({expected})"
        )
    return name


def write_report(
    ledger: Ledger,
    path: Path,
    fmt: str | None = None,
    *,
    as_of: date | None = None,
    unit: str | None = None,
) -> None:
    """Write the report of ``ledger`` to ``path``, atomically.

    Args:
        ledger: the ledger.
        path: the file to write.
        fmt: ``md``, ``docx`` or ``html``; default from the suffix of ``path``
            (``.md``/``.markdown``, ``.docx``, ``.html``/``.htm``).
        as_of: the day the counts are stated for (see :func:`build_report`).
        unit: who reports (see :func:`build_report`).

    Raises:
        ReportError: unknown format, python-docx missing for DOCX, or the file cannot be
            written.
    """
    path = Path(path)
    name = format_for(path, fmt)
    doc = build_report(ledger, as_of=as_of, unit=unit)
    if name == "docx":
        render_docx(doc, path)
        return
    text = render_markdown(doc) if name == "md" else render_html(doc, ledger)
    try:
        atomic_write_bytes(path, text.encode("utf-8"), backup=False)
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from None
