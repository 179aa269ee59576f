"""How long a story will take to compute, estimated before any work, so a very large one is confirmed first.

The estimate is characters divided by a rate measured on this project's machines (2 CPU cores): the bundled
8.4M-parameter model through `generate` at beam 4 runs ~17 sentences (~2,200 characters) a second, and a
larger model runs slower in proportion to its weights on disk; Apertium runs ~400 sentences a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mtedit.config import EngineConfig
from mtedit.types import Segment

SEQ2SEQ_CHARS_PER_SECOND = 2_200.0  # the bundled model, beam 4
REFERENCE_MODEL_BYTES = 33_500_000  # its model.safetensors
APERTIUM_CHARS_PER_SECOND = 50_000.0
CONFIRM_SECONDS = 15 * 60  # a run expected to take longer than this is confirmed first (--yes, or on the page)


@dataclass(frozen=True)
class SizeEstimate:
    """What computing some segments with one engine will take."""

    segments: int
    characters: int
    seconds: float
    engine: str

    @property
    def needs_confirmation(self) -> bool:
        return self.seconds > CONFIRM_SECONDS

    def describe(self) -> str:
        """`"12,000 sentences (1.6 MB), about 2 h 5 min with refine"`."""
        return (f"{self.segments:,} sentences ({_size(self.characters)}), about {duration(self.seconds)}"
                f" with {self.engine}")


def _size(characters: int) -> str:
    return f"{characters / 1e6:.1f} MB" if characters >= 100_000 else f"{characters / 1e3:.0f} KB"


def duration(seconds: float) -> str:
    """`"45 s"`, `"12 min"`, `"3 h 20 min"`."""
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def _model_bytes(folder: Path | None) -> int:
    if folder is None or not folder.is_dir():
        return REFERENCE_MODEL_BYTES
    weights = [p.stat().st_size for p in folder.glob("*.safetensors")]
    return max(REFERENCE_MODEL_BYTES, sum(weights)) if weights else REFERENCE_MODEL_BYTES


def chars_per_second(engine: EngineConfig) -> float:
    """The estimated rate of `engine`: Apertium's, or the bundled model's scaled by model size and beam."""
    if engine.kind == "apertium":
        return APERTIUM_CHARS_PER_SECOND
    beam = max(1, engine.beam)
    return SEQ2SEQ_CHARS_PER_SECOND * (REFERENCE_MODEL_BYTES / _model_bytes(engine.model)) * min(2.0, 4 / beam)


def estimate(segments: Sequence[Segment], engine: EngineConfig) -> SizeEstimate:
    """The time `engine` should take for `segments` (decoding time follows the length of the drafts)."""
    characters = sum(len(s.draft) for s in segments)
    return SizeEstimate(len(segments), characters, characters / chars_per_second(engine), engine.name)
