"""The exact worksheet parser: hardened expat callbacks over the whole part.

It reads any well-formed worksheet (any encoding, prefixes, comments, CDATA, rich text,
cells and rows without ``r``), as openpyxl's parser does, and is the reference the fast
path (:mod:`rectikit.readers.formats.xlsx_fast`) is tested against.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from rectikit.readers.formats.tables import ReadError
from rectikit.readers.formats.xlsx_cells import (
    MAX_COLUMNS,
    CellError,
    CellValues,
    column_index,
    split_reference,
)
from rectikit.readers.formats.xlsx_package import BoundedPart
from rectikit.readers.formats.xlsx_rows import (
    PART_ERRORS,
    CorruptSheet,
    SheetRow,
    cell_error,
    too_many,
)
from rectikit.readers.formats.xlsx_xml import (
    XML_ERRORS,
    ChunkSizes,
    content_parser,
    describe,
    local_name,
)


def exact_rows(
    open_part: Callable[[], BoundedPart], cells: CellValues, title: str, max_rows: int
) -> Iterator[SheetRow]:
    sheet = _ExpatSheet(cells, title, max_rows)
    sizes = ChunkSizes(sheet.parser)
    with open_part() as part:
        while True:
            try:
                chunk = part.read(sizes.next())
                sheet.feed(chunk, not chunk)
            except ReadError:
                raise
            except XML_ERRORS as err:
                raise CorruptSheet(describe(err)) from err
            except PART_ERRORS as err:  # a broken ZIP member
                raise CorruptSheet(f"{type(err).__name__}: {err}") from err
            yield from sheet.rows
            sheet.rows.clear()
            if not chunk:
                return


class _ExpatSheet:
    """The exact path: expat callbacks over the whole worksheet part."""

    def __init__(self, cells: CellValues, title: str, max_rows: int) -> None:
        self.cells = cells
        self.title = title
        self.max_rows = max_rows
        self.rows: list[SheetRow] = []
        self.in_data = False
        self.count = 0
        self.number = 0
        self.values: list[object] | None = None
        self.column = 0  # 1-based column of the last cell, as openpyxl counts
        self.path: list[str] | None = None  # local names from the current <c> down
        self.ref = ""
        self.kind: str | None = None
        self.style = 0
        self.text: list[str] | None = None
        self.v: str | None = None
        self.has_v = False
        self.inline = False
        self.plain: str | None = None
        self.runs: list[str] = []
        self.names: dict[str, str] = {}
        self.parser = content_parser(self._start, self._end, self._chars)

    def feed(self, data: bytes, final: bool) -> None:
        self.parser.Parse(data, final)

    def _local(self, name: str) -> str:
        found = self.names.get(name)
        if found is None:
            found = self.names[name] = local_name(name)
        return found

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = self._local(name)
        path = self.path
        if path is not None:
            path.append(local)
            depth = len(path)
            if depth == 2:
                if local == "v" and not self.has_v:
                    self.text = []
                elif local == "is":
                    self.inline = True
            elif local == "t" and path[1] == "is" and (depth == 3 or path[2] == "r" == path[-2]):
                self.text = []
        elif local == "c":
            if self.values is not None:
                self._start_cell(attrs)
        elif local == "row":
            if self.in_data:
                self._start_row(attrs)
        elif local == "sheetData":
            self.in_data = True

    def _start_row(self, attrs: dict[str, str]) -> None:
        text = attrs.get("r")
        self.number = self.number + 1 if text is None else _row_number(text)
        self.count += 1
        if self.count > self.max_rows or self.number > self.max_rows:
            raise too_many(self.title, self.max_rows)
        self.values = []
        self.column = 0

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        try:
            if ref:
                letters, _ = split_reference(ref)
                self.column = column_index(letters) + 1
            else:
                self.column += 1
                if self.column > MAX_COLUMNS:
                    raise CellError("a cell beyond Excel's last column XFD")
            self.ref = ref or f"#{self.column} of row {self.number}"
            style = attrs.get("s")
            self.style = int(style) if style else 0
        except CellError as err:
            raise cell_error(err, ref or "?") from None
        except ValueError:
            raise CorruptSheet(f"cell {ref}: bad style {attrs.get('s')!r}") from None
        self.kind = attrs.get("t")
        self.path = ["c"]
        self.has_v = False
        self.v = None
        self.inline = False
        self.plain = None
        self.runs = []

    def _end(self, name: str) -> None:
        path = self.path
        if path is None:
            local = self._local(name)
            if local == "row":
                if self.values is not None and self.in_data:
                    self.rows.append((self.number, self.values))
                    self.values = None
            elif local == "sheetData":
                self.in_data = False
            return
        local = path.pop()
        if self.text is not None and local in ("v", "t"):
            text = "".join(self.text)
            self.text = None
            if local == "v":
                self.v, self.has_v = text, True
            elif len(path) == 2:
                self.plain = text
            else:
                self.runs.append(text)
        elif not path:
            self.path = None
            self._end_cell()

    def _end_cell(self) -> None:
        inline = None
        if self.inline:
            plain = "" if self.plain is None else self.plain
            inline = plain + "".join(self.runs)
        try:
            value = self.cells.value(self.kind, self.style, self.v, inline)
        except CellError as err:
            raise cell_error(err, self.ref) from None
        values = self.values
        assert values is not None
        index = self.column - 1
        if index >= len(values):
            values.extend([None] * (index - len(values)))
            values.append(value)
        else:
            values[index] = value

    def _chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


def _row_number(text: str) -> int:
    """A row's ``r``: an integer, or a float with no fraction (as openpyxl accepts)."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value.is_integer():
        raise CorruptSheet(f"{text!r} is not a row number")
    return int(value)
