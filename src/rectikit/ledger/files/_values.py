"""Cell and TOML value conversions shared by the TOML and XLSX forms of the ledger.

Each ``as_*`` function returns the model value or raises :class:`FieldError` with a
short reason; the file readers add the place and turn it into a
:class:`~rectikit.ledger.files.errors.LedgerError`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rectikit.model.ledger import Status
from rectikit.model.values import ValueParseError, is_blank, parse_amount, parse_date, parse_int
from rectikit.readers.records import as_text as as_cell_text

#: Separators between several 责任部门 in one cell or string (``办公室、组织部``).
UNIT_SEPARATORS = re.compile(r"\s*[、,，;；\n]\s*")
#: The separator written between units.
UNIT_JOIN = "、"


class FieldError(Exception):
    """A value of the wrong type or notation; ``reason`` says what is wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def type_name(value: Any) -> str:
    """The TOML-ish name of a Python value's type, for messages."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime):
        return "date-time"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "table"
    return type(value).__name__


#: A spreadsheet cell as text: the data readers' notion, shared.
cell_text = as_cell_text


def as_text(value: Any, *, strict: bool) -> str:
    """A string field. ``strict`` (TOML) wants a string; otherwise any cell goes."""
    if isinstance(value, str):
        return value if strict else value.strip()
    if strict:
        raise FieldError(f"must be a string, not {type_name(value)}")
    return "" if value is None else cell_text(value)


def as_optional_text(value: Any, *, strict: bool) -> str | None:
    """An optional string field: blank is ``None``."""
    if value is None:
        return None
    text = as_text(value, strict=strict)
    return None if is_blank(text) else text


def as_date(value: Any, *, strict: bool) -> date | None:
    """A date: a date value, or a string in any notation :func:`parse_date` reads.

    Blank is ``None``. ``strict`` (TOML) rejects numbers; a spreadsheet number is an
    Excel serial day.
    """
    if value is None or is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if strict and not isinstance(value, str):
        raise FieldError(f"must be a date, not {type_name(value)}")
    try:
        return parse_date(value)
    except ValueParseError as exc:
        raise FieldError(str(exc)) from None


def as_amount(value: Any) -> Decimal:
    """A target figure: an integer, a float (``Decimal(str(x))``) or a number string."""
    if isinstance(value, bool):
        raise FieldError("must be a number, not boolean")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FieldError(f"must be a finite number, not {value!r}")
        return Decimal(str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise FieldError(f"must be a finite number, not {value!r}")
        return value
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except ValueParseError as exc:
            raise FieldError(str(exc).replace(" as amount", " as a number")) from None
    raise FieldError(f"must be a number, not {type_name(value)}")


def as_count(value: Any) -> int:
    """A declared count: an integer (or a string of one, ``二十五`` too)."""
    if isinstance(value, bool):
        raise FieldError("must be an integer, not boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return parse_int(value)
        except ValueParseError as exc:
            raise FieldError(str(exc)) from None
    raise FieldError(f"must be an integer, not {type_name(value)}")


def as_status(value: Any) -> Status | None:
    """A status in English or any Chinese alias; blank is ``None`` (derived)."""
    if value is None or is_blank(value):
        return None
    if not isinstance(value, str):
        raise FieldError(f"status must be a string, not {type_name(value)}")
    try:
        return Status.parse(value.strip())
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def _strings(values: Iterable[Any], *, strict: bool, what: str) -> list[str]:
    out = []
    for value in values:
        if strict and not isinstance(value, str):
            raise FieldError(f"{what} must be strings, not {type_name(value)}")
        if value is None or is_blank(value):
            continue
        out.append(value if isinstance(value, str) and strict else cell_text(value))
    return out


def as_units(value: Any, *, strict: bool) -> tuple[str, ...]:
    """责任部门: a list of names, or one string with names joined by ``、`` (or ``，;``)."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(_strings(value, strict=strict, what="units"))
    if strict and not isinstance(value, str):
        raise FieldError(f"must be a string or an array of strings, not {type_name(value)}")
    text = value if isinstance(value, str) else cell_text(value)
    return tuple(part for part in UNIT_SEPARATORS.split(text.strip()) if part)


def as_evidence(value: Any, *, strict: bool) -> tuple[str, ...]:
    """佐证材料: a list; or one string (TOML: one item; a cell: one item per line)."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(_strings(value, strict=strict, what="evidence items"))
    if strict:
        if not isinstance(value, str):
            raise FieldError(f"must be a string or an array of strings, not {type_name(value)}")
        return () if is_blank(value) else (value,)
    text = cell_text(value)
    return tuple(line.strip() for line in text.splitlines() if not is_blank(line))


def as_notes(value: Any, *, strict: bool) -> tuple[str, ...]:
    """A finding's notes: a list, or one string with one note a line (TOML or a cell)."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(n.strip() for n in _strings(value, strict=strict, what="notes"))
    if strict and not isinstance(value, str):
        raise FieldError(f"must be a string or an array of strings, not {type_name(value)}")
    text = value if isinstance(value, str) else cell_text(value)
    return tuple(line.strip() for line in text.splitlines() if not is_blank(line))


def as_paragraphs(value: Any, *, strict: bool = True) -> tuple[str, ...]:
    """Next steps: a text (one paragraph per line) or an array of paragraphs."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(p.strip() for p in _strings(value, strict=strict, what="items"))
    if not isinstance(value, str):
        raise FieldError(f"must be a string or an array of strings, not {type_name(value)}")
    return tuple(line.strip() for line in value.splitlines() if not is_blank(line))


def amount_value(amount: Decimal, *, max_int: int = 2**63) -> int | float | str:
    """A Decimal as the plainest exact TOML/cell value: an int (below ``max_int``), a
    float that reads back as the same Decimal, else its string."""
    if amount == amount.to_integral_value() and abs(amount) < max_int:
        return int(amount)
    as_float = float(amount)
    if math.isfinite(as_float) and Decimal(str(as_float)) == amount:
        return as_float
    return format(amount, "f")
