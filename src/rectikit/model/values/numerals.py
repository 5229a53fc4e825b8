"""Chinese numerals, ordinary (一百零五) and financial (壹佰零伍), with 点 decimals.

:func:`parse_chinese_numeral` is public; :func:`cn_integer`, :func:`cn_number` and the
digit and unit tables are shared with the amount, integer and quarter parsers.
"""

from __future__ import annotations

from decimal import Decimal

from rectikit.model.values.errors import BadValue, ValueParseError
from rectikit.model.values.numeric import scaled
from rectikit.model.values.text import fold

CN_DIGITS: dict[str, int] = {
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
CN_POINT = "点"
_CN_ZEROS = frozenset("零〇")
#: Digits that may follow 点 (两 is never used for decimals).
_CN_FRACTION_DIGITS = {k: v for k, v in CN_DIGITS.items() if k not in "两兩"}

#: Multipliers written after a number with a decimal part (``1.5万``, ``一点五亿``),
#: longest first so that ``千万`` wins over ``万``.
UNIT_SUFFIXES: tuple[tuple[str, int], ...] = (
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


def cn_integer(text: str) -> int:
    """Parse an integer written with Chinese numerals (no sign, no 点)."""
    if not text:
        raise BadValue("no digits")
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
                raise BadValue(f"misplaced {ch}")
            after_zero = True
        elif ch in CN_DIGITS:
            if digit is not None:
                raise BadValue("two digits without a unit between them")
            digit = CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if digit is None:
                if unit != 10:
                    raise BadValue(f"{ch} without a digit before it")
                digit = 1  # 十二, 十万: an implicit 一
            if unit >= last_small:
                raise BadValue("units out of order")
            section += digit * unit
            digit, last_small, last_unit, after_zero = None, unit, unit, False
        elif ch in _CN_BIG:
            unit = _CN_BIG[ch]
            here = section + (digit or 0)
            if unit == 10**4:
                if seen_wan or here == 0:
                    raise BadValue(f"misplaced {ch}")
                wan, seen_wan = here * unit, True
            else:
                if seen_yi or wan + here == 0:
                    raise BadValue(f"misplaced {ch}")
                total, wan, seen_wan, seen_yi = (wan + here) * unit, 0, False, True
            section, digit, last_small, last_unit, after_zero = 0, None, 10**4, unit, False
        else:
            raise BadValue(f"unexpected character {ch!r}")
    if after_zero and digit is None:
        raise BadValue("trailing 零")
    if digit is not None:
        if not after_zero and last_unit > 10:
            # Spoken abbreviation: 一百五 = 150, 两万三 = 23000, 一亿二 = 120000000.
            digit *= last_unit // 10
        section += digit
    return total + wan + section


def cn_number(text: str) -> Decimal:
    """Parse Chinese numerals with an optional 点 part and trailing unit (一点五万)."""
    if CN_POINT not in text:
        return Decimal(cn_integer(text))
    whole, _, rest = text.partition(CN_POINT)
    if CN_POINT in rest:
        raise BadValue("more than one 点")
    integer = cn_integer(whole)
    multiplier = 1
    for suffix, value in UNIT_SUFFIXES:
        if rest.endswith(suffix):
            rest, multiplier = rest[: -len(suffix)], value
            break
    if not rest:
        raise BadValue("no digits after 点")
    try:
        fraction = "".join(str(_CN_FRACTION_DIGITS[ch]) for ch in rest)
    except KeyError:
        raise BadValue("only digits may follow 点") from None
    number = Decimal(f"{integer}.{fraction}")
    return scaled(number, multiplier)


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
    folded = fold(text)
    if not folded:
        raise ValueParseError("number", text, "blank")
    try:
        return cn_number(folded)
    except BadValue as exc:
        raise ValueParseError("number", text, exc.reason) from None
    except ArithmeticError:
        raise ValueParseError("number", text, "out of range") from None
