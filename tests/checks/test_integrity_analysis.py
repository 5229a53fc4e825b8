"""ITG003 beyond the data cases: where a breach points, what it says, and its helpers."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

import pytest
from support import check_data, of

from rectikit.checks.integrity_analysis import mentions
from rectikit.plugins import Registry

ORGS = [
    {"id": "C1", "name": "机关党委", "type": "机关党委", "elected": "2021-06-01"},
    {"id": "B1", "name": "第一党支部", "type": "党支部", "elected": "2022-06-01"},
]


#: The rows checked with ITG003 selected, in the second quarter of 2023 (no data errors
#: allowed; run warnings are not asserted).
run = partial(
    check_data,
    select=["ITG003"],
    as_of=date(2023, 6, 30),
    since=date(2023, 4, 1),
    allow_warnings=True,
)


def test_breach_points_at_the_org_row(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, {"party_orgs": ORGS, "meetings": []})
    (v,) = of(result, "ITG003")
    assert v.subject == "B1|2023Q2"
    assert (v.location.file, v.location.row, v.location.column) == ("party_orgs.json", 2, None)
    assert (v.kind, v.severity.value, v.name) == (
        "party_orgs",
        "warning",
        "quarterly-integrity-analysis",
    )
    assert v.details == {
        "org_id": "B1",
        "name": "第一党支部",
        "quarter": "2023Q2",
        "keywords": "廉政、廉洁",
    }
    assert v.message == "第一党支部（B1）2023年第2季度未召开议题含“廉政、廉洁”的支委会分析廉政形势"
    assert v.citation == "巡察整改措施：支委会每季度分析廉政形势"


def test_message_in_english(tmp_path: Path, registry: Registry) -> None:
    result = run(tmp_path, registry, {"party_orgs": ORGS, "meetings": []}, lang="en")
    (v,) = of(result, "ITG003")
    assert v.message == (
        "第一党支部 (B1) held no committee meeting on the integrity situation "
        "(topic with 廉政、廉洁) in 2023Q2"
    )


def test_a_shared_name_counts_for_every_org_of_that_name(
    tmp_path: Path, registry: Registry
) -> None:
    orgs = [
        {"id": "B1", "name": "机关党支部", "type": "党支部", "elected": "2022-06-01"},
        {"id": "B2", "name": "机关党支部", "type": "党支部", "elected": "2022-06-01"},
    ]
    meetings = [{"org": "机关党支部", "type": "支委会", "date": "2023-05-10", "topic": "廉政形势"}]
    result = run(tmp_path, registry, {"party_orgs": orgs, "meetings": meetings})
    assert of(result, "ITG003") == []


def test_org_referenced_with_other_brackets(tmp_path: Path, registry: Registry) -> None:
    """OrgIndex folds full-width/half-width forms of a name."""
    orgs = [{"id": "B9", "name": "第一党支部（机关）", "type": "党支部", "elected": "2022-06-01"}]
    meetings = [
        {"org": "第一党支部(机关)", "type": "支委会", "date": "2023-05-10", "topic": "廉政形势"}
    ]
    result = run(tmp_path, registry, {"party_orgs": orgs, "meetings": meetings})
    assert of(result, "ITG003") == []


@pytest.mark.parametrize(
    ("text", "keywords", "expected"),
    [
        ("分析廉政形势", ("廉政", "廉洁"), True),
        ("廉洁过节", ("廉政", "廉洁"), True),
        ("发展党员", ("廉政", "廉洁"), False),
        (None, ("廉政",), False),
        ("", ("廉政",), False),
        ("Integrity review", ("integrity",), True),
        ("廉政", (), False),
        ("廉政", ("",), False),
    ],
)
def test_mentions(text: str | None, keywords: tuple[str, ...], expected: bool) -> None:
    assert mentions(text, keywords) is expected
