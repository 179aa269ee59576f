"""Where `mtedit correct` computes: in this process (the default) or on a Ray cluster.

Both map the same stage function (`Stage`: segments + a loaded engine -> one SegmentResult each, in order)
over the segments still to do of every input file, and both write outputs and edit logs through
`files.FileWork`, so their files are identical. An executor yields one `FileOutcome` per input file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kept light: the command line imports this module before it knows the executor
    from mtedit.commands.batch import FileJob
    from mtedit.engines.base import Engine
    from mtedit.errors import MteditError
    from mtedit.executors.files import FileResult
    from mtedit.types import Segment, SegmentResult

#: The per-batch work of a run: must be picklable (a module-level function or a partial of one) for Ray.
Stage = Callable[[Sequence["Segment"], "Engine"], Iterator["SegmentResult"]]
#: Loads the run's engine; called once per process (the run's, or each Ray actor's).
EngineLoader = Callable[[], "Engine"]


@dataclass(frozen=True)
class MemoryStep:
    """The translation memory of a run, looked up in the process that reads the files: exact matches are taken
    without the engine, fuzzy ones attached to the engine's results."""

    lookup: Any  # mtedit.memory.stage.MemoryLookup
    glossary: Any = None


@dataclass(frozen=True)
class FileOutcome:
    """One input file of a run: its result, or the error that stopped it (the batch goes on)."""

    job: FileJob
    result: FileResult | None = None
    error: MteditError | None = None
