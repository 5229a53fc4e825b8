"""An id table written to disk is found again exactly; the filter never says no to an
id it holds."""

from __future__ import annotations

import pickle
from array import array

from hypothesis import given
from hypothesis import strategies as st

from rectikit.readers.keys import SeenKeys
from rectikit.readers.keyspill import DiskSegment, SpilledKeys


def _segment(keys: list[str], file: str = "a.csv") -> tuple[DiskSegment, SeenKeys]:
    table = SeenKeys()
    for row, key in enumerate(keys, start=2):
        table.add(key, file, row)
    runs = [(0, file)]
    segment = DiskSegment.write(
        table._slots, table._hashes, table._ends, table._rows, table._arena, runs
    )
    return segment, table


@given(st.lists(st.text(min_size=1, max_size=10), unique=True, max_size=80), st.text(max_size=10))
def test_a_segment_finds_each_of_its_ids_and_no_other(keys: list[str], other: str) -> None:
    segment, table = _segment(keys)
    for entry, key in enumerate(keys):
        data = key.encode("utf-8", "surrogatepass")
        code = table._hashes[entry]
        assert segment.find(data, code) == entry
        assert segment.place(entry) == ("a.csv", entry + 2)
    if other not in keys:
        data = other.encode("utf-8", "surrogatepass")
        assert segment.find(data, hash(other) & 0xFFFFFFFF) == -1
    hashes, ends, arena, rows = segment.load()
    assert hashes == table._hashes and ends == table._ends and rows == table._rows
    assert arena == bytes(table._arena)


def test_the_filter_holds_every_id_set_aside_and_joins_another() -> None:
    first, table = _segment([f"K{n}" for n in range(300)])
    second, other = _segment([f"L{n}" for n in range(300)], "b.csv")
    spilled, more = SpilledKeys(), SpilledKeys()
    spilled.add(first, table._hashes)
    more.add(second, other._hashes)
    assert all(spilled.may_hold(code) for code in table._hashes)
    assert sorted(spilled.maybe(table._hashes)) == list(range(300))
    spilled.extend(more)
    assert all(spilled.may_hold(code) for code in other._hashes)
    assert spilled.count == 600 and spilled.segments == [first, second]
    assert spilled.find(b"L7", other._hashes[7]) == ("b.csv", 9)
    assert spilled.find(b"K299", table._hashes[299]) == ("a.csv", 301)
    assert spilled.find(b"M1", hash("M1") & 0xFFFFFFFF) is None
    unset = array("I", [code for code in range(4096) if not spilled.may_hold(code)])
    assert list(spilled.maybe(unset)) == []


def test_a_pickled_segment_reads_the_same_file() -> None:
    segment, table = _segment(["CG-1", "CG-2"])
    back = pickle.loads(pickle.dumps(segment))
    assert back.file.path == segment.file.path
    assert back.find(b"CG-2", table._hashes[1]) == 1 and back.place(1) == ("a.csv", 3)
