"""The memory stage of the pipeline: look every segment up before the engine runs.

An exact match is taken as the fix (reason `memory:exact`, the match attached as provenance), still checked
against the source, and the engine never sees that segment; a fuzzy match rides along on the engine's result
as a suggestion, never taken.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mtedit import __version__
from mtedit.errors import StoreError
from mtedit.memory.db import TranslationMemory
from mtedit.memory.feed import feed
from mtedit.memory.lookup import DEFAULT_THRESHOLD, lookup
from mtedit.memory.settings import MemorySettings
from mtedit.store import ReviewStore
from mtedit.types import MemoryMatch, Segment, SegmentResult

if TYPE_CHECKING:
    from mtedit.checks import Glossary
    from mtedit.engines.base import Engine
    from mtedit.pipeline import GateOptions, Progress
    from mtedit.repair import RepairOptions

EXACT_REASON = "memory:exact"


@dataclass(frozen=True)
class MemoryLookup:
    """A memory opened for a run, with the fuzzy threshold to use."""

    memory: TranslationMemory
    threshold: float = DEFAULT_THRESHOLD

    def matches(self, segments: Sequence[Segment]) -> list[MemoryMatch | None]:
        """One lookup per segment, over one connection."""
        with self.memory.read() as con:
            return [lookup(con, seg, self.threshold) for seg in segments]


def open_lookup(settings: MemorySettings, store_path: Path | None = None) -> tuple[MemoryLookup | None, str]:
    """The run's memory, fed from the review store at `store_path` when there is one, and a warning ("" : none).

    None when the memory is off, or when neither the default memory nor the store exists yet (nothing to
    remember). A read-only memory is used for lookups; the warning says it could not be fed.
    """
    if not settings.enabled:
        return None, ""
    store_exists = store_path is not None and store_path.exists()
    if not (settings.explicit or settings.path.exists() or store_exists):
        return None, ""
    memory = TranslationMemory(settings.path)
    warning = ""
    if store_exists and store_path is not None:
        if not memory.writable:
            warning = f"memory {memory.path} is read-only: used as it is, without the store's newest decisions"
        else:
            try:
                feed(memory, ReviewStore(store_path))
            except StoreError as exc:  # the store is unreadable here: the memory still helps as it is
                warning = f"memory not fed from the review store ({exc})"
    return MemoryLookup(memory, settings.threshold), warning


def exact_signature(match: MemoryMatch) -> str:
    where = f"|job:{match.job}" if match.job is not None else ""
    return f"memory:exact|origin:{match.origin}{where}|mtedit:{__version__}"


def taken(seg: Segment, match: MemoryMatch, glossary: Glossary | None) -> SegmentResult:
    """The result of a segment whose fix is an exact memory match."""
    from mtedit.pipeline import given_result

    result = given_result(seg, match.target, glossary=glossary, signature=exact_signature(match))
    verdict = replace(result.verdict, accepted=result.changed, reason=EXACT_REASON)
    return replace(result, verdict=verdict, memory=match)


def correct_with_memory(segments: Sequence[Segment], matches: Sequence[MemoryMatch | None], engine: Engine | None,
                        *, glossary: Glossary | None = None, batch_size: int = 16, gate: GateOptions | None = None,
                        progress: Progress | None = None, repair: RepairOptions | None = None) -> Iterator[SegmentResult]:
    """`pipeline.correct` with the segments' memory `matches` (from `MemoryLookup.matches`) applied; one result
    per segment, in input order. `engine` may be None when `needs_engine(matches)` is false."""
    from mtedit.pipeline import GateOptions, correct
    from mtedit.repair import RepairOptions

    rest = without_exact(segments, matches)
    if rest and engine is None:
        raise ValueError("an engine is needed for segments without an exact memory match")
    results = iter(()) if engine is None or not rest else correct(
        rest, engine, glossary=glossary, batch_size=batch_size, gate=gate or GateOptions(),
        repair=repair or RepairOptions())
    yield from merge_results(segments, matches, results, glossary, progress)


def without_exact(segments: Sequence[Segment], matches: Sequence[MemoryMatch | None]) -> list[Segment]:
    """The segments the engine must compute: those without an exact memory match."""
    return [seg for seg, m in zip(segments, matches) if not _is_exact(m)]


def merge_results(segments: Sequence[Segment], matches: Sequence[MemoryMatch | None], computed: Iterator[SegmentResult],
                  glossary: Glossary | None, progress: Progress | None = None) -> Iterator[SegmentResult]:
    """One result per segment, in order: an exact match taken, else the next of `computed` (the engine's results
    for `without_exact(segments, matches)`), with a fuzzy match attached."""
    for done, (seg, match) in enumerate(zip(segments, matches), 1):
        if _is_exact(match):
            yield taken(seg, match, glossary)  # type: ignore[arg-type]
        else:
            result = next(computed)
            yield result if match is None else replace(result, memory=match)
        if progress is not None:
            progress(done, len(segments))


def _is_exact(match: MemoryMatch | None) -> bool:
    return match is not None and match.kind == "exact"


def needs_engine(matches: Sequence[MemoryMatch | None]) -> bool:
    """Whether some segment has no exact match (so the engine must run)."""
    return not all(_is_exact(m) for m in matches)
