"""Filling rule-pack message templates, and how values show in messages and details."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from rectikit.model.values import format_amount


def format_value(value: Any) -> str:
    """A value as a message shows it: amounts ``52,000.00``, dates ISO."""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v) for v in value)
    return str(value)


def detail_value(value: Any) -> str:
    """A value as ``details`` reports it: exact, unformatted (``52000.00``)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(detail_value(v) for v in value)
    return str(value)


class _Fields(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill a message template; unknown fields stay as written."""
    fields = _Fields({k: format_value(v) for k, v in values.items()})
    try:
        return template.format_map(fields)
    except (ValueError, IndexError, AttributeError, KeyError):
        return template
