"""Property: any table of text cells written with csv.writer reads back unchanged."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.support import is_utf8

from rectikit.readers.formats import RawRow, read_delimited

ALPHABET = (
    "编号项目名称预算金额元采购日期谈话对象选举甲乙丙（），。、“”：\u3000abcXYZ019 ,;'\"\t\r\n-./"
)
HEADER_ALPHABET = ALPHABET.replace("\t", "")  # a tab-only-separated header is sniffed as TSV

cell = st.text(alphabet=ALPHABET, max_size=12)
header_cell = st.text(alphabet=HEADER_ALPHABET, min_size=1, max_size=8).filter(str.strip)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    headers = draw(st.lists(header_cell, min_size=1, max_size=5))
    row = st.lists(cell, min_size=len(headers), max_size=len(headers))
    return headers, draw(st.lists(row, max_size=8))


def encode(headers: list[str], rows: list[list[str]], codec: str) -> bytes:
    """The table as csv.writer writes it (``\r\n`` line ends; it quotes cells with
    ``\r`` or ``\n`` only when they are part of its line terminator)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(codec)


@settings(max_examples=200, deadline=None)
@given(
    table=tables(),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    forced=st.booleans(),
)
def test_csv_round_trip(table: tuple[list[str], list[list[str]]], codec: str, forced: bool) -> None:
    headers, rows = table
    data = encode(headers, rows, codec)
    if codec == "gb18030" and not forced:
        # GB18030 bytes that happen to be valid UTF-8 are (rightly) detected as UTF-8
        assume(data == encode(headers, rows, "utf-8") or not is_utf8(data))
    expected = [
        RawRow(number, tuple(values))
        for number, values in enumerate(rows, start=2)
        if any(value.strip() for value in values)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.csv"
        path.write_bytes(data)
        read = [
            (table.headers, list(table.rows))
            for table in read_delimited(path, "round.csv", encoding=codec if forced else None)
        ]
    assert read == [(tuple(headers), expected)]
