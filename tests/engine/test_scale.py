"""Many distinct vendors and talk pairs: the time grows with the records, not with their
square.

Every purchase has its own vendor (PRC005 groups by vendor) and every talk its own
leader and staff member (ITG001/ITG002 judge each pair), with the staff and oversight
lists as long. The suite times two sizes, four times apart: a linear engine takes about
four times as long, a quadratic one sixteen. A million of each (four million records)::

    RECTIKIT_SCALE=1000000 python -m pytest tests/engine/test_scale.py -k many -s
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import rectikit
from rectikit.plugins import Registry, build_registry

AS_OF = "2023-12-31"


def write_dataset(folder: Path, n: int) -> None:
    """``n`` purchases from ``n`` vendors; ``n`` leaders, staff and talks (n pairs)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "采购台账.csv").open("w", encoding="utf-8") as out:
        out.write("编号,项目,预算,组织形式,采购方式,日期,供应商,单位\n")
        for i in range(n):
            day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
            out.write(
                f"P{i},办公用品,{5000 + i % 9000},自行采购,定向采购,{day},供应商{i},单位{i % 300}\n"
            )
    with (
        (folder / "人员.csv").open("w", encoding="utf-8") as staff,
        (folder / "分管关系.csv").open("w", encoding="utf-8") as oversight,
        (folder / "廉政谈话记录.csv").open("w", encoding="utf-8") as talks,
    ):
        staff.write("姓名,处室\n")
        oversight.write("班子成员,分管处室\n")
        talks.write("日期,谈话人,谈话对象,形式\n")
        for i in range(n):
            staff.write(f"干部{i},处室{i}\n")
            oversight.write(f"领导{i},处室{i}\n")
            talks.write(f"2023-03-{1 + i % 28:02d},领导{i},干部{i},个别谈话\n")


def timed(folder: Path, registry: Registry) -> tuple[float, rectikit.CheckResult]:
    started = time.perf_counter()
    result = rectikit.check(folder, as_of=AS_OF, registry=registry)
    return time.perf_counter() - started, result


def best_of(folder: Path, registry: Registry, runs: int = 2) -> float:
    return min(timed(folder, registry)[0] for _ in range(runs))


def test_distinct_vendors_and_pairs_scale_linearly(tmp_path: Path) -> None:
    registry = build_registry(builtins_only=True)
    small, large = 1000, 4000
    write_dataset(tmp_path / "small", small)
    write_dataset(tmp_path / "large", large)
    _, result = timed(tmp_path / "large", registry)
    assert result.records == 4 * large and not result.data_errors
    assert {"PRC001", "ITG001"} <= set(result.rules_run)
    ratio = best_of(tmp_path / "large", registry) / best_of(tmp_path / "small", registry)
    assert ratio < 9, f"4x the records took {ratio:.1f}x the time"


@pytest.mark.skipif(not os.environ.get("RECTIKIT_SCALE"), reason="set RECTIKIT_SCALE=N")
def test_many_distinct_vendors_and_pairs_finish(tmp_path: Path) -> None:
    n = int(os.environ["RECTIKIT_SCALE"])
    write_dataset(tmp_path, n)
    seconds, result = timed(tmp_path, build_registry(builtins_only=True))
    print(f"\n{n} vendors and talk pairs ({result.records} records): {seconds:.1f} s")
    assert result.records == 4 * n
