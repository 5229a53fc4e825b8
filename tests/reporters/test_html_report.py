"""The HTML check report: one self-contained page with SVG charts, a filterable table,
waivers, run-to-run deltas and the run manifest; parsed with html.parser."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from support import cli_no_traceback

from rectikit.engine.delta import Delta, DeltaEntry, Resolved
from rectikit.engine.manifest import FileEntry, Manifest, PackEntry
from rectikit.engine.result import CheckResult, WaivedViolation
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter, ReportOptions
from rectikit.reporters.grouping import family_of, unit_of
from rectikit.reporters.html import TOP_UNITS, HtmlReporter

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee"
HOSTILE = "<script>alert(1)</script>"
CITATION = "《政府采购内部控制规范》（单位修订版）"
VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr", "source"}

# -- a small DOM -----------------------------------------------------------------------


class Node:
    """An element: tag, attributes, and its content (text and elements, in order)."""

    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.content: list[Node | str] = []

    @property
    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.content)


class Dom(HTMLParser):
    """Builds the tree, checking that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.errors: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].content.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if self.stack[-1].tag != tag:
            self.errors.append(f"unexpected </{tag}> (open: {[n.tag for n in self.stack]})")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def parse(page: str) -> Node:
    dom = Dom()
    dom.feed(page)
    dom.close()
    assert not dom.errors, dom.errors
    assert [n.tag for n in dom.stack] == ["#document"]
    assert dom.doctype.lower() == "doctype html"
    return dom.root


