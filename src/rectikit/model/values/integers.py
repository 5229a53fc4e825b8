"""Whole numbers such as counts of bidders or numbers of years: :func:`parse_int`.

Digits (with thousands separators and an optional ``.0``) or Chinese numerals are
accepted, optionally followed by a counting suffix such as ``家`` or ``人次``.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal, localcontext
from typing import Any

from rectikit.model.values.errors import BadValue, ValueParseError
from rectikit.model.values.numerals import CN_POINT, cn_integer
from rectikit.model.values.numeric import CONTEXT_PREC, HAS_ARABIC_RE, take_sign
from rectikit.model.values.text import fold

_MAX_INT_DIGITS = 18
_COUNT_SUFFIXES = (
    "人次", "家", "人", "个", "次", "名", "年", "项", "位", "件", "条", "份", "笔", "户", "天",
)  # fmt: skip
_INT_RE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0+)?")


def _int_from_str(text: str) -> int:
    s = fold(text)
    if not s:
        raise BadValue("blank")
    s, negative = take_sign(s)
    for suffix in _COUNT_SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    if HAS_ARABIC_RE.search(s):
        if not _INT_RE.fullmatch(s):
            raise BadValue("not a whole number")
        digits = s.split(".")[0].replace(",", "")
        if len(digits.lstrip("0")) > _MAX_INT_DIGITS:
            raise BadValue("too many digits")
        number = int(digits)
    else:
        if CN_POINT in s:
            raise BadValue("not a whole number")
        number = cn_integer(s)
    return -number if negative else number


def _int_from_decimal(number: Decimal) -> int:
    if not number.is_finite():
        raise BadValue("not a finite number")
    if not number.is_zero() and number.adjusted() >= _MAX_INT_DIGITS:
        raise BadValue("too large")
    with localcontext() as ctx:
        ctx.prec = CONTEXT_PREC
        if number != number.to_integral_value():
            raise BadValue("not a whole number")
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
            raise BadValue("a boolean is not a number")
        if isinstance(value, int):
            return int(value)
        if isinstance(value, str):
            return _int_from_str(value)
        if isinstance(value, Decimal):
            return _int_from_decimal(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise BadValue("not a finite number")
            return _int_from_decimal(Decimal(repr(value)))
        if isinstance(value, numbers.Integral):
            return int(value)
        if value is None:
            raise BadValue("blank")
        raise BadValue(f"unsupported type {type(value).__name__}")
    except BadValue as exc:
        raise ValueParseError("int", value, exc.reason) from None
    except (ArithmeticError, ValueError) as exc:
        raise ValueParseError("int", value, type(exc).__name__) from None
