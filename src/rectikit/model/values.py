"""Pure parsers for the cell values of ledgers kept in Excel or CSV by government offices.

Every ``parse_*`` function takes the raw cell value (``str``, ``int``, ``float``,
``Decimal``, ``date``… as a spreadsheet reader delivers it) and either returns the
typed value or raises :class:`ValueParseError` -- never any other exception, blank
input included. Money is always :class:`~decimal.Decimal` (yuan), dates are
:class:`datetime.date`.

Strings are folded with Unicode NFKC first, so full-width digits and punctuation
(``２０２３／８／３``, ``１，０００``) read like their ASCII forms. Only ASCII digits
count as digits after that fold; other scripts' digits are rejected.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, Inexact, localcontext
from typing import Any

import attrs

__all__ = [
    "EnumLookup",
    "Quarter",
    "ValueParseError",
    "format_amount",
    "is_blank",
    "normalize_text",
    "parse_amount",
    "parse_bool",
    "parse_chinese_numeral",
    "parse_date",
    "parse_enum",
    "parse_int",
    "parse_quarter",
]


class ValueParseError(ValueError):
    """A raw value that does not parse as the wanted type.

    Attributes:
        type_name: the wanted type: ``amount``, ``number``, ``int``, ``date``,
            ``bool``, ``quarter`` or ``enum``.
        value: the raw input, unchanged.
        reason: a short English explanation, possibly ``""``.
    """

    def __init__(self, type_name: str, value: object, reason: str = "") -> None:
        super().__init__(type_name, value, reason)
        self.type_name = type_name
        self.value = value
        self.reason = reason

    def __str__(self) -> str:
        shown = repr(self.value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = f"cannot parse {shown} as {self.type_name}"
        return f"{message}: {self.reason}" if self.reason else message


class _Bad(Exception):
    """Internal failure carrying a reason; converted to :class:`ValueParseError`."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- text

#: Whitespace plus invisible characters that spreadsheets and CSV exports leave in
#: cells: zero-width space/joiners, word joiner, BOM and emoji variation selectors.
_SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f]+")


def is_blank(value: object) -> bool:
    """Whether ``value`` is an empty cell: ``None`` or a string of only whitespace.

    Full-width (U+3000) and no-break spaces count as whitespace, and so do the
    invisible zero-width characters and byte-order marks that CSV exports carry.
    """
    if value is None:
        return True
    return isinstance(value, str) and not _SPACE_RE.sub("", value)


def normalize_text(text: str) -> str:
    """Fold ``text`` for matching headers and enum values.

    Applies Unicode NFKC (full-width to half-width), case folding, and removes all
    whitespace (and invisible zero-width characters): ``" 预算金额（元） "`` and
    ``"预算金额(元)"`` normalize alike, ``"ＩＤ"`` becomes ``"id"``.
    """
    if text.isascii():
        return _SPACE_RE.sub("", text).lower()
    # Repeat until stable: dropping a space can bring combining marks together that
    # NFKC then reorders, and NFKC can produce spaces (U+00A8 → " \u0308").
    for _ in range(4):
        folded = unicodedata.normalize("NFKC", text).casefold()
        folded = _SPACE_RE.sub("", unicodedata.normalize("NFKC", folded))
        if folded == text:
            break
        text = folded
    return folded


def _fold(text: str) -> str:
    """NFKC, casefold, no whitespace: the form the string parsers work on."""
    return normalize_text(text)


# -------------------------------------------------------------- Chinese numerals

_CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0,
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_POINT = "点"
_CN_ZEROS = frozenset("零〇")
#: Digits that may follow 点 (两 is never used for decimals).
_CN_FRACTION_DIGITS = {k: v for k, v in _CN_DIGITS.items() if k not in "两兩"}

#: Multipliers written after a number with a decimal part (``1.5万``, ``一点五亿``),
#: longest first so that ``千万`` wins over ``万``.
_UNIT_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("万亿", 10**12),
    ("千万", 10**7),
    ("百万", 10**6),
    ("十万", 10**5),
    ("亿", 10**8),
    ("億", 10**8),
    ("万", 10**4),
    ("萬", 10**4),
    ("千", 10**3),
    ("百", 10**2),
)


