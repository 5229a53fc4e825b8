"""The stylesheet and the script embedded in the HTML check report (``reporters/html.py``).

Both are static text: nothing from the data ever goes into them (the data travels in
escaped ``data-*`` attributes), so the page needs no escaping inside ``<style>`` or
``<script>``.
"""

from __future__ import annotations

#: Bar colours by severity and by run-to-run status (the stylesheet's swatches match).
SEVERITY_COLOURS = {"error": "#d92d20", "warning": "#f79009", "info": "#2e90fa"}
DELTA_COLOURS = {
    "new": "#d92d20",
    "regressed": "#912018",
    "persisting": "#f79009",
    "resolved": "#12b76a",
}

STYLESHEET = """\
:root { --error: #b42318; --error-bg: #fee4e2; --warning: #93370d; --warning-bg: #fef0c7;
  --info: #1849a9; --info-bg: #d1e9ff; --muted: #667085; --line: #d0d5dd; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 2rem auto; max-width: 80rem; padding: 0 1.5rem; color: #101828;
  font: 14px/1.5 -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei",
  "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.meta, .delta-summary { color: var(--muted); margin: 0 0 0.5rem; }
.badges, .legend { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0; padding: 0;
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
td.file { white-space: nowrap; }
td.code, td.where, td.date { white-space: nowrap; font-family: ui-monospace, Consolas, monospace; }
td.sev, td.status { white-space: nowrap; font-weight: 600; }
td.msg { white-space: pre-line; overflow-wrap: anywhere; }
td.status.new, td.status.regressed { color: var(--error); background: var(--error-bg); }
td.status.persisting { color: var(--warning); background: var(--warning-bg); }
td.soon { color: var(--warning); font-weight: 600; }
code { font-family: ui-monospace, Consolas, monospace; }
code.hash { font-size: 0.85em; overflow-wrap: anywhere; }
.none { font-weight: 600; color: #067647; }
.note { color: var(--muted); }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
figure { margin: 0; flex: 1 1 30rem; min-width: 0; }
figcaption { font-weight: 600; margin: 0 0 0.25rem; }
svg.chart { display: block; max-width: 100%; height: auto; }
figure[data-filter-target] g.bar[data-key] { cursor: pointer; }
figure[data-filter-target] g.bar[data-key]:hover rect { opacity: 0.8; }
.legend { margin-top: 0.25rem; color: #344054; font-size: 0.9em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em;
  vertical-align: -0.05em; border-radius: 2px; }
.swatch.error { background: #d92d20; }
.swatch.warning { background: #f79009; }
.swatch.info { background: #2e90fa; }
.filters { display: flex; flex-wrap: wrap; align-items: end; gap: 0.5rem 1rem;
  margin: 0.5rem 0; padding: 0.5rem 0.75rem; background: #f9fafb;
  border: 1px solid var(--line); border-radius: 6px; }
.filters label { display: flex; flex-direction: column; font-size: 0.85em; color: #344054; }
.filters select, .filters input, .filters button { font: inherit; font-size: 14px;
  padding: 0.2rem 0.4rem; }
.filters input { min-width: 14rem; }
.filters select { max-width: 24rem; }
.filters .shown { margin-left: auto; color: var(--muted); }
details.manifest { margin: 2rem 0 0; border: 1px solid var(--line); border-radius: 6px;
  padding: 0.5rem 0.75rem; }
details.manifest summary { cursor: pointer; font-weight: 600; }
table.kv th { width: 12rem; }
footer { margin: 2rem 0; color: var(--muted); font-size: 0.85em; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  figure { break-inside: avoid; page-break-inside: avoid; }
  .filters { display: none !important; }
  .badge, td.sev, td.status, th, .swatch { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
}
"""

#: Wires the filter form to the violations table: the form is ``hidden`` in the HTML, so
#: without scripts the page shows the whole table and no dead controls. A bar of a chart
#: with a ``data-key`` sets the filter its figure names; the page's fragment may preset
#: the filters (``#severity=error&rule=PRC&q=办公室``). When it has run, the ``<html>``
#: element carries ``data-filter="ready"`` and the table ``data-shown`` (rows shown).
SCRIPT = """\
(function () {
  "use strict";
  var root = document.documentElement;
  var form = document.getElementById("filters");
  var table = document.getElementById("violations-table");
  if (!form || !table || !table.tBodies.length) {
    root.setAttribute("data-filter", "none");
    return;
  }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var field = function (name) { return form.elements.namedItem(name); };
  var count = document.getElementById("shown-count");
  function apply() {
    var severity = field("severity") ? field("severity").value : "";
    var rule = field("rule") ? field("rule").value : "";
    var status = field("status") ? field("status").value : "";
    var text = field("q") ? field("q").value.trim().toLowerCase() : "";
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!severity || row.getAttribute("data-severity") === severity) &&
        (!rule || row.getAttribute("data-family") === rule ||
          row.getAttribute("data-code") === rule) &&
        (!status || row.getAttribute("data-status") === status) &&
        (!text || row.textContent.toLowerCase().indexOf(text) !== -1);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (count) { count.textContent = String(shown); }
    table.setAttribute("data-shown", String(shown));
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  Array.prototype.forEach.call(
    document.querySelectorAll("figure[data-filter-target]"),
    function (figure) {
      var target = field(figure.getAttribute("data-filter-target"));
      if (!target) { return; }
      Array.prototype.forEach.call(
        figure.querySelectorAll("g.bar[data-key]"),
        function (bar) {
          bar.addEventListener("click", function () {
            target.value = bar.getAttribute("data-key");
            apply();
            form.scrollIntoView({ block: "start" });
          });
        }
      );
    }
  );
  // a link may preset the filters: report.html#severity=error&rule=PRC&q=text
  window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
    var at = pair.indexOf("=");
    if (at < 1) { return; }
    try {
      var name = decodeURIComponent(pair.slice(0, at));
      var value = decodeURIComponent(pair.slice(at + 1).replace(/[+]/g, " "));
      var input = ["severity", "rule", "status", "q"].indexOf(name) !== -1 && field(name);
      if (input) { input.value = value; }
    } catch (error) { /* a malformed fragment presets nothing */ }
  });
  form.hidden = false;
  apply();
  root.setAttribute("data-filter", "ready");
})();
"""
