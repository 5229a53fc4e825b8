"""Date styles and serials: the same answers as openpyxl, plus the East Asian formats."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.styles.numbers import is_date_format as openpyxl_is_date
from openpyxl.styles.numbers import is_timedelta_format as openpyxl_is_timedelta
from openpyxl.utils.datetime import from_excel as openpyxl_from_excel
from openpyxl.utils.datetime import from_ISO8601

from rectikit.readers.formats.xlsx_styles import (
    BUILTIN_DATE_FORMATS,
    MAC_EPOCH,
    WINDOWS_EPOCH,
    date_styles,
    from_excel,
    from_iso,
    is_date_format,
    is_timedelta_format,
)

FORMAT_PIECES = st.sampled_from(
    [
        "y",
        "yy",
        "m",
        "mm",
        "d",
        "h",
        "s",
        "[h]",
        "[mm]",
        "[ss]",
        ":",
        "-",
        "/",
        " ",
        "0",
        "#",
        ",",
        ".",
        "%",
        "@",
        ";",
        "_",
        "\\",
        '"年"',
        '"d"',
        "[Red]",
        "[$-804]",
        "[hh]",
        "E+",
        "AM/PM",
        "General",
        "上午/下午",
        "\\d",
        "_)",
    ]
)


@given(st.lists(FORMAT_PIECES, max_size=8).map("".join))
def test_date_and_elapsed_time_formats_as_openpyxl_decides(code: str) -> None:
    assert is_date_format(code) == openpyxl_is_date(code)
    assert is_timedelta_format(code) == openpyxl_is_timedelta(code)


def test_builtin_formats() -> None:
    for format_id, code in BUILTIN_FORMATS.items():
        assert (format_id in BUILTIN_DATE_FORMATS) == openpyxl_is_date(code), format_id
    # East Asian locale formats have no code in the file: Chinese Excel writes id 31
    # for yyyy"年"m"月"d"日" and 57 for yyyy"年"m"月"
    assert {31, 57, 58, 27, 36, 50}.issubset(BUILTIN_DATE_FORMATS)
    assert not {0, 1, 2, 9, 10, 11, 37, 44, 48, 49, 164}.intersection(BUILTIN_DATE_FORMATS)


def test_date_styles_by_cellxfs_position() -> None:
    dates, deltas = date_styles(
        [0, 14, 164, 165, 46, 31, 166], {164: "0.00", 165: 'yyyy"年"m"月"', 166: "[h]:mm", 14: "0"}
    )
    assert dates == {3, 4, 5, 6}
    assert deltas == {4, 6}


SERIALS = st.one_of(
    st.integers(-693594, 2958465),
    st.floats(-693594, 2958466, allow_nan=False),
    st.floats(0, 1, allow_nan=False),
    st.sampled_from([0, 0.5, 59, 60, 61, 1.0000000001, 0.99999999999, 2958465.9999999]),
)


@given(SERIALS, st.sampled_from([WINDOWS_EPOCH, MAC_EPOCH]), st.booleans())
def test_serials_as_openpyxl_converts_them(serial: float, epoch: dt.datetime, delta: bool) -> None:
    try:
        expected: object = openpyxl_from_excel(serial, epoch, timedelta=delta)
    except (OverflowError, ValueError) as err:
        with pytest.raises(type(err)):
            from_excel(serial, epoch, delta)
        return
    assert from_excel(serial, epoch, delta) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2023-08-03",
        "2023-08-03T10:20:30",
        "2023-08-03T10:20:30.5Z",
        "10:20",
        "10:20:30.123",
        "PT3H",
        "PT1H30M15.5S",
        "",
    ],
)
def test_iso_values_as_openpyxl_reads_them(text: str) -> None:
    assert from_iso(text) == from_ISO8601(text)


def test_a_bad_iso_value() -> None:
    with pytest.raises(ValueError):
        from_iso("soon")
