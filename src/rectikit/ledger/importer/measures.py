"""A finding's measures and their dates.

:func:`split_measures` splits a finding's text into its lead and its measures on the
first of these sequences of markers that the text uses, each marker standing at the
start of a sentence or a line: 一是/二是/…; 第一，/第二，/…; （1）/（2）/… or (1)/(2)/…;
①/②/…; （一）/（二）/…; 1./2./… (also 1、 1） 1．). A sequence counts from its first
marker on; one 一是 is enough, any other needs a second marker unless it opens the
text. The sequence that starts first wins (一是 with （1） items inside splits on 一是).
Without markers the whole text is one measure.

:func:`_done_date` is the latest day a measure's text names outside plans (and, for a
finding not reported as completed, only when nothing in the measure is still planned
or under way); :func:`_plan_due` the latest day a plan names (``计划10月底完成`` ->
10-31), the measure's due date."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from rectikit.ledger.importer.dates import _DATE_RANGE, _Calendar, _range_dates
from rectikit.ledger.importer.text import _fold, _sentences
from rectikit.ledger.report.document import chinese_ordinal

_AFTER_MARKER = re.compile(r"[，,：:、.．\s]*")
_SENTENCE_BEFORE = "。；;！？!?：:\n"
_CLAUSE_BEFORE = _SENTENCE_BEFORE + "，,"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _circled(n: int) -> str:
    return re.escape(_CIRCLED[n - 1]) if n <= len(_CIRCLED) else "(?!)"


#: The marker sequences: (marker of item n, characters that may stand before a
#: marker, how many markers make a sequence).
_SCHEMES: tuple[tuple[Callable[[int], str], str, int], ...] = (
    (lambda n: f"{chinese_ordinal(n)}是", _SENTENCE_BEFORE, 1),
    (lambda n: f"第{chinese_ordinal(n)}[，,、：:]", _SENTENCE_BEFORE, 2),
    (lambda n: rf"[（(]{n}[)）]", _CLAUSE_BEFORE, 2),
    (_circled, _CLAUSE_BEFORE, 2),
    (lambda n: rf"[（(]{chinese_ordinal(n)}[)）]", _SENTENCE_BEFORE, 2),
    (lambda n: rf"{n}\s*[.．、)）](?![0-9０-９])", _SENTENCE_BEFORE, 2),
)


def _at_start(text: str, index: int, before: str) -> bool:
    head = text[:index].rstrip(' ”’"\t')
    return not head or head[-1] in before


def _markers(text: str, marker: Callable[[int], str], before: str) -> list[tuple[int, int]]:
    """``(start, end)`` of markers 1, 2, 3… in order, each at the start of a sentence."""
    cuts: list[tuple[int, int]] = []
    position, number = 0, 1
    while True:
        pattern = re.compile(marker(number))
        found = None
        for match in pattern.finditer(text, position):
            if (match.start() == 0 or text[match.start() - 1] not in "0123456789") and _at_start(
                text, match.start(), before
            ):
                found = match
                break
        if found is None:
            return cuts
        cuts.append(found.span())
        position, number = found.end(), number + 1


def measure_spans(text: str) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """Where the lead and each measure of ``text`` are (``(start, end)`` offsets,
    markers left out, surrounding blanks and punctuation trimmed); the lead is
    ``None`` when there is none. See the module docstring for the markers."""
    best: list[tuple[int, int]] = []
    for marker, before, needed in _SCHEMES:
        cuts = _markers(text, marker, before)
        alone = len(cuts) == 1 and not text[: cuts[0][0]].strip()  # ①… opening the text
        if (len(cuts) >= needed or alone) and (not best or cuts[0][0] < best[0][0]):
            best = cuts
    if not best:
        span = _trim(text, 0, len(text))
        return None, [span] if span[0] < span[1] else []
    lead = _trim(text, 0, best[0][0])
    spans = []
    ends = [start for start, _ in best[1:]] + [len(text)]
    for (_, body), end in zip(best, ends, strict=True):
        skip = _AFTER_MARKER.match(text, body)
        span = _trim(text, skip.end() if skip else body, end)
        if span[0] < span[1]:
            spans.append(span)
    return (lead if lead[0] < lead[1] else None), spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_measures(text: str) -> tuple[str, list[str]]:
    """``(lead, measures)``: the text split on 一是/二是/… or numbered sub-items,
    markers dropped; ``lead`` is what stands before the first marker. Without
    markers, one measure with the whole text."""
    lead, spans = measure_spans(text)
    return (text[lead[0] : lead[1]] if lead else ""), [text[a:b] for a, b in spans]


#: Words that make a sentence a plan: its dates are due dates, not done dates.
_PLAN_WORDS = "计划|拟于|拟在|拟定于|预计|力争|争取|将于|将在|预定"
_PLAN_WORD = re.compile(_PLAN_WORDS)
#: Words that say a measure is not done yet (a plan, work under way, a progress count).
_UNDER_WAY = re.compile(rf"{_PLAN_WORDS}|正在|尚未|未完成|仍在|推进中|截至|截止|目前")
_PLAN_DUE = re.compile(
    rf"(?:{_PLAN_WORDS})[^，,。；;0-9]{{0,6}}?"
    r"(?:(?P<year_end>年底|年末|年内)|(?:(?P<y>[0-9]{4})年)?(?P<m>[0-9]{1,2})月"
    r"(?:(?P<d>[0-9]{1,2})[日号]|(?P<part>底|末|上旬|中旬|下旬|中))?)"
)


def _done_date(text: str, cal: _Calendar, *, completed: bool = True) -> date | None:
    """The latest day a measure's text names, outside plans. For a measure of a
    finding not reported as completed (``completed=False``), only when nothing in
    the measure is planned, under way or counted so far (``计划``, ``正在``, ``截至``)."""
    folded = _fold(text)
    if not completed and _UNDER_WAY.search(folded):
        return None
    days = []
    for _, sentence in _sentences(folded):
        if _PLAN_WORD.search(sentence):
            continue
        for match in _DATE_RANGE.finditer(sentence):
            last = _range_dates(match, cal)[1]
            if last is not None:
                days.append(last)
    return max(days) if days else None


def _plan_due(text: str, cal: _Calendar) -> date | None:
    """The latest day a plan in ``text`` names (``计划10月底完成`` -> 10-31)."""
    days = []
    for match in _PLAN_DUE.finditer(_fold(text)):
        if match.group("year_end"):
            day = cal.last_day(None, 12, None)
        elif match.group("d"):
            day = cal.day(match.group("y"), match.group("m"), match.group("d"))
        else:
            day = cal.last_day(match.group("y"), int(match.group("m")), match.group("part"))
        if day is not None:
            days.append(day)
    return max(days) if days else None
