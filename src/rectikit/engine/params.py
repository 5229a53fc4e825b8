"""Rule parameters: declared types and the coercion of pack and config values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from rectikit.model.records import PARTY_ORG_TYPES
from rectikit.model.values import (
    ValueParseError,
    parse_amount,
    parse_bool,
    parse_date,
    parse_enum,
    parse_int,
)


class ParamError(ValueError):
    """A parameter value that does not fit its declared type."""


def _as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise ParamError(f"expected text, got {value!r}")
    return value


def _as_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ParamError(f"expected a list of strings, got {value!r}")
    return tuple(value)


def _map_of(parse: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    def coerce(value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise ParamError(f"expected a table, got {value!r}")
        return {str(k): _scalar(parse, v) for k, v in value.items()}

    return coerce


def _dates_map(value: Any) -> dict[str, tuple[date, ...]]:
    if not isinstance(value, Mapping):
        raise ParamError(f"expected a table of date lists, got {value!r}")
    out: dict[str, tuple[date, ...]] = {}
    for key, item in value.items():
        items = item if isinstance(item, (list, tuple)) else [item]
        out[str(key)] = tuple(_scalar(parse_date, v) for v in items)
    return out


#: What separates the dates of a ``date_list`` written as one string.
_DATE_LIST_SEPARATORS = re.compile(r"[,，、;；]")


def _date_list(value: Any) -> tuple[date, ...]:
    """A list of days (TOML dates or any DATA.md date notation), sorted, without repeats.

    A single date, or one string of dates separated by ``,``/``、``/``;``, is accepted too.
    """
    if isinstance(value, str):
        items: list[Any] = [p for p in _DATE_LIST_SEPARATORS.split(value) if p.strip()]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, date):
        items = [value]
    else:
        raise ParamError(f"expected a list of dates, got {value!r}")
    return tuple(sorted({_scalar(parse_date, v) for v in items}))


def _scalar(parse: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parse(value)
    except ValueParseError as exc:
        raise ParamError(str(exc)) from None


#: Coercion by declared parameter type. Amounts accept every DATA.md notation ("5万").
def _org_types(value: Any) -> tuple[str, ...]:
    """Party organization types in any of their names (``党支部``, ``branch``), canonical."""
    types = []
    for item in _as_list(value):
        try:
            canonical = parse_enum(item, PARTY_ORG_TYPES)
        except ValueParseError:
            known = ", ".join(PARTY_ORG_TYPES)
            raise ParamError(
                f"{item!r} is not a party organization type (known: {known})"
            ) from None
        if canonical not in types:
            types.append(canonical)
    return tuple(types)


def _seconds(value: Any) -> int | float:
    """A duration in seconds, zero or more: ``60``, ``0.5``, ``"90"``, ``"1.5s"``."""
    text = value
    if isinstance(value, str):
        text = value.strip().removesuffix("s").removesuffix("秒").strip()
    try:
        number = Decimal(str(text)) if isinstance(text, (str, int, float, Decimal)) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise ParamError(f"expected a number of seconds (0 or more), got {value!r}")
    return int(number) if number == number.to_integral_value() else float(number)


PARAM_TYPES: dict[str, Callable[[Any], Any]] = {
    "amount": lambda v: _scalar(parse_amount, v),
    "int": lambda v: _scalar(parse_int, v),
    "bool": lambda v: _scalar(parse_bool, v),
    "date": lambda v: _scalar(parse_date, v),
    "str": _as_str,
    "list": _as_list,
    "amount_map": _map_of(parse_amount),
    "int_map": _map_of(parse_int),
    "dates_map": _dates_map,
    "date_list": _date_list,
    "org_types": _org_types,
    "seconds": _seconds,
}


def coerce_param(type_name: str, value: Any) -> Any:
    """Coerce a raw pack or config value to the parameter's declared type.

    Raises :class:`ParamError` with a one-line reason when it does not fit.
    """
    try:
        coerce = PARAM_TYPES[type_name]
    except KeyError:
        raise ParamError(f"unknown parameter type {type_name!r}") from None
    if isinstance(value, bool) and type_name not in ("bool",):
        raise ParamError(f"expected {type_name}, got {value!r}")
    return coerce(value)


def render_param(value: Any) -> str:
    """A parameter value as users write it in config (for ``rectikit rules CODE``)."""
    if value is None:
        return "(not set)"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        if not value:
            return "(none)"
        return ", ".join(f"{k} = {render_param(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_param(v) for v in value) + "]"
    return str(value)
