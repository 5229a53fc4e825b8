"""The inline SVG chart builders: well-formed, escaped, bars sized by value."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rectikit.reporters.svg import (
    Bar,
    Layout,
    Progress,
    Segment,
    bar_chart,
    clip,
    format_number,
    progress_chart,
    text_width,
)

HOSTILE = '<script>alert(1)</script> & "q"'


def tree(svg: str) -> ET.Element:
    """The chart parsed as XML (it must be well-formed on its own)."""
    return ET.fromstring(svg)


def rects(element: ET.Element, cls: str) -> list[ET.Element]:
    return [r for r in element.iter("rect") if cls in (r.get("class") or "").split()]


def test_bar_chart_one_group_per_bar_and_segments_by_value() -> None:
    bars = [
        Bar("PRC", (Segment(3, "#d92d20", "错误", "error"), Segment(1, "#f79009", "警告")), "PRC"),
        Bar("MTG", (Segment(2, "#f79009", "警告", "warning"),), "MTG"),
        Bar("空", (Segment(0, "#d92d20"),)),
    ]
    root = tree(bar_chart(bars, title="按类别", layout=Layout(width=500)))
    assert root.tag == "svg" and root.get("role") == "img" and root.get("aria-label") == "按类别"
    assert root.findtext("title") == "按类别"
    groups = root.findall("g")
    assert [g.get("class") for g in groups] == ["bar", "bar", "bar"]
    assert [g.get("data-key") for g in groups] == ["PRC", "MTG", None]
    first = rects(groups[0], "segment")
    assert len(first) == 2 and [r.get("fill") for r in first] == ["#d92d20", "#f79009"]
    assert "error" in first[0].get("class", "")
    # widths in proportion: the 4-bar is twice the 2-bar; segments abut
    widths = [float(r.get("width")) for r in first]
    (mtg,) = rects(groups[1], "segment")
    assert abs(sum(widths) - 2 * float(mtg.get("width"))) < 0.2
    assert abs(float(first[0].get("x")) + widths[0] - float(first[1].get("x"))) < 0.2
    assert rects(groups[2], "segment") == []  # zero draws nothing but keeps its row
    assert [t.text for t in groups[0].iter("text")] == ["PRC", "4"]
    assert groups[0].findtext("title") == "PRC: 4 (错误 3, 警告 1)"
    # the longest bar fits the chart
    right = float(first[1].get("x")) + widths[1]
    assert right <= 500
    assert root.get("viewBox") == f"0 0 500 {root.get('height')}"


def test_bar_chart_note_and_empty_chart() -> None:
    root = tree(bar_chart([Bar("a", (Segment(5),), note="5个")], title="t"))
    assert [t.text for t in root.iter("text")] == ["a", "5个"]
    empty = tree(bar_chart([], title="t"))
    assert empty.findall("g") == [] and float(empty.get("height")) > 0


def test_every_text_is_escaped_and_nothing_external() -> None:
    svg = bar_chart(
        [Bar(HOSTILE, (Segment(1, 'red" onload="x', HOSTILE, 'x" onclick="y'),), key=HOSTILE)],
        title=HOSTILE,
    )
    svg += progress_chart([Progress(HOSTILE, 1, 2, tooltip=HOSTILE, cls=HOSTILE)], title=HOSTILE)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert not re.search(r"https?:|//|xlink|href|url\(", svg)
    for part in svg.split("</svg>")[:-1]:
        root = tree(part + "</svg>")
        assert root.get("aria-label") == HOSTILE
        assert [e.tag for e in root.iter() if e.tag == "script"] == []
        # no event handler attribute came through a class or a colour
        assert not [name for e in root.iter() for name in e.attrib if name.startswith("on")]
    # an invalid colour falls back to the default
    assert 'fill="#1849a9"' in svg


def test_progress_chart_track_done_and_note() -> None:
    rows = [
        Progress("全部", 3, 4, "#12b76a"),
        Progress("F15 巡学旁听单位数", 20, 52, "#f79009", note="20/52个 · 38%", tooltip="截至"),
        Progress("无措施", 0, 0),
        Progress("超额", 7, 5),
    ]
    root = tree(progress_chart(rows, title="进度", layout=Layout(width=600, note_width=110)))
    groups = root.findall("g")
    assert len(groups) == 4 and all("progress" in g.get("class") for g in groups)
    tracks = [rects(g, "track") for g in groups]
    assert all(len(t) == 1 for t in tracks)
    area = float(tracks[0][0].get("width"))
    (done,) = rects(groups[0], "done")
    assert abs(float(done.get("width")) - area * 0.75) < 0.2
    assert done.get("fill") == "#12b76a"
    assert rects(groups[2], "done") == []  # nothing to do: an empty track
    (over,) = rects(groups[3], "done")
    assert float(over.get("width")) == area  # clamped at 100%
    texts = [[t.text for t in g.iter("text")] for g in groups]
    assert texts[0] == ["全部", "3/4 · 75%"]
    assert texts[1][1] == "20/52个 · 38%"
    assert texts[2][1] == "0/0 · 0%"
    assert groups[1].findtext("title") == "F15 巡学旁听单位数: 20/52个 · 38% (截至)"


def test_labels_are_clipped_to_the_label_column() -> None:
    long = "市重点项目服务中心党支部第一党小组和第二党小组联合"
    assert text_width("中文", 10) == 20 and text_width("ab", 10) == 12
    assert clip("short", 100, 10) == "short"
    cut = clip(long, 100, 10)
    assert cut.endswith("…") and text_width(cut, 10) <= 100
    root = tree(bar_chart([Bar(long, (Segment(1),))], title="t", layout=Layout(label_max=120)))
    label = next(root.iter("text"))
    assert label.text.endswith("…")
    assert root.find("g").findtext("title").startswith(long)  # whole in the tooltip


def test_format_number() -> None:
    assert format_number(12) == "12" and format_number(12.0) == "12"
    assert format_number(2.5) == "2.5" and format_number(1 / 3) == "0.33"
