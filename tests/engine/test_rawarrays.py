"""A worker's result pickled with its big arrays written raw and its long lists in pieces."""

from __future__ import annotations

import io
import pickle
import tracemalloc
from array import array
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectikit.engine import rawarrays
from rectikit.readers.keys import SeenKeys

TYPECODES = "bBhHiIlLqQfdu"


def round_trip(obj: Any) -> tuple[Any, bytes]:
    """``obj`` dumped and loaded, and what the file holds after the object."""
    file = io.BytesIO()
    rawarrays.dump(obj, file)
    file.write(b"after")
    file.seek(0)
    return rawarrays.load(file), file.read()


def an_array(code: str, size: int) -> array[Any]:
    if code == "u":
        return array(code, "采购台账" * (size // 4 + 1))
    if code in "fd":
        return array(code, (i / 3 for i in range(size)))
    return array(code, (i % 100 for i in range(size)))


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(TYPECODES), st.integers(min_value=0, max_value=3000)),
        max_size=6,
    ),
    blob=st.binary(max_size=9000),
    text=st.text(max_size=20),
)
def test_arrays_and_bytearrays_come_back_equal_big_or_small(
    parts: list[tuple[str, int]], blob: bytes, text: str
) -> None:
    arrays = [an_array(code, size) for code, size in parts]
    obj = {"arrays": arrays, "blob": bytearray(blob), "text": text, "nested": [(1, arrays)]}
    got, rest = round_trip(obj)
    assert got == obj
    assert [a.typecode for a in got["arrays"]] == [a.typecode for a in arrays]
    assert rest == b"after"  # the file is read to the object's end, no further


def test_an_array_referred_to_twice_comes_back_as_one() -> None:
    shared, blob = array("Q", range(10_000)), bytearray(50_000)
    got, _ = round_trip([shared, shared, blob, {"again": blob}])
    assert got[0] is got[1] and got[2] is got[3]["again"]


def test_big_arrays_are_written_beside_the_pickle_small_ones_in_it() -> None:
    big, small = array("I", range(rawarrays.RAW_MIN_BYTES)), array("I", range(10))
    file = io.BytesIO()
    rawarrays.dump({"big": big, "small": small}, file)
    file.seek(0)
    assert pickle.load(file) == [("I", len(big))]  # the list of arrays written raw


def test_a_long_list_is_written_in_pieces_and_comes_back_whole() -> None:
    place = ("采购台账.csv", 7)
    items = [
        {"id": f"CG{number}", "where": place} for number in range(3 * rawarrays.CHUNK_ITEMS + 5)
    ]
    short = list(range(10))
    file = io.BytesIO()
    rawarrays.dump({"long": items, "short": short, "again": items}, file)
    file.seek(0)
    assert pickle.load(file) == [("[", 4)]  # four pieces; the short list stays in the pickle
    file.seek(0)
    got = rawarrays.load(file)
    assert got["long"] == items and got["short"] == short and got["again"] is got["long"]


def test_a_seen_keys_table_survives_the_trip() -> None:
    keys = SeenKeys()
    for number in range(5000):
        keys.add(f"CG2023-{number:07d}", "采购台账.csv", number + 2)
    got, _ = round_trip({"keys": keys})
    assert len(got["keys"]) == 5000
    assert got["keys"].get("CG2023-0004999") == ("采购台账.csv", 5001)
    assert got["keys"].add("CG2023-0000007", "b.csv", 3) == ("采购台账.csv", 9)


def test_loading_holds_a_big_array_once_not_twice() -> None:
    # plain pickle keeps a bytes copy of each array until the whole load ends
    big = array("Q", range(1_000_000))  # 8 MB
    file = io.BytesIO()
    rawarrays.dump({"big": big}, file)
    file.seek(0)
    tracemalloc.start()
    try:
        got = rawarrays.load(file)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got["big"] == big
    assert peak < 1.25 * len(big) * big.itemsize


@pytest.mark.parametrize("cut", [3, 40, 5000])
def test_a_file_cut_short_fails_to_load(cut: int) -> None:
    file = io.BytesIO()
    rawarrays.dump({"big": array("Q", range(2000)), "text": "x" * 100}, file)
    file = io.BytesIO(file.getvalue()[:cut])
    with pytest.raises((EOFError, pickle.UnpicklingError)):
        rawarrays.load(file)


class _NumberThree(pickle.Pickler):
    def persistent_id(self, obj: Any) -> int | None:
        return 3 if obj == "x" else None


def test_a_number_for_no_array_fails_to_load() -> None:
    file = io.BytesIO()
    pickle.dump([], file)  # no arrays written raw
    _NumberThree(file).dump(["x"])
    file.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="nothing set aside numbered 3"):
        rawarrays.load(file)
