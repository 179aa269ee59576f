"""The JSONL edit log: one line per finished segment, flushed as it is written, readable for --resume."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from mtedit.errors import InputError
from mtedit.io.jsondepth import TooDeep, loads_limited
from mtedit.types import Repair, Segment, SegmentResult, Span


def result_record(result: SegmentResult, index: int | None = None) -> dict[str, Any]:
    """A JSON-ready edit-log line for one segment."""
    seg = result.segment
    record: dict[str, Any] = {
        "id": seg.id,
        "paragraph": seg.paragraph,
        "source": seg.source,
        "draft": seg.draft,
        "proposal": result.proposal,
        "fix": result.fix,
        "changed": result.changed,
        "reason": result.verdict.reason,
        "draft_score": result.verdict.draft_score,
        "fix_score": result.verdict.fix_score,
        "risk": result.risk,
        "flags": [
            {k: v for k, v in asdict(flag).items() if v is not None} for flag in result.flags
        ],
        "diff": [[op.tag, op.draft, op.fix] for op in result.diff if op.tag != "equal"],
        "scores": result.scores,
        "signature": result.signature,
    }
    if result.repairs:
        record["repairs"] = [repair_record(r) for r in result.repairs]
    if index is not None:
        record = {"index": index, **record}
    if seg.reference is not None:
        record["reference"] = seg.reference
    if result.memory is not None:
        record["memory"] = asdict(result.memory)
    return record


def repair_record(repair: Repair) -> dict[str, Any]:
    """A repair as an edit-log entry: kind, text and span before and after, the flag it resolves."""
    return {"kind": repair.kind, "before": repair.before, "after": repair.after,
            "span_before": [repair.span_before.start, repair.span_before.end],
            "span_after": [repair.span_after.start, repair.span_after.end],
            "resolves": repair.resolves, "message": repair.message}


def read_repair(data: dict[str, Any]) -> Repair:
    """The inverse of `repair_record`."""
    return Repair(data["kind"], data["before"], data["after"], Span(*data["span_before"]),
                  Span(*data["span_after"]), data["resolves"], data["message"])


def read_edit_log(path: Path) -> list[dict[str, Any]]:
    """All complete records of an edit log; a torn last line (a crash mid-write) is ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"edit log {path} not found; run `mtedit correct` first") from None
    except UnicodeDecodeError:
        raise InputError(f"edit log {path} is not UTF-8 text; pass the .log.jsonl written by `mtedit correct`") from None
    except OSError as exc:  # a folder, no permission
        raise InputError(f"edit log {path} cannot be read ({exc.strerror}); pass the .log.jsonl file itself") from None
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = loads_limited(line)
        except (json.JSONDecodeError, TooDeep):
            if number == len(lines):
                break
            raise InputError(f"{path} line {number}: not valid JSON; the edit log is damaged") from None
        if not isinstance(record, dict) or "draft" not in record or "fix" not in record:
            raise InputError(f"{path} line {number}: not an mtedit edit-log record (needs draft and fix)")
        records.append(record)
    return records


def write_edit_log(path: Path, records: Sequence[dict[str, Any]]) -> None:
    """Replace an edit log atomically with `records` (a crash leaves the old or the new file, never half)."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def riskiest_first(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records by descending risk, ties in input order."""
    return sorted(records, key=lambda r: (-float(r.get("risk") or 0.0), r.get("index", 0)))


class EditLogWriter:
    """Appends records to an edit log, flushing and fsyncing after each batch.

    With `resume`, existing complete records are kept (a torn last line is cut off) and reported by
    `finished`, keyed by segment index, after checking that they belong to the same input. Without it, an
    existing log is replaced only when the first new record is written, so a run that fails before doing
    any work (a missing model, bad input) leaves the previous log as it was and creates no empty one.
    """

    def __init__(self, path: Path, segments: Sequence[Segment], resume: bool = False) -> None:
        self.path = path
        self.finished: dict[int, dict[str, Any]] = {}
        self._mode = "a"
        if resume and path.exists():
            records = read_edit_log(path)
            for record in records:
                index = record.get("index")
                if not isinstance(index, int) or not 0 <= index < len(segments):
                    raise InputError(f"{path} does not match this input (segment index {index!r}); use another -o or drop --resume")
                if segments[index].draft != record["draft"]:
                    raise InputError(f"{path} is from a different input (segment {index} differs); use another -o or drop --resume")
                self.finished[index] = record
            write_edit_log(path, records)
        elif not resume:
            self._mode = "w"
        self._handle: IO[str] | None = None

    def write(self, records: Sequence[dict[str, Any]]) -> None:
        """Append finished records and make them durable before returning."""
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open(self._mode, encoding="utf-8")
        for record in records:
            self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.finished[record["index"]] = record
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def __enter__(self) -> EditLogWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
