"""Run-to-run deltas: new, persisting, regressed and resolved, with ages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rectikit.engine.delta import CompareError, compare, load_previous
from rectikit.model.location import Location
from rectikit.model.severity import Severity
from rectikit.model.violation import Violation


def violation(code: str, subject: str) -> Violation:
    return Violation(
        code=code,
        name="x",
        severity=Severity.ERROR,
        kind=None,
        subject=subject,
        message=f"{code} {subject}",
        location=Location("a.csv", row=2),
    )


def write_previous(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "previous.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


PREVIOUS = {
    "as_of": "2023-10-31",
    "violations": [
        {
            "code": "PRC001",
            "subject": "P1",
            "severity": "error",
            "message": "old",
            "location": {"file": "a.csv", "row": 2},
        },
        {
            "code": "PRC002",
            "subject": "P2",
            "severity": "error",
            "message": "fixed since",
            "location": {"file": "a.csv", "row": 3},
            "delta": {"status": "persisting", "first_seen": "2023-06-30", "age_days": 123},
        },
        {"code": "DAT003", "subject": "x", "severity": "error", "message": "data"},
    ],
    "resolved": [
        {"code": "PRC004", "subject": "P4", "delta": {"first_seen": "2023-03-31"}},
    ],
}


def test_statuses_and_ages(tmp_path: Path) -> None:
    previous = load_previous(write_previous(tmp_path, PREVIOUS))
    now = [violation("PRC001", "P1"), violation("PRC003", "P3"), violation("PRC004", "P4")]
    delta = compare(now, previous, date(2023, 12, 31))
    persisting = delta.of(now[0])
    assert (persisting.status, persisting.first_seen, persisting.age_days) == (
        "persisting",
        date(2023, 10, 31),
        61,
    )
    new = delta.of(now[1])
    assert (new.status, new.first_seen, new.age_days) == ("new", date(2023, 12, 31), 0)
    regressed = delta.of(now[2])
    assert (regressed.status, regressed.first_seen) == ("regressed", date(2023, 3, 31))
    (gone,) = delta.resolved  # DAT003 takes no part
    assert (gone.code, gone.subject, gone.message) == ("PRC002", "P2", "fixed since")
    assert (gone.entry.first_seen, gone.entry.age_days) == (date(2023, 6, 30), 184)
    assert delta.counts() == {"new": 1, "persisting": 1, "regressed": 1, "resolved": 1}
    assert delta.to_dict()["previous_as_of"] == "2023-10-31"


def test_a_chain_of_reports_keeps_the_first_seen_day(tmp_path: Path) -> None:
    first = load_previous(
        write_previous(
            tmp_path, {"as_of": "2023-06-30", "violations": [{"code": "PRC001", "subject": "P1"}]}
        )
    )
    second = compare([violation("PRC001", "P1")], first, date(2023, 9, 30))
    document = {
        "as_of": "2023-09-30",
        "violations": [
            {"code": "PRC001", "subject": "P1", "delta": second.entries[("PRC001", "P1")].to_dict()}
        ],
    }
    third = compare(
        [violation("PRC001", "P1")],
        load_previous(write_previous(tmp_path, document)),
        date(2023, 12, 31),
    )
    entry = third.entries[("PRC001", "P1")]
    assert (entry.first_seen, entry.age_days) == (date(2023, 6, 30), 184)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("not json", "not a JSON report"),
        ("[]", "no 'violations' list"),
        ('{"violations": []}', "no valid 'as_of'"),
        ('{"as_of": "2023-12-31", "violations": [{"subject": "x"}]}', r"violations\[1\] has no"),
    ],
)
def test_bad_previous_reports(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "previous.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CompareError, match=match):
        load_previous(path)


def test_missing_previous_report(tmp_path: Path) -> None:
    with pytest.raises(CompareError, match="cannot read"):
        load_previous(tmp_path / "nope.json")


def test_waived_or_baselined_violations_are_not_resolved(tmp_path: Path) -> None:
    previous = load_previous(write_previous(tmp_path, PREVIOUS))
    delta = compare(
        [violation("PRC001", "P1")],
        previous,
        date(2023, 12, 31),
        still_present=[violation("PRC002", "P2")],  # waived now, still there
    )
    assert delta.resolved == ()
