"""The C row converter (``rectikit._speedups``) does what the Python one does.

Skipped where rectikit was installed without a C compiler, unless
``RECTIKIT_REQUIRE_SPEEDUPS`` is set (CI sets it: there the extension must be built).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import sys
import tracemalloc
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectikit.checks.candidates import CandidateStore, candidate_adder
from rectikit.model.location import Location
from rectikit.model.records import Procurement
from rectikit.model.values import ValueParseError, parse_amount
from rectikit.model.values.amounts import UNIT_EXPONENTS
from rectikit.readers import compiled, keyspill
from rectikit.readers.formats import RawRow, RawTable
from rectikit.readers.keys import SeenKeys
from rectikit.readers.records import BLANK, HeaderIndex, TableConverter, TextCell

if compiled.speedups is None:
    if os.environ.get("RECTIKIT_REQUIRE_SPEEDUPS"):
        pytest.fail("rectikit._speedups was not built", pytrace=False)
    pytest.skip("rectikit was installed without its C speedups", allow_module_level=True)

speedups = compiled.speedups
UNITS = dict(UNIT_EXPONENTS)


@pytest.fixture(autouse=True)
def _speedups_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the C converter: on, whatever the environment says."""
    monkeypatch.delenv("RECTIKIT_PURE_PYTHON", raising=False)


# -- amounts -------------------------------------------------------------------------------


def _same(native: Decimal, python: Decimal) -> bool:
    return native.as_tuple() == python.as_tuple() and type(native) is type(python)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19999.99", "19999.99"),
        ("296,000.00", "296000.00"),
        ("1,560,000.00", "1560000.00"),
        ("0.42万", "4200"),
        ("1.24万元", "12400"),
        ("570000元", "570000"),
        ("¥24.8万", "248000"),
        ("￥11,500.00", "11500.00"),
        ("2万", "20000"),
        ("1.123456万", "11234.56"),
        ("0.000010万", "0.1"),  # trailing fractional zeros dropped with a unit
        ("1.123450万", "11234.5"),
        ("5万圆", "50000"),
        ("1,000.00圓", "1000.00"),
        ("3万亿", "3000000000000"),
        ("0.00", "0.00"),
    ],
)
def test_the_common_notations_are_read_in_c_as_the_python_parser_reads_them(
    text: str, expected: str
) -> None:
    native = speedups.common_amount(text, UNITS, Decimal)
    assert native is not None
    assert _same(native, parse_amount(text))
    assert str(native) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0万",  # a zero written with a unit: the parser's plain() decides its form
        "0,000",
        "12,34",  # a broken group
        "1,23,456",
        "1,234,567,890,123",  # four groups
        "1234567890123元",  # a whole part too long to write with a unit
        "1.",
        "1.1234567",
        "1 万",
        "100000000万亿",  # out of range: the parser says why
        "二万元",
        "-5",
        "¥",
        "x",
    ],
)
def test_anything_else_is_left_to_the_python_parser(text: str) -> None:
    assert speedups.common_amount(text, UNITS, Decimal) is None


_digits = st.text("0123456789", min_size=1, max_size=16)
_groups = st.builds(
    lambda head, rest: head + "".join("," + g for g in rest),
    st.text("0123456789", min_size=1, max_size=4),
    st.lists(st.text("0123456789", min_size=2, max_size=4), max_size=4),
)
_amount_texts = st.builds(
    lambda currency, whole, fraction, unit, yuan: currency + whole + fraction + unit + yuan,
    st.sampled_from(["", "", "¥", "￥", "$"]),
    st.one_of(_digits, _groups),
    st.one_of(st.just(""), st.text("0123456789", max_size=8).map(lambda f: "." + f)),
    st.sampled_from(["", "", *UNITS, "个", " "]),
    st.sampled_from(["", "", "元", "圆", "圓", "整"]),
)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_amount_texts, st.text(max_size=12)))
def test_an_amount_read_in_c_is_the_python_parsers_exactly(text: str) -> None:
    native = speedups.common_amount(text, UNITS, Decimal)
    if native is None:
        return
    assert _same(native, parse_amount(text)), text


