"""The TOML ledger: loading (LEDGER.md example, notations, errors) and in-place saving."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from support import EXAMPLE_TOML, WriteLedger, example_ledger

from rectikit.ledger.files import (
    LedgerDocument,
    LedgerError,
    ledger_to_toml,
    load_ledger,
    load_ledger_toml,
    save_ledger,
)
from rectikit.ledger.files.toml_file import parse_ledger_toml
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target
from rectikit.model.location import Location

EXPECTED = example_ledger()

#: A hand-kept ledger: comments everywhere, unknown keys at every level, Chinese statuses.
COMMENTED = """\
# 巡察整改台账 —— 手工维护，请勿删除注释
schema = 1                    # unknown top-level key
maintainer = "办公室"

[inspection]
title = "市委第一巡察组对市委市级机关工委的巡察"
feedback = 2023-06-27
secretary = "谢军"            # unknown key in inspection

# ---- 问题清单 ----
[[finding]]
id = "F01"
title = "工委专题研究全面从严治党不到位"
status = "已完成"             # 整改状态
priority = "高"               # unknown key in a finding

  # 措施一
  [[finding.measure]]
  id = "F01-1"
  text = "召开工委会议专题研究"
  due = "2023年8月31日"         # a date as a string
  done = 2023-08-03
  reviewer = "张三"             # unknown key in a measure

  [[finding.measure]]
  id = "F01-2"
  text = "制定责任清单"
  due = 2023-09-15

[[finding]]
id = "F02"
title = "监督管理不够有力"
status = "推进中"
units = "纪监工委、组织部"

  [[finding.measure]]
  id = "F02-1"
  text = "紧盯重要环节"
  evidence = "监督台账"

[next_steps]
text = \"\"\"
持续巩固整改成果。
建立长效机制。
\"\"\"
"""


def strict_equal(a: Ledger, b: Ledger) -> None:
    """Model equality, plus the extras (which ``==`` leaves out)."""
    assert a == b
    assert dict(a.extra) == dict(b.extra)
    assert dict(a.inspection.extra) == dict(b.inspection.extra)
    for fa, fb in zip(a.findings, b.findings, strict=True):
        assert dict(fa.extra) == dict(fb.extra), fa.id
        for ma, mb in zip(fa.measures, fb.measures, strict=True):
            assert dict(ma.extra) == dict(mb.extra), ma.id
        for ta, tb in zip(fa.targets, fb.targets, strict=True):
            assert dict(ta.extra) == dict(tb.extra), ta.name


# --- loading ---------------------------------------------------------------------------


def test_ledger_md_example_loads_to_the_expected_model(write_ledger: WriteLedger) -> None:
    doc = load_ledger_toml(write_ledger(EXAMPLE_TOML), "ledger.toml")
    assert isinstance(doc, LedgerDocument)
    strict_equal(doc.ledger, EXPECTED)
    finding = doc.ledger.findings[0]
    assert finding.location == Location("ledger.toml", row=15)
    assert finding.measures[0].location == Location("ledger.toml", row=25)
    assert doc.ledger.location == Location("ledger.toml")
    assert finding.extra == {} and finding.measures[0].extra == {}


def test_display_defaults_to_the_path_as_given(write_ledger: WriteLedger) -> None:
    path = write_ledger(EXAMPLE_TOML)
    assert load_ledger(path).findings[0].location.file == str(path)


def test_chinese_statuses_string_dates_and_single_strings(write_ledger: WriteLedger) -> None:
    ledger = load_ledger_toml(write_ledger(COMMENTED), "ledger.toml").ledger
    f01, f02 = ledger.findings
    assert f01.status is Status.COMPLETED and f02.status is Status.IN_PROGRESS
    assert f01.measures[0].due == date(2023, 8, 31)
    assert f02.units == ("纪监工委", "组织部")
    assert f02.measures[0].evidence == ("监督台账",)
    assert ledger.next_steps == ("持续巩固整改成果。", "建立长效机制。")
    assert ledger.extra == {"schema": 1, "maintainer": "办公室"}
    assert ledger.inspection.extra == {"secretary": "谢军"}
    assert f01.extra == {"priority": "高"}
    assert f01.measures[0].extra == {"reviewer": "张三"}
    assert [f.location.row for f in ledger.findings] == [11, 30]
    assert [m.location.row for m in f01.measures] == [18, 25]


@pytest.mark.parametrize(
    ("alias", "status"),
    [
        ("未启动", Status.PENDING),
        ("正在整改", Status.IN_PROGRESS),
        ("持续推进", Status.EFFECTIVE),
        ("基本完成", Status.EFFECTIVE),
        ("已整改", Status.COMPLETED),
        ("已销号", Status.VERIFIED),
        ("in_progress", Status.IN_PROGRESS),
        ("VERIFIED", Status.VERIFIED),
        ("", None),
    ],
)
def test_every_status_alias(alias: str, status: Status | None) -> None:
    doc = parse_ledger_toml(f'[[finding]]\nid = "F01"\nstatus = "{alias}"\n')
    assert doc.ledger.findings[0].status is status


def test_value_notations() -> None:
    text = """\
