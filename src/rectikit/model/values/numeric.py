"""Building blocks shared by the numeric parsers: exact Decimal scaling and signs.

:func:`plain` and :func:`scaled` keep results exact and out of scientific notation,
:func:`take_sign` strips a leading sign, and :data:`HAS_ARABIC_RE` tells Arabic digits
from Chinese numerals. Nothing here is part of the public API.
"""

from __future__ import annotations

import re
from decimal import Decimal, Inexact, localcontext

CONTEXT_PREC = 80  # exact for everything the amount checks let through
MIN_ADJUSTED = -6  # nonzero amounts of at least 0.000001 yuan (str() stays plain)

HAS_ARABIC_RE = re.compile(r"[0-9]")
_SIGNS = {"+": False, "-": True, "−": True, "负": True}


def plain(number: Decimal) -> Decimal:
    """``number`` with a non-positive exponent, so that ``str()`` never shows ``E+``.

    Trailing fractional zeros are dropped only when the exponent was positive; a
    zero loses its sign.
    """
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent <= 0 and not number.is_zero():
        return number  # already plain: the common case, without a decimal context
    with localcontext() as ctx:
        ctx.prec = CONTEXT_PREC
        if isinstance(exponent, int) and exponent > 0:
            number = number.quantize(Decimal(1))
        if number.is_zero():
            number = number.copy_abs()
            if number.adjusted() < MIN_ADJUSTED:  # for zero, adjusted() is the exponent
                number = number.quantize(Decimal(1).scaleb(MIN_ADJUSTED))
    return number


def scaled(number: Decimal, multiplier: int) -> Decimal:
    """``number * multiplier`` exactly, normalized to plain notation."""
    if multiplier == 1:
        return number
    with localcontext() as ctx:
        ctx.prec = CONTEXT_PREC
        ctx.traps[Inexact] = True
        product = (number * multiplier).normalize()
    return plain(product)


def take_sign(text: str) -> tuple[str, bool | None]:
    """Split a leading sign off ``text``: the rest, and whether it was negative (None: none)."""
    for sign, negative in _SIGNS.items():
        if text.startswith(sign):
            return text[len(sign) :], negative
    return text, None
