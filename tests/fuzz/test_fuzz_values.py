"""Fuzzing the value parsers: every notation of DATA.md, and rubbish.

Each parser returns its type or raises ``ValueParseError`` — nothing else, whatever it
is given (text, numbers including NaN and infinities, dates, bytes, containers).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fuzz_support import (
    amounts,
    booleans,
    dates,
    fuzz_settings,
    garbage,
    integers,
    long_cells,
    quarters,
)
from hypothesis import given
from hypothesis import strategies as st

from rectikit.model.values import (
    EnumLookup,
    Quarter,
    ValueParseError,
    is_blank,
    normalize_text,
    parse_amount,
    parse_bool,
    parse_date,
    parse_int,
    parse_quarter,
)

anything = st.one_of(
    garbage,
    long_cells,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.just(Decimal("sNaN")),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=10),
    st.lists(st.integers(), max_size=3),
    amounts(),
    dates(),
    integers(),
    booleans,
    quarters(),
)

PARSERS = {
    parse_amount: Decimal,
    parse_date: date,
    parse_int: int,
    parse_bool: bool,
    parse_quarter: Quarter,
    EnumLookup({"self": ("自行采购",), "government": ("政府采购",)}).parse: str,
}


@fuzz_settings(300)
@given(anything)
def test_parsers_answer_their_type_or_value_parse_error(value: Any) -> None:
    for parse, kind in PARSERS.items():
        try:
            parsed = parse(value)
        except ValueParseError as exc:
            assert "\n" not in str(exc).strip() or "\n" in repr(value), exc
            continue
        assert isinstance(parsed, kind), (parse, value, parsed)
    assert isinstance(is_blank(value), bool)
    if isinstance(value, str):
        assert isinstance(normalize_text(value), str)


@fuzz_settings(150)
@given(amounts())
def test_office_amounts_parse(text: str) -> None:
    amount = parse_amount(text)
    assert isinstance(amount, Decimal) and amount.is_finite()


@fuzz_settings(150)
@given(dates())
def test_office_dates_parse(value: str | int) -> None:
    assert date(1990, 1, 1) <= parse_date(value) <= date(2035, 12, 31)


@fuzz_settings(100)
@given(integers(), booleans, quarters())
def test_office_counts_booleans_and_quarters_parse(count: Any, flag: str, quarter: str) -> None:
    assert parse_int(count) >= 0
    assert isinstance(parse_bool(flag), bool)
    assert isinstance(parse_quarter(quarter), Quarter)
