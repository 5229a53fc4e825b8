"""Charts as inline SVG text, for HTML reports that must stand alone (no script library,
no network): horizontal bar charts, stacked by category, and progress bars.

The builders return one ``<svg>`` element as a string, meant to be pasted into an HTML5
page (so no ``xmlns``, no external references, every element closed with an end tag and
every text escaped). Each bar is a ``<g class="bar">`` holding its label, one ``<rect>``
per non-empty segment, its value and a ``<title>`` (the tooltip); a chart is sized in
its own units (``viewBox``) and scales down with CSS ``max-width: 100%``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

import attrs

#: Fonts for the chart's text: the page's sans-serif with Chinese fallbacks.
FONT = '-apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
#: The colour of an empty progress track and of the axis.
TRACK = "#eaecf0"
#: The default bar colour.
DEFAULT_COLOUR = "#1849a9"

_COLOUR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")
_CLASS = re.compile(r"[^A-Za-z0-9_ -]")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _colour(value: str) -> str:
    """``value`` when it is a ``#rgb``/``#rrggbb`` colour, else the default colour."""
    return value if _COLOUR.fullmatch(value) else DEFAULT_COLOUR


def _classes(*names: str) -> str:
    return " ".join(n for n in (_CLASS.sub("", name).strip() for name in names) if n)


def text_width(text: str, size: float) -> float:
    """An estimate of the width of ``text`` at font ``size`` (on the generous side): wide
    (CJK) characters one em, capitals and digits 0.7 em, other characters 0.6 em."""
    return sum(size * _em(ch) for ch in text)


def _em(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    return 0.7 if ch.isupper() or ch.isdigit() else 0.6


def clip(text: str, width: float, size: float) -> str:
    """``text`` cut (with ``…``) to fit in ``width`` at font ``size``."""
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…"


def format_number(value: float) -> str:
    """``12``, ``2.5``: an integer without decimals, otherwise up to two."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


@attrs.frozen(slots=True)
class Segment:
    """A part of a bar.

    Attributes:
        value: its size (negative values count as 0).
        colour: its fill, ``#rrggbb``.
        name: what it counts (in the tooltip: ``错误 3``).
        cls: a CSS class for the ``<rect>`` (``error``).
    """

    value: float
    colour: str = DEFAULT_COLOUR
    name: str = ""
    cls: str = ""


@attrs.frozen(slots=True)
class Bar:
    """One bar of a :func:`bar_chart`.

    Attributes:
        label: the text before the bar (clipped to fit; whole in the tooltip).
        segments: its parts, drawn left to right.
        key: a value for the ``data-key`` attribute (lets a page script link the bar
            to a filter); none when empty.
        note: the text after the bar; default the total.
    """

    label: str
    segments: tuple[Segment, ...] = attrs.field(converter=tuple)
    key: str = ""
    note: str | None = None

    @property
    def total(self) -> float:
        """The sum of the segments' values."""
        return sum(max(s.value, 0) for s in self.segments)


@attrs.frozen(slots=True)
class Progress:
    """One row of a :func:`progress_chart`: ``done`` out of ``total``.

    Attributes:
        label: the text before the bar.
        done: how much is done.
        total: how much there is to do (0: nothing, drawn as an empty track).
        colour: the fill of the done part.
        note: the text after the bar; default ``done/total`` and the percentage.
        tooltip: extra text for the tooltip (after the label and the note).
        cls: a CSS class for the row.
    """

    label: str
    done: float
    total: float
    colour: str = DEFAULT_COLOUR
    note: str | None = None
    tooltip: str = ""
    cls: str = ""

    @property
    def ratio(self) -> float:
        """``done / total`` clamped to 0–1 (0 when ``total`` is 0)."""
        if self.total <= 0:
            return 0.0
        return min(max(self.done / self.total, 0.0), 1.0)

    @property
    def text(self) -> str:
        """The note after the bar: ``3/4 · 75%`` unless given."""
        if self.note is not None:
            return self.note
        done, total = format_number(self.done), format_number(self.total)
        return f"{done}/{total} · {round(self.ratio * 100)}%"


@attrs.frozen(slots=True)
class Layout:
    """Sizes of a chart, in its own units (about CSS pixels at full width)."""

    width: float = 640
    row: float = 22
    gap: float = 8
    font: float = 13
    label_max: float = 200
    note_width: float = 96
    pad: float = 6


def _open(title: str, width: float, height: float, cls: str, layout: Layout) -> list[str]:
    return [
        f'<svg class="{_e(_classes("chart", cls))}" role="img" aria-label="{_e(title)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" font-size="{_num(layout.font)}" font-family="{_e(FONT)}">',
        f"<title>{_e(title)}</title>",
    ]


def _label_width(labels: Sequence[str], layout: Layout) -> float:
    widest = max((text_width(label, layout.font) for label in labels), default=0)
    return min(widest, layout.label_max) + 2 * layout.pad


def _label(text: str, label_w: float, y: float, layout: Layout) -> str:
    """The label of a row, right-aligned before its bar, clipped to the label column."""
    shown = clip(text, label_w - 2 * layout.pad, layout.font)
    return (
        f'<text class="label" x="{_num(label_w - layout.pad)}" y="{_num(y)}" '
        f'text-anchor="end" fill="#344054">{_e(shown)}</text>'
    )


def bar_chart(
    bars: Sequence[Bar], *, title: str, cls: str = "", layout: Layout | None = None
) -> str:
    """A horizontal bar chart: one row per bar, its segments stacked, the longest bar
    as wide as the chart allows, the total (or note) after each bar.

    Args:
        bars: the bars, top to bottom.
        title: what the chart shows (its accessible name and tooltip).
        cls: an extra CSS class for the ``<svg>``.
        layout: sizes; the default suits a page 640 units wide.
    """
    layout = layout or Layout()
    label_w = _label_width([b.label for b in bars], layout)
    area = max(layout.width - label_w - layout.note_width, 40)
    biggest = max((b.total for b in bars), default=0) or 1
    height = max(len(bars), 1) * (layout.row + layout.gap) + layout.gap
    lines = _open(title, layout.width, height, cls, layout)
    baseline = layout.row / 2 + layout.font * 0.35
    for index, bar in enumerate(bars):
        y = layout.gap + index * (layout.row + layout.gap)
        note = bar.note if bar.note is not None else format_number(bar.total)
        parts = [f"{s.name} {format_number(s.value)}" for s in bar.segments if s.name]
        tooltip = f"{bar.label}: {note}" + (f" ({', '.join(parts)})" if parts else "")
        key = f' data-key="{_e(bar.key)}"' if bar.key else ""
        lines.append(f'<g class="bar"{key}>')
        lines.append(f"<title>{_e(tooltip)}</title>")
        lines.append(_label(bar.label, label_w, y + baseline, layout))
        x = label_w
        for segment in bar.segments:
            value = max(segment.value, 0)
            if not value:
                continue
            w = area * value / biggest
            lines.append(
                f'<rect class="{_e(_classes("segment", segment.cls))}" x="{_num(x)}" '
                f'y="{_num(y)}" width="{_num(max(w, 1))}" height="{_num(layout.row)}" '
                f'fill="{_colour(segment.colour)}"></rect>'
            )
            x += w
        lines.append(
            f'<text class="value" x="{_num(x + layout.pad)}" y="{_num(y + baseline)}" '
            f'fill="#101828">{_e(note)}</text>'
        )
        lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)


