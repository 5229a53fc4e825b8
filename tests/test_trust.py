"""The trust model of the README's "Security and trust" section, statement by statement.

* what rectikit executes: installed ``rectikit`` entry points and config-named modules
  from the Python path, never code in a data folder (tested in real processes, with the
  ``rectikit`` command and ``python -m rectikit`` started inside the data folder);
* what it reads: no network;
* what it writes: only what an option names, inputs never changed;
* what ``--redact`` removes: people's names from every report format.

Formula and markup neutralization is tested in ``tests/reporters/test_safe_exports.py``,
atomic saves, ``.bak`` and locks in ``tests/ledger/files/``, plugin isolation in
``tests/engine/test_isolation.py``, the fuzzed inputs in ``tests/fuzz/``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import rectikit
from rectikit.plugins import build_registry

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "city-committee"
AS_OF = "2023-12-31"
SCRIPT = Path(sys.executable).with_name("rectikit" + (".exe" if os.name == "nt" else ""))


def planted(folder: Path, name: str, marker: Path) -> None:
    """A module ``name`` in ``folder`` that leaves ``marker`` when imported."""
    (folder / f"{name}.py").write_text(
        f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\n", encoding="utf-8"
    )


def run(argv: list[str], cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A dataset holding a workbook (so openpyxl is imported) and, beside it, Python
    files named like modules rectikit imports or a config names."""
    folder = tmp_path / "data"
    folder.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["编号", "项目", "预算", "组织形式", "采购方式", "日期"])
    book.active.append(["P1", "打印机", "5万", "自行采购", "定向采购", "2023-03-01"])
    book.save(folder / "采购台账.xlsx")
    marker = tmp_path / "imported.txt"
    for name in ("openpyxl", "pluggy", "attrs", "tomlkit", "rk_trust_plugin", "sitecustomize"):
        planted(folder, name, marker)
    (folder / "rectikit.toml").write_text(
        'plugins = ["rk_trust_plugin"]\nexclude = ["*.py"]\n', encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize("how", ["script", "module"])
def test_code_in_the_data_folder_is_never_run(data: Path, how: str) -> None:
    if how == "script" and not SCRIPT.exists():
        pytest.skip("the rectikit command is not installed next to this Python")
    command = [str(SCRIPT)] if how == "script" else [sys.executable, "-m", "rectikit"]
    done = run([*command, "check", ".", "--as-of", AS_OF, "--format", "text"], cwd=data)
    assert done.returncode == 1, done.stderr  # PRC001 and PLG001
    assert not (data.parent / "imported.txt").exists()
    # the module the config names is looked for on the Python path, not in the folder
    assert "PLG001" in done.stdout and "rk_trust_plugin" in done.stdout
    assert "采购台账.xlsx:2: PRC001" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_config_named_module_on_the_python_path_is_run(data: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    marker = tmp_path / "plugin-ran.txt"
    planted(site, "rk_trust_plugin", marker)
    command = [sys.executable, "-m", "rectikit", "check", ".", "--as-of", AS_OF]
    done = run([*command, "--format", "text"], cwd=data, pythonpath=site)
    assert marker.read_text(encoding="utf-8") == "rk_trust_plugin\n"
    assert "PLG001" not in done.stdout
    marker.unlink()
    done = run([*command, "--format", "text", "--no-plugins"], cwd=data, pythonpath=site)
    assert not marker.exists() and "PRC001" in done.stdout  # built-ins only


def test_only_the_rectikit_entry_point_group_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    info = site / "rk_trust_other-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rk-trust-other\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[rectikit_extras]\nother = rk_trust_other\n[console_scripts]\nx = rk_trust_other:x\n"
    )
    marker = tmp_path / "other.txt"
    planted(site, "rk_trust_other", marker)
    monkeypatch.syspath_prepend(str(site))
    registry = build_registry()
    assert not marker.exists()
    assert "rk_trust_other" not in {p.name for p in registry.plugins}


def test_no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rectikit opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = rectikit.check(EXAMPLE, as_of=AS_OF)
    assert result.violations
    for fmt in ("html", "xlsx", "sarif", "markdown"):
        assert rectikit.report(result, fmt)


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_writes_only_what_an_option_names(tmp_path: Path) -> None:
    from support import cli_no_traceback

    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    before = digests(data)
    out = tmp_path / "out"
    out.mkdir()
    options = [
        "-o", str(out / "report.html"),
        "--write-baseline", str(out / "baseline.json"),
        "--to-ledger", str(out / "整改台账.toml"),
        "--annotate", str(out / "copies"),
    ]  # fmt: skip
    for _ in range(2):  # the second run replaces what the first wrote, keeping .bak
        code, _, err = cli_no_traceback("check", str(data), "--as-of", AS_OF, *options)
        assert code == 1, err
    assert digests(data) == before  # inputs never changed, nothing added
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        "baseline.json",
        "baseline.json.bak",
        "copies/采购台账.annotated.xlsx",
        "report.html",
        "整改台账.toml",  # the second run found nothing new: not saved again
    ]
    # annotating into the data folder itself adds the copies and nothing else
    code, _, err = cli_no_traceback(
        "check", str(data), "--as-of", AS_OF, "--format", "json", "--annotate", str(data)
    )
    assert set(digests(data)) - set(before) == {"采购台账.annotated.xlsx"}
    assert {k: v for k, v in digests(data).items() if k in before} == before


def test_redact_removes_peoples_names_from_every_format() -> None:
    plain = rectikit.check(EXAMPLE, as_of=AS_OF)
    people = sorted(plain.people, key=len, reverse=True)
    assert len(people) >= 10
    redacted = rectikit.check(EXAMPLE, as_of=AS_OF, redact=True)
    assert redacted.redacted > 0
    for fmt in ("text", "json", "markdown", "html", "sarif", "junit", "xlsx"):
        report = rectikit.report(redacted, fmt)
        if fmt == "xlsx":
            assert isinstance(report, bytes)
            import io

            book = openpyxl.load_workbook(io.BytesIO(report))
            report = "\n".join(
                str(cell.value)
                for sheet in book.worksheets
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            )
        shown = [name for name in people if name in report]
        assert not shown, f"{fmt} shows {shown[:3]}"
        assert "人员A" in report or fmt == "text"
    # units stay: they are not people
    assert "办公室" in rectikit.report(redacted, "json")
