"""SQLite review store: jobs, their segment results, the editor's decisions and an append-only event log.

Every call opens its own connection (safe across threads and processes) and commits before returning,
so a crash or a restart loses nothing that was already reported back. Decisions carry a version: a
write that names an out-of-date version raises ConflictError instead of overwriting another tab's work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from mtedit.editlog import read_repair, repair_record
from mtedit.errors import ConflictError, InputError, StoreError
from mtedit.types import DiffOp, Document, Flag, GateVerdict, MemoryMatch, Segment, SegmentResult, Span

Action = Literal["approve", "keep", "edit", "take"]
Status = Literal["pending", "approved", "kept", "edited", "took", "furniture"]
#: take: the editor took one of the suggestions word for word (its text is given, like an edit's)
ACTIONS: dict[str, str] = {"approve": "approved", "keep": "kept", "edit": "edited", "take": "took"}
STATUSES = ("pending", "approved", "kept", "edited", "took", "furniture")
MAX_EDIT_CHARS = 20_000  # as a line of an input file: a longer "sentence" slows every view of its job

_SCHEMA = """
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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class JobInfo:
    """One job as listed: what ran on what, and how far review has got."""

    id: int
    name: str
    created: str
    engine: str
    signature: str
    source_lang: str
    target_lang: str
    format: str
    total: int
    status: str
    stored: int = 0
    pending: int = 0


@dataclass(frozen=True)
class ReviewRow:
    """One stored segment result plus the editor's current decision on it."""

    index: int
    result: SegmentResult
    status: str = "pending"
    final: str | None = None
    version: int = 0
    updated_at: str | None = None
    seconds: float = 0.0

    @property
    def flagged(self) -> bool:
        return bool(self.result.flags)

    @property
    def text(self) -> str:
        """The text this sentence has now: the editor's final, else the draft (nothing approved yet)."""
        return self.final if self.final is not None else self.result.segment.draft


@dataclass(frozen=True)
class Job:
    """A job with all its rows in reading order."""

    info: JobInfo
    rows: tuple[ReviewRow, ...]
    original: bytes | None = field(default=None, compare=False, repr=False)  # the uploaded file, for XLIFF


@dataclass(frozen=True)
class Event:
    """One entry of the append-only decision log."""

    job: int
    index: int
    action: str
    status: str
    final: str | None
    version: int
    seconds: float
    at: str


def _flag(data: dict[str, Any]) -> Flag:
    span = data.get("span")
    return Flag(kind=data["kind"], severity=data["severity"], message=data["message"],
                side=data.get("side", "fix"), span=Span(**span) if span else None)


def _row(r: sqlite3.Row) -> ReviewRow:
    seg = Segment(id=r["seg_id"], draft=r["draft"], source=r["source"], reference=r["reference"],
                  paragraph=r["paragraph"])
    result = SegmentResult(
        segment=seg, proposal=r["proposal"], fix=r["fix"], changed=bool(r["changed"]),
        verdict=GateVerdict(accepted=bool(r["changed"]), reason=r["reason"],
                            draft_score=r["draft_score"], fix_score=r["fix_score"]),
        signature=r["signature"], flags=tuple(_flag(f) for f in json.loads(r["flags"])), risk=r["risk"],
        diff=tuple(DiffOp(*op) for op in json.loads(r["diff"])), scores=json.loads(r["scores"]),
        memory=MemoryMatch(**json.loads(r["memory"])) if r["memory"] else None,
        repairs=tuple(read_repair(x) for x in json.loads(r["repairs"] or "[]")),
        alternatives=tuple(json.loads(r["alternatives"])) if r["alternatives"] else (),
    )
    return ReviewRow(index=r["idx"], result=result, status=r["status"], final=r["final"],
                     version=r["version"], updated_at=r["updated_at"], seconds=r["seconds"])


def _info(r: sqlite3.Row) -> JobInfo:
    return JobInfo(**{k: r[k] for k in r.keys()})


