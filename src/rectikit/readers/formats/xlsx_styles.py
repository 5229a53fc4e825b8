"""Which cell styles show dates, and Excel serial numbers as ``datetime``/``time``/``timedelta``.

A numeric cell is a date when its style's number format is one: a built-in date format
(14–22, 45–47, and the East Asian date formats 27–36 and 50–58 that Chinese Excel and WPS
write without a format code) or a custom format with a date or time token (``y m d h s``)
outside quotes and brackets, as openpyxl decides it. A format that counts elapsed time
(``[h]:mm:ss``) makes a ``timedelta``; a serial below 1 is a ``time`` of day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

#: The built-in number formats that show a date or a time (ECMA-376 §18.8.30).
#: 27–36 and 50–58 are locale-defined; in every East Asian locale they are dates or
#: times (zh-CN: 31 = ``yyyy"年"m"月"d"日"``, 32 = ``h"时"mm"分"``, 57 = ``yyyy"年"m"月"``).
BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)])

#: Built-in formats that count elapsed time.
BUILTIN_TIMEDELTA_FORMATS = frozenset([46])

#: The first id of a workbook's own number formats.
FIRST_CUSTOM_FORMAT = 164

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)

_STRIP_RE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_TOKEN_RE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA_RE = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str | None) -> bool:
    """Whether format ``code`` shows a date or time (its first section decides)."""
    if code is None:
        return False
    first = _STRIP_RE.sub("", code.split(";")[0])
    return _DATE_TOKEN_RE.search(first) is not None


def is_timedelta_format(code: str | None) -> bool:
    """Whether format ``code`` counts elapsed time (``[h]:mm:ss``, ``[mm]:ss``)."""
    if code is None:
        return False
    return _TIMEDELTA_RE.search(code.split(";")[0]) is not None


def date_styles(
    format_ids: Iterable[int], custom: dict[int, str]
) -> tuple[frozenset[int], frozenset[int]]:
    """The style indexes (positions in ``cellXfs``) that show dates, and those that
    count elapsed time, given each style's number-format id and the custom formats."""
    dates: set[int] = set()
    deltas: set[int] = set()
    for index, format_id in enumerate(format_ids):
        if format_id in custom:
            code = custom[format_id]
            is_date, is_delta = is_date_format(code), is_timedelta_format(code)
        else:
            is_date = format_id in BUILTIN_DATE_FORMATS
            is_delta = format_id in BUILTIN_TIMEDELTA_FORMATS
        if is_date:
            dates.add(index)
        if is_delta:
            deltas.add(index)
    return frozenset(dates), frozenset(deltas)


def from_excel(
    value: float, epoch: dt.datetime = WINDOWS_EPOCH, timedelta: bool = False
) -> dt.datetime | dt.time | dt.timedelta:
    """An Excel serial as openpyxl converts it: a ``timedelta`` for elapsed-time formats,
    a ``time`` for a serial in [0, 1), else a ``datetime`` (to the millisecond).

    Raises:
        OverflowError, ValueError: the serial is outside the dates Python can hold.
    """
    if timedelta:
        delta = dt.timedelta(days=value)
        if delta.microseconds:
            delta = dt.timedelta(
                seconds=delta.total_seconds() // 1, microseconds=round(delta.microseconds, -3)
            )
        return delta
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel's phantom 29 February 1900
    return epoch + dt.timedelta(days=day) + diff


_ISO_RE = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_DURATION_RE = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?"
)


def from_iso(text: str) -> dt.datetime | dt.date | dt.time | dt.timedelta | None:
    """The value of a ``t="d"`` cell (an ISO 8601 date, time, datetime or duration), as
    openpyxl reads it.

    Raises:
        ValueError: ``text`` is none of these.
    """
    if not text:
        return None
    match = _ISO_RE.match(text)
    if match and any(match.groups()):
        parts = match.groupdict()
        micro = int(float(parts["microsecond"]) * 1_000_000) if parts["microsecond"] else 0
        keys = ("year", "month", "day", "hour", "minute", "second")
        numbers = {key: int(parts[key] or 0) for key in keys}
        if not parts["date"]:
            return dt.time(numbers["hour"], numbers["minute"], numbers["second"], micro)
        if not parts["time"]:
            return dt.date(numbers["year"], numbers["month"], numbers["day"])
        return dt.datetime(microsecond=micro, **numbers)
    match = _DURATION_RE.match(text)
    if match and any(match.groups()):
        return dt.timedelta(
            **{key: float(value) for key, value in match.groupdict().items() if value}
        )
    raise ValueError(f"invalid date {text!r}")
