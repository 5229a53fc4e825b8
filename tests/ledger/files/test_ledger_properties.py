"""Property tests: random ledgers survive TOML (model and extras) and XLSX (modelled
fields) unchanged, and in-place TOML saves of random edits reload as the edited model."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectikit.ledger.files import ledger_to_toml, load_ledger_xlsx, save_ledger_xlsx
from rectikit.ledger.files.toml_file import (
    FINDING_KEYS,
    INSPECTION_KEYS,
    MEASURE_KEYS,
    TARGET_KEYS,
    TOP_KEYS,
    parse_ledger_toml,
)
from rectikit.model.ledger import Finding, Inspection, Ledger, Measure, Status, Target
from rectikit.model.values import is_blank

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
WORD = st.one_of(CJK, st.sampled_from("ABCXYZabcxyz0123456789（）《》“”-_:：/"))
#: Office text: Chinese, letters, digits, punctuation; inner spaces, never at the ends.
TEXT = st.builds(
    lambda parts: " ".join(parts),
    st.lists(st.text(WORD, min_size=1, max_size=12), min_size=1, max_size=3),
)
#: Anything a TOML string can hold (any character; the TOML form keeps it exactly).
ANY_TEXT = st.text(max_size=30)
NONBLANK = ANY_TEXT.filter(lambda s: not is_blank(s))
DATES = st.dates(min_value=date(1901, 1, 1), max_value=date(2999, 12, 31))
AMOUNTS = st.decimals(
    min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)
IDS = st.text(st.sampled_from("FMT0123456789-_."), min_size=1, max_size=6)


def extras(known: tuple[str, ...], *, tables: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    scalar = st.one_of(
        ANY_TEXT,
        st.integers(-(2**63), 2**63 - 1),
        st.booleans(),
        DATES,
        st.lists(ANY_TEXT, max_size=3),
    )
    values = (
        st.one_of(
            scalar, st.dictionaries(st.text(WORD, min_size=1, max_size=5), scalar, max_size=3)
        )
        if tables
        else scalar
    )
    keys = st.text(WORD, min_size=1, max_size=8).map(lambda k: "x_" + k)
    return st.dictionaries(keys.filter(lambda k: k not in known), values, max_size=3)


def measures(
    text: st.SearchStrategy[str], evidence: st.SearchStrategy[str], extra: bool
) -> st.SearchStrategy[tuple[Measure, ...]]:
    measure = st.builds(
        Measure,
        id=IDS,
        text=st.one_of(st.just(""), text),
        owner=st.none() | text,
        due=st.none() | DATES,
        done=st.none() | DATES,
        evidence=st.lists(evidence, max_size=3).map(tuple),
        extra=extras(MEASURE_KEYS) if extra else st.just({}),
    )
    return st.lists(measure, max_size=3, unique_by=lambda m: m.id).map(tuple)


def targets(text: st.SearchStrategy[str], extra: bool) -> st.SearchStrategy[tuple[Target, ...]]:
    target = st.builds(
        Target,
        name=text,
        goal=AMOUNTS,
        actual=AMOUNTS,
        measured=st.none() | DATES,
        start=st.none() | DATES,
        due=st.none() | DATES,
        unit=st.none() | text,
        extra=extras(TARGET_KEYS) if extra else st.just({}),
    )
    return st.lists(target, max_size=2).map(tuple)


def ledgers(*, toml: bool) -> st.SearchStrategy[Ledger]:
    """Random ledgers. ``toml``: any text and extras everywhere; otherwise office text
    (what a spreadsheet cell holds) and no extras."""
    text = NONBLANK if toml else TEXT
    title = ANY_TEXT if toml else st.one_of(st.just(""), TEXT)
    unit_name = NONBLANK if toml else st.text(CJK, min_size=1, max_size=8)
    evidence = NONBLANK if toml else TEXT
    finding = st.builds(
        Finding,
        id=IDS if not toml else NONBLANK,
        title=title,
        category=st.none() | text,
        owner=st.none() | text,
        units=st.lists(unit_name, max_size=3).map(tuple),
        status=st.none() | st.sampled_from(Status),
        deadline=st.none() | DATES,
        source=st.one_of(st.just("inspection"), text),
        measures=measures(text, evidence, toml),
        targets=targets(text, toml),
        extra=extras(FINDING_KEYS, tables=True) if toml else st.just({}),
    )
    inspection = st.builds(
        Inspection,
        title=title,
        inspector=title,
        target=title,
        started=st.none() | DATES,
        ended=st.none() | DATES,
        feedback=st.none() | DATES,
        deadline=st.none() | DATES,
        extra=extras(INSPECTION_KEYS) if toml else st.just({}),
    )
    declared_keys = (
        NONBLANK if toml else st.text(st.sampled_from("abcdefgxyz_"), min_size=1, max_size=8)
    )
    paragraph = st.text(WORD, min_size=1, max_size=20)
    return st.builds(
        Ledger,
        inspection=inspection,
        declared=st.dictionaries(declared_keys, st.integers(0, 10**6), max_size=4),
        findings=st.lists(finding, max_size=4, unique_by=lambda f: f.id).map(tuple),
        next_steps=st.lists(paragraph, max_size=3).map(tuple),
        extra=extras(TOP_KEYS, tables=True) if toml else st.just({}),
    )


def assert_locations_point_at_headers(ledger: Ledger, text: str) -> None:
    lines = text.split("\n")
    for finding in ledger.findings:
        assert lines[finding.location.row - 1].strip() == "[[finding]]"
        for measure in finding.measures:
            assert lines[measure.location.row - 1].strip() == "[[finding.measure]]"


def assert_same_extras(a: Ledger, b: Ledger) -> None:
    assert dict(a.extra) == dict(b.extra)
    assert dict(a.inspection.extra) == dict(b.inspection.extra)
    for fa, fb in zip(a.findings, b.findings, strict=True):
        assert dict(fa.extra) == dict(fb.extra)
        for ma, mb in zip(fa.measures, fb.measures, strict=True):
            assert dict(ma.extra) == dict(mb.extra)
        for ta, tb in zip(fa.targets, fb.targets, strict=True):
            assert dict(ta.extra) == dict(tb.extra)


@settings(max_examples=100, deadline=None)
@given(ledgers(toml=True))
def test_toml_round_trip(ledger: Ledger) -> None:
    text = ledger_to_toml(ledger)
    loaded = parse_ledger_toml(text, "random.toml").ledger
    assert loaded == ledger
    assert_same_extras(loaded, ledger)
    assert_locations_point_at_headers(loaded, text)


@settings(max_examples=40, deadline=None)
@given(ledgers(toml=True), ledgers(toml=True))
def test_in_place_save_of_any_edit_reloads_as_the_edit(before: Ledger, after: Ledger) -> None:
    """Merging an unrelated ledger into a document is the hardest edit: every finding
    deleted, added or changed at once."""
    doc = parse_ledger_toml(ledger_to_toml(before), "random.toml")
    doc.update(after)
    reloaded = parse_ledger_toml(doc.to_string(), "random.toml").ledger
    assert reloaded == after
    assert_same_extras(reloaded, after)
    assert_locations_point_at_headers(doc.ledger, doc.to_string())


@settings(max_examples=40, deadline=None)
@given(ledgers(toml=True), st.data())
def test_in_place_save_of_small_edits(ledger: Ledger, data: st.DataObject) -> None:
    doc = parse_ledger_toml(ledger_to_toml(ledger), "random.toml")
    findings = list(doc.ledger.findings)
    if findings:
        index = data.draw(st.integers(0, len(findings) - 1))
        finding = findings[index]
        finding = attrs.evolve(finding, status=data.draw(st.none() | st.sampled_from(Status)))
        if finding.measures:
            done = data.draw(st.none() | DATES)
            first = attrs.evolve(finding.measures[0], done=done, evidence=("佐证",))
            finding = attrs.evolve(finding, measures=(first, *finding.measures[2:]))
        findings[index] = finding
        if data.draw(st.booleans()):
            findings.reverse()
    if all(f.id != "NEW" for f in findings):
        findings.append(Finding(id="NEW", title="新增问题", measures=(Measure(id="NEW-1"),)))
    edited = attrs.evolve(doc.ledger, findings=tuple(findings))
    doc.update(edited)
    reloaded = parse_ledger_toml(doc.to_string(), "random.toml").ledger
    assert reloaded == edited
    assert_same_extras(reloaded, edited)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ledgers(toml=False))
def test_xlsx_round_trip(ledger: Ledger) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ledger.xlsx"
        save_ledger_xlsx(ledger, path)
        loaded = load_ledger_xlsx(path)
    assert loaded == ledger


def test_amounts_keep_their_value() -> None:
    ledger = Ledger(
        findings=(
            Finding(
                id="F",
                targets=(
                    Target(name="n", goal=Decimal("12345678901234.56"), actual=Decimal("-0.01")),
                    Target(name="m", goal=Decimal("1E+3"), actual=Decimal("0.10")),
                ),
            ),
        )
    )
    assert parse_ledger_toml(ledger_to_toml(ledger)).ledger == ledger
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ledger.xlsx"
        save_ledger_xlsx(ledger, path)
        assert load_ledger_xlsx(path) == ledger


def with_notes(ledger: Ledger, data: st.DataObject, note: st.SearchStrategy[str]) -> Ledger:
    """``ledger`` with random notes on its findings."""
    findings = tuple(
        attrs.evolve(f, notes=tuple(data.draw(st.lists(note, max_size=3)))) for f in ledger.findings
    )
    return attrs.evolve(ledger, findings=findings)


TOML_NOTE = NONBLANK.map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(ledgers(toml=True), ledgers(toml=True), st.data())
def test_notes_survive_toml_writes_and_in_place_saves(
    before: Ledger, after: Ledger, data: st.DataObject
) -> None:
    before, after = with_notes(before, data, TOML_NOTE), with_notes(after, data, TOML_NOTE)
    text = ledger_to_toml(before)
    assert parse_ledger_toml(text, "random.toml").ledger == before
    doc = parse_ledger_toml(text, "random.toml")
    doc.update(after)
    assert parse_ledger_toml(doc.to_string(), "random.toml").ledger == after


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ledgers(toml=False), st.data())
def test_notes_survive_xlsx(ledger: Ledger, data: st.DataObject) -> None:
    ledger = with_notes(ledger, data, TEXT)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ledger.xlsx"
        save_ledger_xlsx(ledger, path)
        assert load_ledger_xlsx(path) == ledger
