"""The in-process executor: one engine in this process, the files one after another."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from mtedit.commands.batch import FileJob
from mtedit.engines.base import Engine
from mtedit.errors import ConfigError, EngineUnavailable, MteditError
from mtedit.executors import EngineLoader, FileOutcome, Stage
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


def _correct_file(job: FileJob, args: argparse.Namespace, engine: _LazyEngine, stage: Stage,
                  desc: str) -> FileResult:
    """Post-edit one file: edit log flushed segment by segment, then the document with every finished fix."""
    from tqdm import tqdm

    from mtedit.editlog import result_record
    from mtedit.pipeline import require_inputs

    work = FileWork(job, args)
    todo, segments = work.todo, work.segments
    started = time.perf_counter()
    interrupted = False
    try:
        if todo:
            model = engine.get()
            require_inputs([segments[i] for i in todo], model)
            bar = tqdm(total=len(segments), initial=len(segments) - len(todo), unit="seg",
                       disable=args.quiet, file=sys.stderr, desc=desc)
            try:
                for position, result in enumerate(stage([segments[i] for i in todo], model)):
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
                   batch: bool) -> Iterator[FileOutcome]:
    """Post-edit the files in order with one engine; an unusable engine stops the run at once."""
    engine = _LazyEngine(load_engine)
    try:
        for number, job in enumerate(jobs, 1):
            desc = f"[{number}/{len(jobs)}] {Path(job.input).name}" if batch else "correcting"
            try:
                outcome = FileOutcome(job, result=_correct_file(job, args, engine, stage, desc))
            except (ConfigError, EngineUnavailable):
                raise  # the engine cannot run: no file of the batch can
            except MteditError as exc:
                outcome = FileOutcome(job, error=exc)
            yield outcome
    finally:
        engine.close()
