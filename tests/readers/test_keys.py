"""SeenKeys answers like the dict it replaces."""

from __future__ import annotations

import gc
import glob
import os
import pickle
import subprocess
import sys
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectikit import scratch
from rectikit.readers import keys as keys_module
from rectikit.readers import keyspill
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


# Joining the tables of a file read in parts: overlap and absorb.

files = st.sampled_from(["a.csv", "采购台账.xlsx", "c.tsv"])
sequences = st.lists(st.tuples(keys, st.tuples(files, st.integers(0, 2**33))), max_size=60)


def _fed(entries: list) -> SeenKeys:
    seen = SeenKeys()
    for key, (file, row) in entries:
        seen.add(key, file, row)
    return seen


def _first_seen(entries: list) -> dict:
    model: dict = {}
    for key, where in entries:
        model.setdefault(key, where)
    return model


def _naive_overlap(first: list, second: list) -> list:
    mine, theirs = _first_seen(first), _first_seen(second)
    return [(key, mine[key], where) for key, where in theirs.items() if key in mine]


def _assert_same(seen: SeenKeys, reference: SeenKeys, entries: list) -> None:
    assert len(seen) == len(reference)
    for key, _ in entries:
        assert key in seen
        assert seen.get(key) == reference.get(key)
    assert seen.get("never added") is None
    assert "never added" not in seen


def _roundtrip(seen: SeenKeys, pickled: bool) -> SeenKeys:
    return pickle.loads(pickle.dumps(seen, protocol=pickle.HIGHEST_PROTOCOL)) if pickled else seen


@given(sequences, st.data(), st.booleans())
def test_overlap_is_the_naive_one_and_absorb_equals_serial_feeding(
    entries: list, data: st.DataObject, pickled: bool
) -> None:
    cut = data.draw(st.integers(0, len(entries)))
    first, second = entries[:cut], entries[cut:]
    a, b = _fed(first), _roundtrip(_fed(second), pickled)
    assert a.overlap(b) == _naive_overlap(first, second)
    if not a.overlap(b):
        a.absorb(b)
        _assert_same(a, _fed(entries), entries)


@given(sequences, st.data(), st.booleans())
def test_absorb_of_disjoint_parts_equals_serial_feeding(
    entries: list, data: st.DataObject, pickled: bool
) -> None:
    cut = data.draw(st.integers(0, len(entries)))
    first = entries[:cut]
    seen_first = set(_first_seen(first))
    second = [(key, where) for key, where in entries[cut:] if key not in seen_first]
    a, b = _fed(first), _roundtrip(_fed(second), pickled)
    assert a.overlap(b) == []
    a.absorb(b)
    whole = first + second
    _assert_same(a, _fed(whole), whole)
    in_order = [(key, where, where) for key, where in _first_seen(whole).items()]
    assert _fed(whole).overlap(a) == in_order  # keeps the order they were seen in
    later = data.draw(sequences)  # and it goes on like the serial store afterwards
    serial = _fed(whole)
    for key, (file, row) in later:
        assert a.add(key, file, row) == serial.add(key, file, row)
    _assert_same(a, serial, whole + later)


@pytest.mark.parametrize(
    ("limit", "value"),
    [
        ("_MAX_FILES", 2),  # two file numbers: a third file's ids are kept aside
        ("_MAX_ARENA", 20),  # an arena of 20 bytes: the ids past it are kept aside
    ],
)
@given(st.lists(st.tuples(keys, st.tuples(files, st.integers(0, 9))), max_size=40), st.data())
def test_ids_kept_aside_past_a_limit_still_merge_exactly(
    limit: str, value: int, entries: list, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(entries)))
    first = entries[:cut]
    seen_first = set(_first_seen(first))
    second = [(key, where) for key, where in entries[cut:] if key not in seen_first]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keys_module, limit, value)
        a, b = _fed(first), _fed(second)
        assert a.overlap(b) == _naive_overlap(first, second) == []
        a.absorb(b)
        whole = first + second
        _assert_same(a, _fed(whole), whole)
        assert all(a.get(key) == where for key, where in _first_seen(whole).items())
        assert len(a._files) <= 2 if limit == "_MAX_FILES" else len(a._arena) <= value


