"""Markdown: a check report to paste into a work report or an issue.

A title, the window and counts, a summary table by rule, then one section per file with
a table of its violations and the rules' citations, then data errors and the rules that
did not run. GitHub-flavoured tables; every cell is on one line with ``|`` and Markdown
punctuation escaped; no HTML.

The helpers shared with the HTML report (labels, positions, grouping) live here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from rectikit.engine.result import CheckResult
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter
from rectikit.reporters.labels import LABELS
from rectikit.reporters.workflow import (
    delta_of,
    delta_summary,
    delta_text,
    status_label,
    waiver_text,
)

#: Labels the console report has no use for; merged over :data:`LABELS`.
EXTRA_LABELS = {
    "zh": {
        "report": "rectikit 检查报告",
        "title": "标题",
        "where": "位置",
        "subject": "对象",
        "message": "说明",
        "file": "文件",
        "not_run_heading": "未运行的规则",
        "waived_heading": "已豁免（批准的例外）",
        "status": "状态",
        "colon": "：",
        "comma": "，",
        "open": "（",
        "close": "）",
    },
    "en": {
        "report": "rectikit check report",
        "title": "Title",
        "where": "Position",
        "subject": "Subject",
        "message": "Message",
        "file": "File",
        "not_run_heading": "Rules not run",
        "waived_heading": "Waived (approved exceptions)",
        "status": "Status",
        "colon": ": ",
        "comma": ", ",
        "open": " (",
        "close": ")",
    },
}

#: Severities from the most to the least serious.
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)

#: ASCII characters Markdown would act on inside a line (``\\`` first of all).
_INLINE = re.compile(r"([\\`*_\[\]<|~])")
#: An ``&`` that would start a character reference.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def labels_for(lang: str) -> dict[str, str]:
    """The labels for ``lang`` (``zh`` or ``en``; anything else falls back to ``zh``)."""
    key = lang if lang in LABELS and lang in EXTRA_LABELS else "zh"
    return {**LABELS[key], **EXTRA_LABELS[key]}


def capital(text: str) -> str:
    """``text`` with its first letter upper-cased (Chinese passes unchanged)."""
    return text[:1].upper() + text[1:]


def one_line(text: str) -> str:
    """``text`` on one line: line breaks (and the blanks around them) become one space."""
    return _NEWLINES.sub(" ", text.strip())


def escape_markdown(text: str) -> str:
    """``text`` on one line, safe inside a table cell, a heading or a list item: ``|``,
    ``\\`` and the punctuation that would start emphasis, code, links or HTML escaped."""
    text = _INLINE.sub(r"\\\1", one_line(text))
    return _ENTITY.sub(r"\\&", text)


def position(violation: Violation) -> str:
    """Where in the row: ``sheet!cell`` when known, else the column (or nothing)."""
    loc = violation.location
    if loc.sheet is not None and loc.cell is not None:
        return f"{loc.sheet}!{loc.cell}"
    return loc.column or ""


def window_text(result: CheckResult, labels: dict[str, str]) -> str:
    """``评估期 2023-01-01 – 2023-12-31``."""
    return f"{labels['window']} {result.since.isoformat()} – {result.as_of.isoformat()}"


def severities(group: Iterable[Violation]) -> list[Severity]:
    """The distinct severities of ``group``, most serious first."""
    found = {v.severity for v in group}
    return [s for s in SEVERITIES if s in found]


def by_code(items: Iterable[Violation]) -> dict[str, list[Violation]]:
    """``items`` grouped by code, codes sorted."""
    groups: dict[str, list[Violation]] = {}
    for violation in items:
        groups.setdefault(violation.code, []).append(violation)
    return dict(sorted(groups.items()))


def by_file(items: Iterable[Violation]) -> dict[str, list[Violation]]:
    """``items`` grouped by file, in the order given (files in order of first appearance)."""
    groups: dict[str, list[Violation]] = {}
    for violation in items:
        groups.setdefault(violation.location.file, []).append(violation)
    return groups


def citations(group: Iterable[Violation]) -> list[tuple[str, str]]:
    """``(code, citation)`` once per rule of ``group`` that cites one, by code."""
    found: dict[str, str] = {}
    for violation in group:
        if violation.citation and violation.code not in found:
            found[violation.code] = violation.citation
    return sorted(found.items())


def rule_violations(result: CheckResult) -> list[Violation]:
    """The rule violations (no data errors), ordered as in ``result.all``."""
    return [v for v in result.all if not v.is_data_error]


def data_errors(result: CheckResult) -> list[Violation]:
    """The data errors, ordered as in ``result.all``."""
    return [v for v in result.all if v.is_data_error]


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], align: list[str], rows: list[list[str]]) -> list[str]:
    """A GitHub table; ``align`` holds ``l`` or ``r`` per column; cells already escaped."""
    rule = ["---:" if a == "r" else "---" for a in align]
    return [_row(header), _row(rule), *(_row(cells) for cells in rows)]


class MarkdownReporter(Reporter):
    """A Markdown report: headings, tables and lists only, every text escaped."""

    name = "markdown"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        stream.write(self.render(result))

    def render(self, result: CheckResult) -> str:
        """The report as a text ending in one newline."""
        labels = labels_for(self.options.lang)
        blocks: list[list[str]] = [[f"# {escape_markdown(labels['report'])}"]]
        blocks.append([self._counts(result, labels)])
        if result.all:
            blocks.append([f"## {escape_markdown(labels['summary'])}"])
            blocks.append(self._summary(result, labels))
        violations = rule_violations(result)
        if not violations:
            blocks.append([labels["none"]])
        lang = self.options.lang
        if result.delta is not None:
            blocks.append([escape_markdown(delta_summary(result, lang))])
        for file, group in by_file(violations).items():
            blocks.append([f"## {escape_markdown(file or '-')}"])
            blocks.append(self._violations(group, labels, result))
            cited = citations(group)
            if cited:
                blocks.append(
                    [f"- {code}{labels['colon']}{escape_markdown(text)}" for code, text in cited]
                )
        errors = data_errors(result)
        if errors:
            blocks.append([f"## {escape_markdown(capital(labels['data']))}"])
            blocks.append(self._data_errors(errors, labels))
        if result.delta is not None and result.delta.resolved:
            blocks.append([f"## {escape_markdown(status_label('resolved', lang))}"])
            blocks.append(self._resolved(result, labels))
        if result.waived_list:
            blocks.append([f"## {escape_markdown(labels['waived_heading'])}"])
            blocks.append(
                [
                    f"- {escape_markdown(position(item.violation))} "
                    f"{escape_markdown(item.violation.code)} "
                    f"{escape_markdown(item.violation.subject)}{labels['colon']}"
                    f"{escape_markdown(item.violation.message)} "
                    f"（{escape_markdown(waiver_text(item, lang))}）"
                    for item in result.waived_list
                ]
            )
        if result.not_run:
            blocks.append([f"## {escape_markdown(labels['not_run_heading'])}"])
            blocks.append(self._not_run(result, labels))
        return "\n\n".join("\n".join(block) for block in blocks) + "\n"

    @staticmethod
    def _counts(result: CheckResult, labels: dict[str, str]) -> str:
        counts = result.by_severity()
        by_sev = labels["comma"].join(f"{labels[sev]} {n}" for sev, n in counts.items())
        parts = [
            window_text(result, labels),
            f"{labels['records']} {result.records}",
            f"{labels['violations']} {len(result.violations)}"
            f"{labels['open']}{by_sev}{labels['close']}",
            f"{labels['data']} {len(result.data_errors)}",
        ]
        return " · ".join(parts)

    @staticmethod
    def _summary(result: CheckResult, labels: dict[str, str]) -> list[str]:
        header = [labels[k] for k in ("code", "name", "title", "severity", "count")]
        rows = [
            [
                escape_markdown(code),
                escape_markdown(group[0].name),
                escape_markdown(result.titles.get(code, "")),
                "/".join(labels[s.value] for s in severities(group)),
                str(len(group)),
            ]
            for code, group in by_code(result.all).items()
        ]
        return _table(header, ["l", "l", "l", "l", "r"], rows)

    def _violations(
        self, group: list[Violation], labels: dict[str, str], result: CheckResult
    ) -> list[str]:
        header = [capital(labels["row"])] + [
            labels[k] for k in ("where", "code", "severity", "subject", "message")
        ]
        align = ["r", "l", "l", "l", "l", "l"]
        compared = result.delta is not None
        if compared:
            header.append(labels["status"])
            align.append("l")
        rows = []
        for v in group:
            row = [
                "" if v.location.row is None else str(v.location.row),
                escape_markdown(position(v)),
                escape_markdown(v.code),
                labels[v.severity.value],
                escape_markdown(v.subject),
                escape_markdown(v.message),
            ]
            if compared:
                row.append(escape_markdown(delta_text(delta_of(result, v), self.options.lang)))
            rows.append(row)
        return _table(header, align, rows)

    def _resolved(self, result: CheckResult, labels: dict[str, str]) -> list[str]:
        header = [labels["file"], capital(labels["row"])] + [
            labels[k] for k in ("code", "subject", "message", "status")
        ]
        rows = [
            [
                escape_markdown(str(gone.location.get("file", ""))),
                str(gone.location.get("row") or ""),
                escape_markdown(gone.code),
                escape_markdown(gone.subject),
                escape_markdown(gone.message),
                escape_markdown(delta_text(gone.entry, self.options.lang)),
            ]
            for gone in (result.delta.resolved if result.delta else ())
        ]
        return _table(header, ["l", "r", "l", "l", "l", "l"], rows)

    @staticmethod
    def _data_errors(errors: list[Violation], labels: dict[str, str]) -> list[str]:
        header = [labels["file"], capital(labels["row"])] + [
            labels[k] for k in ("where", "code", "severity", "message")
        ]
        rows = [
            [
                escape_markdown(v.location.file),
                "" if v.location.row is None else str(v.location.row),
                escape_markdown(position(v)),
                escape_markdown(v.code),
                labels[v.severity.value],
                escape_markdown(v.message),
            ]
            for v in errors
        ]
        return _table(header, ["l", "r", "l", "l", "l", "l"], rows)

    @staticmethod
    def _not_run(result: CheckResult, labels: dict[str, str]) -> list[str]:
        lines = []
        for code, reason in sorted(result.not_run.items()):
            title = result.titles.get(code)
            name = f"{code} {title}" if title else code
            lines.append(f"- {escape_markdown(name)}{labels['colon']}{escape_markdown(reason)}")
        return lines
