"""ORG001 (contract-over-budget) through rectikit.check on small temporary datasets.

The plugin is loaded the explicit way, through the dataset's ``rectikit.toml``
(``plugins = ["rectikit_plugin_example.plugin"]``) with the plugin's ``src`` folder on
``sys.path``, so these tests pass whether or not the package is pip-installed. (When
it is installed, the entry point and the config name the same module: it is registered
once.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

rectikit = pytest.importorskip("rectikit", reason="rectikit is not installed")

from rectikit.engine.packs import load_pack  # noqa: E402

SRC = Path(__file__).resolve().parents[1] / "src"
MODULE = "rectikit_plugin_example.plugin"
HEADER = (
    "编号,项目名称,预算金额,组织形式,采购方式,比价供应商数,是否编制采购文件,成交金额,采购日期\n"
)


@pytest.fixture(autouse=True)
def plugin_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(SRC))


def dataset(tmp_path: Path, rows: list[str], params: str = "") -> Path:
    """A dataset folder with procurement.csv and a config loading the plugin."""
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "procurement.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "rectikit.toml").write_text(
        f'plugins = ["{MODULE}"]\nselect = ["ORG"]\n{params}', encoding="utf-8"
    )
    return folder


def org001(result) -> list:
    return [v for v in result.violations if v.code == "ORG001"]


def test_contract_over_budget_fails(tmp_path: Path) -> None:
    folder = dataset(tmp_path, ["P-2,办公家具,5万,自行采购,比价,3,是,5.3万,2023-08-03"])
    result = rectikit.check(folder, as_of="2023-12-31")
    assert not result.warnings
    [violation] = org001(result)
    assert violation.subject == "P-2"
    assert violation.severity.value == "error"
    assert violation.kind == "procurement"
    assert violation.location.file == "procurement.csv"
    assert violation.location.row == 2
    assert violation.location.column == "contract"
    assert violation.details["excess"] == "3000"
    assert "53,000.00" in violation.message and "50,000.00" in violation.message
    assert "预算法" in violation.citation


@pytest.mark.parametrize(
    "row",
    [
        "P-1,办公家具,5万,自行采购,比价,3,是,4.8万,2023-08-03",  # under budget
        "P-1,办公家具,5万,自行采购,比价,3,是,50000.00,2023-08-03",  # exactly the budget
        "P-1,办公家具,5万,自行采购,比价,3,是,,2023-08-03",  # no contract amount yet
        "P-1,信息系统,250万,政府采购,公开招标,,是,260万,2023-08-03",  # government: not by default
    ],
)
def test_passing_records(tmp_path: Path, row: str) -> None:
    result = rectikit.check(dataset(tmp_path, [row]), as_of="2023-12-31")
    assert org001(result) == []
    assert result.data_errors == ()


def test_tolerance_parameter_is_inclusive(tmp_path: Path) -> None:
    rows = [
        "P-1,办公家具,5万,自行采购,比价,3,是,5.3万,2023-08-03",  # 3000 over: within
        "P-2,办公家具,5万,自行采购,比价,3,是,5.5万,2023-08-03",  # 5000 over: boundary
        "P-3,办公家具,5万,自行采购,比价,3,是,55001,2023-08-03",  # 5001 over: fails
    ]
    folder = dataset(tmp_path, rows, '\n[params.ORG001]\ntolerance = "5千元"\n')
    assert [v.subject for v in org001(rectikit.check(folder, as_of="2023-12-31"))] == ["P-3"]


def test_modes_parameter_accepts_ledger_words(tmp_path: Path) -> None:
    rows = ["P-1,信息系统,250万,政府采购,公开招标,,是,260万,2023-08-03"]
    folder = dataset(tmp_path, rows, '\n[params.ORG]\nmodes = ["自行采购", "政府采购"]\n')
    [violation] = org001(rectikit.check(folder, as_of="2023-12-31"))
    assert violation.subject == "P-1"
    assert violation.details["excess"] == "100000"


def test_bad_mode_parameter_disables_only_this_check(tmp_path: Path) -> None:
    rows = ["P-1,办公家具,5万,自行采购,比价,3,是,5.3万,2023-08-03"]
    folder = dataset(tmp_path, rows, '\n[params.ORG001]\nmodes = ["both"]\n')
    result = rectikit.check(folder, as_of="2023-12-31", select=["ORG", "PRC"])
    assert org001(result) == []
    assert any("ORG001" in w and "failed to start" in w for w in result.warnings)


def test_unparseable_contract_is_a_data_error_not_a_crash(tmp_path: Path) -> None:
    rows = ["P-1,办公家具,5万,自行采购,比价,3,是,五万三千块,2023-08-03"]
    result = rectikit.check(dataset(tmp_path, rows), as_of="2023-12-31")
    assert org001(result) == []
    assert [(e.code, e.location.column) for e in result.data_errors] == [("DAT003", "contract")]


def test_pack_examples_agree_with_the_check(tmp_path: Path) -> None:
    """The pass/fail examples shown by `rectikit rules ORG001` really pass and fail."""
    [rule] = load_pack(SRC / "rectikit_plugin_example" / "rules.toml", source="test")
    assert rule.code == "ORG001" and set(rule.params) == {"tolerance", "modes"}
    fields = ["id", "project", "budget", "mode", "method", "contract", "date"]
    lines = [",".join(fields)]
    lines += [",".join(str(rule.examples[k][f]) for f in fields) for k in ("pass", "fail")]
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "procurement.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "rectikit.toml").write_text(f'plugins = ["{MODULE}"]\n', encoding="utf-8")
    result = rectikit.check(folder, as_of="2023-12-31", select=["ORG"])
    assert [v.subject for v in org001(result)] == [rule.examples["fail"]["id"]]
