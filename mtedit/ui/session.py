"""What the review page does, without Gradio: per-tab view state, cursor and paging, decisions, runs.

A tab's state is a small dict (job, filter, order, cursor, versions seen, when the cursor last moved); all
review data lives in the store, so a reload or a restart shows the job exactly as it was.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from mtedit.config import Config
from mtedit.errors import InputError, StoreError
from mtedit.store import Job, ReviewRow, ReviewStore
from mtedit.types import Document
from mtedit.ui import render
from mtedit.validate import job_number, whole_number

MAX_SENTENCE = 10**9  # a sentence number beyond any job's length (and any integer SQLite holds)
MAX_SECONDS = 1800.0  # time on one sentence is capped: an editor away from the desk is not editing


def new_state(job: int | None = None) -> dict[str, Any]:
    """A fresh tab: no job, no cursor, every sentence shown in reading order, nothing held or to confirm."""
    return {"job": job, "filter": "all", "order": "reading", "cursor": None, "versions": {}, "shown_at": time.time(),
            "held": {}, "confirm": None}


@dataclass(frozen=True)
class View:
    """Everything the review tab shows for one state."""

    title: str
    counters: str
    table: str
    current: str
    edit_text: str
    page: str
    job: int | None
    state: dict[str, Any]
    row: ReviewRow | None = None  # the selected sentence


def cursor_row(job: Job, shown: list[ReviewRow], cursor: int | None, order: str) -> ReviewRow | None:
    """The cursor's row if shown, else the first shown row after it in the display order (else the last)."""
    if not shown:
        return None
    if cursor is None:  # the first story sentence (lines set aside as not story text come second)
        return next((row for row in shown if row.status != "furniture"), shown[0])
    key = render.order_key(order)
    target = next((r for r in job.rows if r.index == cursor), None)
    if target is None and order != "reading":
        return shown[-1] if cursor >= 0 else shown[0]
    at = key(target) if target is not None else (cursor,)
    return next((row for row in shown if key(row) >= at), shown[-1])


def _displayed(job: Job, st: dict[str, Any]) -> list[ReviewRow]:
    """The job's rows under the tab's order and filter."""
    return render.filter_rows(render.order_rows(job.rows, st.get("order", "reading")), st.get("filter", "all"))


def view(store: ReviewStore, state: dict[str, Any]) -> View:
    """Render the page of the cursor's sentence under the tab's filter, and remember what it showed."""
    st = dict(state)
    if st.get("job") is None:
        return View("No job open: run one on the Load tab or pick one from the job list.", "", "", "", "", "", None, st)
    job = store.load_job(int(st["job"]))
    order = st.get("order", "reading")
    shown = _displayed(job, st)
    row = cursor_row(job, shown, st.get("cursor"), order)
    pos = shown.index(row) if row is not None else 0
    page, pages = pos // render.PAGE_SIZE, math.ceil(len(shown) / render.PAGE_SIZE)
    page_rows = shown[page * render.PAGE_SIZE:(page + 1) * render.PAGE_SIZE]
    if row is not None and row.index != st.get("cursor"):
        st["shown_at"] = time.time()
    st["cursor"] = row.index if row is not None else None
    st["source"] = row.result.segment.source if row is not None else None  # for checking the edit box as typed
    # a sentence whose newer version the editor has not acknowledged keeps the version seen before it
    st["versions"] = {**{r.index: r.version for r in page_rows}, **held_versions(st)}
    info = job.info
    running = "" if info.status == "done" else f" · running: {info.stored} of {info.total} sentences ready"
    title = f"Job #{info.id}: {info.name} · engine {info.engine}{running}"
    return View(
        title=escape(title),
        counters=render.counters_html(render.counts(job.rows)),
        table=render.table_html(page_rows, st["cursor"], grouped=order == "reading"),
        current=render.current_html(row, len(job.rows)),
        edit_text=(row.final or row.result.fix) if row is not None else "",
        page=render.page_info(page, pages, len(shown), st.get("filter", "all"), order),
        job=info.id,
        state=st,
        row=row,
    )


def seen_version(state: dict[str, Any], index: int) -> int | None:
    """The version of sentence `index` this tab last showed (None: not shown)."""
    versions = state.get("versions", {})
    seen = versions.get(index, versions.get(str(index)))
    return None if seen is None else int(seen)


def held_versions(state: dict[str, Any]) -> dict[int, int]:
    """Sentences changed in another window since this tab saw them: index -> the version this tab saw."""
    return {int(k): int(v) for k, v in (state.get("held") or {}).items()}


