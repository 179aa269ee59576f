"""Typed records that cross module boundaries. All frozen: stages hand them on, never mutate them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["translate", "refine", "ape"]
Severity = Literal["error", "warning"]
DiffTag = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True)
class Segment:
    """One sentence (or an aligned group of sentences) to post-edit.

    `paragraph` is the 0-based paragraph index in the document, so writers can restore the layout.
    `source` is None when the editor has only the English draft. `alignment` is the shape of the
    source-draft sentence pairing when both came as documents ("1-1", or "2-1"/"1-2" for a merge).
    """

    id: str
    draft: str
    source: str | None = None
    reference: str | None = None
    paragraph: int = 0
    alignment: str = "1-1"


@dataclass(frozen=True)
class Document:
    """A story (or archive file) as a flat list of segments in reading order.

    `original` holds the bytes of a file that writers rebuild from (an XLIFF keeps its markup), else None.
    """

    name: str
    segments: tuple[Segment, ...]
    format: str = "txt"
    source_lang: str = "es"
    target_lang: str = "en"
    original: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def has_source(self) -> bool:
        return any(s.source for s in self.segments)


@dataclass(frozen=True)
class Candidate:
    """One hypothesis of an engine with its mean token log-probability (None if the engine has none)."""

    text: str
    score: float | None = None


@dataclass(frozen=True)
class Proposal:
    """An engine's best fix for one segment, plus optional n-best alternatives."""

    text: str
    score: float | None = None
    nbest: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into the text a flag concerns."""

    start: int
    end: int


@dataclass(frozen=True)
class Flag:
    """A problem found by a check: `side` says whether it concerns the draft or the fix."""

    kind: str
    severity: Severity
    message: str
    side: Literal["draft", "fix"] = "fix"
    span: Span | None = None


@dataclass(frozen=True)
class DiffOp:
    """One word-level edit turning draft words into fix words."""

    tag: DiffTag
    draft: str
    fix: str


@dataclass(frozen=True)
class GateVerdict:
    """The do-no-harm decision for one segment."""

    accepted: bool
    reason: str
    draft_score: float | None = None
    fix_score: float | None = None


@dataclass(frozen=True)
class SegmentResult:
    """Everything mtedit concluded about one segment; one line of the JSONL edit log."""

    segment: Segment
    proposal: str
    fix: str
    changed: bool
    verdict: GateVerdict
    signature: str
    flags: tuple[Flag, ...] = ()
    risk: float = 0.0
    diff: tuple[DiffOp, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    alternatives: tuple[str, ...] = ()  # the engine's other n-best hypotheses, best first (suggestions for the editor)
