"""Approved exceptions (waivers) and baselines: violations a unit has already dealt with.

* A **waiver** is a ``[[waiver]]`` table, in a waiver file (``--waivers FILE`` or
  ``waivers = "FILE"`` in the config) or in the config itself; the two add up::

      [[waiver]]
      code = "PRC002"            # one rule code
      subject = "CG2023-013"     # the violation's subject; * and ? are wildcards
      reason = "工委会2023年第5次会议同意"
      approver = "工委书记"
      expiry = 2024-06-30        # optional; the last day the waiver applies

  A waiver applies while ``as_of`` is on or before its expiry: the violations it covers
  are not counted but listed as waived. Within :data:`EXPIRY_NOTICE_DAYS` days of its
  expiry it still applies and the run warns. An expired waiver no longer applies (its
  violations are reported again) and is itself reported as ``WVR001``; a waiver whose
  rule ran but that covers no violation is reported as ``WVR002`` (like ruff's unused
  ``noqa``). ``WVR`` rules follow ``select``/``ignore`` like any rule.
* A **baseline** is a rectikit JSON report (``--write-baseline`` writes one): violations
  whose ``code`` and ``subject`` it lists are not reported again, so a unit can adopt
  rectikit on old ledgers and see only what is new.

Data and configuration diagnostics (``DAT``, ``CFG``) and the waiver rules themselves
(``WVR``) are never waived or baselined.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from rectikit.engine.config import Config, ConfigError
from rectikit.engine.delta import CompareError, load_previous
from rectikit.engine.messages import render
from rectikit.engine.packs import Rule
from rectikit.engine.result import EXPIRY_NOTICE_DAYS, CheckResult, WaivedViolation
from rectikit.engine.settings import effective_severity, resolve_params, select_rules
from rectikit.engine.spool import merged
from rectikit.model.location import Location
from rectikit.model.values import ValueParseError, parse_date
from rectikit.model.violation import Violation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10
    import tomli as tomllib

#: The waiver rules' family, and its two codes.
WAIVER_FAMILY = "WVR"
EXPIRED = "WVR001"
UNUSED = "WVR002"
#: A waiver this many days (or fewer) from its expiry makes the run warn.
#: Codes no waiver or baseline hides.
NEVER_SUPPRESSED = ("DAT", "CFG", "PLG", WAIVER_FAMILY)

_WAIVER_KEYS = frozenset({"code", "subject", "reason", "approver", "expiry"})
_TEXT_KEYS = ("code", "subject", "reason", "approver")
_CODE = re.compile(r"[A-Z][A-Z0-9_-]*")


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """``*`` any run of characters, ``?`` one character, anything else itself."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.DOTALL)


@attrs.frozen(slots=True)
class Waiver:
    """An approved exception to one rule for the subjects ``subject`` matches.

    Attributes:
        code: the rule code.
        subject: the violation subject it covers; ``*`` (any characters) and ``?`` (one
            character) are wildcards, every other character stands for itself
            (``CG2023-*``, ``谢军|*|2023``, ``*`` for every subject of the rule).
        reason: why the exception was approved.
        approver: who approved it.
        expiry: the last day it applies, or ``None`` for no end.
        source: the file it was read from, as reports name it.
        index: its 1-based position among that file's waivers.
        line: the line of its ``[[waiver]]`` header, when the file's text shows it.
    """

    code: str
    subject: str
    reason: str
    approver: str
    expiry: date | None = None
    source: str = ""
    index: int = 0
    line: int | None = None

    @property
    def is_pattern(self) -> bool:
        """Whether ``subject`` holds a wildcard."""
        return "*" in self.subject or "?" in self.subject

    @property
    def where(self) -> str:
        """``waivers.toml:8: waiver #2``, for messages."""
        line = f":{self.line}" if self.line else ""
        return f"{self.source or 'waivers'}{line}: waiver #{self.index}"

    def covers(self, violation: Violation) -> bool:
        """Whether this waiver is about ``violation``."""
        if violation.code != self.code:
            return False
        if not self.is_pattern:
            return violation.subject == self.subject
        return _glob(self.subject).fullmatch(violation.subject) is not None

    def active(self, as_of: date) -> bool:
        """Whether it still applies on ``as_of``."""
        return self.expiry is None or as_of <= self.expiry

    def days_left(self, as_of: date) -> int | None:
        """Days from ``as_of`` to the expiry (``None``: no expiry)."""
        return None if self.expiry is None else (self.expiry - as_of).days

    def expiring(self, as_of: date, notice_days: int = EXPIRY_NOTICE_DAYS) -> bool:
        """Whether it applies on ``as_of`` but expires within ``notice_days``."""
        left = self.days_left(as_of)
        return left is not None and 0 <= left <= notice_days


