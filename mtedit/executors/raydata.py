"""The Ray Data executor: the same stage function mapped over batches of segments by a pool of actors.

This process reads every input file and its edit log (on --resume only the segments not yet in the log
are sent), cuts the rest into the engine's batches, and streams them through an actor pool; each actor
loads the engine once. Results come back as they finish and are written here, in input order per file,
through the same edit-log and document writers as the in-process executor, so both give identical files
and a stopped run loses no finished batch. Inputs, outputs and edit logs therefore only need to be where
this process runs; the engine's model must be at the same path on every node that runs an actor.
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mtedit.commands.batch import FileJob
from mtedit.config import EngineConfig
from mtedit.editlog import result_record
from mtedit.errors import ConfigError, EngineUnavailable, ExecutorError, MteditError
from mtedit.executors import EngineLoader, FileOutcome, MemoryStep, Stage
from mtedit.executors.files import FileWork
from mtedit.executors.settings import RaySettings
from mtedit.pipeline import require_inputs, require_usable

#: Upper bound on dataset blocks: one batch per block streams finished work back soonest, but millions of
#: blocks would burden the scheduler; past this several batches share a block.
MAX_BLOCKS = 10_000
INSTALL_HINT = '--ray needs Ray: pip install "mtedit[ray]" (or run without --ray, or set executor = "in-process")'


class StageActor:
    """A Ray actor holding one engine, loaded once; maps the stage over one batch of segments per row.

    An MteditError (the engine cannot load here, a stage refuses a batch) comes back as the row's result, so
    this process reports it in one line, as the in-process run would, instead of Ray's traceback.
    """

    def __init__(self, load_engine: EngineLoader, stage: Stage, threads: int) -> None:
        self._stage = stage
        self._engine, self._failure = None, None
        try:
            self._engine = load_engine()
        except MteditError as exc:
            self._failure = exc
            return
        import torch

        torch.set_num_threads(threads)  # the CPUs Ray reserved for this actor, no more

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        try:
            if self._failure is not None:
                raise self._failure
            outcome: Any = list(self._stage(pickle.loads(row["segments"]), self._engine))
        except MteditError as exc:
            outcome = exc
        return {"file": row["file"], "batch": row["batch"], "results": pickle.dumps(outcome)}


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ExecutorError(INSTALL_HINT) from None
    return ray


@contextmanager
def _ray_session(ray: Any, settings: RaySettings) -> Iterator[None]:
    """Join the cluster at `settings.address` or start a local Ray, and leave it after; a Ray this process
    already started (a notebook, a test) is used as it is."""
    if ray.is_initialized():
        yield
        return
    options: dict[str, Any] = {"address": settings.address, "logging_level": logging.ERROR}
    if settings.address is None and not os.environ.get("RAY_ADDRESS"):
        options["include_dashboard"] = False
    for name in ("ray", "ray.data"):  # Ray's notices (token setup, progress bars, "execution finished") are not ours
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        ray.init(**options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = settings.address or "a local Ray"
        raise ExecutorError(f"cannot start or reach {where}: {str(exc).splitlines()[0]}; check the address"
                            " (`ray status` on the head node) or run without --ray") from None
    try:
        yield
    finally:
        ray.shutdown()


def _actor_count(ray: Any, settings: RaySettings, batches: int) -> int:
    """`settings.actors`, else as many as the cluster's GPUs (with num_gpus) or CPUs allow; never more than
    there are batches."""
    count = settings.actors
    if not count:
        resources = ray.cluster_resources()
        if settings.num_gpus > 0:
            count = int(resources.get("GPU", 0) // settings.num_gpus)
        else:
            count = int(resources.get("CPU", 1) // settings.num_cpus)
    return max(1, min(count, batches))


class _InOrder:
    """Batches come back in any order; each file's results are written in input order, as soon as they can be.
    Segments with an exact translation-memory match are never sent: they are taken here, in their place."""

    def __init__(self, files: dict[int, FileWork], size: int, memory: MemoryStep | None = None) -> None:
        from mtedit.memory.stage import without_exact

        self.files = files
        self._size = size
        self._memory = memory
        self._matches: dict[int, dict[int, Any]] = {}
        self._rest: dict[int, list[int]] = {}
        for number, work in files.items():
            pending = [work.segments[i] for i in work.todo]
            found = memory.lookup.matches(pending) if memory is not None else [None] * len(pending)
            self._matches[number] = dict(zip(work.todo, found))
            rest = {id(seg) for seg in without_exact(pending, found)}
            self._rest[number] = [i for i, seg in zip(work.todo, pending) if id(seg) in rest]
        self._ready: dict[int, dict[int, Any]] = {number: {} for number in files}
        self._written = dict.fromkeys(files, 0)

    def batches(self, number: int) -> list[list[int]]:
        rest = self._rest[number]
        return [rest[start:start + self._size] for start in range(0, len(rest), self._size)]

    def add(self, number: int, batch: int, results: list) -> int:
        """Keep one batch's results; write every result of the file now in order. Returns segments written."""
        from dataclasses import replace

        from mtedit.commands.resume import check_same_run

        work = self.files[number]
        if results and work.writer.finished:  # --resume: the actors' settings must be those of the log's run
            check_same_run(work.writer.finished.values(), results[0].signature, work.job.log)
        indices = self._rest[number][batch * self._size:(batch + 1) * self._size]
        for index, result in zip(indices, results):
            match = self._matches[number].get(index)
            self._ready[number][index] = result if match is None else replace(result, memory=match)
        return self.flush(number)

    def flush(self, number: int) -> int:
        """Write the file's results that are next in order (exact memory matches are always ready)."""
        from mtedit.memory.stage import taken

        work, records = self.files[number], []
        todo, ready = work.todo, self._ready[number]
        while self._written[number] < len(todo):
            index = todo[self._written[number]]
            match = self._matches[number].get(index)
            if match is not None and match.kind == "exact":
                result = taken(work.segments[index], match, self._memory.glossary if self._memory else None)
            elif index in ready:
                result = ready.pop(index)
            else:
                break
            records.append(result_record(result, index=index))
            self._written[number] += 1
        if records:
            work.write(records)
        return len(records)

    def complete(self, number: int) -> bool:
        return self._written[number] >= len(self.files[number].todo)


