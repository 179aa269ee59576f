"""The translation memory: one SQLite file of earlier decisions (source, draft, final, job, time), indexed.

Each unit is keyed by its normalised source (or its draft when it has none) through a 64-bit hash; the
words of that key go into an inverted index (`terms`) with per-word counts, so a fuzzy lookup scores only
the few units that share the query's rarest words. Writes happen in one transaction per call; reads never
load the memory into RAM, so a memory of millions of sentences opens at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from mtedit.errors import InputError, StoreError
from mtedit.memory.normalize import key_hash, normalize, terms

FORMAT = "mtedit-memory 1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY, side TEXT NOT NULL, key_hash INTEGER NOT NULL, draft_hash INTEGER,
    source TEXT, draft TEXT, target TEXT NOT NULL, origin TEXT NOT NULL, job INTEGER, idx INTEGER,
    at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS units_key ON units (key_hash);
CREATE INDEX IF NOT EXISTS units_draft ON units (draft_hash);
CREATE UNIQUE INDEX IF NOT EXISTS units_decision ON units (origin, job, idx) WHERE job IS NOT NULL;
CREATE TABLE IF NOT EXISTS terms (term INTEGER NOT NULL, unit INTEGER NOT NULL, PRIMARY KEY (term, unit))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS term_counts (term INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (store TEXT PRIMARY KEY, last_event INTEGER NOT NULL);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Unit:
    """One remembered decision: what the editor settled on (`target`) for a source and/or a draft."""

    target: str
    source: str | None = None
    draft: str | None = None
    origin: str = ""
    job: int | None = None
    index: int | None = None
    at: str = ""

    @property
    def side(self) -> str:
        return "source" if (self.source or "").strip() else "draft"

    @property
    def key(self) -> str:
        return normalize(self.source if self.side == "source" else self.draft or "")


@dataclass(frozen=True)
class MemoryStats:
    """What a memory holds."""

    units: int
    with_source: int
    distinct_keys: int
    jobs: int
    imported: int
    terms: int
    bytes: int


class TranslationMemory:
    """The memory at `path`, created when missing; a read-only file opens for lookups only."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        exists = self.path.exists()
        self.writable = not exists or os.access(self.path, os.W_OK)
        try:
            if not exists:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if tables and "units" not in tables:
                    raise InputError(f"{self.path} is an SQLite file but not an mtedit memory; pass --memory a"
                                     " memory file (or a new path to start one)")
                if not tables:  # one script: created whole or not at all
                    con.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}INSERT OR IGNORE INTO meta VALUES ('format',"
                                      f" '{FORMAT}');COMMIT;")
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise InputError(f"{self.path} is not an mtedit memory (not an SQLite file); pass --memory a memory"
                                 " file, or a new path to start one") from None
            raise StoreError(f"cannot open memory {self.path} ({exc}); pass --memory PATH to a readable file") from None
        except OSError as exc:
            raise StoreError(f"cannot create memory {self.path} ({exc}); pass --memory PATH in a writable folder") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self.writable:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        else:
            con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30,
                                  isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            yield con
        finally:
            con.close()

    @staticmethod
    @contextmanager
    def _transaction(con: sqlite3.Connection) -> Iterator[None]:
        con.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; StoreError (nothing written) when the memory is read-only."""
        if not self.writable:
            raise StoreError(f"memory {self.path} is read-only; make it writable (chmod u+w) or pass --memory"
                             " another file")
        try:
            with self._connect() as con:
                con.execute("PRAGMA cache_size = -131072")  # up to 128 MB: a large import keeps its index pages
                with self._transaction(con):
                    yield con
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write memory {self.path} ({exc}); check the file and its folder are"
                             " writable") from None

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for lookups."""
        with self._connect() as con:
            yield con

    # ---- writing ----------------------------------------------------------------------------
    def add(self, units: Iterable[Unit], batch: int = 5000) -> int:
        """Store units in one transaction (an error while `units` is read adds none); a decision already stored
        for the same origin, job and index is replaced. Returns how many were stored."""
        count = 0
        with self.write() as con:
            chunk: list[Unit] = []
            for unit in units:
                if not unit.target.strip() or not unit.key:
                    continue
                chunk.append(unit)
                if len(chunk) >= batch:
                    count += self._add_chunk(con, chunk)
                    chunk = []
            if chunk:
                count += self._add_chunk(con, chunk)
        return count

    def _add_chunk(self, con: sqlite3.Connection, chunk: list[Unit]) -> int:
        counts: Counter[int] = Counter()
        for unit in chunk:
            if unit.job is not None:
                self._remove(con, unit.origin, unit.job, unit.index)
            key = unit.key
            draft_hash = key_hash(normalize(unit.draft)) if unit.draft else None
            cur = con.execute(
                "INSERT INTO units (side, key_hash, draft_hash, source, draft, target, origin, job, idx, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (unit.side, key_hash(key), draft_hash, unit.source, unit.draft, unit.target, unit.origin,
                 unit.job, unit.index, unit.at or now()))
            words = terms(key, unit.side)
            con.executemany("INSERT OR IGNORE INTO terms VALUES (?, ?)", ((t, cur.lastrowid) for t in words))
            counts.update(words)
        con.executemany("INSERT INTO term_counts VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
                        counts.items())
        return len(chunk)

    def forget(self, origin: str, job: int, index: int) -> None:
        """Drop the decision on sentence `index` of `job` (it was reverted to pending)."""
        with self.write() as con:
            self._remove(con, origin, job, index)

    @staticmethod
    def _remove(con: sqlite3.Connection, origin: str, job: int, index: int | None) -> None:
        row = con.execute("SELECT id, side, source, draft FROM units WHERE origin = ? AND job = ? AND idx = ?",
                          (origin, job, index)).fetchone()
        if row is None:
            return
        words = terms(normalize(row["source"] if row["side"] == "source" else row["draft"]), row["side"])
        con.executemany("DELETE FROM terms WHERE term = ? AND unit = ?", ((t, row["id"]) for t in words))
        con.executemany("UPDATE term_counts SET n = n - 1 WHERE term = ?", ((t,) for t in words))
        con.execute("DELETE FROM units WHERE id = ?", (row["id"],))

    # ---- reading ----------------------------------------------------------------------------
    def units(self, only_decisions: bool = False) -> Iterator[Unit]:
        """Every unit, oldest first, streamed (never all in memory)."""
        sql = "SELECT source, draft, target, origin, job, idx, at FROM units"
        sql += " WHERE job IS NOT NULL ORDER BY id" if only_decisions else " ORDER BY id"
        with self.read() as con:
            for r in con.execute(sql):
                yield Unit(r["target"], r["source"], r["draft"], r["origin"], r["job"], r["idx"], r["at"])

    def stats(self) -> MemoryStats:
        with self.read() as con:
            units, with_source, jobs, imported = con.execute(
                "SELECT COUNT(*), COALESCE(SUM(side = 'source'), 0), COUNT(DISTINCT origin || ':' || job),"
                " COALESCE(SUM(job IS NULL), 0) FROM units").fetchone()
            distinct = con.execute("SELECT COUNT(DISTINCT key_hash) FROM units").fetchone()[0]
            term_count = con.execute("SELECT COUNT(*) FROM term_counts WHERE n > 0").fetchone()[0]
        return MemoryStats(units, with_source, distinct, jobs, imported, term_count, self.path.stat().st_size)
