"""The compact candidate store gives back exactly what it was given."""

from __future__ import annotations

import pickle
from array import array
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectikit.checks import candidates as candidates_module
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


@given(
    st.lists(entries, max_size=40),
    st.integers(0, 3),
    st.sampled_from([1, 2, 3]),
    st.sampled_from([0, 4]),
)
def test_groups_come_in_order_of_their_key_numbers_each_in_the_order_added(
    items: list, min_size: int, width: int, dense: int
) -> None:
    """The model: every key value numbered as first seen; groups with a packed record
    by their numbers (the last value most significant), then groups of records kept
    aside only, as first seen; in a group the packed records in the order added, then
    those kept aside. Alike whether the groups are counted (``dense``) or sorted."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(candidates_module, "_DENSE_CODES", dense)
        _check_groups_against_the_model(items, min_size, width)


def _check_groups_against_the_model(items: list, min_size: int, width: int) -> None:
    store = CandidateStore()
    numbers: list[dict[str, int]] = [{} for _ in range(width)]
    packed: dict[tuple[str, ...], list[Candidate]] = {}
    aside: dict[tuple[str, ...], list[Candidate]] = {}
    for key, day, ident, amount, where, label in items:
        key = (*key, key[1][:1])[:width] if width != 2 else key
        for value, numbered in zip(key, numbers, strict=True):
            numbered.setdefault(value, len(numbered))
        before = len(store._spill)
        store.add(key, day, ident, amount, where, label)
        kept = aside if len(store._spill) > before else packed
        kept.setdefault(key, []).append(Candidate(day, ident, amount, where, label))

    def rank(key: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(numbered[value] for value, numbered in zip(key, numbers, strict=True))[::-1]

    order = sorted(packed, key=rank) + [key for key in aside if key not in packed]
    expected = [(key, packed.get(key, []) + aside.get(key, [])) for key in order]
    expected = [(key, group) for key, group in expected if len(group) >= min_size]
    got = list(store.groups(min_size))
    assert [key for key, _ in got] == [key for key, _ in expected]
    for (_, group), (_, wanted) in zip(got, expected, strict=True):
        assert [_exactly(c) for c in group] == [_exactly(c) for c in wanted]


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


# Joining the stores of a file read in parts.

OTHER_LETTERS = {"budget": "D", "id": "A"}
sources = st.builds(
    Location,
    st.sampled_from(["采购台账.csv", "b.xlsx", "c.tsv"]),
    st.one_of(st.none(), st.integers(min_value=0, max_value=2**33)),
    st.sampled_from([None, None, None, "budget"]),  # a column: kept aside
    st.sampled_from([None, "Sheet1"]),
    letters=st.sampled_from([None, LETTERS, OTHER_LETTERS]),
)
widths = st.sampled_from(
    [
        st.tuples(st.sampled_from(["江宁", "浦口", ""])),
        st.tuples(st.sampled_from(["江宁", "浦口", ""]), st.sampled_from(["甲", "乙", "丙"])),
        st.tuples(st.sampled_from(["江宁", "浦口"]), st.sampled_from(["甲", "乙"]), st.just("x")),
    ]
)


def _records(keys: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(
        st.tuples(
            keys,
            st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
            st.one_of(st.text(max_size=8), st.just("长" * 70000)),
            amounts,
            sources,
            st.sampled_from(["甲公司", "乙公司 ", ""]),
        ),
        max_size=40,
    )


def _fed(items: list) -> CandidateStore:
    store = CandidateStore()
    for item in items:
        store.add(*item)
    return store


def _grouped(store: CandidateStore, min_size: int) -> list:
    """The groups in the order given, each record exactly."""
    return [(key, [_exactly(c) for c in group]) for key, group in store.groups(min_size)]


def _roundtrip(store: CandidateStore, pickled: bool) -> CandidateStore:
    return pickle.loads(pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL)) if pickled else store


@given(widths.flatmap(_records), st.data(), st.booleans(), st.integers(1, 3))
def test_extend_gives_the_groups_of_serial_feeding(
    items: list, data: st.DataObject, pickled: bool, min_size: int
) -> None:
    cut = data.draw(st.integers(0, len(items)))
    store, other = _fed(items[:cut]), _roundtrip(_fed(items[cut:]), pickled)
    store.extend(other)
    serial = _fed(items)
    assert store.count == serial.count == len(items)
    assert _grouped(store, min_size) == _grouped(serial, min_size)
    assert _grouped(other, 1) == _grouped(_fed(items[cut:]), 1)  # only read
    more = data.draw(st.lists(st.sampled_from(items), max_size=5)) if items else []
    for item in more:  # and it goes on like the serial store
        store.add(*item)
        serial.add(*item)
    assert _grouped(store, min_size) == _grouped(serial, min_size)


@given(widths.flatmap(_records), st.lists(st.integers(0, 40), max_size=4))
def test_extending_part_after_part_gives_the_groups_of_serial_feeding(
    items: list, cuts: list
) -> None:
    bounds = [0, *sorted(min(cut, len(items)) for cut in cuts), len(items)]
    store = CandidateStore()
    for start, end in pairwise(bounds):
        store.extend(_roundtrip(_fed(items[start:end]), True))
    assert _grouped(store, 1) == _grouped(_fed(items), 1)


@given(widths.flatmap(_records), st.data())
def test_extend_past_the_last_source_number_is_still_exact(
    items: list, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(items)))
    with pytest.MonkeyPatch.context() as patch:  # four source numbers only
        patch.setattr(candidates_module, "_MAX_SOURCE", 3)
        store, other = _fed(items[:cut]), _fed(items[cut:])
        store.extend(other)
        assert _grouped(store, 1) == _grouped(_fed(items), 1)
        again = CandidateStore()  # a joined store is read in the order it was fed
        again.extend(store)
        assert _grouped(again, 1) == _grouped(_fed(items), 1)


def test_extend_renumbers_values_labels_and_sources() -> None:
    store, other = CandidateStore(), CandidateStore()
    here, there = Location("a.csv", 2), Location("b.xlsx", 3, sheet="S", letters={"budget": "C"})
    store.add(("江宁", "甲"), date(2023, 1, 1), "P1", Decimal("100"), here, "甲公司")
    other.add(("浦口", "乙"), date(2023, 1, 2), "P2", Decimal("1.5"), there, "乙公司")
    other.add(("江宁", "甲"), date(2023, 1, 3), "P3", Decimal("-1"), there, "甲公司")  # aside
    other.add(("江宁", "甲"), date(2023, 1, 4), "P4", Decimal("2"), here, "")
    store.extend(pickle.loads(pickle.dumps(other)))
    groups = dict(store.groups())
    assert [c.id for c in groups[("江宁", "甲")]] == ["P1", "P4", "P3"]
    (second,) = groups[("浦口", "乙")]
    assert second == Candidate(date(2023, 1, 2), "P2", Decimal("1.5"), there, "乙公司")
    assert second.location.letters == {"budget": "C"}
    assert second.location.with_column("budget").cell == "C3"
    assert store.count == 4


def test_extend_with_empty_stores_and_itself() -> None:
    store = CandidateStore()
    store.extend(CandidateStore())
    assert list(store.groups()) == [] and store.count == 0
    store.add(("k",), date(2023, 1, 1), "P1", Decimal(1), Location("a.csv", 2))
    store.extend(CandidateStore())
    store.extend(store)
    assert [(key, [c.id for c in group]) for key, group in store.groups()] == [
        (("k",), ["P1", "P1"])
    ]


def test_extend_refuses_keys_of_another_width() -> None:
    store, other = CandidateStore(), CandidateStore()
    store.add(("a", "b"), date(2023, 1, 1), "P1", Decimal(1), Location("a.csv", 2))
    other.add(("a",), date(2023, 1, 1), "P2", Decimal(1), Location("a.csv", 3))
    with pytest.raises(ValueError, match="keys of 2 values"):
        store.extend(other)


def test_pickles_as_arrays_with_the_letters_kept() -> None:
    store = CandidateStore()
    letters = {"budget": "C", "id": "A"}
    for n in range(20_000):
        where = Location("采购台账.xlsx", n + 2, sheet="采购", letters=letters)
        store.add(
            (f"单位{n % 7}", f"供应商{n % 500}"), date(2023, 1, 1), f"CG{n:07d}", Decimal(n), where
        )
    store.add(("单位0", "供应商0"), date(2023, 1, 1), "odd", Decimal("1E+3"), Location("a.csv", 1))
    blob = pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(blob) < 50 * 20_000
    state = store.__getstate__()
    assert isinstance(state["_places"], array) and isinstance(state["_arena"], bytearray)
    assert all(isinstance(part, array) for part in state["_parts"])
    assert len(state["_spill"]) == 1
    back = pickle.loads(blob)
    assert _grouped(back, 1) == _grouped(store, 1)
    kept = {
        id(c.location.letters) for _, group in back.groups() for c in group if c.location.letters
    }
    assert len(kept) == 1  # one mapping for the sheet, as before
    back.add(("单位0", "供应商0"), date(2023, 1, 2), "new", Decimal(1), Location("a.csv", 3))
    store.add(("单位0", "供应商0"), date(2023, 1, 2), "new", Decimal(1), Location("a.csv", 3))
    assert _grouped(back, 1) == _grouped(store, 1)


def test_parts_of_one_sheet_share_its_letters_again() -> None:
    store, other = CandidateStore(), CandidateStore()
    for n, part in enumerate([store, other, store]):
        where = Location("b.xlsx", n + 2, sheet="S", letters={"budget": "C"})
        part.add(("k",), date(2023, 1, 1), f"P{n}", Decimal(1), where)
    store.extend(pickle.loads(pickle.dumps(other)))
    ((_, group),) = store.groups()
    assert [c.id for c in group] == ["P0", "P2", "P1"]
    assert len({id(c.location.letters) for c in group}) == 2  # the first sheet's, the third's
    assert group[2].location.letters is group[0].location.letters


def test_a_joined_store_replays_its_odd_records_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates_module, "_MAX_SOURCE", 3)  # four source numbers only

    def record(ident: str, file: str, amount: str = "1") -> tuple:
        return (("k",), date(2023, 1, 1), ident, Decimal(amount), Location(file, 2))

    items = [
        record("G1", "g1.csv"),
        record("G2", "g2.csv"),
        record("A", "f1.csv"),
        record("B", "f2.csv"),
        record("C", "f3.csv", "-1"),  # kept aside: its source is numbered all the same
        record("D", "f2.csv"),
    ]
    store, other = _fed(items[2:3]), _fed(items[3:])
    store.extend(other)  # sources f1, f2, f3: fit
    again = _fed(items[:2])
    again.extend(store)  # five sources: added one by one, in the order they came
    serial = _fed(items)
    assert [c.id for _, group in serial.groups() for c in group] == ["G1", "G2", "A", "B", "D", "C"]
    assert _grouped(again, 1) == _grouped(serial, 1)


@given(st.lists(entries, max_size=40), st.integers(1, 3))
def test_sorted_groups_are_the_groups_sorted_by_date_then_id(items: list, min_size: int) -> None:
    store = CandidateStore()
    for key, day, ident, amount, where, label in items:
        store.add(key, day, ident, amount, where, label)
    plain = list(store.groups(min_size))
    light = list(store.sorted_groups(min_size))
    assert [key for key, _ in light] == [key for key, _ in plain]
    for (_, group), (_, members) in zip(plain, light, strict=True):
        expected = sorted(group, key=lambda c: (c.date, c.id))
        got = [store.candidate(number) for _, _, number in members]
        assert [_exactly(c) for c in got] == [_exactly(c) for c in expected]
        assert [(day, ident) for day, ident, _ in members] == [
            (c.date.toordinal(), c.id.encode("utf-8", "surrogatepass")) for c in expected
        ]
        for start in range(len(members)):  # every run of records, as PRC005 adds them up
            window = members[start:]
            total = store.amount_total(number for _, _, number in window)
            added = sum((store.candidate(n).amount for _, _, n in window), Decimal(0))
            assert (str(total), total.as_tuple()) == (str(added), added.as_tuple())
