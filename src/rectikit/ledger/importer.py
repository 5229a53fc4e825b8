"""Ledgers from a report (LEDGER.md "Ledgers from a report").

:func:`import_report` reads a 巡察整改情况报告 (``.txt``, ``.md`` or ``.docx``) and
:func:`parse_report_text` / :func:`parse_report_paragraphs` parse its text into a ledger
skeleton: the inspection (target, inspector, dates), the declared counts, each finding
with its status (from the group it stands in), its measures (split on 一是/二是/…), the
dates and quantities found in their text, and the next steps. What cannot be placed is
kept in :attr:`ImportResult.unplaced`, never dropped.

The report is read as a sequence of paragraphs:

* the first paragraph is the title; the inspected unit is the text before ``关于``;
* ``一、…``, ``二、…``, ``三、…`` open sections, told apart by their words (总体情况,
  整改进展/成效, 下一步工作打算); ``（一）…`` opens a group in the progress section, whose
  words give its findings' status (已完成 -> completed; 持续推进/明显成效/基本完成 ->
  effective; any other -> in progress);
* ``N.关于“TITLE”问题的整改`` opens a finding; the paragraphs up to the next heading
  are its text;
* the opening paragraphs and 一、 give the inspection (``市委第一巡察组``,
  ``2023年5月26日至6月9日``, ``于6月27日反馈``, ``经过3个月集中整改``) and the declared
  counts (``巡察反馈的25个具体问题，已完成…8个，已取得明显成效…17个``); they are kept
  unplaced too, since their prose has no place in a ledger;
* the paragraphs of 三、 are the next steps (short lines without a full stop at its
  end are a signature and a date, and are kept unplaced).

Dates written without a year take the inspection's year (else the report's); a date
that would fall before the inspection started is taken to be in the following year.
A month written ``X`` (redacted) makes the date unknown.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import tomlkit

from rectikit.ledger.report.document import chinese_ordinal, clean_text
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target
from rectikit.model.periods import add_months
from rectikit.model.values import ValueParseError, parse_int

__all__ = [
    "SUFFIXES",
    "ImportResult",
    "ReportImportError",
    "import_report",
    "markdown_paragraphs",
    "parse_report_paragraphs",
    "parse_report_text",
    "read_report_paragraphs",
    "text_paragraphs",
]

#: The report files :func:`import_report` reads.
SUFFIXES = (".txt", ".md", ".docx")

MISSING_DOCX = "reading .docx reports needs python-docx: pip install 'rectikit[docx]'"


class ReportImportError(Exception):
    """A report cannot be read: unknown file type, bad encoding, not a Word file,
    python-docx missing."""


@attrs.frozen(slots=True)
class ImportResult:
    """What :func:`import_report` makes of a report.

    Attributes:
        ledger: the ledger skeleton.
        unplaced: paragraphs that fit nowhere in a ledger, in report order.
        title: the report's title line.
    """

    ledger: Ledger
    unplaced: tuple[str, ...] = ()
    title: str = ""

    def ledger_with_unplaced(self, source: str | None = None, *, workbook: bool = False) -> Ledger:
        """The ledger with the report's title and the unplaced paragraphs in it, so
        that saving it drops nothing.

        For TOML (default) they go to the top-level table ``[import]`` (``source``,
        ``title``, ``unplaced = [...]``), kept by the TOML writer as an unknown key.
        A workbook cannot hold top-level extras, so with ``workbook`` they go to the
        inspection's extras (rows ``import_source``, ``import_title``,
        ``import_unplaced_1``… of the 巡察信息 sheet).
        """
        ledger = self.ledger
        if workbook:
            extra: dict[str, Any] = dict(ledger.inspection.extra)
            if source:
                extra["import_source"] = source
            if self.title:
                extra["import_title"] = self.title
            for number, text in enumerate(self.unplaced, start=1):
                extra[f"import_unplaced_{number}"] = text
            return attrs.evolve(ledger, inspection=attrs.evolve(ledger.inspection, extra=extra))
        table: dict[str, Any] = {}
        if source:
            table["source"] = source
        if self.title:
            table["title"] = self.title
        # A multi-line array (one paragraph a line) keeps the TOML file editable; it is
        # a list like any other.
        unplaced = tomlkit.array()
        unplaced.extend(self.unplaced)
        table["unplaced"] = unplaced.multiline(bool(self.unplaced))
        return attrs.evolve(ledger, extra={**ledger.extra, "import": table})


# -- reading files ------------------------------------------------------------------


def import_report(path: Path) -> ImportResult:
    """Read the report at ``path`` (``.txt``, ``.md`` or ``.docx``) into a ledger.

    Raises:
        ReportImportError: unknown suffix, unreadable file, text neither UTF-8 nor
            GB18030, a ``.docx`` that is not a Word file, or python-docx missing.
    """
    return parse_report_paragraphs(read_report_paragraphs(Path(path)))


def read_report_paragraphs(path: Path) -> list[str]:
    """The paragraphs of the report at ``path``, in order (see :func:`import_report`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportImportError(
            f"{path}: unsupported report file type {path.suffix or '(none)'!r} "
            "(expected .txt, .md or .docx)"
        )
    if suffix == ".docx":
        return _docx_paragraphs(path)
    text = _read_text(path)
    return markdown_paragraphs(text) if suffix == ".md" else text_paragraphs(text)


def _read_text(path: Path) -> str:
    from rectikit.readers.formats import ReadError
    from rectikit.readers.formats.encoding import detect_encoding, encoding_label

    try:
        encoding = detect_encoding(path)
        data = path.read_bytes()
    except ReadError as exc:
        raise ReportImportError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ReportImportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportImportError(
            f"{path}: not valid {encoding_label(encoding)} text (byte offset {exc.start})"
        ) from None


def _docx_paragraphs(path: Path) -> list[str]:
    """Paragraph texts of a Word file in body order; a table row counts as one
    paragraph (its cells joined by tabs), so that nothing in the body is lost."""
    try:
        import docx  # python-docx, optional: imported only when a .docx is read
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise ReportImportError(MISSING_DOCX) from None
    try:
        document = docx.Document(str(path))
    except OSError as exc:
        raise ReportImportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except Exception:  # python-docx raises zip, XML and package errors alike
        raise ReportImportError(f"{path}: not a Word .docx file") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(child, document).text.splitlines())
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = clean_text(cell.text)
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                lines.append("\t".join(cells))
    return _clean_lines(lines)


