"""The benchmark harness (``bench/``): its generator, its baseline and rectikit agree.

The hand-written baseline (``bench/baseline.py``) implements RULES.md's PRC, ITG001–003,
ELC and MTG rules independently of rectikit. On a small generated dataset the two
violation sets must be equal: a guard for the baseline (the benchmark compares against
it) and a check that rectikit's semantics match the spec. No timing is asserted.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

import rectikit

BENCH = Path(__file__).resolve().parents[2] / "bench"
AS_OF, SINCE = "2023-12-31", "2023-01-01"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"rectikit_bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
baseline = _load("baseline")
harness = _load("run")


def rectikit_set(folder: Path, **options: object) -> set[tuple[str, str]]:
    result = rectikit.check(folder, as_of=AS_OF, since=SINCE, plugins=False, **options)
    assert not result.data_errors, result.data_errors[:3]
    return {(v.code, v.subject) for v in result.violations}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate.generate(tmp_path / "a", procurement=500, talks=100, meetings=100, orgs=10)
    generate.generate(tmp_path / "b", procurement=500, talks=100, meetings=100, orgs=10)
    generate.generate(tmp_path / "c", procurement=500, seed=7)
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    name = generate.PROCUREMENT_CSV
    assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "c" / name).read_bytes()
    lines = (tmp_path / "a" / name).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 501
    assert lines[0].startswith("序号,项目名称,预算金额（元）")
    text = "\n".join(lines)
    for notation in ("万元", "¥", "年", "/", ",000.00"):
        assert notation in text, notation


def test_procurement_matches_baseline(tmp_path: Path) -> None:
    generate.generate(tmp_path, procurement=2000)
    expected, rows = baseline.run(tmp_path, ["procurement"])
    assert rows == 2000
    assert rectikit_set(tmp_path, select=["PRC"]) == expected
    codes = Counter(code for code, _ in expected)
    assert set(codes) == {f"PRC00{i}" for i in range(1, 7)}, codes  # every rule is exercised


def test_record_rules_match_baseline(tmp_path: Path) -> None:
    generate.generate(tmp_path, procurement=1000)
    expected, _ = baseline.run(tmp_path, ["procurement"], ignore=["PRC005"])
    assert rectikit_set(tmp_path, select=["PRC"], ignore=["PRC005"]) == expected


def test_mixed_dataset_matches_baselines(tmp_path: Path) -> None:
    generate.generate(tmp_path, procurement=1000, talks=600, meetings=400, orgs=60)
    expected, _ = baseline.run(tmp_path)
    found = rectikit_set(tmp_path)
    assert {v for v in found if v[0][:3] in harness.FAMILIES} == expected
    families = {code[:3] for code, _ in expected}
    assert families == {"PRC", "ITG", "MTG", "ELC"}
    assert {"ITG001", "ITG002", "ITG003"} <= {code for code, _ in expected}


def test_xlsx_matches_csv(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    generate.generate(tmp_path / "csv", procurement=300)
    generate.generate(tmp_path / "xlsx", procurement=300, xlsx=True)
    expected, _ = baseline.run(tmp_path / "csv", ["procurement"])
    from_xlsx, rows = baseline.run(tmp_path / "xlsx", ["procurement"])
    assert rows == 300
    assert from_xlsx == expected
    assert rectikit_set(tmp_path / "xlsx", select=["PRC"]) == expected


def test_measure_and_render(tmp_path: Path) -> None:
    wall, peak, proportional = harness.measure([sys.executable, "-c", "pass"], tmp_path / "log")
    assert wall > 0 and peak > 0 and proportional >= 0
    held = "import time; block = bytearray(60_000_000); time.sleep(0.5)"
    _, peak, proportional = harness.measure([sys.executable, "-c", held], tmp_path / "log")
    assert peak > 55_000 and 55_000 < proportional <= peak + 1_000  # KiB
    with pytest.raises(RuntimeError, match="exited 3"):
        harness.measure([sys.executable, "-c", "raise SystemExit(3)"], tmp_path / "log")
    run = harness.Run("rectikit", "rectikit check", 2.0, 50.0, 1000, 7)
    target = harness.Target("PRC time", "≤ 1.5× baseline", "2.00×", False)
    scenario = harness.Scenario("prc", "title", "cmd", [run], [target], ["a note"])
    from dataclasses import asdict

    markdown = harness.render({"scenarios": {"prc": asdict(scenario)}})
    assert "| PRC time | ≤ 1.5× baseline | 2.00× | **not met** |" in markdown
    assert "| prc | rectikit | 1,000 | 2.00 s | 500 | 50 MB | 7 |" in markdown
    page = tmp_path / "BENCHMARKS.md"
    page.write_text(f"intro\n{harness.START}\nold\n{harness.END}\nend\n", encoding="utf-8")
    harness.update_benchmarks(markdown, page)
    text = page.read_text(encoding="utf-8")
    assert "old" not in text and markdown in text and text.endswith("end\n")
