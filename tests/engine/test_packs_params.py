"""Rule packs (load_pack) and parameter coercion (coerce_param)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rectikit.engine.builtin_packs import builtin_pack
from rectikit.engine.packs import PackError, load_pack
from rectikit.engine.params import ParamError, coerce_param, render_param
from rectikit.model.severity import Severity

GOOD_PACK = """
[pack]
family = "ZZZ"

[params.limit]
type = "amount"
default = "2万"
zh = "限额"
en = "limit"

[params.needed]
type = "int"

[[rules]]
code = "ZZZ001"
name = "over-limit"
severity = "warning"
kinds = "procurement"
params = ["limit", "needed"]
citation = "某规定"
title = { zh = "超限", en = "Over the limit" }
message = "预算 {budget} 超过 {limit}"
examples.pass = { budget = "1万" }
"""


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_good_pack(tmp_path: Path) -> None:
    (rule,) = load_pack(write(tmp_path, GOOD_PACK), source="myplugin 1.0")
    assert rule.code == "ZZZ001" and rule.family == "ZZZ"
    assert rule.severity is Severity.WARNING
    assert rule.kinds == ("procurement",)  # a single string is a one-kind list
    assert rule.params["limit"].default == Decimal("20000")
    assert rule.params["needed"].default is None and rule.params["needed"].required
    assert rule.params["limit"].title == {"zh": "限额", "en": "limit"}
    assert rule.message == {"zh": "预算 {budget} 超过 {limit}"}
    assert rule.text("message", "en") == "预算 {budget} 超过 {limit}"  # falls back to zh
    assert rule.text("title", "en") == "Over the limit"
    assert rule.source == "myplugin 1.0"
    assert rule.examples["pass"] == {"budget": "1万"}


BUILTIN_PACKS = sorted(p.name for p in (Path(__file__).parents[2] / "rules").glob("*.toml"))


def test_every_family_has_a_pack() -> None:
    assert BUILTIN_PACKS == [
        "appointments.toml",
        "assets.toml",
        "diagnostics.toml",
        "dual_life.toml",
        "elections.toml",
        "expenditures.toml",
        "integrity.toml",
        "ledger.toml",
        "meetings.toml",
        "plugins.toml",
        "procurement.toml",
        "rewards.toml",
        "waivers.toml",
    ]


@pytest.mark.parametrize("name", BUILTIN_PACKS)
def test_builtin_packs_load(name: str) -> None:
    rules = load_pack(builtin_pack(name))
    assert rules
    for rule in rules:
        assert rule.citation and rule.title.get("zh") and rule.message.get("zh")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (GOOD_PACK.replace('family = "ZZZ"', 'title = "x"'), r"\[pack\] family is missing"),
        (
            GOOD_PACK.replace('params = ["limit", "needed"]', 'params = ["limit", "other"]'),
            r"parameter 'other' is not declared",
        ),
        (
            GOOD_PACK.replace('severity = "warning"', 'severity = "fatal"'),
            "unknown severity 'fatal'",
        ),
        (GOOD_PACK.replace('name = "over-limit"\n', ""), "missing name"),
        (GOOD_PACK.replace('default = "2万"', 'default = "lots"'), r"\[params.limit\] default"),
        (GOOD_PACK.replace('type = "int"', 'zh = "x"'), r"\[params.needed\] needs a type"),
        (
            GOOD_PACK.replace(
                'title = { zh = "超限", en = "Over the limit" }',
                'title = { en = "Over the limit" }',
            ),
            "at least a zh text",
        ),
        (GOOD_PACK.split("[[rules]]")[0], r"no \[\[rules\]\]"),
        ("[pack\nfamily=", "pack.toml"),
    ],
    ids=[
        "no-family",
        "undeclared-param",
        "bad-severity",
        "missing-key",
        "bad-default",
        "param-without-type",
        "no-zh-text",
        "no-rules",
        "bad-toml",
    ],
)
def test_load_pack_errors(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(PackError, match=match) as info:
        load_pack(write(tmp_path, text))
    assert "pack.toml" in str(info.value)


def test_load_pack_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PackError):
        load_pack(tmp_path / "absent.toml")


# -- coerce_param -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_name", "raw", "expected"),
    [
        ("amount", "5万", Decimal("50000")),
        ("amount", "20,000.00", Decimal("20000")),
        ("amount", "二万元", Decimal("20000")),
        ("amount", 30000, Decimal("30000")),
        ("int", 3, 3),
        ("int", "三", 3),
        ("int", "3家", 3),
        ("bool", "是", True),
        ("list", "vendor", ("vendor",)),
        ("list", ["unit", "vendor"], ("unit", "vendor")),
        ("str", "廉政", "廉政"),
        (
            "amount_map",
            {"goods": "200万", "works": 4000000},
            {"goods": Decimal("2000000"), "works": Decimal("4000000")},
        ),
        ("int_map", {"branch": 3, "committee": "五"}, {"branch": 3, "committee": 5}),
    ],
)
def test_coerce_param(type_name: str, raw: object, expected: object) -> None:
    value = coerce_param(type_name, raw)
    assert value == expected
    if type_name == "amount":
        assert isinstance(value, Decimal)


@pytest.mark.parametrize(
    ("type_name", "raw"),
    [
        ("amount", "abc"),
        ("amount", True),  # a TOML boolean is never an amount
        ("int", "many"),
        ("int", True),
        ("list", [1, 2]),
        ("list", 5),
        ("str", 5),
        ("amount_map", "200万"),
        ("amount_map", {"goods": "lots"}),
        ("int_map", [3]),
        ("int_map", {"branch": "x"}),
        ("decimal", "1"),  # unknown type
    ],
)
def test_coerce_param_errors(type_name: str, raw: object) -> None:
    with pytest.raises(ParamError):
        coerce_param(type_name, raw)


def test_param_error_is_one_line() -> None:
    with pytest.raises(ParamError) as info:
        coerce_param("amount", "abc")
    assert "\n" not in str(info.value) and "abc" in str(info.value)


def test_render_param() -> None:
    assert render_param(None) == "(not set)"
    assert render_param(Decimal("20000")) == "20000"
    assert render_param(("unit", "vendor")) == "[unit, vendor]"
    assert render_param({"goods": Decimal("2000000")}) == "goods = 2000000"
    assert render_param({}) == "(none)"  # e.g. ITG004 festival_dates before it is configured


# -- date_list (APT003 extra_holidays / extra_workdays) --------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([], ()),
        ("", ()),
        (["2027-01-01", "2027年1月4日"], (date(2027, 1, 1), date(2027, 1, 4))),
        ([date(2027, 1, 4), "2027/1/1", "2027-01-04"], (date(2027, 1, 1), date(2027, 1, 4))),
        ("2027-01-04、2027-01-01", (date(2027, 1, 1), date(2027, 1, 4))),
        ("2027-01-01", (date(2027, 1, 1),)),
        (date(2027, 1, 1), (date(2027, 1, 1),)),
    ],
)
def test_coerce_date_list(raw: object, expected: tuple[date, ...]) -> None:
    assert coerce_param("date_list", raw) == expected


@pytest.mark.parametrize("raw", [["2027-13-01"], "明天", 5, True, {"a": "2027-01-01"}])
def test_coerce_date_list_errors(raw: object) -> None:
    with pytest.raises(ParamError):
        coerce_param("date_list", raw)


def test_render_date_list() -> None:
    assert render_param(()) == "[]"
    assert render_param((date(2027, 1, 1), date(2027, 1, 4))) == "[2027-01-01, 2027-01-04]"
