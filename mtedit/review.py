"""What a reviewed sentence stands for: whether an editor decided it, and the check flags of its text now.

The checks run again on the editor's own text (an edit, a taken suggestion), so a corrected number no longer
carries the flag of the number it replaced. Exports mark as final only what an editor decided.
"""

from __future__ import annotations

from mtedit.checks import Glossary, check
from mtedit.store import ReviewRow
from mtedit.types import Flag

#: statuses an editor chose: the sentence's text is final
DECIDED = ("approved", "kept", "edited", "took")


def is_decided(row: ReviewRow) -> bool:
    return row.status in DECIDED


def current_flags(row: ReviewRow, glossary: Glossary | None = None) -> tuple[Flag, ...]:
    """The flags of the sentence's text now: the editor's final (checked again), else the fix."""
    res = row.result
    if row.final is None or row.final == res.fix:
        side = "fix" if res.changed else "draft"
        own = tuple(f for f in res.flags if f.side == side or (side == "fix" and f.kind == "alignment"))
        return own if res.changed else res.flags
    if row.final == res.segment.draft:
        return tuple(f for f in res.flags if f.side == "draft")
    return check(res.segment.source, row.final, "fix", glossary)


def has_open_error(row: ReviewRow, glossary: Glossary | None = None) -> bool:
    """Whether the sentence's text now has an error-severity flag."""
    return any(f.severity == "error" for f in current_flags(row, glossary))