#: Markers that web copies of reports carry (``##paidbegin##``), not report text.
_ARTIFACT = re.compile(r"##[A-Za-z_]+##")


def _clean_lines(lines: Iterable[str]) -> list[str]:
    out = []
    for line in lines:
        text = clean_text(_ARTIFACT.sub("", line.replace("\u3000", " ")))
        if text:
            out.append(text)
    return out


def text_paragraphs(text: str) -> list[str]:
    """Plain text: one paragraph a line (blank lines skipped)."""
    return _clean_lines(text.splitlines())


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()<>#+\-.!|])")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


def markdown_paragraphs(text: str) -> list[str]:
    """Markdown: heading marks (``#``) stripped, backslash escapes undone; a heading
    is a paragraph of its own, blank lines separate paragraphs, and the lines of one
    paragraph are joined, except that a line opening a section, group or finding of
    the genre always starts a new paragraph."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append("\n".join(current))
            current.clear()

    for raw in text.splitlines():
        if not raw.strip() or _MD_RULE.match(raw):
            flush()
            continue
        heading = _MD_HEADING.match(raw)
        line = _MD_ESCAPE.sub(r"\1", heading.group(1) if heading else raw.strip())
        if heading or _is_heading(line):
            flush()
            blocks.append(line)
            continue
        current.append(line)
    flush()
    return _clean_lines(blocks)


# -- patterns -----------------------------------------------------------------------

#: Full-width digits and letters as ASCII, one character for one (offsets stay).
_FOLD = str.maketrans(
    "０１２３４５６７８９ＸｘＹｙ×．",
    "0123456789XxYyX.",
)
_CN = "零〇一二两三四五六七八九十百"
_NUM = rf"[0-9]+|[{_CN}]+"
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


def _fold(text: str) -> str:
    return text.translate(_FOLD)


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


# -- dates --------------------------------------------------------------------------

_M = r"[0-9]{1,2}|X+"
_DATE = rf"(?:(?P<y>[0-9]{{4}})年)?(?P<m>{_M})月(?P<d>[0-9]{{1,2}}|X+)[日号]"
_RANGE_END = (
    rf"(?:\s*(?:至|到|—|–|－|-|~|～)\s*"
    rf"(?:(?P<y2>[0-9]{{4}})年)?(?:(?P<m2>{_M})月)?(?P<d2>[0-9]{{1,2}})[日号])?"
)
_DATE_RANGE = re.compile(rf"(?<![0-9X]){_DATE}{_RANGE_END}")
_FEEDBACK = re.compile(rf"(?<![0-9X]){_DATE}[^，,。；;0-9]{{0,10}}?反馈")
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})年")
_PERIOD = re.compile(rf"(?:经过|历时|用)?({_NUM})个月(?:的)?(?:集中)?整改")
#: Words that make a sentence a plan: its dates are due dates, not done dates.
_PLAN_WORDS = "计划|拟于|拟在|拟定于|预计|力争|争取|将于|将在|预定"
_PLAN_WORD = re.compile(_PLAN_WORDS)
_PLAN_DUE = re.compile(
    rf"(?:{_PLAN_WORDS})[^，,。；;0-9]{{0,6}}?"
    r"(?:(?P<year_end>年底|年末|年内)|(?:(?P<y>[0-9]{4})年)?(?P<m>[0-9]{1,2})月"
    r"(?:(?P<d>[0-9]{1,2})[日号]|(?P<part>底|末|上旬|中旬|下旬|中))?)"
)
_SENTENCE_END = "。；;！？!?"


@dataclass
class _Calendar:
    """Resolves dates written without a year (see the module docstring)."""

    year: int | None = None
    started: date | None = None

    def day(self, year: str | None, month: str | None, day: str | None) -> date | None:
        if not month or not day or not month.isdigit() or not day.isdigit():
            return None
        explicit = year is not None
        y = int(year) if year else self.year
        if y is None:
            return None
        try:
            found = date(y, int(month), int(day))
        except ValueError:
            return None
        if not explicit and self.started is not None and found < self.started:
            try:
                found = date(y + 1, found.month, found.day)
            except ValueError:  # 2月29日 of the next year
                return None
        return found

    def last_day(self, year: str | None, month: int, part: str | None) -> date | None:
        """The last day of ``month`` (of its first or second ten days for 上旬/中旬)."""
        y = int(year) if year else self.year
        if y is None or not 1 <= month <= 12:
            return None
        found = _month_end(y, month, part)
        if year is None and self.started is not None and found < self.started:
            found = _month_end(y + 1, month, part)
        return found


def _month_end(year: int, month: int, part: str | None) -> date:
    if part == "上旬":
        return date(year, month, 10)
    if part in ("中旬", "中"):
        return date(year, month, 20)
    return date(year, month, calendar.monthrange(year, month)[1])


def _range_dates(match: re.Match[str], cal: _Calendar) -> tuple[date | None, date | None]:
    """The first and the last day of a ``_DATE_RANGE`` match."""
    first = cal.day(match.group("y"), match.group("m"), match.group("d"))
    if match.group("d2") is None:
        return first, first
    month = match.group("m2") or match.group("m")
    year = match.group("y2") or match.group("y")
    if first is not None and year is None:
        year = str(first.year)
    last = cal.day(year, month, match.group("d2"))
    if first is not None and last is not None and last < first and match.group("y2") is None:
        last = cal.day(str(first.year + 1), month, match.group("d2"))
    return first, last


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """The sentences of ``text`` (ending at 。；！？) with their offsets."""
    start = 0
    for index, ch in enumerate(text):
        if ch in _SENTENCE_END:
            yield start, text[start : index + 1]
            start = index + 1
    if start < len(text):
        yield start, text[start:]


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


# -- counts -------------------------------------------------------------------------

_NOT_NUM = rf"[^，,；;。0-9{_CN}]"
_TOTAL = re.compile(
    rf"(?P<n>{_NUM})(?:个|项|条)(?:具体|方面)?(?:的)?问题|问题(?:共|共计|总数)?(?P<n2>{_NUM})(?:个|项|条)"
)
_COMPLETED = re.compile(rf"已(?:完成|整改){_NOT_NUM}{{0,10}}?(?P<n>{_NUM})(?:个|项|条)")
_EFFECTIVE = re.compile(
    rf"(?:取得(?:了)?(?:明显|显著|阶段性)?成效|基本完成|持续推进){_NOT_NUM}{{0,8}}?"
    rf"(?P<n>{_NUM})(?:个|项|条)"
)


def _count(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return parse_int(text)
    except ValueParseError:
        return None


def _declared(paragraphs: Sequence[str]) -> dict[str, int]:
    """``total``/``completed``/``effective`` from the first sentence that counts the
    problems fed back."""
    for paragraph in paragraphs:
        for _, sentence in _sentences(_fold(paragraph)):
            total = _TOTAL.search(sentence)
            if total is None:
                continue
            counts: dict[str, int] = {}
            value = _count(total.group("n") or total.group("n2"))
            if value is None:
                continue
            counts["total"] = value
            rest = sentence[total.end() :]
            for key, pattern in (("completed", _COMPLETED), ("effective", _EFFECTIVE)):
                match = pattern.search(rest)
                number = _count(match.group("n")) if match else None
                if number is not None:
                    counts[key] = number
            if len(counts) > 1:
                return counts
    return {}


# -- the inspection -----------------------------------------------------------------

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
    (``经过3个月集中整改``) may also be stated in 一、."""
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