# -- reading --------------------------------------------------------------------------


def display_name(path: Path) -> str:
    """How reports name a waiver file: the path as given, or its name when absolute."""
    return path.name if path.is_absolute() else str(path)


def load_waivers(path: Path) -> list[Waiver]:
    """Read a waiver file; :class:`ConfigError` naming the file and entry when it is bad."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read waivers: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: invalid waiver file: {exc}") from None
    key = "waiver" if "waiver" in data else "waivers"
    entries = data.get(key, [])
    unknown = set(data) - {"waiver", "waivers"}
    if unknown or not isinstance(entries, list):
        raise ConfigError(f"{path}: a waiver file holds [[waiver]] tables only")
    return parse_waivers(entries, path=path, label=key, text=text)


def parse_waivers(
    entries: Any, *, path: Path | None, label: str = "waiver", text: str | None = None
) -> list[Waiver]:
    """Validate ``[[waiver]]`` tables read from ``path`` (a waiver file or the config).

    ``label`` is the tables' key (``tool.rectikit.waiver`` in a pyproject), named in
    messages; ``text`` is the file's text (read from ``path`` when not given), scanned
    for the line of each table. Raises :class:`ConfigError` naming the file and the
    waiver's position.
    """
    where = str(path) if path is not None else "config"
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: '{label}' must be [[{label}]] tables")
    source = display_name(path) if path is not None else "config"
    if text is None and path is not None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = None
    lines = header_lines(text, label) if text is not None else []
    if len(lines) != len(entries):  # written inline (waiver = [{...}]): no lines
        lines = []
    waivers = []
    for index, entry in enumerate(entries, start=1):
        waiver = _waiver(f"{where}: {label} #{index}", entry, source, index)
        waivers.append(attrs.evolve(waiver, line=lines[index - 1]) if lines else waiver)
    return waivers


def header_lines(text: str, label: str) -> list[int]:
    """The 1-based lines of the ``[[label]]`` headers in a TOML ``text`` (outside
    multi-line strings)."""
    key = r"\s*\.\s*".join(re.escape(part.strip()) for part in label.split("."))
    header = re.compile(rf"\s*\[\[\s*{key}\s*\]\]\s*(?:#.*)?")
    found = []
    quote: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if quote is None and header.fullmatch(line.rstrip("\r")):
            found.append(number)
        for delimiter in ('"""', "'''"):
            if quote in (None, delimiter) and line.count(delimiter) % 2:
                quote = delimiter if quote is None else None
    return found


def _waiver(where: str, entry: Any, source: str, index: int) -> Waiver:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: must be a table")
    unknown = set(entry) - _WAIVER_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key '{sorted(unknown)[0]}'")
    for key in _TEXT_KEYS:
        if key in entry and not isinstance(entry[key], str):
            raise ConfigError(f"{where}: '{key}' must be text, not {entry[key]!r}")
    values = {key: entry.get(key, "").strip() for key in _TEXT_KEYS}
    missing = [key for key in _TEXT_KEYS if not values[key]]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}")
    code = values["code"].upper()
    if not _CODE.fullmatch(code):
        raise ConfigError(f"{where}: code '{values['code']}' is not a rule code (like PRC002)")
    if code.startswith(NEVER_SUPPRESSED):
        raise ConfigError(
            f"{where}: {code} cannot be waived (DAT, CFG and WVR diagnostics never are)"
        )
    values["code"] = code
    return Waiver(expiry=_expiry(where, entry.get("expiry")), source=source, index=index, **values)


