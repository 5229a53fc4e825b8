"""Message templates fill exactly as the plain rendering does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rectikit.engine.messages import Template, _Fields, format_value

NAMES = ["budget", "limit", "unit", "days", "x"]
values = st.dictionaries(
    st.sampled_from(NAMES),
    st.one_of(
        st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
        st.sampled_from([Decimal("2E+4"), Decimal("20000"), Decimal("20000.00"), 20000]),
        st.dates(),
        st.text(max_size=5),
        st.lists(st.integers(), max_size=3),
    ),
)
pieces = st.sampled_from(
    [
        *("预算 ", "{budget}", "{limit}", "{unit}", "{days}天", "{missing}", "{budget.real}"),
        *("{limit[0]}", "{{", "}}", "{", "}", "{x!r}", "{x:>5}", " 元"),
    ]
)


def _plain(template: str, given_values: dict[str, Any]) -> str:
    fields = _Fields({k: format_value(v) for k, v in given_values.items()})
    try:
        return template.format_map(fields)
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


@given(st.lists(pieces, max_size=6).map("".join), values, values)
def test_template_fills_like_the_plain_rendering(text: str, own: dict, base: dict) -> None:
    assert Template(text).render(own, base) == _plain(text, {**base, **own})


def test_equal_amounts_format_alike_from_the_memo() -> None:
    template = Template("{limit}")
    assert template.render({"limit": Decimal("2E+4")}) == "20,000.00"
    assert template.render({"limit": Decimal("20000.00")}) == "20,000.00"
    assert template.render({"limit": 20000}) == "20000"
    assert Template("{day}").render({"day": date(2023, 8, 3)}) == "2023-08-03"
