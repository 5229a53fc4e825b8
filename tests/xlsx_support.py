"""XLSX packages built part by part, and the cells two readers see in them.

Hand-written parts reach what openpyxl cannot write (shared strings with rich text and
phonetic runs, cached formula values, errors, prefixes, comments, CDATA, other
encodings); :func:`openpyxl_cells` and :func:`rectikit_cells` read any workbook into the
same shape so that tests can compare them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr

import openpyxl

from rectikit.readers.formats.xlsx_cells import CellValues, cell_value
from rectikit.readers.formats.xlsx_package import DEFAULT_LIMITS, Package, XlsxLimits
from rectikit.readers.formats.xlsx_sheet import fast_rows_only, iter_sheet_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

#: {title: {(row, column): value}} for the non-empty cells of each worksheet.
Cells = dict[str, dict[tuple[int, int], object]]


def sheet(rows: str, *, head: str = "", tail: str = "", declaration: bool = True) -> str:
    """A worksheet part around ``rows`` (the inside of ``<sheetData>``)."""
    prolog = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' if declaration else ""
    return (
        f'{prolog}<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">{head}'
        f"<sheetData>{rows}</sheetData>{tail}</worksheet>"
    )


def shared_strings(items: Iterable[str]) -> str:
    """A shared-strings part from the XML of each ``<si>``'s content."""
    body = "".join(f"<si>{item}</si>" for item in items)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{body}</sst>'


def styles(formats: Sequence[int], custom: dict[int, str] | None = None) -> str:
    """A styles part whose ``cellXfs`` use the number-format ids ``formats``."""
    fmts = "".join(
        f'<numFmt numFmtId="{fid}" formatCode={quoteattr(code)}/>'
        for fid, code in (custom or {}).items()
    )
    xfs = "".join(f'<xf numFmtId="{fid}" fontId="0" fillId="0" borderId="0"/>' for fid in formats)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{len(custom or {})}">{fmts}</numFmts>'
        '<fonts count="1"><font><sz val="11"/></font></fonts>'
        '<fills count="1"><fill><patternFill/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(formats)}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def write_package(
    path: Path,
    sheets: Sequence[tuple[str, str | bytes]],
    *,
    strings: str | None = None,
    style_part: str | None = None,
    date1904: bool = False,
    chartsheets: Sequence[int] = (),
    parts: dict[str, bytes | str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Write a workbook with ``sheets`` (title, worksheet XML) in that order; the
    positions in ``chartsheets`` become chartsheets instead. ``parts`` adds or replaces
    members by name."""
    members: dict[str, bytes | str] = {}
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{WORKBOOK_TYPE}"/>']
    rels, entries = [], []
    for index, (title, xml) in enumerate(sheets, 1):
        chart = index - 1 in chartsheets
        folder, kind = ("chartsheets", "chartsheet") if chart else ("worksheets", "worksheet")
        members[f"xl/{folder}/sheet{index}.xml"] = xml
        overrides.append(
            f'<Override PartName="/xl/{folder}/sheet{index}.xml" ContentType="application/vnd.'
            f'openxmlformats-officedocument.spreadsheetml.{kind}+xml"/>'
        )
        rels.append(
            f'<Relationship Id="rId{index}" Type="{RELS}/{kind}" '
            f'Target="{folder}/sheet{index}.xml"/>'
        )
        entries.append(f'<sheet name="{title}" sheetId="{index}" r:id="rId{index}"/>')
    if strings is not None:
        members["xl/sharedStrings.xml"] = strings
        overrides.append(
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels.append(
            f'<Relationship Id="rIdS" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    if style_part is not None:
        members["xl/styles.xml"] = style_part
        rels.append(f'<Relationship Id="rIdT" Type="{RELS}/styles" Target="styles.xml"/>')
    props = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    members["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f"{props}<sheets>{''.join(entries)}</sheets></workbook>"
    )
    members["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
        f"{''.join(rels)}</Relationships>"
    )
    members["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    members.update(parts or {})
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def openpyxl_cells(path: Path) -> Cells:
    """The cells openpyxl's read-only mode reads (floats as the reader's Decimals)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        found: Cells = {}
        for ws in book.worksheets:
            ws.reset_dimensions()
            cells = found[ws.title] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "row", None) is not None and cell.value is not None:
                        cells[(cell.row, cell.column)] = cell_value(cell.value)
        return found
    finally:
        book.close()


def rectikit_cells(path: Path, *, fast: bool = True, limits: XlsxLimits = DEFAULT_LIMITS) -> Cells:
    """The cells rectikit's reader reads (the fast path first, or only the exact one)."""
    with Package(path, limits) as package:
        values = CellValues(
            package.shared_strings, package.date_styles, package.timedelta_styles, package.epoch
        )
        found: Cells = {}
        for ref in package.sheets:
            cells = found[ref.title] = {}
            rows = iter_sheet_rows(
                lambda part=ref.part: package.open_part(part),
                values,
                title=ref.title,
                max_rows=limits.max_rows,
                fast=fast,
            )
            for number, row in rows:
                for column, value in enumerate(row, 1):
                    if value is not None:
                        cells[(number, column)] = value
        return found


def both_paths(path: Path) -> Cells:
    """The cells rectikit reads, after checking that both paths read the same."""
    fast, exact = rectikit_cells(path), rectikit_cells(path, fast=False)
    assert fast == exact
    assert _types(fast) == _types(exact)
    return fast


def _types(cells: Cells) -> dict[str, dict[tuple[int, int], type]]:
    return {title: {key: type(v) for key, v in found.items()} for title, found in cells.items()}


def same_types(left: Cells, right: Cells) -> bool:
    """Whether the values of ``left`` and ``right`` are of the same types, cell by cell."""
    return _types(left) == _types(right)


def fast_path_covers(path: Path) -> list[bool]:
    """For each worksheet, whether the fast path reads it whole (no hand-over)."""
    with Package(path) as package:
        values = CellValues(
            package.shared_strings, package.date_styles, package.timedelta_styles, package.epoch
        )
        return [
            fast_rows_only(
                lambda part=ref.part: package.open_part(part),
                values,
                title=ref.title,
                max_rows=DEFAULT_LIMITS.max_rows,
            )
            is not None
            for ref in package.sheets
        ]
