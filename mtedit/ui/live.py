"""Live follow and recovery for the review page, without Gradio.

A tab remembers a small stamp of its open job (status, stored results, sum of decision versions). A tick
re-renders only when the stamp moved, and never moves the editor's cursor or touches the edit box under it.
Jobs are computed by `start_job` + `fill_job`, which keep the job's input segments, so a job interrupted by a
server stop can be finished later with `continue_job`; decisions already made are never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mtedit import heartbeat
from mtedit.config import Config
from mtedit.errors import ConfigError, ConflictError, InputError
from mtedit.repair import RepairOptions, repair_settings
from mtedit.store import JobInfo, ReviewStore
from mtedit.types import Document, GateVerdict, Segment, SegmentResult
from mtedit.ui import render, session, wording

if TYPE_CHECKING:
    from mtedit.checks import Glossary
    from mtedit.engines.base import Engine
    from mtedit.memory.stage import MemoryLookup

TICK_SECONDS = 2.0  # how often an open tab asks whether its job changed (one small query when it did not)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Page:
    """A rendered view of the tab plus the open job's listing (None when no job is open)."""

    view: session.View
    info: JobInfo | None


@dataclass(frozen=True)
class Follow:
    """What a tick shows: the page, the edit box text (None: leave it alone) and a notice ("" : none)."""

    page: Page
    edit_text: str | None
    notice: str


def view(store: ReviewStore, state: dict[str, Any]) -> Page:
    """`session.view` with the job's progress in the title and the job's stamp remembered in the state."""
    if state.get("job") is None:
        return Page(session.view(store, state), None)
    job = int(state["job"])
    mark = store.job_stamp(job)  # taken first: a change while rendering shows at the next tick
    v = session.view(store, state)
    info = store.job_info(job)
    table = render.waiting_html(info) if info.stored == 0 else v.table
    return Page(replace(v, title=render.job_title(info), table=table, state={**v.state, "stamp": mark}), info)


def follow(store: ReviewStore, state: dict[str, Any]) -> Follow | None:
    """The tab re-rendered if its job changed since it last showed it, else None.

    The cursor stays on the sentence it was on (even when that sentence no longer matches the filter), the
    time-on-sentence clock keeps running, and the edit box is only filled when no sentence was selected.
    When another tab changed the selected sentence, a notice says so and the tab keeps the version it had
    seen, so its next decision there is refused once instead of overwriting the other one unseen.
    """
    if state.get("job") is None or store.job_stamp(int(state["job"])) == state.get("stamp"):
        return None
    page = view(store, state)
    v = page.view
    st = {**v.state, "shown_at": state.get("shown_at", v.state.get("shown_at"))}
    cursor = state.get("cursor")
    if cursor is None:
        return Follow(replace(page, view=replace(v, state=st)), v.edit_text, "")
    rows = store.load_job(int(state["job"])).rows
    row = next((r for r in rows if r.index == cursor), None)
    seen = session.seen_version(state, cursor)
    versions, notice = dict(st.get("versions", {})), ""
    if row is not None and seen is not None and row.version != seen:
        notice = render.changed_elsewhere_html(row)
        versions[cursor] = seen
        st["held"] = {**(st.get("held") or {}), str(cursor): seen}
    st.update(versions=versions, cursor=cursor)
    if v.state.get("cursor") != cursor and row is not None:  # it left this filter: it stays the one selected
        v = replace(v, table=render.without_cursor(v.table), current=render.current_html(row, len(rows)), row=row)
    return Follow(replace(page, view=replace(v, state=st)), None, notice)


def recover(store: ReviewStore) -> list[int]:
    """Mark the jobs a stopped server left 'running' as 'interrupted' (a live server's jobs stay); returns their ids."""
    return heartbeat.interrupt_orphans(store, starting=True)


@dataclass(frozen=True)
class Runner:
    """A loaded engine ready to compute jobs, with its glossary and run signature."""

    name: str
    engine: Engine
    glossary: Glossary | None
    signature: str
    memory: MemoryLookup | None = None  # looked up before the engine (see mtedit.ui.memory)
    repair: RepairOptions = RepairOptions()


def load_runner(config: Config, name: str | None, store: ReviewStore | None = None) -> Runner:
    """Load the configured engine `name` (EngineUnavailable with the fix when it cannot run here); with `store`,
    the config's translation memory too, fed from that store first."""
    from mtedit.pipeline import GateOptions, load_engine_by_name, run_signature

    if not name:
        raise InputError("no engine chosen; pick one of the usable engines")
    engine = load_engine_by_name(config, name)
    glossary = None
    if config.glossary:
        from mtedit.checks import load_glossary

        glossary = load_glossary(config.glossary)
    runner = Runner(name, engine, glossary, run_signature(engine, GateOptions()), repair=repair_settings(config))
    if store is None:
        return runner
    from mtedit.ui.memory import with_memory

    return with_memory(runner, config, store)[0]


