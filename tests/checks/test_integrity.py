"""ITG001 and ITG002 share one fold of the records in a run, and judge as if alone."""

from __future__ import annotations

from pathlib import Path

from support import check_data

from rectikit.checks.base import CheckContext
from rectikit.checks.integrity import PairFold, TalksPerHalfYear, TalksPerYear
from rectikit.plugins import Registry

DATA = {
    "staff": [
        {"name": "张三", "division": "办公室", "start": "2022-01-01"},
        {"name": "李四", "division": "办公室", "start": "2023-07-01"},
        {"name": "王五", "division": "财务处"},
    ],
    "oversight": [
        {"leader": "谢军", "division": "办公室"},
        {"leader": "刘明", "division": "财务处", "end": "2023-05-31"},
    ],
    "talks": [
        {"date": "2023-03-01", "leader": "谢军", "staff": "张三", "form": "一对一"},
        {"date": "2023-02-01", "leader": "刘明", "staff": "王五", "form": "集体"},
    ],
}


def _found(result: object) -> set[tuple[str, str]]:
    return {(v.code, v.subject) for v in result.violations}  # type: ignore[attr-defined]


def test_together_as_alone(tmp_path: Path, registry: Registry) -> None:
    results = {}
    for name, select in {
        "one": ["ITG001"],
        "two": ["ITG002"],
        "both": ["ITG001", "ITG002"],
    }.items():
        folder = tmp_path / name
        folder.mkdir()
        results[name] = _found(check_data(folder, registry, DATA, select=select))
    assert results["one"] and results["two"]
    assert results["both"] == results["one"] | results["two"]


def test_the_second_check_reads_the_first_ones_fold(registry: Registry) -> None:
    shared: dict = {}
    checks = []
    for cls in (TalksPerYear, TalksPerHalfYear):
        rule = registry.rules[cls.code]
        context = CheckContext(
            rule=rule,
            params={"min_per_year": 2},
            as_of=None,
            since=None,
            shared=shared,  # type: ignore[arg-type]
        )
        checks.append(cls(context))
    first, second = checks
    assert first.fold is second.fold is shared[PairFold]
    assert first.folds and not second.folds
