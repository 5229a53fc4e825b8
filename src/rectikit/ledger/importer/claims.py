"""Checks on what a report claims, for a person to review (the declared counts are
checked by the ledger rule LDG007 on the imported ledger):

* :func:`_unfinished` — a finding reported as completed whose text says it is still
  planned or under way (拟于, 计划10月, 正在, 将于, 尚未, 力争…);
* :func:`_numbering_gaps` — finding numbers that skip or repeat within a group
  (``1. 2. 4.``), the sign of a heading the importer did not recognise, whose text
  would then have gone to the finding before it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rectikit.ledger.importer.result import ImportWarning
from rectikit.ledger.importer.source import ReportParagraph
from rectikit.ledger.importer.text import _fold, _sentences
from rectikit.model.values import ValueParseError, parse_int

_CN_MONTH = "[一二三四五六七八九十]+月"
#: Words that say something is not done yet. 计划 as a verb (计划于, 计划10月, 计划开展),
#: not the noun (调研计划, 有计划地); 拟 as a plan (拟于, 拟出台), not 拟定 (drafted) or
#: 模拟; 将 as "will" (将于, 将继续), not the object marker (将…纳入).
_UNFINISHED = re.compile(
    rf"计划(?=于|在|到|将|年底|年内|[0-9]|{_CN_MONTH}|下|本|今|明|近期|尽快|开展|完成|召开|出台|举办|启动)"
    r"|(?<![模虚比])拟(?:定于|(?![定订稿写制]))"
    r"|正在|即将|将(?:于|在[0-9本今明下年]|要|会|继续|进一步|适时|尽快|逐步)"
    r"|尚未|未完成|仍在|力争|争取|预计"
)


def _snippet(sentence: str, start: int, end: int) -> str:
    """The clause around a match (between commas), at most 40 characters, without its
    closing punctuation."""
    marks = "，,；;：:。！？!?"
    left = max((sentence.rfind(mark, 0, start) for mark in marks), default=-1) + 1
    rights = [i for i in (sentence.find(mark, end) for mark in marks) if i >= 0]
    right = min(rights) if rights else len(sentence)
    clause = sentence[left:right].strip()
    return clause if len(clause) <= 40 else clause[:39] + "…"


def _unfinished(parts: Sequence[tuple[str, ReportParagraph | None]]) -> tuple[str, str] | None:
    """``(snippet, where)`` of the first words in a finding's text that say it is not
    done, or ``None``."""
    for text, source in parts:
        for offset, sentence in _sentences(_fold(text)):
            match = _UNFINISHED.search(sentence)
            if match is not None:
                shown = text[offset : offset + len(sentence)]  # folding keeps offsets
                return _snippet(shown, match.start(), match.end()), source.where if source else ""
    return None


def unfinished_warning(
    finding: str, number: str, title: str, parts: Sequence[tuple[str, ReportParagraph | None]]
) -> ImportWarning | None:
    """A warning when a completed finding's text says it is still planned or under way."""
    found = _unfinished(parts)
    if found is None:
        return None
    snippet, where = found
    shown = number.rstrip(".、．:：,，")
    label = f"finding {shown} ({finding})" if shown else f"finding {finding}"
    return ImportWarning(
        f"{label} “{title}” is reported as completed but its text says “{snippet}”: "
        "review its status",
        where,
        finding,
    )


def _as_number(text: str) -> int | None:
    digits = re.sub(r"[^0-9一二三四五六七八九十百]", "", _fold(text))
    if not digits:
        return None
    try:
        return parse_int(digits)
    except ValueParseError:
        return None


def numbering_warnings(
    entries: Sequence[tuple[str, str, object, ReportParagraph | None]],
) -> list[ImportWarning]:
    """Warnings for finding numbers that skip or repeat within a group. ``entries``:
    ``(finding id, number as written, group key, heading)`` in report order."""
    warnings = []
    previous: tuple[str, int, object] | None = None
    for finding, written, group, heading in entries:
        number = _as_number(written) if written else None
        if number is None:
            previous = None
            continue
        if previous is not None and previous[2] == group and number != previous[1] + 1:
            before, last = previous[0], previous[1]
            what = "repeats" if number == last else f"jumps from {last} to {number}"
            warnings.append(
                ImportWarning(
                    f"finding numbering {what} ({before} -> {finding}): a finding heading may "
                    f"not have been recognised (its text would be under {before})",
                    heading.where if heading else "",
                    finding,
                )
            )
        previous = (finding, number, group)
    return warnings
