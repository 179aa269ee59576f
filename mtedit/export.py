"""Exports of a reviewed job: final text, JSONL edit log with HTER and time, XLIFF 1.2, TMX of approved pairs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mtedit.editlog import result_record
from mtedit.errors import InputError, OutputError
from mtedit.io import render_text, render_tmx, render_xliff
from mtedit.io.atomic import atomic_write_bytes, same_file
from mtedit.review import has_open_error, is_decided
from mtedit.score import hter
from mtedit.store import Job, ReviewStore
from mtedit.types import Document

#: format -> file suffix
FORMATS = {"txt": ".txt", "jsonl": ".log.jsonl", "xliff": ".xlf", "tmx": ".tmx"}


def job_document(job: Job) -> Document:
    """The stored segments of a job as a Document (for the io writers), with the uploaded file's bytes if kept."""
    info = job.info
    return Document(name=info.name, segments=tuple(r.result.segment for r in job.rows), format=info.format,
                    source_lang=info.source_lang, target_lang=info.target_lang, original=job.original)


def edit_log(job: Job) -> list[dict[str, Any]]:
    """One record per sentence: the pipeline's record plus the decision, the final text, HTER and seconds."""
    records = []
    for row in job.rows:
        record = result_record(row.result, row.index)
        record.update(status=row.status, final=row.text, hter=hter(row.result.segment.draft, row.text),
                      seconds=round(row.seconds, 1), decided_at=row.updated_at, job=job.info.id)
        records.append(record)
    return records


def render_export(job: Job, fmt: str, *, with_flagged: bool = False) -> bytes:
    """The export of `job` in `fmt` (txt, jsonl, xliff or tmx) as bytes.

    Only sentences an editor decided are final (XLIFF) or go to the TMX; the TMX also leaves out a sentence whose
    text still has an error flag, unless `with_flagged`.
    """
    decided = [is_decided(r) for r in job.rows]
    finals = [r.text for r in job.rows]
    document = job_document(job)
    if fmt == "txt":
        return render_text(document, finals).encode("utf-8")
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in edit_log(job)).encode("utf-8")
    if fmt == "xliff":
        return render_xliff(document, finals, decided)
    if fmt == "tmx":
        pairs = [(r.result.segment.source or "", r.text) for r, ok in zip(job.rows, decided)
                 if ok and (r.result.segment.source or "").strip() and r.text.strip()
                 and (with_flagged or not has_open_error(r))]
        return render_tmx(pairs, document.source_lang, document.target_lang)
    raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def default_name(job: Job, fmt: str) -> str:
    """`story-job7.xlf`: the job's name reduced to safe characters, its id, the format's suffix."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(job.info.name).stem).strip("-.") or "job"
    return f"{stem}-job{job.info.id}{FORMATS.get(fmt, '.' + fmt)}"


def export_job(store: ReviewStore, job_id: int, fmt: str, out: Path | str, *, with_flagged: bool = False) -> Path:
    """Write the export of a job to `out` (a file, or an existing folder for the default name); returns the path."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    job = store.load_job(job_id)
    if job.info.stored < job.info.total:
        raise InputError(
            f"job {job_id} has {job.info.stored} of {job.info.total} sentences; wait for the run to finish")
    path = Path(out)
    if path.is_dir():
        path = path / default_name(job, fmt)
    for kept in (store.path, store.path.with_name(store.path.name + "-wal")):
        if path.exists() and kept.exists() and same_file(path, kept):
            raise OutputError(f"{path} is the review store; exporting over it would destroy every decision: "
                              "give another -o")
    atomic_write_bytes(path, render_export(job, fmt, with_flagged=with_flagged))
    return path