[inspection]
started = "2023/5/26"
ended = 2023-06-09T17:30:00
feedback = "20230627"

[[finding]]
id = "F01"
deadline = "2023.9.27"
units = ["办公室", "组织部"]

  [[finding.target]]
  name = "覆盖率"
  goal = 0.95
  actual = "0.5"
  unit = "%"

  [[finding.target]]
  name = "资金"
  goal = "1.5万"

[next_steps]
items = ["一是继续抓。", "  二是长效。  "]
"""
    ledger = parse_ledger_toml(text).ledger
    assert ledger.inspection.started == date(2023, 5, 26)
    assert ledger.inspection.ended == date(2023, 6, 9)
    assert ledger.inspection.feedback == date(2023, 6, 27)
    finding = ledger.findings[0]
    assert finding.deadline == date(2023, 9, 27)
    assert finding.status is None and finding.source == "inspection"
    assert finding.targets[0].goal == Decimal("0.95")
    assert str(finding.targets[0].goal) == "0.95"
    assert finding.targets[0].actual == Decimal("0.5") and finding.targets[0].unit == "%"
    assert finding.targets[1].goal == Decimal(15000)
    assert finding.targets[1].actual == Decimal(0)
    assert ledger.next_steps == ("一是继续抓。", "二是长效。")


def test_next_steps_as_top_level_string() -> None:
    ledger = parse_ledger_toml('next_steps = "第一段\\n\\n第二段"\n').ledger
    assert ledger.next_steps == ("第一段", "第二段")
    assert ledger.extra == {}


ERRORS = [
    # (text, line, message fragment)
    ("[inspection\ntitle = 1\n", 1, "invalid TOML"),
    ("a = 1\nb = = 2\n", 2, "invalid TOML"),
    ('[[finding]]\ntitle = "无编号"\n', 1, "finding #1 has no id"),
    ('[[finding]]\nid = ""\n', 2, "finding #1 has no id"),
    ("[[finding]]\nid = 3\n", 2, "finding #1: id must be a string, not integer"),
    (
        '[[finding]]\nid = "F01"\n\n[[finding]]\nid = "F01"\n',
        5,
        "duplicate finding id 'F01' (first at line 2)",
    ),
    (
        '[[finding]]\nid = "F01"\n  [[finding.measure]]\n  id = "M1"\n'
        '  [[finding.measure]]\n  id = "M1"\n',
        6,
        "finding F01: duplicate measure id 'M1'",
    ),
    (
        '[[finding]]\nid = "F01"\n  [[finding.measure]]\n  text = "x"\n',
        3,
        "finding F01: measure #1 has no id",
    ),
    (
        '[[finding]]\nid = "F03"\ntitle = "x"\nstatus = "办理中"\n',
        4,
        "finding F03: unknown status '办理中'",
    ),
    ('[[finding]]\nid = "F01"\nstatus = 1\n', 3, "finding F01: status must be a string"),
    (
        '[[finding]]\nid = "F01"\ntitle = 5\n',
        3,
        "finding F01: title: must be a string, not integer",
    ),
    ('[[finding]]\nid = "F01"\nunits = 5\n', 3, "finding F01: units: must be a string or an array"),
    ('[[finding]]\nid = "F01"\nunits = ["a", 1]\n', 3, "units must be strings"),
    (
        '[[finding]]\nid = "F01"\ndeadline = "2023-13-01"\n',
        3,
        "finding F01: deadline: cannot parse '2023-13-01' as date",
    ),
    ('[[finding]]\nid = "F01"\ndeadline = 20230927\n', 3, "deadline: must be a date, not integer"),
    (
        '[[finding]]\nid = "F01"\n  [[finding.measure]]\n  id = "F01-1"\n  done = "昨天"\n',
        5,
        "finding F01: measure F01-1: done: cannot parse",
    ),
    (
        '[[finding]]\nid = "F01"\n  [[finding.measure]]\n  id = "F01-1"\n  evidence = [1]\n',
        5,
        "evidence items must be strings",
    ),
    (
        '[[finding]]\nid = "F01"\n  [[finding.target]]\n  name = "n"\n  goal = "很多很多"\n',
        5,
        "finding F01: target 'n': goal: cannot parse",
    ),
    (
        '[[finding]]\nid = "F01"\n  [[finding.target]]\n  name = "n"\n  goal = true\n',
        5,
        "goal: must be a number, not boolean",
    ),
    (
        '[[finding]]\nid = "F01"\n  [[finding.target]]\n  name = "n"\n',
        3,
        "finding F01: target 'n': no goal",
    ),
    (
        '[[finding]]\nid = "F01"\n  [[finding.target]]\n  goal = 1\n',
        3,
        "finding F01: target #1 has no name",
    ),
    ('[declared]\ntotal = "许多"\n', 2, "declared: total:"),
    ("[declared]\ntotal = 2.5\n", 2, "declared: total: must be an integer"),
    ('inspection = "x"\n', 1, "inspection must be a table, not string"),
    ("[inspection]\nstarted = 1.5\n", 2, "inspection: started: must be a date"),
    ('[finding]\nid = "F01"\n', 1, "finding must be an array of tables"),
    ('[[finding]]\nid = "F01"\nmeasure = "x"\n', 3, "finding F01: measure must be an array"),
    ('[next_steps]\ntext = "a"\nitems = ["b"]\n', 3, "either text or items"),
    ('[next_steps]\nitems = "a"\ntext = 3\n', 3, "either text or items"),
    # a header inside a multi-line string is not a header: the line is still right
    (
        'note = """\n[[finding]]\nid = "X"\n"""\n\n[[finding]]\nid = "F01"\nstatus = "办理中"\n',
        8,
        "finding F01: unknown status",
    ),
    (
        "note = '''\n[[finding]]\n'''\nx = [\n  \"[[finding]]\",\n]\n[[finding]]\n"
        'id = "F01"\nstatus = "办理中"\n',
        9,
        "unknown status",
    ),
]


@pytest.mark.parametrize(("text", "line", "fragment"), ERRORS)
def test_errors_name_file_and_line(
    write_ledger: WriteLedger, text: str, line: int, fragment: str
) -> None:
    path = write_ledger(text)
    with pytest.raises(LedgerError) as info:
        load_ledger_toml(path, "ledger.toml")
    error = info.value
    assert error.file == "ledger.toml" and error.line == line
    message = str(error)
    assert message.startswith(f"ledger.toml:{line}: "), message
    assert fragment in message, message
    assert "\n" not in message and "Traceback" not in message


def test_error_message_shape() -> None:
    with pytest.raises(LedgerError) as info:
        parse_ledger_toml("\n" * 13 + '[[finding]]\nid = "F03"\nstatus = "办理中"\n', "ledger.toml")
    assert str(info.value).startswith("ledger.toml:16: finding F03: unknown status '办理中'")
    assert info.value.location == Location("ledger.toml", row=16)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match=r"^missing.toml: cannot read"):
        load_ledger_toml(tmp_path / "missing.toml", "missing.toml")
    bad = tmp_path / "gbk.toml"
    bad.write_bytes('title = "整改"'.encode("gbk"))
    with pytest.raises(LedgerError, match="not UTF-8"):
        load_ledger_toml(bad)


# --- saving ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        EXAMPLE_TOML,
        COMMENTED,
        COMMENTED.replace("\n", "\r\n"),
        "\ufeff" + COMMENTED,
        "",
        "# only a comment\n",
        "[[finding]]\nid = 'F01'\nmeta = { since = 2023-07-01 }\n",
    ],
)
def test_unchanged_save_is_byte_identical(write_ledger: WriteLedger, text: str) -> None:
    path = write_ledger(text)
    before = path.read_bytes()
    doc = load_ledger_toml(path)
    doc.save(path)
    assert path.read_bytes() == before
    doc.save(path, attrs.evolve(doc.ledger))  # an equal copy changes nothing either
    assert path.read_bytes() == before
    save_ledger(load_ledger(path), path)
    assert path.read_bytes() == before


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "#" in line]


def evolve_commented(ledger: Ledger) -> Ledger:
    """Change a status, mark a measure done with evidence, add a finding with a
    measure, delete a measure."""
    f01, f02 = ledger.findings
    f01_2 = attrs.evolve(
        f01.measures[1], done=date(2023, 9, 10), evidence=("责任清单（2023-09-10）", "工委会议纪要")
    )
    f01 = attrs.evolve(f01, measures=(f01_2,))  # F01-1 deleted
    f02 = attrs.evolve(f02, status=Status.EFFECTIVE)  # status changed
    f03 = Finding(
        id="F03",
        title="干部队伍建设有差距",
        units=("组织部",),
        status=Status.IN_PROGRESS,
        deadline=date(2023, 12, 31),
        measures=(Measure(id="F03-1", text="制定干部培训计划", due=date(2023, 10, 31)),),
    )
    return attrs.evolve(ledger, findings=(f01, f02, f03))


def test_evolved_save_keeps_comments_and_unknown_keys(
    tmp_path: Path, write_ledger: WriteLedger
) -> None:
    path = write_ledger(COMMENTED)
    doc = load_ledger_toml(path, "ledger.toml")
    evolved = evolve_commented(doc.ledger)
    doc.save(path, evolved)
    text = path.read_text(encoding="utf-8")

    # comments: all still there, in order, except the one inside the deleted measure
    kept = [c for c in comment_lines(COMMENTED) if "reviewer" not in c and "2023年8月31日" not in c]
    assert [c for c in comment_lines(text) if c in kept] == kept
    # unknown keys at every level (the deleted measure's went with it)
    for key in ("schema = 1", 'maintainer = "办公室"', 'secretary = "谢军"', 'priority = "高"'):
        assert key in text
    assert "reviewer" not in text and "F01-1" not in text
    assert text.index("schema") < text.index("maintainer") < text.index("[inspection]")
    # statuses: the unchanged Chinese one as written, the changed one in Chinese
    assert 'status = "已完成"             # 整改状态' in text
    assert 'status = "取得明显成效"' in text
    assert 'status = "推进中"' in text  # the new finding follows the document's language
    # new entries are laid out like their neighbours
    assert '  [[finding.measure]]\n  id = "F03-1"' in text
    assert '  done = 2023-09-10\n  evidence = ["责任清单（2023-09-10）", "工委会议纪要"]' in text
    assert text.index('id = "F03"') < text.index("[next_steps]")

    reloaded = load_ledger_toml(path, "ledger.toml").ledger
    strict_equal(reloaded, evolved)
    assert doc.ledger == evolved  # the document's model follows the save
    assert [f.location.row for f in doc.ledger.findings] == [
        f.location.row for f in reloaded.findings
    ]
    assert (tmp_path / "ledger.toml.bak").read_text(encoding="utf-8") == COMMENTED


def test_english_status_stays_english(write_ledger: WriteLedger) -> None:
    path = write_ledger(EXAMPLE_TOML)
    doc = load_ledger_toml(path)
    finding = attrs.evolve(doc.ledger.findings[0], status=Status.VERIFIED)
    doc.save(path, doc.ledger.replace_finding(finding))
    text = path.read_text(encoding="utf-8")
    assert 'status = "verified"\n' in text
    assert text.replace('"verified"', '"completed"') == EXAMPLE_TOML


def test_changes_touch_only_their_lines(write_ledger: WriteLedger) -> None:
    path = write_ledger(EXAMPLE_TOML)
    doc = load_ledger_toml(path)
    finding = doc.ledger.findings[0]
    measure = attrs.evolve(finding.measures[0], done=None)
    target = attrs.evolve(finding.targets[0], actual=Decimal("30.5"))
    finding = attrs.evolve(
        finding, status=None, owner="副书记", measures=(measure,), targets=(target,)
    )
    ledger = attrs.evolve(doc.ledger, findings=(finding,), declared={"total": 25, "verified": 1})
    doc.save(path, ledger)
    text = path.read_text(encoding="utf-8")
    expected = (
        EXAMPLE_TOML.replace('status = "completed"\n', "")
        .replace("  done = 2023-08-03\n", "")
        .replace("actual = 20", "actual = 30.5")
        .replace('"工委书记"', '"副书记"')
        .replace("completed = 8\neffective = 17\n", "verified = 1\n")
    )
    assert text == expected
    strict_equal(load_ledger(path), ledger)


def test_delete_reorder_and_add_targets(write_ledger: WriteLedger) -> None:
    path = write_ledger(COMMENTED)
    doc = load_ledger_toml(path)
    f01, f02 = doc.ledger.findings
    f02 = attrs.evolve(f02, measures=(), targets=(Target(name="培训人次", goal=Decimal(100)),))
    ledger = attrs.evolve(doc.ledger, findings=(f02, f01), next_steps=())
    doc.save(path, ledger)
    text = path.read_text(encoding="utf-8")
    assert "F02-1" not in text and "[next_steps]" not in text
    assert text.index('id = "F02"') < text.index('id = "F01"')
    assert "# ---- 问题清单 ----" in text and "# 措施一" in text
    strict_equal(load_ledger(path), ledger)
    # and deleting everything leaves the unknown top-level keys
    doc.save(path, attrs.evolve(ledger, findings=(), inspection=Inspection()))
    reloaded = load_ledger(path)
    assert reloaded.findings == () and reloaded.extra == {"schema": 1, "maintainer": "办公室"}
    assert reloaded.inspection.extra == {}  # a fresh Inspection has no extras


def test_extras_can_be_changed(write_ledger: WriteLedger) -> None:
    path = write_ledger(COMMENTED)
    doc = load_ledger_toml(path)
    f01, f02 = doc.ledger.findings
    m = attrs.evolve(f01.measures[0], extra={"reviewer": "李四", "score": 9})
    f01 = attrs.evolve(f01, extra={}, measures=(m, f01.measures[1]))
    ledger = attrs.evolve(
        doc.ledger,
        extra={"schema": 2, "maintainer": "办公室"},
        findings=(f01, f02),
        inspection=attrs.evolve(doc.ledger.inspection, extra={"secretary": "谢军", "year": 2023}),
    )
    doc.save(path, ledger)
    text = path.read_text(encoding="utf-8")
    assert "schema = 2                    # unknown top-level key" in text
    assert "priority" not in text
    assert '  reviewer = "李四"             # unknown key in a measure\n  score = 9\n' in text
    strict_equal(load_ledger(path), ledger)


def test_items_form_of_next_steps_is_kept(write_ledger: WriteLedger) -> None:
    path = write_ledger('[next_steps]\nitems = ["一", "二"]  # 段落\n')
    doc = load_ledger_toml(path)
    doc.save(path, attrs.evolve(doc.ledger, next_steps=("一", "二", "三")))
    assert path.read_text(encoding="utf-8") == '[next_steps]\nitems = ["一", "二", "三"]  # 段落\n'


def test_new_findings_in_a_file_without_any(write_ledger: WriteLedger) -> None:
    path = write_ledger('# 台账\n[inspection]\ntitle = "巡察"\n')
    doc = load_ledger_toml(path)
    ledger = attrs.evolve(
        doc.ledger,
        declared={"total": 1},
        findings=(Finding(id="F01", title="问题", measures=(Measure(id="F01-1", text="措施"),)),),
        next_steps=("继续。",),
    )
    doc.save(path, ledger)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# 台账\n[inspection]\ntitle = "巡察"\n\n')
    assert text.endswith('"""\n继续。\n"""\n')
    strict_equal(load_ledger(path), ledger)


def test_save_refuses_duplicate_ids(write_ledger: WriteLedger) -> None:
    path = write_ledger(EXAMPLE_TOML)
    doc = load_ledger_toml(path)
    twice = attrs.evolve(doc.ledger, findings=doc.ledger.findings * 2)
    with pytest.raises(LedgerError, match="duplicate finding id 'F01'"):
        doc.save(path, twice)
    assert path.read_text(encoding="utf-8") == EXAMPLE_TOML


# --- writing anew ----------------------------------------------------------------------


def test_ledger_to_toml_lays_out_like_the_spec() -> None:
    text = ledger_to_toml(EXPECTED)
    without_comments = "\n".join(re.sub(r"\s+#.*$", "", line) for line in EXAMPLE_TOML.splitlines())
    assert text == without_comments + "\n"
    strict_equal(parse_ledger_toml(text).ledger, EXPECTED)


def test_ledger_to_toml_writes_chinese_unescaped_and_extras() -> None:
    ledger = attrs.evolve(
        EXPECTED,
        extra={"schema": 1, "meta": {"编制": "办公室"}},
        next_steps=("一是“持续”抓。", '二是 """ 引号 \\ 反斜杠。'),
    )
    text = ledger_to_toml(ledger)
    assert "巡学旁听单位数" in text and "\\u" not in text
    assert text.startswith("schema = 1\n\n[inspection]\n")
    assert '[meta]\n"编制" = "办公室"\n' in text
    strict_equal(parse_ledger_toml(text).ledger, ledger)


