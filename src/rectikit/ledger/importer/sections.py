"""Headings of the genre: ``一、…`` opens a section, told apart by its words (总体情况 ->
overview, 整改进展/成效 -> progress, 下一步工作打算 -> next steps, any other -> other);
``（一）…`` opens a group in the progress section, whose words give its findings'
status; ``N.关于“TITLE”问题的整改`` opens a finding, whose title is the quoted text.
:func:`_is_heading` tells whether a paragraph is any of them."""

from __future__ import annotations

import re

from rectikit.ledger.importer.text import _fold
from rectikit.model.ledger import Status

_ORD = "一二三四五六七八九十"

_SECTION = re.compile(rf"^([{_ORD}]+)[、.]\s*([^。]{{1,40}}?)[。：:]?$")
_GROUP = re.compile(rf"^[（(]([{_ORD}]+)[)）]\s*([^。]{{1,40}}?)[。：:]?$")
_QUOTED_FINDING = re.compile(
    r"^([0-9]+)\s*[.、]\s*关于\s*[“\"「『](.+)[”\"」』]\s*(?:方面)?(?:问题|情况)?"
    r"(?:的)?(?:整改|整改落实|整改情况|整改落实情况)(?:情况)?[。：:]?$"
)
_PLAIN_FINDING = re.compile(
    r"^([0-9]+)\s*[.、]\s*关于(.{2,60}?)(?:问题)?的(?:整改|整改情况|整改落实情况)[。：:]?$"
)

_OVERVIEW, _PROGRESS, _NEXT, _OTHER, _PREAMBLE = (
    "overview",
    "progress",
    "next",
    "other",
    "preamble",
)


def _section_kind(name: str) -> str:
    if "总体" in name:
        return _OVERVIEW
    if "下一步" in name or "下步" in name or "打算" in name:
        return _NEXT
    if "进展" in name or "成效" in name or "整改" in name:
        return _PROGRESS
    return _OTHER


def _group_status(name: str) -> Status:
    if any(word in name for word in ("持续推进", "明显成效", "基本完成", "阶段性成效")):
        return Status.EFFECTIVE
    if "未完成" in name or "未整改" in name:
        return Status.IN_PROGRESS
    if "已完成" in name or "已整改" in name or "完成" in name:
        return Status.COMPLETED
    return Status.IN_PROGRESS


def _finding_title(text: str) -> str | None:
    folded = _fold(text)
    match = _QUOTED_FINDING.match(folded) or _PLAIN_FINDING.match(folded)
    if match is None:
        return None
    start, end = match.span(2)
    return text[start:end].strip()


def _is_heading(text: str) -> bool:
    folded = _fold(text.strip())
    return bool(
        _SECTION.match(folded) or _GROUP.match(folded) or _finding_title(folded) is not None
    )
