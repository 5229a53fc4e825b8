"""Tests for the pure value parsers of :mod:`rectikit.model.values`."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectikit.model.values import (
    EnumLookup,
    Quarter,
    ValueParseError,
    format_amount,
    is_blank,
    normalize_text,
    parse_amount,
    parse_bool,
    parse_chinese_numeral,
    parse_date,
    parse_enum,
    parse_int,
    parse_quarter,
)

D = Decimal

# ---------------------------------------------------------------- helpers for tests

_DIGITS = "零一二三四五六七八九"
_FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


def _section(n: int) -> str:
    """Chinese numerals for 0 < n < 10000, with 零 for inner gaps (一千零五)."""
    out, gap, started = "", False, False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        q = n // unit % 10
        if q == 0:
            gap = gap or started
            continue
        if gap:
            out += "零"
            gap = False
        out += _DIGITS[q] + name
        started = True
    return out


def to_chinese(n: int) -> str:
    """Standard Chinese numerals for a non-negative integer (一十 kept, see below)."""
    if n == 0:
        return "零"
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        text = to_chinese(high) + "亿"
        if low:
            text += ("零" if low < 10**7 else "") + to_chinese(low)
        return text
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        text = _section(high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _section(low)
        return text
    return _section(n)


def test_generator_sanity() -> None:
    assert to_chinese(105) == "一百零五"
    assert to_chinese(12500) == "一万二千五百"
    assert to_chinese(100010) == "一十万零一十"
    assert to_chinese(120000000) == "一亿二千万"
    assert to_chinese(100000001) == "一亿零一"
    assert to_chinese(10**12) == "一万亿"


def raises_parse_error(
    func: Callable[..., object], value: object, *args: object
) -> ValueParseError:
    """Call ``func(value, *args)``; it must raise ValueParseError carrying ``value``."""
    with pytest.raises(ValueParseError) as info:
        func(value, *args)
    assert info.value.value is value
    return info.value


# ------------------------------------------------------------------ ValueParseError


def test_error_attributes_and_message() -> None:
    err = raises_parse_error(parse_amount, "2万x")
    assert isinstance(err, ValueError)
    assert err.type_name == "amount"
    assert isinstance(err.reason, str)
    assert str(err).startswith("cannot parse '2万x' as amount")
    assert "\n" not in str(err)


def test_error_message_without_reason_and_pickle() -> None:
    err = ValueParseError("date", "x")
    assert str(err) == "cannot parse 'x' as date"
    again = pickle.loads(pickle.dumps(ValueParseError("int", "3.5", "not whole")))
    assert (again.type_name, again.value, again.reason) == ("int", "3.5", "not whole")
    assert str(again) == "cannot parse '3.5' as int: not whole"


def test_error_message_truncates_long_values() -> None:
    assert len(str(ValueParseError("amount", "9" * 1000, "x"))) < 120


# ------------------------------------------------------------------- text helpers


@pytest.mark.parametrize(
    ("value", "blank"),
    [
        (None, True),
        ("", True),
        ("   ", True),
        ("\t\n", True),
        ("\u3000", True),
        ("\xa0", True),
        ("\ufeff\u200b", True),
        ("a", False),
        (" 0 ", False),
        (0, False),
        (D(0), False),
        (False, False),
    ],
)
def test_is_blank(value: object, blank: bool) -> None:
    assert is_blank(value) is blank


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (" 预算金额（元） ", "预算金额(元)"),
        ("ＩＤ", "id"),
        ("Project Name", "projectname"),
        ("项目\u3000名称", "项目名称"),
        ("\ufeff编号", "编号"),
        ("ＡＢＣ１２３", "abc123"),
    ],
)
def test_normalize_text(a: str, b: str) -> None:
    assert normalize_text(a) == normalize_text(b)


def test_normalize_text_values() -> None:
    assert normalize_text("ＩＤ") == "id"
    assert normalize_text(" 预算金额（元） ") == "预算金额(元)"


@given(st.text())
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not any(ch.isspace() for ch in once)


# ------------------------------------------------------------------------ amounts

AMOUNTS = [
    ("20000", "20000"),
    ("20,000.00", "20000.00"),
    ("20,000", "20000"),
    ("2万", "20000"),
    ("2万元", "20000"),
    ("¥1.5万", "15000"),
    ("￥1.5万", "15000"),
    ("30万元", "300000"),
    ("二万元", "20000"),
    ("1.2亿", "120000000"),
    ("1.2亿元", "120000000"),
    ("¥25,000.00", "25000.00"),
    ("贰万元整", "20000"),
    ("三十万", "300000"),
    ("一百五十万", "1500000"),
    ("一万二千五百元", "12500"),
    ("五千元", "5000"),
    ("5千元", "5000"),
    ("5千", "5000"),
    ("3百万", "3000000"),
    ("1.5千万", "15000000"),
    ("RMB 100", "100"),
    ("rmb100", "100"),
    ("人民币20万元", "200000"),
    ("100元", "100"),
    ("100圆", "100"),
    ("20000元整", "20000"),
    ("２０，０００．００", "20000.00"),
    ("２万元", "20000"),
    ("1 234 567.89", "1234567.89"),
    ("\u3000¥ 2 万 元\u3000", "20000"),
    ("-1,234.50", "-1234.50"),
    ("+5", "5"),
    ("-¥100", "-100"),
    ("¥-100", "-100"),
    ("−3万", "-30000"),
    ("负三万元", "-30000"),
    ("0", "0"),
    ("0.00", "0.00"),
    ("-0.00", "0.00"),
    ("0.5", "0.5"),
    ("2.00万", "20000"),
    ("1.23456万", "12345.6"),
    ("壹仟贰佰元", "1200"),
    ("壹佰元伍角陆分", "100.56"),
    ("壹佰元零伍分", "100.05"),
    ("叁拾元伍角整", "30.50"),
    ("一点五万元", "15000"),
    ("两万三千", "23000"),
    ("一亿二千万", "120000000"),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_parse_amount_strings(text: str, expected: str) -> None:
    result = parse_amount(text)
    assert isinstance(result, Decimal)
    assert result == D(expected)
    assert str(result) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (20000, "20000"),
        (-5, "-5"),
        (D("20000.00"), "20000.00"),
        (D("2E+4"), "20000"),
        (D("-0"), "0"),
        (1234.5, "1234.5"),
        (0.1, "0.1"),
        (1e16, "10000000000000000"),
        (52000.0, "52000.0"),
    ],
)
def test_parse_amount_numbers(value: object, expected: str) -> None:
    result = parse_amount(value)
    assert str(result) == expected


def test_parse_amount_no_scientific_notation() -> None:
    assert str(parse_amount("2万")) == "20000"
    assert str(parse_amount("1亿")) == "100000000"
    assert str(parse_amount("20000")) == "20000"
    assert str(parse_amount("20,000.00")) == "20000.00"


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "\u3000",
        "2万x",
        "abc",
        "元",
        "¥",
        "万",
        "万元",
        "1,23",
        "1,2345",
        "20,00.00",
        "1.2.3",
        "1.",
        ".5",
        "1e5",
        "2E4",
        "NaN",
        "Infinity",
        "inf",
        "--5",
        "2万3千",
        "二十十",
        "1万亿亿",
        "0.00000001",
        "1" * 19,
        "1" * 50,
        "五元六",
        "三点",
        "一点五点六",
        "٣",
        "1/2",
        "20%",
        True,
        False,
        float("nan"),
        float("inf"),
        float("-inf"),
        1e300,
        D("NaN"),
        D("sNaN"),
        D("Infinity"),
        D("1E+30"),
        10**30,
        [1],
        b"100",
        date(2023, 1, 1),
    ],
)
def test_parse_amount_rejects(value: object) -> None:
    err = raises_parse_error(parse_amount, value)
    assert err.type_name == "amount"


def test_parse_amount_blank_reason() -> None:
    assert raises_parse_error(parse_amount, " ").reason == "blank"
    assert raises_parse_error(parse_amount, None).reason == "blank"


two_place_amounts = st.decimals(
    min_value=D("-1e13"), max_value=D("1e13"), places=2, allow_nan=False, allow_infinity=False
)


@given(two_place_amounts)
def test_amount_round_trips_with_separators(d: Decimal) -> None:
    result = parse_amount(f"{d:,.2f}")
    assert result == d
    assert "E" not in str(result)


@given(two_place_amounts)
def test_amount_round_trips_with_currency(d: Decimal) -> None:
    result = parse_amount(f"¥{d}元")
    assert result == d
    assert "E" not in str(result)


@given(two_place_amounts)
def test_amount_in_wan(d: Decimal) -> None:
    result = parse_amount(f"{d}万")
    assert result == d * 10000
    assert "E" not in str(result)
    if abs(d) < 10**9:
        assert parse_amount(f"{d}亿") == d * 10**8
        assert "E" not in str(parse_amount(f"{d}亿"))


_WRITTEN_AMOUNTS = st.builds(
    lambda prefix, whole, grouped, fraction, unit, yuan: (
        prefix
        + (f"{whole:,}" if grouped else str(whole))
        + (f".{fraction}" if fraction else "")
        + unit
        + yuan
    ),
    st.sampled_from(["", "¥", "￥"]),
    st.integers(min_value=0, max_value=10**13),
    st.booleans(),
    st.text(alphabet="0123456789", max_size=7),
    st.sampled_from(["", "百", "千", "万", "萬", "十万", "百万", "千万", "亿", "億", "万亿"]),
    st.sampled_from(["", "元", "圆"]),
)


@given(_WRITTEN_AMOUNTS)
def test_amount_fast_paths_agree_with_the_general_path(text: str) -> None:
    """The shortcuts for common notations give what the folding parser gives: a
    trailing space keeps a text off the shortcuts."""
    try:
        general = parse_amount(text + " ")
    except ValueParseError:
        with pytest.raises(ValueParseError):
            parse_amount(text)
        return
    fast = parse_amount(text)
    assert fast == general
    assert str(fast) == str(general)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_amount_from_any_decimal(d: Decimal) -> None:
    try:
        result = parse_amount(d)
    except ValueParseError:
        return
    assert result == d
    assert "E" not in str(result)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_amount_from_any_float(f: float) -> None:
    try:
        result = parse_amount(f)
    except ValueParseError:
        return
    assert result == D(repr(f))
    assert "E" not in str(result)


# --------------------------------------------------------------- Chinese numerals


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("零", "0"),
        ("〇", "0"),
        ("二", "2"),
        ("两", "2"),
        ("十", "10"),
        ("十二", "12"),
        ("二十", "20"),
        ("一十二", "12"),
        ("一百零五", "105"),
        ("一千零五十", "1050"),
        ("两万三千", "23000"),
        ("一万零三", "10003"),
        ("十万", "100000"),
        ("十万零一十", "100010"),
        ("一点五", "1.5"),
        ("零点零五", "0.05"),
        ("三点一四", "3.14"),
        ("壹仟贰佰", "1200"),
        ("壹拾", "10"),
        ("一亿二千万", "120000000"),
        ("一亿零一", "100000001"),
        ("一万亿", "1000000000000"),
        ("一点五万", "15000"),
        ("二点五亿", "250000000"),
        ("萬", None),
        ("一百五", "150"),  # spoken abbreviation
        ("两万三", "23000"),
        ("一千二", "1200"),
        ("一亿二", "120000000"),
        (" 十 二 ", "12"),
    ],
)
def test_parse_chinese_numeral(text: str, expected: str | None) -> None:
    if expected is None:
        err = raises_parse_error(parse_chinese_numeral, text)
        assert err.type_name == "number"
        return
    result = parse_chinese_numeral(text)
    assert result == D(expected)
    assert str(result) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "12",
        "二2",
        "abc",
        "万",
        "亿",
        "百",
        "千元",
        "二十十",
        "二十百",
        "一二",
        "二〇二三",
        "零五",
        "五零",
        "一百零",
        "一百零零五",
        "一万万",
        "一亿一亿",
        "零万",
        "点五",
        "一点",
        "一点两",
        "一点五点",
        "负三",
        "二万元",
    ],
)
def test_parse_chinese_numeral_rejects(text: str) -> None:
    err = raises_parse_error(parse_chinese_numeral, text)
    assert err.type_name == "number"


@pytest.mark.parametrize("value", [None, 12, D(1), 1.0])
def test_parse_chinese_numeral_rejects_non_strings(value: object) -> None:
    raises_parse_error(parse_chinese_numeral, value)


@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numerals_round_trip(n: int) -> None:
    text = to_chinese(n)
    assert parse_chinese_numeral(text) == n
    assert parse_chinese_numeral(text.translate(_FINANCIAL)) == n
    if text.startswith("一十"):
        assert parse_chinese_numeral(text[1:]) == n
    amount = parse_amount(text + "元")
    assert amount == n
    assert str(amount) == str(n)


@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_amounts_round_trip_financial(n: int) -> None:
    assert parse_amount(to_chinese(n).translate(_FINANCIAL) + "元整") == n


# ------------------------------------------------------------------------ integers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3),
        (0, 0),
        (-2, -2),
        (3.0, 3),
        (-0.0, 0),
        (D("3"), 3),
        (D("3.00"), 3),
        (D("3E+2"), 300),
        ("3", 3),
        (" 3 ", 3),
        ("３", 3),
        ("12", 12),
        ("1,000", 1000),
        ("3.0", 3),
        ("-4", -4),
        ("三", 3),
        ("十二", 12),
        ("两", 2),
        ("3家", 3),
        ("3人", 3),
        ("三家", 3),
        ("5年", 5),
        ("2个", 2),
        ("4次", 4),
        ("6名", 6),
        ("7项", 7),
        ("8人次", 8),
        ("二十人", 20),
    ],
)
def test_parse_int(value: object, expected: int) -> None:
    result = parse_int(value)
    assert type(result) is int
    assert result == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        " ",
        "3.5",
        "三点五",
        "x",
        "3x",
        "家",
        "3家家",
        "1e3",
        "0x10",
        "1,00",
        "9" * 19,
        "9" * 5000,
        "٣",
        3.5,
        float("nan"),
        float("inf"),
        1e300,
        D("3.5"),
        D("NaN"),
        D("sNaN"),
        D("1E+100000"),
        True,
        False,
        [3],
    ],
)
def test_parse_int_rejects(value: object) -> None:
    err = raises_parse_error(parse_int, value)
    assert err.type_name == "int"


@given(st.integers())
def test_int_round_trips(n: int) -> None:
    assert parse_int(n) == n
    if abs(n) < 10**18:
        assert parse_int(str(n)) == n
        assert parse_int(f"{n:,}") == n
        assert parse_int(D(n)) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_int_from_chinese(n: int) -> None:
    assert parse_int(to_chinese(n)) == n


# --------------------------------------------------------------------------- dates

EXCEL_EPOCH = date(1899, 12, 30)


@pytest.mark.parametrize(
    "text",
    [
        "2023-08-03",
        "2023-8-3",
        "2023/8/3",
        "2023/08/03",
        "2023.8.3",
        "2023年8月3日",
        "2023年08月03日",
        "2023年8月3号",
        "2023 年 8 月 3 日",
        "20230803",
        "2023-08-03 10:00",
        "2023/8/3 10:00:00",
        "2023-08-03T10:00:00",
        "2023-08-03 00:00:00.000",
        "2023年8月3日 10:00",
        "20230803 23:59:59",
        "２０２３－０８－０３",
        "２０２３年８月３日",
        " 2023-08-03\u3000",
    ],
)
def test_parse_date_strings(text: str) -> None:
    assert parse_date(text) == date(2023, 8, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2023, 8, 3), date(2023, 8, 3)),
        (datetime(2023, 8, 3, 10, 30), date(2023, 8, 3)),
        (45141, date(2023, 8, 3)),
        (45141.0, date(2023, 8, 3)),
        (45141.75, date(2023, 8, 3)),
        (D("45141.5"), date(2023, 8, 3)),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (2958465, date(9999, 12, 31)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2999-12-31", date(2999, 12, 31)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_parse_date_values(value: object, expected: date) -> None:
    result = parse_date(value)
    assert type(result) is date
    assert result == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        " ",
        "2023-02-29",
        "2023-13-01",
        "2023-00-10",
        "2023-04-31",
        "2023-08-00",
        "1899-12-31",
        "3000-01-01",
        "45141",
        "2023803",
        "202308030",
        "23-8-3",
        "2023-08/03",
        "2023-08-03-",
        "2023年8月",
        "2023年8月3",
        "2023-08-03 25:00",
        "2023-08-03 10:60",
        "2023-08-0310:00",
        "2023-08-03 10",
        "8/3/2023",
        "yesterday",
        "٢٠٢٣-٠٨-٠٣",
        0,
        0.5,
        -1,
        60,
        2958466,
        1e300,
        float("nan"),
        float("inf"),
        D("NaN"),
        D("sNaN"),
        True,
        [2023, 8, 3],
    ],
)
def test_parse_date_rejects(value: object) -> None:
    err = raises_parse_error(parse_date, value)
    assert err.type_name == "date"


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2999, 12, 31)))
def test_dates_round_trip(d: date) -> None:
    notations = [
        d.isoformat(),
        f"{d.year}-{d.month}-{d.day}",
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}年{d.month:02d}月{d.day:02d}日",
        d.strftime("%Y%m%d") if d.year >= 1000 else f"{d.year:04d}{d.month:02d}{d.day:02d}",
        f"{d.isoformat()} 10:00:00",
        f"{d.isoformat()}T23:59",
    ]
    for text in notations:
        assert parse_date(text) == d, text
    serial = (d - EXCEL_EPOCH).days
    assert parse_date(serial) == d
    assert parse_date(float(serial) + 0.5) == d
    assert parse_date(D(serial)) == d


@given(st.integers(min_value=1, max_value=2958465).filter(lambda n: n != 60))
def test_excel_serials_are_increasing_days(n: int) -> None:
    d = parse_date(n)
    if n > 1 and n != 61:
        assert parse_date(n - 1) == d - timedelta(days=1)


# --------------------------------------------------------------------------- bools


@pytest.mark.parametrize(
    "text",
    [
        *("是", "有", "true", "True", "TRUE", "yes", "YES", "y", "Y", "1", "√", "✓", "✔"),
        *("✔\ufe0f", "t", "T", "对", "已", " 是 ", "ｙｅｓ", "１"),
    ],
)
def test_parse_bool_true(text: str) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize(
    "text",
    [
        *("否", "无", "没有", "false", "False", "no", "NO", "n", "N", "0", "×", "✗", "✘", "x"),
        *("X", "f", "F", "未", "\u3000否\u3000", "０"),
    ],
)
def test_parse_bool_false(text: str) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), (1, True), (0, False), (1.0, True), (D(0), False)],
)
def test_parse_bool_values(value: object, expected: bool) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize(
    "value",
    [
        *(None, "", " ", "maybe", "是否", "2", "-1", "ok", "有无", 2, -1, 0.5, float("nan")),
        *(D("sNaN"), [True], date(2023, 1, 1)),
    ],
)
def test_parse_bool_rejects(value: object) -> None:
    err = raises_parse_error(parse_bool, value)
    assert err.type_name == "bool"


# ------------------------------------------------------------------------ quarters


def test_quarter_basics() -> None:
    q = Quarter(2023, 3)
    assert str(q) == "2023Q3"
    assert q.start == date(2023, 7, 1)
    assert q.end == date(2023, 9, 30)
    assert Quarter(2023, 1).end == date(2023, 3, 31)
    assert Quarter(2023, 4).end == date(2023, 12, 31)
    assert Quarter(2024, 1).start == date(2024, 1, 1)
    assert Quarter.of(date(2023, 8, 3)) == q
    assert Quarter.of(datetime(2023, 12, 31, 23, 59)) == Quarter(2023, 4)
    assert Quarter(2022, 4) < Quarter(2023, 1) < Quarter(2023, 2)
    assert sorted([Quarter(2023, 2), Quarter(2022, 3)]) == [Quarter(2022, 3), Quarter(2023, 2)]
    assert hash(q) == hash(Quarter(2023, 3))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        q.year = 2024  # type: ignore[misc]


@pytest.mark.parametrize(
    ("year", "number", "error"),
    [
        (2023, 0, ValueError),
        (2023, 5, ValueError),
        (2023, -1, ValueError),
        (0, 1, ValueError),
        (2023, True, TypeError),
        ("2023", 1, TypeError),
        (2023, 1.0, TypeError),
    ],
)
def test_quarter_validation(year: object, number: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        Quarter(year, number)  # type: ignore[arg-type]


@given(st.dates())
def test_quarter_of_contains_the_date(d: date) -> None:
    q = Quarter.of(d)
    assert q.start <= d <= q.end
    assert q.start.day == 1
    if q.end < date.max:
        assert Quarter.of(q.end + timedelta(days=1)) > q


@pytest.mark.parametrize(
    "text",
    [
        "2023Q3",
        "2023q3",
        "2023-Q3",
        "2023 Q3",
        "2023-q3",
        "2023年Q3",
        "2023年第三季度",
        "2023年3季度",
        "2023年第3季度",
        "2023年三季度",
        "2023年第三季",
        "2023年第叁季度",
        "２０２３Ｑ３",
        "２０２３年第３季度",
        " 2023Q3 ",
    ],
)
def test_parse_quarter(text: str) -> None:
    assert parse_quarter(text) == Quarter(2023, 3)


def test_parse_quarter_passthrough() -> None:
    q = Quarter(2023, 1)
    assert parse_quarter(q) is q


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        " ",
        "2023Q0",
        "2023Q5",
        "2023Q12",
        "2023年第五季度",
        "2023年第零季度",
        "2023年0季度",
        "Q3",
        "2023",
        "23Q3",
        "2023-3",
        "2023年第3",
        "2023Q3Q4",
        "1899Q4",
        "3000Q1",
        "2023年第三点五季度",
        Quarter,
        20233,
        date(2023, 8, 3),
    ],
)
def test_parse_quarter_rejects(value: object) -> None:
    err = raises_parse_error(parse_quarter, value)
    assert err.type_name == "quarter"


@given(st.integers(min_value=1900, max_value=2999), st.integers(min_value=1, max_value=4))
def test_quarter_str_round_trips(year: int, number: int) -> None:
    q = Quarter(year, number)
    assert parse_quarter(str(q)) == q
    assert parse_quarter(f"{year}年第{'一二三四'[number - 1]}季度") == q


# --------------------------------------------------------------------------- enums

PROCUREMENT = {
    "self": ["自行采购", "单位自行采购"],
    "agent": ("委托代理", "委托代理机构采购"),
    "central": "集中采购",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("self", "self"),
        ("SELF", "self"),
        ("Ｓｅｌｆ", "self"),
        ("自行采购", "self"),
        (" 单位 自行采购 ", "self"),
        ("委托代理", "agent"),
        ("委托代理机构采购", "agent"),
        ("集中采购", "central"),
        ("central", "central"),
    ],
)
def test_parse_enum(text: str, expected: str) -> None:
    assert parse_enum(text, PROCUREMENT) == expected
    assert EnumLookup(PROCUREMENT).parse(text) == expected
    assert parse_enum(text, EnumLookup(PROCUREMENT)) == expected


@pytest.mark.parametrize("value", [None, "", " ", "采购", "集", "委托", "x", 1, True, 1.0])
def test_parse_enum_rejects(value: object) -> None:
    err = raises_parse_error(parse_enum, value, PROCUREMENT)
    assert err.type_name == "enum"
    for canonical in PROCUREMENT:
        assert canonical in err.reason


def test_parse_enum_matches_ints_as_text() -> None:
    assert parse_enum(1, {"yes": ["1"], "no": ["0"]}) == "yes"


def test_enum_lookup_accepts_missing_alias_lists() -> None:
    lookup = EnumLookup({"a": None, "b": []})  # type: ignore[dict-item]
    assert lookup.parse("A") == "a"
    assert lookup.canonical == ("a", "b")


def test_enum_lookup_rejects_conflicting_or_blank_aliases() -> None:
    with pytest.raises(ValueError, match="both"):
        EnumLookup({"a": ["同一"], "b": ["同 一"]})
    with pytest.raises(ValueError, match="blank"):
        EnumLookup({"a": [" "]})


def test_parse_enum_cache_follows_the_mapping_object() -> None:
    first = {"a": ["甲"]}
    assert parse_enum("甲", first) == "a"
    second = {"b": ["甲"]}
    assert parse_enum("甲", second) == "b"
    for i in range(600):  # more mappings than the cache holds
        assert parse_enum(f"v{i}", {f"k{i}": [f"v{i}"]}) == f"k{i}"
    assert parse_enum("甲", first) == "a"


# ------------------------------------------------------------------ format_amount


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (D("52000"), "52,000.00"),
        (D("-1234.5"), "-1,234.50"),
        (D("0"), "0.00"),
        (D("-0.001"), "0.00"),
        (D("0.005"), "0.01"),
        (D("0.015"), "0.02"),
        (D("2.675"), "2.68"),
        (D("1234567.891"), "1,234,567.89"),
        (D("2E+4"), "20,000.00"),
        (D("999.999"), "1,000.00"),
        (100, "100.00"),
    ],
)
def test_format_amount(amount: Decimal, expected: str) -> None:
    assert format_amount(amount) == expected


@given(two_place_amounts)
def test_format_amount_round_trips(d: Decimal) -> None:
    assert parse_amount(format_amount(d)) == d


def test_format_amount_rejects() -> None:
    with pytest.raises(ValueError):
        format_amount(D("NaN"))
    with pytest.raises(TypeError):
        format_amount(1.5)  # type: ignore[arg-type]


# ------------------------------------------------------ nothing but ValueParseError

PARSERS = [
    parse_amount,
    parse_chinese_numeral,
    parse_int,
    parse_date,
    parse_bool,
    parse_quarter,
    lambda v: parse_enum(v, PROCUREMENT),
]

#: Characters the parsers care about, so that fuzzing reaches deep into them.
NOTATION = st.text(
    alphabet="0123456789０１２,，.．-+ ¥￥元圆万千百亿整零〇一二两三四五六七八九十"
    "壹贰叁肆伍陆柒捌玖拾佰仟点角分负年月日号/:TQq季度第家人是否\u3000"
)


def _only_value_parse_error(value: object) -> None:
    for parse in PARSERS:
        try:
            parse(value)
        except ValueParseError:
            pass


@given(st.text())
def test_arbitrary_text_raises_only_value_parse_error(text: str) -> None:
    _only_value_parse_error(text)


@given(NOTATION)
def test_notation_like_text_raises_only_value_parse_error(text: str) -> None:
    _only_value_parse_error(text)


@given(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.binary(),
        st.dates(),
        st.datetimes(),
        st.lists(st.integers(), max_size=2),
    )
)
def test_arbitrary_values_raise_only_value_parse_error(value: object) -> None:
    _only_value_parse_error(value)
