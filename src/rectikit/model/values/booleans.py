"""Yes/no cells: :func:`parse_bool` reads ``是``/``否``, ``√``/``×``, ``yes``/``no``, 1/0.

Words are compared after :func:`~rectikit.model.values.normalize_text`, so case,
width and spaces do not matter.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rectikit.model.values.errors import ValueParseError
from rectikit.model.values.text import normalize_text

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
