"""The review store's SQLite file: its schema, the migration of older stores, connections and transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mtedit.errors import StoreError

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created TEXT NOT NULL,
    engine TEXT NOT NULL, signature TEXT NOT NULL, source_lang TEXT, target_lang TEXT,
    format TEXT, total INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'running', original BLOB);
CREATE TABLE IF NOT EXISTS segments (
    job INTEGER NOT NULL REFERENCES jobs(id), idx INTEGER NOT NULL, seg_id TEXT NOT NULL,
    paragraph INTEGER NOT NULL, source TEXT, draft TEXT NOT NULL, reference TEXT,
    proposal TEXT NOT NULL, fix TEXT NOT NULL, changed INTEGER NOT NULL, reason TEXT NOT NULL,
    draft_score REAL, fix_score REAL, scores TEXT NOT NULL, flags TEXT NOT NULL, risk REAL NOT NULL,
    diff TEXT NOT NULL, signature TEXT NOT NULL, repairs TEXT, PRIMARY KEY (job, idx));
CREATE TABLE IF NOT EXISTS decisions (
    job INTEGER NOT NULL, idx INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'pending', final TEXT,
    version INTEGER NOT NULL DEFAULT 0, updated_at TEXT, seconds REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (job, idx), FOREIGN KEY (job, idx) REFERENCES segments(job, idx));
CREATE TABLE IF NOT EXISTS alternatives (
    job INTEGER NOT NULL, idx INTEGER NOT NULL, texts TEXT NOT NULL, PRIMARY KEY (job, idx));
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, job INTEGER NOT NULL, idx INTEGER NOT NULL,
    action TEXT NOT NULL, status TEXT NOT NULL, final TEXT, version INTEGER NOT NULL,
    seconds REAL NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segment_memory (
    job INTEGER NOT NULL, idx INTEGER NOT NULL, match TEXT NOT NULL, PRIMARY KEY (job, idx));
"""


def migrate(con: sqlite3.Connection) -> None:
    """Bring a store made by an older version up to the schema: jobs.original (the uploaded file),
    segments.repairs, and jobs.owner / jobs.heartbeat (the process computing a running job, and when it
    last said so) added."""
    for table, column, kind in (("jobs", "original", "BLOB"), ("segments", "repairs", "TEXT"),
                                ("jobs", "owner", "TEXT"), ("jobs", "heartbeat", "REAL")):
        if column in {r["name"] for r in con.execute(f"PRAGMA table_info({table})")}:
            continue
        try:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        except sqlite3.OperationalError as exc:  # another process added it meanwhile
            if "duplicate column" not in str(exc):
                raise


class SqliteStore:
    """A store file at `path` with the current schema (created with its folder when missing); every call opens
    its own connection."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute("PRAGMA journal_mode=WAL")
                con.executescript(SCHEMA)
                migrate(con)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open review store {self.path} ({exc}); pass --store PATH to a writable file") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: committed on success, rolled back on any error."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