# -- measures and targets -----------------------------------------------------------

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


# -- the parse ----------------------------------------------------------------------


@dataclass
class _FindingDraft:
    title: str
    status: Status
    paragraphs: list[str] = field(default_factory=list)


def _build_finding(number: int, draft: _FindingDraft, cal: _Calendar) -> Finding:
    finding_id = f"F{number:02d}"
    lead, parts = split_measures("".join(draft.paragraphs))
    measures: list[Measure] = []
    targets: list[Target] = []
    for text in parts:
        text, found = _take_targets(text, cal)
        targets.extend(found)
        if not text:
            continue
        done = _done_date(text, cal) if draft.status is Status.COMPLETED else None
        due = None if draft.status is Status.COMPLETED else _plan_due(text, cal)
        measures.append(
            Measure(id=f"{finding_id}-{len(measures) + 1}", text=text, due=due, done=done)
        )
    if not targets:
        stated = _stated_target("".join(draft.paragraphs), cal)
        if stated is not None:
            targets.append(stated)
    extra = {"intro": lead} if lead else {}
    return Finding(
        id=finding_id,
        title=draft.title,
        status=draft.status,
        measures=tuple(measures),
        targets=tuple(targets),
        extra=extra,
    )


def _is_title(text: str) -> bool:
    """The first paragraph is the title unless it is a heading or running text."""
    return len(text) <= 80 and "。" not in text and not _is_heading(text)


