"""Where a report's text came from: :class:`ReportParagraph` is one paragraph (or table
row) of a report with its place in the file (a line of a text file, a paragraph or a
table row of a Word file), and :func:`describe` names the places of several, for
``--explain`` and the warnings (``lines 12-14, 16``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: Kinds of place: a line of a text or Markdown file, a paragraph of a Word body (or
#: of a list given to the parser), a row of a Word table.
LINE, PARAGRAPH, ROW = "line", "paragraph", "row"


@dataclass(frozen=True)
class ReportParagraph:
    """A paragraph of a report and where it stands.

    Attributes:
        text: the paragraph on one line (a table row: its distinct cells joined by tabs).
        number: where it starts, 1-based: a line (``kind`` ``line``), a paragraph of a
            Word body (``paragraph``) or a row of table ``table`` (``row``).
        kind: ``line``, ``paragraph`` or ``row``.
        last: where a paragraph over several lines ends (Markdown); 0 = ``number``.
        table: the table a row belongs to, 1-based (0 = not in a table).
        cells: a table row's cells in column order (merged cells repeated), each on
            one line or several (the cell's own paragraphs).
        item: an item of a list (a Markdown ``-``/``1.`` item, a numbered or bulleted
            Word paragraph), whose number or bullet the text may not show.
    """

    text: str
    number: int = 0
    kind: str = PARAGRAPH
    last: int = 0
    table: int = 0
    cells: tuple[str, ...] = ()
    item: bool = False

    @property
    def where(self) -> str:
        """``line 12``, ``lines 12-14``, ``paragraph 7``, ``table 1 row 3``."""
        return describe([self])


def _ranges(numbers: Iterable[int]) -> str:
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = prev = None
    for number in ordered:
        if start is None:
            start = prev = number
        elif prev is not None and number == prev + 1:
            prev = number
        else:
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = number
    if start is not None:
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(parts)


def describe(paragraphs: Iterable[ReportParagraph]) -> str:
    """The places of ``paragraphs``: ``lines 3-5, 9``; ``paragraph 4``; ``table 1
    rows 2-3``; kinds joined by ``; ``. Empty when there are none."""
    lines: set[int] = set()
    paras: set[int] = set()
    rows: dict[int, set[int]] = {}
    for item in paragraphs:
        span = range(item.number, max(item.number, item.last) + 1)
        if item.kind == ROW:
            rows.setdefault(item.table, set()).update(span)
        elif item.kind == LINE:
            lines.update(span)
        else:
            paras.update(span)
    parts = []
    for name, numbers in (("line", lines), ("paragraph", paras)):
        if numbers:
            plural = "s" if len(numbers) > 1 else ""
            parts.append(f"{name}{plural} {_ranges(numbers)}")
    for table, numbers in sorted(rows.items()):
        plural = "s" if len(numbers) > 1 else ""
        parts.append(f"table {table} row{plural} {_ranges(numbers)}")
    return "; ".join(parts)
