"""``ledger_status``: the progress dashboard computed from a ledger built in code."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import attrs
import pytest
from support import brief_inspection, example_target

from rectikit.ledger.status import (
    UNASSIGNED,
    LedgerStatus,
    finding_deadline,
    is_off_pace,
    ledger_status,
    responsible,
)
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target

AS_OF = date(2023, 9, 20)


def sample() -> Ledger:
    """Six findings, eight measures (four done), two targets (one off pace)."""
    return Ledger(
        inspection=brief_inspection(),
        findings=(
            Finding(
                id="F01",
                title="工委专题研究全面从严治党不到位",
                owner="工委书记",
                units=("办公室",),
                status=Status.VERIFIED,
                deadline=date(2023, 9, 27),
                measures=(
                    Measure(
                        "F01-1",
                        "召开专题会议",
                        owner="办公室",
                        due=date(2023, 8, 31),
                        done=date(2023, 8, 3),
                        evidence=("会议纪要",),
                    ),
                ),
            ),
            Finding(
                id="F02",
                title="监督管理不够有力",
                owner="纪监工委书记",
                units=("纪监工委",),
                measures=(
                    Measure(
                        "F02-1", "三重一大全过程监督", due=date(2023, 8, 31), done=date(2023, 8, 20)
                    ),
                    Measure("F02-2", "廉政风险排查", due=date(2023, 9, 19)),  # overdue
                    Measure("F02-3", "约谈提醒", owner="机关纪委", due=date(2023, 9, 20)),  # soon
                ),
            ),
            Finding(
                id="F03",
                title="日常廉政教育不深不透",
                owner="宣传部长",
                measures=(
                    Measure("F03-1", "警示教育", due=date(2023, 10, 4)),  # due soon: +14
                    Measure("F03-2", "廉政党课", due=date(2023, 10, 5)),  # +15: not soon
                ),
            ),
            Finding(
                id="F04",
                title="内控制度不够细化",
                measures=(Measure("F04-1", "修订内控规范", due=date(2023, 9, 1)),),  # overdue
            ),
            Finding(
                id="F05",
                title="落实机关党建新要求不及时",
                owner="工委副书记",
                status=Status.EFFECTIVE,
                measures=(
                    Measure("F05-1", "完善制度", due=date(2023, 8, 1), done=date(2023, 7, 30)),
                    Measure("F05-2", "建立台账", done=date(2023, 9, 1)),
                ),
                targets=(
                    example_target(unit="个"),
                    Target(
                        "专题培训场次",
                        goal=Decimal("4"),
                        actual=Decimal("3"),
                        measured=date(2023, 9, 1),
                        start=date(2023, 8, 1),
                        due=date(2023, 12, 31),
                    ),
                ),
            ),
            Finding(id="F06", title="党建台账规范化仍需加强", status=Status.COMPLETED),
        ),
    )


@pytest.fixture
def status() -> LedgerStatus:
    return ledger_status(sample(), as_of=AS_OF)


def test_counts_by_effective_status(status: LedgerStatus) -> None:
    assert status.counts == {
        "total": 6,
        "pending": 2,  # F03, F04 (derived)
        "in_progress": 1,  # F02 (derived)
        "effective": 1,  # F05 (declared)
        "completed": 1,  # F06 (declared)
        "verified": 1,  # F01 (declared)
    }
    assert list(status.counts) == [
        "total",
        "pending",
        "in_progress",
        "effective",
        "completed",
        "verified",
    ]


def test_overall_progress(status: LedgerStatus) -> None:
    assert (status.progress.done, status.progress.total) == (4, 9)
    assert status.progress.ratio == pytest.approx(4 / 9)


def test_progress_of_an_empty_ledger() -> None:
    empty = ledger_status(Ledger(), as_of=AS_OF)
    assert (empty.progress.done, empty.progress.total, empty.progress.ratio) == (0, 0, 0.0)
    assert empty.counts["total"] == 0
    assert empty.inspection.deadline is None and empty.inspection.days_left is None


def test_per_finding_rows(status: LedgerStatus) -> None:
    rows = {f.id: f for f in status.findings}
    assert [f.id for f in status.findings] == ["F01", "F02", "F03", "F04", "F05", "F06"]
    f02 = rows["F02"]
    assert (f02.title, f02.status, f02.owner, f02.done, f02.total) == (
        "监督管理不够有力",
        Status.IN_PROGRESS,
        "纪监工委书记",
        1,
        3,
    )
    assert f02.progress == pytest.approx(1 / 3)
    # no finding deadline: the latest measure due date
    assert f02.deadline == date(2023, 9, 20)
    assert rows["F01"].deadline == date(2023, 9, 27)
    # a closed finding without measures is complete
    assert (rows["F06"].done, rows["F06"].total, rows["F06"].progress) == (0, 0, 1.0)
    assert rows["F06"].deadline is None


def test_overdue_grouped_by_owner(status: LedgerStatus) -> None:
    # F02-2 has no owner: the finding's units; F04-1 has neither owner nor units nor
    # finding owner: unassigned
    assert {owner: [m.id for m in items] for owner, items in status.overdue.items()} == {
        UNASSIGNED: ["F04-1"],
        "纪监工委": ["F02-2"],
    }
    assert list(status.overdue) == [UNASSIGNED, "纪监工委"]  # by earliest due date
    f02_2 = status.overdue["纪监工委"][0]
    assert (f02_2.finding_id, f02_2.due, f02_2.days_left) == ("F02", date(2023, 9, 19), -1)
    assert status.overdue[UNASSIGNED][0].days_left == -19


def test_due_soon_window_includes_both_ends(status: LedgerStatus) -> None:
    assert status.due_within == 14
    # F02-3 due on as_of (owner 机关纪委); F03-1 due on as_of + 14 (finding owner);
    # F03-2 on as_of + 15 is out; F05-2 (no due) and done measures never appear
    assert {owner: [m.id for m in items] for owner, items in status.due_soon.items()} == {
        "机关纪委": ["F02-3"],
        "宣传部长": ["F03-1"],
    }
    assert status.due_soon["机关纪委"][0].days_left == 0
    assert status.due_soon["宣传部长"][0].days_left == 14


def test_due_soon_custom_window() -> None:
    soon = ledger_status(sample(), as_of=AS_OF, due_within=15)
    assert [m.id for m in soon.due_soon["宣传部长"]] == ["F03-1", "F03-2"]
    today = ledger_status(sample(), as_of=AS_OF, due_within=0)
    assert {o: [m.id for m in items] for o, items in today.due_soon.items()} == {
        "机关纪委": ["F02-3"]
    }
    with pytest.raises(ValueError):
        ledger_status(sample(), as_of=AS_OF, due_within=-1)


def test_measure_owner_fallbacks() -> None:
    finding = Finding("F1", owner=" 书记 ", units=("办公室", "组织处"))
    assert responsible(finding, Measure("M", owner="纪委")) == "纪委"
    assert responsible(finding, Measure("M", owner="  ")) == "办公室、组织处"
    assert responsible(attrs.evolve(finding, units=()), Measure("M")) == "书记"
    assert responsible(Finding("F2"), Measure("M")) is None


def test_off_pace_forecast(status: LedgerStatus) -> None:
    # 20 in 55 days (08-01 to 09-25): 52 after ceil(52 * 55 / 20) = 143 days -> 12-22
    [item] = status.off_pace
    assert (item.finding_id, item.name, item.goal, item.actual, item.due) == (
        "F05",
        "巡学旁听单位数",
        Decimal("52"),
        Decimal("20"),
        date(2023, 10, 31),
    )
    assert item.forecast == date(2023, 12, 22)
    assert item.past_due is False
    # 3 of 4 in 31 days: done after 42 days, 09-12: on pace


def test_off_pace_boundaries() -> None:
    start, measured = date(2023, 8, 1), date(2023, 8, 31)  # 20 in 30 days
    on_time = Target(
        "t",
        goal=Decimal(40),
        actual=Decimal(20),
        start=start,
        measured=measured,
        due=date(2023, 9, 30),
    )
    assert on_time.forecast() == date(2023, 9, 30)
    assert not is_off_pace(on_time)
    late = attrs.evolve(on_time, due=date(2023, 9, 29))
    assert is_off_pace(late)
    assert is_off_pace(attrs.evolve(on_time, actual=Decimal(0)))  # no pace: off
    assert not is_off_pace(attrs.evolve(late, due=None))  # no due date: skipped
    assert not is_off_pace(attrs.evolve(late, actual=Decimal(40)))  # reached

    def pace(as_of: date) -> LedgerStatus:
        return ledger_status(Ledger(findings=(Finding("F6", targets=(late,)),)), as_of=as_of)

    assert pace(date(2023, 9, 29)).off_pace[0].past_due is False
    assert pace(date(2023, 9, 30)).off_pace[0].past_due is True
    nothing = ledger_status(
        Ledger(findings=(Finding("F6", targets=(attrs.evolve(late, actual=Decimal(0)),)),)),
        as_of=AS_OF,
    )
    assert nothing.off_pace[0].forecast is None


def test_target_without_pace_dates_is_judged_only_once_missed() -> None:
    undated = Target("参加率", goal=Decimal(100), actual=Decimal(98), due=date(2023, 12, 31))
    assert not is_off_pace(undated)
    assert not is_off_pace(undated, date(2023, 12, 31))
    assert is_off_pace(undated, date(2024, 1, 1))


def test_days_left(status: LedgerStatus) -> None:
    assert status.inspection.deadline == date(2023, 9, 27)
    assert status.inspection.days_left == 7
    assert not status.inspection.past
    late = ledger_status(sample(), as_of=date(2023, 10, 2))
    assert late.inspection.days_left == -5
    assert late.inspection.past
    on_day = ledger_status(sample(), as_of=date(2023, 9, 27))
    assert on_day.inspection.days_left == 0 and not on_day.inspection.past


def test_days_left_from_the_default_period() -> None:
    ledger = attrs.evolve(sample(), inspection=Inspection(feedback=date(2023, 11, 30)))
    result = ledger_status(ledger, as_of=date(2024, 2, 28))
    assert result.inspection.deadline == date(2024, 2, 29)  # Nov 30 + 3 months
    assert result.inspection.days_left == 1


def test_finding_deadline_helper() -> None:
    assert finding_deadline(Finding("F", deadline=date(2023, 9, 27))) == date(2023, 9, 27)
    assert finding_deadline(
        Finding(
            "F",
            measures=(
                Measure("a", due=date(2023, 8, 1)),
                Measure("b", due=date(2023, 9, 1)),
                Measure("c"),
            ),
        )
    ) == date(2023, 9, 1)
    assert finding_deadline(Finding("F")) is None


def test_to_dict_is_json_ready(status: LedgerStatus) -> None:
    data = status.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert list(data) == [
        "as_of",
        "inspection",
        "counts",
        "progress",
        "findings",
        "overdue",
        "due_soon",
        "off_pace",
    ]
    assert data["as_of"] == "2023-09-20"
    assert data["inspection"] == {
        "title": "市委第一巡察组对市委市级机关工委的巡察",
        "target": "市委市级机关工委",
        "deadline": "2023-09-27",
        "days_left": 7,
    }
    assert data["counts"]["total"] == 6
    assert data["progress"]["done"] == 4 and data["progress"]["total"] == 9
    assert data["progress"]["ratio"] == pytest.approx(4 / 9)
    f02 = data["findings"][1]
    assert f02["id"] == "F02" and f02["status"] == "in_progress"
    assert set(f02) == {"id", "title", "status", "owner", "done", "total", "progress", "deadline"}
    assert data["overdue"]["纪监工委"][0]["id"] == "F02-2"
    assert data["overdue"]["纪监工委"][0]["due"] == "2023-09-19"
    assert data["due_soon"]["机关纪委"][0]["days_left"] == 0
    [pace] = data["off_pace"]
    assert pace["goal"] == "52" and pace["actual"] == "20"
    assert pace["forecast"] == "2023-12-22" and pace["due"] == "2023-10-31"
    assert pace["past_due"] is False


def test_to_dict_without_forecast_or_deadline() -> None:
    target = Target("t", goal=Decimal("10.5"), actual=Decimal(0), due=date(2023, 10, 1))
    data = ledger_status(
        Ledger(findings=(Finding("F1", targets=(target,)),)), as_of=AS_OF
    ).to_dict()
    json.dumps(data)
    assert data["off_pace"][0]["forecast"] is None
    assert data["off_pace"][0]["goal"] == "10.5"
    assert data["inspection"]["deadline"] is None
    assert data["findings"][0]["deadline"] is None


def test_status_is_frozen(status: LedgerStatus) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        status.as_of = date(2024, 1, 1)  # type: ignore[misc]
