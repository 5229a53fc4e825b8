"""The engine: inactive rules (CFG001), rules without checks, message rendering."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from rectikit.api import check, window
from rectikit.checks.base import Breach, RecordCheck, needs
from rectikit.engine.config import Config, ConfigError
from rectikit.engine.packs import parse_pack
from rectikit.engine.runner import detail_value, format_value, render
from rectikit.model.severity import Severity
from rectikit.plugins import Registry, build_registry

AS_OF = "2023-12-31"

PACK = {
    "pack": {"family": "ORG"},
    "params": {
        "ceiling": {"type": "amount", "zh": "上限（元）"},  # no default: needs config
        "note": {"type": "str", "default": "x"},
    },
    "rules": [
        {
            "code": "ORG001",
            "name": "over-ceiling",
            "severity": "error",
            "kinds": ["procurement"],
            "params": ["ceiling", "note"],
            "title": {"zh": "超过上限"},
            "message": {
                "zh": "预算 {budget} 超过上限 {ceiling}（{unknown}）",
                "en": "budget {budget} over {ceiling}",
            },
        },
        {
            "code": "ORG002",
            "name": "no-check",
            "severity": "warning",
            "kinds": ["procurement"],
            "title": {"zh": "没有检查"},
            "message": {"zh": "x"},
        },
    ],
}


class OverCeiling(RecordCheck):
    code = "ORG001"
    needs = needs(procurement=("id", "budget"))

    def check(self, record: Any) -> Any:
        if record.budget > self.params["ceiling"]:
            return (
                Breach(record.id, record.location.with_column("budget"), {"budget": record.budget}),
            )
        return ()


@pytest.fixture
def registry() -> Registry:
    registry = build_registry(builtins_only=True)
    for rule in parse_pack(PACK, name="org.toml", source="test"):
        registry.rules[rule.code] = rule
    registry.checks["ORG001"] = [OverCeiling]
    return registry


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "procurement.csv").write_text(
        "编号,项目,预算,组织形式,日期\nP1,x,5万,政府采购,2023-01-01\nP2,y,1万,政府采购,2023-01-02\n",
        "utf-8",
    )
    return tmp_path


def test_unset_parameter_gives_cfg001(registry: Registry, data: Path) -> None:
    result = check(data, as_of=AS_OF, registry=registry)
    (note,) = [v for v in result.violations if v.code == "CFG001"]
    assert note.severity is Severity.INFO and note.subject == "ORG001"
    assert "ceiling" in note.message and "[params.ORG001]" in note.message
    assert note.location.file == "rectikit.toml"
    assert "ceiling" in result.not_run["ORG001"]
    assert "ORG001" not in result.rules_run
    assert not result.fails("warning")


def test_configured_parameter_activates_the_rule(registry: Registry, data: Path) -> None:
    config = Config(params={"ORG": {"ceiling": "3万"}})
    result = check(data, as_of=AS_OF, registry=registry, config=config)
    (violation,) = [v for v in result.violations if v.code.startswith(("ORG", "CFG"))]
    assert (violation.code, violation.subject) == ("ORG001", "P1")
    # parameters fill the message too; an unknown field stays as written
    assert violation.message == "预算 50,000.00 超过上限 30,000.00（{unknown}）"
    assert violation.details == {"budget": "50000"}
    result = check(data, as_of=AS_OF, registry=registry, config=config, lang="en")
    (violation,) = [v for v in result.violations if v.code == "ORG001"]
    assert violation.message == "budget 50,000.00 over 30,000.00"


def test_cfg001_can_be_ignored(registry: Registry, data: Path) -> None:
    result = check(data, as_of=AS_OF, registry=registry, ignore=["CFG001"])
    assert [v.code for v in result.violations] == []
    assert "ORG001" in result.not_run


def test_cfg001_severity_can_be_changed(registry: Registry, data: Path) -> None:
    config = Config(severity={"CFG001": Severity.WARNING})
    result = check(data, as_of=AS_OF, registry=registry, config=config)
    (note,) = [v for v in result.violations if v.code == "CFG001"]
    assert note.severity is Severity.WARNING


def test_rule_without_check_is_not_run(registry: Registry, data: Path) -> None:
    result = check(data, as_of=AS_OF, registry=registry)
    assert "no check" in result.not_run["ORG002"]
    assert not any(v.code == "ORG002" for v in result.violations)


def test_unselected_rule_is_neither_run_nor_listed(registry: Registry, data: Path) -> None:
    result = check(data, as_of=AS_OF, registry=registry, select=["PRC001"])
    assert result.rules_run == ("PRC001",)
    assert "ORG001" not in result.not_run and "ITG001" not in result.not_run
    assert not any(v.code == "CFG001" for v in result.violations)


def test_render_and_values() -> None:
    assert render("{a} / {b}", {"a": Decimal("1234.5")}) == "1,234.50 / {b}"
    assert render("{a!x} {", {"a": 1}) == "{a!x} {"  # a broken template is left alone
    assert format_value(date(2023, 1, 2)) == "2023-01-02"
    assert format_value(["a", "b"]) == "a、b"
    assert detail_value(Decimal("52000.00")) == "52000.00"
    assert detail_value((date(2023, 1, 2), "x")) == "2023-01-02,x"


def test_window_defaults() -> None:
    assert window("2023-08-03", None) == (date(2023, 8, 3), date(2023, 1, 1))
    assert window(date(2023, 8, 3), "2022-07-01") == (date(2023, 8, 3), date(2022, 7, 1))
    end, start = window(None, None)
    assert end == date.today() and start == date(end.year, 1, 1)
    with pytest.raises(ConfigError, match="after"):
        window("2023-01-01", "2023-01-02")
    with pytest.raises(ConfigError, match="as_of"):
        window("not a date", None)


def test_cfg001_only_where_the_rule_would_run(registry: Registry, tmp_path: Path) -> None:
    """A dataset without the rule's kind gets no CFG001 for it, only a not-run reason."""
    (tmp_path / "talks.csv").write_text("日期,谈话人,谈话对象\n", "utf-8")
    result = check(tmp_path, as_of=AS_OF, registry=registry)
    assert not any(v.code == "CFG001" for v in result.violations)
    assert "ceiling" in result.not_run["ORG001"]


