"""The ledger status dashboard on the console (rich), colour off, fixed width."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from support import brief_inspection, example_target

from rectikit.ledger.status import LedgerStatus, ledger_status
from rectikit.model.ledger import Finding, Ledger, Measure, Status, Target
from rectikit.reporters.base import ReportOptions
from rectikit.reporters.ledger_console import render_status, text_bar

AS_OF = date(2023, 9, 20)


def sample() -> Ledger:
    return Ledger(
        inspection=brief_inspection(),
        findings=(
            Finding(
                id="F01",
                title="工委专题研究全面从严治党不到位",
                owner="工委书记",
                status=Status.COMPLETED,
                deadline=date(2023, 9, 27),
                measures=(
                    Measure(
                        "F01-1",
                        "召开专题会议",
                        owner="办公室",
                        due=date(2023, 8, 31),
                        done=date(2023, 8, 3),
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
                    Measure("F02-2", "廉政风险排查", due=date(2023, 9, 12)),
                    Measure("F02-3", "约谈提醒", owner="机关纪委", due=date(2023, 9, 25)),
                    Measure(
                        "F02-4",
                        "专项检查",
                        owner="机关纪委",
                        due=date(2023, 11, 1),
                        done=date(2023, 9, 1),
                    ),
                    Measure(
                        "F02-5",
                        "整改回头看",
                        owner="机关纪委",
                        due=date(2023, 12, 1),
                        done=date(2023, 9, 2),
                    ),
                ),
            ),
            Finding(
                id="F06",
                title="巡学旁听覆盖面不够",
                owner="工委副书记",
                status=Status.EFFECTIVE,
                measures=(Measure("F06-1", "扩大巡学旁听", due=date(2023, 10, 31)),),
                targets=(
                    example_target(unit="个"),
                    Target(
                        "专题培训场次", goal=Decimal("4"), actual=Decimal("0"), due=date(2023, 9, 1)
                    ),
                ),
            ),
        ),
    )


def render(status: LedgerStatus, lang: str = "zh") -> str:
    stream = io.StringIO()
    render_status(status, stream, ReportOptions(lang=lang, color=False, width=100))
    return stream.getvalue()


def test_text_bar() -> None:
    assert text_bar(0.6) == "██████░░░░ 60%"
    assert text_bar(0.0) == "░░░░░░░░░░ 0%"
    assert text_bar(1.0) == "██████████ 100%"
    assert text_bar(1.5) == "██████████ 100%"


def test_renders_the_dashboard_in_chinese() -> None:
    out = render(ledger_status(sample(), as_of=AS_OF))
    assert "\x1b[" not in out  # colour off
    assert all(len(line) <= 100 for line in out.splitlines())
    assert "市委第一巡察组对市委市级机关工委的巡察" in out
    assert "剩余 7 天" in out
    # counts by status, Chinese labels
    for label in ("未启动", "推进中", "取得明显成效", "已完成", "已销号", "合计"):
        assert label in out
    # overall progress: 4 of 7 measures done
    assert "4/7" in out and "██████░░░░ 57%" in out
    # per finding: F02 has 3 of 5 measures done
    assert "3/5" in out and "██████░░░░ 60%" in out
    # overdue (F02-2, by the finding's units) and due soon (F02-3, own owner)
    assert "逾期未完成的整改措施（1）" in out
    assert "纪监工委" in out and "F02-2" in out and "逾期 8 天" in out
    assert "14 天内到期的整改措施（1）" in out
    assert "机关纪委" in out and "F02-3" in out and "还有 5 天" in out
    # targets off pace, with forecast or none
    assert "进度滞后的量化目标（2）" in out
    assert "巡学旁听单位数" in out and "52个" in out and "2023-12-22" in out
    assert "专题培训场次" in out and "无法预计" in out and "已逾期" in out


def test_past_the_deadline() -> None:
    out = render(ledger_status(sample(), as_of=date(2023, 10, 2)))
    assert "已超过整改期限 5 天" in out


def test_past_the_deadline_in_red_when_colour_is_on() -> None:
    stream = io.StringIO()
    render_status(
        ledger_status(sample(), as_of=date(2023, 10, 2)),
        stream,
        ReportOptions(color=True, width=100),
    )
    out = stream.getvalue()
    assert "\x1b[1;31m已超过整改期限 5 天" in out


def test_english_mode() -> None:
    out = render(ledger_status(sample(), as_of=AS_OF), lang="en")
    assert "Rectification progress" in out
    assert "7 day(s) left" in out
    for label in ("pending", "in progress", "effective", "completed", "verified", "total"):
        assert label in out
    assert "Measures done 4/7" in out
    assert "Overdue measures (1)" in out and "8 day(s) overdue" in out
    assert "Measures due within 14 days (1)" in out
    assert "Targets off pace (2)" in out and "no forecast" in out
    assert "未启动" not in out and "逾期" not in out


def test_empty_ledger() -> None:
    out = render(ledger_status(Ledger(), as_of=AS_OF))
    assert "未设定整改期限" in out
    assert "0/0" in out
    assert out.count("  无") == 3  # overdue, due soon, off pace
    assert "no rectification deadline set" in render(ledger_status(Ledger(), as_of=AS_OF), "en")


def test_unassigned_owner() -> None:
    ledger = Ledger(findings=(Finding("F1", measures=(Measure("F1-1", due=date(2023, 9, 1)),)),))
    status = ledger_status(ledger, as_of=AS_OF)
    assert "未指定" in render(status)
    assert "unassigned" in render(status, "en")