def _cn_integer(text: str) -> int:
    """Parse an integer written with Chinese numerals (no sign, no 点)."""
    if not text:
        raise _Bad("no digits")
    if len(text) == 1 and text in _CN_ZEROS:
        return 0
    total = 0  # the part at and above 亿, already multiplied
    wan = 0  # the part at 万 level, already multiplied
    section = 0  # the part below 万 (0..9999)
    digit: int | None = None  # a digit waiting for its unit
    last_small = 10**4  # the last 十/百/千 applied in this section
    last_unit = 0  # the last unit of any size
    after_zero = False  # a 零 since the last unit
    seen_wan = False  # a 万 since the last 亿 (or the start)
    seen_yi = False
    for ch in text:
        if ch in _CN_ZEROS:
            if digit is not None or after_zero or last_unit == 0:
                raise _Bad(f"misplaced {ch}")
            after_zero = True
        elif ch in _CN_DIGITS:
            if digit is not None:
                raise _Bad("two digits without a unit between them")
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if digit is None:
                if unit != 10:
                    raise _Bad(f"{ch} without a digit before it")
                digit = 1  # 十二, 十万: an implicit 一
            if unit >= last_small:
                raise _Bad("units out of order")
            section += digit * unit
            digit, last_small, last_unit, after_zero = None, unit, unit, False
        elif ch in _CN_BIG:
            unit = _CN_BIG[ch]
            here = section + (digit or 0)
            if unit == 10**4:
                if seen_wan or here == 0:
                    raise _Bad(f"misplaced {ch}")
                wan, seen_wan = here * unit, True
            else:
                if seen_yi or wan + here == 0:
                    raise _Bad(f"misplaced {ch}")
                total, wan, seen_wan, seen_yi = (wan + here) * unit, 0, False, True
            section, digit, last_small, last_unit, after_zero = 0, None, 10**4, unit, False
        else:
            raise _Bad(f"unexpected character {ch!r}")
    if after_zero and digit is None:
        raise _Bad("trailing 零")
    if digit is not None:
        if not after_zero and last_unit > 10:
            # Spoken abbreviation: 一百五 = 150, 两万三 = 23000, 一亿二 = 120000000.
            digit *= last_unit // 10
        section += digit
    return total + wan + section


def _cn_number(text: str) -> Decimal:
    """Parse Chinese numerals with an optional 点 part and trailing unit (一点五万)."""
    if _CN_POINT not in text:
        return Decimal(_cn_integer(text))
    whole, _, rest = text.partition(_CN_POINT)
    if _CN_POINT in rest:
        raise _Bad("more than one 点")
    integer = _cn_integer(whole)
    multiplier = 1
    for suffix, value in _UNIT_SUFFIXES:
        if rest.endswith(suffix):
            rest, multiplier = rest[: -len(suffix)], value
            break
    if not rest:
        raise _Bad("no digits after 点")
    try:
        fraction = "".join(str(_CN_FRACTION_DIGITS[ch]) for ch in rest)
    except KeyError:
        raise _Bad("only digits may follow 点") from None
    number = Decimal(f"{integer}.{fraction}")
    return _scaled(number, multiplier)


def parse_chinese_numeral(text: str) -> Decimal:
    """Parse a number written in Chinese numerals, ordinary or financial.

    ``二`` → 2, ``十二`` → 12, ``一百零五`` → 105, ``两万三千`` → 23000,
    ``壹仟贰佰`` → 1200, ``一亿二千万`` → 120000000, ``一点五`` → 1.5,
    ``一点五万`` → 15000. The spoken abbreviation after a unit is understood
    (``一百五`` → 150, ``两万三`` → 23000). No sign, no Arabic digits.

    Raises:
        ValueParseError: with ``type_name`` ``"number"``.
    """
    if not isinstance(text, str):
        raise ValueParseError("number", text, "not a string")
    folded = _fold(text)
    if not folded:
        raise ValueParseError("number", text, "blank")
    try:
        return _cn_number(folded)
    except _Bad as exc:
        raise ValueParseError("number", text, exc.reason) from None
    except ArithmeticError:
        raise ValueParseError("number", text, "out of range") from None


# ------------------------------------------------------------------------ amounts

_CONTEXT_PREC = 80  # exact for everything _check_amount lets through
_MAX_DIGITS = 40
_MAX_ADJUSTED = 17  # amounts below 10**18 yuan
_MIN_ADJUSTED = -6  # nonzero amounts of at least 0.000001 yuan (str() stays plain)

