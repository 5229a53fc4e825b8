"""The console report (rich): violations grouped by file and rule, then a summary.

This is the only module of rectikit that imports rich.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from rectikit.engine.result import CheckResult
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

THEME = Theme(
    {
        "severity.error": "bold red",
        "severity.warning": "yellow",
        "severity.info": "cyan",
        "file": "bold magenta",
        "code": "bold",
        "rule.name": "dim",
        "citation": "italic dim",
        "location": "green",
        "muted": "dim",
        "status.new": "bold",
        "status.persisting": "dim",
        "status.regressed": "bold red",
        "status.resolved": "green",
        "status.waived": "italic",
    }
)


class ConsoleReporter(Reporter):
    """A colourful, grouped report for people at a terminal."""

    name = "console"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        labels = LABELS.get(self.options.lang, LABELS["zh"])
        console = Console(
            file=stream,
            theme=THEME,
            width=self.options.width,
            no_color=not self.options.color,
            force_terminal=self.options.color if self.options.color else None,
            highlight=False,
            soft_wrap=False,
        )
        items = result.all
        by_file: dict[str, dict[str, list[Violation]]] = defaultdict(lambda: defaultdict(list))
        for violation in items:
            by_file[violation.location.file][violation.code].append(violation)
        for file in by_file:
            console.print(Text(file, style="file"))
            for code, group in sorted(by_file[file].items()):
                first = group[0]
                header = Text("  ")
                header.append(code, style="code")
                title = result.titles.get(code)
                if title:
                    header.append(f" {title} ")
                header.append(f" {first.name}", style="rule.name")
                header.append(f"  ({len(group)})", style="muted")
                console.print(header)
                if first.citation and not first.is_data_error:
                    console.print(
                        Text(f"    {labels['basis']}：{first.citation}", style="citation")
                    )
                console.print(self._group(group, labels, result))
            console.print()
        if not items:
            console.print(Text(labels["none"], style="severity.info"))
        console.print(self._summary(result, labels))
        footer = Text(
            f"{labels['window']} {result.since.isoformat()} – {result.as_of.isoformat()}  ·  "
            f"{labels['records']} {result.records}  ·  {labels['violations']} "
            f"{len(result.violations)}  ·  {labels['data']} {len(result.data_errors)}",
            style="muted",
        )
        console.print(footer)
        if result.not_run:
            codes = ", ".join(sorted(result.not_run))
            console.print(Text(f"{labels['not_run']}: {codes}", style="muted"))
        self._workflow(console, result)

    def _workflow(self, console: Console, result: CheckResult) -> None:
        """Waived violations, what a comparison found resolved, and its counts."""
        lang = self.options.lang
        for item in result.waived_list:
            line = Text(f"{item.violation.location}  {item.violation.code} ", style="muted")
            line.append(f"[{item.violation.subject}] {item.violation.message}  ")
            line.append(waiver_text(item, lang), style="status.waived")
            console.print(line)
        if result.delta is None:
            return
        for gone in result.delta.resolved:
            where = str(gone.location.get("file", ""))
            if gone.location.get("row") is not None:
                where += f":{gone.location['row']}"
            line = Text(f"{where}  {gone.code} [{gone.subject}] {gone.message}  ", style="muted")
            line.append(status_label("resolved", lang), style="status.resolved")
            console.print(line)
        console.print(Text(delta_summary(result, lang), style="muted"))

    def _group(self, group: list[Violation], labels: dict[str, str], result: CheckResult) -> Table:
        """One rule's violations in a file: severity, place, subject, message.

        A grid keeps long messages wrapping inside their own column.
        """
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3)
        grid.add_column(no_wrap=True)
        grid.add_column(style="location", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for violation in group:
            sev = violation.severity.value
            message = Text(violation.message)
            if violation.subject and not violation.is_data_error:
                message = Text(f"[{violation.subject}] ", style="muted") + message
            entry = delta_of(result, violation)
            if entry is not None:
                message.append(
                    f"  {delta_text(entry, self.options.lang)}", style=f"status.{entry.status}"
                )
            grid.add_row(
                "",
                Text(labels[sev], style=f"severity.{sev}"),
                self._where(violation, labels),
                message,
            )
        return grid

    @staticmethod
    def _where(violation: Violation, labels: dict[str, str]) -> str:
        loc = violation.location
        if loc.sheet is not None and loc.cell is not None:
            return f"{loc.sheet}!{loc.cell}"
        if loc.row is not None:
            where = f"{labels['row']} {loc.row}"
            return f"{where} {loc.column}" if loc.column else where
        return loc.column or ""

    def _summary(self, result: CheckResult, labels: dict[str, str]) -> Table:
        table = Table(title=labels["summary"], title_justify="left", show_edge=False)
        table.add_column(labels["code"], style="code")
        table.add_column(labels["name"])
        table.add_column(labels["severity"])
        table.add_column(labels["count"], justify="right")
        groups: dict[str, list[Violation]] = defaultdict(list)
        for violation in result.all:
            groups[violation.code].append(violation)
        for code in sorted(groups):
            group = groups[code]
            severities = sorted({v.severity for v in group}, key=lambda s: -s.rank)
            sev_text = Text()
            for index, sev in enumerate(severities):
                if index:
                    sev_text.append("/")
                sev_text.append(labels[sev.value], style=f"severity.{sev.value}")
            table.add_row(code, group[0].name, sev_text, str(len(group)))
        return table
