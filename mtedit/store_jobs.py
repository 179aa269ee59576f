"""Running jobs in the review store: what a viewer follows, inputs kept for recovery, who computes a job (heartbeat)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict

from mtedit.errors import StoreError
from mtedit.store_schema import SqliteStore
from mtedit.types import Segment


class RunningJobs(SqliteStore):
    """The part of the review store that servers and `mtedit continue` use to follow, recover and own jobs."""

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
