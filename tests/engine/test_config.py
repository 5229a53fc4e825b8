"""Config files: discovery, validation, and their effect on a check run (API and CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import cli

from rectikit.api import check
from rectikit.engine.config import (
    Config,
    ConfigError,
    find_config,
    load_config,
    merge_cli,
    parse_config,
)
from rectikit.engine.result import CheckResult
from rectikit.model.severity import Severity
from rectikit.plugins import Registry

AS_OF = "2023-12-31"

PROCUREMENT = (
    "id,project,budget,mode,method,suppliers,docs,vendor,date\n"
    # PRC001 with the default 2万 limit; passes with a 5万 limit
    "P1,办公设备,5万,自行采购,定向采购,,是,甲公司,2023-03-01\n"
    # PRC002 (1 supplier) with the default limit; below the band with a 5万 limit
    "P2,会议服务,2.5万,自行采购,比价,1,是,乙公司,2023-04-01\n"
)


def make_dataset(directory: Path, text: str = PROCUREMENT, name: str = "procurement.csv") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def codes(result: CheckResult) -> list[str]:
    return sorted(v.code for v in result.violations)


def run(registry: Registry, path: Path, **kwargs: Any) -> CheckResult:
    return check(path, as_of=AS_OF, registry=registry, **kwargs)


def assert_usage_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("rectikit: error: ")
    for needle in needles:
        assert needle in lines[0]


# -- discovery ------------------------------------------------------------------------


def test_no_config_uses_defaults(tmp_path: Path, registry: Registry) -> None:
    data = make_dataset(tmp_path / "data")
    assert find_config(data) is None or not str(find_config(data)).startswith(str(tmp_path))
    assert codes(run(registry, data)) == ["PRC001", "PRC002"]


def test_nearest_rectikit_toml_upwards(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "rectikit.toml").write_text('[params.PRC]\ndirect_limit = "5万"\n', "utf-8")
    data = make_dataset(tmp_path / "a" / "b")
    assert find_config(data) == (tmp_path / "rectikit.toml").resolve()
    assert find_config(data / "procurement.csv") == (tmp_path / "rectikit.toml").resolve()
    assert codes(run(registry, data)) == []
    # a dataset given as a file finds the same config
    assert codes(run(registry, data / "procurement.csv")) == []


def test_nearest_config_wins_without_merging(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "rectikit.toml").write_text('[params.PRC]\ndirect_limit = "5万"\n', "utf-8")
    inner = tmp_path / "a"
    inner.mkdir()
    (inner / "rectikit.toml").write_text('[severity]\nPRC001 = "warning"\n', "utf-8")
    data = make_dataset(inner / "b")
    assert find_config(data) == (inner / "rectikit.toml").resolve()
    result = run(registry, data)
    assert codes(result) == ["PRC001", "PRC002"]  # the outer limit is not applied
    assert {v.code: v.severity for v in result.violations}["PRC001"] is Severity.WARNING


def test_pyproject_with_tool_table(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.rectikit.params.PRC]\ndirect_limit = "5万"\n', "utf-8"
    )
    data = make_dataset(tmp_path / "data")
    assert find_config(data) == (tmp_path / "pyproject.toml").resolve()
    assert codes(run(registry, data)) == []


def test_pyproject_without_table_is_skipped(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "rectikit.toml").write_text('[params.PRC]\ndirect_limit = "5万"\n', "utf-8")
    inner = tmp_path / "a"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.black]\n', "utf-8")
    data = make_dataset(inner / "data")
    assert find_config(data) == (tmp_path / "rectikit.toml").resolve()
    assert codes(run(registry, data)) == []


def test_rectikit_toml_beats_pyproject_in_same_folder(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text("", "utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.rectikit]\n", "utf-8")
    assert find_config(tmp_path) == (tmp_path / "rectikit.toml").resolve()


def test_explicit_config_option(tmp_path: Path, registry: Registry) -> None:
    cfg = tmp_path / "elsewhere" / "my.toml"
    cfg.parent.mkdir()
    cfg.write_text('[params.PRC]\ndirect_limit = "5万"\n', "utf-8")
    data = make_dataset(tmp_path / "data")
    assert codes(run(registry, data, config=cfg)) == []
    code, _, err = cli("check", str(data), "--as-of", AS_OF, "--config", str(cfg))
    assert code == 0 and err == ""


# -- validation -----------------------------------------------------------------------


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = tmp_path / "rectikit.toml"
    path.write_text('select = ["PRC"]\nbogus_key = 1\n', "utf-8")
    with pytest.raises(ConfigError, match="bogus_key"):
        load_config(path)


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.rectikit]\nselekt = []\n", "utf-8")
    with pytest.raises(ConfigError, match=r"tool\.rectikit\.selekt"):
        load_config(path)


def test_unknown_key_cli_exit_2(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text("bogus_key = 1\n", "utf-8")
    data = make_dataset(tmp_path / "data")
    assert_usage_error(*cli("check", str(data), "--as-of", AS_OF)[::2], "bogus_key")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("select = [", "invalid TOML"),
        ('fail_on = "sometimes"', "fail_on"),
        ('lang = "fr"', "lang"),
        ("select = [1, 2]", "select"),
        ('plugins = "x"', "plugins"),
        ('[severity]\nPRC002 = "fatal"', "PRC002"),
        ('files = "x"', "files"),
        ("[params]\nPRC = 1", "params.PRC"),
    ],
)
def test_invalid_values_are_config_errors(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "rectikit.toml"
    path.write_text(text + "\n", "utf-8")
    with pytest.raises(ConfigError, match=needle) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_parse_config_values() -> None:
    config = parse_config(
        {
            "select": ["prc", "ITG"],
            "ignore": "ELC003, ELC004",
            "extend-select": ["DUL"],
            "fail_on": "Warning",
            "plugins": ["rectikit_myorg"],
            "severity": {"prc002": "WARNING"},
            "params": {"prc": {"direct_limit": "2万"}},
            "files": {"x.csv": "procurement"},
            "lang": "en",
            "encoding": "gb18030",
        }
    )
    assert config.select == ("PRC", "ITG")
    assert config.ignore == ("ELC003", "ELC004")
    assert config.extend_select == ("DUL",)
    assert config.fail_on == "warning"
    assert config.severity == {"PRC002": Severity.WARNING}
    assert config.params == {"PRC": {"direct_limit": "2万"}}
    assert config.files == {"x.csv": "procurement"}
    assert (config.lang, config.encoding, config.plugins) == ("en", "gb18030", ("rectikit_myorg",))


def test_merge_cli() -> None:
    base = Config(select=("PRC",), ignore=("PRC001",), extend_select=("ITG001",))
    merged = merge_cli(
        base,
        select=["ELC"],
        ignore=["ELC003"],
        extend_select=["PRC005"],
        fail_on="never",
        lang="en",
        encoding="gbk",
    )
    assert merged.select == ("ELC",)  # replaces
    assert merged.ignore == ("PRC001", "ELC003")  # adds
    assert merged.extend_select == ("ITG001", "PRC005")  # adds
    assert (merged.fail_on, merged.lang, merged.encoding) == ("never", "en", "gbk")
    assert merge_cli(base) == base
    with pytest.raises(ConfigError):
        merge_cli(base, fail_on="sometimes")


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data")
    assert_usage_error(
        *cli("check", str(data), "--config", str(tmp_path / "nope.toml"))[::2], "nope.toml"
    )


# -- parameters -----------------------------------------------------------------------


def test_family_param_changes_results(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data")
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--format", "json")
    assert code == 1
    assert json.loads(out)["summary"]["by_code"] == {"PRC001": 1, "PRC002": 1}
    (tmp_path / "data" / "rectikit.toml").write_text(
        '[params.PRC]\ndirect_limit = "5万"\n', "utf-8"
    )
    code, out, err = cli("check", str(data), "--as-of", AS_OF, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["summary"]["by_code"] == {}


def test_rule_param_overrides_family(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "rectikit.toml").write_text(
        '[params.PRC]\nmin_suppliers = 1\n\n[params.PRC002]\nmin_suppliers = "2家"\n', "utf-8"
    )
    data = make_dataset(tmp_path / "data")
    result = run(registry, data)
    (prc002,) = [v for v in result.violations if v.code == "PRC002"]
    assert prc002.details["min_suppliers"] == "2"


def test_unknown_param_for_known_rule_exit_2(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text("[params.PRC001]\nmax_budget = 1\n", "utf-8")
    data = make_dataset(tmp_path / "data")
    assert_usage_error(*cli("check", str(data), "--as-of", AS_OF)[::2], "max_budget")


def test_unknown_param_for_family_exit_2(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text("[params.PRC]\nnope = 1\n", "utf-8")
    data = make_dataset(tmp_path / "data")
    assert_usage_error(*cli("check", str(data), "--as-of", AS_OF)[::2], "nope", "PRC")


def test_params_for_unknown_code_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text("[params.XYZ999]\nlimit = 1\n", "utf-8")
    data = make_dataset(tmp_path / "data")
    code, out, err = cli("check", str(data), "--as-of", AS_OF, "--format", "json")
    assert code == 1  # the run went on and found the PRC violations
    assert json.loads(out)["summary"]["by_code"] == {"PRC001": 1, "PRC002": 1}
    assert "rectikit: warning:" in err and "XYZ999" in err
    assert "Traceback" not in err


def test_bad_param_value_exit_2(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text('[params.PRC]\ndirect_limit = "abc"\n', "utf-8")
    data = make_dataset(tmp_path / "data")
    assert_usage_error(*cli("check", str(data), "--as-of", AS_OF)[::2], "direct_limit")


def test_bad_param_value_api_raises(tmp_path: Path, registry: Registry) -> None:
    data = make_dataset(tmp_path / "data")
    config = Config(params={"PRC": {"direct_limit": "abc"}})
    with pytest.raises(ConfigError, match="direct_limit"):
        run(registry, data, config=config)


# -- severity -------------------------------------------------------------------------


def test_severity_override_in_json(tmp_path: Path) -> None:
    (tmp_path / "rectikit.toml").write_text('[severity]\nPRC002 = "warning"\n', "utf-8")
    data = make_dataset(tmp_path / "data")
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--format", "json")
    doc = json.loads(out)
    severities = {v["code"]: v["severity"] for v in doc["violations"]}
    assert severities == {"PRC001": "error", "PRC002": "warning"}
    assert doc["summary"]["by_severity"] == {"error": 1, "warning": 1, "info": 0}
    assert code == 1


def test_severity_override_of_diagnostic(tmp_path: Path, registry: Registry) -> None:
    data = make_dataset(tmp_path / "data")
    (data / "notes.txt").write_text("x", "utf-8")
    result = run(registry, data, config=Config(severity={"DAT005": Severity.WARNING}))
    (dat005,) = result.data_errors
    assert dat005.severity is Severity.WARNING


def test_severity_for_unknown_code_warns(tmp_path: Path, registry: Registry) -> None:
    data = make_dataset(tmp_path / "data")
    result = run(registry, data, config=Config(severity={"NOPE001": Severity.INFO}))
    assert any("NOPE001" in w for w in result.warnings)


# -- select / ignore ------------------------------------------------------------------


SELECT_DATA = (
    "id,project,budget,mode,method,suppliers,docs,vendor,date\n"
    "P1,办公设备,5万,自行采购,定向采购,,是,甲公司,2023-03-01\n"  # PRC001
    "P2,会议服务,2.5万,自行采购,比价,1,否,乙公司,2023-04-01\n"  # PRC002 + PRC003
    "P3,装修,40万,自行采购,比价,5,是,丙公司,2023-05-01\n"  # PRC004
    "P4,坏行,很多,自行采购,比价,5,是,丙公司,2023-05-02\n"  # DAT003
)


@pytest.fixture
def select_data(tmp_path: Path) -> Path:
    data = make_dataset(tmp_path / "data", SELECT_DATA)
    (data / "readme.txt").write_text("not data", "utf-8")  # DAT005
    return data


def cli_codes(data: Path, *options: str) -> tuple[set[str], set[str]]:
    code, out, err = cli("check", str(data), "--as-of", AS_OF, "--format", "json", *options)
    assert code in (0, 1), err
    doc = json.loads(out)
    return {v["code"] for v in doc["violations"]}, {d["code"] for d in doc["data_errors"]}


def test_select_all_by_default(select_data: Path) -> None:
    assert cli_codes(select_data) == (
        {"PRC001", "PRC002", "PRC003", "PRC004"},
        {"DAT003", "DAT005"},
    )


def test_select_prefix_ignore_code(select_data: Path) -> None:
    rules, data = cli_codes(select_data, "--select", "PRC", "--ignore", "PRC001")
    assert rules == {"PRC002", "PRC003", "PRC004"}
    assert data == {"DAT003", "DAT005"}  # diagnostics still reported under --select PRC


def test_ignore_prefix_extend_select_code(select_data: Path) -> None:
    rules, _ = cli_codes(select_data, "--ignore", "PRC", "--extend-select", "PRC003")
    assert rules == {"PRC003"}


def test_select_single_code_lowercase(select_data: Path) -> None:
    rules, data = cli_codes(select_data, "--select", "prc004")
    assert rules == {"PRC004"} and data == {"DAT003", "DAT005"}


def test_ignore_diagnostic(select_data: Path) -> None:
    rules, data = cli_codes(select_data, "--select", "PRC", "--ignore", "DAT005")
    assert data == {"DAT003"}
    rules, data = cli_codes(select_data, "--ignore", "DAT")
    assert data == set() and "PRC001" in rules


def test_select_from_config_and_cli_replaces(select_data: Path) -> None:
    (select_data / "rectikit.toml").write_text(
        'select = ["PRC001"]\nignore = ["DAT005"]\n', "utf-8"
    )
    assert cli_codes(select_data) == ({"PRC001"}, {"DAT003"})
    # --select replaces the config's selection; --ignore adds to its ignores
    assert cli_codes(select_data, "--select", "PRC004") == ({"PRC004"}, {"DAT003"})
    assert cli_codes(select_data, "--extend-select", "PRC004") == (
        {"PRC001", "PRC004"},
        {"DAT003"},
    )


def test_unknown_selector_warns(select_data: Path) -> None:
    code, _, err = cli("check", str(select_data), "--as-of", AS_OF, "--select", "XYZ,PRC001")
    assert code == 1
    assert "XYZ" in err and "rectikit: warning:" in err


# -- [files] --------------------------------------------------------------------------


def test_files_mapping_by_name_and_glob(tmp_path: Path, registry: Registry) -> None:
    data = make_dataset(tmp_path / "data", name="2023年采购明细.csv")
    (data / "sub").mkdir()
    (data / "sub" / "谈话-上半年.csv").write_text(
        "谈话日期,谈话人,谈话对象\n2023-03-01,谢军,张三\n", "utf-8"
    )
    (data / "rectikit.toml").write_text(
        '[files]\n"2023年采购明细.csv" = "procurement"\n"谈话-*.csv" = "talks"\n', "utf-8"
    )
    result = run(registry, data)
    assert result.files == {"2023年采购明细.csv": "procurement", "sub/谈话-上半年.csv": "talks"}
    assert codes(result) == ["PRC001", "PRC002"]
    assert result.data_errors == ()
    assert result.records == 3


def test_files_mapping_relative_path_glob(tmp_path: Path, registry: Registry) -> None:
    data = make_dataset(tmp_path / "data" / "2023", name="明细.csv")
    config = Config(files={"2023/*.csv": "采购台账"})
    result = run(registry, tmp_path / "data", config=config)
    assert result.files == {"2023/明细.csv": "procurement"}
    assert codes(result) == ["PRC001", "PRC002"]
    assert data.exists()


def test_files_mapping_beats_the_stem(tmp_path: Path, registry: Registry) -> None:
    # talks.csv holds procurement records: the explicit mapping wins over the stem
    data = make_dataset(tmp_path / "data", name="talks.csv")
    result = run(registry, data, config=Config(files={"talks.csv": "procurement"}))
    assert result.files == {"talks.csv": "procurement"}
    assert codes(result) == ["PRC001", "PRC002"]


def test_files_chinese_kind_name(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", name="x.csv")
    (data / "rectikit.toml").write_text('[files]\n"x.csv" = "采购台账"\n', "utf-8")
    code, out, err = cli("check", str(data), "--as-of", AS_OF, "--format", "json")
    assert code == 1, err
    assert json.loads(out)["summary"]["by_code"] == {"PRC001": 1, "PRC002": 1}


def test_files_unknown_kind_exit_2(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", name="x.csv")
    (data / "rectikit.toml").write_text('[files]\n"x.csv" = "purchase-orders"\n', "utf-8")
    assert_usage_error(*cli("check", str(data), "--as-of", AS_OF)[::2], "purchase-orders")


def test_config_lang_and_fail_on(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data")
    (data / "rectikit.toml").write_text('lang = "en"\nfail_on = "never"\n', "utf-8")
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--format", "text")
    assert code == 0
    assert "exceeds the limit" in out
    # the command line overrides the config
    code, out, _ = cli(
        "check",
        str(data),
        "--as-of",
        AS_OF,
        "--format",
        "text",
        "--fail-on",
        "error",
        "--lang",
        "zh",
    )
    assert code == 1 and "超过定向采购限额" in out
