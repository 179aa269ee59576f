"""SQLite review store: jobs, their segment results, the editor's decisions and an append-only event log.

Every call opens its own connection (safe across threads and processes) and commits before returning,
so a crash or a restart loses nothing that was already reported back. Decisions carry a version: a
write that names an out-of-date version raises ConflictError instead of overwriting another tab's work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Literal

from mtedit.editlog import repair_record
from mtedit.errors import ConflictError, InputError, StoreError
from mtedit.store_jobs import RunningJobs
from mtedit.store_records import Decided, Event, Job, JobInfo, ReviewRow
from mtedit.store_records import read_info as _info
from mtedit.store_records import read_row as _row
from mtedit.types import Document, SegmentResult

__all__ = ["ACTIONS", "MAX_EDIT_CHARS", "STATUSES", "Decided", "Event", "Job", "JobInfo", "ReviewRow", "ReviewStore"]

Action = Literal["approve", "keep", "edit", "take"]
Status = Literal["pending", "approved", "kept", "edited", "took", "furniture"]
#: take: the editor took one of the suggestions word for word (its text is given, like an edit's)
ACTIONS: dict[str, str] = {"approve": "approved", "keep": "kept", "edit": "edited", "take": "took"}
STATUSES = ("pending", "approved", "kept", "edited", "took", "furniture")
MAX_EDIT_CHARS = 20_000  # as a line of an input file: a longer "sentence" slows every view of its job


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class ReviewStore(RunningJobs):
    """The review store at `path` (created with its folder when missing).

    Its file and schema are `mtedit.store_schema`'s, running jobs and their owners `mtedit.store_jobs`'s; its
    records (`JobInfo`, `ReviewRow`, ...) are defined in `mtedit.store_records` and offered here too.
    """

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