def test_overlap_lists_shared_ids_in_the_order_the_second_part_saw_them() -> None:
    a, b = SeenKeys(), SeenKeys()
    for n in range(3000):
        a.add(f"CG-{n}", "a.csv", n + 2)
    a.add(7, "a.json", 1)
    a.add("y" * 70000, "a.csv", 9000)
    a.add("far", "a.csv", 2**33)  # a row past a word: kept aside in a
    b.add("CG-2999", "a.csv", 5000)
    b.add("new", "a.csv", 5001)
    b.add(7, "a.json", 4)
    b.add("far", "a.csv", 5002)  # packed in b
    b.add("CG-0", "b.csv", 2)
    b.add("y" * 70000, "a.csv", 5003)
    assert a.overlap(b) == [
        ("CG-2999", ("a.csv", 3001), ("a.csv", 5000)),
        (7, ("a.json", 1), ("a.json", 4)),
        ("far", ("a.csv", 2**33), ("a.csv", 5002)),
        ("CG-0", ("a.csv", 2), ("b.csv", 2)),
        ("y" * 70000, ("a.csv", 9000), ("a.csv", 5003)),
    ]
    assert b.overlap(SeenKeys()) == []
    assert SeenKeys().overlap(b) == []


def test_absorb_keeps_first_places_and_grows_the_table() -> None:
    a, b = SeenKeys(), SeenKeys()
    for n in range(1000):
        a.add(f"P{n}", "a.csv", n + 2)
    for n in range(1000, 6000):
        b.add(f"P{n}", "b.csv", n)
    b.add(("tuple", 1), "b.csv", 1)
    a.absorb(b)
    assert len(a) == 6001
    assert a.get("P0") == ("a.csv", 2)
    assert a.get("P5999") == ("b.csv", 5999)
    assert a.get(("tuple", 1)) == ("b.csv", 1)
    assert a.add("P4000", "c.csv", 1) == ("b.csv", 4000)
    assert a.add("P6000", "c.csv", 1) is None
    assert len(a) == 6002
    assert b.get("P0") is None and len(b) == 5001  # only read


def test_absorbing_itself_is_refused() -> None:
    seen = SeenKeys()
    seen.add("A", "a.csv", 2)
    with pytest.raises(ValueError):
        seen.absorb(seen)


