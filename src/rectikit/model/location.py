"""Where a record, a value or a violation comes from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen(slots=True)
class Location:
    """A place in a dataset file.

    Attributes:
        file: the file's path as given relative to the dataset root (or its name).
        row: 1-based row; for CSV/TSV/XLSX the header is row 1, for JSON/TOML the
            position of the record in its list. ``None`` for file-level locations.
        column: the canonical field name (``budget``), or the raw header when the
            column maps to no field.
        sheet: the XLSX sheet name, ``None`` for other formats.
        cell: the spreadsheet cell (``C12``) where known.
        letters: for spreadsheet rows, field name -> column letter, shared by every
            row of a sheet; lets :meth:`with_column` fill in ``cell``.
    """

    file: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None
    cell: str | None = None
    letters: Mapping[str, str] | None = attrs.field(default=None, eq=False, repr=False, hash=False)

    def __reduce_ex__(self, protocol: Any) -> Any:
        # pickled as its constructor's arguments (between processes, see --jobs): a
        # third faster than attrs' state dictionaries; a subclass pickles as usual
        if type(self) is not Location:
            return object.__reduce_ex__(self, protocol)
        return Location, (self.file, self.row, self.column, self.sheet, self.cell, self.letters)

    def with_column(self, column: str | None) -> Location:
        """The same row, pointing at ``column`` (and its spreadsheet cell when known)."""
        cell = None
        if column is not None and self.letters is not None and self.row is not None:
            letter = self.letters.get(column)
            if letter is not None:
                cell = f"{letter}{self.row}"
        return attrs.evolve(self, column=column, cell=cell)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``file``, ``row``, ``column``, and ``sheet``/``cell`` when set."""
        data: dict[str, Any] = {"file": self.file, "row": self.row, "column": self.column}
        if self.sheet is not None:
            data["sheet"] = self.sheet
        if self.cell is not None:
            data["cell"] = self.cell
        return data

    def __str__(self) -> str:
        text = self.file
        if self.sheet is not None and self.cell is not None:
            return f"{text}:{self.sheet}!{self.cell}"
        if self.row is not None:
            text += f":{self.row}"
        if self.column:
            text += f":{self.column}"
        return text

    def sort_key(self) -> tuple[str, int, str]:
        """Key ordering violations by file, then row (file-level first)."""
        return (self.file, self.row or 0, self.column or "")
