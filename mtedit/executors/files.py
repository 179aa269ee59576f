"""One input file of a `mtedit correct` run, whichever executor computes it: read it, open its edit log
(keeping finished segments on --resume), and at the end write the corrected document."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from mtedit.commands.batch import FileJob
from mtedit.editlog import EditLogWriter, riskiest_first, write_edit_log
from mtedit.io import read_document, write_document
from mtedit.types import Document, Segment


@dataclass(frozen=True)
class FileResult:
    """A finished (or interrupted) file: its edit-log records, how many segments it has and how many were
    computed in this run."""

    records: list[dict]
    segments: int
    fresh: int
    elapsed: float
    interrupted: bool


class FileWork:
    """A file being post-edited: its document, its open edit log, and the indices of segments still to do."""

    def __init__(self, job: FileJob, args: argparse.Namespace) -> None:
        self.job = job
        self._args = args
        self.document: Document = read_document(job.input, source=job.source, fmt=args.input_format)
        self.writer = EditLogWriter(job.log, self.document.segments, resume=args.resume)
        self.todo: list[int] = [i for i in range(len(self.segments)) if i not in self.writer.finished]

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.document.segments

    def write(self, records: list[dict[str, Any]]) -> None:
        """Append finished records (each with its `index`) to the edit log, durably."""
        self.writer.write(records)

    def finish(self, elapsed: float, interrupted: bool = False) -> FileResult:
        """Close the edit log and write the document with every finished fix (drafts for the rest)."""
        self.writer.close()
        finished = self.writer.finished
        records = [finished[i] for i in sorted(finished)]
        finals = [finished[i]["fix"] if i in finished else seg.draft for i, seg in enumerate(self.segments)]
        if interrupted:  # stopped before its first record: the drafts still go where the output belongs
            self.job.output.parent.mkdir(parents=True, exist_ok=True)
        write_document(self.job.output, self.document, finals, fmt=self._args.format or self.document.format)
        if self._args.sort_risk and not interrupted:
            write_edit_log(self.job.log, riskiest_first(records))
        return FileResult(records, len(self.segments), len(self.todo), elapsed, interrupted)
