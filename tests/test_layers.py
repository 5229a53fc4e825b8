"""Layer contracts (DESIGN.md): inner layers never import outer ones; only the console
reporter imports rich. Checked statically on the source, like import-linter."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "rectikit"

#: package -> rectikit packages it must not import
FORBIDDEN = {
    "model": (
        "rectikit.readers",
        "rectikit.engine",
        "rectikit.checks",
        "rectikit.reporters",
        "rectikit.cli",
        "rectikit.plugins",
        "rectikit.api",
    ),
    "readers": (
        "rectikit.engine",
        "rectikit.checks",
        "rectikit.reporters",
        "rectikit.cli",
        "rectikit.plugins",
        "rectikit.api",
    ),
    "engine": ("rectikit.reporters", "rectikit.cli", "rectikit.plugins", "rectikit.api"),
    "checks": ("rectikit.reporters", "rectikit.cli", "rectikit.readers"),
    "reporters": ("rectikit.cli",),
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_inner_layers_do_not_import_outer_ones(package: str) -> None:
    offending = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in modules(package)
        for name in imports(path)
        if name.startswith(FORBIDDEN[package])
    ]
    assert not offending, offending


def test_only_the_console_reporters_import_rich() -> None:
    users = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if any(name == "rich" or name.startswith("rich.") for name in imports(path))
    )
    # and the CLI's progress bar on stderr (cli/progress.py), drawn while a check runs
    assert users == ["cli/progress.py", "reporters/console.py", "reporters/ledger_console.py"]