def test_generated_notations_are_mostly_read_in_c() -> None:
    """The fast path is taken (the property test above would pass were it never)."""
    texts = ["19999.99", "296,000.00", "0.42万", "1.24万元", "570000元", "¥24.8万"]
    assert all(speedups.common_amount(t, UNITS, Decimal) is not None for t in texts)


def test_a_value_the_python_parser_rejects_is_never_read_in_c() -> None:
    for text in ["100000000万亿", "100,000,000万亿", "999999999999万亿元"]:
        with pytest.raises(ValueParseError):
            parse_amount(text)
        assert speedups.common_amount(text, UNITS, Decimal) is None


# -- rows ----------------------------------------------------------------------------------

HEADERS = ("编号", "项目名称", "预算金额", "组织形式", "采购方式", "采购日期", "备注", "其他")
CELLS = {
    "编号": ["P1", "P2", " P1 ", "", None, 7, "\u200b", "P3", "P\u200b4"],
    "项目名称": ["办公设备", "", "  ", None, 12, "\u200b会议室", "\u3000会议\u3000"],
    "预算金额": [
        *("5万", "20,000.00", "2万x", "", None, 19999.99, Decimal("3E+5"), 3, True),
        *("¥1.5万", "007", "１２３", "²", "0", "123456789012345678", "20000", "0万"),
        *("1,000", "12,34", "1.5亿元", "0.000001万", "100000000万亿"),
    ],
    "组织形式": ["自行采购", "政府采购", "x", "", None, 1],
    "采购方式": ["定向采购", "比价", "?", "", None],
    "采购日期": ["2023-08-03", "2023年8月3日", "2023/2/30", "", None, dt.datetime(2023, 8, 3)],
    "备注": ["", "说明", None, 5],
    "其他": ["", "x", None],
}

rows = st.lists(
    st.tuples(*(st.sampled_from(CELLS[h]) for h in HEADERS), st.integers(0, 3)), max_size=25
)


def _records(raw_rows: list[RawRow], *, native: bool, monkeypatch: pytest.MonkeyPatch) -> tuple:
    monkeypatch.setenv("RECTIKIT_PURE_PYTHON", "" if native else "1")
    sink: list[Any] = []
    table = RawTable(file="采购台账.csv", sheet=None, headers=HEADERS, rows=raw_rows)
    converter = TableConverter(table, HeaderIndex(Procurement.schema), sink.append, SeenKeys())
    convert = converter.compiled()
    assert isinstance(convert, speedups.RowConverter) is native
    records = []
    for row, values in raw_rows:
        record = convert(row, values)
        if record is not None:
            records.append(
                (
                    type(record),
                    attrs.astuple(record, recurse=False),
                    record.location,
                    record.location.letters,
                    record.extra,
                    record.invalid,
                )
            )
    return records, [(d.code, d.location, d.message) for d in sink]


@settings(max_examples=200, deadline=None)
@given(rows)
def test_the_c_and_python_converters_agree(generated: list) -> None:
    raw_rows = []
    for number, row in enumerate(generated, start=2):
        *cells, trim = row
        raw_rows.append(RawRow(number, tuple(cells[: len(cells) - trim])))
    with pytest.MonkeyPatch.context() as monkeypatch:
        native = _records(raw_rows, native=True, monkeypatch=monkeypatch)
        python = _records(raw_rows, native=False, monkeypatch=monkeypatch)
    assert native == python


def test_a_list_of_cells_is_converted_by_the_python_converter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = ["P1", "办公设备", "5万", "自行采购", "比价", "2023-08-03", "", ""]
    table = RawTable(file="a.csv", sheet=None, headers=HEADERS, rows=[])
    converter = TableConverter(table, HeaderIndex(Procurement.schema), [].append, SeenKeys())
    convert = converter.compiled()
    record = convert(2, row)
    assert record.budget == Decimal(50000)
    assert record.extra == {}


