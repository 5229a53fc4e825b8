"""The charts of the HTML rectification report: findings by status, measures done,
targets reached, as inline SVG at the end of 一、总体情况; escaped, nothing external."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

from support import cli_no_traceback

from rectikit.ledger.report import build_report, write_report
from rectikit.ledger.report.charts import STATUS_COLOURS, ledger_figures, target_row
from rectikit.ledger.report.html import render_html
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "city-committee" / "ledger.toml"
HOSTILE = "<script>alert(1)</script>"


def measures(prefix: str, done: int, total: int) -> tuple[Measure, ...]:
    return tuple(
        Measure(id=f"{prefix}-{i}", text="措施", done=date(2023, 8, 1) if i <= done else None)
        for i in range(1, total + 1)
    )


LEDGER = Ledger(
    inspection=Inspection(inspector="巡察组", target="市档案馆", feedback=date(2023, 3, 1)),
    findings=(
        Finding(
            id="F1", title="档案数字化滞后", status=Status.COMPLETED, measures=measures("F1", 2, 2)
        ),
        Finding(
            id="F2", title="标题" + HOSTILE, status=Status.EFFECTIVE, measures=measures("F2", 1, 3)
        ),
        Finding(
            id="F3",
            title="制度建设不健全",
            measures=measures("F3", 0, 1),
            targets=(
                Target(
                    name="修订制度数",
                    goal=Decimal(12),
                    actual=Decimal(3),
                    unit="项",
                    measured=date(2023, 5, 1),
                    due=date(2023, 6, 30),
                ),
                Target(name="覆盖率", goal=Decimal(100), actual=Decimal("100"), unit="%"),
            ),
        ),
        Finding(id="F4", title="无措施的问题", status=Status.VERIFIED),
    ),
)


def svgs(page: str) -> list[ET.Element]:
    """Each inline ``<svg>`` of the page, parsed as XML on its own."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


def bar_texts(svg: ET.Element) -> list[list[str]]:
    return [[t.text or "" for t in g.iter("text")] for g in svg.findall("g")]


def test_three_figures_in_order_with_captions() -> None:
    page = render_html(build_report(LEDGER), LEDGER)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page)
    assert captions == [
        "图1 整改问题状态分布（共4个）",
        "图2 整改措施完成进度",
        "图3 量化目标完成进度",
    ]
    charts = svgs(page)
    assert [c.get("class") for c in charts] == [
        "chart by-status",
        "chart measures",
        "chart targets",
    ]
    assert all(c.get("role") == "img" for c in charts)


def test_status_chart_one_bar_per_status() -> None:
    status = svgs(render_html(build_report(LEDGER), LEDGER))[0]
    groups = status.findall("g")
    assert [g.get("data-key") for g in groups] == [s.value for s in Status]
    # F3 declares no status and has done none of its measures: pending
    assert bar_texts(status) == [
        ["未启动", "1个"],
        ["推进中", "0个"],
        ["取得明显成效", "1个"],
        ["已完成", "1个"],
        ["已销号", "1个"],
    ]
    counts = dict.fromkeys(Status, 0)
    for finding in LEDGER.findings:
        counts[finding.effective_status] += 1
    for group, s in zip(groups, Status, strict=True):
        rects = group.findall("rect")
        assert len(rects) == (1 if counts[s] else 0)
        if rects:
            assert rects[0].get("fill") == STATUS_COLOURS[s]


def test_measures_chart_total_then_one_row_per_finding() -> None:
    chart = svgs(render_html(build_report(LEDGER), LEDGER))[1]
    texts = bar_texts(chart)
    assert len(texts) == 1 + len(LEDGER.findings)
    assert texts[0] == ["全部整改措施", "3/6 · 50%"]
    assert texts[1] == ["F1 档案数字化滞后", "2/2 · 100%"]
    assert texts[2][1] == "1/3 · 33%"
    assert texts[4] == ["F4 无措施的问题", "无措施"]
    f1 = chart.findall("g")[1]
    track, done = f1.findall("rect")
    assert track.get("width") == done.get("width")  # all done: a full bar
    assert done.get("fill") == STATUS_COLOURS[Status.COMPLETED]
    assert len(chart.findall("g")[4].findall("rect")) == 1  # no measures: the track only


def test_targets_chart_figures_and_dates() -> None:
    chart = svgs(render_html(build_report(LEDGER), LEDGER))[2]
    texts = bar_texts(chart)
    assert texts == [["F3 修订制度数", "3/12项 · 25%"], ["F3 覆盖率", "100/100% · 100%"]]
    title = chart.findall("g")[0].findtext("title")
    assert title == "F3 修订制度数: 3/12项 · 25% (截至2023-05-01，期限2023-06-30)"
    row = target_row(LEDGER.findings[2], Target(name="x", goal=Decimal(52), actual=Decimal(20)))
    assert row.text == "20/52个 · 38%"  # no unit: 个, as the report's sentences say


def test_no_targets_no_third_figure_and_no_findings_no_charts() -> None:
    plain = Ledger(inspection=LEDGER.inspection, findings=LEDGER.findings[:2])
    assert [f.caption for f in ledger_figures(plain)] == [
        "图1 整改问题状态分布（共2个）",
        "图2 整改措施完成进度",
    ]
    empty = Ledger(inspection=LEDGER.inspection)
    page = render_html(build_report(empty), empty)
    assert "<svg" not in page and "<figure" not in page


def test_charts_close_the_first_section() -> None:
    page = render_html(build_report(LEDGER), LEDGER)
    overview = page.index("<h2>一、巡察整改工作总体情况</h2>")
    charts = page.index('<div class="charts">')
    progress = page.index("<h2>二、整改进展情况及成效</h2>")
    assert overview < page.index("巡察反馈的4个具体问题") < charts < progress
    assert page.count('<div class="charts">') == 1


def test_without_the_ledger_the_page_has_no_charts() -> None:
    page = render_html(build_report(LEDGER))
    assert "<svg" not in page and "charts" not in page.split("</style>")[1]


def test_escaped_and_self_contained() -> None:
    page = render_html(build_report(LEDGER), LEDGER)
    assert "<script" not in page
    assert "标题&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"https?:|//|\b(src|href)\s*=|url\(|@import", page)
    # the hostile title reaches the chart as text (label clipped, tooltip whole)
    measures_chart = svgs(page)[1]
    assert measures_chart.findall("g")[2].findtext("title").startswith("F2 标题" + HOSTILE)


def test_write_report_and_cli_put_the_charts_in_html(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    write_report(LEDGER, out)
    assert len(svgs(out.read_text(encoding="utf-8"))) == 3
    md = tmp_path / "r.md"
    write_report(LEDGER, md)
    assert "<svg" not in md.read_text(encoding="utf-8")
    cli_out = tmp_path / "example.html"
    code, _, err = cli_no_traceback(
        "ledger", "report", str(EXAMPLE), "--format", "html", "-o", str(cli_out)
    )
    assert code == 0, err
    charts = svgs(cli_out.read_text(encoding="utf-8"))
    assert len(charts) == 3
    assert bar_texts(charts[0])[2:4] == [["取得明显成效", "17个"], ["已完成", "8个"]]
    assert len(charts[1].findall("g")) == 1 + 25
    assert bar_texts(charts[2])[0][1] == "20/52个 · 38%"
