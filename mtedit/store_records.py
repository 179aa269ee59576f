"""The review store's records: jobs, rows (a result and its decision), events, and how SQLite rows become them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from mtedit.editlog import read_repair
from mtedit.types import DiffOp, Flag, GateVerdict, MemoryMatch, Segment, SegmentResult, Span


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


def read_row(r: sqlite3.Row) -> ReviewRow:
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


def read_info(r: sqlite3.Row) -> JobInfo:
    return JobInfo(**{k: r[k] for k in r.keys()})


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
