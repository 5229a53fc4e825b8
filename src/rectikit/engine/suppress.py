"""Approved exceptions (waivers) and baselines: violations a unit has already dealt with.

* A **waiver** file (TOML) lists approved exceptions::

      [[waiver]]
      code = "PRC002"            # a rule code
      subject = "CG2023-013"     # the violation's subject, or "*" for all of the rule's
      reason = "工委会2023年第5次会议同意"
      approver = "工委书记"
      expiry = 2024-06-30        # optional; the waiver lapses after this day

  A waiver applies while ``as_of`` is on or before its expiry; an expired waiver is
  reported as a warning and no longer hides its violation.
* A **baseline** is a rectikit JSON report (``--write-baseline`` writes one): violations
  whose ``code`` and ``subject`` it lists are not reported again, so a unit can adopt
  rectikit on old ledgers and see only what is new.

Data diagnostics (``DAT*``) are never waived or baselined.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from rectikit.engine.config import ConfigError
from rectikit.engine.result import CheckResult, WaivedViolation
from rectikit.model.values import ValueParseError, parse_date
from rectikit.model.violation import Violation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10
    import tomli as tomllib

_WAIVER_KEYS = frozenset({"code", "subject", "reason", "approver", "expiry"})


@attrs.frozen(slots=True)
class Waiver:
    """An approved exception to one rule for one subject (or every subject: ``*``).

    Attributes:
        code: the rule code.
        subject: the violation subject it covers, or ``*``.
        reason: why the exception was approved.
        approver: who approved it.
        expiry: the last day it applies, or ``None`` for no end.
    """

    code: str
    subject: str
    reason: str
    approver: str
    expiry: date | None = None

    def covers(self, violation: Violation) -> bool:
        """Whether this waiver is about ``violation``."""
        return violation.code == self.code and self.subject in ("*", violation.subject)

    def active(self, as_of: date) -> bool:
        """Whether it still applies on ``as_of``."""
        return self.expiry is None or as_of <= self.expiry


def load_waivers(path: Path) -> list[Waiver]:
    """Read a waiver file; :class:`ConfigError` naming the file and entry when it is bad."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read waivers: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: invalid waiver file: {exc}") from None
    entries = data.get("waiver", data.get("waivers", []))
    unknown = set(data) - {"waiver", "waivers"}
    if unknown or not isinstance(entries, list):
        raise ConfigError(f"{path}: a waiver file holds [[waiver]] tables only")
    return [_waiver(path, index, entry) for index, entry in enumerate(entries, start=1)]


def _waiver(path: Path, index: int, entry: Any) -> Waiver:
    where = f"{path}: waiver #{index}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: must be a table")
    unknown = set(entry) - _WAIVER_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key '{sorted(unknown)[0]}'")
    missing = [key for key in ("code", "subject", "reason", "approver") if not entry.get(key)]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}")
    values = {key: str(entry[key]).strip() for key in ("code", "subject", "reason", "approver")}
    values["code"] = values["code"].upper()
    expiry = entry.get("expiry")
    if expiry is not None:
        try:
            expiry = parse_date(expiry)
        except ValueParseError:
            raise ConfigError(f"{where}: expiry is not a date: {expiry!r}") from None
    return Waiver(expiry=expiry, **values)


def load_baseline(path: Path) -> set[tuple[str, str]]:
    """The ``(code, subject)`` pairs of a rectikit JSON report used as a baseline."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: invalid baseline (not a rectikit JSON report): {exc}") from None
    items = data.get("violations") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{path}: a baseline is a rectikit JSON report with 'violations'")
    pairs = set()
    for item in items:
        if isinstance(item, dict) and "code" in item and "subject" in item:
            pairs.add((str(item["code"]), str(item["subject"])))
    return pairs


def apply_suppressions(
    result: CheckResult,
    *,
    waivers: Iterable[Waiver] = (),
    baseline: set[tuple[str, str]] | None = None,
) -> CheckResult:
    """``result`` without waived and baselined violations, counted in the summary."""
    waivers = list(waivers)
    warnings = list(result.warnings)
    for waiver in waivers:
        if not waiver.active(result.as_of):
            warnings.append(
                f"waiver for {waiver.code} {waiver.subject} expired on {waiver.expiry}; "
                "its violations are reported again"
            )
    active = [w for w in waivers if w.active(result.as_of)]
    kept, hidden, waived = [], [], []
    for violation in result.violations:
        waiver = next((w for w in active if w.covers(violation)), None)
        if waiver is not None:
            waived.append(WaivedViolation(violation, waiver.reason, waiver.approver, waiver.expiry))
        elif baseline is not None and (violation.code, violation.subject) in baseline:
            hidden.append(violation)
        else:
            kept.append(violation)
    return attrs.evolve(
        result,
        violations=tuple(kept),
        waived=result.waived + len(waived),
        waived_list=(*result.waived_list, *waived),
        baselined=result.baselined + len(hidden),
        hidden=(*result.hidden, *hidden),
        warnings=tuple(warnings),
    )


def baseline_result(result: CheckResult) -> CheckResult:
    """What ``--write-baseline`` records: the violations reported plus those the
    current baseline hid (waived ones stay out, so an expired waiver shows again)."""
    everything = sorted((*result.violations, *result.hidden), key=Violation.sort_key)
    return attrs.evolve(result, violations=tuple(everything), hidden=(), baselined=0)
