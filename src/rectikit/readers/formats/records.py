"""Tables from record lists already in memory (parsed JSON and TOML documents)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from rectikit.readers.formats.tables import RawRow, RawTable, ReadError, raw_row


def is_record_list(value: object) -> bool:
    """Whether ``value`` is meant as a list of records: a list that is empty or holds
    at least one mapping (a list mixing mappings with other items is still one, so that
    :func:`records_table` can report the odd item)."""
    return isinstance(value, list) and (
        not value or any(isinstance(item, Mapping) for item in value)
    )


def records_table(
    display: str, sheet: str | None, records: Sequence[object], *, noun: str
) -> RawTable:
    """The table of a list of records (mappings).

    Headers are the union of the records' keys in first-appearance order; each row's
    values follow them (``None`` for a missing key) and its row number is the record's
    1-based position in the list. Values are kept as parsed, nested ones included.

    Raises:
        ReadError: an item is not a mapping: ``record 3 is not an object`` (``noun``
            names the format's word for a mapping; the message starts with
            ``"<sheet>: "`` for keyed lists).
    """
    headers: dict[str, None] = {}
    for position, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            where = f"{sheet}: " if sheet is not None else ""
            raise ReadError(f"{where}record {position} is not {noun}")
        headers.update(dict.fromkeys(record))
    names = tuple(headers)
    return RawTable(file=display, sheet=sheet, headers=names, rows=_rows(records, names))


def _rows(records: Sequence[object], names: tuple[str, ...]) -> Iterator[RawRow]:
    for position, record in enumerate(records, start=1):
        assert isinstance(record, Mapping)
        row = raw_row(position, [record.get(name) for name in names], len(names))
        if row is not None:
            yield row
