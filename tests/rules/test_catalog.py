"""The built-in catalog is complete: every RULES.md code, each with what `rules CODE` shows."""

from __future__ import annotations

import pytest
from support import cli_no_traceback

from rectikit.plugins import Registry, build_registry

#: Every code of RULES.md's catalog, with its name and default severity.
CATALOG = {
    "PRC001": ("directed-over-limit", "error"),
    "PRC002": ("too-few-suppliers", "error"),
    "PRC003": ("missing-procurement-docs", "error"),
    "PRC004": ("over-self-procurement-ceiling", "error"),
    "PRC005": ("suspected-split-purchase", "warning"),
    "PRC006": ("open-tender-required", "error"),
    "ITG001": ("integrity-talks-per-year", "error"),
    "ITG002": ("integrity-talks-half-year", "warning"),
    "ITG003": ("quarterly-integrity-analysis", "warning"),
    "ITG004": ("festival-integrity-reminder", "warning"),
    "ELC001": ("election-overdue", "error"),
    "ELC002": ("election-severely-overdue", "error"),
    "ELC003": ("election-due-soon", "info"),
    "ELC004": ("election-not-filed", "warning"),
    "ELC005": ("postponement-too-long", "error"),
    "MTG001": ("members-meeting-quarterly", "warning"),
    "MTG002": ("committee-meeting-monthly", "warning"),
    "MTG003": ("group-meeting-monthly", "warning"),
    "MTG004": ("party-lecture-quarterly", "warning"),
    "MTG005": ("theme-day-monthly", "warning"),
    "MTG006": ("life-meeting-yearly", "warning"),
    "MTG007": ("member-evaluation-yearly", "warning"),
    "DUL001": ("dual-life-attendance", "warning"),
    "DUL002": ("dual-life-unsigned", "warning"),
    "EXP001": ("large-expense-not-prereported", "error"),
    "EXP002": ("large-expense-no-collective-decision", "error"),
    "APT001": ("appointment-not-approved-first", "error"),
    "APT002": ("promotion-without-vetting", "error"),
    "APT003": ("publicity-too-short", "error"),
    "AST001": ("fixed-asset-not-recorded", "error"),
    "AST002": ("fixed-asset-recorded-late", "warning"),
    "RWD001": ("cash-reward-to-unit", "error"),
    "LDG001": ("finding-without-measures", "error"),
    "LDG002": ("finding-without-owner", "warning"),
    "LDG003": ("finding-without-deadline", "warning"),
    "LDG004": ("measure-overdue", "error"),
    "LDG005": ("status-contradicts-measures", "error"),
    "LDG006": ("completed-without-evidence", "warning"),
    "LDG007": ("declared-counts-mismatch", "error"),
    "LDG008": ("open-after-rectification-period", "error"),
    "LDG009": ("target-off-pace", "warning"),
    "DAT001": ("unreadable-file", "error"),
    "DAT002": ("missing-required-column", "error"),
    "DAT003": ("unparseable-value", "error"),
    "DAT004": ("duplicate-id", "error"),
    "DAT005": ("unmapped-file", "info"),
    "DAT006": ("unknown-reference", "warning"),
    "CFG001": ("rule-inactive", "info"),
    "WVR001": ("waiver-expired", "warning"),
    "WVR002": ("unused-waiver", "warning"),
    "PLG001": ("plugin-not-loaded", "error"),
    "PLG002": ("plugin-hook-failed", "error"),
    "PLG003": ("plugin-bad-result", "error"),
    "PLG004": ("plugin-duplicate", "error"),
    "PLG005": ("plugin-check-failed", "error"),
    "PLG006": ("plugin-over-budget", "error"),
}

#: Families judged by the engine itself rather than by a check class: the waiver rules
#: run after the checks, on the waivers (rectikit.engine.suppress); the plugin-isolation
#: rules on the plugins (rectikit.engine.isolation).
ENGINE_JUDGED = ("WVR", "PLG")

#: the kinds each family reads (RULES.md headings)
KINDS = {
    "MTG": {"party_orgs", "meetings"},
    "DUL": {"dual_life"},
    "EXP": {"expenditures"},
    "APT": {"appointments"},
    "AST": {"assets"},
    "RWD": {"rewards"},
}

BUILTINS = build_registry(builtins_only=True)


def test_every_catalog_code_is_built_in() -> None:
    assert set(BUILTINS.rules) == set(CATALOG)


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_name_severity_texts(code: str) -> None:
    rule = BUILTINS.rules[code]
    name, severity = CATALOG[code]
    assert (rule.name, rule.severity.value) == (name, severity)
    assert rule.citation.strip(), f"{code} has no citation"
    for field in ("title", "message", "remedy"):
        texts = getattr(rule, field)
        assert texts.get("zh") and texts.get("en"), f"{code} needs {field} in zh and en"
    if not code.startswith(("DAT", "CFG")):
        if not code.startswith(ENGINE_JUDGED):
            assert code in BUILTINS.checks, f"{code} has no check"
        assert rule.examples.get("pass") and rule.examples.get("fail"), f"{code} examples"
    family = code[:3]
    if family in KINDS:
        assert set(rule.kinds) == KINDS[family]


@pytest.mark.parametrize("code", sorted(c for c in CATALOG if not c.startswith(("DAT", "CFG"))))
def test_rules_code_explains_with_examples(code: str, registry: Registry) -> None:
    status, out, _ = cli_no_traceback("rules", code, "--no-plugins")
    assert status == 0
    assert out.startswith(f"{code} {CATALOG[code][0]}")
    assert "citation: " in out and "remedy:" in out
    assert "example (pass):" in out and "example (fail):" in out
    status, out, _ = cli_no_traceback("rules", code, "--no-plugins", "--lang", "en")
    assert status == 0 and "remedy:" in out


def test_rules_lists_every_code() -> None:
    status, out, _ = cli_no_traceback("rules", "--no-plugins")
    assert status == 0
    listed = {line.split()[0] for line in out.splitlines()[1:] if line.strip()}
    assert set(CATALOG) <= listed
