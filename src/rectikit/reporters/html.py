"""HTML: a check report as one self-contained UTF-8 HTML5 page, fit to send by email.

The page holds, in order: the window and counts by severity; a summary by rule (title,
severities, count, citation); charts drawn as inline SVG (violations by rule family and
by unit, stacked by severity, and the run-to-run statuses with ``--compare``); the
violations in one table with a filter form (severity, family or rule, status, text);
what the previous report had and this run no longer finds; the waived violations with
their reason, approver and expiry; the data errors; the rules not run; and the run
manifest in a collapsible section.

Self-contained: one embedded stylesheet and one small embedded script, no fonts,
images, links or other files. Without scripts (an email client, a locked-down browser)
the filter form stays hidden and the table lists everything. Every text from the data
is escaped and travels only in element content and quoted attributes, never in the
script. The unit of a violation is read from its details (see
:mod:`rectikit.reporters.grouping`).
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import timedelta
from typing import TextIO

from rectikit import __version__
from rectikit.engine.manifest import FileEntry, Manifest
from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter
from rectikit.reporters.grouping import family_of, unit_of
from rectikit.reporters.html_assets import (
    DELTA_COLOURS,
    SCRIPT,
    SEVERITY_COLOURS,
    STYLESHEET,
)
from rectikit.reporters.labels import HTML_LABELS, REPORT_LABELS
from rectikit.reporters.markdown import (
    by_code,
    capital,
    data_errors,
    labels_for,
    position,
    rule_violations,
    severities,
    window_text,
)
from rectikit.reporters.svg import Bar, Segment, bar_chart
from rectikit.reporters.workflow import status_label

#: Units shown by name in the unit chart; the rest are summed in one bar.
TOP_UNITS = 12
#: Run-to-run statuses in the order reports show them.
DELTA_ORDER = ("new", "regressed", "persisting", "resolved")

_NUM = ' class="num"'
_SEVERITIES = ("error", "warning", "info")


def _e(text: object) -> str:
    """``text`` escaped for element content and quoted attribute values."""
    return html.escape(str(text), quote=True)


def _cell(text: object, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{_e(text)}</td>"


def _row_number(violation: Violation) -> str:
    return "" if violation.location.row is None else str(violation.location.row)


def _table(
    header: list[str], rows: list[str], numeric: tuple[int, ...] = (), attrs: str = ""
) -> list[str]:
    """A table with a ``thead`` of ``header`` and body ``rows`` (already rendered ``tr``)."""
    ths = "".join(
        f'<th scope="col"{_NUM if i in numeric else ""}>{_e(h)}</th>' for i, h in enumerate(header)
    )
    return [
        f"<table{attrs}>",
        f"<thead><tr>{ths}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def page_labels(lang: str) -> dict[str, str]:
    """The words of the HTML report in ``lang`` (``zh`` or ``en``)."""
    key = "en" if lang == "en" else "zh"
    return {**labels_for(key), **REPORT_LABELS[key], **HTML_LABELS[key]}


class HtmlReporter(Reporter):
    """A standalone HTML page with SVG charts and a filterable table; severities
    coloured (error red, warning amber, info blue)."""

    name = "html"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        stream.write(self.render(result))

    def render(self, result: CheckResult) -> str:
        """The page as a text ending in one newline."""
        return _Page(result, self.options.lang).render()


class _Page:
    """Lays out one result; one method per part of the page."""

    def __init__(self, result: CheckResult, lang: str) -> None:
        self.result = result
        self.lang = "en" if lang == "en" else "zh"
        self.labels = page_labels(self.lang)
        self.violations = rule_violations(result)

    def render(self) -> str:
        labels = self.labels
        lines = [
            "<!DOCTYPE html>",
            f'<html lang="{"en" if self.lang == "en" else "zh-CN"}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="rectikit">',
            f"<title>{_e(labels['report'])} {_e(self.result.as_of.isoformat())}</title>",
            "<style>",
            STYLESHEET.rstrip("\n"),
            "</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{_e(labels['report'])}</h1>",
            *self.header(),
            "</header>",
            "<main>",
            *self.charts(),
            *self.summary(),
            *self.details(),
            *self.resolved(),
            *self.waived(),
            *self.data_errors(),
            *self.not_run(),
            *self.manifest(),
            "</main>",
            f"<footer>{_e(labels['generated'].format(version=__version__))}</footer>",
            "<script>",
            SCRIPT.rstrip("\n"),
            "</script>",
            "</body>",
            "</html>",
        ]
        return "\n".join(lines) + "\n"

    # -- header and summary ---------------------------------------------------------

    def header(self) -> list[str]:
        result, labels = self.result, self.labels
        parts = [
            window_text(result, labels),
            f"{labels['records']} {result.records}",
            f"{labels['violations']} {len(result.violations)}",
        ]
        if result.redacted:
            parts.append(labels["redacted"].format(n=result.redacted))
        badges = [
            f'<li class="badge {sev}{" zero" if n == 0 else ""}">{_e(labels[sev])} {n}</li>'
            for sev, n in result.by_severity().items()
        ]
        n_data = len(result.data_errors)
        badges.append(
            f'<li class="badge data{" zero" if n_data == 0 else ""}">'
            f"{_e(labels['data'])} {n_data}</li>"
        )
        lines = [f'<p class="meta">{_e(" · ".join(parts))}</p>', '<ul class="badges">']
        lines += [*badges, "</ul>"]
        if result.delta is not None:
            delta = result.delta
            sep = "，" if self.lang == "zh" else ", "
            text = sep.join(
                f"{status_label(s, self.lang)} {n}" for s, n in self._delta_counts().items()
            )
            lines.append(
                f'<p class="delta-summary">{_e(labels["compared"])} '
                f"<code>{_e(delta.previous)}</code>"
                f"{_e(labels['open'])}{_e(delta.previous_as_of.isoformat())}"
                f"{_e(labels['close'])}{_e(labels['colon'])}{_e(text)}</p>"
            )
        return lines

    def _delta_counts(self) -> dict[str, int]:
        counts = self.result.delta.counts() if self.result.delta is not None else {}
        return {status: counts.get(status, 0) for status in DELTA_ORDER}

    def summary(self) -> list[str]:
        result, labels = self.result, self.labels
        if not result.all:
            return []
        header = [labels[k] for k in ("code", "name", "title", "severity", "count", "basis")]
        rows = []
        for code, group in by_code(result.all).items():
            sevs = "/".join(
                f'<span class="{s.value}">{_e(labels[s.value])}</span>' for s in severities(group)
            )
            cited = next((v.citation for v in group if v.citation), "")
            rows.append(
                "<tr>"
                + _cell(code, "code")
                + _cell(group[0].name)
                + _cell(result.titles.get(code, ""))
                + f'<td class="sev">{sevs}</td>'
                + _cell(len(group), "num")
                + _cell(cited)
                + "</tr>"
            )
        return [
            '<section class="summary" id="summary">',
            f"<h2>{_e(labels['summary'])}</h2>",
            *_table(header, rows, numeric=(4,)),
            "</section>",
        ]

    # -- charts ---------------------------------------------------------------------

    def charts(self) -> list[str]:
        if not self.violations:
            return []
        labels = self.labels
        legend = "".join(
            f'<li><span class="swatch {sev}"></span>{_e(labels[sev])}</li>' for sev in _SEVERITIES
        )
        legend = f'<ul class="legend">{legend}</ul>'
        figures = [
            self._figure(labels["by_family"], self._family_chart(), "rule", legend),
            self._figure(labels["by_unit"], self._unit_chart(), "q", legend),
        ]
        if self.result.delta is not None:
            figures.append(self._figure(labels["by_delta"], self._delta_chart(), "status"))
        return [
            '<section class="charts-section" id="charts">',
            f"<h2>{_e(labels['charts'])}</h2>",
            '<div class="charts">',
            *figures,
            "</div>",
            "</section>",
        ]

    @staticmethod
    def _figure(caption: str, svg: str, target: str, legend: str = "") -> str:
        """A chart with its caption; a click on one of its bars sets the ``target``
        filter."""
        return (
            f'<figure data-filter-target="{_e(target)}">'
            f"<figcaption>{_e(caption)}</figcaption>\n{svg}\n{legend}</figure>"
        )

    def _segments(self, group: list[Violation]) -> tuple[Segment, ...]:
        counts = Counter(v.severity.value for v in group)
        return tuple(
            Segment(counts[sev], SEVERITY_COLOURS[sev], self.labels[sev], sev)
            for sev in _SEVERITIES
            if counts[sev]
        )

    @staticmethod
    def _ranked(groups: dict[str, list[Violation]]) -> list[tuple[str, list[Violation]]]:
        return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))

    def _family_chart(self) -> str:
        groups: dict[str, list[Violation]] = {}
        for violation in self.violations:
            groups.setdefault(family_of(violation.code), []).append(violation)
        bars = [
            Bar(family, self._segments(group), key=family) for family, group in self._ranked(groups)
        ]
        return bar_chart(bars, title=self.labels["by_family"], cls="by-family")

    def _unit_chart(self) -> str:
        labels = self.labels
        groups: dict[str, list[Violation]] = {}
        unnamed: list[Violation] = []
        for violation in self.violations:
            unit = unit_of(violation)
            if unit is None:
                unnamed.append(violation)
            else:
                groups.setdefault(unit, []).append(violation)
        ranked = self._ranked(groups)
        bars = [Bar(unit, self._segments(group), key=unit) for unit, group in ranked[:TOP_UNITS]]
        rest = ranked[TOP_UNITS:]
        if rest:
            others = [v for _, group in rest for v in group]
            bars.append(Bar(labels["other_units"].format(n=len(rest)), self._segments(others)))
        if unnamed:
            bars.append(Bar(labels["no_unit"], self._segments(unnamed)))
        return bar_chart(bars, title=labels["by_unit"], cls="by-unit")

    def _delta_chart(self) -> str:
        bars = [
            Bar(
                status_label(status, self.lang),
                (Segment(n, DELTA_COLOURS[status], cls=status),),
                key="" if status == "resolved" else status,
            )
            for status, n in self._delta_counts().items()
        ]
        return bar_chart(bars, title=self.labels["by_delta"], cls="by-delta")

    # -- the violations table -------------------------------------------------------

    def details(self) -> list[str]:
        labels = self.labels
        lines = ['<section class="details" id="violations">']
        lines.append(f"<h2>{_e(labels['details_heading'])}</h2>")
        if not self.violations:
            lines += [f'<p class="none">{_e(labels["none"])}</p>', "</section>"]
            return lines
        compared = self.result.delta is not None
        header = [labels["file"], capital(labels["row"])] + [
            labels[k] for k in ("where", "code", "severity", "unit", "subject", "message")
        ]
        if compared:
            header += [labels["status"], labels["first_seen"], labels["age"]]
        rows = [self._violation_row(v, compared) for v in self.violations]
        numeric = (1, 10) if compared else (1,)
        lines += [
            f'<noscript><p class="note">{_e(labels["noscript"])}</p></noscript>',
            *self._filters(),
            *_table(header, rows, numeric=numeric, attrs=' id="violations-table"'),
            "</section>",
        ]
        return lines

    def _violation_row(self, v: Violation, compared: bool) -> str:
        entry = self.result.delta.of(v) if self.result.delta is not None else None
        attrs = (
            f' data-severity="{_e(v.severity.value)}" data-family="{_e(family_of(v.code))}"'
            f' data-code="{_e(v.code)}"'
        )
        if entry is not None:
            attrs += f' data-status="{_e(entry.status)}"'
        cells = [
            _cell(v.location.file, "file"),
            _cell(_row_number(v), "num"),
            _cell(position(v), "where"),
            _cell(v.code, "code"),
            f'<td class="sev {v.severity.value}">{_e(self.labels[v.severity.value])}</td>',
            _cell(unit_of(v) or "", "unit"),
            _cell(v.subject),
            _cell(v.message, "msg"),
        ]
        if compared:
            if entry is None:
                cells += ["<td></td>", "<td></td>", "<td></td>"]
            else:
                cells += [
                    f'<td class="status {_e(entry.status)}">'
                    f"{_e(status_label(entry.status, self.lang))}</td>",
                    _cell(entry.first_seen.isoformat(), "date"),
                    _cell(entry.age_days, "num"),
                ]
        return f"<tr{attrs}>" + "".join(cells) + "</tr>"

    def _filters(self) -> list[str]:
        labels = self.labels
        total = len(self.violations)
        everything = f'<option value="">{_e(labels["filter_all"])}</option>'
        by_sev = Counter(v.severity.value for v in self.violations)
        severity = "".join(
            f'<option value="{sev}">{_e(labels[sev])} ({by_sev[sev]})</option>'
            for sev in _SEVERITIES
            if by_sev[sev]
        )
        families: dict[str, dict[str, int]] = {}
        for violation in self.violations:
            codes = families.setdefault(family_of(violation.code), {})
            codes[violation.code] = codes.get(violation.code, 0) + 1
        rules = []
        for family, codes in sorted(families.items()):
            rules.append(f'<optgroup label="{_e(family)}">')
            rules.append(
                f'<option value="{_e(family)}">{_e(family)} · {_e(labels["filter_all"])} '
                f"({sum(codes.values())})</option>"
            )
            for code, n in sorted(codes.items()):
                title = self.result.titles.get(code, "")
                text = f"{code} {title}".strip()
                rules.append(f'<option value="{_e(code)}">{_e(text)} ({n})</option>')
            rules.append("</optgroup>")
        controls = [
            f"<label>{_e(labels['filter_severity'])}"
            f'<select name="severity">{everything}{severity}</select></label>',
            f"<label>{_e(labels['filter_rule'])}"
            f'<select name="rule">{everything}{"".join(rules)}</select></label>',
        ]
        if self.result.delta is not None:
            counts = Counter(
                entry.status
                for entry in (self.result.delta.of(v) for v in self.violations)
                if entry is not None
            )
            statuses = "".join(
                f'<option value="{s}">{_e(status_label(s, self.lang))} ({counts[s]})</option>'
                for s in DELTA_ORDER
                if counts[s]
            )
            controls.append(
                f"<label>{_e(labels['filter_status'])}"
                f'<select name="status">{everything}{statuses}</select></label>'
            )
        controls.append(
            f"<label>{_e(labels['filter_text'])}"
            f'<input type="search" name="q" placeholder="{_e(labels["filter_placeholder"])}">'
            "</label>"
        )
        controls.append(f'<button type="reset">{_e(labels["filter_reset"])}</button>')
        shown = _e(labels["shown"]).format(
            shown=f'<span id="shown-count">{total}</span>', total=total
        )
        return [
            '<form id="filters" class="filters" hidden>',
            *controls,
            f'<p class="shown">{shown}</p>',
            "</form>",
        ]

    # -- the other lists ------------------------------------------------------------

    def resolved(self) -> list[str]:
        delta = self.result.delta
        if delta is None or not delta.resolved:
            return []
        labels = self.labels
        header = [labels["file"], capital(labels["row"])] + [
            labels[k] for k in ("code", "severity", "subject", "message", "first_seen", "age")
        ]
        rows = []
        for gone in delta.resolved:
            sev = gone.severity if gone.severity in _SEVERITIES else ""
            rows.append(
                '<tr data-status="resolved">'
                + _cell(gone.location.get("file", "") or "")
                + _cell(gone.location.get("row") or "", "num")
                + _cell(gone.code, "code")
                + _cell(labels[sev] if sev else gone.severity, f"sev {sev}".strip())
                + _cell(gone.subject)
                + _cell(gone.message, "msg")
                + _cell(gone.entry.first_seen.isoformat(), "date")
                + _cell(gone.entry.age_days, "num")
                + "</tr>"
            )
        return [
            '<section class="resolved" id="resolved">',
            f"<h2>{_e(labels['resolved_heading'])}</h2>",
            *_table(header, rows, numeric=(1, 7)),
            "</section>",
        ]

    def waived(self) -> list[str]:
        items = self.result.waived_list
        if not items:
            return []
        labels = self.labels
        header = [labels["file"], capital(labels["row"])] + [
            labels[k] for k in ("code", "subject", "message", "reason", "approver", "expiry")
        ]
        rows = []
        for item in items:
            v = item.violation
            if item.expiry is None:
                expiry = _cell(labels["no_expiry"], "date")
            elif item.expiry <= self.result.as_of + timedelta(days=item.notice_days):
                expiry = (
                    f'<td class="date soon">{_e(item.expiry.isoformat())} '
                    f"({_e(labels['expires_soon'].format(n=item.notice_days))})</td>"
                )
            else:
                expiry = _cell(item.expiry.isoformat(), "date")
            rows.append(
                f'<tr data-code="{_e(v.code)}">'
                + _cell(v.location.file)
                + _cell(_row_number(v), "num")
                + _cell(v.code, "code")
                + _cell(v.subject)
                + _cell(v.message, "msg")
                + _cell(item.reason, "msg")
                + _cell(item.approver)
                + expiry
                + "</tr>"
            )
        return [
            '<section class="waived" id="waived">',
            f"<h2>{_e(labels['waived_heading'])}</h2>",
            *_table(header, rows, numeric=(1,)),
            "</section>",
        ]

    def data_errors(self) -> list[str]:
        errors = data_errors(self.result)
        if not errors:
            return []
        labels = self.labels
        header = [labels["file"], capital(labels["row"])] + [
            labels[k] for k in ("where", "code", "severity", "message")
        ]
        rows = [
            "<tr>"
            + _cell(v.location.file)
            + _cell(_row_number(v), "num")
            + _cell(position(v), "where")
            + _cell(v.code, "code")
            + f'<td class="sev {v.severity.value}">{_e(labels[v.severity.value])}</td>'
            + _cell(v.message, "msg")
            + "</tr>"
            for v in errors
        ]
        return [
            '<section class="data-errors" id="data-errors">',
            f"<h2>{_e(capital(labels['data']))}</h2>",
            *_table(header, rows, numeric=(1,)),
            "</section>",
        ]

    def not_run(self) -> list[str]:
        result, labels = self.result, self.labels
        if not result.not_run:
            return []
        lines = [
            '<section class="not-run" id="not-run">',
            f"<h2>{_e(labels['not_run_heading'])}</h2>",
            "<ul>",
        ]
        for code, reason in sorted(result.not_run.items()):
            title = result.titles.get(code)
            name = f"<code>{_e(code)}</code>" + (f" {_e(title)}" if title else "")
            lines.append(f"<li>{name}{_e(labels['colon'])}{_e(reason)}</li>")
        return [*lines, "</ul>", "</section>"]

    # -- the run manifest -----------------------------------------------------------

    def manifest(self) -> list[str]:
        manifest = self.result.manifest
        if manifest is None:
            return []
        labels = self.labels
        lines = [
            '<details class="manifest" id="manifest">',
            f"<summary>{_e(labels['manifest'])}</summary>",
            *self._manifest_facts(manifest),
        ]
        files = (("inputs", manifest.inputs), ("other_files", manifest.others))
        for key, entries in files:
            if entries:
                lines.append(f"<h3>{_e(labels[key])}</h3>")
                lines += self._files(entries)
        if manifest.rule_packs:
            lines.append(f"<h3>{_e(labels['rule_packs'])}</h3>")
            rows = [
                "<tr>"
                + _cell(p.pack, "code")
                + _cell(p.source)
                + _cell(p.version, "code")
                + "</tr>"
                for p in manifest.rule_packs
            ]
            header = [labels["pack"], labels["source"], labels["pack_version"]]
            lines += _table(header, rows)
        if manifest.rules_run:
            lines.append(f"<h3>{_e(labels['rules_run'])}</h3>")
            codes = " ".join(f"<code>{_e(code)}</code>" for code in manifest.rules_run)
            lines.append(f'<p class="rules-run">{codes}</p>')
        lines.append("</details>")
        return lines

    def _manifest_facts(self, manifest: Manifest) -> list[str]:
        labels = self.labels
        facts = [
            ("version", _e(manifest.version)),
            ("python", _e(manifest.python)),
            ("as_of", _e(manifest.as_of.isoformat())),
            ("since", _e(manifest.since.isoformat())),
            ("lang", _e(manifest.lang)),
        ]
        if manifest.config is None:
            config = _e(labels["no_config"])
        else:
            config = (
                f"{_e(manifest.config.file)}<br>"
                f'<code class="hash">{_e(manifest.config.sha256)}</code>'
            )
        facts.append(("config", config))
        rows = [f'<tr><th scope="row">{_e(labels[k])}</th><td>{v}</td></tr>' for k, v in facts]
        return ['<table class="kv">', "<tbody>", *rows, "</tbody>", "</table>"]

    def _files(self, entries: tuple[FileEntry, ...]) -> list[str]:
        labels = self.labels
        header = [labels["file"], labels["kind"], labels["bytes"], labels["sha256"]]
        rows = [
            "<tr>"
            + _cell(f.file)
            + _cell(f.kind)
            + _cell(f.bytes, "num")
            + f'<td><code class="hash">{_e(f.sha256)}</code></td>'
            + "</tr>"
            for f in entries
        ]
        return _table(header, rows, numeric=(2,))
