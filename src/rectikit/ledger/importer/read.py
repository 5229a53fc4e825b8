"""Reading a report file into its paragraphs, each with where it stands
(:class:`~rectikit.ledger.importer.source.ReportParagraph`): plain text one paragraph a
line; Markdown with its marks stripped, wrapped lines joined and ``| … |`` tables read
row by row; Word (python-docx, optional) in body order, paragraphs and table rows
(content controls included). Text files are decoded as detected (UTF-8 or GB18030).

Page furniture is left out: the markers web copies of reports carry
(``##paidbegin##``, ``##paidend##``) and lines that are only a page number
(``- 3 -``, ``第3页 共10页``). Any failure to read is a :class:`ReportImportError`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rectikit.ledger.importer.result import ReportImportError
from rectikit.ledger.importer.sections import _is_heading
from rectikit.ledger.importer.source import LINE, PARAGRAPH, ROW, ReportParagraph
from rectikit.ledger.report.document import clean_text

#: The report files :func:`import_report` reads.
SUFFIXES = (".txt", ".md", ".docx")

MISSING_DOCX = "reading .docx reports needs python-docx: pip install 'rectikit[docx]'"


def read_report(path: Path) -> list[ReportParagraph]:
    """The paragraphs of the report at ``path`` in order, with where each stands."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportImportError(
            f"{path}: unsupported report file type {path.suffix or '(none)'!r} "
            "(expected .txt, .md or .docx)"
        )
    if suffix == ".docx":
        return _docx_blocks(path)
    text = _read_text(path)
    return markdown_blocks(text) if suffix == ".md" else text_blocks(text)


def read_report_paragraphs(path: Path) -> list[str]:
    """The paragraph texts of the report at ``path``, in order (see :func:`read_report`)."""
    return [p.text for p in read_report(path)]


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
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportImportError(
            f"{path}: not valid {encoding_label(encoding)} text (byte offset {exc.start})"
        ) from None
    if "\x00" in text:
        raise ReportImportError(f"{path}: not a text file (it holds NUL bytes)")
    return text


# -- cleaning -----------------------------------------------------------------------------

#: Markers that web copies of reports carry (``##paidbegin##``), not report text.
_ARTIFACT = re.compile(r"##[A-Za-z_]+##")
#: A line that is only a page number: ``- 3 -``, ``—3—``, ``第3页``, ``第 3 页 共 10 页``, ``3/10``.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*[0-9]+\s*[-—–－]|第\s*[0-9]+\s*页(?:\s*[，,/]?\s*共\s*[0-9]+\s*页)?"
    r"|[0-9]+\s*/\s*[0-9]+)$"
)


def _clean(text: str) -> str:
    """A line or paragraph without page furniture, on one line (empty if nothing is left)."""
    text = clean_text(_ARTIFACT.sub("", text.replace("\u3000", " ")))
    return "" if _PAGE_NUMBER.match(text) else text