class NoteBreach(RecordCheck):
    """A check that says it cannot judge (like ITG004 for a year the calendar lacks)."""

    code = "ORG001"
    needs = needs(procurement=("id",))

    def check(self, record: Any) -> Any:
        return (
            Breach(
                "ORG001|2027",
                record.location,
                {"detail_zh": "2027 年未覆盖", "detail_en": "2027 is not covered"},
                code="CFG001",
            ),
        )


def test_a_check_can_report_cfg001(registry: Registry, data: Path) -> None:
    registry.checks["ORG001"] = [NoteBreach]
    config = Config(params={"ORG": {"ceiling": "3万"}})
    result = check(data, as_of=AS_OF, registry=registry, config=config)
    notes = [v for v in result.violations if v.code == "CFG001"]
    assert [(n.subject, n.message, n.details["rule"]) for n in notes] == [
        ("ORG001|2027", "2027 年未覆盖", "ORG001")
    ] * 2
    assert notes[0].severity is Severity.INFO
    result = check(data, as_of=AS_OF, registry=registry, config=config, lang="en")
    assert {v.message for v in result.violations if v.code == "CFG001"} == {"2027 is not covered"}
    result = check(data, as_of=AS_OF, registry=registry, config=config, ignore=["CFG001"])
    assert not any(v.code == "CFG001" for v in result.violations)


def test_every_check_finishes_before_any_violation_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # what a check lets go of when it finishes (PRC005's candidates) is gone before the
    # violations take their memory
    from rectikit.engine.runner import Engine

    events: list[str] = []
    step, violation = Engine._step, Engine._violation

    def logged_step(self: Engine, item: Any, run: Any) -> None:
        events.append("finish")
        step(self, item, run)

    def logged_violation(self: Engine, rule: Any, breach: Breach) -> Any:
        events.append("violation")
        return violation(self, rule, breach)

    monkeypatch.setattr(Engine, "_step", logged_step)
    monkeypatch.setattr(Engine, "_violation", logged_violation)
    example = Path(__file__).parents[2] / "examples" / "city-committee"
    result = check(example, as_of=AS_OF, jobs=1)
    assert events.count("finish") > 10 and events.count("violation") >= len(result.violations)
    last_finish = len(events) - 1 - events[::-1].index("finish")
    assert last_finish < events.index("violation")
