"""Per-column cell parsers: the blank test, trimming and the memo are invisible."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectikit.model.values import ValueParseError, is_blank, parse_amount, parse_date
from rectikit.readers import records
from rectikit.readers.records import BLANK, CellParser, TextCell, as_text

CELL_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "\u3000", "\u200b", "2万元", "2023年8月3日", "2023-08-03", "x"]),
)


def reference(parse: Any, raw: Any) -> Any:
    """What the reader did before the memo: the blank test, then the parser."""
    if is_blank(raw):
        return BLANK
    return parse(raw)


@given(CELL_TEXT)
def test_text_cell_is_the_blank_test_and_as_text(raw: str) -> None:
    assert TextCell()(raw) == (BLANK if is_blank(raw) else as_text(raw))


@pytest.mark.parametrize("parse", [parse_amount, parse_date])
@given(raw=CELL_TEXT)
def test_cell_parser_is_the_parser(parse: Any, raw: str) -> None:
    cell = CellParser(parse)
    for _ in range(2):  # the second call comes from the memo
        try:
            expected = reference(parse, raw)
        except ValueParseError:
            with pytest.raises(ValueParseError):
                cell(raw)
            continue
        assert cell(raw) == expected


def test_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MEMO_SIZE", 3)
    cell = CellParser(parse_amount)
    for n in range(10):
        assert cell(str(n)) == n
        assert len(cell.cache) <= 3
    assert cell(None) is BLANK and cell(12) == 12  # non-text cells are parsed directly
