"""Reading a report file into its paragraphs: plain text one paragraph a line,
Markdown with its marks stripped and wrapped lines joined, Word (python-docx, optional)
in body order with a table row as one paragraph; text files are decoded as detected
(UTF-8 or GB18030) and any failure to read is a :class:`ReportImportError`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rectikit.ledger.importer.result import ReportImportError
from rectikit.ledger.importer.sections import _is_heading
from rectikit.ledger.report.document import clean_text

#: The report files :func:`import_report` reads.
SUFFIXES = (".txt", ".md", ".docx")

MISSING_DOCX = "reading .docx reports needs python-docx: pip install 'rectikit[docx]'"


def read_report_paragraphs(path: Path) -> list[str]:
    """The paragraphs of the report at ``path``, in order (see :func:`import_report`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportImportError(
            f"{path}: unsupported report file type {path.suffix or '(none)'!r} "
            "(expected .txt, .md or .docx)"
        )
    if suffix == ".docx":
        return _docx_paragraphs(path)
    text = _read_text(path)
    return markdown_paragraphs(text) if suffix == ".md" else text_paragraphs(text)


def _read_text(path: Path) -> str:
    from rectikit.readers.formats import ReadError
    from rectikit.readers.formats.encoding import detect_encoding, encoding_label

    try:
        encoding = detect_encoding(path)
        data = path.read_bytes()
    except ReadError as exc:
        raise ReportImportError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ReportImportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportImportError(
            f"{path}: not valid {encoding_label(encoding)} text (byte offset {exc.start})"
        ) from None


def _docx_paragraphs(path: Path) -> list[str]:
    """Paragraph texts of a Word file in body order; a table row counts as one
    paragraph (its cells joined by tabs), so that nothing in the body is lost."""
    try:
        import docx  # python-docx, optional: imported only when a .docx is read
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise ReportImportError(MISSING_DOCX) from None
    try:
        document = docx.Document(str(path))
    except OSError as exc:
        raise ReportImportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except Exception:  # python-docx raises zip, XML and package errors alike
        raise ReportImportError(f"{path}: not a Word .docx file") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(child, document).text.splitlines())
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = clean_text(cell.text)
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                lines.append("\t".join(cells))
    return _clean_lines(lines)


#: Markers that web copies of reports carry (``##paidbegin##``), not report text.
_ARTIFACT = re.compile(r"##[A-Za-z_]+##")


def _clean_lines(lines: Iterable[str]) -> list[str]:
    out = []
    for line in lines:
        text = clean_text(_ARTIFACT.sub("", line.replace("\u3000", " ")))
        if text:
            out.append(text)
    return out


def text_paragraphs(text: str) -> list[str]:
    """Plain text: one paragraph a line (blank lines skipped)."""
    return _clean_lines(text.splitlines())


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()<>#+\-.!|])")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


def markdown_paragraphs(text: str) -> list[str]:
    """Markdown: heading marks (``#``) stripped, backslash escapes undone; a heading
    is a paragraph of its own, blank lines separate paragraphs, and the lines of one
    paragraph are joined, except that a line opening a section, group or finding of
    the genre always starts a new paragraph."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append("\n".join(current))
            current.clear()

    for raw in text.splitlines():
        if not raw.strip() or _MD_RULE.match(raw):
            flush()
            continue
        heading = _MD_HEADING.match(raw)
        line = _MD_ESCAPE.sub(r"\1", heading.group(1) if heading else raw.strip())
        if heading or _is_heading(line):
            flush()
            blocks.append(line)
            continue
        current.append(line)
    flush()
    return _clean_lines(blocks)
