"""SeenKeys answers like the dict it replaces."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rectikit.readers.keys import SeenKeys

keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["CG2023-0000001", "CG2023-0000002", "编号一", "\ud800", "x" * 70000]),
    st.integers(min_value=-5, max_value=5),
)
places = st.tuples(st.sampled_from(["a.csv", "采购台账.xlsx"]), st.integers(0, 2**33))


@given(st.lists(st.tuples(keys, places), max_size=60))
def test_seen_keys_behave_like_a_dict(entries: list) -> None:
    seen = SeenKeys()
    model: dict = {}
    for key, (file, row) in entries:
        first = seen.add(key, file, row)
        assert first == model.get(key)
        model.setdefault(key, (file, row))
        assert seen.get(key) == model[key]
        assert key in seen
    assert len(seen) == len(model)
    for key, where in model.items():
        assert seen.get(key) == where


def test_seen_keys_grow_and_still_find_everything() -> None:
    seen = SeenKeys()
    for n in range(20_000):
        assert seen.add(f"P{n}", "a.csv", n + 2) is None
    assert len(seen) == 20_000
    assert seen.get("P0") == ("a.csv", 2)
    assert seen.get("P19999") == ("a.csv", 20_001)
    assert seen.add("P123", "b.csv", 5) == ("a.csv", 125)
    assert seen.get("missing") is None
    seen["P5"] = ("c.csv", 1)  # assignment keeps the first sighting, like the readers do
    assert seen.get("P5") == ("a.csv", 7)
