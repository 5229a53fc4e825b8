"""Words every report format uses for the workflow around a check: run-to-run status
(``--compare``), waived violations (``--waivers``) and the run manifest (no rich here)."""

from __future__ import annotations

from rectikit.engine.delta import DeltaEntry
from rectikit.engine.result import CheckResult, WaivedViolation
from rectikit.model.violation import Violation

STATUS_LABELS = {
    "zh": {"new": "新增", "persisting": "持续", "regressed": "复发", "resolved": "已解决"},
    "en": {
        "new": "new",
        "persisting": "persisting",
        "regressed": "regressed",
        "resolved": "resolved",
    },
}


def status_label(status: str, lang: str = "zh") -> str:
    """``persisting`` as users read it (``持续``)."""
    return STATUS_LABELS.get(lang, STATUS_LABELS["zh"]).get(status, status)


def delta_text(entry: DeltaEntry | None, lang: str = "zh") -> str:
    """``新增``, ``持续 61 天``, ``复发（首次 2023-10-31）`` — ``""`` without a comparison."""
    if entry is None:
        return ""
    label = status_label(entry.status, lang)
    if entry.status == "new":
        return label
    if lang == "en":
        return f"{label}, {entry.age_days} days (first seen {entry.first_seen.isoformat()})"
    return f"{label} {entry.age_days} 天（首次 {entry.first_seen.isoformat()}）"


def delta_of(result: CheckResult, violation: Violation) -> DeltaEntry | None:
    """The violation's comparison entry, when the run was compared."""
    return result.delta.of(violation) if result.delta is not None else None


def waiver_text(item: WaivedViolation, lang: str = "zh") -> str:
    """``已豁免：原因（批准：工委书记，有效期至 2024-06-30）``."""
    until = item.expiry.isoformat() if item.expiry else ("长期" if lang == "zh" else "no end")
    if lang == "en":
        return f"waived: {item.reason} (approved by {item.approver}, until {until})"
    return f"已豁免：{item.reason}（批准：{item.approver}，有效期至 {until}）"


def delta_summary(result: CheckResult, lang: str = "zh") -> str:
    """``与 prev.json（2023-10-31）相比：新增 10，持续 27，复发 0，已解决 1``."""
    if result.delta is None:
        return ""
    counts = result.delta.counts()
    parts = [f"{status_label(s, lang)} {n}" for s, n in counts.items()]
    delta = result.delta
    if lang == "en":
        return f"compared with {delta.previous} ({delta.previous_as_of.isoformat()}): " + ", ".join(
            parts
        )
    return f"与 {delta.previous}（{delta.previous_as_of.isoformat()}）相比：" + "，".join(parts)
