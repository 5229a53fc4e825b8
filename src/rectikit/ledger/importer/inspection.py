"""The inspection and the declared counts, from the title and the opening paragraphs:
the inspected unit (the title's text before ``关于``, else ``对…开展巡察``), the team
(``市委第一巡察组``), when it inspected (``2023年5月26日至6月9日``), when it fed back
(``于6月27日反馈``), the deadline from the concentrated period (``经过3个月集中整改``),
the counts the report declares (``巡察反馈的25个具体问题，已完成…8个，已取得明显成效…17个``),
and the :class:`_Calendar` that reads the body's dates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rectikit.ledger.importer.dates import _DATE, _DATE_RANGE, _Calendar, _range_dates
from rectikit.ledger.importer.text import _fold, _sentences
from rectikit.model.ledger import Inspection
from rectikit.model.periods import add_months
from rectikit.model.values import ValueParseError, parse_int

_CN = "零〇一二两三四五六七八九十百"
_NUM = rf"[0-9]+|[{_CN}]+"
_FEEDBACK = re.compile(rf"(?<![0-9X]){_DATE}[^，,。；;0-9]{{0,10}}?反馈")
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})年")
_PERIOD = re.compile(rf"(?:经过|历时|用)?({_NUM})个月(?:的)?(?:集中)?整改")


_NOT_NUM = rf"[^，,；;。0-9{_CN}]"
_UNIT = r"(?:个|项|条|件)"
_TOTAL = re.compile(
    rf"(?P<n>{_NUM}){_UNIT}(?:具体|方面)?(?:的)?问题"
    rf"|问题(?:共|共计|总数|合计)?(?:有)?(?P<n2>{_NUM}){_UNIT}"
)
#: The declared status counts, by key; each is searched in the rest of the sentence
#: that gives the total and in the two sentences after it.
_COUNTS = (
    (
        "completed",
        re.compile(
            rf"(?<!基本)(?<!未)已(?:经)?(?:完成|整改|办结|销号){_NOT_NUM}{{0,10}}?"
            rf"(?P<n>{_NUM}){_UNIT}"
        ),
    ),
    (
        "effective",
        re.compile(
            rf"(?:取得(?:了)?(?:明显|显著|阶段性)?成效|基本完成|持续推进|长期坚持){_NOT_NUM}{{0,8}}?"
            rf"(?P<n>{_NUM}){_UNIT}"
        ),
    ),
    (
        "in_progress",
        re.compile(rf"(?:正在(?:推进|整改)|整改中|推进中){_NOT_NUM}{{0,8}}?(?P<n>{_NUM}){_UNIT}"),
    ),
    ("pending", re.compile(rf"(?:尚未启动|未启动){_NOT_NUM}{{0,8}}?(?P<n>{_NUM}){_UNIT}")),
)


def _count(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return parse_int(text)
    except ValueParseError:
        return None


def _declared(paragraphs: Sequence[str]) -> tuple[dict[str, int], int | None]:
    """``total`` and the status counts (``completed``, ``effective``, ``in_progress``,
    ``pending``) from the first sentence that counts the problems fed back together
    with at least one status count (in it or in the two sentences after it), and the
    index of the paragraph that gives them."""
    for index, paragraph in enumerate(paragraphs):
        sentences = [text for _, text in _sentences(_fold(paragraph))]
        for position, sentence in enumerate(sentences):
            total = _TOTAL.search(sentence)
            if total is None:
                continue
            value = _count(total.group("n") or total.group("n2"))
            if value is None:
                continue
            counts: dict[str, int] = {"total": value}
            rest = sentence[total.end() :] + "".join(sentences[position + 1 : position + 3])
            for key, pattern in _COUNTS:
                match = pattern.search(rest)
                number = _count(match.group("n")) if match else None
                if number is not None:
                    counts[key] = number
            if len(counts) > 1:
                return counts, index
    return {}, None


_TITLE_TARGET = re.compile(r"^(.+?)关于")
_INSPECTED = re.compile(
    r"对([^，,。；;]{2,40}?)(?:开展了?|进行了?)(?:常规|专项|机动|提级)?巡[察视]"
)
_TEAM = re.compile(r"([\u4e00-\u9fff0-9]{0,20})巡([察视])组")
#: Where the name of an inspection team starts (``市委``第一巡察组).
_TEAM_PREFIXES = tuple("中共 中央 省委 市委 州委 盟委 区委 县委 旗委 党委 党组".split())


def _inspector(text: str) -> str:
    """The phrase ending in 巡察组 (``市委第一巡察组``); empty for a bare 巡察组."""
    for match in _TEAM.finditer(text):
        run = match.group(1)
        starts = [run.rfind(prefix) for prefix in _TEAM_PREFIXES]
        start = max(starts)
        if start < 0:
            # No 市委/区委…: keep what follows a leading 根据…部署 or the like, if short.
            start = 0 if len(run) <= 8 else len(run) - 8
        name = run[start:]
        if name:
            return f"{name}巡{match.group(2)}组"
    return ""


def _first_year(texts: Iterable[str]) -> int | None:
    for text in texts:
        match = _YEAR.search(_fold(text))
        if match:
            return int(match.group(1))
    return None


def _inspection(
    title: str, preamble: Sequence[str], overview: Sequence[str], all_text: Sequence[str]
) -> Inspection:
    """The inspection from the title and the opening paragraphs (before 一、): who
    inspected whom and when, when the findings were fed back; the concentrated period
    (``经过3个月集中整改``) may also be stated in 一、. A report whose opening does not
    speak of the inspection (巡察/巡视) is read for it in 一、."""
    if not any(word in "".join(preamble) for word in ("巡察", "巡视")):
        preamble = [*preamble, *overview]
    text = "".join(preamble)
    folded = _fold(text)
    target_match = _TITLE_TARGET.match(title)
    target = target_match.group(1).strip() if target_match else ""
    if not target:
        inspected = _INSPECTED.search(text)
        target = inspected.group(1).strip() if inspected else ""
    inspector = _inspector(text) or _inspector("".join(overview))

    cal = _Calendar(year=_first_year(preamble) or _first_year(all_text))
    started = ended = feedback = None
    span = _DATE_RANGE.search(folded)
    if span is not None and not _FEEDBACK.match(folded, span.start()):
        started, ended = _range_dates(span, cal)
        if span.group("d2") is None:  # one day: when it started, not when it ended
            ended = None
        if started is not None:
            cal = _Calendar(year=started.year, started=started)
        elif ended is not None:
            cal = _Calendar(year=ended.year)
    back = _FEEDBACK.search(folded, span.end() if span is not None else 0)
    if back is not None:
        feedback = cal.day(back.group("y"), back.group("m"), back.group("d"))
    deadline = None
    period = _PERIOD.search(_fold("".join([*preamble, *overview])))
    months = _count(period.group(1)) if period else None
    if feedback is not None and months:
        deadline = add_months(feedback, months)
    composed = f"{inspector}对{target}的巡察" if inspector and target else ""
    return Inspection(
        title=composed,
        inspector=inspector,
        target=target,
        started=started,
        ended=ended,
        feedback=feedback,
        deadline=deadline,
    )


def _calendar(inspection: Inspection, paragraphs: Sequence[str]) -> _Calendar:
    """How body dates without a year are read: the inspection's year, else the
    report's."""
    known = [
        d for d in (inspection.started, inspection.ended, inspection.feedback) if d is not None
    ]
    if known:
        first = min(known)
        return _Calendar(year=first.year, started=first)
    return _Calendar(year=_first_year(paragraphs))
