"""A worksheet as plain values: its rows with merged cells filled in, where its header
is, its sheets found by name, and cells turned into extra values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from rectikit.model.values import is_blank, normalize_text


@dataclass
class _Sheet:
    """A worksheet's values (merged cells filled in) and where its header is."""

    name: str
    rows: list[list[Any]]
    header_row: int = 0  # 1-based; 0 = none
    columns: dict[str, int] = field(default_factory=dict)  # model key -> 0-based index
    others: list[tuple[int, str]] = field(default_factory=list)  # unknown headers
    headers: dict[int, str] = field(default_factory=dict)

    def data_rows(self) -> Iterable[tuple[int, list[Any]]]:
        for offset, row in enumerate(self.rows[self.header_row :]):
            if any(not is_blank(v) for v in row):
                yield self.header_row + 1 + offset, row

    def get(self, row: list[Any], key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(row):
            return None
        return row[index]


def _read_sheet(ws: Worksheet) -> _Sheet:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(rows) or left >= width:
            continue
        value = rows[top][left]
        for r in range(top, min(merged.max_row, len(rows))):
            for c in range(left, min(merged.max_col, width)):
                rows[r][c] = value
    return _Sheet(ws.title, rows)


def _extra_value(value: Any) -> Any:
    """A cell as an extra value: dates at midnight become dates."""
    if (
        isinstance(value, datetime)
        and value.hour == value.minute == value.second == 0
        and value.microsecond == 0
    ):
        return value.date()
    return value


def _sheet_named(workbook: Any, *names: str) -> Worksheet | None:
    wanted = {normalize_text(n) for n in names}
    for ws in workbook.worksheets:
        if normalize_text(ws.title) in wanted:
            return ws
    return None