def _cell(converter: TableConverter, name: str) -> Any:
    return next(cell for _, field, cell, _ in converter.plan if field == name)


def test_a_parser_error_that_is_not_a_parse_error_is_raised() -> None:
    table = RawTable(file="a.csv", sheet=None, headers=HEADERS, rows=[])
    converter = TableConverter(table, HeaderIndex(Procurement.schema), [].append, SeenKeys())
    convert = converter.compiled()
    mode = _cell(converter, "mode")
    mode.cache.clear()

    def broken(raw: Any) -> Any:
        raise RuntimeError("a bug")

    mode.parse = broken
    with pytest.raises(RuntimeError, match="a bug"):
        convert(2, ("P1", "x", "5万", "自行采购", "比价", "2023-08-03", "", ""))


def _discard(diagnostic: Any) -> None:
    pass


def test_converting_leaks_no_references() -> None:
    file = "泄漏检查.csv"
    table = RawTable(file=file, sheet=None, headers=HEADERS, rows=[])
    converter = TableConverter(table, HeaderIndex(Procurement.schema), _discard, SeenKeys())
    convert = converter.compiled()
    assert isinstance(convert, speedups.RowConverter)
    clean = ("P{}", "办公设备", "5万", "自行采购", "比价", "2023-08-03", "说明", "x")
    blank = ("R{}", "办公设备", "1,000.00", "自行采购", "", "2023-08-03", "", "")
    bad = ("Q{}", "", "2万x", "x", "比价", "2023/2/30", "", "")
    mode = _cell(converter, "mode").cache.get("自行采购")

    def counts() -> tuple[int, ...]:
        gc.collect()
        return tuple(map(sys.getrefcount, (file, mode, convert, BLANK, None, "")))

    def run(start: int) -> None:
        for number in range(start, start + 500):
            for template in (clean, bad, blank, clean):  # the last: a duplicate id
                values = (template[0].format(number), *template[1:])
                convert(number, values)

    run(0)  # fill the memos
    before = counts()
    run(1000)  # new ids: records made in C, and the general path
    run(1000)  # every id seen: duplicates
    assert counts() == before
    tracemalloc.start()
    try:
        run(1000)  # the new objects made along the way (texts, amounts) are freed too
        gc.collect()
        start = tracemalloc.get_traced_memory()[0]
        for _ in range(4):
            run(1000)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    assert grown < 20_000


# -- keys ----------------------------------------------------------------------------------

key_texts = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["CG2023-0000001", "CG2023-0000002", "编号一", "\ud800", "x" * 70000]),
    st.integers(min_value=-5, max_value=5),
)
key_files = st.sampled_from(["a.csv", "采购台账.xlsx"])


def _table(keys: SeenKeys, added: list) -> tuple:
    return (
        len(keys),
        [keys.get(key) for key in added],
        bytes(keys._arena),
        keys._hashes,
        keys._ends,
        keys._rows,
        keys._slots,
        keys._mask,
        keys._run_starts,
        keys._run_files,
        keys._files,
        keys._other,
        keys._base,
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(key_texts, key_files, st.integers(0, 2**33)), max_size=80),
    st.sampled_from([0, 4, 16]),
)
def test_keys_added_in_c_are_the_python_tables_exactly(entries: list, spill_at: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        if spill_at:  # past a few ids the tables set theirs aside on disk
            patch.setattr(keyspill, "SPILL_KEYS", spill_at)
        native, python = SeenKeys(), SeenKeys()
        for key, file, row in entries:
            assert speedups.add_key(native, key, file, row) == python.add(key, file, row)
        added = [key for key, _, _ in entries]
        assert _table(native, added) == _table(python, added)


def test_a_table_filled_in_c_grows_and_finds_every_key() -> None:
    native, python = SeenKeys(), SeenKeys()
    for number in range(20_000):
        assert speedups.add_key(native, f"CG{number:07}", "a.csv", number + 2) is None
        python.add(f"CG{number:07}", "a.csv", number + 2)
    assert _table(native, []) == _table(python, [])
    assert native._mask + 1 > 2 * 20_000
    assert speedups.add_key(native, "CG0000123", "a.csv", 1) == ("a.csv", 125)
    assert native.get("CG0019999") == ("a.csv", 20_001)


def test_a_key_set_aside_on_disk_is_found_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyspill, "SPILL_KEYS", 4)
    native = SeenKeys()
    for number in range(600):  # set aside when the table first grows, at 512
        assert speedups.add_key(native, f"P{number}", "a.csv", number + 2) is None
    assert native._spilled is not None
    assert speedups.add_key(native, "P1", "a.csv", 5000) == ("a.csv", 3)
    assert speedups.add_key(native, "P599", "a.csv", 5000) == ("a.csv", 601)
    assert len(native) == 600


