"""A finding's measures and their dates: :func:`split_measures` splits a finding's text
on 一是/二是/… (markers standing at the start of a sentence) into its lead and its
measures; :func:`_done_date` is the latest day a completed measure names outside
plans, and :func:`_plan_due` the latest day a plan names (``计划10月底完成`` -> 10-31),
the measure's due date."""

from __future__ import annotations

import re
from datetime import date

from rectikit.ledger.importer.dates import _DATE_RANGE, _Calendar, _range_dates
from rectikit.ledger.importer.text import _fold, _sentences
from rectikit.ledger.report.document import chinese_ordinal

_AFTER_MARKER = re.compile(r"^[，,：:、\s]*")
_MARKER_BEFORE = "。；;！？!?：:\n"


def _marker_at(text: str, word: str, start: int) -> int:
    """Where ``word`` (``二是``) stands at the start of a sentence, from ``start``."""
    index = text.find(word, start)
    while index >= 0:
        before = text[:index].rstrip(' ”’"')
        if not before or before[-1] in _MARKER_BEFORE:
            return index
        index = text.find(word, index + 1)
    return -1


def split_measures(text: str) -> tuple[str, list[str]]:
    """``(lead, measures)``: the text split on 一是/二是/…, markers dropped; ``lead`` is
    what stands before 一是. Without markers, one measure with the whole text."""
    text = text.strip()
    cuts: list[tuple[int, int]] = []
    position, number = 0, 1
    while True:
        word = f"{chinese_ordinal(number)}是"
        index = _marker_at(text, word, position)
        if index < 0:
            break
        cuts.append((index, index + len(word)))
        position, number = index + len(word), number + 1
    if not cuts:
        return "", [text] if text else []
    lead = text[: cuts[0][0]].strip()
    parts = []
    for (_, body), (after, _) in zip(cuts, [*cuts[1:], (len(text), len(text))], strict=True):
        part = _AFTER_MARKER.sub("", text[body:after]).strip()
        if part:
            parts.append(part)
    return lead, parts


#: Words that make a sentence a plan: its dates are due dates, not done dates.
_PLAN_WORDS = "计划|拟于|拟在|拟定于|预计|力争|争取|将于|将在|预定"
_PLAN_WORD = re.compile(_PLAN_WORDS)
_PLAN_DUE = re.compile(
    rf"(?:{_PLAN_WORDS})[^，,。；;0-9]{{0,6}}?"
    r"(?:(?P<year_end>年底|年末|年内)|(?:(?P<y>[0-9]{4})年)?(?P<m>[0-9]{1,2})月"
    r"(?:(?P<d>[0-9]{1,2})[日号]|(?P<part>底|末|上旬|中旬|下旬|中))?)"
)


def _done_date(text: str, cal: _Calendar) -> date | None:
    """The latest day a (completed) measure's text names, outside plans."""
    days = []
    for _, sentence in _sentences(_fold(text)):
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