def test_inline_arrays_of_tables_load_and_save() -> None:
    text = """\
finding = [
  { id = "F01", title = "一", measure = [{ id = "m1" }, { id = "m2" }] },
  { id = "F02", title = "二" },  # 行内写法
]
"""
    doc = parse_ledger_toml(text, "inline.toml")
    f01, f02 = doc.ledger.findings
    assert [m.id for m in f01.measures] == ["m1", "m2"]
    assert f01.location == Location("inline.toml", row=1)  # the line of the array
    f01 = attrs.evolve(
        f01,
        status=Status.COMPLETED,
        measures=(f01.measures[1], Measure(id="m3", text="新", evidence=("a",))),
    )
    edited = attrs.evolve(
        doc.ledger, findings=(f01, f02, Finding(id="F03", measures=(Measure(id="x"),)))
    )
    doc.update(edited)
    saved = doc.to_string()
    assert saved.startswith("finding = [\n") and "# 行内写法" in saved
    strict_equal(parse_ledger_toml(saved).ledger, edited)


def test_finding_notes_load_save_and_update(write_ledger: WriteLedger) -> None:
    path = write_ledger(
        '[[finding]]\nid = "F01"\ntitle = "问题"\nnotes = "一条备注"  # 手写\n\n'
        '[[finding]]\nid = "F02"\nnotes = ["甲", "乙"]\n'
    )
    doc = load_ledger_toml(path)
    f01, f02 = doc.ledger.findings
    assert (f01.notes, f02.notes) == (("一条备注",), ("甲", "乙"))
    # one note stays a string (with its comment); several become a multi-line array
    ledger = doc.ledger.replace_finding(attrs.evolve(f01, notes=("改后的备注",)))
    ledger = ledger.replace_finding(attrs.evolve(f02, notes=("甲", "乙", "丙")))
    doc.save(path, ledger)
    text = path.read_text(encoding="utf-8")
    assert 'notes = "改后的备注"  # 手写\n' in text
    assert 'notes = [\n    "甲",\n    "乙",\n    "丙",\n]\n' in text
    strict_equal(load_ledger(path), ledger)
    doc = load_ledger_toml(path)
    doc.save(path, doc.ledger.replace_finding(attrs.evolve(f02, notes=())))
    assert "甲" not in path.read_text(encoding="utf-8")
    assert load_ledger(path).findings[1].notes == ()


def test_ledger_to_toml_writes_notes_after_source() -> None:
    finding = Finding(id="F01", title="问题", notes=("第一段。", "第二段。"))
    text = ledger_to_toml(Ledger(findings=(finding,)))
    assert 'source = "inspection"\nnotes = [\n    "第一段。",\n    "第二段。",\n]\n' in text
    assert parse_ledger_toml(text).ledger.findings == (finding,)


def test_bad_notes_name_the_finding(write_ledger: WriteLedger) -> None:
    path = write_ledger('[[finding]]\nid = "F01"\nnotes = 3\n')
    with pytest.raises(LedgerError, match=r"ledger\.toml:3: finding F01: notes: must be a string"):
        load_ledger(path)
