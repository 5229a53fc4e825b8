"""Property tests of the report parser: reports of the genre generated in any mix of
its conventions (quotes, numbering, markers, heading endings, groups) read back to the
findings they were made from; and any text at all parses without error, with every
paragraph accounted for (nothing dropped)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rectikit.ledger.importer import ImportResult, parse_report_text, text_blocks
from rectikit.ledger.report.document import chinese_ordinal
from rectikit.model.ledger import Status

#: Characters of finding titles and measures: words of the genre, no markers
#: (是, 第, digits), no quotes, no 关于.
CHARS = "工委会议制度学习整改落实推进党建监督管理干部培训检查台账规范组织生活廉政教育机关支部"
TEXT = st.text(st.sampled_from(CHARS), min_size=2, max_size=14)
QUOTES = [("“", "”"), ("「", "」"), ('"', '"'), ("『", "』")]
FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
NUMBERS = [
    lambda n: f"{n}.",
    lambda n: f"{n}．",
    lambda n: f"{n}、",
    lambda n: f"（{n}）",
    lambda n: f"({n})",
    lambda n: f"{str(n).translate(FULL_DIGITS)}．",
]
ENDINGS = ["问题的整改", "问题整改情况", "问题的整改落实情况", "方面问题的整改"]
GROUPS = {
    Status.COMPLETED: "（{}）集中整改期内已完成的整改事项",
    Status.EFFECTIVE: "（{}）按计划持续推进的整改事项",
    Status.IN_PROGRESS: "（{}）正在推进的整改事项",
}


def _measure_lines(measures: list[str], style: str) -> list[str]:
    if len(measures) == 1:
        return [measures[0]]
    if style == "一是":
        return ["".join(f"{chinese_ordinal(n)}是{m}" for n, m in enumerate(measures, 1))]
    if style == "第一":
        return ["".join(f"第{chinese_ordinal(n)}，{m}" for n, m in enumerate(measures, 1))]
    if style == "①":
        return ["".join(f"{'①②③④'[n - 1]}{m}" for n, m in enumerate(measures, 1))]
    if style == "（1）":
        return [f"（{n}）{m}" for n, m in enumerate(measures, 1)]
    return [f"{n}.{m}" for n, m in enumerate(measures, 1)]


FINDING = st.tuples(
    TEXT,
    st.sampled_from(list(GROUPS)),
    st.lists(TEXT.map(lambda t: t + "。"), min_size=1, max_size=4),
)


@st.composite
def reports(draw: st.DrawFn) -> tuple[str, list[tuple[str, Status, list[str]]]]:
    findings = draw(st.lists(FINDING, min_size=1, max_size=8, unique_by=lambda f: f[0]))
    # the report lists the findings group by group, in the genre's order
    findings.sort(key=lambda f: list(GROUPS).index(f[1]))
    opening, closing = draw(st.sampled_from(QUOTES))
    number = draw(st.sampled_from(NUMBERS))
    ending = draw(st.sampled_from(ENDINGS))
    style = draw(st.sampled_from(["一是", "第一", "①", "（1）", "1."]))
    counts = {s: sum(1 for f in findings if f[1] is s) for s in GROUPS}
    lines = [
        "某单位关于巡察整改情况的报告",
        "市委第二巡察组于2024年3月4日至4月19日对某单位开展了巡察，并于5月10日进行了反馈。",
        "一、巡察整改工作总体情况",
        f"巡察反馈的{len(findings)}个具体问题，已完成的整改事项有{counts[Status.COMPLETED]}个，"
        f"已取得明显成效的{counts[Status.EFFECTIVE]}个，正在推进{counts[Status.IN_PROGRESS]}个。",
        "二、整改进展情况及成效",
    ]
    group_number, current, index = 0, None, 0
    for title, status, measures in findings:
        if status is not current:
            group_number += 1
            lines.append(GROUPS[status].format(chinese_ordinal(group_number)))
            current, index = status, 0
        index += 1
        lines.append(f"{number(index)}关于{opening}{title}{closing}{ending}")
        lines.extend(_measure_lines(measures, style))
    lines += ["三、下一步工作打算", "持续巩固整改成果。"]
    return "\n".join(lines) + "\n", findings


@settings(max_examples=150, deadline=None)
@given(reports())
def test_generated_reports_read_back(
    report: tuple[str, list[tuple[str, Status, list[str]]]],
) -> None:
    text, findings = report
    result = parse_report_text(text)
    ledger = result.ledger
    assert [(f.title, f.status) for f in ledger.findings] == [(t, s) for t, s, _ in findings]
    assert [[m.text for m in f.measures] for f in ledger.findings] == [m for _, _, m in findings]
    assert ledger.declared["total"] == len(findings)
    for status in GROUPS:
        assert ledger.declared[status.value] == ledger.counts()[status.value]
    assert ledger.next_steps == ("持续巩固整改成果。",)
    assert result.warnings == ()


def _accounted(result: ImportResult) -> set[int]:
    trace = result.trace
    seen = [*trace.structure, *trace.inspection, *trace.next_steps, *trace.unplaced]
    seen += [trace.title] if trace.title else []
    for item in trace.findings:
        seen += [item.heading] if item.heading else []
        seen += [*item.lead, *item.notes, *(p for group in item.measures for p in group)]
    return {p.number for p in seen if p is not None}


GENRE_LINES = st.sampled_from(
    [
        "一、巡察整改工作总体情况",
        "二、整改进展情况及成效",
        "三、下一步工作打算",
        "四、其他",
        "（一）已完成的整改事项",
        "（二）按计划持续推进的整改事项",
        "1.关于“甲”问题的整改",
        "2、关于「乙」问题整改情况（已完成）",
        "（3）关于丙问题的整改",
        "一是做甲。二是做乙。",
        "（1）做丙；（2）做丁。",
        "计划10月底完成。",
        "巡察反馈的3个具体问题，已完成整改2个，基本完成1个。",
        "##paidbegin##",
        "- 2 -",
        "某局",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(GENRE_LINES, st.text(max_size=40)), max_size=25))
def test_any_text_parses_and_nothing_is_dropped(lines: list[str]) -> None:
    text = "\n".join(lines)
    result = parse_report_text(text)
    assert _accounted(result) == {b.number for b in text_blocks(text)}
    for finding in result.ledger.findings:
        assert finding.title