def open_job(store: ReviewStore, state: dict[str, Any], job_id: int | float | str | None) -> dict[str, Any]:
    """State showing `job_id` at its first pending sentence in the tab's order (StoreError if there is no such job)."""
    job = job_number(job_id) if job_id not in (None, "") else None
    if job is None:
        raise InputError("no job chosen; pick one from the job list")
    order = state.get("order", "reading")
    rows = render.order_rows(store.load_job(job).rows, order)
    first_pending = next((r.index for r in rows if r.status == "pending"), None)
    return {**new_state(job), "filter": state.get("filter", "all"), "order": order, "cursor": first_pending}


def shown_rows(store: ReviewStore, st: dict[str, Any]) -> tuple[Job, list[ReviewRow]]:
    if st.get("job") is None:
        raise InputError("no job open; run one on the Load tab or open one from the job list")
    job = store.load_job(int(st["job"]))
    return job, _displayed(job, st)


def goto(state: dict[str, Any], index: int | float | str | None) -> dict[str, Any]:
    """Put the cursor on sentence `index` (0-based); it must exist, it need not match the filter."""
    try:
        return {**state, "cursor": whole_number(index, "sentence", 0, MAX_SENTENCE)}
    except InputError:
        raise InputError(f"{index!r} is not a sentence number; click a row instead") from None


def move(store: ReviewStore, state: dict[str, Any], step: int) -> dict[str, Any]:
    """Cursor to the next (+1) or previous (-1) sentence in the displayed order; ±PAGE_SIZE moves a page."""
    job, shown = shown_rows(store, state)
    if not shown:
        return dict(state)
    row = cursor_row(job, shown, state.get("cursor"), state.get("order", "reading"))
    pos = shown.index(row) if row is not None else 0
    if abs(step) >= render.PAGE_SIZE:
        pos = (pos // render.PAGE_SIZE) * render.PAGE_SIZE + step
    else:  # j / k step over lines set aside as not story text
        pos += step
        while 0 < pos < len(shown) - 1 and shown[pos].status == "furniture":
            pos += step
    return {**state, "cursor": shown[max(0, min(pos, len(shown) - 1))].index}


def set_filter(state: dict[str, Any], which: str) -> dict[str, Any]:
    if which not in render.FILTERS:
        raise InputError(f"unknown filter {which!r}; use one of {list(render.FILTERS)}")
    return {**state, "filter": which}


def set_order(store: ReviewStore, state: dict[str, Any], order: str) -> dict[str, Any]:
    """Show rows in `order` ("reading" or "risk"); the cursor goes to the first pending row shown in it."""
    if order not in render.order_values():
        raise InputError(f"unknown order {order!r}; use one of {list(render.order_values())}")
    st = {**state, "order": order}
    if st.get("job") is None:
        return st
    _, shown = shown_rows(store, st)
    first = next((r for r in shown if r.status == "pending"), shown[0] if shown else None)
    return {**st, "cursor": first.index if first is not None else None, "shown_at": time.time()}


def make_document(draft: str, source: str, upload: str | None) -> Document:
    """A Document from pasted text (and optional source) or an uploaded file (txt, jsonl, tsv, xliff)."""
    from mtedit.io import document_from_bytes, document_from_text

    src = source if source and source.strip() else None
    if upload:
        path = Path(upload)
        return document_from_bytes(path.read_bytes(), path.name, source=src.encode("utf-8") if src else None)
    if not draft or not draft.strip():
        raise InputError("nothing to review: paste the English draft or upload a file")
    return document_from_text(draft, source=src, name="pasted story")


def job_choices(store: ReviewStore) -> list[tuple[str, int]]:
    """(label, id) of every stored job, newest first."""
    return [(render.job_label(j), j.id) for j in store.list_jobs()]


def engine_checks(config: Config) -> list[tuple[str, Any]]:
    """(name, Usability) of every configured engine."""
    from mtedit.engines.registry import check_engine

    return [(name, check_engine(cfg)) for name, cfg in config.engines.items()]


def job_from_query(store: ReviewStore, query: dict[str, str]) -> int | None:
    """The job named by `?job=N` when it exists, else None (a stale link opens nothing, silently)."""
    raw = query.get("job", "")
    if not raw.isdigit():
        return None
    try:
        job = job_number(raw)
        store.job_info(job)
    except (InputError, StoreError):
        return None
    return job