def test_a_blank_text_cell_is_blank_without_a_call_to_its_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Any] = []
    original = TextCell.__call__

    def counted(self: TextCell, raw: Any) -> Any:
        calls.append(raw)
        return original(self, raw)

    monkeypatch.setattr(TextCell, "__call__", counted)
    headers = ("编号", "项目名称", "预算金额", "组织形式", "例外说明")
    table = RawTable(file="a.csv", sheet=None, headers=headers, rows=[])
    converter = TableConverter(table, HeaderIndex(Procurement.schema), [].append, SeenKeys())
    convert = converter.compiled()
    assert isinstance(convert, speedups.RowConverter)
    record = convert(2, ("P1", "办公设备", "5万", "自行采购", " \u3000 "))
    assert record.exception is None and record.project == "办公设备"
    assert calls == []
    record = convert(3, ("P2", "办公设备", "5万", "自行采购", "\u200b"))
    assert record.exception is None
    assert calls == ["\u200b"]  # the unusual cell: its parser decides


# -- PRC005's candidates -------------------------------------------------------------------

LETTERS = {"budget": "C"}
PLACES = [
    Location("采购台账.csv", 2),
    Location("采购台账.csv", 3),
    Location("采购台账.csv", None),
    Location("采购台账.csv", 2**31),
    Location("采购台账.csv", 5, "budget"),
    Location("采购台账.xlsx", 4, None, "Sheet1", letters=LETTERS),
    Location("采购台账.xlsx", 9, None, "Sheet1", letters=LETTERS),
    Location("其他.csv", 7),
    Location("采购台账.csv", 6, None, "Sheet2"),  # the same file, another table
    Location("采购台账.csv", 8, letters={"budget": "D"}),
]
candidates = st.tuples(
    st.tuples(st.sampled_from(["单位甲", "单位乙", " "]), st.sampled_from(["供应商A", "供应商B"])),
    st.sampled_from([dt.date(2023, 1, 5), dt.date(2023, 2, 1), dt.date(9999, 12, 31)]),
    st.sampled_from(["CG1", "CG2", "编号三", "\ud800", "x" * 70000]),
    st.sampled_from(
        [
            *map(Decimal, ["19999", "19999.99", "0.1234567", "0.12345678", "-5", "1E+3"]),
            *map(Decimal, ["1152921504606846975", "1152921504606846976", "0"]),
            Decimal("12.50"),
            20000,
        ]
    ),
    st.sampled_from(PLACES),
    st.sampled_from(["供应商A", "供应商B", ""]),
)


def _store(store: CandidateStore) -> tuple:
    groups = [(key, list(members)) for key, members in store.groups()]
    state = {name: value for name, value in vars(store).items() if name != "_source_index"}
    return groups, repr(sorted(state.items()))


@settings(max_examples=200, deadline=None)
@given(st.lists(candidates, max_size=40))
def test_candidates_added_in_c_are_the_python_stores_exactly(entries: list) -> None:
    native, python = CandidateStore(), CandidateStore()
    for entry in entries:
        assert _outcome(speedups.add_candidate, native, entry) == _outcome(
            CandidateStore.add, python, entry
        )
    assert _store(native) == _store(python)


