"""Groups of unrelated kinds read by forked processes give what one process gives.

The tests lower :data:`~rectikit.engine.groups.MIN_PART_BYTES` so that the small example
is split, then compare every part of the result with a run in one process (``jobs=1``).
Each test also says how many parts a worker's result was used for, so that a test of
the fallbacks cannot pass by never splitting at all.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import assert_same_result

import rectikit
from rectikit.checks import integrity
from rectikit.engine import groups
from rectikit.engine.isolation import Isolation

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")

AS_OF = "2023-12-31"
EXAMPLE = Path(__file__).parents[2] / "examples" / "city-committee"


@pytest.fixture(autouse=True)
def split_small_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groups, "MIN_PART_BYTES", 0)


@pytest.fixture
def used(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of violations of each worker's result the main process used."""
    found: list[int] = []
    original = groups.receive_result

    def counting(pid: int, handover: Any) -> dict[str, Any] | None:
        result = original(pid, handover)
        if result is not None and "error" not in result:
            found.append(len(result["violations"]))
        return result

    monkeypatch.setattr(groups, "receive_result", counting)
    return found


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    return folder


def run(folder: Path, jobs: int, **options: Any) -> rectikit.CheckResult:
    return rectikit.check(folder, as_of=AS_OF, jobs=jobs, **options)


def assert_same(one: rectikit.CheckResult, other: rectikit.CheckResult) -> None:
    assert_same_result(one, other, every_part=True)


def plan(folder: Path, jobs: int) -> list[groups.Part]:
    """The parts a run of ``folder`` would split off."""
    planned: list[list[groups.Part]] = []
    original = groups.plan_parts

    def keep(*args: Any) -> list[groups.Part]:
        parts = original(*args)
        planned.append(parts)
        return parts

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(groups, "plan_parts", keep)
        run(folder, jobs)
    return planned[0]


def codes(part: groups.Part) -> set[str]:
    return {item.rule.code for item in part.items}


def test_the_example_split_among_processes_gives_the_same_result(
    example: Path, used: list[int]
) -> None:
    serial = run(example, 1)
    assert used == []
    for jobs in (2, 3, 8):
        used.clear()
        assert_same(serial, run(example, jobs))
        assert len(used) >= 1 and sum(used) > 0


def test_kinds_read_together_are_in_one_part(example: Path) -> None:
    parts = plan(example, 8)
    assert len(parts) >= 2
    for part in parts:
        kinds = {kind for item in part.items for kind in (*item.kinds, *item.optional)}
        for other in parts:
            if other is not part:
                others = {k for item in other.items for k in (*item.kinds, *item.optional)}
                assert kinds.isdisjoint(others)
    # the checks of one rule stay together, whichever kinds each reads (DAT006 reads
    # talks in one check and meetings in another)
    owners = [part for part in parts if "DAT006" in codes(part)]
    assert len(owners) <= 1
    if owners:
        assert {"ITG001", "MTG001"} <= codes(owners[0])


def test_a_part_below_the_minimum_is_read_by_the_main_process(
    example: Path, monkeypatch: pytest.MonkeyPatch, used: list[int]
) -> None:
    monkeypatch.setattr(groups, "MIN_PART_BYTES", 10**12)
    assert plan(example, 8) == []
    assert_same(run(example, 1), run(example, 2))
    assert used == []


