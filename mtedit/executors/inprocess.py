"""The in-process executor: one engine in this process, the files one after another."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mtedit.commands.batch import FileJob
from mtedit.engines.base import Engine
from mtedit.errors import ConfigError, EngineUnavailable, MteditError
from mtedit.executors import EngineLoader, FileOutcome, MemoryStep, Stage
from mtedit.executors.files import FileResult, FileWork


class _LazyEngine:
    """The run's engine, loaded on first need (a run whose segments are all done never loads it) and reused
    for every file of a batch."""

    def __init__(self, load: EngineLoader) -> None:
        self._load, self._engine = load, None

    def get(self) -> Engine:
        if self._engine is None:
            self._engine = self._load()
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()


@dataclass(frozen=True)
class FileChecks:
    """What the in-process run checks per file before computing: the run signature of a resumed edit log,
    and the size of a story (refused over the estimate limit unless `--yes`)."""

    signature: Callable[[Engine], str] | None = None
    refuse_if_huge: Callable[[FileJob, list], None] | None = None


def _correct_file(job: FileJob, args: argparse.Namespace, engine: _LazyEngine, stage: Stage,
                  desc: str, memory: MemoryStep | None, checks: FileChecks) -> FileResult:
    """Post-edit one file: edit log flushed segment by segment, then the document with every finished fix."""
    from tqdm import tqdm

    from mtedit.commands.resume import check_same_run
    from mtedit.editlog import result_record
    from mtedit.memory.stage import merge_results, without_exact
    from mtedit.pipeline import require_inputs

    work = FileWork(job, args)
    todo, segments = work.todo, work.segments
    started = time.perf_counter()
    interrupted = False
    try:
        if todo:
            pending = [segments[i] for i in todo]
            if checks.refuse_if_huge is not None:
                checks.refuse_if_huge(job, pending)
            matches = memory.lookup.matches(pending) if memory is not None else [None] * len(pending)
            rest = without_exact(pending, matches)
            model = engine.get() if rest else None
            if model is not None:
                require_inputs(rest, model)
                if checks.signature is not None:
                    check_same_run(work.writer.finished.values(), checks.signature(model), job.log)
            bar = tqdm(total=len(segments), initial=len(segments) - len(todo), unit="seg",
                       disable=args.quiet, file=sys.stderr, desc=desc)
            try:
                computed = stage(rest, model) if model is not None else iter(())
                results = merge_results(pending, matches, computed, memory.glossary if memory else None)
                for position, result in enumerate(results):
                    work.write([result_record(result, index=todo[position])])
                    bar.update(1)
            except KeyboardInterrupt:
                interrupted = True
            finally:
                bar.close()
    finally:
        work.writer.close()
    return work.finish(time.perf_counter() - started, interrupted)


def run_in_process(jobs: list[FileJob], args: argparse.Namespace, load_engine: EngineLoader, stage: Stage,
                   batch: bool, memory: MemoryStep | None = None,
                   checks: FileChecks = FileChecks()) -> Iterator[FileOutcome]:
    """Post-edit the files in order with one engine, each output and edit log locked while it is written;
    an unusable engine stops the run at once."""
    from mtedit.filelock import exclusive_all

    engine = _LazyEngine(load_engine)
    try:
        for number, job in enumerate(jobs, 1):
            desc = f"[{number}/{len(jobs)}] {Path(job.input).name}" if batch else "correcting"
            try:
                with exclusive_all([job.output, job.log]):
                    outcome = FileOutcome(job, result=_correct_file(job, args, engine, stage, desc, memory, checks))
            except (ConfigError, EngineUnavailable):
                raise  # the engine cannot run: no file of the batch can
            except MteditError as exc:
                outcome = FileOutcome(job, error=exc)
            yield outcome
    finally:
        engine.close()