def _clean_cell(text: str) -> str:
    """A table cell's text, its own lines kept (one per paragraph of the cell)."""
    lines = (_clean(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# -- plain text ---------------------------------------------------------------------------


def text_blocks(text: str) -> list[ReportParagraph]:
    """Plain text: one paragraph a line (blank lines skipped), numbered by line."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned = _clean(line)
        if cleaned:
            out.append(ReportParagraph(cleaned, number, LINE))
    return out


def text_paragraphs(text: str) -> list[str]:
    """Plain text: one paragraph a line (blank lines skipped)."""
    return [p.text for p in text_blocks(text)]


# -- Markdown -----------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()<>#+\-.!|])")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_TABLE_ROW = re.compile(r"^\s{0,3}\|(.*)\|?\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_ITEM = re.compile(r"^\s{0,3}(?:[-*+]\s+|(?=[0-9]{1,3}[.)]\s))(?P<text>.*)$")


def _md_inline(text: str) -> str:
    return _MD_ESCAPE.sub(r"\1", _MD_EMPHASIS.sub(r"\2", text))


def _md_cells(row: str) -> tuple[str, ...]:
    body = row.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells = re.split(r"(?<!\\)\|", body)
    return tuple(
        _clean_cell(_md_inline(c.replace("<br>", "\n").replace("<br/>", "\n"))) for c in cells
    )


def markdown_blocks(text: str) -> list[ReportParagraph]:
    """Markdown: heading marks (``#``) and bold marks stripped, backslash escapes
    undone; a heading is a paragraph of its own, blank lines separate paragraphs, and
    the lines of one paragraph are joined, except that a line opening a section,
    group or finding of the genre, or a list item (``-``, ``*``, ``1.``; a bullet is
    dropped, a number kept), always starts a new paragraph. A ``| … |`` table is
    read row by row (its ``---`` rule skipped), each row a paragraph with its cells."""
    blocks: list[ReportParagraph] = []
    current: list[tuple[int, str]] = []
    tables = 0
    in_table = in_item = False

    def flush() -> None:
        nonlocal in_item
        if current:
            text = _clean("\n".join(line for _, line in current))
            if text:
                first, last = current[0][0], current[-1][0]
                blocks.append(ReportParagraph(text, first, LINE, last=last, item=in_item))
            current.clear()
        in_item = False

    for number, raw in enumerate(text.splitlines(), start=1):
        row = _MD_TABLE_ROW.match(raw)
        if row is not None:
            flush()
            if not in_table:
                tables, in_table = tables + 1, True
            if _MD_TABLE_RULE.match(raw):
                continue
            cells = _md_cells(raw)
            joined = _row_text(cells)
            if joined:
                blocks.append(ReportParagraph(joined, number, LINE, table=tables, cells=cells))
            continue
        in_table = False
        if not raw.strip() or _MD_RULE.match(raw):
            flush()
            continue
        heading = _MD_HEADING.match(raw)
        line = _md_inline(heading.group(1) if heading else raw.strip())
        if heading or _is_heading(line):
            flush()
            cleaned = _clean(line)
            if cleaned:
                blocks.append(ReportParagraph(cleaned, number, LINE))
            continue
        item = _MD_ITEM.match(raw)
        if item is not None:
            flush()
            in_item = True
            line = _md_inline(item.group("text").strip())
        current.append((number, line))
    flush()
    return blocks


def markdown_paragraphs(text: str) -> list[str]:
    """Markdown as paragraph texts (see :func:`markdown_blocks`)."""
    return [p.text for p in markdown_blocks(text)]


def _row_text(cells: Iterable[str]) -> str:
    """A table row as one line: its distinct cells (merged cells repeat) joined by tabs."""
    out: list[str] = []
    for cell in cells:
        text = clean_text(cell)
        if text and (not out or out[-1] != text):
            out.append(text)
    return "\t".join(out)


# -- Word ---------------------------------------------------------------------------------


def _docx_blocks(path: Path) -> list[ReportParagraph]:
    """A Word file's body in order: each paragraph (numbered among the body's
    paragraphs, empty ones included) and each table row (``table N row M``), the
    paragraphs and tables inside content controls too. Headers and footers (page
    furniture) are not read."""
    try:
        import docx  # python-docx, optional: imported only when a .docx is read
    except ImportError:
        raise ReportImportError(MISSING_DOCX) from None
    try:
        document = docx.Document(str(path))
    except OSError as exc:
        raise ReportImportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except Exception:  # python-docx raises zip, XML and package errors alike
        raise ReportImportError(f"{path}: not a Word .docx file") from None
    try:
        return list(_body_blocks(document))
    except Exception as exc:  # a damaged part python-docx cannot walk
        raise ReportImportError(f"{path}: cannot read the Word body: {exc}") from None


def _body_blocks(document: Any) -> Iterator[ReportParagraph]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    paragraphs = tables = 0

    def walk(parent: Any) -> Iterator[ReportParagraph]:
        nonlocal paragraphs, tables
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraphs += 1
                paragraph = Paragraph(child, document)
                listed = _is_list_item(paragraph)
                for line in paragraph.text.splitlines():
                    text = _clean(line)
                    if text:
                        yield ReportParagraph(text, paragraphs, PARAGRAPH, item=listed)
            elif tag == "tbl":
                tables += 1
                table = tables
                for number, row in enumerate(Table(child, document).rows, start=1):
                    cells = tuple(_clean_cell(cell.text) for cell in row.cells)
                    text = _row_text(cells)
                    if text:
                        yield ReportParagraph(text, number, ROW, table=table, cells=cells)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                yield from walk(child)

    yield from walk(document.element.body)


def _is_list_item(paragraph: Any) -> bool:
    """Whether Word numbers or bullets the paragraph (its own numbering or its style's)."""
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    try:
        style = paragraph.style
    except Exception:  # a broken style reference: not a list
        return False
    while style is not None:
        s_pr = style.element.pPr
        if s_pr is not None and s_pr.numPr is not None:
            return True
        style = style.base_style
    return False
