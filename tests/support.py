"""Test data and helpers that several test modules share.

``tests/conftest.py`` puts this folder on ``sys.path``, so a test module anywhere under
``tests/`` can ``from support import ...``; the fixtures built on it (``registry``,
``write_ledger``) live in ``tests/conftest.py``.

The ledger data is the example ledger of LEDGER.md: :data:`EXAMPLE_TOML` is its text and
:func:`example_ledger` the model it loads to. The builders return fresh objects, so no
test can change another module's data.

The dataset helpers run the checks on rows a test gives: :func:`write_dataset` writes
them as ``<kind>.json`` files, :func:`check_data` writes and checks them (asserting a
clean run unless told otherwise), and :func:`of`, :func:`only` and :func:`describe`
pick out and show the violations of a result.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import attrs

import rectikit
from rectikit.cli import main
from rectikit.engine.config import parse_config
from rectikit.engine.result import CheckResult
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.plugins import Registry


class WriteLedger(Protocol):
    """The ``write_ledger`` fixture of ``tests/conftest.py``."""

    def __call__(self, text: str, name: str = "ledger.toml") -> Path: ...


# -- the LEDGER.md example ---------------------------------------------------------------

#: The example ledger of LEDGER.md, comments included (tests compare saved text to it).
EXAMPLE_TOML = """\
[inspection]
title = "市委第一巡察组对市委市级机关工委的巡察"
inspector = "市委第一巡察组"
target = "市委市级机关工委"
started = 2023-05-26
ended = 2023-06-09
feedback = 2023-06-27
deadline = 2023-09-27        <DEADLINE_COMMENT>

[declared]                   # optional: what a report states, checked against the items
total = 25
completed = 8
effective = 17

[[finding]]
id = "F01"
title = "工委专题研究全面从严治党不到位"
category = "全面从严治党"     # optional
owner = "工委书记"            # 责任领导
units = ["办公室"]            # 责任部门
status = "completed"
deadline = 2023-09-27
source = "inspection"         # or the rule violation it came from, e.g. "PRC002:P2023-017"

  [[finding.measure]]
  id = "F01-1"
  text = "召开工委会议专题研究全面从严治党工作，制定责任清单"
  owner = "办公室"
  due = 2023-08-31
  done = 2023-08-03
  evidence = ["工委会议纪要（2023-08-03）"]

  [[finding.target]]          # a quantitative target, optional
  name = "巡学旁听单位数"
  goal = 52
  actual = 20
  measured = 2023-09-25
  start = 2023-08-01
  due = 2023-10-31
