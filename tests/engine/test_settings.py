"""Rule selection (ruff-like), severities, parameters and [files] kinds from config."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rectikit.engine.config import Config, ConfigError
from rectikit.engine.packs import Rule
from rectikit.engine.settings import (
    check_severity_codes,
    effective_severity,
    resolve_params,
    select_rules,
    unknown_selectors,
    validate_kinds,
)
from rectikit.model.severity import Severity
from rectikit.plugins import Registry

CODES = [
    "PRC001",
    "PRC002",
    "PRC003",
    "PRC004",
    "PRC005",
    "PRC006",
    "ITG001",
    "ITG002",
    "ELC001",
    "ELC003",
    "DAT001",
    "DAT003",
    "DAT005",
    "CFG001",
]
DIAG = {"DAT001", "DAT003", "DAT005", "CFG001"}
PRC = {c for c in CODES if c.startswith("PRC")}


def sel(select=None, ignore=(), extend=()) -> set[str]:  # type: ignore[no-untyped-def]
    return select_rules(CODES, select=select, ignore=ignore, extend_select=extend)


def test_default_selects_everything() -> None:
    assert sel() == set(CODES)


def test_select_prefix_keeps_diagnostics() -> None:
    assert sel(["PRC"]) == PRC | DIAG


def test_select_single_code() -> None:
    assert sel(["ELC001"]) == {"ELC001"} | DIAG


def test_select_prefix_ignore_code() -> None:
    assert sel(["PRC"], ["PRC001"]) == (PRC - {"PRC001"}) | DIAG


def test_ignore_prefix_extend_select_code_most_specific_wins() -> None:
    assert sel(None, ["PRC"], ["PRC003"]) == (set(CODES) - PRC) | {"PRC003"}


def test_equal_specificity_ignore_wins() -> None:
    assert "PRC001" not in sel(["PRC001"], ["PRC001"])
    assert "PRC001" not in sel(["PRC"], ["PRC"])


def test_more_specific_select_beats_broader_ignore() -> None:
    assert sel(["PRC001"], ["PRC"]) == {"PRC001"} | DIAG
    assert sel(["PRC00"], ["PRC0"]) == PRC | DIAG
    # and the other way round: a more specific ignore beats a broader select
    assert sel(["PRC0"], ["PRC00"]) == DIAG


def test_extend_select_adds_to_select() -> None:
    assert sel(["PRC001"], (), ["ITG"]) == {"PRC001", "ITG001", "ITG002"} | DIAG


def test_empty_select_runs_only_diagnostics() -> None:
    assert sel([]) == DIAG


def test_diagnostics_only_dropped_when_ignored() -> None:
    assert sel(["PRC"], ["DAT005"]) == PRC | (DIAG - {"DAT005"})
    assert sel(None, ["DAT"]) == set(CODES) - {"DAT001", "DAT003", "DAT005"}
    assert "CFG001" not in sel(None, ["CFG001"])


def test_unknown_selectors() -> None:
    assert unknown_selectors(CODES, ["PRC", "XYZ", "ELC009", ""]) == ["XYZ", "ELC009"]


# -- against the real built-in registry ---------------------------------------------


def test_effective_severity(registry: Registry) -> None:
    rule: Rule = registry.rules["PRC002"]
    assert effective_severity(rule, Config()) is Severity.ERROR
    config = Config(severity={"PRC002": Severity.WARNING})
    assert effective_severity(rule, config) is Severity.WARNING


def test_check_severity_codes_warns(registry: Registry) -> None:
    warnings: list[str] = []
    check_severity_codes(registry.rules, Config(severity={"NOPE001": Severity.INFO}), warnings)
    assert len(warnings) == 1 and "NOPE001" in warnings[0]


def test_resolve_params_family_then_code(registry: Registry) -> None:
    config = Config(
        params={
            "PRC": {"direct_limit": "5万", "min_suppliers": 2},
            "PRC002": {"min_suppliers": "4"},
        }
    )
    warnings: list[str] = []
    params = resolve_params(registry.rules, config, warnings)
    assert warnings == []
    assert params["PRC001"]["direct_limit"] == Decimal("50000")
    assert params["PRC003"]["direct_limit"] == Decimal("50000")
    assert params["PRC002"]["min_suppliers"] == 4  # the rule's own table wins
    assert params["PRC005"]["split_window_days"] == 30  # default kept
    assert params["ITG001"]["min_per_year"] == 2


def test_resolve_params_unknown_scope_is_a_warning(registry: Registry) -> None:
    warnings: list[str] = []
    resolve_params(registry.rules, Config(params={"XYZ999": {"a": 1}}), warnings)
    assert len(warnings) == 1 and "XYZ999" in warnings[0]


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"PRC": {"nope": 1}}, "unknown parameter 'nope'"),
        ({"PRC001": {"self_limit": "1"}}, "unknown parameter 'self_limit'"),  # not PRC001's
        ({"PRC": {"direct_limit": "abc"}}, "direct_limit"),
        ({"ELC": {"term_years": {"branch": "x"}}}, "term_years"),
    ],
)
def test_resolve_params_errors(registry: Registry, params: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        resolve_params(registry.rules, Config(params=params), [])


def test_validate_kinds(registry: Registry) -> None:
    from rectikit.readers.dataset import KindNames

    lookup = KindNames(registry.kinds.values()).lookup
    config = Config(files={"x.csv": "采购台账", "*.xlsx": "Talks", "a.json": "party_orgs"})
    assert validate_kinds(registry.kinds, config, lookup) == {
        "x.csv": "procurement",
        "*.xlsx": "talks",
        "a.json": "party_orgs",
    }
    with pytest.raises(ConfigError, match="unknown kind 'widgets'"):
        validate_kinds(registry.kinds, Config(files={"x.csv": "widgets"}), lookup)