def progress_chart(
    rows: Sequence[Progress], *, title: str, cls: str = "", layout: Layout | None = None
) -> str:
    """Progress bars: per row a grey track the chart's width and the done part over it,
    then ``done/total · NN%`` (or the row's note).

    Args:
        rows: the rows, top to bottom.
        title: what the chart shows.
        cls: an extra CSS class for the ``<svg>``.
        layout: sizes (the default note column fits ``12/12 · 100%``).
    """
    layout = layout or Layout(note_width=110)
    label_w = _label_width([r.label for r in rows], layout)
    area = max(layout.width - label_w - layout.note_width, 40)
    height = max(len(rows), 1) * (layout.row + layout.gap) + layout.gap
    lines = _open(title, layout.width, height, cls, layout)
    baseline = layout.row / 2 + layout.font * 0.35
    for index, row in enumerate(rows):
        y = layout.gap + index * (layout.row + layout.gap)
        tooltip = f"{row.label}: {row.text}" + (f" ({row.tooltip})" if row.tooltip else "")
        lines.append(f'<g class="{_e(_classes("bar", "progress", row.cls))}">')
        lines.append(f"<title>{_e(tooltip)}</title>")
        lines.append(_label(row.label, label_w, y + baseline, layout))
        lines.append(
            f'<rect class="track" x="{_num(label_w)}" y="{_num(y)}" width="{_num(area)}" '
            f'height="{_num(layout.row)}" fill="{TRACK}"></rect>'
        )
        if row.ratio > 0:
            lines.append(
                f'<rect class="done" x="{_num(label_w)}" y="{_num(y)}" '
                f'width="{_num(max(area * row.ratio, 1))}" height="{_num(layout.row)}" '
                f'fill="{_colour(row.colour)}"></rect>'
            )
        lines.append(
            f'<text class="value" x="{_num(label_w + area + layout.pad)}" '
            f'y="{_num(y + baseline)}" fill="#101828">{_e(row.text)}</text>'
        )
        lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)