""".replace(
    "<DEADLINE_COMMENT>",
    "# end of the concentrated period (集中整改期); default feedback + 3 months",
)


def example_inspection(**changes: Any) -> Inspection:
    """The ``[inspection]`` of :data:`EXAMPLE_TOML`, with ``changes`` made."""
    inspection = Inspection(
        title="市委第一巡察组对市委市级机关工委的巡察",
        inspector="市委第一巡察组",
        target="市委市级机关工委",
        started=date(2023, 5, 26),
        ended=date(2023, 6, 9),
        feedback=date(2023, 6, 27),
        deadline=date(2023, 9, 27),
    )
    return attrs.evolve(inspection, **changes)


def brief_inspection(**changes: Any) -> Inspection:
    """:func:`example_inspection` with only its title, target, feedback and deadline."""
    return example_inspection(inspector="", started=None, ended=None, **changes)


def example_violation(cls: type[Violation] = Violation, **fields: Any) -> Violation:
    """A violation of ``cls`` (a plugin's subclass, say) with ``fields`` given and a
    plain ORG001 for the rest."""
    plain: dict[str, Any] = {
        "code": "ORG001",
        "name": "org-rule",
        "severity": Severity.INFO,
        "kind": None,
        "subject": "s",
        "message": "m",
        "location": Location("f.csv", 2),
    }
    return cls(**{**plain, **fields})


def example_target(**changes: Any) -> Target:
    """The ``[[finding.target]]`` of :data:`EXAMPLE_TOML`, with ``changes`` made."""
    target = Target(
        name="巡学旁听单位数",
        goal=Decimal(52),
        actual=Decimal(20),
        measured=date(2023, 9, 25),
        start=date(2023, 8, 1),
        due=date(2023, 10, 31),
    )
    return attrs.evolve(target, **changes)


def example_ledger() -> Ledger:
    """The model :data:`EXAMPLE_TOML` loads to (locations and extras aside)."""
    return Ledger(
        inspection=example_inspection(),
        declared={"total": 25, "completed": 8, "effective": 17},
        findings=(
            Finding(
                id="F01",
                title="工委专题研究全面从严治党不到位",
                category="全面从严治党",
                owner="工委书记",
                units=("办公室",),
                status=Status.COMPLETED,
                deadline=date(2023, 9, 27),
                source="inspection",
                measures=(
                    Measure(
                        id="F01-1",
                        text="召开工委会议专题研究全面从严治党工作，制定责任清单",
                        owner="办公室",
                        due=date(2023, 8, 31),
                        done=date(2023, 8, 3),
                        evidence=("工委会议纪要（2023-08-03）",),
                    ),
                ),
                targets=(example_target(),),
            ),
        ),
    )


# -- the command line --------------------------------------------------------------------


def cli(*argv: str) -> tuple[int, str, str]:
    """Run ``rectikit *argv`` in-process: the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def cli_no_traceback(*argv: str) -> tuple[int, str, str]:
    """:func:`cli`, asserting that nothing on stderr is a traceback."""
    code, out, err = cli(*argv)
    assert "Traceback" not in err
    return code, out, err


# -- datasets and their check results ----------------------------------------------------

#: Rows by file stem (a kind, or one of its stems such as ``大额开支``); every cell a
#: string as a test writes it, so that it goes through the real value parsers.
Dataset = Mapping[str, Sequence[Mapping[str, Any]]]


def write_dataset(directory: Path, data: Dataset) -> None:
    """Write each entry of ``data`` to ``<stem>.json`` under ``directory``: a JSON list of
    row objects (an empty list still writes the file, so the kind is present)."""
    for stem, rows in data.items():
        (directory / f"{stem}.json").write_text(
            json.dumps(list(rows), ensure_ascii=False, indent=1), encoding="utf-8"
        )


def check_data(
    directory: Path,
    registry: Registry,
    data: Dataset,
    *,
    select: Sequence[str] | None,
    as_of: date = date(2023, 12, 31),
    since: date | None = None,
    config: Mapping[str, Any] | None = None,
    lang: str | None = None,
    ignore: Sequence[str] = (),
    allow_data_errors: bool = False,
    allow_warnings: bool = False,
) -> CheckResult:
    """:func:`write_dataset`, then ``rectikit.check`` the directory with ``select`` (None:
    every rule) and ``config`` parsed from its mapping.

    The run must be clean: no data errors unless ``allow_data_errors``, no run warnings
    unless ``allow_warnings``.
    """
    write_dataset(directory, data)
    result = rectikit.check(
        directory,
        as_of=as_of,
        since=since,
        config=parse_config(config or {}),
        select=None if select is None else list(select),
        ignore=list(ignore),
        registry=registry,
        lang=lang,
    )
    if not allow_data_errors:
        assert not result.data_errors, "unexpected data errors:\n" + describe(result.data_errors)
    if not allow_warnings:
        assert not result.warnings, f"unexpected warnings: {result.warnings}"
    return result


def of(result: CheckResult, code: str) -> list[Violation]:
    """The violations of ``code``, in the order reported."""
    return [v for v in result.violations if v.code == code]


def only(result: CheckResult, code: str) -> Violation:
    """The single violation of ``code``."""
    found = of(result, code)
    assert len(found) == 1, [(v.code, v.subject) for v in found]
    return found[0]


def describe(violations: Iterable[Violation]) -> str:
    """One indented line a violation (code, subject, severity, location, message)."""
    return (
        "\n".join(
            f"  {v.code} {v.subject} [{v.severity.value}] {v.location}: {v.message}"
            for v in violations
        )
        or "  (none)"
    )


def assert_same_result(one: CheckResult, other: CheckResult, *, every_part: bool = False) -> None:
    """Two check results alike: what a run in several processes (``jobs``) must give
    against one process. ``every_part`` also compares the files (in order) and the
    people's names, and the warnings whatever their order."""
    assert other.violations == one.violations
    assert other.data_errors == one.data_errors
    assert other.not_run == one.not_run
    assert other.rules_run == one.rules_run
    assert other.records == one.records
    if every_part:
        assert list(other.files.items()) == list(one.files.items())
        assert other.people == one.people
        assert sorted(other.warnings) == sorted(one.warnings)
    else:
        assert other.warnings == one.warnings


def counted_forks(monkeypatch: Any, module: Any) -> list[int]:
    """One item for each worker ``module`` forks through its ``fork_worker`` (the
    worker still runs)."""
    forked: list[int] = []
    original = module.fork_worker

    def counting(work: Any) -> Any:
        forked.append(1)
        return original(work)

    monkeypatch.setattr(module, "fork_worker", counting)
    return forked


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` decodes as UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def failing_on(monkeypatch: Any, record_id: str) -> None:
    """Make PRC001's check raise on the record ``record_id`` (a check that fails
    midway: it must report nothing)."""
    from rectikit.checks import procurement

    original = procurement.DirectedOverLimit.check

    def fragile(self: Any, record: Any) -> Any:
        if record.id == record_id:
            raise RuntimeError("boom")
        return original(self, record)

    monkeypatch.setattr(procurement.DirectedOverLimit, "check", fragile)