def test_one_job_never_forks(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    assert run(example, 1).records > 0


def test_a_file_whose_kind_is_inside_it_keeps_the_run_in_one_process(
    example: Path, used: list[int]
) -> None:
    (example / "采购台账.xlsx").rename(example / "汇总.xlsx")  # its sheet names the kind
    assert plan(example, 4) == []
    assert_same(run(example, 1), run(example, 4))
    assert used == []


def test_kinds_of_a_plugin_check_stay_in_the_main_process(
    example: Path, monkeypatch: pytest.MonkeyPatch, used: list[int]
) -> None:
    trusted = Isolation.trusted

    def plugin_itg(self: Isolation, cls: type) -> bool:
        return not issubclass(cls, integrity.PairCheck) and trusted(self, cls)

    monkeypatch.setattr(Isolation, "trusted", plugin_itg)
    for part in plan(example, 8):
        assert not {"ITG001", "ITG002", "DAT006"} & codes(part)
    assert_same(run(example, 1), run(example, 8))


def test_a_worker_that_dies_leaves_its_files_to_the_main_process(
    example: Path, monkeypatch: pytest.MonkeyPatch, used: list[int]
) -> None:
    def dying(*args: Any) -> None:
        os._exit(3)

    serial = run(example, 1)
    monkeypatch.setattr(groups, "_worker", dying)
    assert_same(serial, run(example, 3))
    assert used == []


def test_a_worker_that_fails_leaves_its_files_to_the_main_process(
    example: Path, monkeypatch: pytest.MonkeyPatch, used: list[int]
) -> None:
    def failing(self: Any, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            raise MemoryError("no room")
        return judge(self, *args, **kwargs)

    parent = os.getpid()
    serial = run(example, 1)
    judge = rectikit.engine.runner.Engine.judge
    monkeypatch.setattr(rectikit.engine.runner.Engine, "judge", failing)
    assert_same(serial, run(example, 2))
    assert used == []


def test_a_fork_that_fails_leaves_its_part_to_the_main_process(
    example: Path, monkeypatch: pytest.MonkeyPatch, used: list[int]
) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    serial = run(example, 1)
    monkeypatch.setattr(os, "fork", no_fork)
    assert_same(serial, run(example, 3))
    assert used == []


def test_a_check_that_fails_in_a_worker_fails_as_in_one_process(
    example: Path, monkeypatch: pytest.MonkeyPatch, used: list[int]
) -> None:
    def broken(self: Any) -> Any:
        raise ZeroDivisionError("half-years")

    monkeypatch.setattr(integrity.TalksPerHalfYear, "finish", broken)
    serial = run(example, 1)
    assert "ITG002" in serial.not_run and any("ZeroDivisionError" in w for w in serial.warnings)
    assert_same(serial, run(example, 2))
    assert used


def test_progress_is_drawn_by_the_main_process_only(example: Path, used: list[int]) -> None:
    (example / "ledger.toml").unlink()  # the biggest file, read without progress
    seen: list[tuple[int, str]] = []
    result = run(example, 2, progress=lambda file, count: seen.append((os.getpid(), file)))
    assert result.records > 0 and used
    assert {pid for pid, _ in seen} == {os.getpid()}
    assert {file for _, file in seen} < set(result.files)  # the workers' files are not


def test_the_command_line_report_is_the_same(example: Path, used: list[int]) -> None:
    from support import cli

    _, one, _ = cli("check", str(example), "--as-of", AS_OF, "--format", "json", "--jobs", "1")
    _, two, _ = cli("check", str(example), "--as-of", AS_OF, "--format", "json", "--jobs", "2")
    assert one == two and used


def test_kinds_are_grouped_by_the_checks_and_rules_that_join_them() -> None:
    kinds = groups._KindGroups()
    kinds.join(("staff", "oversight", "talks"), "ITG001")
    kinds.join(("meetings", "party_orgs"), "DAT006")
    kinds.join(("talks", "staff"), "DAT006")  # DAT006's other check joins the two
    kinds.join(("procurement",), "PRC001")
    kinds.join((), "ORG009")  # a check that reads no kind stays with its rule
    assert kinds.find("meetings") == kinds.find("oversight") == kinds.find("rule:ITG001")
    assert kinds.find("procurement") != kinds.find("talks")
    kinds.pin("rule:PRC001")  # a plugin's check of PRC001
    kinds.join(("assets",), "PRC001")  # joined later: pinned with its group
    assert kinds.pinned("procurement") and kinds.pinned("assets")
    assert not kinds.pinned("talks") and not kinds.pinned("rule:ORG009")
