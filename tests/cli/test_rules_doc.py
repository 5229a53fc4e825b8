"""docs/rules.md is generated from the registry and must be current."""

from __future__ import annotations

import io
from pathlib import Path

from rectikit.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rules_doc_is_current() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["rules", "--markdown", "--no-plugins"], stdout=out, stderr=err) == 0
    assert DOC.read_text(encoding="utf-8") == out.getvalue(), (
        "docs/rules.md is stale: run `rectikit rules --markdown --no-plugins > docs/rules.md`"
    )


def test_every_rule_has_a_section() -> None:
    text = DOC.read_text(encoding="utf-8")
    for code in ("PRC001", "PRC006", "ITG001", "ITG002", "ELC001", "ELC005", "DAT003"):
        assert f"## {code} " in text