_ARABIC_RE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_HAS_ARABIC_RE = re.compile(r"[0-9]")
_CURRENCY_PREFIXES = ("人民币", "rmb", "cny", "¥")
_SIGNS = {"+": False, "-": True, "−": True, "负": True}
_YUAN = ("元", "圆", "圓")
_JIAO_FEN_RE = re.compile(
    r"(?:零)?(?:(?P<jiao>[一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖])角)?"
    r"(?:零)?(?:(?P<fen>[一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖])分)?"
)


def _plain(number: Decimal) -> Decimal:
    """``number`` with a non-positive exponent, so that ``str()`` never shows ``E+``.

    Trailing fractional zeros are dropped only when the exponent was positive; a
    zero loses its sign.
    """
    with localcontext() as ctx:
        ctx.prec = _CONTEXT_PREC
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:
            number = number.quantize(Decimal(1))
        if number.is_zero():
            number = number.copy_abs()
            if number.adjusted() < _MIN_ADJUSTED:  # for zero, adjusted() is the exponent
                number = number.quantize(Decimal(1).scaleb(_MIN_ADJUSTED))
    return number


def _scaled(number: Decimal, multiplier: int) -> Decimal:
    """``number * multiplier`` exactly, normalized to plain notation."""
    if multiplier == 1:
        return number
    with localcontext() as ctx:
        ctx.prec = _CONTEXT_PREC
        ctx.traps[Inexact] = True
        product = (number * multiplier).normalize()
    return _plain(product)


def _check_amount(number: Decimal) -> Decimal:
    """Reject non-finite, absurdly large or tiny, or too long amounts; return plain."""
    if not number.is_finite():
        raise _Bad("not a finite number")
    if len(number.as_tuple().digits) > _MAX_DIGITS:
        raise _Bad("too many digits")
    if not number.is_zero():
        if number.adjusted() > _MAX_ADJUSTED:
            raise _Bad("amount too large")
        if number.adjusted() < _MIN_ADJUSTED:
            raise _Bad("amount too small")
    return _plain(number)


def _take_sign(text: str) -> tuple[str, bool | None]:
    for sign, negative in _SIGNS.items():
        if text.startswith(sign):
            return text[len(sign) :], negative
    return text, None


_PLAIN_AMOUNT_RE = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,6})?")


def _amount_from_str(text: str) -> Decimal:
    if _PLAIN_AMOUNT_RE.fullmatch(text):  # fast path: the common "20000" / "20000.00"
        return Decimal(text)
    s = _fold(text)
    if not s:
        raise _Bad("blank")
    s, negative = _take_sign(s)
    for prefix in _CURRENCY_PREFIXES:
        if s.startswith(prefix):
            s = s[len(prefix) :]
            break
    if negative is None:
        s, negative = _take_sign(s)
    if s.endswith("整"):
        s = s[:-1]
    if _HAS_ARABIC_RE.search(s):
        number = _arabic_amount(s)
    else:
        number = _chinese_amount(s)
    number = _check_amount(number)
    return -number if negative and not number.is_zero() else number


def _arabic_amount(s: str) -> Decimal:
    """``20,000.00``, ``1.5万``, ``30万元``, ``5千元``: digits with an optional unit."""
    if s.endswith(_YUAN):
        s = s[:-1]
    multiplier = 1
    for suffix, value in _UNIT_SUFFIXES:
        if s.endswith(suffix):
            s, multiplier = s[: -len(suffix)], value
            break
    if not _ARABIC_RE.fullmatch(s):
        raise _Bad("not a number")
    digits = s.replace(",", "")
    if len(digits) > _MAX_DIGITS + 1:
        raise _Bad("too many digits")
    return _scaled(Decimal(digits), multiplier)


def _chinese_amount(s: str) -> Decimal:
    """``二万元``, ``一百五十万``, ``壹万贰仟元伍角陆分``."""
    cut = max(s.rfind(y) for y in _YUAN)
    if cut < 0:
        return _cn_number(s)
    whole, tail = s[:cut], s[cut + 1 :]
    yuan = _cn_number(whole)
    if not tail:
        return yuan
    match = _JIAO_FEN_RE.fullmatch(tail)
    if not match or not (match["jiao"] or match["fen"]):
        raise _Bad(f"unexpected text after 元: {tail!r}")
    if yuan != yuan.to_integral_value():
        raise _Bad("角/分 after a fractional yuan amount")
    jiao = _CN_DIGITS[match["jiao"]] if match["jiao"] else 0
    fen = _CN_DIGITS[match["fen"]] if match["fen"] else 0
    return Decimal(int(yuan) * 100 + jiao * 10 + fen).scaleb(-2)