def _open(jobs: list[FileJob], args: argparse.Namespace, engine: EngineConfig) -> Iterator[FileWork | FileOutcome]:
    """Each file opened for work, or the error that keeps it out of the run (the batch goes on)."""
    for job in jobs:
        try:
            work = FileWork(job, args)
            require_inputs([work.segments[i] for i in work.todo], engine)
        except MteditError as exc:
            yield FileOutcome(job, error=exc)
            continue
        yield work


def run_on_ray(jobs: list[FileJob], args: argparse.Namespace, engine: EngineConfig, load_engine: EngineLoader,
               stage: Stage, settings: RaySettings, memory: MemoryStep | None = None) -> Iterator[FileOutcome]:
    """Post-edit every file on Ray; outcomes come as files finish. A stopped run leaves every file with its
    finished segments (edit log and document) and raises ExecutorError: rerun with --resume."""
    from tqdm import tqdm

    ray = _import_ray()
    require_usable(engine)
    files: dict[int, FileWork] = {}
    for number, opened in enumerate(_open(jobs, args, engine)):
        if isinstance(opened, FileOutcome):
            yield opened
        elif opened.todo:
            files[number] = opened
        else:
            yield FileOutcome(opened.job, result=opened.finish(0.0))
    if not files:
        return
    order = _InOrder(files, args.batch_size or engine.batch_size, memory)
    started = time.perf_counter()
    for number in list(files):  # a file whose every segment the memory gives is done before Ray starts
        order.flush(number)
        if order.complete(number):
            work = files.pop(number)
            yield FileOutcome(work.job, result=work.finish(time.perf_counter() - started))
    if not files:
        return
    rows = [{"file": number, "batch": b, "segments": pickle.dumps([files[number].segments[i] for i in batch])}
            for number in files for b, batch in enumerate(order.batches(number))]
    total, file_count = sum(len(work.todo) for work in files.values()), len(files)
    stopped: MteditError | None = None
    bar = tqdm(total=total, unit="seg", disable=args.quiet, file=sys.stderr, desc="ray")
    try:
        with _ray_session(ray, settings):
            actors = _actor_count(ray, settings, len(rows))
            bar.set_description(f"ray, {actors} actor{'s' if actors > 1 else ''}")
            for row in _dataset(ray, rows, actors, settings, load_engine, stage).iter_rows():
                number, outcome = int(row["file"]), pickle.loads(row["results"])
                if number not in files:
                    continue  # a file that failed
                if isinstance(outcome, (ConfigError, EngineUnavailable)):
                    stopped = outcome  # the engine cannot run: no file can
                    break
                if isinstance(outcome, MteditError):
                    failed = files.pop(number)
                    failed.writer.close()
                    yield FileOutcome(failed.job, error=outcome)
                    if not files:
                        break
                    continue
                try:
                    bar.update(order.add(number, int(row["batch"]), outcome))
                except MteditError as exc:  # e.g. --resume of a log made with other settings
                    failed = files.pop(number)
                    failed.writer.close()
                    yield FileOutcome(failed.job, error=exc)
                    if not files:
                        break  # every file is done or refused: the actors' other batches would go to waste
                    continue
                if order.complete(number):
                    work = files.pop(number)
                    yield FileOutcome(work.job, result=work.finish(time.perf_counter() - started))
    except KeyboardInterrupt:
        pass  # the files left are finished below as interrupted, their segments kept
    except ray.exceptions.RayError as exc:
        stopped = exc
    finally:
        bar.close()
        elapsed = time.perf_counter() - started
        leftovers = [work.finish(elapsed, interrupted=True) for work in files.values()]
    if stopped is not None:
        raise ExecutorError(f"the Ray run stopped: {str(stopped).strip().splitlines()[0]}; finished segments are in"
                            " the edit logs: fix this, then rerun with --resume")
    if not args.quiet and not leftovers:
        print(f"ray: {total} segments of {file_count} files in {elapsed:.1f} s ({total / elapsed:.1f} segments/s)",
              file=sys.stderr)
    for work, result in zip(files.values(), leftovers):
        yield FileOutcome(work.job, result=result)


def _dataset(ray: Any, rows: list[dict], actors: int, settings: RaySettings, load_engine: EngineLoader,
             stage: Stage) -> Any:
    """The rows (one batch each) mapped through a pool of `actors` StageActors."""
    dataset = ray.data.from_items(rows, override_num_blocks=min(len(rows), MAX_BLOCKS)).map(
        StageActor, compute=ray.data.ActorPoolStrategy(size=actors),
        fn_constructor_kwargs={"load_engine": load_engine, "stage": stage, "threads": max(1, int(settings.num_cpus))},
        num_cpus=settings.num_cpus, num_gpus=settings.num_gpus)
    dataset.context.enable_progress_bars = False
    dataset.context.print_on_execution_start = False
    return dataset
