"""Sums of money in yuan: parsing to exact Decimal and formatting with two decimals.

:func:`parse_amount` reads Arabic digits with optional units (``¥1.5万``) and Chinese
amounts (``壹万贰仟元伍角陆分``); :func:`format_amount` renders ``52,000.00``.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal, localcontext
from typing import Any

from rectikit.model.values.errors import BadValue, ValueParseError
from rectikit.model.values.numerals import CN_DIGITS, UNIT_SUFFIXES, cn_number
from rectikit.model.values.numeric import (
    CONTEXT_PREC,
    HAS_ARABIC_RE,
    MIN_ADJUSTED,
    plain,
    scaled,
    take_sign,
)
from rectikit.model.values.text import fold

_MAX_DIGITS = 40
_MAX_ADJUSTED = 17  # amounts below 10**18 yuan

_ARABIC_RE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_CURRENCY_PREFIXES = ("人民币", "rmb", "cny", "¥")
_YUAN = ("元", "圆", "圓")
_JIAO_FEN_RE = re.compile(
    r"(?:零)?(?:(?P<jiao>[一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖])角)?"
    r"(?:零)?(?:(?P<fen>[一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖])分)?"
)


def _check_amount(number: Decimal) -> Decimal:
    """Reject non-finite, absurdly large or tiny, or too long amounts; return plain."""
    if not number.is_finite():
        raise BadValue("not a finite number")
    if len(number.as_tuple().digits) > _MAX_DIGITS:
        raise BadValue("too many digits")
    if not number.is_zero():
        if number.adjusted() > _MAX_ADJUSTED:
            raise BadValue("amount too large")
        if number.adjusted() < MIN_ADJUSTED:
            raise BadValue("amount too small")
    return plain(number)


#: The notations ledgers use most, read without folding: plain (``20000``,
#: ``19999.99``: a ``Decimal`` of the text as written) and written (``20,000.00``,
#: ``2万元``, ``¥1.5万``, ``19999.99元``: a unit's product is range-checked like any
#: other). One expression for both; anything else takes the general path.
_COMMON_AMOUNT_RE = re.compile(
    r"([¥￥]?)([0-9]{1,3}(?:,[0-9]{3}){1,3}|[0-9]{1,15})(\.[0-9]{1,6})?"
    r"(" + "|".join(suffix for suffix, _ in UNIT_SUFFIXES) + r")?([元圆圓]?)"
)
#: The most digits of a written amount's whole part without separators.
_MAX_WRITTEN_WHOLE = 12
#: The power of ten of each unit (``万`` → 4); the C row converter reads the common
#: notations with it too (:mod:`rectikit._speedups`).
UNIT_EXPONENTS = {suffix: len(str(value)) - 1 for suffix, value in UNIT_SUFFIXES}
_MAX_AMOUNT = 10 ** (_MAX_ADJUSTED + 1)


def _with_unit(digits: int, exponent: int) -> Decimal:
    """``digits × 10**exponent`` as the general path writes it (``scaled``): an integer
    when whole, else without trailing fractional zeros."""
    if exponent >= 0:
        number = digits * 10**exponent
        if number >= _MAX_AMOUNT:
            raise BadValue("amount too large")
        return Decimal(number)
    while exponent < 0 and digits and digits % 10 == 0:
        digits //= 10
        exponent += 1
    if not digits:
        return Decimal(0)
    if digits >= _MAX_AMOUNT * 10**-exponent:
        raise BadValue("amount too large")
    return Decimal(f"{digits}E{exponent}") if exponent else Decimal(digits)


def _amount_from_str(text: str) -> Decimal:
    common = _COMMON_AMOUNT_RE.fullmatch(text)
    if common is not None:
        currency, whole, fraction, unit, yuan = common.groups()
        grouped = "," in whole
        if not (grouped or currency or unit or yuan):  # plain: "20000" / "20000.00"
            return Decimal(text)
        if grouped or len(whole) <= _MAX_WRITTEN_WHOLE:  # the same as the general path
            digits = whole.replace(",", "") + (fraction or "")
            if not unit:
                number = Decimal(digits)
                return number if number else plain(number)
            places = len(fraction) - 1 if fraction else 0
            return _with_unit(int(digits.replace(".", "")), UNIT_EXPONENTS[unit] - places)
    s = fold(text)
    if not s:
        raise BadValue("blank")
    s, negative = take_sign(s)
    for prefix in _CURRENCY_PREFIXES:
        if s.startswith(prefix):
            s = s[len(prefix) :]
            break
    if negative is None:
        s, negative = take_sign(s)
    if s.endswith("整"):
        s = s[:-1]
    if HAS_ARABIC_RE.search(s):
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
    for suffix, value in UNIT_SUFFIXES:
        if s.endswith(suffix):
            s, multiplier = s[: -len(suffix)], value
            break
    if not _ARABIC_RE.fullmatch(s):
        raise BadValue("not a number")
    digits = s.replace(",", "")
    if len(digits) > _MAX_DIGITS + 1:
        raise BadValue("too many digits")
    return scaled(Decimal(digits), multiplier)


def _chinese_amount(s: str) -> Decimal:
    """``二万元``, ``一百五十万``, ``壹万贰仟元伍角陆分``."""
    cut = max(s.rfind(y) for y in _YUAN)
    if cut < 0:
        return cn_number(s)
    whole, tail = s[:cut], s[cut + 1 :]
    yuan = cn_number(whole)
    if not tail:
        return yuan
    match = _JIAO_FEN_RE.fullmatch(tail)
    if not match or not (match["jiao"] or match["fen"]):
        raise BadValue(f"unexpected text after 元: {tail!r}")
    if yuan != yuan.to_integral_value():
        raise BadValue("角/分 after a fractional yuan amount")
    jiao = CN_DIGITS[match["jiao"]] if match["jiao"] else 0
    fen = CN_DIGITS[match["fen"]] if match["fen"] else 0
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
            raise BadValue("a boolean is not an amount")
        if isinstance(value, str):
            return _amount_from_str(value)
        if isinstance(value, Decimal):
            return _check_amount(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise BadValue("not a finite number")
            return _check_amount(Decimal(repr(value)))
        if isinstance(value, numbers.Integral):
            return _check_amount(Decimal(int(value)))
        if value is None:
            raise BadValue("blank")
        raise BadValue(f"unsupported type {type(value).__name__}")
    except BadValue as exc:
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
        ctx.prec = CONTEXT_PREC + 1000
        cents = number.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        if cents.is_zero():
            cents = cents.copy_abs()
        return f"{cents:,.2f}"
