"""Calendar dates from date objects, Excel serial day numbers and written dates.

:func:`parse_date` is public; :data:`MIN_YEAR` and :data:`MAX_YEAR`, the range of
years accepted in written dates, are shared with the quarter parser.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from rectikit.model.values.errors import BadValue, ValueParseError
from rectikit.model.values.text import SPACE_RE

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 and up: epoch + serial days
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
MIN_YEAR, MAX_YEAR = 1900, 2999

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
        raise BadValue("not a finite number")
    if isinstance(serial, Decimal) and not serial.is_finite():
        raise BadValue("not a finite number")
    if not 1 <= serial < _EXCEL_MAX_SERIAL + 1:
        raise BadValue(f"Excel serial day outside 1..{_EXCEL_MAX_SERIAL}")
    day = int(serial)  # a fraction is the time of day
    if day == 60:
        raise BadValue("Excel serial 60 is the nonexistent 1900-02-29")
    if day < 60:
        return _EXCEL_EPOCH + timedelta(days=day + 1)
    return _EXCEL_EPOCH + timedelta(days=day)


def _date_from_str(text: str) -> date:
    s = SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    if not s:
        raise BadValue("blank")
    match = _DATE_RE.fullmatch(s)
    if not match:
        raise BadValue("not a recognised date notation")
    parts = next((match[f"y{i}"], match[f"m{i}"], match[f"d{i}"]) for i in "123" if match[f"y{i}"])
    year, month, day = (int(p) for p in parts)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadValue(f"year outside {MIN_YEAR}..{MAX_YEAR}")
    if match["hh"] is not None:
        hour, minute = int(match["hh"]), int(match["mm"])
        second = int(match["ss"]) if match["ss"] is not None else 0
        if hour > 23 or minute > 59 or second > 59:
            raise BadValue("impossible time of day")
    try:
        return date(year, month, day)
    except ValueError:
        raise BadValue("no such day") from None


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
            raise BadValue("a boolean is not a date")
        if isinstance(value, str):
            return _date_from_str(value)
        if isinstance(value, (float, Decimal)):
            return _date_from_serial(value)
        if isinstance(value, numbers.Integral):
            return _date_from_serial(Decimal(int(value)))
        if value is None:
            raise BadValue("blank")
        raise BadValue(f"unsupported type {type(value).__name__}")
    except BadValue as exc:
        raise ValueParseError("date", value, exc.reason) from None
    except (ArithmeticError, ValueError) as exc:
        raise ValueParseError("date", value, type(exc).__name__) from None