def parse_amount(value: Any) -> Decimal:
    """Parse a sum of money in yuan, exactly.

    Accepts ``int``, ``Decimal``, ``float`` (via ``Decimal(repr(f))``) and strings:
    an optional sign (``-``, ``+``, ``负``), currency prefix (``¥``, ``￥``,
    ``RMB``, ``CNY``, ``人民币``), Arabic digits (full-width too, ``,`` thousands
    separators in groups of three, ``.`` decimals) with an optional unit (``百``,
    ``千``, ``万``, ``十万``, ``百万``, ``千万``, ``亿``, ``万亿``), an optional
    ``元``/``圆`` and a trailing ``整``; or Chinese numerals, ordinary or financial
    (``二万元``, ``一百五十万``, ``贰万元整``, ``壹佰元伍角陆分``). Spaces may be
    anywhere.

    The result never prints in scientific notation. Without a unit, the decimals
    given are kept (``"20,000.00"`` → ``Decimal("20000.00")``); with one, trailing
    fractional zeros are dropped (``"¥1.5万"`` → ``Decimal("15000")``). Amounts of
    10**18 yuan or more, nonzero amounts below 0.000001 yuan and numbers of more
    than 40 digits are rejected.

    Raises:
        ValueParseError: with ``type_name`` ``"amount"``, also for blank input.
    """
    try:
        if isinstance(value, bool):
            raise _Bad("a boolean is not an amount")
        if isinstance(value, str):
            return _amount_from_str(value)
        if isinstance(value, Decimal):
            return _check_amount(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise _Bad("not a finite number")
            return _check_amount(Decimal(repr(value)))
        if isinstance(value, numbers.Integral):
            return _check_amount(Decimal(int(value)))
        if value is None:
            raise _Bad("blank")
        raise _Bad(f"unsupported type {type(value).__name__}")
    except _Bad as exc:
        raise ValueParseError("amount", value, exc.reason) from None
    except (ArithmeticError, ValueError) as exc:
        raise ValueParseError("amount", value, type(exc).__name__) from None


def format_amount(amount: Decimal) -> str:
    """Format yuan with thousands separators and two decimals, rounding half up.

    ``Decimal("52000")`` → ``"52,000.00"``, ``Decimal("-1234.5")`` → ``"-1,234.50"``.
    ``int`` is accepted too.

    Raises:
        ValueError: for a non-finite amount or one of more than 1000 digits.
        TypeError: for anything but ``Decimal`` or ``int``.
    """
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"format_amount expects a Decimal, got {type(amount).__name__}")
    number = Decimal(amount)
    if not number.is_finite() or number.adjusted() > 1000:
        raise ValueError(f"cannot format {amount!r} as an amount")
    with localcontext() as ctx:
        ctx.prec = _CONTEXT_PREC + 1000
        cents = number.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        if cents.is_zero():
            cents = cents.copy_abs()
        return f"{cents:,.2f}"


# ----------------------------------------------------------------------- integers

_MAX_INT_DIGITS = 18
_COUNT_SUFFIXES = (
    "人次", "家", "人", "个", "次", "名", "年", "项", "位", "件", "条", "份", "笔", "户", "天",
)  # fmt: skip
_INT_RE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0+)?")


def _int_from_str(text: str) -> int:
    s = _fold(text)
    if not s:
        raise _Bad("blank")
    s, negative = _take_sign(s)
    for suffix in _COUNT_SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    if _HAS_ARABIC_RE.search(s):
        if not _INT_RE.fullmatch(s):
            raise _Bad("not a whole number")
        digits = s.split(".")[0].replace(",", "")
        if len(digits.lstrip("0")) > _MAX_INT_DIGITS:
            raise _Bad("too many digits")
        number = int(digits)
    else:
        if _CN_POINT in s:
            raise _Bad("not a whole number")
        number = _cn_integer(s)
    return -number if negative else number


def _int_from_decimal(number: Decimal) -> int:
    if not number.is_finite():
        raise _Bad("not a finite number")
    if not number.is_zero() and number.adjusted() >= _MAX_INT_DIGITS:
        raise _Bad("too large")
    with localcontext() as ctx:
        ctx.prec = _CONTEXT_PREC
        if number != number.to_integral_value():
            raise _Bad("not a whole number")
    return int(number)


