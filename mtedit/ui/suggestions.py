"""Suggestions for the selected sentence: every alternative to the draft, each as a word diff against it.

The model's proposal is listed even when the gate kept the draft (with the gate's reason in plain words).
Another kind of alternative is one more function in `SOURCES`.
Keys 1..3 put a suggestion in the edit box; saving it unchanged records "took suggestion N".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape

from mtedit.gate import normalise
from mtedit.score import word_diff
from mtedit.store import ReviewRow
from mtedit.ui import render, wording

MAX_SHOWN = 3  # keys 1..3


@dataclass(frozen=True)
class Suggestion:
    """One alternative to the draft: where it comes from, its text, and a plain note."""

    kind: str
    text: str
    note: str = ""


def _proposal(row: ReviewRow) -> Iterator[Suggestion]:
    res = row.result
    yield Suggestion("model proposal", res.proposal, wording.reason(res.verdict.reason, res.changed))


def _nbest(row: ReviewRow) -> Iterator[Suggestion]:
    for text in row.result.alternatives:
        yield Suggestion("model alternative", text, "another reading the model found less likely")


def _memory(row: ReviewRow) -> Iterator[Suggestion]:
    match = row.result.memory
    if match is not None and match.kind == "fuzzy":
        where = f"job {match.job}" if match.job is not None else match.origin.split(":", 1)[-1]
        yield Suggestion(f"translation memory {match.score:.0f}%", match.target,
                         f"what the desk decided for a similar {match.side} ({where}); check what differs")


#: Where suggestions come from, in the order shown.
SOURCES: tuple[Callable[[ReviewRow], Iterator[Suggestion]], ...] = (_proposal, _memory, _nbest)


def suggestions(row: ReviewRow) -> list[Suggestion]:
    """The alternatives that differ from the draft (and from each other), at most MAX_SHOWN."""
    draft = normalise(row.result.segment.draft)
    seen = {draft, ""}
    out: list[Suggestion] = []
    for source in SOURCES:
        for s in source(row):
            key = normalise(s.text)
            if key not in seen:
                seen.add(key)
                out.append(s)
    return out[:MAX_SHOWN]


def taken(row: ReviewRow, text: str) -> int | None:
    """1-based number of the suggestion `text` is word for word, else None (an edit)."""
    key = normalise(text)
    return next((i for i, s in enumerate(suggestions(row), 1) if normalise(s.text) == key), None)


def panel_html(row: ReviewRow | None) -> str:
    """The suggestions area: numbered, each a word diff against the draft, with its text for the key to take."""
    if row is None or row.status == "furniture":
        return ""
    items = suggestions(row)
    if not items:
        return '<div id="mt-suggestions" class="mt-suggestions"><span class="mt-same">No suggestion differs ' \
               "from the draft.</span></div>"
    out = ['<div id="mt-suggestions" class="mt-suggestions"><b>Suggestions</b> '
           '<span class="mt-same">(press 1–3 to take one into the edit box, then edit; Enter saves)</span><ol>']
    for i, s in enumerate(items, 1):
        _, fix = render.diff_html(word_diff(row.result.segment.draft, s.text))
        out.append(f'<li class="mt-sugg" id="mt-sugg-{i}" data-n="{i}" data-text="{escape(s.text)}">'
                   f'<span class="mt-key">{i}</span> <b>{escape(s.kind)}</b>: {fix}'
                   f'<div class="mt-note">{escape(s.note)}</div></li>')
    out.append("</ol></div>")
    return "".join(out)


def marker_html(row: ReviewRow) -> str:
    """A compact marker for the table row: how many suggestions differ from the draft and the fix."""
    if row.status == "furniture":
        return ""
    fix = normalise(row.result.fix)
    n = sum(1 for s in suggestions(row) if normalise(s.text) != fix)
    if not n:
        return ""
    label = "1 suggestion" if n == 1 else f"{n} suggestions"
    return f' <span class="mt-sugg-mark" title="not taken as the fix: see Suggestions">{label}</span>'
