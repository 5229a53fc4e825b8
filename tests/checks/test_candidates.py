"""The compact candidate store gives back exactly what it was given."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rectikit.checks.candidates import Candidate, CandidateStore
from rectikit.model.location import Location

LETTERS = {"budget": "C"}

amounts = st.one_of(
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            Decimal("0"),
            Decimal("0.00"),
            Decimal("20000"),
            Decimal("19999.99"),
            Decimal("0.000001"),
            Decimal("1E+3"),  # scientific notation: kept aside, still exact
            Decimal("-5.00"),  # negative: kept aside
            Decimal("12345678901234567890123"),  # too many digits for a word
        ]
    ),
)
locations = st.builds(
    Location,
    st.sampled_from(["采购台账.csv", "b.xlsx"]),
    st.one_of(st.none(), st.integers(min_value=1, max_value=2**33)),
    st.just(None),
    st.sampled_from([None, "Sheet1"]),
    letters=st.sampled_from([None, LETTERS]),
)
entries = st.tuples(
    st.sampled_from([("江宁", "甲公司"), ("浦口", "乙公司"), ("江宁", "乙公司"), ("", "")]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
    st.one_of(st.text(max_size=20), st.just("长" * 70000)),
    amounts,
    locations,
    st.sampled_from(["甲公司", "乙公司 ", ""]),
)


@given(st.lists(entries, max_size=30))
def test_store_gives_back_what_it_was_given(items: list) -> None:
    store = CandidateStore()
    expected: dict[tuple[str, str], list[Candidate]] = {}
    for key, day, ident, amount, where, label in items:
        store.add(key, day, ident, amount, where, label)
        expected.setdefault(key, []).append(Candidate(day, ident, amount, where, label))
    assert store.count == len(items)
    back = dict(store.groups())
    assert sorted(back) == sorted(expected)
    for key, candidates in expected.items():
        assert sorted(map(_exactly, back[key])) == sorted(map(_exactly, candidates))
    assert all(len(group) >= 2 for _, group in store.groups(min_size=2))
    assert sum(len(group) for _, group in store.groups(min_size=2)) == sum(
        len(group) for group in expected.values() if len(group) >= 2
    )


def _exactly(candidate: Candidate) -> tuple:
    """Everything about a candidate, the Decimal's exponent and the location's sheet and
    column letters included."""
    where = candidate.location
    return (
        candidate.date,
        candidate.id,
        str(candidate.amount),
        where.file,
        where.row or 0,
        where.sheet or "",
        repr(where.letters),
        candidate.label,
    )


def test_packed_candidates_keep_their_order() -> None:
    store = CandidateStore()
    where = Location("a.csv", 7)
    for n in range(5):
        store.add(("k",), date(2023, 1, 5 - n), f"P{n}", Decimal(n), where, "v")
    store.add(("single",), date(2023, 1, 1), "S", Decimal(1), where)
    ((key, group),) = store.groups(min_size=2)
    assert key == ("k",)
    assert [c.id for c in group] == ["P0", "P1", "P2", "P3", "P4"]


def test_keys_of_several_values_group_exactly() -> None:
    store = CandidateStore()
    where = Location("a.csv", 2)
    pairs = [(u, v) for u in ("江宁", "浦口", "") for v in ("甲", "乙", "丙")] * 2
    for n, pair in enumerate(pairs):
        store.add(pair, date(2023, 1, 1), f"P{n}", Decimal(n), where)
    groups = dict(store.groups())
    assert len(groups) == 9
    assert [c.id for c in groups[("浦口", "乙")]] == ["P4", "P13"]