def parse_int(value: Any) -> int:
    """Parse a whole number, such as a count of bidders or a number of years.

    Accepts ``int`` (not ``bool``), integral ``Decimal``/``float`` (``3.0`` from
    Excel), and strings: digits (full-width too, optional sign, ``,`` thousands
    separators, a ``.0`` fraction) or Chinese numerals, with an optional counting
    suffix (``家 人 个 次 名 年 项 位 件 条 份 笔 户 天 人次``): ``3家``, ``三家``,
    ``十二``, ``5年``. Non-integers (``3.5``) are rejected, and so are
    non-``int`` values of 10**18 or more.

    Raises:
        ValueParseError: with ``type_name`` ``"int"``, also for blank input.
    """
    try:
        if isinstance(value, bool):
            raise _Bad("a boolean is not a number")
        if isinstance(value, int):
            return int(value)
        if isinstance(value, str):
            return _int_from_str(value)
        if isinstance(value, Decimal):
            return _int_from_decimal(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise _Bad("not a finite number")
            return _int_from_decimal(Decimal(repr(value)))
        if isinstance(value, numbers.Integral):
            return int(value)
        if value is None:
            raise _Bad("blank")
        raise _Bad(f"unsupported type {type(value).__name__}")
    except _Bad as exc:
        raise ValueParseError("int", value, exc.reason) from None
    except (ArithmeticError, ValueError) as exc:
        raise ValueParseError("int", value, type(exc).__name__) from None


# -------------------------------------------------------------------------- dates

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 and up: epoch + serial days
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_MIN_YEAR, _MAX_YEAR = 1900, 2999

_DATE_RE = re.compile(
    r"""
    (?:
        (?P<y1>[0-9]{4}) \s* (?P<sep>[-/.]) \s* (?P<m1>[0-9]{1,2}) \s* (?P=sep) \s*
        (?P<d1>[0-9]{1,2})
      | (?P<y2>[0-9]{4}) \s* 年 \s* (?P<m2>[0-9]{1,2}) \s* 月 \s* (?P<d2>[0-9]{1,2}) \s* [日号]
      | (?P<y3>[0-9]{4}) (?P<m3>[0-9]{2}) (?P<d3>[0-9]{2})
    )
    (?:
        (?: \s+ | \s* [Tt] \s* )
        (?P<hh>[0-9]{1,2}) : (?P<mm>[0-9]{2}) (?: : (?P<ss>[0-9]{2}) (?: \.[0-9]{1,6} )? )?
    )?
    """,
    re.VERBOSE,
)


def _date_from_serial(serial: Decimal | float) -> date:
    if isinstance(serial, float) and not math.isfinite(serial):
        raise _Bad("not a finite number")
    if isinstance(serial, Decimal) and not serial.is_finite():
        raise _Bad("not a finite number")
    if not 1 <= serial < _EXCEL_MAX_SERIAL + 1:
        raise _Bad(f"Excel serial day outside 1..{_EXCEL_MAX_SERIAL}")
    day = int(serial)  # a fraction is the time of day
    if day == 60:
        raise _Bad("Excel serial 60 is the nonexistent 1900-02-29")
    if day < 60:
        return _EXCEL_EPOCH + timedelta(days=day + 1)
    return _EXCEL_EPOCH + timedelta(days=day)


def _date_from_str(text: str) -> date:
    s = _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    if not s:
        raise _Bad("blank")
    match = _DATE_RE.fullmatch(s)
    if not match:
        raise _Bad("not a recognised date notation")
    parts = next((match[f"y{i}"], match[f"m{i}"], match[f"d{i}"]) for i in "123" if match[f"y{i}"])
    year, month, day = (int(p) for p in parts)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _Bad(f"year outside {_MIN_YEAR}..{_MAX_YEAR}")
    if match["hh"] is not None:
        hour, minute = int(match["hh"]), int(match["mm"])
        second = int(match["ss"]) if match["ss"] is not None else 0
        if hour > 23 or minute > 59 or second > 59:
            raise _Bad("impossible time of day")
    try:
        return date(year, month, day)
    except ValueError:
        raise _Bad("no such day") from None


def parse_date(value: Any) -> date:
    """Parse a calendar date.

    Accepts ``date``; ``datetime`` (its date); ``int``/``float``/``Decimal`` as an
    Excel serial day number in the 1900 date system (1 = 1900-01-01, 45141 =
    2023-08-03, up to 2958465 = 9999-12-31; the fraction, a time of day, is
    ignored; 60, Excel's phantom 1900-02-29, is rejected); and strings for years
    1900..2999: ``2023-08-03``, ``2023-8-3``, ``2023/8/3``, ``2023.8.3``,
    ``2023年8月3日``, ``2023年8月3号``, ``20230803``, each optionally followed by
    a time (``2023-08-03 10:00``, ``2023/8/3 10:00:00``, ``2023-08-03T10:00:00``).
    Digit strings other than 8 digits are not serials and are rejected.

    Raises:
        ValueParseError: with ``type_name`` ``"date"``, also for blank input.
    """
    try:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, bool):
            raise _Bad("a boolean is not a date")
        if isinstance(value, str):
            return _date_from_str(value)
        if isinstance(value, (float, Decimal)):
            return _date_from_serial(value)
        if isinstance(value, numbers.Integral):
            return _date_from_serial(Decimal(int(value)))
        if value is None:
            raise _Bad("blank")
        raise _Bad(f"unsupported type {type(value).__name__}")
    except _Bad as exc:
        raise ValueParseError("date", value, exc.reason) from None
    except (ArithmeticError, ValueError) as exc:
        raise ValueParseError("date", value, type(exc).__name__) from None


