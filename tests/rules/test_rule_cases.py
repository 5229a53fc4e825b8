"""Rule tests as pass/fail data cases (in the manner of sqlfluff's YAML rule cases).

Each rule family has one TOML file under ``tests/rules/cases/`` (``procurement.toml``
for PRC, ``integrity.toml`` for ITG, ``meetings.toml`` for MTG, ...: see
:data:`FAMILIES`). A file is a list of
``[[case]]`` tables; every case becomes one pytest test with the id ``CODE-case-name``.

Case format::

    [[case]]
    code = "PRC001"                  # the rule under test (required); only it is selected
    name = "exactly-2wan-is-allowed" # kebab-case, unique per code (required)
    note = "why this case exists"    # optional free text (e.g. the RULES.md sentence)
    as_of = 2023-12-31               # optional TOML date or string; default 2023-12-31
    since = 2023-01-01               # optional; default 1 January of as_of's year
    config = { params = { PRC = { direct_limit = "5万" } } }
                                     # optional; a config mapping given to parse_config()
    allow_data_errors = false        # optional; true lets DAT*/CFG diagnostics through
    not_run = false                  # optional; true expects the rule listed as not run
    expect = []                      # violations of `code` expected: their subjects,
                                     # order-free (duplicates count), e.g. ["P2"], or
    # expect = [{ subject = "P2", severity = "info" }]  # tables where severity matters

    [case.data]                      # record kind -> list of rows (objects)
    procurement = [
      { id = "P1", project = "办公用品", budget = "2万元", mode = "自行采购",
        method = "定向采购", date = "2023-08-03" },
    ]

(TOML 1.0 inline tables must stay on one line; the break above is only for reading.)

Every cell value is a string, so that it goes through the real value parsers: the
cases deliberately mix the DATA.md notations (``2万元``, ``20,000.00``, ``二万元``,
``2023年8月3日``, ``2023/8/3``, ``是/否``, ``3家``, Chinese enum values ``自行采购`` /
``定向采购`` / ``党支部`` / ``一对一``). An empty string is a blank cell.

The runner (``check_data`` of ``tests/support.py``) writes each kind's rows to
``<kind>.json`` (a JSON list of objects) in a fresh dataset directory (an empty list
still writes the file, so the kind is present), then calls ``rectikit.check(dir, as_of=,
since=, config=parse_config(config), select=[code])`` with a registry of the built-in
plugins built once per module, and asserts:

* the rule ran (it is in ``rules_run``), unless ``not_run = true``, in which case it
  must be listed in ``not_run`` and report nothing;
* there are no ``data_errors`` and no run ``warnings`` (unless ``allow_data_errors``);
* the violations of ``code`` have exactly the expected subjects, and the expected
  severities where a table gives one.

Unknown keys in a case are errors, so a typo (``expected = [...]``) cannot make a case
pass vacuously. ``test_every_rule_has_passing_and_failing_cases`` keeps the coverage
promise: each rule of the catalog (every family but LDG and the diagnostics) has a
case expecting nothing and one expecting something.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from support import check_data, describe

from rectikit.model.values import parse_date
from rectikit.plugins import Registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CASES_DIR = Path(__file__).parent / "cases"

#: case file -> rule family it holds (one file per built-in rule pack of RULES.md)
FAMILIES = {
    "procurement.toml": "PRC",
    "integrity.toml": "ITG",
    "elections.toml": "ELC",
    "meetings.toml": "MTG",
    "dual_life.toml": "DUL",
    "expenditures.toml": "EXP",
    "appointments.toml": "APT",
    "assets.toml": "AST",
    "rewards.toml": "RWD",
}

#: every rule the case files must cover with a passing and a failing case: the whole
#: RULES.md catalog except the ledger (tests/checks) and the diagnostics
COVERED = (
    *(f"PRC00{i}" for i in range(1, 7)),
    *(f"ITG00{i}" for i in range(1, 5)),
    *(f"ELC00{i}" for i in range(1, 6)),
    *(f"MTG00{i}" for i in range(1, 8)),
    "DUL001",
    "DUL002",
    "EXP001",
    "EXP002",
    *(f"APT00{i}" for i in range(1, 4)),
    "AST001",
    "AST002",
    "RWD001",
)

DEFAULT_AS_OF = date(2023, 12, 31)
SEVERITIES = ("error", "warning", "info")
_CASE_KEYS = frozenset(
    {
        "code",
        "name",
        "note",
        "as_of",
        "since",
        "config",
        "expect",
        "data",
        "allow_data_errors",
        "not_run",
    }
)


@attrs.frozen
class Expected:
    """One expected violation: its subject and, when it matters, its severity."""

    subject: str
    severity: str | None = None


@attrs.frozen
class RuleCase:
    """One data case read from a case file."""

    file: str
    code: str
    name: str
    as_of: date
    since: date
    config: Mapping[str, Any]
    expect: tuple[Expected, ...]
    data: Mapping[str, list[dict[str, str]]]
    allow_data_errors: bool = False
    not_run: bool = False

    @property
    def id(self) -> str:
        """The pytest id: ``CODE-case-name``."""
        return f"{self.code}-{self.name}"


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise ValueError(f"{where}: not a date: {value!r}")


def _expected(items: Any, where: str) -> tuple[Expected, ...]:
    if not isinstance(items, list):
        raise ValueError(f"{where}: 'expect' must be a list")
    found = []
    for item in items:
        if isinstance(item, str):
            found.append(Expected(item))
        elif isinstance(item, dict) and set(item) <= {"subject", "severity"} and "subject" in item:
            severity = item.get("severity")
            if severity is not None and severity not in SEVERITIES:
                raise ValueError(f"{where}: unknown severity {severity!r}")
            found.append(Expected(str(item["subject"]), severity))
        else:
            raise ValueError(f"{where}: bad 'expect' entry {item!r}")
    return tuple(found)


def _data(data: Any, where: str) -> dict[str, list[dict[str, str]]]:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: 'data' must be a table of kind = [rows]")
    for kind, rows in data.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError(f"{where}: data.{kind} must be a list of tables")
        for row in rows:
            for column, value in row.items():
                if not isinstance(value, str):
                    raise ValueError(
                        f"{where}: data.{kind} {column} = {value!r}: write every value as a "
                        "string so it goes through the value parsers"
                    )
    return data


def load_cases(directory: Path = CASES_DIR) -> list[RuleCase]:
    """Every case of every case file, validated."""
    cases = []
    for file_name, family in FAMILIES.items():
        path = directory / file_name
        if not path.is_file():
            continue  # test_every_rule_has_passing_and_failing_cases names what is missing
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        unknown_top = set(document) - {"case"}
        if unknown_top:
            raise ValueError(f"{file_name}: unknown top-level keys {sorted(unknown_top)}")
        for index, raw in enumerate(document.get("case", []), start=1):
            where = f"{file_name} case #{index} ({raw.get('code')}-{raw.get('name')})"
            unknown = set(raw) - _CASE_KEYS
            if unknown:
                raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
            for key in ("code", "name", "expect", "data"):
                if key not in raw:
                    raise ValueError(f"{where}: '{key}' is required")
            if not str(raw["code"]).startswith(family):
                raise ValueError(f"{where}: a {family} file holds only {family} rules")
            as_of = _date(raw.get("as_of", DEFAULT_AS_OF), where)
            since = _date(raw.get("since", date(as_of.year, 1, 1)), where)
            cases.append(
                RuleCase(
                    file=file_name,
                    code=raw["code"],
                    name=raw["name"],
                    as_of=as_of,
                    since=since,
                    config=raw.get("config", {}),
                    expect=_expected(raw["expect"], where),
                    data=_data(raw["data"], where),
                    allow_data_errors=bool(raw.get("allow_data_errors", False)),
                    not_run=bool(raw.get("not_run", False)),
                )
            )
    return cases


CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_case(case: RuleCase, registry: Registry, tmp_path: Path) -> None:
    result = check_data(
        tmp_path,
        registry,
        case.data,
        select=[case.code],
        as_of=case.as_of,
        since=case.since,
        config=case.config,
        allow_data_errors=case.allow_data_errors,
        allow_warnings=case.allow_data_errors,
    )
    found = [v for v in result.violations if v.code == case.code]
    if case.not_run:
        assert case.code in result.not_run, f"{case.code} ran: {result.rules_run}"
        assert not found
        return
    assert case.code in result.rules_run, f"{case.code} did not run: {result.not_run}"
    expected = Counter(e.subject for e in case.expect)
    actual = Counter(v.subject for v in found)
    assert actual == expected, (
        f"{case.id}: expected subjects {sorted(expected.elements())}, found:\n{describe(found)}"
    )
    for item in case.expect:
        if item.severity is not None:
            severities = [v.severity.value for v in found if v.subject == item.subject]
            assert item.severity in severities, (
                f"{case.id}: {item.subject} expected severity {item.severity}, found {severities}"
            )


def test_case_ids_are_unique() -> None:
    ids = Counter(case.id for case in CASES)
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_rule_has_passing_and_failing_cases() -> None:
    for code in COVERED:
        mine = [case for case in CASES if case.code == code and not case.not_run]
        assert any(not case.expect for case in mine), f"{code} has no passing case"
        assert any(case.expect for case in mine), f"{code} has no failing case"