def _migrate(con: sqlite3.Connection) -> None:
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


class ReviewStore:
    """The review store at `path` (created with its folder when missing)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute("PRAGMA journal_mode=WAL")
                con.executescript(_SCHEMA)
                _migrate(con)
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

    # ---- jobs and results -------------------------------------------------------------------
    def create_job(self, document: Document, engine_name: str, signature: str) -> int:
        """Register a job for `document` before any result exists; returns its id."""
        if not document.segments:
            raise InputError(f"{document.name}: no sentences to review; paste or upload a non-empty draft")
        with self._write() as con:
            cur = con.execute(
                "INSERT INTO jobs (name, created, engine, signature, source_lang, target_lang, format, total,"
                " original) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document.name, _now(), engine_name, signature, document.source_lang, document.target_lang,
                 document.format, len(document.segments), document.original),
            )
            return int(cur.lastrowid or 0)

    def add_results(self, job_id: int, results: Iterable[SegmentResult], start: int | None = None) -> int:
        """Store finished results (indexes continue after those stored, or from `start`); returns how many."""
        self._require(job_id)
        with self._write() as con:
            index = start if start is not None else con.execute(
                "SELECT COUNT(*) FROM segments WHERE job = ?", (job_id,)).fetchone()[0]
            count = 0
            for res in results:
                seg = res.segment
                con.execute(
                    "INSERT INTO segments (job, idx, seg_id, paragraph, source, draft, reference, proposal, fix, changed,"
                    " reason, draft_score, fix_score, scores, flags, risk, diff, signature, repairs)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (job_id, index, seg.id, seg.paragraph, seg.source, seg.draft, seg.reference, res.proposal,
                     res.fix, int(res.changed), res.verdict.reason, res.verdict.draft_score, res.verdict.fix_score,
                     json.dumps(res.scores), json.dumps([asdict(f) for f in res.flags], ensure_ascii=False),
                     res.risk, json.dumps([[op.tag, op.draft, op.fix] for op in res.diff], ensure_ascii=False),
                     res.signature, json.dumps([repair_record(r) for r in res.repairs], ensure_ascii=False)),
                )
                con.execute("INSERT INTO decisions (job, idx) VALUES (?, ?)", (job_id, index))
                if res.memory is not None:
                    con.execute("INSERT INTO segment_memory VALUES (?, ?, ?)",
                                (job_id, index, json.dumps(asdict(res.memory), ensure_ascii=False)))
                if res.alternatives:
                    con.execute("INSERT INTO alternatives VALUES (?, ?, ?)",
                                (job_id, index, json.dumps(list(res.alternatives), ensure_ascii=False)))
                index += 1
                count += 1
            return count

    def finish_job(self, job_id: int) -> None:
        """Mark a job done (all results stored)."""
        with self._write() as con:
            con.execute("UPDATE jobs SET status = 'done' WHERE id = ?", (job_id,))

    _JOB_SQL = (
        "SELECT j.id, j.name, j.created, j.engine, j.signature, j.source_lang, j.target_lang, j.format, j.total,"
        " j.status, (SELECT COUNT(*) FROM segments s WHERE s.job = j.id) AS stored,"
        " (SELECT COUNT(*) FROM decisions d WHERE d.job = j.id AND d.status = 'pending') AS pending FROM jobs j"
    )

    def list_jobs(self) -> list[JobInfo]:
        """All jobs, newest first."""
        with self._connect() as con:
            return [_info(r) for r in con.execute(self._JOB_SQL + " ORDER BY j.id DESC")]

    def job_info(self, job_id: int) -> JobInfo:
        """One job's listing; StoreError when there is no such job."""
        with self._connect() as con:
            r = con.execute(self._JOB_SQL + " WHERE j.id = ?", (job_id,)).fetchone()
        if r is None:
            raise StoreError(f"no job {job_id} in {self.path}; `mtedit jobs` lists the stored jobs")
        return _info(r)

    def _require(self, job_id: int) -> None:
        self.job_info(job_id)

    def load_job(self, job_id: int) -> Job:
        """A job with every stored row and decision, in reading order."""
        info = self.job_info(job_id)
        with self._connect() as con:
            rows = con.execute(
                "SELECT s.*, d.status, d.final, d.version, d.updated_at, d.seconds, m.match AS memory,"
                " a.texts AS alternatives FROM segments s JOIN decisions d ON d.job = s.job AND d.idx = s.idx"
                " LEFT JOIN segment_memory m ON m.job = s.job AND m.idx = s.idx"
                " LEFT JOIN alternatives a ON a.job = s.job AND a.idx = s.idx WHERE s.job = ? ORDER BY s.idx",
                (job_id,),
            ).fetchall()
            original = con.execute("SELECT original FROM jobs WHERE id = ?", (job_id,)).fetchone()[0]
        return Job(info=info, rows=tuple(_row(r) for r in rows), original=original)

    # ---- decisions --------------------------------------------------------------------------
    def _update(self, con: sqlite3.Connection, job_id: int, index: int, action: str, status: str,
                final: str | None, expected_version: int | None, seconds: float) -> int:
        row = con.execute("SELECT version FROM decisions WHERE job = ? AND idx = ?", (job_id, index)).fetchone()
        if row is None:
            raise StoreError(f"job {job_id} has no sentence {index}; reload the job")
        if expected_version is not None and row["version"] != expected_version:
            raise ConflictError(
                f"sentence {index + 1} of job {job_id} was changed elsewhere (version {row['version']}, "
                f"you had {expected_version}); reload to see the newer decision")
        version, at, secs = row["version"] + 1, _now(), max(0.0, float(seconds))
        con.execute("UPDATE decisions SET status = ?, final = ?, version = ?, updated_at = ?, seconds = seconds + ?"
                    " WHERE job = ? AND idx = ?", (status, final, version, at, secs, job_id, index))
        con.execute("INSERT INTO events (job, idx, action, status, final, version, seconds, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (job_id, index, action, status, final, version, secs, at))
        return version

    def decide(self, job_id: int, index: int, action: str, text: str | None = None, *,
               expected_version: int | None = None, seconds: float = 0.0) -> int:
        """Record approve (the fix), keep (the draft) or edit (`text`); returns the new version.

        `expected_version` is the version the caller last saw (None skips the check); `seconds` is
        the time spent on the sentence, added to its total.
        """
        if action not in ACTIONS:
            raise InputError(f"unknown action {action!r}; use one of {sorted(ACTIONS)} (or revert)")
        with self._write() as con:
            seg = con.execute("SELECT draft, fix FROM segments WHERE job = ? AND idx = ?", (job_id, index)).fetchone()
            if seg is None:
                raise StoreError(f"job {job_id} has no sentence {index}; reload the job")
            if action in ("edit", "take"):
                final = " ".join((text or "").split())
                if not final:
                    raise InputError("an edit needs the editor's text; type it, or keep the draft instead")
                if len(final) > MAX_EDIT_CHARS:
                    raise InputError(f"an edit of {len(final):,} characters is longer than any sentence (limit"
                                     f" {MAX_EDIT_CHARS:,}); type the sentence itself")
            else:
                final = seg["fix"] if action == "approve" else seg["draft"]
            status = "kept" if action == "approve" and seg["fix"] == seg["draft"] else ACTIONS[action]
            return self._update(con, job_id, index, action, status, final, expected_version, seconds)

    def revert(self, job_id: int, index: int, *, expected_version: int | None = None, seconds: float = 0.0) -> int:
        """Put a sentence back to pending; returns the new version."""
        with self._write() as con:
            return self._update(con, job_id, index, "revert", "pending", None, expected_version, seconds)

    def set_aside(self, job_id: int, index: int, *, expected_version: int | None = None) -> int:
        """Mark a sentence as not story text (page furniture): out of the work, kept as it is; revert brings it back."""
        with self._write() as con:
            return self._update(con, job_id, index, "set_aside", "furniture", None, expected_version, 0.0)

    def approve_all_pending(self, job_id: int, skip: Iterable[int] = ()) -> int:
        """Approve the fix of every pending sentence but those in `skip`; returns how many were approved."""
        self._require(job_id)
        left_out = set(skip)
        with self._write() as con:
            pending = [r["idx"] for r in con.execute(
                "SELECT idx FROM decisions WHERE job = ? AND status = 'pending' ORDER BY idx", (job_id,))
                if r["idx"] not in left_out]
            texts = {r["idx"]: (r["draft"], r["fix"])
                     for r in con.execute("SELECT idx, draft, fix FROM segments WHERE job = ?", (job_id,))}
            for index in pending:  # an unchanged sentence keeps its draft: nothing was fixed
                draft, fix = texts[index]
                self._update(con, job_id, index, "approve_all", "approved" if fix != draft else "kept", fix, None, 0.0)
            return len(pending)

    def finals(self, job_id: int) -> list[str]:
        """The text of every sentence now: the decided final, else the draft (pending is not approved)."""
        return [row.text for row in self.load_job(job_id).rows]

    def events(self, job_id: int) -> list[Event]:
        """The decision log of a job, oldest first."""
        with self._connect() as con:
            rows = con.execute("SELECT job, idx, action, status, final, version, seconds, at FROM events"
                               " WHERE job = ? ORDER BY id", (job_id,)).fetchall()
        return [Event(r["job"], r["idx"], r["action"], r["status"], r["final"], r["version"], r["seconds"], r["at"])
                for r in rows]

    # ---- live follow and recovery (review page) -----------------------------------------------
    _INPUTS_SQL = ("CREATE TABLE IF NOT EXISTS job_inputs"
                   " (job INTEGER PRIMARY KEY REFERENCES jobs(id), segments TEXT NOT NULL)")

    def job_stamp(self, job_id: int) -> tuple[str, int, int]:
        """(status, stored results, sum of decision versions): changes whenever anything a viewer shows does."""
        with self._connect() as con:
            r = con.execute("SELECT status, (SELECT COUNT(*) FROM segments WHERE job = ?),"
                            " (SELECT COALESCE(SUM(version), 0) FROM decisions WHERE job = ?) FROM jobs WHERE id = ?",
                            (job_id, job_id, job_id)).fetchone()
        if r is None:
            raise StoreError(f"no job {job_id} in {self.path}; `mtedit jobs` lists the stored jobs")
        return str(r[0]), int(r[1]), int(r[2])

    def interrupt_running(self) -> list[int]:
        """Mark every job still 'running' as 'interrupted' (call when a server starts); returns their ids."""
        with self._write() as con:
            ids = [r[0] for r in con.execute("SELECT id FROM jobs WHERE status = 'running' ORDER BY id")]
            con.execute("UPDATE jobs SET status = 'interrupted' WHERE status = 'running'")
        return ids

    def move_job_status(self, job_id: int, old: str, new: str) -> bool:
        """Set a job's status to `new` only if it is `old` (atomic); returns whether it was."""
        with self._write() as con:
            cur = con.execute("UPDATE jobs SET status = ? WHERE id = ? AND status = ?", (new, job_id, old))
            return cur.rowcount == 1

    def keep_inputs(self, job_id: int, segments: Iterable[Segment]) -> None:
        """Keep a job's input segments, so an interrupted job can be computed to the end."""
        data = json.dumps([asdict(s) for s in segments], ensure_ascii=False)
        with self._write() as con:
            con.execute(self._INPUTS_SQL)
            con.execute("INSERT OR REPLACE INTO job_inputs VALUES (?, ?)", (job_id, data))

    def kept_inputs(self, job_id: int) -> tuple[Segment, ...] | None:
        """The input segments kept for a job, or None when none were (jobs started before they were kept)."""
        with self._connect() as con:
            con.execute(self._INPUTS_SQL)
            r = con.execute("SELECT segments FROM job_inputs WHERE job = ?", (job_id,)).fetchone()
        if r is None:
            return None
        names = set(Segment.__dataclass_fields__)
        return tuple(Segment(**{k: v for k, v in d.items() if k in names}) for d in json.loads(r[0]))

    # ---- who computes a running job (heartbeat) ------------------------------------------------
    def claim_job(self, job_id: int, owner: str, now: float) -> None:
        """Record that process `owner` computes job `job_id` (its heartbeat starts at `now`)."""
        with self._write() as con:
            con.execute("UPDATE jobs SET owner = ?, heartbeat = ? WHERE id = ?", (owner, now, job_id))

    def take_job(self, job_id: int, old: str, owner: str, now: float) -> bool:
        """Atomically set a job whose status is `old` running and owned by `owner`; returns whether it was `old`."""
        with self._write() as con:
            cur = con.execute("UPDATE jobs SET status = 'running', owner = ?, heartbeat = ?"
                              " WHERE id = ? AND status = ?", (owner, now, job_id, old))
            return cur.rowcount == 1

    def beat(self, owner: str, now: float) -> int:
        """Renew the heartbeat of every running job of `owner`; returns how many there are."""
        with self._write() as con:
            cur = con.execute("UPDATE jobs SET heartbeat = ? WHERE owner = ? AND status = 'running'", (now, owner))
            return cur.rowcount

    def running_owners(self) -> list[tuple[int, str | None, float | None]]:
        """(job id, owner, last heartbeat) of every running job."""
        with self._connect() as con:
            return [(r[0], r[1], r[2]) for r in con.execute(
                "SELECT id, owner, heartbeat FROM jobs WHERE status = 'running' ORDER BY id")]

    def interrupt_if_owned(self, job_id: int, owner: str | None) -> bool:
        """Mark a running job interrupted if `owner` still holds it (None: no owner); returns whether it did."""
        with self._write() as con:
            cur = con.execute("UPDATE jobs SET status = 'interrupted' WHERE id = ? AND status = 'running'"
                              " AND owner IS ?", (job_id, owner))
            return cur.rowcount == 1
    # ---- translation memory: carried decisions and the feed -----------------------------------
    def carry(self, job_id: int, index: int, final: str) -> int:
        """Approve `final` for a pending sentence as carried over from an earlier job (event action 'carry')."""
        with self._write() as con:
            return self._update(con, job_id, index, "carry", "approved", final, 0, 0.0)

    def decided_since(self, after_event: int) -> tuple[int, list[Decided]]:
        """The current decision of every sentence whose decision changed after event id `after_event`.

        Returns the last event id seen and, per sentence, its latest event (oldest first): what the
        translation memory is fed with.
        """
        with self._connect() as con:
            latest = con.execute(
                "SELECT e.job, e.idx, MAX(e.id) AS last FROM events e WHERE e.id > ? GROUP BY e.job, e.idx"
                " ORDER BY last", (after_event,)).fetchall()
            out: list[Decided] = []
            for r in latest:
                row = con.execute(
                    "SELECT e.action, d.status, d.final, d.updated_at, s.source, s.draft FROM events e"
                    " JOIN decisions d ON d.job = e.job AND d.idx = e.idx"
                    " JOIN segments s ON s.job = e.job AND s.idx = e.idx WHERE e.id = ?", (r["last"],)).fetchone()
                if row is not None:
                    out.append(Decided(r["job"], r["idx"], row["action"], row["status"], row["source"],
                                       row["draft"], row["final"], row["updated_at"] or ""))
        return (max((r["last"] for r in latest), default=after_event), out)


@dataclass(frozen=True)
class Decided:
    """A sentence's current decision, as the translation memory reads it."""

    job: int
    index: int
    action: str
    status: str
    source: str | None
    draft: str
    final: str | None
    at: str
