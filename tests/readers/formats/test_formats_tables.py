"""The shared row rules: blanks, alignment, headers, ReadError and the closed-source guard."""

from __future__ import annotations

import pytest

from rectikit.readers.formats import RawRow, RawTable, ReadError
from rectikit.readers.formats.tables import align, guard_rows, header_names, is_blank, raw_row


@pytest.mark.parametrize(
    ("value", "blank"),
    [(None, True), ("", True), ("  \t\u3000", True), ("x", False), (0, False), (False, False)],
)
def test_is_blank(value: object, blank: bool) -> None:
    assert is_blank(value) is blank


def test_align_pads_short_rows() -> None:
    assert align(["a"], 3) == ("a", None, None)


def test_align_drops_blank_extras_and_keeps_non_blank_ones() -> None:
    assert align(["a", "b", "", " "], 2) == ("a", "b")
    assert align(["a", "b", "", "x", ""], 2) == ("a", "b", "", "x")


def test_header_names_stringify_and_drop_trailing_blanks() -> None:
    assert header_names(["编号", None, 2023, "", " "]) == ("编号", "", "2023")


def test_raw_row_skips_blank_rows() -> None:
    assert raw_row(5, ["", None, "  "], 3) is None
    assert raw_row(5, ["", "x"], 3) == RawRow(5, ("", "x", None))


def test_read_error_is_one_line() -> None:
    err = ReadError("first\nsecond\r\nthird")
    assert str(err) == "first second third"
    assert err.message == str(err)


def test_read_error_from_os_error() -> None:
    err = ReadError.from_os_error(FileNotFoundError(2, "No such file or directory"))
    assert str(err) == "cannot read file (No such file or directory)"


def test_raw_table_equality_ignores_rows() -> None:
    one = RawTable("a.csv", None, ("x",), iter([RawRow(2, ("1",))]))
    two = RawTable("a.csv", None, ("x",), iter(()))
    assert one == two
    assert one.column_letters is None


def test_guard_rows_fails_clearly_once_closed() -> None:
    state = {"open": True}
    rows = guard_rows(iter([RawRow(2, ("a",)), RawRow(3, ("b",))]), lambda: state["open"], "t")
    assert next(rows) == RawRow(2, ("a",))
    state["open"] = False
    with pytest.raises(RuntimeError, match="consume each table's rows"):
        next(rows)
