"""The rectification report as a format-neutral document, built from a ledger.

:func:`build_report` lays a :class:`~rectikit.model.ledger.Ledger` out in the genre of
a 巡察整改情况报告 (LEDGER.md "Reports from a ledger"): a title, an opening paragraph,
一、 the overall counts (computed from the findings, never from ``declared``), 二、 each
finding under the group of its status, 三、 the next steps. The renderers (Markdown,
HTML, DOCX) only lay out the :class:`ReportDocument` it returns.

Heading levels: 1 is a section (``一、``), 2 a group (``（一）``), 3 a finding
(``1.关于“…”问题的整改``). The report's title is :attr:`ReportDocument.title`, not a
block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import attrs

from rectikit.model.ledger import Finding, Ledger, Status, Target

#: Who the report speaks for when the ledger does not say.
DEFAULT_UNIT = "本单位"


@attrs.frozen(slots=True)
class Heading:
    """A heading; ``level`` 1 (一、), 2 (（一）) or 3 (a finding)."""

    level: int
    text: str


@attrs.frozen(slots=True)
class Paragraph:
    """A paragraph of running text; ``style`` is ``body`` (renderers treat any other
    style they do not know as body)."""

    text: str
    style: str = "body"


#: A block of a report's body.
Block = Heading | Paragraph


@attrs.frozen(slots=True)
class ReportDocument:
    """A whole report: its title and its blocks in order."""

    title: str
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=tuple)

    def headings(self, level: int | None = None) -> list[Heading]:
        """The headings, or those of one ``level``, in order."""
        return [
            b for b in self.blocks if isinstance(b, Heading) and (level is None or b.level == level)
        ]


# -- Chinese numbers and dates ------------------------------------------------------

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_number(n: int) -> str:
    """``n`` (1–9999) in Chinese numerals as used for ordinals: 一, 十, 十一, 二十一,
    一百零五, 一千零一十; other numbers in Arabic digits."""
    if not 0 < n < 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    rest = n
    for size, unit in _SMALL_UNITS:
        digit, rest = divmod(rest, size)
        if digit:
            if zero:
                parts.append("零")
                zero = False
            parts.append(_DIGITS[digit] + unit)
        elif parts:
            zero = True
    if rest:
        if zero:
            parts.append("零")
        parts.append(_DIGITS[rest])
    text = "".join(parts)
    # 十一 not 一十一 when the number starts at the tens.
    return text[1:] if text.startswith("一十") else text


def chinese_ordinal(n: int) -> str:
    """The ordinal word for ``一是``/``一、``/``（一）``: 一, 二, … 十, 十一 …"""
    return chinese_number(n)


def format_date(day: date, year: int | None = None) -> str:
    """``2023年5月26日``; ``5月26日`` when ``day`` falls in ``year``."""
    if year is not None and day.year == year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def format_range(start: date, end: date) -> str:
    """``2023年5月26日至6月9日``, ``2023年5月3日至20日``, ``2023年12月26日至2024年1月9日``."""
    if end == start:
        return format_date(start)
    if (end.year, end.month) == (start.year, start.month):
        tail = f"{end.day}日"
    else:
        tail = format_date(end, start.year)
    return f"{format_date(start)}至{tail}"


def format_quantity(value: Decimal | int | float, unit: str | None = None) -> str:
    """``52个``, ``98.5%``, ``3家``: the figure without trailing zeros, then the unit
    (``个`` when none is given)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(number.normalize(), "f")
    return f"{text}{unit if unit is not None else '个'}"


# -- text helpers -------------------------------------------------------------------

_TRAILING = "。；;，,、 \t\r\n"
_KEEP_END = ("！", "？", "…", "!", "?")
_ORDINAL_PREFIX = re.compile(r"^[一二三四五六七八九十]+是[，,：:、]?")
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


