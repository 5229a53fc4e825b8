"""`rectikit ledger import`: a ledger skeleton from a 巡察整改情况报告 (.txt, .md, .docx),
and the round trip ledger -> report -> ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from support import cli_no_traceback

from rectikit.ledger.files import ledger_to_toml, load_ledger, parse_ledger_toml
from rectikit.ledger.importer import (
    ImportResult,
    ReportImportError,
    import_report,
    markdown_paragraphs,
    parse_report_paragraphs,
    parse_report_text,
    split_measures,
)
from rectikit.ledger.report import build_report, render_docx, render_markdown
from rectikit.model.ledger import Status, Target

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee" / "ledger.toml"

# A short report of the genre, written for these tests.
REPORT = """\
区财政局关于巡察整改情况的报告
根据区委统一部署，区委第二巡察组于2024年3月4日至4月19日对区财政局开展了常规巡察，并于5月10日进行了反馈。现将整改情况报告如下。
一、巡察整改工作总体情况
局党组把巡察整改作为重要政治任务，成立整改工作领导小组，逐项明确责任领导和完成时限。经过3个月集中整改，巡察反馈的3个具体问题，已完成的整改事项有2个，已取得明显成效的1个。
二、整改进展情况及成效
（一）集中整改期内已完成的整改事项
1.关于“党组会议记录不规范”问题的整改
一是6月12日，局党组专题学习会议记录有关规定，修订《党组会议议事规则》。二是对2023年以来的会议记录逐本核查，补正签字手续。
2.关于“专项资金拨付滞后”问题的整改
一是建立专项资金拨付台账，7月8日至10日对未拨付资金逐笔清理。二是明确拨付时限，每月通报进度。
（二）按计划持续推进的整改事项
1.关于“干部交流轮岗不到位”问题的整改
一是制定中层干部交流轮岗方案，已完成轮岗8人。二是对同一岗位任职满5年的干部开展摸底，计划10月底完成新一轮交流。
三、下一步工作打算
（一）巩固整改成果。对已完成的事项开展“回头看”，防止问题反弹。
（二）健全长效机制。把整改中形成的好做法固化为制度。
区财政局
2024年8月20日
"""


# -- the genre --------------------------------------------------------------------------


def test_report_to_ledger() -> None:
    result = parse_report_text(REPORT)
    ledger = result.ledger
    ins = ledger.inspection
    assert result.title == "区财政局关于巡察整改情况的报告"
    assert ins.target == "区财政局"
    assert ins.inspector == "区委第二巡察组"
    assert ins.title == "区委第二巡察组对区财政局的巡察"
    assert (ins.started, ins.ended) == (date(2024, 3, 4), date(2024, 4, 19))
    assert ins.feedback == date(2024, 5, 10)
    assert ins.deadline == date(2024, 8, 10)  # feedback + 经过3个月集中整改
    assert dict(ledger.declared) == {"total": 3, "completed": 2, "effective": 1}

    f1, f2, f3 = ledger.findings
    assert [f.id for f in ledger.findings] == ["F01", "F02", "F03"]
    assert (f1.title, f1.status) == ("党组会议记录不规范", Status.COMPLETED)
    assert (f2.title, f2.status) == ("专项资金拨付滞后", Status.COMPLETED)
    assert (f3.title, f3.status) == ("干部交流轮岗不到位", Status.EFFECTIVE)

    assert [m.id for m in f1.measures] == ["F01-1", "F01-2"]
    first = "6月12日，局党组专题学习会议记录有关规定，修订《党组会议议事规则》。"
    assert f1.measures[0].text == first
    assert f1.measures[0].done == date(2024, 6, 12)
    # 2023年 alone is not a day: no done date is made up.
    assert f1.measures[1].text == "对2023年以来的会议记录逐本核查，补正签字手续。"
    assert f1.measures[1].done is None
    assert f2.measures[0].done == date(2024, 7, 10)  # the end of 7月8日至10日
    assert f2.measures[1].done is None
    assert all(m.due is None for f in (f1, f2) for m in f.measures)

    assert [m.id for m in f3.measures] == ["F03-1", "F03-2"]
    assert f3.measures[0].due is None
    assert f3.measures[1].due == date(2024, 10, 31)  # 计划10月底完成
    assert all(m.done is None for m in f3.measures)
    assert f3.targets == ()  # 已完成轮岗8人 has no goal: no target guessed

    assert ledger.next_steps == (
        "（一）巩固整改成果。对已完成的事项开展“回头看”，防止问题反弹。",
        "（二）健全长效机制。把整改中形成的好做法固化为制度。",
    )
    # The opening, the 总体情况 narrative, the signature and the date are kept.
    assert result.unplaced == (
        REPORT.splitlines()[1],
        REPORT.splitlines()[3],
        "区财政局",
        "2024年8月20日",
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "巡察反馈的二十五个具体问题，已完成整改八个，已取得明显成效十七个。",
            {"total": 25, "completed": 8, "effective": 17},
        ),
        (
            "巡察反馈的12个具体问题，已完成的整改事项有五个，已取得明显成效的7个。",
            {"total": 12, "completed": 5, "effective": 7},
        ),
        (
            "截至目前，反馈问题共十二个，已整改到位九个，基本完成三个。",
            {"total": 12, "completed": 9, "effective": 3},
        ),
        (
            "截至2024年9月1日，巡察反馈的４个具体问题，已完成整改4个，已取得明显成效0个。",
            {"total": 4, "completed": 4, "effective": 0},
        ),
    ],
)
def test_declared_counts(sentence: str, expected: dict[str, int]) -> None:
    text = f"某局关于巡察整改情况的报告\n一、巡察整改工作总体情况\n{sentence}\n"
    result = parse_report_text(text)
    assert dict(result.ledger.declared) == expected
    assert result.unplaced == (sentence,)


def test_redacted_months_are_unknown() -> None:
    text = (
        "XX区委办公室关于巡察整改情况的报告\n"
        "区委第一巡察组于2023年X月6日至X月30日对区委办公室开展了巡察，并于X月15日进行了反馈。\n"
        "一、巡察整改工作总体情况\n"
        "经过3个月集中整改，巡察反馈的2个具体问题，已完成的整改事项有1个，已取得明显成效的1个。\n"
        "二、整改进展情况及成效\n"
        "（一）已完成的整改事项\n"
        "1.关于“值班制度执行不严”问题的整改\n"
        "X月3日修订值班制度。\n"
    )
    ins = parse_report_text(text).ledger.inspection
    assert ins.target == "XX区委办公室"
    assert ins.inspector == "区委第一巡察组"
    assert (ins.started, ins.ended, ins.feedback, ins.deadline) == (None, None, None, None)
    (finding,) = parse_report_text(text).ledger.findings
    assert finding.measures[0].done is None


def test_heading_variants_and_groups() -> None:
    text = (
        "某中心关于巡察整改情况的报告\n"
        "二、整改进展情况及成效\n"
        "（一）已完成的整改事项\n"
        "１、关于“‘一岗双责’落实不到位”问题的整改\n"
        "压实班子成员责任，9月2日签订责任书。\n"
        "（二）取得明显成效的整改事项\n"
        '2．关于"档案管理混乱"问题的整改\n'
        "完成档案整理。\n"
        "（三）正在推进的整改事项\n"
        "3.关于“信息化建设滞后”问题的整改\n"
        "针对该问题，中心采取以下措施：一是购置设备；二是培训人员。\n"
    )
    ledger = parse_report_text(text).ledger
    assert [(f.title, f.status) for f in ledger.findings] == [
        ("‘一岗双责’落实不到位", Status.COMPLETED),
        ("档案管理混乱", Status.EFFECTIVE),
        ("信息化建设滞后", Status.IN_PROGRESS),
    ]
    assert ledger.findings[0].measures[0].done is None  # no year anywhere: no date
    last = ledger.findings[2]
    assert [m.text for m in last.measures] == ["购置设备；", "培训人员。"]
    assert last.extra == {"intro": "针对该问题，中心采取以下措施："}  # kept with its finding


def test_not_yet_completed_group_is_in_progress() -> None:
    text = (
        "某局关于巡察整改情况的报告\n"
        "二、整改进展情况及成效\n"
        "（一）尚未完成的整改事项\n"
        "1.关于“资产底数不清”问题的整改\n"
        "开展资产清查。\n"
    )
    (finding,) = parse_report_text(text).ledger.findings
    assert finding.status is Status.IN_PROGRESS


def test_report_without_title_line() -> None:
    text = (
        "区委第五巡察组于2024年4月8日对区水务局开展了巡察。现将整改情况报告如下。\n"
        "一、巡察整改工作总体情况\n"
        "巡察反馈的2个具体问题，已完成整改1个，已取得明显成效1个。\n"
    )
    result = parse_report_text(text)
    ins = result.ledger.inspection
    assert result.title == ""
    assert (ins.target, ins.inspector) == ("区水务局", "区委第五巡察组")
    assert (ins.started, ins.ended) == (date(2024, 4, 8), None)  # one date: no end guessed
    assert result.unplaced == tuple(text.splitlines()[::2])


def test_next_steps_sub_headings_and_signature() -> None:
    text = (
        "某局关于巡察整改情况的报告\n"
        "三、下一步工作打算\n"
        "（一）巩固整改成果\n"
        "对已完成事项开展“回头看”。\n"
        "（二）健全长效机制\n"
        "把好做法固化为制度。\n"
        "中共某局党组\n"
        "2024年8月20日\n"
    )
    result = parse_report_text(text)
    assert result.ledger.next_steps == (
        "（一）巩固整改成果",
        "对已完成事项开展“回头看”。",
        "（二）健全长效机制",
        "把好做法固化为制度。",
    )
    assert result.unplaced == ("中共某局党组", "2024年8月20日")


def test_text_among_the_findings_goes_to_the_nearest_finding() -> None:
    text = (
        "某局关于巡察整改情况的报告\n"
        "二、整改进展情况及成效\n"
        "整改工作总体进展顺利。\n"
        "（一）已完成的整改事项\n"
        "各项任务均按时完成。\n"
        "1.关于“制度不健全”问题的整改\n"
        "修订制度。\n"
        "四、其他事项\n"
        "附：整改任务清单。\n"
    )
    result = parse_report_text(text)
    (finding,) = result.ledger.findings
    # Text in 二、 that is no finding's text is kept on the nearest finding (here the
    # only one); a section without findings is report-level text, kept unplaced.
    assert finding.notes == ("整改工作总体进展顺利。", "各项任务均按时完成。")
    assert [m.text for m in finding.measures] == ["修订制度。"]
    assert result.unplaced == ("四、其他事项", "附：整改任务清单。")


def test_split_measures() -> None:
    assert split_measures("一是甲。二是乙；三是：丙。") == ("", ["甲。", "乙；", "丙。"])
    assert split_measures("坚持标准统一是基本要求，持续整改。") == (
        "",
        ["坚持标准统一是基本要求，持续整改。"],
    )
    assert split_measures("一是甲。三是丙。") == ("", ["甲。三是丙。"])  # no 二是: no cut
    ordinals = "一二三四五六七八九十"
    text = "".join(f"{o}是第{n}项。" for n, o in enumerate(ordinals, start=1)) + "十一是末项。"
    assert len(split_measures(text)[1]) == 11


def test_stated_target_only_when_goal_and_actual_are_clear() -> None:
    head = (
        "某局关于巡察整改情况的报告\n"
        "区委第三巡察组于2024年3月4日至4月19日对某局开展了巡察。\n"
        "二、整改进展情况及成效\n"
        "（一）按计划持续推进的整改事项\n"
        "1.关于“基层指导不够”问题的整改\n"
    )
    clear = (
        "8月起，对40个基层单位开展督查指导。截至9月20日，已完成督查指导单位15个。"
        "计划11月底完成督查指导工作。\n"
    )
    (finding,) = parse_report_text(head + clear).ledger.findings
    assert finding.targets == (
        Target(
            name="督查指导单位",
            goal=Decimal(40),
            actual=Decimal(15),
            measured=date(2024, 9, 20),
            start=date(2024, 8, 1),
            due=date(2024, 11, 30),
            unit="个",
        ),
    )
    assert finding.measures[0].due == date(2024, 11, 30)
    assert finding.measures[0].text == clear.strip()  # the text stays as written

    unclear = (  # two numbers of 个 near 督查指导 (3 groups, 40 units): which is the goal?
        "分3个组开展督查指导，对40个基层单位开展督查指导。截至9月20日，已完成督查指导单位15个。\n"
    )
    (finding,) = parse_report_text(head + unclear).ledger.findings
    assert finding.targets == ()
    no_goal = "截至9月20日，已完成督查指导单位15个。\n"
    (finding,) = parse_report_text(head + no_goal).ledger.findings
    assert finding.targets == ()


def test_year_rolls_over_after_the_inspection() -> None:
    text = (
        "某局关于巡察整改情况的报告\n"
        "市委第四巡察组于2023年11月6日至12月15日对某局开展了巡察，并于12月28日反馈了巡察意见。\n"
        "二、整改进展情况及成效\n"
        "（一）已完成的整改事项\n"
        "1.关于“公务用车管理不严”问题的整改\n"
        "1月9日完成车辆清查。\n"
        "（二）按计划持续推进的整改事项\n"
        "2.关于“制度建设滞后”问题的整改\n"
        "计划3月中旬出台管理办法。\n"
    )
    ledger = parse_report_text(text).ledger
    assert ledger.inspection.feedback == date(2023, 12, 28)
    assert ledger.findings[0].measures[0].done == date(2024, 1, 9)
    assert ledger.findings[1].measures[0].due == date(2024, 3, 20)


# -- files --------------------------------------------------------------------------------


def test_txt_encodings(tmp_path: Path) -> None:
    expected = parse_report_text(REPORT)
    for name, data in [
        ("utf8.txt", REPORT.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + REPORT.replace("\n", "\r\n").encode("utf-8")),
        ("gb.txt", REPORT.encode("gb18030")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        assert import_report(path) == expected, name
        assert import_report(path).unplaced == expected.unplaced


def test_markdown(tmp_path: Path) -> None:
    lines = REPORT.splitlines()
    heads = {0: "# ", 2: "## ", 4: "## ", 5: "### ", 6: "#### ", 8: "#### ", 10: "### "}
    heads |= {11: "#### ", 13: "## "}
    blocks = [heads.get(i, "") + line for i, line in enumerate(lines)]
    blocks[7] = blocks[7].replace("《党组会议议事规则》", "《党组会议议事规则\\[修订\\]》")
    text = "\n\n".join(blocks) + "\n"
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    result = import_report(path)
    plain = parse_report_text(REPORT.replace("议事规则》", "议事规则[修订]》"))
    assert result == plain
    assert result.unplaced == plain.unplaced


def test_markdown_joins_wrapped_lines_but_not_headings() -> None:
    text = "# 标题\n\n第一行\n第二行\nsome\ntext\n1.关于“甲”问题的整改\n一是乙。\n"
    assert markdown_paragraphs(text) == [
        "标题",
        "第一行第二行 some text",
        "1.关于“甲”问题的整改",
        "一是乙。",
    ]


def test_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    lines = REPORT.splitlines()
    document.add_paragraph(lines[0], style="Title")
    for line in lines[1:]:
        document.add_paragraph(line)
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "附表"
    table.cell(0, 1).text = "整改任务清单"
    path = tmp_path / "report.docx"
    document.save(str(path))
    result = import_report(path)
    plain = parse_report_text(REPORT)
    assert result.ledger == plain.ledger
    assert result.unplaced == (*plain.unplaced, "附表\t整改任务清单")


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ReportImportError, match="unsupported report file type"):
        import_report(tmp_path / "report.pdf")
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ReportImportError, match=r"not a Word \.docx file"):
        import_report(fake)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x81\x30\x81")  # neither UTF-8 nor GB18030
    with pytest.raises(ReportImportError, match=r"broken\.txt"):
        import_report(broken)
    with pytest.raises(ReportImportError, match=r"cannot read|No such"):
        import_report(tmp_path / "missing.txt")


def test_unplaced_kept_in_toml() -> None:
    result = parse_report_text(REPORT)
    ledger = result.ledger_with_unplaced("report.txt")
    text = ledger_to_toml(ledger)
    assert "[import]" in text
    back = parse_ledger_toml(text).ledger
    assert back.extra["import"]["source"] == "report.txt"
    assert back.extra["import"]["title"] == result.title
    assert list(back.extra["import"]["unplaced"]) == list(result.unplaced)
    assert back.findings == result.ledger.findings


# -- the round trip ------------------------------------------------------------------------


def _assert_round_trip(result: ImportResult) -> None:
    original = load_ledger(EXAMPLE)
    ledger = result.ledger
    assert [f.title for f in ledger.findings] == [f.title for f in original.findings]
    assert [f.status for f in ledger.findings] == [f.effective_status for f in original.findings]
    assert [len(f.measures) for f in ledger.findings] == [
        len(f.measures) for f in original.findings
    ]
    assert [m.text for f in ledger.findings for m in f.measures] == [
        m.text for f in original.findings for m in f.measures
    ]
    counts = original.counts()
    assert dict(ledger.declared) == {k: counts[k] for k in ("total", "completed", "effective")}
    assert len(ledger.next_steps) == len(original.next_steps)
    assert ledger.next_steps == original.next_steps
    ins, orig = ledger.inspection, original.inspection
    assert (ins.inspector, ins.target) == (orig.inspector, orig.target)
    assert (ins.started, ins.ended, ins.feedback) == (orig.started, orig.ended, orig.feedback)
    # The targets rectikit writes come back as targets (name, figures, when measured).
    for mine, theirs in zip(ledger.findings, original.findings, strict=True):
        assert [(t.name, t.goal, t.actual, t.measured) for t in mine.targets] == [
            (t.name, t.goal, t.actual, t.measured) for t in theirs.targets
        ]
        # A done date found in a completed finding's measure is the one in the ledger.
        for measure, source in zip(mine.measures, theirs.measures, strict=True):
            if measure.done is not None:
                assert measure.done == source.done


def test_round_trip_markdown(tmp_path: Path) -> None:
    text = render_markdown(build_report(load_ledger(EXAMPLE)))
    _assert_round_trip(parse_report_paragraphs(markdown_paragraphs(text)))
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _assert_round_trip(import_report(path))


def test_round_trip_docx(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    path = tmp_path / "report.docx"
    render_docx(build_report(load_ledger(EXAMPLE)), path)
    result = import_report(path)
    _assert_round_trip(result)
    assert len(result.unplaced) == 2  # the opening and the counts paragraph


# -- the command ---------------------------------------------------------------------------


def test_cli_writes_toml(tmp_path: Path) -> None:
    report = tmp_path / "报告.txt"
    report.write_text(REPORT, encoding="utf-8")
    target = tmp_path / "台账.toml"
    code, out, err = cli_no_traceback("ledger", "import", str(report), "-o", str(target))
    assert code == 0, err
    assert out == (
        f"wrote {target}: 3 findings (2 completed, 1 effective), 6 measures, "
        "4 paragraphs kept unplaced\n"
    )
    ledger = load_ledger(target)
    assert ledger == parse_report_text(REPORT).ledger
    assert list(ledger.extra["import"]["unplaced"]) == list(parse_report_text(REPORT).unplaced)
    assert ledger.extra["import"]["source"] == "报告.txt"

    before = target.read_bytes()
    code, out, err = cli_no_traceback("ledger", "import", str(report), "-o", str(target))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert target.read_bytes() == before

    code, out, err = cli_no_traceback("ledger", "import", str(report), "-o", str(target), "--force")
    assert code == 0, err
    assert load_ledger(target) == ledger


def test_cli_writes_xlsx(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    target = tmp_path / "ledger.xlsx"
    code, _, err = cli_no_traceback("ledger", "import", str(report), "-o", str(target))
    assert code == 0, err
    ledger = load_ledger(target)
    assert [f.title for f in ledger.findings] == [
        "党组会议记录不规范",
        "专项资金拨付滞后",
        "干部交流轮岗不到位",
    ]
    unplaced = [v for k, v in ledger.inspection.extra.items() if k.startswith("import_unplaced")]
    assert unplaced == list(parse_report_text(REPORT).unplaced)


@pytest.mark.parametrize(
    ("name", "content", "output", "message"),
    [
        ("missing.txt", None, "out.toml", "no such report file"),
        ("report.pdf", b"%PDF", "out.toml", "unsupported report file type"),
        ("report.txt", REPORT.encode(), "out.csv", "unsupported ledger file type"),
        ("fake.docx", b"not a zip", "out.toml", "not a Word .docx file"),
        ("broken.txt", b"\x81\x30\x81", "out.toml", "broken.txt"),
    ],
)
def test_cli_bad_input(
    tmp_path: Path, name: str, content: bytes | None, output: str, message: str
) -> None:
    report = tmp_path / name
    if content is not None:
        report.write_bytes(content)
    code, _, err = cli_no_traceback("ledger", "import", str(report), "-o", str(tmp_path / output))
    assert code == 2
    assert err.startswith("rectikit: error: ") and err.count("\n") == 1
    assert message in err
    assert not (tmp_path / output).exists()


def test_cli_requires_output(tmp_path: Path) -> None:
    code, _, err = cli_no_traceback("ledger", "import", str(tmp_path / "report.txt"))
    assert code == 2
    assert err.count("\n") == 1
