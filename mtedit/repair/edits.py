"""Edits of flagged spans and how they are applied: non-overlapping, right to left, spans kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mtedit.types import Flag, Repair, Span


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `after`, to resolve `flag`; `kind` names the repair family."""

    start: int
    end: int
    after: str
    kind: str
    flag: Flag


def non_overlapping(edits: Sequence[Edit]) -> list[Edit]:
    """Edits in text order; where two touch the same characters neither is kept (no guessing which is right),
    unless one lies inside another of its kind (a dateline rewritten whole covers its agency's case)."""
    unique = {(e.start, e.end, e.after): e for e in reversed(edits)}  # the same edit twice counts once
    inner = {k for k, e in unique.items() for o in unique.values()
             if o is not e and o.kind == e.kind and o.start <= e.start and e.end <= o.end}
    ordered = sorted((e for k, e in unique.items() if k not in inner), key=lambda e: (e.start, e.end))
    clash = set()
    for i in range(len(ordered) - 1):
        if ordered[i + 1].start < ordered[i].end:
            clash.update({i, i + 1})
    return [e for i, e in enumerate(ordered) if i not in clash]


def apply_edits(text: str, edits: Sequence[Edit]) -> tuple[str, tuple[Repair, ...]]:
    """`text` with non-overlapping `edits` applied, and one Repair per edit with its span in the result."""
    parts: list[str] = []
    repairs: list[Repair] = []
    pos = shift = 0
    for e in sorted(edits, key=lambda e: e.start):
        parts += [text[pos:e.start], e.after]
        start = e.start + shift
        repairs.append(Repair(e.kind, text[e.start:e.end], e.after, Span(e.start, e.end),
                              Span(start, start + len(e.after)), e.flag.kind, e.flag.message))
        shift += len(e.after) - (e.end - e.start)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), tuple(repairs)


def quoted(message: str, index: int = 0) -> str | None:
    """The `index`-th 'quoted' part of a flag message, or None."""
    parts = message.split("'")
    return parts[2 * index + 1] if len(parts) > 2 * index + 2 else None
