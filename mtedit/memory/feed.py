"""Feeding the memory from the review store, which stays the one owner of decisions.

Each feed reads the store's decision events after the last one this memory has seen: a sentence approved,
edited or kept becomes (or replaces) a unit; one reverted to pending is forgotten; one carried over from an
earlier job adds nothing (the memory already has the decision it came from).
"""

from __future__ import annotations

from pathlib import Path

from mtedit.memory.db import TranslationMemory, Unit
from mtedit.store import ReviewStore

#: Decision statuses the memory learns from: the editor's approved fix, own edit, or the draft judged right.
REMEMBERED = ("approved", "edited", "kept")


def store_origin(store_path: Path) -> str:
    """How units fed from a review store name their origin: the store's file name."""
    return f"store:{Path(store_path).name}"


def feed(memory: TranslationMemory, store: ReviewStore) -> int:
    """Bring `memory` up to date with the decisions in `store`; returns how many units were added or replaced."""
    key = str(store.path.resolve())
    with memory.read() as con:
        row = con.execute("SELECT last_event FROM feeds WHERE store = ?", (key,)).fetchone()
    last, decided = store.decided_since(row[0] if row else 0)
    if row is not None and last == row[0]:
        return 0
    origin = store_origin(store.path)
    units = []
    for d in decided:
        if d.action == "carry":
            continue
        if d.status in REMEMBERED and d.final:
            units.append(Unit(d.final, d.source, d.draft, origin, d.job, d.index, d.at))
        else:
            memory.forget(origin, d.job, d.index)
    added = memory.add(units)
    with memory.write() as con:
        con.execute("INSERT INTO feeds VALUES (?, ?) ON CONFLICT(store) DO UPDATE SET last_event = excluded.last_event",
                    (key, last))
    return added
