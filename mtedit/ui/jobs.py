"""Jobs computed on the server: one inference worker thread runs all model work, job by job, batch by batch.

A job does not belong to the browser tab that started it: closing or reloading the tab changes nothing, any
tab can follow it (progress, time left) or cancel it. Two jobs take turns one batch at a time, so model code
never runs twice at once and a short job is not stuck behind a long one. Engines
are loaded in the worker too (once per server and engine, kept by the worker, not globally).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from html import escape
from typing import Any, TypeVar

from mtedit.sizing import SizeEstimate
from mtedit.sizing import duration as _duration
from mtedit.store import ReviewStore
from mtedit.types import Segment
from mtedit.ui.live import store_batch

T = TypeVar("T")
_log = logging.getLogger(__name__)


@dataclass(eq=False)  # compared by identity: a job's inputs can be long
class _Run:
    """A job being computed: its inputs, where it stands, how fast it goes."""

    job: int
    engine: str
    segments: Sequence[Segment]
    done: int
    started: float = field(default_factory=time.monotonic)
    first: int = 0
    furniture: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class JobProgress:
    """Where one queued job stands: `position` 0 is the job computing now."""

    job: int
    engine: str
    done: int
    total: int
    eta_seconds: float | None
    position: int


class InferenceWorker:
    """The one thread that runs every model call of a server; jobs are queued and interleaved batch by batch.

    `load_runner(name)` loads an engine (a `live.Runner`); `compute(runner, segments, furniture)` returns their
    results (lines of page furniture with the reason `wording.FURNITURE`, set aside when stored).
    """

    def __init__(self, store: ReviewStore, load_runner: Callable[[str], Any],
                 compute: Callable[[Any, Sequence[Segment], bool], list[Any]]) -> None:
        self._store, self._load, self._compute = store, load_runner, compute
        self._cond = threading.Condition()
        self._calls: deque[tuple[Callable[[], Any], Future[Any]]] = deque()
        self._runs: list[_Run] = []
        self._runners: dict[str, Any] = {}
        self._closed = False
        self._thread: threading.Thread | None = None

    # ---- the thread -------------------------------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="mtedit-inference", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not (self._calls or self._runs or self._closed):
                    self._cond.wait()
                if self._closed:
                    return
                call = self._calls.popleft() if self._calls else None
                run = self._runs[0] if call is None else None
            if call is not None:
                fn, future = call
                try:
                    future.set_result(fn())
                except BaseException as exc:  # handed to the caller, who reports it
                    future.set_exception(exc)
            elif run is not None:
                self._step(run)

    def _step(self, run: _Run) -> None:
        """Compute and store one batch of `run`, then put it at the back of the queue (or drop it when done)."""
        finished = True
        try:
            if not run.cancelled:
                runner = self._runner(run.engine)
                size = max(1, runner.engine.config.batch_size)
                batch = run.segments[run.done:run.done + size]
                store_batch(self._store, run.job, self._compute(runner, batch, run.furniture), run.done)
                run.done += len(batch)
                finished = run.done >= len(run.segments)
                if finished:
                    self._store.finish_job(run.job)
        except Exception:  # the job is marked and can be continued; the worker goes on with the others
            _log.exception("computing job %s failed; it is marked interrupted", run.job)
            self._store.move_job_status(run.job, "running", "interrupted")
        with self._cond:
            if run in self._runs:
                self._runs.remove(run)
                if not finished and not run.cancelled:
                    self._runs.append(run)

    def _runner(self, name: str) -> Any:
        if name not in self._runners:
            self._runners[name] = self._load(name)
        return self._runners[name]

    # ---- what request handlers call ----------------------------------------------------------------
    def call(self, fn: Callable[[], T], timeout: float | None = None) -> T:
        """Run `fn` on the worker thread before the next batch and return its result (its error is raised here)."""
        future: Future[T] = Future()
        with self._cond:
            self._calls.append((fn, future))
            self._start()
            self._cond.notify()
        return future.result(timeout)

    def runner(self, name: str) -> Any:
        """The loaded engine `name` (loaded on the worker thread the first time)."""
        return self.call(lambda: self._runner(name))

    def submit(self, job: int, engine: str, segments: Sequence[Segment], *, furniture: bool = False) -> None:
        """Queue the job's segments not stored yet (the job must be 'running' in the store); with `furniture`,
        lines that are not story text are set aside instead of computed."""
        done = self._store.job_info(job).stored
        with self._cond:
            self._runs.append(_Run(job, engine, segments, done, first=done, furniture=furniture))
            self._start()
            self._cond.notify()

    def cancel(self, job: int) -> bool:
        """Stop computing `job` after its current batch; the job is marked 'cancelled'. Whether it was queued."""
        with self._cond:
            run = next((r for r in self._runs if r.job == job and not r.cancelled), None)
            if run is None:
                return False
            run.cancelled = True
            if self._runs and self._runs[0] is not run:
                self._runs.remove(run)
        self._store.move_job_status(job, "running", "cancelled")
        return True

    def queue(self) -> list[JobProgress]:
        """Every queued job, the one computing now first, with its time left."""
        with self._cond:
            runs = [r for r in self._runs if not r.cancelled]
        out = []
        for position, run in enumerate(runs):
            elapsed, made = time.monotonic() - run.started, run.done - run.first
            eta = (len(run.segments) - run.done) * elapsed / made if made > 0 else None
            out.append(JobProgress(run.job, run.engine, run.done, len(run.segments), eta, position))
        return out

    def progress(self, job: int) -> JobProgress | None:
        return next((p for p in self.queue() if p.job == job), None)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the thread after the batch it is on (queued jobs stay 'running' for recovery)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)


def duration(seconds: float | None) -> str:
    """A job's time left as `mtedit correct` words it: 'about 3 min', 'about 2 h 5 min' (None: 'estimating…')."""
    return "estimating…" if seconds is None else f"about {_duration(seconds)}"


def confirm_words(size: SizeEstimate) -> str:
    """The page's question before a job estimated as long as `mtedit correct` would refuse without --yes."""
    return f"{size.describe()}. Press Run again to start it (it runs on the server: you can close this tab)."


def queue_html(queue: Sequence[JobProgress], job: int | None) -> str:
    """Progress of the open job (done, total, time left) and the server's queue of jobs, escaped."""
    if not queue:
        return ""
    mine = next((p for p in queue if p.job == job), None)
    head = ""
    if mine is not None:
        state = "computing" if mine.position == 0 else f"waiting ({mine.position} ahead)"
        head = (f'<div id="mt-eta"><b>{mine.done} of {mine.total}</b> sentences · {state} · '
                f"{escape(duration(mine.eta_seconds))} left</div>")
    items = "".join(f"<li>job #{p.job} ({escape(p.engine)}): {p.done} of {p.total}"
                    + (" · now" if p.position == 0 else "") + "</li>" for p in queue)
    return f'{head}<details class="mt-queue" id="mt-queue"><summary>Server queue: {len(queue)} job(s)</summary>' \
           f"<ul>{items}</ul></details>"