def _expiry(where: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, (date, str)):
        try:
            return parse_date(value)
        except ValueParseError:
            pass
    raise ConfigError(f"{where}: expiry is not a date: {value!r}")


def load_baseline(path: Path) -> set[tuple[str, str]]:
    """The ``(code, subject)`` pairs of a rectikit JSON report used as a baseline."""
    try:
        previous = load_previous(path)
    except CompareError as exc:
        raise ConfigError(f"baseline: {exc}") from None
    return set(previous.violations)


# -- applying -------------------------------------------------------------------------


def apply_suppressions(
    result: CheckResult,
    *,
    waivers: Iterable[Waiver] = (),
    baseline: set[tuple[str, str]] | None = None,
    rules: Mapping[str, Rule] | None = None,
    config: Config | None = None,
) -> CheckResult:
    """``result`` without waived and baselined violations, counted in the summary.

    With ``rules`` (the registry's) and ``config``, the waiver rules run too: ``WVR001``
    for each expired waiver, ``WVR002`` for each unused one, as ``config`` selects them
    (see :func:`apply_waivers`).
    """
    result = apply_waivers(result, waivers, rules=rules, config=config)
    if baseline is not None:
        result = apply_baseline(result, baseline)
    return result


def apply_waivers(
    result: CheckResult,
    waivers: Iterable[Waiver],
    *,
    rules: Mapping[str, Rule] | None = None,
    config: Config | None = None,
) -> CheckResult:
    """Apply ``waivers`` to ``result`` and run the waiver rules.

    * An active waiver hides the violations it covers (listed in ``waived_list``); when
      several cover one violation, an exact subject wins over a pattern, then the first.
    * A waiver within ``notice_days`` (a WVR001 parameter, default 30) of its expiry adds
      a run warning.
    * An expired waiver hides nothing and gives ``WVR001``.
    * An active waiver covering no violation gives ``WVR002`` — only when its rule ran
      (a waiver for a rule not selected, or not run for lack of data, is not unused).
    * A waiver naming no known rule adds a run warning (``rules`` given).

    The ``WVR`` codes count as run when selected (``rules_run``): they are evaluated
    here, after the checks, so the engine's "no check installed" note is dropped.
    """
    config = config if config is not None else Config()
    waivers = list(waivers)
    as_of = result.as_of
    warnings = list(result.warnings)
    family = sorted(code for code in rules or {} if code.startswith(WAIVER_FAMILY))
    selected = select_rules(
        family, select=config.select, ignore=config.ignore, extend_select=config.extend_select
    )
    notice_days = EXPIRY_NOTICE_DAYS
    if rules is not None and EXPIRED in rules:
        notice_days = resolve_params(rules, config, [])[EXPIRED]["notice_days"]
    notes: list[Violation] = []
    active: list[Waiver] = []
    for waiver in waivers:
        if rules is not None and waiver.code not in rules:
            warnings.append(f"{waiver.where}: {waiver.code} is not a known rule")
        if waiver.active(as_of):
            active.append(waiver)
            if waiver.expiring(as_of, notice_days):
                warnings.append(
                    f"{waiver.where} ({waiver.code}) expires on {waiver.expiry}, in "
                    f"{waiver.days_left(as_of)} days: renew its approval or correct what it covers"
                )
        elif rules is not None and EXPIRED in rules:
            if EXPIRED in selected:
                notes.append(_note(rules[EXPIRED], waiver, config, column="expiry"))
        else:
            warnings.append(
                f"{waiver.where} ({waiver.code}) expired on {waiver.expiry}; "
                "its violations are reported again"
            )
    ordered = sorted(active, key=lambda w: w.is_pattern)  # stable: file order otherwise
    by_code: dict[str, list[int]] = {}
    for i, waiver in enumerate(ordered):
        by_code.setdefault(waiver.code, []).append(i)
    used: set[int] = set()
    # no active waiver: every violation is kept, without a look at each (nor a copy:
    # spooled violations stay on disk)
    kept: list[Violation] = []
    waived: list[WaivedViolation] = []
    for violation in result.violations if by_code else ():
        candidates = (
            () if violation.code.startswith(NEVER_SUPPRESSED) else by_code.get(violation.code, ())
        )
        covering = [i for i in candidates if ordered[i].covers(violation)]
        if not covering:
            kept.append(violation)
            continue
        used.update(covering)
        waiver = ordered[covering[0]]
        days_left = (waiver.expiry - result.as_of).days if waiver.expiry is not None else None
        waived.append(
            WaivedViolation(
                violation, waiver.reason, waiver.approver, waiver.expiry, days_left, notice_days
            )
        )
    if rules is not None and UNUSED in selected:
        ran = set(result.rules_run)
        notes.extend(
            _note(rules[UNUSED], waiver, config, column="subject")
            for i, waiver in enumerate(ordered)
            if i not in used and waiver.code in ran
        )
    not_run = {k: v for k, v in result.not_run.items() if not k.startswith(WAIVER_FAMILY)}
    # what is kept is in order already: only notes need sorting in
    everything: Sequence[Violation] = tuple(kept) if by_code else result.violations
    violations = merged(everything, notes) if notes else everything
    return attrs.evolve(
        result,
        violations=violations,
        waived=result.waived + len(waived),
        waived_list=(*result.waived_list, *waived),
        warnings=tuple(warnings),
        not_run=not_run,
        rules_run=tuple(sorted({*result.rules_run, *selected})),
    )


