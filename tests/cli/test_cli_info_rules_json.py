"""``rectikit rules --format json|markdown``: the catalog for programs and documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import cli

from rectikit.plugins import build_registry

KEYS = {
    "code",
    "name",
    "severity",
    "default_severity",
    "kinds",
    "family",
    "source",
    "pack",
    "pack_version",
    "title",
    "message",
    "remedy",
    "citation",
    "subject",
    "description",
    "params",
    "param_sets",
    "examples",
}


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a folder without any config (``rules`` looks in ``.``)."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


def rules_json(*argv: str) -> object:
    code, out, err = cli("rules", "--format", "json", *argv)
    assert code == 0, err
    return json.loads(out)


def test_every_rule_as_a_json_list() -> None:
    documents = rules_json("--no-plugins")
    assert isinstance(documents, list)
    registry = build_registry(builtins_only=True)
    assert [d["code"] for d in documents] == sorted(registry.rules)
    for document in documents:
        assert set(document) == KEYS
        rule = registry.rules[document["code"]]
        assert document["name"] == rule.name
        assert document["severity"] == document["default_severity"] == rule.severity.value
        assert document["kinds"] == list(rule.kinds)
        assert set(document["title"]) == set(document["message"]) == {"zh", "en"}
        assert document["title"]["zh"] == rule.title["zh"]
        assert set(document["params"]) == set(rule.params)
    (prc001,) = [d for d in documents if d["code"] == "PRC001"]
    assert prc001["family"] == "PRC"
    assert prc001["source"] == "rectikit"
    assert prc001["pack"] == "procurement.toml" and prc001["pack_version"]
    assert prc001["title"]["en"] == "Directed purchase over the limit"
    assert prc001["citation"] == "《政府采购内部控制规范》（单位修订版）"
    assert prc001["params"]["direct_limit"] == {
        "type": "amount",
        "required": False,
        "title": {
            "zh": "可定向采购的预算上限（元，含本数）",
            "en": "budget up to which a self-procurement may be directed (yuan, inclusive)",
        },
        "default": "20000",
        "configured": "20000",
    }
    assert prc001["examples"]["fail"]["budget"] == "52,000.00"
    assert set(prc001["examples"]) == {"pass", "fail"}
    assert prc001["remedy"]["zh"]


def test_one_rule_as_a_json_object_with_configured_values(tmp_path: Path) -> None:
    cfg = tmp_path / "rectikit.toml"
    cfg.write_text(
        '[severity]\nPRC001 = "warning"\n\n[params.PRC]\ndirect_limit = "5万"\n\n'
        '[[params.PRC.sets]]\neffective = 2023-07-01\nself_limit = "50万"\n',
        "utf-8",
    )
    document = rules_json("prc004", "--config", str(cfg))
    assert isinstance(document, dict)
    assert document["code"] == "PRC004"
    assert document["params"]["self_limit"]["default"] == "300000"
    assert document["param_sets"] == [
        {
            "effective": "2023-07-01",
            "source": document["param_sets"][0]["source"],
            "values": {"self_limit": "500000"},
        }
    ]
    assert "config" in document["param_sets"][0]["source"]
    document = rules_json("PRC001", "--config", str(cfg))
    assert (document["severity"], document["default_severity"]) == ("warning", "error")
    assert document["params"]["direct_limit"]["configured"] == "50000"


def test_unset_parameter_is_null() -> None:
    document = rules_json("EXP001")
    param = document["params"]["report_threshold"]
    assert param["required"] is True
    assert param["default"] is None and param["configured"] is None


def test_structured_parameter_values() -> None:
    document = rules_json("ELC001")
    assert document["params"]["term_years"]["default"]["branch"] == 3


def test_json_is_the_same_whatever_the_language() -> None:
    assert rules_json("PRC001", "--lang", "en") == rules_json("PRC001")


def test_unknown_code_is_a_usage_error() -> None:
    code, out, err = cli("rules", "NOPE", "--format", "json")
    assert code == 2 and out == ""
    assert err.startswith("rectikit: error: unknown rule 'NOPE'")


def test_format_markdown_is_the_markdown_flag() -> None:
    _, flag, _ = cli("rules", "--markdown", "--no-plugins")
    code, option, _ = cli("rules", "--format", "markdown", "--no-plugins")
    assert code == 0 and option == flag
    assert flag.startswith("# rectikit rule catalog")


def test_markdown_of_one_rule() -> None:
    code, out, _ = cli("rules", "PRC001", "--format", "markdown")
    assert code == 0
    assert out.startswith("## PRC001 directed-over-limit\n")
    assert "| `direct_limit` | amount | 20000 |" in out
    assert "Example (fail):" in out
    assert "## PRC002" not in out


def test_markdown_and_another_format_disagree() -> None:
    code, _, err = cli("rules", "--markdown", "--format", "json")
    assert code == 2
    assert "--markdown" in err and "Traceback" not in err


def test_text_stays_the_default() -> None:
    _, default, _ = cli("rules", "--no-plugins")
    _, text, _ = cli("rules", "--no-plugins", "--format", "text")
    assert default == text
    assert default.splitlines()[0].split() == [
        "code",
        "name",
        "severity",
        "kinds",
        "source",
        "title",
    ]


def test_config_warning_goes_to_stderr(tmp_path: Path) -> None:
    cfg = tmp_path / "rectikit.toml"
    cfg.write_text("[params.ZZZ]\nx = 1\n", "utf-8")
    code, out, err = cli("rules", "PRC001", "--config", str(cfg), "--format", "json")
    assert code == 0
    assert json.loads(out)["code"] == "PRC001"
    assert "rectikit: warning:" in err and "ZZZ" in err


def test_english_listing_and_explanation() -> None:
    _, out, _ = cli("rules", "--lang", "en", "--no-plugins")
    (row,) = [line for line in out.splitlines() if line.startswith("PRC001")]
    assert row.endswith("Directed purchase over the limit")
    _, out, _ = cli("rules", "PRC001", "--lang", "en")
    assert "message: directed purchase with a budget of {budget} yuan" in out
    assert "remedy:  complete a price comparison" in out