def start_job(store: ReviewStore, runner: Runner, document: Document) -> int:
    """Register a job for `document` and keep its input segments; returns the job id (nothing computed yet)."""
    from mtedit.pipeline import require_inputs

    require_inputs(document.segments, runner.engine)
    job = store.create_job(document, runner.name, runner.signature)
    heartbeat.claim(store, job)
    store.keep_inputs(job, document.segments)
    return job


def store_batch(store: ReviewStore, job_id: int, results: Sequence[SegmentResult], index: int) -> int:
    """Store a batch at `index` (ConflictError if another run stored meanwhile); lines found to be page furniture
    are set aside, exact memory matches open as decided ("carried from job N"). Returns the index after the batch."""
    from mtedit.ui.memory import carry_exact

    stored = store.job_info(job_id).stored
    if stored != index:
        raise ConflictError(f"job {job_id} is being filled elsewhere (it has {stored} sentences, this run expected "
                            f"{index}); open it to follow that run")
    store.add_results(job_id, results, start=index)
    for i, res in enumerate(results):
        if res.verdict.reason == wording.FURNITURE:
            store.set_aside(job_id, index + i)
    carry_exact(store, job_id, results, index)
    return index + len(results)


def fill_job(store: ReviewStore, runner: Runner, job_id: int, segments: Sequence[Segment],
             progress: Progress | None = None) -> Iterator[int]:
    """Compute the segments the job has not stored yet, storing batch by batch; yields the job id after each.

    Page furniture is set aside in pasted and .txt stories. The job ends 'done'; if computing fails or is stopped
    it ends 'interrupted' (Continue finishes it).
    """
    try:
        info = store.job_info(job_id)
        batch_size = max(1, runner.engine.config.batch_size)
        for index in range(info.stored, len(segments), batch_size):
            batch = segments[index:index + batch_size]
            store_batch(store, job_id, compute_batch(runner, batch, info.format == "txt"), index)
            if progress is not None:
                progress(index + len(batch), len(segments))
            yield job_id
        store.finish_job(job_id)
    except BaseException:  # an error, or the page that ran it went away: Continue can finish it
        store.move_job_status(job_id, "running", "interrupted")
        raise
    yield job_id


def _comparable(signature: str) -> str:
    return "|".join(p for p in signature.split("|") if not p.startswith("mtedit:"))


def resumable(store: ReviewStore, job_id: int) -> tuple[JobInfo, tuple[Segment, ...]]:
    """The job and its kept input when it was interrupted or cancelled and can be computed to the end."""
    info = store.job_info(job_id)
    if info.status not in ("interrupted", "cancelled"):
        raise InputError(f"job {job_id} is {info.status}, not interrupted; only an interrupted or cancelled job can be "
                         "continued")
    segments = store.kept_inputs(job_id)
    if segments is None or len(segments) != info.total:
        raise InputError(f"job {job_id} has no kept input (it was started by an older mtedit); review the "
                         f"{info.stored} stored sentences, or run the story again for all {info.total}")
    return info, segments


def claim(store: ReviewStore, info: JobInfo, runner: Runner) -> None:
    """Mark a resumable job running again for `runner` (ConfigError when its engine changed since)."""
    if _comparable(runner.signature) != _comparable(info.signature):
        raise ConfigError(f"engine {info.engine!r} has changed since job {info.id} started ({info.signature} -> "
                          f"{runner.signature}); run the story again to use it")
    if not heartbeat.take(store, info.id, info.status):
        raise ConflictError(f"job {info.id} is already being continued; open it to follow")


def continue_job(store: ReviewStore, config: Config, job_id: int, progress: Progress | None = None) -> Iterator[int]:
    """Compute the rest of an interrupted job with its own engine, appending to what is stored."""
    heartbeat.interrupt_orphans(store)  # a job whose owner stopped beating counts as interrupted
    info, segments = resumable(store, job_id)
    runner = load_runner(config, info.engine, store)
    claim(store, info, runner)
    yield from fill_job(store, runner, job_id, segments, progress)


def compute_batch(runner: Runner, segments: Sequence[Segment], furniture: bool = False) -> list[SegmentResult]:
    """Results of one batch; with `furniture`, lines that are not story text are left uncomputed as they are."""
    from mtedit.furniture import is_furniture
    from mtedit.memory.stage import correct_with_memory
    from mtedit.score import word_diff

    aside = [furniture and is_furniture(seg.draft) for seg in segments]
    story = [seg for seg, out in zip(segments, aside) if not out]
    matches = runner.memory.matches(story) if runner.memory is not None else [None] * len(story)
    computed = iter(correct_with_memory(story, matches, runner.engine, glossary=runner.glossary,
                                        batch_size=max(1, len(story)), repair=runner.repair))
    return [SegmentResult(seg, seg.draft, seg.draft, False, GateVerdict(False, wording.FURNITURE), runner.signature,
                          diff=word_diff(seg.draft, seg.draft)) if out else next(computed)
            for seg, out in zip(segments, aside)]