def test_pickles_as_arrays_in_a_few_bytes_a_key() -> None:
    seen = SeenKeys()
    for n in range(20_000):
        seen.add(f"CG2023-{n:07d}", "采购台账.csv", n + 2)
    blob = pickle.dumps(seen, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(blob) < 60 * 20_000
    state = seen.__getstate__()
    assert all(isinstance(value, (array, bytearray, int, list, dict)) for value in state.values())
    assert state["_files"] == ["采购台账.csv"] and state["_other"] == {}
    back = pickle.loads(blob)
    assert len(back) == 20_000
    assert back.get("CG2023-0000000") == ("采购台账.csv", 2)
    assert back.add("CG2023-0019999", "b.csv", 1) == ("采购台账.csv", 20_001)
    assert back.add("new", "采购台账.csv", 1) is None


def test_a_key_costs_its_bytes_and_three_words_besides_the_table() -> None:
    seen = SeenKeys()
    for n in range(20_000):
        seen.add(f"CG2023-{n:07d}", "采购台账.csv" if n < 15_000 else "b.csv", n + 2)
    state = seen.__getstate__()
    kept = sum(
        len(value) * (value.itemsize if isinstance(value, array) else 1)
        for name, value in state.items()
        if isinstance(value, (array, bytearray)) and name != "_slots"
    )
    assert kept < (14 + 3 * 4 + 1) * 20_000  # the id, its end, its row, its hash
    assert list(state["_run_starts"]) == [0, 15_000]  # a file named once for its run
    assert seen.get("CG2023-0014999") == ("采购台账.csv", 15_001)
    assert seen.get("CG2023-0015000") == ("b.csv", 15_002)


def test_unpickled_under_another_hash_seed_hashes_again() -> None:
    seen = SeenKeys()
    for n in range(2000):
        seen.add(f"K{n}", "a.csv", n)
    state = seen.__getstate__()
    state["seed_probe"] += 1  # as if pickled by a process of another seed
    state["_hashes"] = array("I", bytes(4 * len(state["_hashes"])))  # and its hashes
    state["_slots"] = array("i", bytes(len(state["_slots"]) * 4))
    back = SeenKeys.__new__(SeenKeys)
    back.__setstate__(state)
    assert all(back.get(f"K{n}") == ("a.csv", n) for n in range(2000))
    assert seen.overlap(back)[0] == ("K0", ("a.csv", 0), ("a.csv", 0))


def test_unpickled_in_a_process_of_another_seed(tmp_path: Path) -> None:
    seen = SeenKeys()
    for n in range(500):
        seen.add(f"K{n}", "a.csv", n)
    (tmp_path / "seen.pickle").write_bytes(pickle.dumps(seen))
    script = (
        "import pickle, sys\n"
        "seen = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "assert all(seen.get(f'K{n}') == ('a.csv', n) for n in range(500))\n"
        "assert seen.get('K500') is None and len(seen) == 500\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "seen.pickle")], env=env, check=False
    )
    assert done.returncode == 0


def test_a_deferred_table_is_absorbed_before_the_next_lookup() -> None:
    first, second = SeenKeys(), SeenKeys()
    first.add("P1", "a.csv", 2)
    second.add("P2", "a.csv", 3)
    first.defer(second)
    assert first.get("P2") == ("a.csv", 3) and len(first) == 2
    third = SeenKeys()
    third.add("P3", "a.csv", 4)
    first.defer(third)
    first.settle()
    assert first.add("P3", "b.csv", 1) == ("a.csv", 4)
    assert first.overlap(third) == [("P3", ("a.csv", 4), ("a.csv", 4))]
    with pytest.raises(ValueError):
        first.defer(first)


# Past SPILL_KEYS ids a table sets its packed ids aside on disk (keyspill).


@contextmanager
def _spilling(every: int = 2, filter_bytes: int = 2) -> Iterator[None]:
    """Tables that set their ids aside every few keys, with a filter so small that
    nearly every id must be looked up in the files."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keys_module, "_INITIAL_SLOTS", 4)
        patch.setattr(keyspill, "SPILL_KEYS", every)
        patch.setattr(keyspill, "FILTER_BYTES", filter_bytes)
        yield


def _spill_files() -> set[str]:
    return set(glob.glob(os.path.join(scratch.directory(), "rectikit-keys-*.bin")))


@given(st.lists(st.tuples(keys, places), max_size=60), st.sampled_from([2, 4096]))
def test_seen_keys_set_aside_on_disk_behave_like_a_dict(entries: list, filter_bytes: int) -> None:
    with _spilling(filter_bytes=filter_bytes):
        seen = SeenKeys()
        model: dict = {}
        for key, (file, row) in entries:
            assert seen.add(key, file, row) == model.get(key)
            model.setdefault(key, (file, row))
            assert seen.get(key) == model[key]
        assert len(seen) == len(model)
        assert all(seen.get(key) == where for key, where in model.items())
        assert seen.get("never added") is None
        assert list(seen._items()) == list(model.items())


@given(sequences, st.data(), st.booleans(), st.booleans())
def test_overlap_and_absorb_with_ids_set_aside_on_either_side(
    entries: list, data: st.DataObject, pickled: bool, spill_first: bool
) -> None:
    cut = data.draw(st.integers(0, len(entries)))
    first, second = entries[:cut], entries[cut:]
    if spill_first:
        with _spilling():
            a = _fed(first)
    else:
        a = _fed(first)
    with _spilling(every=4):
        b = _roundtrip(_fed(second), pickled)
        assert a.overlap(b) == _naive_overlap(first, second)
        if not a.overlap(b):
            a.absorb(b)
            _assert_same(a, _fed(entries), entries)
            assert list(a._items()) == list(_first_seen(entries).items())
            later = data.draw(sequences)  # and it goes on like the serial store
            serial = _fed(entries)
            for key, (file, row) in later:
                assert a.add(key, file, row) == serial.add(key, file, row)


def test_a_big_table_keeps_a_bounded_part_in_memory_and_finds_everything() -> None:
    before = _spill_files()
    with _spilling(every=1024, filter_bytes=1 << 12):
        seen = SeenKeys()
        for n in range(10_000):
            assert seen.add(f"CG2023-{n:07d}", "a.csv" if n < 6000 else "b.csv", n + 2) is None
        assert len(seen._hashes) <= 1024 and len(seen._slots) <= 2048
        assert seen._spilled is not None and len(seen._spilled.segments) >= 8
        assert len(seen) == 10_000
        assert seen.add("CG2023-0000000", "c.csv", 1) == ("a.csv", 2)
        assert seen.add("CG2023-0005999", "c.csv", 1) == ("a.csv", 6001)
        assert seen.add("CG2023-0006000", "c.csv", 1) == ("b.csv", 6002)
        assert seen.get("CG2023-0009999") == ("b.csv", 10_001)
        assert seen.add("CG2023-0010000", "c.csv", 1) is None
        assert len(_spill_files() - before) >= 8
        del seen
        gc.collect()
    assert _spill_files() <= before  # the files go with the table


def test_a_table_handed_over_in_a_pickle_leaves_its_files_to_the_loader() -> None:
    before = _spill_files()
    with _spilling(every=4):
        seen = SeenKeys()
        for n in range(40):
            seen.add(f"K{n}", "a.csv", n)
        blob = pickle.dumps(seen)
        del seen  # as a worker's table once sent: its files stay for the main process
        gc.collect()
        assert len(_spill_files() - before) >= 5
        back = pickle.loads(blob)
        assert all(back.get(f"K{n}") == ("a.csv", n) for n in range(40))
        del back
        gc.collect()
    assert _spill_files() <= before


def test_no_room_on_disk_keeps_the_ids_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyspill.DiskSegment, "write", full)
    with _spilling(every=4):
        seen = SeenKeys()
        for n in range(100):
            assert seen.add(f"K{n}", "a.csv", n) is None
        assert seen._spilled is None and len(seen._hashes) == 100
        assert seen.add("K7", "b.csv", 1) == ("a.csv", 7)


def test_a_table_set_aside_unpickled_under_another_hash_seed_is_built_again() -> None:
    with _spilling(every=4):
        seen = SeenKeys()
        for n in range(50):
            seen.add(f"K{n}", "a.csv" if n % 2 else "b.csv", n)
        seen.add(3, "a.json", 1)
        state = seen.__getstate__()
        state["seed_probe"] += 1
        back = SeenKeys.__new__(SeenKeys)
        back.__setstate__(state)
        assert len(back) == 51
        assert all(back.get(f"K{n}") == ("a.csv" if n % 2 else "b.csv", n) for n in range(50))
        assert back.get(3) == ("a.json", 1)


def test_overlap_finds_ids_either_part_set_aside_and_absorb_keeps_memory_bounded() -> None:
    with _spilling(every=64, filter_bytes=1 << 10):
        a, b = SeenKeys(), SeenKeys()
        for n in range(1000):
            a.add(f"CG-{n}", "a.csv", n + 2)
        for n in range(1000, 1900):
            b.add(f"CG-{n}", "a.csv", n + 2)
        b.add("CG-5", "b.csv", 1)  # set aside in both
        b.add("CG-999", "b.csv", 2)  # in a's memory, set aside in b
        for n in range(1900, 1950):
            b.add(f"CG-{n}", "a.csv", n + 2)
        assert a._spilled is not None and b._spilled is not None
        assert a.overlap(b) == [
            ("CG-5", ("a.csv", 7), ("b.csv", 1)),
            ("CG-999", ("a.csv", 1001), ("b.csv", 2)),
        ]
        c = SeenKeys()  # 50 ids, none set aside, to 40 in a's memory: set aside then
        for n in range(1000, 1050):
            c.add(f"CG-{n}", "c.csv", n)
        assert c._spilled is None and len(a._hashes) == 40
        assert a.overlap(c) == []
        a.absorb(c)
        assert len(a) == 1050 and len(a._hashes) < 64
        assert a.get("CG-1049") == ("c.csv", 1049)
        assert a.add("CG-0", "d.csv", 1) == ("a.csv", 2)
