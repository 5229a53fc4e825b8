"""``--redact``: mask people's names in a report, keeping them stable within it.

The names come from the records' personal columns (staff, leaders, talk partners,
appointees, dual-life leaders, rewarded persons: see ``column(..., personal=True)``).
Each distinct name becomes a pseudonym in order of first appearance in the report —
``人员A``, ``人员B``, … (``Person A`` in English) — wherever it occurs: subjects,
messages, details, waived and baselined violations and resolved ones. The same name is
the same pseudonym throughout one report; pseudonyms are not stable across reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def pseudonym(index: int, lang: str = "zh") -> str:
    """The ``index``-th pseudonym (0-based): 人员A … 人员Z, 人员AA, …"""
    letters = ""
    n = index
    while True:
        letters = _LETTERS[n % 26] + letters
        n = n // 26 - 1
        if n < 0:
            break
    return f"Person {letters}" if lang == "en" else f"人员{letters}"


class Redactor:
    """Replaces the given names with pseudonyms assigned on first sight."""

    def __init__(self, names: Iterable[str], lang: str = "zh") -> None:
        unique = sorted({n.strip() for n in names if n and n.strip()}, key=lambda n: (-len(n), n))
        self.lang = lang
        self.mapping: dict[str, str] = {}
        self._pattern = re.compile("|".join(re.escape(n) for n in unique)) if unique else None

    def text(self, value: str) -> str:
        """``value`` with every known name replaced (longest names first)."""
        if self._pattern is None or not value:
            return value
        return self._pattern.sub(self._replace, value)

    def _replace(self, match: re.Match[str]) -> str:
        name = match.group(0)
        found = self.mapping.get(name)
        if found is None:
            found = self.mapping[name] = pseudonym(len(self.mapping), self.lang)
        return found

    def value(self, value: Any) -> Any:
        """Strings redacted; mappings and sequences redacted item by item."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.value(v) for v in value)
        return value

    def violation(self, violation: Violation) -> Violation:
        """A copy of ``violation`` with names masked."""
        return attrs.evolve(
            violation,
            subject=self.text(violation.subject),
            message=self.text(violation.message),
            details={k: self.text(v) for k, v in violation.details.items()},
        )


def redact_result(result: CheckResult, names: Iterable[str], lang: str = "zh") -> CheckResult:
    """``result`` with every name of ``names`` masked (see the module docstring).

    The delta's keys follow the subjects, so a ``--compare`` still shows each violation's
    status; the result's own list of names is emptied.
    """
    redactor = Redactor(names, lang)
    violations = tuple(redactor.violation(v) for v in result.violations)
    data_errors = tuple(redactor.violation(v) for v in result.data_errors)
    hidden = tuple(redactor.violation(v) for v in result.hidden)
    waived = tuple(
        attrs.evolve(
            item,
            violation=redactor.violation(item.violation),
            reason=redactor.text(item.reason),
            approver=redactor.text(item.approver),
        )
        for item in result.waived_list
    )
    delta = result.delta
    if delta is not None:
        entries = {
            (code, redactor.text(subject)): entry
            for (code, subject), entry in delta.entries.items()
        }
        resolved = tuple(
            attrs.evolve(r, subject=redactor.text(r.subject), message=redactor.text(r.message))
            for r in delta.resolved
        )
        delta = attrs.evolve(delta, entries=entries, resolved=resolved)
    return attrs.evolve(
        result,
        violations=violations,
        data_errors=data_errors,
        hidden=hidden,
        waived_list=waived,
        delta=delta,
        people=frozenset(),
        redacted=len(redactor.mapping),
    )
