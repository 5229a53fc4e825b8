"""HTML: a check report as one standalone UTF-8 HTML5 page.

The same content as the Markdown report (window and counts, summary by rule, one section
per file with its violations and the rules' citations, data errors, rules not run), with
a small embedded stylesheet: no external resources, no script, and a print layout.
Every text from the data is escaped.
"""

from __future__ import annotations

import html
from typing import TextIO

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter
from rectikit.reporters.markdown import (
    by_code,
    by_file,
    capital,
    citations,
    data_errors,
    labels_for,
    position,
    rule_violations,
    severities,
    window_text,
)

STYLESHEET = """\
:root { --error: #b42318; --error-bg: #fee4e2; --warning: #93370d; --warning-bg: #fef0c7;
  --info: #1849a9; --info-bg: #d1e9ff; --muted: #667085; --line: #d0d5dd; }
* { box-sizing: border-box; }
body { margin: 2rem auto; max-width: 72rem; padding: 0 1.5rem; color: #101828;
  font: 14px/1.5 -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei",
  "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.meta { color: var(--muted); margin: 0 0 0.5rem; }
.badges { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0; padding: 0;
  list-style: none; }
.badge { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 999px;
  border: 1px solid currentColor; font-weight: 600; }
.error { color: var(--error); background: var(--error-bg); }
.warning { color: var(--warning); background: var(--warning-bg); }
.info { color: var(--info); background: var(--info-bg); }
.badge.data { color: #344054; background: #f2f4f7; }
.badge.zero { color: var(--muted); background: none; font-weight: normal; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: #f9fafb; font-weight: 600; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.code, td.where { white-space: nowrap; font-family: ui-monospace, Consolas, monospace; }
td.sev { white-space: nowrap; font-weight: 600; }
td.msg { white-space: pre-line; overflow-wrap: anywhere; }
.citations, .not-run ul { margin: 0.5rem 0; padding-left: 1.5rem; color: #344054; }
code { font-family: ui-monospace, Consolas, monospace; }
.none { font-weight: 600; color: #067647; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .badge, td.sev, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


_NUM = ' class="num"'


def _e(text: object) -> str:
    """``text`` escaped for element content and quoted attribute values."""
    return html.escape(str(text), quote=True)


def _cell(text: object, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{_e(text)}</td>"


def _table(header: list[str], rows: list[str], numeric: tuple[int, ...] = ()) -> list[str]:
    """A table with a ``thead`` of ``header`` and body ``rows`` (already rendered ``tr``)."""
    ths = "".join(
        f'<th scope="col"{_NUM if i in numeric else ""}>{_e(h)}</th>' for i, h in enumerate(header)
    )
    return ["<table>", f"<thead><tr>{ths}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]


class HtmlReporter(Reporter):
    """A standalone, printable HTML page; severities coloured (error red, warning amber,
    info blue)."""

    name = "html"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        stream.write(self.render(result))

    def render(self, result: CheckResult) -> str:
        """The page as a text ending in one newline."""
        labels = labels_for(self.options.lang)
        lang = "en" if self.options.lang == "en" else "zh-CN"
        lines = [
            "<!DOCTYPE html>",
            f'<html lang="{lang}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="rectikit">',
            f"<title>{_e(labels['report'])}</title>",
            "<style>",
            STYLESHEET.rstrip("\n"),
            "</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{_e(labels['report'])}</h1>",
            *self._header(result, labels),
            "</header>",
            "<main>",
        ]
        if result.all:
            lines += [
                '<section class="summary">',
                f"<h2>{_e(labels['summary'])}</h2>",
                *self._summary(result, labels),
                "</section>",
            ]
        violations = rule_violations(result)
        if not violations:
            lines.append(f'<p class="none">{_e(labels["none"])}</p>')
        for file, group in by_file(violations).items():
            lines += [
                '<section class="file">',
                f"<h2>{_e(file or '-')}</h2>",
                *self._violations(group, labels),
            ]
            cited = citations(group)
            if cited:
                lines.append('<ul class="citations">')
                lines += [
                    f"<li><code>{_e(code)}</code>{_e(labels['colon'])}{_e(text)}</li>"
                    for code, text in cited
                ]
                lines.append("</ul>")
            lines.append("</section>")
        errors = data_errors(result)
        if errors:
            lines += [
                '<section class="data-errors">',
                f"<h2>{_e(capital(labels['data']))}</h2>",
                *self._data_errors(errors, labels),
                "</section>",
            ]
        if result.not_run:
            lines += [
                '<section class="not-run">',
                f"<h2>{_e(labels['not_run_heading'])}</h2>",
                "<ul>",
            ]
            for code, reason in sorted(result.not_run.items()):
                title = result.titles.get(code)
                name = f"<code>{_e(code)}</code>" + (f" {_e(title)}" if title else "")
                lines.append(f"<li>{name}{_e(labels['colon'])}{_e(reason)}</li>")
            lines += ["</ul>", "</section>"]
        lines += ["</main>", "</body>", "</html>"]
        return "\n".join(lines) + "\n"

    @staticmethod
    def _header(result: CheckResult, labels: dict[str, str]) -> list[str]:
        meta = " · ".join(
            [
                window_text(result, labels),
                f"{labels['records']} {result.records}",
                f"{labels['violations']} {len(result.violations)}",
            ]
        )
        badges = [
            f'<li class="badge {sev}{" zero" if n == 0 else ""}">{_e(labels[sev])} {n}</li>'
            for sev, n in result.by_severity().items()
        ]
        n_data = len(result.data_errors)
        badges.append(
            f'<li class="badge data{" zero" if n_data == 0 else ""}">'
            f"{_e(labels['data'])} {n_data}</li>"
        )
        return [f'<p class="meta">{_e(meta)}</p>', '<ul class="badges">', *badges, "</ul>"]

    @staticmethod
    def _severity(violation: Violation, labels: dict[str, str]) -> str:
        sev = violation.severity.value
        return f'<td class="sev {sev}">{_e(labels[sev])}</td>'

    @staticmethod
    def _summary(result: CheckResult, labels: dict[str, str]) -> list[str]:
        header = [labels[k] for k in ("code", "name", "title", "severity", "count")]
        rows = []
        for code, group in by_code(result.all).items():
            sevs = "/".join(
                f'<span class="{s.value}">{_e(labels[s.value])}</span>' for s in severities(group)
            )
            rows.append(
                "<tr>"
                + _cell(code, "code")
                + _cell(group[0].name)
                + _cell(result.titles.get(code, ""))
                + f'<td class="sev">{sevs}</td>'
                + _cell(len(group), "num")
                + "</tr>"
            )
        return _table(header, rows, numeric=(4,))

    @classmethod
    def _violations(cls, group: list[Violation], labels: dict[str, str]) -> list[str]:
        header = [capital(labels["row"])] + [
            labels[k] for k in ("where", "code", "severity", "subject", "message")
        ]
        rows = [
            "<tr>"
            + _cell("" if v.location.row is None else v.location.row, "num")
            + _cell(position(v), "where")
            + _cell(v.code, "code")
            + cls._severity(v, labels)
            + _cell(v.subject)
            + _cell(v.message, "msg")
            + "</tr>"
            for v in group
        ]
        return _table(header, rows, numeric=(0,))

    @classmethod
    def _data_errors(cls, errors: list[Violation], labels: dict[str, str]) -> list[str]:
        header = [labels["file"], capital(labels["row"])] + [
            labels[k] for k in ("where", "code", "severity", "message")
        ]
        rows = [
            "<tr>"
            + _cell(v.location.file)
            + _cell("" if v.location.row is None else v.location.row, "num")
            + _cell(position(v), "where")
            + _cell(v.code, "code")
            + cls._severity(v, labels)
            + _cell(v.message, "msg")
            + "</tr>"
            for v in errors
        ]
        return _table(header, rows, numeric=(1,))
