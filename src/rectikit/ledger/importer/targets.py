"""Quantified targets in a finding's text: the target sentences rectikit itself writes
(``巡学旁听单位数目标52个，截至9月25日已完成20个。``), taken out of a measure's text by
:func:`_take_targets`, and a target the prose states (``截至9月25日，已完成巡学旁听单位
20个`` with ``对52个机关部门开展巡学旁听``), found by :func:`_stated_target` only when
both the goal and the figure reached are clear."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from rectikit.ledger.importer.dates import _DATE, _Calendar
from rectikit.ledger.importer.measures import _PLAN_WORD, _plan_due
from rectikit.ledger.importer.text import _fold, _sentences
from rectikit.model.ledger import Target

#: The target sentence rectikit writes: ``巡学旁听单位数目标52个，截至9月25日已完成20个。``
_TARGET_SENTENCE = re.compile(
    r"^\s*(?P<name>[^。；;！？，,]{1,40}?)目标(?P<goal>[0-9]+(?:\.[0-9]+)?)"
    r"(?P<unit>[^0-9\s，,。；;]{0,3})[，,]\s*"
    rf"(?:截至(?:{_DATE})|目前)[，,]?\s*已完成(?P<actual>[0-9]+(?:\.[0-9]+)?)"
    r"(?P<unit2>[^0-9\s，,。；;]{0,3})[。；;]?\s*$"
)
_UNITS = "个|家|名|人|项|次|份|条|所|户|场|期|篇|%"
#: ``截至9月25日，已完成巡学旁听单位20个``
_ACTUAL = re.compile(
    rf"截至(?:{_DATE})[，,]?\s*已完成(?P<name>[\u4e00-\u9fff]{{2,16}}?)"
    rf"(?P<n>[0-9]+)(?P<unit>{_UNITS})"
)
_START = re.compile(r"(?<![0-9])([0-9]{1,2})月(?:份)?(?:开始|起|以来)")


def _rectikit_target(sentence: str, cal: _Calendar) -> Target | None:
    match = _TARGET_SENTENCE.match(_fold(sentence))
    if match is None:
        return None
    unit = match.group("unit") or None
    if match.group("unit2") and unit and match.group("unit2") != unit:
        return None
    measured = cal.day(match.group("y"), match.group("m"), match.group("d"))
    start, end = match.span("name")
    return Target(
        name=sentence[start:end].strip(),
        goal=Decimal(match.group("goal")),
        actual=Decimal(match.group("actual")),
        measured=measured,
        unit=unit,
    )


def _take_targets(text: str, cal: _Calendar) -> tuple[str, list[Target]]:
    """The target sentences rectikit writes, taken out of a measure's text."""
    kept, targets = [], []
    for _, sentence in _sentences(text):
        target = _rectikit_target(sentence, cal)
        if target is None:
            kept.append(sentence)
        else:
            targets.append(target)
    return "".join(kept).strip(), targets


def _stated_target(text: str, cal: _Calendar) -> Target | None:
    """A target the prose states, when both the goal and the figure reached are clear:
    ``截至9月25日，已完成巡学旁听单位20个`` with ``对52个机关部门开展巡学旁听``.
    ``None`` when either is missing or ambiguous."""
    folded = _fold(text)
    actuals = list(_ACTUAL.finditer(folded))
    if len(actuals) != 1:
        return None
    actual = actuals[0]
    name = actual.group("name")
    core = re.sub(r"(?:单位|工作|数量|数)$", "", name)
    unit = actual.group("unit")
    if len(core) < 2:
        return None
    goals: set[int] = set()
    start: date | None = None
    for _, sentence in _sentences(folded):
        for clause in re.split(r"[，,]", sentence):
            if core not in clause or "已完成" in clause:
                continue
            numbers = [
                (m.start(), int(m.group(1)))
                for m in re.finditer(rf"(?<![0-9])([0-9]+)(?:{re.escape(unit)})", clause)
            ]
            after_dui = [n for pos, n in numbers if clause[:pos].endswith("对")]
            if len(numbers) == 1:
                goals.add(numbers[0][1])
            elif len(after_dui) == 1:
                goals.add(after_dui[0])
            else:
                continue
            began = _START.search(sentence)
            if began is not None and start is None:
                end = cal.last_day(None, int(began.group(1)), None)
                start = end.replace(day=1) if end else None
    reached = int(actual.group("n"))
    if len(goals) != 1:
        return None
    goal = goals.pop()
    if goal < reached:
        return None
    due = None
    for _, sentence in _sentences(folded):
        if core in sentence and _PLAN_WORD.search(sentence):
            due = _plan_due(sentence, cal) or due
    return Target(
        name=text[actual.start("name") : actual.end("name")],
        goal=Decimal(goal),
        actual=Decimal(reached),
        measured=cal.day(actual.group("y"), actual.group("m"), actual.group("d")),
        start=start,
        due=due,
        unit=unit,
    )


#: A figure the text states: ``共计回收调查问卷9920份``, ``收集意见建议166条``, ``达到98％``.
_QUANTITY = re.compile(rf"[\u4e00-\u9fff“”《》]{{1,24}}?[0-9]+(?:\.[0-9]+)?(?:余)?(?:{_UNITS}|％)")
_NOT_A_QUANTITY = re.compile(r"[0-9]{4}年|月|日")


def _quantities(text: str) -> list[str]:
    """The figures a finding's text states (what was counted and how many), in order;
    for ``--explain``."""
    out = []
    for _, sentence in _sentences(_fold(text)):
        for clause in re.split(r"[，,、：:]", sentence):
            for match in _QUANTITY.finditer(clause):
                found = match.group(0)
                if not _NOT_A_QUANTITY.search(found) and found not in out:
                    out.append(found)
    return out