def _is_short_line(text: str) -> bool:
    """A short line without a full stop or a comma: a sub-heading, or at the end of
    the next steps a signature or the report's date."""
    return len(text) <= 30 and not any(ch in text for ch in _SENTENCE_END + "，,")


def parse_report_text(text: str) -> ImportResult:
    """Parse a report given as plain text, one paragraph a line."""
    return parse_report_paragraphs(text_paragraphs(text))


def parse_report_paragraphs(paragraphs: Sequence[str]) -> ImportResult:
    """Parse a report given as its paragraphs in order (see the module docstring)."""
    paragraphs = [p for p in (clean_text(p) for p in paragraphs) if p]
    title = ""
    if paragraphs and _is_title(paragraphs[0]):
        title = paragraphs[0]
        paragraphs = paragraphs[1:]

    section = _PREAMBLE
    group: Status | None = None
    preamble: list[str] = []  # before 一、: the inspection
    overview: list[str] = []  # 一、: the counts
    unplaced: list[str] = []
    next_steps: list[str] = []
    drafts: list[_FindingDraft] = []
    current: _FindingDraft | None = None
    short: list[str] = []  # short lines in 三、: sub-headings, or a signature at its end

    for paragraph in paragraphs:
        folded = _fold(paragraph)
        heading = _SECTION.match(folded)
        if heading is not None:
            unplaced.extend(short)
            short.clear()
            current, group = None, None
            section = _section_kind(heading.group(2))
            if section == _OTHER:
                unplaced.append(paragraph)
            continue
        if section == _PROGRESS and (grouping := _GROUP.match(folded)) is not None:
            current, group = None, _group_status(grouping.group(2))
            continue
        if section != _NEXT and (name := _finding_title(paragraph)) is not None:
            current = _FindingDraft(name, group or Status.IN_PROGRESS)
            drafts.append(current)
            continue
        if current is not None:
            current.paragraphs.append(paragraph)
        elif section == _NEXT and _is_short_line(paragraph):
            short.append(paragraph)
        elif section == _NEXT:
            next_steps.extend(short)
            short.clear()
            next_steps.append(paragraph)
        else:
            if section == _PREAMBLE:
                preamble.append(paragraph)
            elif section == _OVERVIEW:
                overview.append(paragraph)
            unplaced.append(paragraph)
    unplaced.extend(short)

    inspection = _inspection(title, preamble, overview, [title, *paragraphs])
    cal = _calendar(inspection, [title, *paragraphs])
    findings = tuple(_build_finding(n, d, cal) for n, d in enumerate(drafts, start=1))
    ledger = Ledger(
        inspection=inspection,
        declared=_declared([*overview, *preamble]),
        findings=findings,
        next_steps=tuple(next_steps),
    )
    return ImportResult(ledger=ledger, unplaced=tuple(unplaced), title=title)