def _note(rule: Rule, waiver: Waiver, config: Config, *, column: str) -> Violation:
    """A ``WVR`` violation about ``waiver``, located at its entry in its file."""
    values: dict[str, Any] = {
        "rule": waiver.code,
        "subject": waiver.subject,
        "reason": waiver.reason,
        "approver": waiver.approver,
        "expiry": waiver.expiry.isoformat() if waiver.expiry else "-",
        "waiver": waiver.index,
    }
    return Violation(
        code=rule.code,
        name=rule.name,
        severity=effective_severity(rule, config),
        kind=None,
        subject=f"{waiver.code}|{waiver.subject}",
        message=render(rule.text("message", config.lang), values),
        location=Location(waiver.source, row=waiver.line or waiver.index, column=column),
        citation=rule.citation,
        details={key: str(value) for key, value in values.items()},
    )


def apply_baseline(result: CheckResult, baseline: set[tuple[str, str]]) -> CheckResult:
    """``result`` without the violations ``baseline`` lists (kept in ``hidden``)."""
    kept, hidden = [], []
    for violation in result.violations:
        if (
            not violation.code.startswith(NEVER_SUPPRESSED)
            and (violation.code, violation.subject) in baseline
        ):
            hidden.append(violation)
        else:
            kept.append(violation)
    return attrs.evolve(
        result,
        violations=tuple(kept),
        baselined=result.baselined + len(hidden),
        hidden=(*result.hidden, *hidden),
    )


def baseline_result(result: CheckResult) -> CheckResult:
    """What ``--write-baseline`` records: the violations reported plus those the
    current baseline hid (waived ones stay out, so an expired waiver shows again)."""
    everything = sorted((*result.violations, *result.hidden), key=Violation.sort_key)
    return attrs.evolve(result, violations=tuple(everything), hidden=(), baselined=0)
