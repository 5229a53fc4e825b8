"""Effective-dated parameters: ParamTimeline, pack [[sets]], config [[params.X.sets]]."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from support import cli_no_traceback

from rectikit.engine.config import Config, ConfigError, parse_config
from rectikit.engine.packs import PackError, load_pack
from rectikit.engine.settings import resolve_params, resolve_timelines
from rectikit.engine.timeline import ParamSet, ParamTimeline
from rectikit.plugins import Registry

# -- ParamTimeline ---------------------------------------------------------------------


def _timeline() -> ParamTimeline:
    return ParamTimeline(
        {"limit": Decimal(20000), "days": 30},
        (
            ParamSet(date(2023, 10, 1), {"days": 15}, "b"),
            ParamSet(date(2023, 7, 1), {"limit": Decimal(10000)}, "a"),
        ),
    )


@pytest.mark.parametrize(
    ("day", "limit", "days"),
    [
        (date(2023, 6, 30), 20000, 30),
        (date(2023, 7, 1), 10000, 30),  # a set applies from its effective date, inclusive
        (date(2023, 9, 30), 10000, 30),
        (date(2023, 10, 1), 10000, 15),  # sets are cumulative
        (date(2030, 1, 1), 10000, 15),
        (date(1900, 1, 1), 20000, 30),
    ],
)
def test_timeline_on(day: date, limit: int, days: int) -> None:
    values = _timeline().on(day)
    assert values == {"limit": Decimal(limit), "days": days}


def test_timeline_latest_and_none_day() -> None:
    timeline = _timeline()
    assert timeline.on(None) == timeline.latest == {"limit": Decimal(10000), "days": 15}
    assert timeline.dated
    assert [d for d, _ in timeline.periods()] == [None, date(2023, 7, 1), date(2023, 10, 1)]


def test_timeline_same_date_later_set_wins() -> None:
    timeline = ParamTimeline(
        {"x": 1},
        (ParamSet(date(2023, 1, 1), {"x": 2}), ParamSet(date(2023, 1, 1), {"x": 3})),
    )
    assert timeline.on(date(2023, 1, 1)) == {"x": 3}
    assert timeline.on(date(2022, 12, 31)) == {"x": 1}


def test_timeline_without_sets() -> None:
    timeline = ParamTimeline({"x": 1})
    assert not timeline.dated
    assert timeline.on(date(2023, 1, 1)) == timeline.latest == {"x": 1}


def test_timeline_unset_until_a_set_gives_it() -> None:
    assert ParamTimeline({"x": None}).unset() == ["x"]
    later = ParamTimeline({"x": None}, (ParamSet(date(2024, 1, 1), {"x": 5}),))
    assert later.unset() == []
    assert later.on(date(2023, 6, 1)) == {"x": None}
    assert later.on(date(2024, 6, 1)) == {"x": 5}


# -- pack [[sets]] ---------------------------------------------------------------------

PACK = """
[pack]
family = "TST"
title = { zh = "测试" }

[params.threshold]
type = "amount"
default = "1000"

[params.days]
type = "int"
default = 30

[[sets]]
effective = 2013-01-01
threshold = "1500"

[[sets]]
effective = "2023年3月1日"
threshold = "1000"
days = 20

[[rules]]
code = "TST001"
name = "uses-threshold"
severity = "error"
kinds = ["assets"]
params = ["threshold"]
title = { zh = "t" }
message = { zh = "m" }

