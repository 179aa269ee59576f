"""The engine protocol every engine (and every wrapper: cache, ensemble) implements, plus shared helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from mtedit import __version__
from mtedit.config import EngineConfig
from mtedit.types import Proposal, Segment


@dataclass(frozen=True)
class Usability:
    """Whether an engine can run here; if not, why and the command that fixes it."""

    ok: bool
    reason: str = ""
    remedy: str = ""

    def message(self) -> str:
        """One line for users: reason and remedy, or "ok"."""
        if self.ok:
            return "ok"
        return f"{self.reason}; {self.remedy}" if self.remedy else self.reason


@runtime_checkable
class Engine(Protocol):
    """Proposes one fix per segment; optionally scores given hypotheses under the same model."""

    config: EngineConfig

    @property
    def signature(self) -> str:
        """sacrebleu-style description of how proposals are produced (engine, model, revision, options)."""
        ...

    @property
    def can_score(self) -> bool:
        """True when `score` is available (forced decoding under a model)."""
        ...

    def propose(self, segments: Sequence[Segment]) -> list[Proposal]:
        """One proposal per segment, in the same order."""
        ...

    def score(self, segments: Sequence[Segment], hypotheses: Sequence[str]) -> list[float]:
        """Mean token log-prob of each hypothesis as the output for its segment; only when `can_score`."""
        ...

    def close(self) -> None:
        """Release the model / processes. Idempotent."""
        ...


def make_signature(fields: Sequence[tuple[str, object]]) -> str:
    """`key:value|...|mtedit:VERSION`; `|` and whitespace inside values are replaced so it stays parseable."""
    parts = [f"{key}:{_clean(value)}" for key, value in fields]
    parts.append(f"mtedit:{__version__}")
    return "|".join(parts)


def parse_signature(signature: str) -> dict[str, str]:
    """Inverse of `make_signature`: the fields as a dict."""
    return dict(part.split(":", 1) for part in signature.split("|") if ":" in part)


def _clean(value: object) -> str:
    return "_".join(str(value).replace("|", "/").split())
