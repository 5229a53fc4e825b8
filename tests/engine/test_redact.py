"""--redact: people's names become pseudonyms, stable within one report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import rectikit
from rectikit.engine.redact import Redactor, pseudonym
from rectikit.model.records import Reward

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "city-committee"


def test_pseudonyms() -> None:
    assert [pseudonym(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "人员A",
        "人员B",
        "人员Z",
        "人员AA",
        "人员AB",
        "人员ZZ",
        "人员AAA",
    ]
    assert pseudonym(2, "en") == "Person C"


def test_redactor_is_stable_and_prefers_longer_names() -> None:
    redactor = Redactor(["张三", "张三丰", "李四"])
    assert redactor.text("李四与张三丰谈话，张三缺席") == "人员A与人员B谈话，人员C缺席"
    assert redactor.text("张三、李四") == "人员C、人员A"
    assert redactor.value({"leader": "李四", "n": 3}) == {"leader": "人员A", "n": 3}


def test_only_people_are_personal() -> None:
    unit = Reward(
        id="1", recipient="办公室", recipient_type="unit", amount=1, date=date(2023, 1, 1)
    )
    person = Reward(
        id="2", recipient="王立新", recipient_type="person", amount=1, date=date(2023, 1, 1)
    )
    assert unit.personal_names() == [] and person.personal_names() == ["王立新"]


def test_example_redacted_everywhere() -> None:
    plain = rectikit.check(EXAMPLE, as_of="2023-12-31")
    people = plain.people
    assert {"谢军", "周明华", "林晓燕", "马骏", "孙梦婷", "刘建国"} <= people
    assert "市教育局机关党委" not in people  # a rewarded unit is not a person
    redacted = rectikit.check(EXAMPLE, as_of="2023-12-31", redact=True)
    assert redacted.people == frozenset() and redacted.redacted > 0
    text = " ".join(
        f"{v.subject} {v.message} {' '.join(v.details.values())}" for v in redacted.violations
    )
    for name in people:
        assert name not in text, name
    assert "人员A" in text
    # the same name is the same pseudonym throughout the report
    itg = [v for v in redacted.violations if v.code in ("ITG001", "ITG002")]
    pairs = {tuple(v.subject.split("|")[:2]) for v in itg}
    assert len(pairs) == 2 and all(a.startswith("人员") for pair in pairs for a in pair)
    # everything else is unchanged
    assert [v.code for v in redacted.violations] == [v.code for v in plain.violations]


def test_waiver_texts_are_redacted_too(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        '[[waiver]]\ncode = "ITG001"\nsubject = "林晓燕|马骏|2023"\n'
        'reason = "马骏长期病假，林晓燕已补谈"\napprover = "谢军"\n',
        encoding="utf-8",
    )
    result = rectikit.check(EXAMPLE, as_of="2023-12-31", waivers=waivers, redact=True)
    (item,) = result.waived_list
    text = f"{item.violation.subject} {item.reason} {item.approver}"
    for name in ("林晓燕", "马骏", "谢军"):
        assert name not in text
