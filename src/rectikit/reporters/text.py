"""Plain text: one line per violation, ``file:row: CODE message`` (grep-friendly)."""

from __future__ import annotations

from typing import TextIO

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter


def text_line(violation: Violation) -> str:
    """``file:row: CODE [severity] message`` (``file: CODE ...`` when there is no row)."""
    loc = violation.location
    where = loc.file
    if loc.row is not None:
        where += f":{loc.row}"
    column = f" ({loc.sheet}!{loc.cell})" if loc.cell else f" ({loc.column})" if loc.column else ""
    return f"{where}: {violation.code} [{violation.severity.value}] {violation.message}{column}"


class TextReporter(Reporter):
    """One line per violation and data error, then a summary line."""

    name = "text"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        for violation in result.all:
            stream.write(text_line(violation) + "\n")
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