# -------------------------------------------------------------------------- bools

_TRUE_WORDS = frozenset({"是", "有", "true", "yes", "y", "1", "√", "✓", "✔", "t", "对", "已"})
_FALSE_WORDS = frozenset(
    {"否", "无", "没有", "false", "no", "n", "0", "×", "✗", "✘", "x", "f", "未"}
)


def parse_bool(value: Any) -> bool:
    """Parse a yes/no cell.

    Accepts ``bool``; the numbers 1 and 0 (``int``, ``float`` or ``Decimal``); and
    strings, compared after :func:`normalize_text`: true is ``是 有 true yes y 1 √
    ✓ ✔ t 对 已``, false is ``否 无 没有 false no n 0 × ✗ ✘ x f 未``.

    Raises:
        ValueParseError: with ``type_name`` ``"bool"``, also for blank input.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = normalize_text(value)
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise ValueParseError("bool", value, "blank" if not word else "")
    if isinstance(value, (int, float, Decimal)):
        try:
            if value == 1:
                return True
            if value == 0:
                return False
        except ArithmeticError:  # signalling NaN
            pass
        raise ValueParseError("bool", value, "only 1 and 0 are booleans")
    raise ValueParseError("bool", value, "blank" if value is None else "")


# ----------------------------------------------------------------------- quarters


def _check_year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int, got {value!r}")
    if not 1 <= value <= 9999:
        raise ValueError(f"{attribute.name} must be in 1..9999, got {value}")


def _check_quarter_number(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int, got {value!r}")
    if not 1 <= value <= 4:
        raise ValueError(f"{attribute.name} must be in 1..4, got {value}")


@attrs.frozen(order=True)
class Quarter:
    """A calendar quarter, ordered by time; ``str()`` gives ``2023Q3``.

    Attributes:
        year: the calendar year (1..9999).
        number: the quarter, 1..4.
    """

    year: int = attrs.field(validator=_check_year)
    number: int = attrs.field(validator=_check_quarter_number)

    @property
    def start(self) -> date:
        """The first day of the quarter."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    @classmethod
    def of(cls, d: date) -> Quarter:
        """The quarter that contains ``d``."""
        return cls(d.year, (d.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}Q{self.number}"


_QUARTER_RES = (
    re.compile(r"(?P<year>[0-9]{4})(?:年|[-_/.])?q(?P<n>[0-9]{1,2})"),
    re.compile(
        r"(?P<year>[0-9]{4})年?第?(?P<n>[0-9]{1,2}|[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3})季度?"
    ),
)


def parse_quarter(value: Any) -> Quarter:
    """Parse a calendar quarter.

    Accepts :class:`Quarter` and strings (full-width too, any case, spaces
    ignored) for years 1900..2999: ``2023Q3``, ``2023q3``, ``2023-Q3``,
    ``2023 Q3``, ``2023年Q3``, ``2023年第三季度``, ``2023年3季度``,
    ``2023年第3季度``, ``2023年三季度``, ``2023年第三季``.

    Raises:
        ValueParseError: with ``type_name`` ``"quarter"``, also for blank input and
            quarter numbers outside 1..4.
    """
    if isinstance(value, Quarter):
        return value
    if not isinstance(value, str):
        raise ValueParseError("quarter", value, "blank" if value is None else "")
    s = _fold(value)
    if not s:
        raise ValueParseError("quarter", value, "blank")
    for pattern in _QUARTER_RES:
        match = pattern.fullmatch(s)
        if match:
            break
    else:
        raise ValueParseError("quarter", value, "")
    year, n = int(match["year"]), match["n"]
    try:
        number = int(n) if n.isdigit() else _cn_integer(n)
    except _Bad as exc:
        raise ValueParseError("quarter", value, exc.reason) from None
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValueParseError("quarter", value, f"year outside {_MIN_YEAR}..{_MAX_YEAR}")
    if not 1 <= number <= 4:
        raise ValueParseError("quarter", value, "quarter number must be 1..4")
    return Quarter(year, number)


# -------------------------------------------------------------------------- enums


class EnumLookup:
    """A prepared table for :func:`parse_enum`: build once, call :meth:`parse` often.

    ``choices`` maps each canonical value to its aliases, e.g.
    ``{"self": ["自行采购", "单位自行采购"], "agent": ["委托代理"]}``. The canonical
    value itself is accepted too. A single string given as the aliases counts as
    one alias, not as a sequence of characters.

    Raises:
        ValueError: when an alias (after :func:`normalize_text`) is blank or belongs
            to two canonical values.
    """

    __slots__ = ("_table", "canonical")

    def __init__(self, choices: Mapping[str, Sequence[str]]) -> None:
        table: dict[str, str] = {}
        for canonical, aliases in choices.items():
            names = [aliases] if isinstance(aliases, str) else list(aliases or ())
            for name in [canonical, *names]:
                key = normalize_text(str(name))
                if not key:
                    raise ValueError(f"blank alias for enum value {canonical!r}")
                other = table.setdefault(key, canonical)
                if other != canonical:
                    raise ValueError(f"alias {name!r} belongs to both {other!r} and {canonical!r}")
        self._table = table
        #: The canonical values, in the order given.
        self.canonical: tuple[str, ...] = tuple(choices)

    def parse(self, value: Any) -> str:
        """The canonical value that ``value`` names.

        Strings are matched under :func:`normalize_text`; an ``int`` (not ``bool``)
        is matched as its decimal string.

        Raises:
            ValueParseError: with ``type_name`` ``"enum"``; the reason lists the
                canonical values.
        """
        if isinstance(value, str):
            found = self._table.get(normalize_text(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            found = self._table.get(str(value))
        else:
            found = None
        if found is None:
            raise ValueParseError("enum", value, "expected one of: " + ", ".join(self.canonical))
        return found

    def __repr__(self) -> str:
        return f"EnumLookup({', '.join(self.canonical)})"


_ENUM_CACHE: dict[int, tuple[Mapping[str, Sequence[str]], EnumLookup]] = {}
_ENUM_CACHE_SIZE = 256


def _lookup_for(choices: Mapping[str, Sequence[str]]) -> EnumLookup:
    cached = _ENUM_CACHE.get(id(choices))
    if cached is not None and cached[0] is choices:
        return cached[1]
    lookup = EnumLookup(choices)
    if len(_ENUM_CACHE) >= _ENUM_CACHE_SIZE:
        try:
            del _ENUM_CACHE[next(iter(_ENUM_CACHE))]
        except (KeyError, StopIteration, RuntimeError):  # another thread got there first
            pass
    # The cache holds ``choices`` itself, so its id cannot be reused while cached.
    _ENUM_CACHE[id(choices)] = (choices, lookup)
    return lookup


def parse_enum(value: Any, choices: Mapping[str, Sequence[str]] | EnumLookup) -> str:
    """Map ``value`` to the canonical value of ``choices`` that it names.

    ``choices`` maps canonical values to aliases (see :class:`EnumLookup`); the
    input matches a canonical value or any of its aliases under
    :func:`normalize_text`. The lookup table built from ``choices`` is cached per
    mapping object, so repeated calls are cheap -- do not mutate ``choices`` after
    use, or pass a prepared :class:`EnumLookup` instead.

    Raises:
        ValueParseError: with ``type_name`` ``"enum"``; the reason lists the
            canonical values.
    """
    lookup = choices if isinstance(choices, EnumLookup) else _lookup_for(choices)
    return lookup.parse(value)
