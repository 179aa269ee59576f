"""Repairs on the review page: each repair inside the fix is marked like a flag span, with its reason on hover."""

from __future__ import annotations

from collections.abc import Sequence

from mtedit.types import Flag, SegmentResult

REPAIR_KIND = "repair"
CSS = "mark.mt-repair {border-bottom:2px solid #06c; background:rgba(0,120,255,.16); color:inherit; cursor:help}\n"


def repair_flags(res: SegmentResult) -> list[Flag]:
    """The repairs of a changed result as fix-side marks of kind 'repair' (they are not check findings)."""
    if not res.changed:
        return []
    return [Flag(REPAIR_KIND, "warning", f"{r.kind}: '{r.before}' -> '{r.after}' ({r.message})", "fix", r.span_after)
            for r in res.repairs]


def mark_class(flags: Sequence[Flag]) -> str:
    """The <mark> classes for a word's flags: a repair alone is blue, a check flag keeps its colour."""
    checks = [f for f in flags if f.kind != REPAIR_KIND]
    if not checks:
        return "mt-repair"
    severity = "error" if any(f.severity == "error" for f in checks) else "warning"
    repaired = " mt-repair" if len(checks) < len(flags) else ""
    return f"mt-span mt-span-{severity}{repaired}"
