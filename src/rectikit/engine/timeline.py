"""Effective-dated parameters: the parameter set in force on a given day.

Regulations change during a year: a unit revises its procurement thresholds, a new
edition of a rule changes the fixed-asset threshold. A rule pack (``[[sets]]``) or the
config (``[[params.PRC.sets]]``) may give parameter sets, each with an ``effective``
date; a record is judged by the set in force on its own date (a periodic rule on the
period's start).

Sets are cumulative: a set names only the parameters that change, and the values in
force on a day are the base values with every set dated on or before that day applied
in date order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from rectikit.engine.params import ParamError, coerce_param


@attrs.frozen(slots=True)
class ParamSet:
    """Parameter values that take effect on a date.

    Attributes:
        effective: the first day the values apply.
        values: parameter name -> typed value (only the parameters that change).
        source: where the set was given (``pack procurement.toml``, ``config [params.PRC]``).
    """

    effective: date
    values: Mapping[str, Any]
    source: str = ""


@attrs.frozen(slots=True)
class ParamTimeline:
    """A rule's parameters over time.

    Attributes:
        base: the values in force before the first set (pack defaults and config
            overrides).
        sets: the dated sets, by effective date (as given, for display).
    """

    base: Mapping[str, Any]
    sets: tuple[ParamSet, ...] = ()
    _dates: tuple[date, ...] = attrs.field(init=False, repr=False, eq=False)
    _states: tuple[Mapping[str, Any], ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        dates: list[date] = []
        states: list[Mapping[str, Any]] = [dict(self.base)]
        for item in sorted(self.sets, key=lambda s: s.effective):
            state = {**states[-1], **item.values}
            if dates and dates[-1] == item.effective:
                states[-1] = state
            else:
                dates.append(item.effective)
                states.append(state)
        object.__setattr__(self, "_dates", tuple(dates))
        object.__setattr__(self, "_states", tuple(states))

    def on(self, day: date | None) -> Mapping[str, Any]:
        """The values in force on ``day`` (the latest values when ``day`` is ``None``)."""
        if day is None:
            return self._states[-1]
        return self._states[bisect_right(self._dates, day)]

    @property
    def latest(self) -> Mapping[str, Any]:
        """The values in force after every set took effect."""
        return self._states[-1]

    @property
    def dated(self) -> bool:
        """Whether any dated set exists."""
        return bool(self._dates)

    def unset(self) -> list[str]:
        """Parameters still without a value once every set took effect."""
        return [name for name, value in self.latest.items() if value is None]

    def periods(self) -> list[tuple[date | None, Mapping[str, Any]]]:
        """``(effective, values in force)`` from the base (``None``) through each change."""
        return [(None, self._states[0]), *zip(self._dates, self._states[1:], strict=True)]


def parse_param_set(entry: Any, types: Mapping[str, str], source: str) -> ParamSet:
    """One dated set as written in a pack (``[[sets]]``) or config (``[[params.X.sets]]``).

    Args:
        entry: the table: ``effective`` and parameter values.
        types: the parameters it may set, by name, with their declared types.
        source: where it was given, for display.

    Raises:
        ParamError: with a one-line reason (the caller prefixes where the set is).
    """
    if not isinstance(entry, Mapping):
        raise ParamError("must be a table with an 'effective' date")
    if entry.get("effective") is None:
        raise ParamError("'effective' (the date it applies from) is missing")
    try:
        effective = coerce_param("date", entry["effective"])
    except ParamError as exc:
        raise ParamError(f"effective: {exc}") from None
    values = {}
    for name, raw in entry.items():
        if name == "effective":
            continue
        if name not in types:
            known = ", ".join(sorted(types)) or "none"
            raise ParamError(f"unknown parameter '{name}' (known: {known})")
        try:
            values[name] = coerce_param(types[name], raw)
        except ParamError as exc:
            raise ParamError(f"{name}: {exc}") from None
    return ParamSet(effective, values, source)
