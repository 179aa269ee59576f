"""The repair stage: check findings turned into edits of the flagged spans, kept only when the checks agree.

`repair_text` gathers the edits of every kind for one text, applies those that do not overlap, and re-runs
the checks: the repaired text must have fewer flags and none the text lacked (compared by kind), else each
edit is tried alone and only the ones that pass on their own are kept. Precision first: an edit that cannot
be verified is dropped and its flag stays for the editor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mtedit.checks import Glossary, check
from mtedit.repair.dates import date_edits
from mtedit.repair.edits import Edit, apply_edits, non_overlapping
from mtedit.repair.glossary import glossary_edits
from mtedit.repair.names import name_edits
from mtedit.repair.numbers import number_edits
from mtedit.repair.style import DEFAULT_DATELINE, style_edits
from mtedit.types import Flag, Repair

KINDS = ("number", "name", "credit", "hygiene", "glossary")


@dataclass(frozen=True)
class RepairOptions:
    """Whether repairs run, and the desk's dateline style ({CITY}, {city}, {AGENCY})."""

    enabled: bool = True
    dateline: str = DEFAULT_DATELINE


@dataclass(frozen=True)
class Repaired:
    """A text after the repair stage: the new text, its repairs (spans index it) and its check flags."""

    text: str
    repairs: tuple[Repair, ...]
    flags: tuple[Flag, ...]


def _edits(source: str | None, text: str, flags: Sequence[Flag], glossary: Glossary | None,
           options: RepairOptions) -> list[Edit]:
    return non_overlapping([*number_edits(source, text, flags), *date_edits(source, text, flags),
                            *name_edits(source, text, flags),
                            *style_edits(source, text, flags, options.dateline),
                            *glossary_edits(source, text, flags, glossary)])


_RANK = {"error": 2, "warning": 1}


def better(before: Sequence[Flag], after: Sequence[Flag]) -> bool:
    """Fewer flags, and no kind more often than before at any severity or above (an error that became a
    warning is no new flag)."""
    def at_least(flags: Sequence[Flag]) -> Counter:
        return Counter((f.kind, rank) for f in flags for rank in range(_RANK.get(f.severity, 0) + 1))

    return len(after) < len(before) and not at_least(after) - at_least(before)


def repair_text(source: str | None, text: str, flags: Sequence[Flag], side: Literal["draft", "fix"] = "draft",
                glossary: Glossary | None = None, options: RepairOptions = RepairOptions()) -> Repaired:
    """Repair the flagged spans of `text` (whose check flags are `flags`); see the module docstring."""
    flags = tuple(flags)
    if not options.enabled:
        return Repaired(text, (), flags)
    src = source if source and source.strip() else None
    edits = _edits(src, text, flags, glossary, options)
    if not edits:
        return Repaired(text, (), flags)

    def attempt(group: Sequence[Edit]) -> Repaired | None:
        new_text, repairs = apply_edits(text, group)
        new_flags = check(src, new_text, side, glossary)
        return Repaired(new_text, repairs, new_flags) if better(flags, new_flags) else None

    if (whole := attempt(edits)) is not None:
        return whole
    kept = [e for e in edits if len(edits) > 1 and attempt([e]) is not None]
    return (attempt(kept) if kept else None) or Repaired(text, (), flags)


def repair_reason(repairs: Sequence[Repair]) -> str:
    """`repair:number,name`: the kinds of repair in a fix, in a fixed order."""
    kinds = {r.kind for r in repairs}
    return "repair:" + ",".join(k for k in KINDS if k in kinds)