[[rules]]
code = "TST002"
name = "uses-days"
severity = "error"
kinds = ["assets"]
params = ["days"]
title = { zh = "t" }
message = { zh = "m" }
"""


def _pack(tmp_path: Path, text: str = PACK) -> dict:
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    return {rule.code: rule for rule in load_pack(path)}


def test_pack_sets_are_kept_per_rule(tmp_path: Path) -> None:
    rules = _pack(tmp_path)
    first = rules["TST001"].param_sets
    assert [(s.effective, dict(s.values)) for s in first] == [
        (date(2013, 1, 1), {"threshold": Decimal(1500)}),
        (date(2023, 3, 1), {"threshold": Decimal(1000)}),
    ]
    assert [(s.effective, dict(s.values)) for s in rules["TST002"].param_sets] == [
        (date(2023, 3, 1), {"days": 20})
    ]
    assert first[0].source == "pack pack.toml"


@pytest.mark.parametrize(
    ("sets", "match"),
    [
        ("[[sets]]\nthreshold = 1\n", r"\[\[sets\]\] #1: 'effective' .* is missing"),
        ("[[sets]]\neffective = 'soon'\n", r"\[\[sets\]\] #1: effective"),
        ("[[sets]]\neffective = 2023-01-01\nnope = 1\n", "unknown parameter 'nope'"),
        ("[[sets]]\neffective = 2023-01-01\ndays = 'many'\n", r"#1: days"),
    ],
)
def test_pack_set_errors(tmp_path: Path, sets: str, match: str) -> None:
    text = PACK.split("[[sets]]")[0] + sets + "\n" + PACK[PACK.index("[[rules]]") :]
    with pytest.raises(PackError, match=match):
        _pack(tmp_path, text)


def test_pack_sets_must_be_tables(tmp_path: Path) -> None:
    text = "sets = 3\n" + PACK.split("[[sets]]")[0] + PACK[PACK.index("[[rules]]") :]
    with pytest.raises(PackError, match="array of tables"):
        _pack(tmp_path, text)


def test_config_value_replaces_pack_sets_for_that_parameter(tmp_path: Path) -> None:
    rules = _pack(tmp_path)
    config = Config(params={"TST": {"threshold": "800"}})
    timelines = resolve_timelines(rules, config, [])
    assert timelines["TST001"].sets == ()  # the organization's own figure, for all dates
    assert timelines["TST001"].on(date(2014, 1, 1)) == {"threshold": Decimal(800)}
    assert timelines["TST002"].on(date(2024, 1, 1)) == {"days": 20}  # untouched


# -- config [[params.SCOPE.sets]] --------------------------------------------------------


def test_config_sets_family_then_code(registry: Registry) -> None:
    config = parse_config(
        {
            "params": {
                "PRC": {
                    "direct_limit": "3万",
                    "sets": [
                        {"effective": "2023-07-01", "direct_limit": "2万", "self_limit": "20万"}
                    ],
                },
                "PRC001": {"sets": [{"effective": "2023-07-01", "direct_limit": "1万"}]},
            }
        }
    )
    timelines = resolve_timelines(registry.rules, config, [])
    prc001 = timelines["PRC001"]
    assert prc001.on(date(2023, 6, 30))["direct_limit"] == Decimal(30000)
    assert prc001.on(date(2023, 7, 1))["direct_limit"] == Decimal(10000)  # code wins
    assert timelines["PRC002"].on(date(2023, 7, 1))["direct_limit"] == Decimal(20000)
    assert timelines["PRC004"].on(date(2023, 7, 1))["self_limit"] == Decimal(200000)
    assert timelines["ELC001"].sets == ()
    # resolve_params keeps giving the base values
    assert resolve_params(registry.rules, config, [])["PRC001"]["direct_limit"] == Decimal(30000)


@pytest.mark.parametrize(
    ("sets", "match"),
    [
        ({"direct_limit": "1万"}, "must be an array of tables"),
        (["2023-07-01"], r"#1: must be a table"),
        ([{"direct_limit": "1万"}], r"#1: 'effective' .* is missing"),
        ([{"effective": "someday", "direct_limit": "1万"}], r"#1: effective"),
        ([{"effective": "2023-07-01", "budget_cap": "1万"}], r"#1: unknown parameter 'budget_cap'"),
        ([{"effective": "2023-07-01", "direct_limit": "lots"}], r"#1: direct_limit"),
    ],
)
def test_config_set_errors(registry: Registry, sets: object, match: str) -> None:
    config = parse_config({"params": {"PRC": {"sets": sets}}})
    with pytest.raises(ConfigError, match=match):
        resolve_timelines(registry.rules, config, [])


def test_config_sets_from_a_toml_file(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text(
        '[[params.PRC.sets]]\neffective = 2023-07-01\ndirect_limit = "1万"\n', encoding="utf-8"
    )
    (tmp_path / "procurement.csv").write_text(
        "id,project,budget,mode,method,date\n"
        "P1,会议,1.5万,自行采购,定向采购,2023-06-30\n"
        "P2,会议,1.5万,自行采购,定向采购,2023-07-01\n",
        encoding="utf-8",
    )
    code, out, err = cli_no_traceback(
        "check", str(tmp_path), "--as-of", "2023-12-31", "--select", "PRC001", "--format", "text"
    )
    assert code == 1, err
    assert "procurement.csv:3: PRC001" in out
    assert "procurement.csv:2:" not in out
    assert "10,000.00" in out  # the message shows the figure in force on the record's date


def test_rules_code_shows_the_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rectikit.toml").write_text(
        '[[params.PRC.sets]]\neffective = 2023-07-01\ndirect_limit = "1万"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli_no_traceback("rules", "PRC001", "--no-plugins")
    assert code == 0
    assert "parameter sets" in out
    assert "from 2023-07-01 (config [params.PRC]): direct_limit = 10000" in out


def test_bad_config_set_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text(
        "[[params.PRC.sets]]\ndirect_limit = 1\n", encoding="utf-8"
    )
    (tmp_path / "procurement.csv").write_text("id,project,budget,mode,date\n", encoding="utf-8")
    code, _, err = cli_no_traceback("check", str(tmp_path))
    assert code == 2
    assert "'effective'" in err and len(err.strip().splitlines()) == 1
