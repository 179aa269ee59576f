"""Exact and fuzzy lookups of a segment in the translation memory.

Exact: the same normalised source (or, without a source, the same normalised draft); the latest decision
wins. Fuzzy: rapidfuzz's ratio (normalised Indel similarity, 0-100) on the same side, scored only on the
units that share most of the query's rarest words (from the inverted index), best one at or above the
threshold.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from rapidfuzz import fuzz

from mtedit.memory.normalize import key_hash, normalize, terms
from mtedit.types import MemoryMatch, Segment

DEFAULT_THRESHOLD = 75.0
RARE_TERMS = 8  # at most this many of the query's rarest words select candidates...
POSTINGS_BUDGET = 50_000  # ...and, after the rarest one, only while their units add up to no more than this
MAX_POSTINGS = 200_000  # a word on more units than this selects nothing useful (que, de, el, ...)
CANDIDATES = 64  # units sharing the most of those words are scored


@dataclass(frozen=True)
class Query:
    """What a segment is looked up by: its side and normalised key."""

    side: str
    key: str

    @classmethod
    def of(cls, segment: Segment) -> Query:
        if (segment.source or "").strip():
            return cls("source", normalize(segment.source or ""))
        return cls("draft", normalize(segment.draft))


def _match(row: sqlite3.Row, kind: str, score: float, side: str) -> MemoryMatch:
    return MemoryMatch(kind=kind, score=round(score, 1), side=side, target=row["target"],  # type: ignore[arg-type]
                       source=row["source"], draft=row["draft"], job=row["job"], at=row["at"], origin=row["origin"])


_COLUMNS = "id, side, source, draft, target, origin, job, at"


def exact(con: sqlite3.Connection, query: Query) -> MemoryMatch | None:
    """The latest unit with the same key on the query's side (a draft query also finds units with a source)."""
    column = "key_hash" if query.side == "source" else "draft_hash"
    rows = con.execute(f"SELECT {_COLUMNS} FROM units WHERE {column} = ? ORDER BY at DESC, id DESC LIMIT 50",
                       (key_hash(query.key),)).fetchall()
    for row in rows:
        text = row["source"] if query.side == "source" else row["draft"]
        if text is not None and normalize(text) == query.key:
            return _match(row, "exact", 100.0, query.side)
    return None


def _candidates(con: sqlite3.Connection, query: Query) -> list[int]:
    words = list(terms(query.key, query.side))
    if not words:
        return []
    marks = ",".join("?" * len(words))
    counts = {r[0]: r[1] for r in con.execute(f"SELECT term, n FROM term_counts WHERE term IN ({marks}) AND n > 0",
                                              words)}
    chosen: list[int] = []
    postings = 0
    for n, term in sorted((n, t) for t, n in counts.items() if n <= MAX_POSTINGS):
        if len(chosen) >= RARE_TERMS or (chosen and postings + n > POSTINGS_BUDGET):
            break
        chosen.append(term)
        postings += n
    if not chosen:
        return []
    marks = ",".join("?" * len(chosen))
    return [r[0] for r in con.execute(f"SELECT unit FROM terms WHERE term IN ({marks}) GROUP BY unit"
                                      f" ORDER BY COUNT(*) DESC LIMIT {CANDIDATES}", chosen)]


def fuzzy(con: sqlite3.Connection, query: Query, threshold: float = DEFAULT_THRESHOLD) -> MemoryMatch | None:
    """The most similar unit on the query's side with similarity >= `threshold` (ties: the latest)."""
    units = _candidates(con, query)
    if not units:
        return None
    marks = ",".join("?" * len(units))
    rows = con.execute(f"SELECT {_COLUMNS} FROM units WHERE id IN ({marks}) AND side = ?", [*units, query.side])
    best: tuple[float, str, int] | None = None
    found = None
    for row in rows:
        text = row["source"] if query.side == "source" else row["draft"]
        score = fuzz.ratio(query.key, normalize(text or ""), score_cutoff=threshold)
        if score and (best is None or (score, row["at"], row["id"]) > best):
            best, found = (score, row["at"], row["id"]), row
    return _match(found, "fuzzy", best[0], query.side) if found is not None and best is not None else None


def lookup(con: sqlite3.Connection, segment: Segment, threshold: float = DEFAULT_THRESHOLD) -> MemoryMatch | None:
    """The exact match of `segment`, else its best fuzzy match, else None."""
    query = Query.of(segment)
    if not query.key:
        return None
    return exact(con, query) or fuzzy(con, query, threshold)