def rows(table: Node) -> list[list[str]]:
    return [[td.text for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]


def header(table: Node) -> list[str]:
    return [th.text for th in table.find("thead").find_all("th")]


# -- results built in memory -------------------------------------------------------------


def violation(
    code: str,
    row: int | None,
    subject: str,
    message: str,
    severity: Severity = Severity.ERROR,
    file: str = "采购台账.csv",
    kind: str | None = "procurement",
    **details: str,
) -> Violation:
    data = code.startswith("DAT")
    return Violation(
        code=code,
        name=code.lower(),
        severity=severity,
        kind=None if data else kind,
        subject=subject,
        message=message,
        location=Location(file, row, "budget"),
        citation="" if data else CITATION,
        details=details,
    )


def sample(**changes: object) -> CheckResult:
    violations = (
        violation("PRC001", 2, "P1", "定向采购超限额", unit="办公室"),
        violation("PRC002", 3, "P2", "比价供应商不足", Severity.WARNING, unit="宣传处"),
        violation("PRC001", 5, "P4", "项目“" + HOSTILE + "”超限额", unit=HOSTILE),
        violation(
            "MTG001",
            4,
            "DZ01|2023Q3",
            "未召开党员大会",
            Severity.WARNING,
            "党组织.csv",
            "party_orgs",
            org="轻工培训中心党支部",
        ),
        violation(
            "ELC003", 6, "DZ10", "即将届满", Severity.INFO, "党组织.csv", "party_orgs", name="工委"
        ),
        violation("ITG002", 7, "甲|乙", "半年未谈话", Severity.WARNING, "人员.csv", "talks"),
    )
    result = CheckResult(
        as_of=date(2023, 12, 31),
        since=date(2023, 1, 1),
        records=40,
        violations=violations,
        data_errors=(
            violation("DAT003", 9, "budget", "“预算”列的值“abc”无法识别为金额", file="a.csv"),
        ),
        not_run={"AST001": "no assets file"},
        titles={"PRC001": "定向采购超限额", "PRC002": "比价供应商不足", "MTG001": HOSTILE},
        waived_list=(
            WaivedViolation(
                violation("PRC002", 14, "CG-13", "比价供应商不足", Severity.WARNING),
                reason="工委会同意 <b>",
                approver="工委书记",
                expiry=date(2024, 1, 15),
            ),
            WaivedViolation(
                violation("PRC003", 15, "CG-14", "未编制采购文件"),
                reason="长期例外",
                approver="主任",
            ),
        ),
        waived=2,
        manifest=Manifest(
            version="9.9.9",
            python="3.11.7",
            as_of=date(2023, 12, 31),
            since=date(2023, 1, 1),
            rule_packs=(PackEntry("procurement.toml", "rectikit", "1.0"),),
            rules_run=("MTG001", "PRC001", "PRC002"),
            config=FileEntry("rectikit.toml", "ab" * 32, 120, "config"),
            inputs=(FileEntry("采购台账.csv", "cd" * 32, 300, "procurement"),),
            others=(FileEntry("waivers.toml", "ef" * 32, 80, "waivers"),),
        ),
    )
    return attrs.evolve(result, **changes)


def compared(result: CheckResult) -> CheckResult:
    entries = {}
    for index, v in enumerate(result.violations):
        status = ("new", "persisting", "regressed")[index % 3]
        first = date(2023, 12, 31) if status == "new" else date(2023, 10, 31)
        entries[(v.code, v.subject)] = DeltaEntry(status, first, (date(2023, 12, 31) - first).days)
    gone = Resolved(
        code="PRC005",
        subject="BL-1+" + HOSTILE,
        severity="warning",
        message="疑似化整为零",
        location={"file": "采购台账.csv", "row": 8},
        entry=DeltaEntry("resolved", date(2023, 6, 30), 184),
    )
    delta = Delta("2023-10.json", date(2023, 10, 31), entries, (gone,))
    return sample(delta=delta)


def page(result: CheckResult, lang: str = "zh") -> str:
    stream = io.StringIO()
    HtmlReporter(ReportOptions(lang=lang)).write(result, stream)
    return stream.getvalue()


# -- the tests ----------------------------------------------------------------------------


def test_reporter_interface() -> None:
    assert HtmlReporter.name == "html" and issubclass(HtmlReporter, Reporter)
    assert not HtmlReporter.binary
    data = HtmlReporter().to_bytes(sample())
    assert data.decode("utf-8") == page(sample())
    assert b'<meta charset="utf-8">' in data and page(sample()).endswith("</html>\n")


def test_self_contained_no_external_urls() -> None:
    out = page(compared(sample()))
    root = parse(out)
    assert root.find("html").attrs == {"lang": "zh-CN"}
    tags = {n.tag for n in root.iter()}
    assert not tags & {"link", "img", "iframe", "object", "embed", "image", "use", "a"}
    for node in root.iter():
        for name, value in node.attrs.items():
            assert name not in ("src", "href", "xlink:href", "action", "srcset"), node.tag
            assert "//" not in (value or ""), (node.tag, name, value)
    assert not re.search(r"https?:|@import|url\(|@font-face", out)
    # one stylesheet and one script, both inline
    assert len(root.find_all("style")) == 1
    (script,) = root.find_all("script")
    assert (
        script.attrs == {} and "fetch(" not in script.text and "XMLHttpRequest" not in script.text
    )


def test_hostile_text_is_escaped_everywhere() -> None:
    out = page(compared(sample()))
    root = parse(out)
    # the only script element is ours, and no data went into it
    (script,) = root.find_all("script")
    assert "alert" not in script.text
    assert out.count("<script>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    text = root.text
    assert "项目“" + HOSTILE + "”超限额" in text  # shown as text in the table
    # in the unit chart (an SVG label and tooltip), the unit column, the titles
    unit_chart = root.find("svg", "by-unit")
    assert any(HOSTILE in t.text for t in unit_chart.find_all("title"))
    assert any(td.text == HOSTILE for td in root.find("table", id="violations-table").iter())
    assert "工委会同意 <b>" in text and "<b>" not in out
    assert "BL-1+" + HOSTILE in text  # a resolved violation's subject


def test_summary_counts_by_severity_and_by_code_with_titles() -> None:
    root = parse(page(sample()))
    badges = [li.text for li in root.find("ul", "badges").find_all("li")]
    assert badges == ["错误 2", "警告 3", "提示 1", "数据问题 1"]
    assert "评估期 2023-01-01 – 2023-12-31 · 记录 40 · 违规 6" in root.find("p", "meta").text
    table = root.find("section", "summary").find("table")
    assert header(table) == ["规则", "名称", "标题", "级别", "数量", "依据"]
    by_code = {r[0]: r for r in rows(table)}
    assert list(by_code) == ["DAT003", "ELC003", "ITG002", "MTG001", "PRC001", "PRC002"]
    assert by_code["PRC001"][2:5] == ["定向采购超限额", "错误", "2"]
    assert by_code["PRC001"][5] == CITATION
    assert by_code["MTG001"][2] == HOSTILE


def test_family_chart_has_one_bar_per_family_stacked_by_severity() -> None:
    root = parse(page(sample()))
    section = root.find("section", id="charts")
    figures = section.find_all("figure")
    assert [f.find("figcaption").text for f in figures] == ["按规则类别统计违规", "按单位统计违规"]
    assert figures[0].attrs["data-filter-target"] == "rule"
    chart = section.find("svg", "by-family")
    bars = chart.find_all("g", "bar")
    # PRC 3 first (most), then the three families of one violation each, by name
    assert [b.attrs["data-key"] for b in bars] == ["PRC", "ELC", "ITG", "MTG"]
    prc = bars[0].find_all("rect", "segment")
    assert [r.attrs["fill"] for r in prc] == ["#d92d20", "#f79009"]  # 2 errors, 1 warning
    assert [r.classes[-1] for r in prc] == ["error", "warning"]
    assert bars[0].find("title").text == "PRC: 3 (错误 2, 警告 1)"
    legend = [li.text for li in section.find("ul", "legend").find_all("li")]
    assert legend == ["错误", "警告", "提示"]


def test_unit_chart_reads_units_from_details() -> None:
    result = sample()
    assert [unit_of(v) for v in result.violations] == [
        "办公室",
        "宣传处",
        HOSTILE,
        "轻工培训中心党支部",
        "工委",
        None,
    ]
    chart = parse(page(result)).find("svg", "by-unit")
    labels = [b.find("text", "label").text for b in chart.find_all("g", "bar")]
    # five units of one violation each, by name, then the violations naming none
    units = sorted([HOSTILE, "办公室", "宣传处", "工委", "轻工培训中心党支部"])
    assert labels == [*units, "未注明单位"]
    assert "data-key" not in chart.find_all("g", "bar")[-1].attrs


def test_unit_chart_keeps_the_top_units_and_sums_the_rest() -> None:
    many = (
        *(
            violation("PRC001", i, f"P{i}", "超限额", unit=f"单位{i:02d}")
            for i in range(1, TOP_UNITS + 4)
        ),
        violation("PRC001", 99, "P99", "超限额", unit="单位01"),
    )
    chart = parse(page(sample(violations=many))).find("svg", "by-unit")
    bars = chart.find_all("g", "bar")
    assert len(bars) == TOP_UNITS + 1
    assert bars[0].find("text", "label").text == "单位01"  # two violations: first
    assert bars[0].find("text", "value").text == "2"
    assert bars[-1].find("text", "label").text == "其他 3 个单位"
    assert bars[-1].find("text", "value").text == "3"


def test_grouping_helpers() -> None:
    assert family_of("PRC002") == "PRC" and family_of("X") == "X" and family_of("12") == "12"
    ledger = violation("LDG009", 3, "F15#t", "滞后", kind="ledger", unit="个", owner="宣传处")
    assert unit_of(ledger) == "宣传处"  # a target's measure unit (个) is no organization
    assert unit_of(violation("LDG009", 3, "F15#t", "滞后", kind="ledger", unit="个")) is None
    assert unit_of(violation("PRC001", 3, "P", "m", unit="  办公 室 ")) == "办公 室"


def test_filterable_table_and_controls() -> None:
    root = parse(page(sample()))
    section = root.find("section", id="violations")
    form = section.find("form", id="filters")
    assert "hidden" in form.attrs  # shown by the script only: no dead controls without it
    assert section.find("noscript").text.startswith("（未启用脚本")
    severity = form.find("select", name="severity")
    assert [(o.attrs["value"], o.text) for o in severity.find_all("option")] == [
        ("", "全部"),
        ("error", "错误 (2)"),
        ("warning", "警告 (3)"),
        ("info", "提示 (1)"),
    ]
    rule = form.find("select", name="rule")
    assert [g.attrs["label"] for g in rule.find_all("optgroup")] == ["ELC", "ITG", "MTG", "PRC"]
    values = [o.attrs["value"] for o in rule.find_all("option")]
    assert values == [
        "",
        "ELC",
        "ELC003",
        "ITG",
        "ITG002",
        "MTG",
        "MTG001",
        "PRC",
        "PRC001",
        "PRC002",
    ]
    assert form.find("option", value="PRC001").text == "PRC001 定向采购超限额 (2)"
    assert form.find("input", name="q").attrs["type"] == "search"
    assert form.find("button").attrs["type"] == "reset"
    assert form.find("span", id="shown-count").text == "6"
    assert not form.find_all("select", name="status")  # no comparison: no status filter
    table = section.find("table", id="violations-table")
    assert header(table) == ["文件", "行", "位置", "规则", "级别", "单位", "对象", "说明"]
    trs = table.find("tbody").find_all("tr")
    assert len(trs) == 6
    first = trs[0].attrs
    assert (first["data-severity"], first["data-family"], first["data-code"]) == (
        "warning",
        "ITG",
        "ITG002",
    )
    assert [r[3] for r in rows(table)] == [
        "ITG002",
        "MTG001",
        "ELC003",
        "PRC001",
        "PRC002",
        "PRC001",
    ]
    assert rows(table)[3][:6] == ["采购台账.csv", "2", "budget", "PRC001", "错误", "办公室"]
    script = root.find("script").text
    assert 'setAttribute("data-filter", "ready")' in script and "data-severity" in script


def test_data_errors_waivers_not_run() -> None:
    root = parse(page(sample()))
    data = root.find("section", id="data-errors")
    assert data.find("h2").text == "数据问题"
    assert rows(data.find("table"))[0] == [
        "a.csv",
        "9",
        "budget",
        "DAT003",
        "错误",
        "“预算”列的值“abc”无法识别为金额",
    ]
    waived = root.find("section", id="waived")
    table = waived.find("table")
    assert header(table) == ["文件", "行", "规则", "对象", "说明", "原因", "批准人", "有效期至"]
    assert rows(table) == [
        [
            "采购台账.csv",
            "14",
            "PRC002",
            "CG-13",
            "比价供应商不足",
            "工委会同意 <b>",
            "工委书记",
            "2024-01-15 (30 天内到期)",
        ],
        ["采购台账.csv", "15", "PRC003", "CG-14", "未编制采购文件", "长期例外", "主任", "长期"],
    ]
    assert "soon" in table.find_all("td")[7].classes
    assert root.find("section", id="not-run").find("li").text == "AST001：no assets file"


def test_manifest_in_a_collapsible_section() -> None:
    root = parse(page(sample()))
    details = root.find("details", id="manifest")
    assert "open" not in details.attrs
    assert details.find("summary").text == "运行清单（用于复现本报告）"
    facts = {
        tr.find("th").text: tr.find("td").text for tr in details.find("table", "kv").find_all("tr")
    }
    assert facts["rectikit 版本"] == "9.9.9"
    assert facts["评估日期"] == "2023-12-31" and facts["起始日期"] == "2023-01-01"
    assert facts["配置文件"] == "rectikit.toml" + "ab" * 32
    tables = details.find_all("table")
    assert rows(tables[1]) == [["采购台账.csv", "procurement", "300", "cd" * 32]]
    assert rows(tables[2]) == [["waivers.toml", "waivers", "80", "ef" * 32]]
    assert rows(tables[3]) == [["procurement.toml", "rectikit", "1.0"]]
    assert details.find("p", "rules-run").text == "MTG001 PRC001 PRC002"
    assert root.find("footer").text.startswith("由 rectikit ")


def test_no_manifest_no_section() -> None:
    assert not parse(page(sample(manifest=None))).find_all("details")


def test_delta_column_status_filter_resolved_section_and_chart() -> None:
    result = compared(sample())
    root = parse(page(result))
    summary = root.find("p", "delta-summary").text
    assert summary == "对比 2023-10.json（2023-10-31）：新增 2，复发 2，持续 2，已解决 1"
    table = root.find("table", id="violations-table")
    assert header(table)[-3:] == ["状态", "首次发现", "天数"]
    by_key = {(v.code, v.subject): v for v in result.violations}
    for tr in table.find("tbody").find_all("tr"):
        entry = result.delta.of(by_key[tr.attrs["data-code"], tr.find_all("td")[6].text])
        assert tr.attrs["data-status"] == entry.status
        cells = [td.text for td in tr.find_all("td")]
        assert cells[-2:] == [entry.first_seen.isoformat(), str(entry.age_days)]
    assert {r[8] for r in rows(table)} == {"新增", "持续", "复发"}
    status = root.find("select", name="status")
    assert [o.attrs["value"] for o in status.find_all("option")] == [
        "",
        "new",
        "regressed",
        "persisting",
    ]
    resolved = root.find("section", id="resolved")
    assert rows(resolved.find("table")) == [
        [
            "采购台账.csv",
            "8",
            "PRC005",
            "警告",
            "BL-1+" + HOSTILE,
            "疑似化整为零",
            "2023-06-30",
            "184",
        ]
    ]
    chart = root.find("svg", "by-delta")
    values = [b.find("text", "value").text for b in chart.find_all("g", "bar")]
    assert values == ["2", "2", "2", "1"]
    assert len(root.find("section", id="charts").find_all("figure")) == 3


def test_english() -> None:
    root = parse(page(compared(sample()), "en"))
    assert root.find("html").attrs == {"lang": "en"}
    text = root.text
    for label in (
        "rectikit check report",
        "Violations by rule family",
        "Violations by unit",
        "Run manifest",
        "Waived (approved exceptions)",
        "Resolved (in the previous report, gone now)",
        "First seen",
        "expires within 30 days",
        "no unit named",
    ):
        assert label in text, label
    assert "检查报告" not in text and "未注明单位" not in text
    assert "compared 2023-10.json (2023-10-31): new 2, regressed 2" in text


def test_empty_result() -> None:
    empty = CheckResult(
        as_of=date(2023, 12, 31), since=date(2023, 1, 1), records=3, violations=(), data_errors=()
    )
    root = parse(page(empty))
    assert root.find("p", "none").text == "未发现违规。"
    assert not root.find_all("svg") and not root.find_all("table") and not root.find_all("form")
    assert root.find_all("script")  # harmless: it finds no table and says so


# -- from the command line, on the example -------------------------------------------------


def run_html(tmp_path: Path, *argv: str, name: str = "report.html") -> Node:
    out = tmp_path / name
    code, _, err = cli_no_traceback(
        "check", str(EXAMPLE), "--as-of", "2023-12-31", "-o", str(out), *argv
    )
    assert code == 1, err
    return parse(out.read_text(encoding="utf-8"))


def test_example_from_the_cli(tmp_path: Path) -> None:
    root = run_html(tmp_path, "--format", "html")
    _, out, _ = cli_no_traceback("check", str(EXAMPLE), "--as-of", "2023-12-31", "--format", "json")
    report = json.loads(out)
    trs = root.find("table", id="violations-table").find("tbody").find_all("tr")
    assert len(trs) == report["summary"]["violations"]
    families = {family_of(code) for code in report["summary"]["by_code"]}
    bars = root.find("svg", "by-family").find_all("g", "bar")
    assert {b.attrs["data-key"] for b in bars} == families
    total = sum(int(b.find("text", "value").text) for b in bars)
    assert total == report["summary"]["violations"]
    unit_bars = root.find("svg", "by-unit").find_all("g", "bar")
    assert sum(int(b.find("text", "value").text) for b in unit_bars) == total
    units = {b.find("text", "label").text for b in unit_bars}
    assert {"宣传处", "轻工培训中心党支部", "未注明单位"} <= units
    manifest = root.find("details", id="manifest")
    inputs = {r[0]: r[3] for r in rows(manifest.find_all("table")[1])}
    assert inputs == {f["file"]: f["sha256"] for f in report["manifest"]["inputs"]}
    assert len(root.find_all("section", id="data-errors")) == 1


def test_example_compared_from_the_cli(tmp_path: Path) -> None:
    previous = tmp_path / "2023-10.json"
    _, out, _ = cli_no_traceback("check", str(EXAMPLE), "--as-of", "2023-10-31", "--format", "json")
    previous.write_text(out, encoding="utf-8")
    root = run_html(tmp_path, "--compare", str(previous))  # the format from the suffix
    table = root.find("table", id="violations-table")
    assert header(table)[-3:] == ["状态", "首次发现", "天数"]
    statuses = {tr.attrs.get("data-status") for tr in table.find("tbody").find_all("tr")}
    assert "persisting" in statuses and statuses <= {"new", "persisting", "regressed"}
    assert root.find_all("section", id="resolved")
    assert root.find("svg", "by-delta")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_example_page_is_well_formed_in_both_languages(tmp_path: Path, lang: str) -> None:
    root = run_html(tmp_path, "--format", "html", "--lang", lang)
    assert root.find("html").attrs["lang"] == ("en" if lang == "en" else "zh-CN")
