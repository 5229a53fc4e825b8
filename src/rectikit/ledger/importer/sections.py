"""Headings of the genre: ``一、…`` opens a section, told apart by its words (总体情况 ->
overview, 整改进展/成效 -> progress, 下一步工作打算 -> next steps, any other -> other);
``（一）…`` opens a group, whose words give its findings' status; a finding heading
(:func:`_finding_heading`) opens a finding, whose title is the quoted text.

A finding heading is numbered ``1.`` ``1．`` ``1、`` ``1)`` ``（1）`` ``①`` ``（一）``
``一、`` ``第1项`` ``问题1：`` (or carries no number, as when Word numbers the list),
quotes its title with “”, "", 「」 or 『』, and reads ``关于“TITLE”问题的整改`` or a
variant (``关于“…”问题整改情况``, ``“…”问题的整改落实情况``, ``针对“…”问题``); without
quotes it must read ``N.关于TITLE(问题)的整改``. A status in brackets at its end
(``（已完成）``, ``【持续推进】``) gives the finding's status, and text after a ``。`` or
``：`` that ends the heading is the start of the finding's text.
:func:`_is_heading` tells whether a paragraph is any heading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rectikit.ledger.importer.text import _fold
from rectikit.model.ledger import Status

_ORD = "一二三四五六七八九十"

_SECTION = re.compile(rf"^([{_ORD}]+)[、.]\s*([^。]{{1,40}}?)[。：:]?$")
_GROUP = re.compile(rf"^[（(]([{_ORD}]+)[)）]\s*([^。]{{1,40}}?)[。：:]?$")

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: How findings are numbered (the number is kept, as written, for messages).
_NUMBER = (
    r"(?P<number>[0-9]+\s*[.、)）](?![0-9])|[（(][0-9]+[)）]|[" + _CIRCLED + r"]"
    rf"|[（(][{_ORD}]+[)）]|[{_ORD}]+\s*[、.]|第[0-9{_ORD}]+(?:项|条|个)?[、.：:，,]?"
    r"|问题\s*[0-9]+\s*[：:、.]?)\s*"
)
_OPEN, _CLOSE = '“"「『', '”"」』'
_ENDING = r"(?:方面)?(?:的)?(?:问题)?(?:的)?(?:整改(?:落实)?(?:工作)?(?:情况)?(?:及成效)?)?"
#: A status in brackets at the end of a heading: ``（已完成）``, ``【持续推进】``.
_NOTE = r"(?:\s*[（(【\[](?P<note>[^）)】\]]{1,20})[）)】\]])?"
_TAIL = r"\s*(?:[。：:；;]\s*(?P<rest>.*))?$"
_QUOTED = re.compile(
    rf"^(?:{_NUMBER})?(?P<about>关于|针对|对)?\s*[{_OPEN}](?P<title>.+)[{_CLOSE}]\s*"
    rf"(?P<ending>{_ENDING}){_NOTE}{_TAIL}"
)
_PLAIN = re.compile(
    rf"^{_NUMBER}关于(?P<title>.{{2,60}}?)(?:方面问题的|问题的|问题|的)"
    rf"(?P<ending>整改(?:落实)?(?:情况)?){_NOTE}{_TAIL}"
)


@dataclass(frozen=True)
class FindingHeading:
    """A finding heading as read: the title (as written, quotes removed), the number
    (``1.``, ``（2）``; full-width digits as ASCII; empty when none), the status its bracketed note
    gives (``None`` when none or not a status), that note, and any text after it."""

    title: str
    number: str = ""
    status: Status | None = None
    note: str = ""
    rest: str = ""


_OVERVIEW, _PROGRESS, _NEXT, _OTHER, _PREAMBLE = (
    "overview",
    "progress",
    "next",
    "other",
    "preamble",
)


def _section_kind(name: str) -> str:
    if any(word in name for word in ("总体", "开展情况", "基本情况", "组织领导", "主要做法")):
        return _OVERVIEW
    if "下一步" in name or "下步" in name or "打算" in name:
        return _NEXT
    if "进展" in name or "成效" in name or "整改" in name or "问题" in name:
        return _PROGRESS
    return _OTHER


def _group_status(name: str) -> Status:
    if any(word in name for word in ("持续推进", "明显成效", "基本完成", "阶段性成效", "长期坚持")):
        return Status.EFFECTIVE
    if any(word in name for word in ("未完成", "未整改", "正在", "推进中", "整改中", "尚未")):
        return Status.IN_PROGRESS
    if "未启动" in name or "未开始" in name:
        return Status.PENDING
    if "已完成" in name or "已整改" in name or "完成" in name or "销号" in name:
        return Status.COMPLETED
    return Status.IN_PROGRESS


def _is_group_name(name: str) -> bool:
    """Whether a group heading's words speak of the state of rectification items."""
    return any(word in name for word in ("整改", "完成", "推进", "成效", "事项", "问题"))


def _note_status(note: str) -> Status | None:
    """The status a heading's bracketed note names (``已完成``, ``持续推进中``), if any."""
    text = note.strip()
    try:
        return Status.parse(text)
    except ValueError:
        pass
    words = ("完成", "推进", "成效", "整改", "销号", "启动")
    if len(text) <= 8 and any(word in text for word in words):
        return _group_status(text)
    return None


def _finding_heading(text: str) -> FindingHeading | None:
    """The finding heading ``text`` is, or ``None`` (see the module docstring)."""
    folded = _fold(text.strip())
    match = _QUOTED.match(folded)
    if match is not None:
        # A quoted title needs 问题/整改 after it, or a number and 关于/针对 before it;
        # ``“…”：…`` without them is a sub-item or a sentence, not a heading.
        ending = match.group("ending")
        named = "问题" in ending or "整改" in ending
        if not (named or (match.group("number") and match.group("about"))):
            match = None
        elif match.group("rest") and not named:
            match = None
    if match is None:
        match = _PLAIN.match(folded)
    if match is None:
        return None
    stripped = text.strip()
    start, end = match.span("title")
    title = stripped[start:end].strip()
    if not title:
        return None
    note = stripped[match.start("note") : match.end("note")] if match.group("note") else ""
    rest = stripped[match.start("rest") :].strip() if match.group("rest") else ""
    return FindingHeading(
        title=title,
        number=(match.group("number") or "").strip(),
        status=_note_status(note) if note else None,
        note=note,
        rest=rest,
    )


def _is_heading(text: str) -> bool:
    folded = _fold(text.strip())
    return bool(
        _SECTION.match(folded) or _GROUP.match(folded) or _finding_heading(folded) is not None
    )
