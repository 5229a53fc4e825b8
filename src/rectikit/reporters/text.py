"""Plain text: one line per violation, ``file:row: CODE message`` (grep-friendly)."""

from __future__ import annotations

from typing import TextIO

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter
from rectikit.reporters.workflow import delta_of, delta_summary, delta_text, waiver_text


def text_line(violation: Violation, note: str = "") -> str:
    """``file:row: CODE [severity] message`` (``file: CODE ...`` when there is no row);
    ``note`` (a run-to-run status, a waiver) follows in braces."""
    loc = violation.location
    where = loc.file
    if loc.row is not None:
        where += f":{loc.row}"
    column = f" ({loc.sheet}!{loc.cell})" if loc.cell else f" ({loc.column})" if loc.column else ""
    tail = f" {{{note}}}" if note else ""
    return (
        f"{where}: {violation.code} [{violation.severity.value}] {violation.message}{column}{tail}"
    )


class TextReporter(Reporter):
    """One line per violation and data error, then a summary line."""

    name = "text"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        lang = self.options.lang
        for violation in result.all:
            note = delta_text(delta_of(result, violation), lang)
            stream.write(text_line(violation, note) + "\n")
        for item in result.waived_list:
            stream.write(text_line(item.violation, waiver_text(item, lang)) + "\n")
        if result.delta is not None:
            resolved = "resolved" if lang == "en" else "已解决"
            for gone in result.delta.resolved:
                where = str(gone.location.get("file", ""))
                if gone.location.get("row") is not None:
                    where += f":{gone.location['row']}"
                stream.write(
                    f"{where}: {gone.code} [{gone.severity}] {gone.message} {{{resolved}}}\n"
                )
            stream.write(delta_summary(result, lang) + "\n")
        counts = result.by_severity()
        data = len(result.data_errors)
        if self.options.lang == "en":
            stream.write(
                f"{len(result.violations)} violations ({counts['error']} errors, "
                f"{counts['warning']} warnings, {counts['info']} info), {data} data errors, "
                f"{result.records} records\n"
            )
        else:
            stream.write(
                f"共 {len(result.violations)} 项违规（错误 {counts['error']}，警告 "
                f"{counts['warning']}，提示 {counts['info']}），数据问题 {data} 项，"
                f"记录 {result.records} 条\n"
            )
