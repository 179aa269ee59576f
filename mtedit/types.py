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
    """An engine's best fix for one segment, plus optional n-best alternatives.

    `note` says why an engine proposes the draft itself instead of its output (e.g. an LLM answer
    that was not one corrected sentence); the edit log records it as the segment's reason.
    """

    text: str
    score: float | None = None
    nbest: tuple[Candidate, ...] = ()
    note: str = ""


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
class Repair:
    """A source-grounded edit of one flagged span: `before` at `span_before` of the text repaired became
    `after` at `span_after` of the result. `kind` is number, name, credit, hygiene or glossary; `resolves`
    and `message` are the kind and message of the check flag it removes."""

    kind: str
    before: str
    after: str
    span_before: Span
    span_after: Span
    resolves: str
    message: str


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
class MemoryMatch:
    """A translation-memory hit for a segment: an earlier decision on the same or a similar sentence.

    `kind` "exact" (taken as the fix) or "fuzzy" (offered, never taken silently); `score` is the similarity
    in percent of the matched `side` ("source", or "draft" when there is no source); `source`, `draft` and
    `target` are the memory's; `job` and `at` say where and when the decision was made (`origin`: the review
    store or the imported file it came from).
    """

    kind: Literal["exact", "fuzzy"]
    score: float
    side: Literal["source", "draft"]
    target: str
    source: str | None = None
    draft: str | None = None
    job: int | None = None
    at: str = ""
    origin: str = ""


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
    memory: MemoryMatch | None = None  # a translation-memory match (exact: it gave the fix)
    repairs: tuple[Repair, ...] = ()  # the repairs inside `fix`, spans after index it
    alternatives: tuple[str, ...] = ()  # the engine's other n-best hypotheses, best first (suggestions for the editor)