def _outcome(add: Any, store: CandidateStore, entry: tuple) -> Any:
    try:
        return add(store, *entry)
    except Exception as exc:  # a day past 5741 overflows the store's word: both say so
        return type(exc)


def test_a_candidate_the_store_refuses_is_refused_alike() -> None:
    native, python = CandidateStore(), CandidateStore()
    for store, add in ((native, speedups.add_candidate), (python, CandidateStore.add)):
        add(store, ("单位甲", "供应商A"), dt.date(2023, 1, 5), "CG1", Decimal(1), PLACES[0], "")
        with pytest.raises(AttributeError):
            add(store, ("单位甲", "供应商A"), "2023-01-05", "CG2", Decimal(1), PLACES[0], "")
    assert _store(native) == _store(python)


def test_prc005_adds_its_candidates_in_c_where_it_can(monkeypatch: pytest.MonkeyPatch) -> None:
    assert candidate_adder() is speedups.add_candidate
    monkeypatch.setenv("RECTIKIT_PURE_PYTHON", "1")
    assert candidate_adder() is CandidateStore.add


def test_a_subclass_of_the_stores_has_its_own_add_called() -> None:
    added: list[Any] = []

    class Counted(CandidateStore):
        def add(self, *args: Any) -> None:
            added.append(args[2])
            super().add(*args)

    class CountedKeys(SeenKeys):
        def add(self, key: Any, file: str, row: int) -> Any:
            added.append(key)
            return super().add(key, file, row)

    store = Counted()
    entry = (("单位甲", "供应商A"), dt.date(2023, 1, 5), "CG1", Decimal(1), PLACES[0], "")
    for _ in range(2):  # the second time the key, source and label are known
        speedups.add_candidate(store, *entry)
    table = RawTable(file="a.csv", sheet=None, headers=HEADERS, rows=[])
    converter = TableConverter(table, HeaderIndex(Procurement.schema), [].append, CountedKeys())
    convert = converter.compiled()
    for number in (2, 3):
        convert(number, (f"P{number}", "办公设备", "5万", "自行采购", "比价", "2023-08-03", "", ""))
    assert added == ["CG1", "CG1", "P2", "P3"]


@pytest.mark.parametrize("filter_bytes", [8, 1 << 22])
def test_ids_added_in_c_past_a_table_set_aside_are_the_python_tables(
    monkeypatch: pytest.MonkeyPatch, filter_bytes: int
) -> None:
    """Past the ids set aside on disk, a new id whose filter bit is clear is added in C;
    one whose bit is set (nearly all with a filter of 64 bits) is looked up by Python."""
    monkeypatch.setattr(keyspill, "SPILL_KEYS", 4)
    monkeypatch.setattr(keyspill, "FILTER_BYTES", filter_bytes)
    rng = random.Random(3)
    keys = [f"K{rng.randint(0, 3000)}" for _ in range(4000)]
    native, python = SeenKeys(), SeenKeys()
    for row, key in enumerate(keys, start=2):
        assert speedups.add_key(native, key, "a.csv", row) == python.add(key, "a.csv", row)
    assert native._spilled is not None
    assert _table(native, keys) == _table(python, keys)


def test_a_table_the_c_converter_refuses_gets_the_python_converter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(**spec: Any) -> Any:
        raise TypeError("'budget' is not a slot of <class 'Odd'>")

    monkeypatch.setattr(speedups, "RowConverter", refused)
    table = RawTable(file="a.csv", sheet=None, headers=HEADERS, rows=[])
    converter = TableConverter(table, HeaderIndex(Procurement.schema), [].append, SeenKeys())
    convert = converter.compiled()
    assert "def convert(row, values):" in convert.source
    record = convert(2, ("P1", "办公设备", "5万", "自行采购", "比价", "2023-08-03", "", ""))
    assert record.budget == Decimal(50000)