def clean_text(text: str) -> str:
    """``text`` on one line: surrounding blanks dropped, the lines of a multi-line text
    joined (with no space between Chinese characters, one space otherwise)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        cjk_join = _CJK.match(out[-1]) and _CJK.match(line[0])
        out += line if cjk_join else " " + line
    return out


def sentence(text: str) -> str:
    """``text`` ending in exactly one 。 (a trailing 。/；/，/、 is replaced; a text
    ending in ！, ？ or … is left as it is)."""
    body = clean_text(text).rstrip(_TRAILING)
    if not body:
        return ""
    if body.endswith(_KEEP_END):
        return body
    return body + "。"


def join_measures(texts: Iterable[str]) -> str:
    """One paragraph of measures: a single text as it is (ending in 。); several as
    ``一是…。二是…。三是…。`` (a text's own ``一是`` prefix is not repeated)."""
    items = [t for t in (clean_text(t) for t in texts) if t]
    if len(items) == 1:
        return sentence(items[0])
    parts = []
    for number, text in enumerate(items, start=1):
        body = _ORDINAL_PREFIX.sub("", text)
        parts.append(f"{chinese_ordinal(number)}是{sentence(body)}")
    return "".join(parts)


def quote_title(title: str) -> str:
    """A finding title for use inside “…”: its own double quotes become single ones
    (``“三会一课”制度`` -> ``‘三会一课’制度``)."""
    return clean_text(title).replace("“", "‘").replace("”", "’")


# -- the report ---------------------------------------------------------------------

#: Groups of 二、整改进展情况及成效: heading and the statuses they hold, in order.
GROUPS: tuple[tuple[str, tuple[Status, ...]], ...] = (
    ("集中整改期内已完成的整改事项", (Status.COMPLETED, Status.VERIFIED)),
    ("按计划持续推进的整改事项", (Status.EFFECTIVE,)),
    ("正在推进的整改事项", (Status.IN_PROGRESS, Status.PENDING)),
)

SECTION_OVERVIEW = "巡察整改工作总体情况"
SECTION_PROGRESS = "整改进展情况及成效"
SECTION_NEXT = "下一步工作打算"


def build_report(
    ledger: Ledger, *, as_of: date | None = None, unit: str | None = None
) -> ReportDocument:
    """The report of ``ledger``.

    Args:
        ledger: the ledger.
        as_of: the day the counts are stated for (``截至…``); default the end of the
            concentrated period (:attr:`Inspection.effective_deadline`).
        unit: who reports (title, next steps); default the inspected unit, else 本单位.
    """
    inspection = ledger.inspection
    target = clean_text(inspection.target)
    subject = clean_text(unit or "") or target or DEFAULT_UNIT
    day = as_of or inspection.effective_deadline
    year = _reference_year(ledger, day)

    blocks: list[Block] = [Paragraph(_opening(ledger, target or subject))]
    sections: list[tuple[str, list[Block]]] = [
        (SECTION_OVERVIEW, [Paragraph(_overview(ledger.findings, day))]),
        (SECTION_PROGRESS, _progress(ledger.findings, year)),
        (SECTION_NEXT, _next_steps(ledger.next_steps, subject)),
    ]
    number = 0
    for name, body in sections:
        if not body:
            continue
        number += 1
        blocks.append(Heading(1, f"{chinese_ordinal(number)}、{name}"))
        blocks.extend(body)
    return ReportDocument(title=f"{subject}关于巡察整改情况的报告", blocks=tuple(blocks))


def _reference_year(ledger: Ledger, day: date | None) -> int | None:
    """The year dates in the body are written without (the report's year)."""
    inspection = ledger.inspection
    for candidate in (day, inspection.feedback, inspection.ended, inspection.started):
        if candidate is not None:
            return candidate.year
    return None


def _opening(ledger: Ledger, target: str) -> str:
    """Who inspected whom, when, and when the findings were fed back."""
    inspection = ledger.inspection
    inspector = clean_text(inspection.inspector) or "巡察组"
    started, ended = inspection.started, inspection.ended
    first = started or ended
    when = ""
    if started is not None and ended is not None:
        when = f"于{format_range(started, ended)}"
    elif first is not None:
        when = f"于{format_date(first)}"
    text = f"{inspector}{when}对{target}开展巡察"
    if inspection.feedback is not None:
        feedback = format_date(inspection.feedback, first.year if first else None)
        text += f"，并于{feedback}反馈了巡察意见"
    return text + "。现将巡察整改情况报告如下。"


def _overview(findings: Sequence[Finding], day: date | None) -> str:
    """The counts sentence of 一、, from the findings' effective statuses."""
    since = f"截至{format_date(day)}，" if day is not None else "截至目前，"
    if not findings:
        return since + "整改台账尚未列入巡察反馈的具体问题。"
    count = {status: 0 for status in Status}
    for finding in findings:
        count[finding.effective_status] += 1
    completed = count[Status.COMPLETED] + count[Status.VERIFIED]
    parts = [f"巡察反馈的{len(findings)}个具体问题"]
    done = f"已完成整改{completed}个"
    if count[Status.VERIFIED]:
        done += f"（其中已销号{count[Status.VERIFIED]}个）"
    parts.append(done)
    parts.append(f"已取得明显成效{count[Status.EFFECTIVE]}个")
    if count[Status.IN_PROGRESS]:
        parts.append(f"正在推进{count[Status.IN_PROGRESS]}个")
    if count[Status.PENDING]:
        parts.append(f"尚未启动{count[Status.PENDING]}个")
    return since + "，".join(parts) + "。"


def _progress(findings: Sequence[Finding], year: int | None) -> list[Block]:
    """二、: the non-empty groups, each numbering its findings from 1."""
    blocks: list[Block] = []
    number = 0
    for name, statuses in GROUPS:
        members = [f for f in findings if f.effective_status in statuses]
        if not members:
            continue
        number += 1
        blocks.append(Heading(2, f"（{chinese_ordinal(number)}）{name}"))
        for index, finding in enumerate(members, start=1):
            title = quote_title(finding.title) or finding.id
            blocks.append(Heading(3, f"{index}.关于“{title}”问题的整改"))
            blocks.append(Paragraph(_finding_text(finding, year)))
    return blocks


def _finding_text(finding: Finding, year: int | None) -> str:
    """A finding's measures (一是…二是…) and then its targets."""
    text = join_measures(m.text for m in finding.measures)
    text += "".join(_target_sentence(t, year) for t in finding.targets)
    return text or "（整改措施待补充。）"


def _target_sentence(target: Target, year: int | None) -> str:
    """``巡学旁听单位数目标52个，截至9月25日已完成20个。``"""
    name = clean_text(target.name)
    since = f"截至{format_date(target.measured, year)}" if target.measured else "目前"
    return (
        f"{name}目标{format_quantity(target.goal, target.unit)}，"
        f"{since}已完成{format_quantity(target.actual, target.unit)}。"
    )


def _next_steps(steps: Sequence[str], subject: str) -> list[Block]:
    """三、: one paragraph per step, or a generic one when the ledger has none."""
    paragraphs = [Paragraph(text) for text in (clean_text(s) for s in steps) if text]
    if paragraphs:
        return list(paragraphs)
    return [
        Paragraph(
            f"{subject}将坚持问题导向，对尚未完成的整改事项压实责任、"
            "紧盯时限，持续巩固已取得的整改成果，确保各项整改任务落实到位。"
        )
    ]
