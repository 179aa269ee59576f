"""Highlighting of one sentence for the review page: word diffs (draft against fix) and flagged words, escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from mtedit.types import DiffOp, Flag, SegmentResult
from mtedit.ui.repairs import mark_class, repair_flags

_WORD = re.compile(r"\S+")


def word_flags(text: str, flags: Sequence[Flag]) -> list[tuple[Flag, ...]]:
    """For each word of `text.split()`, the flags whose character span [start, end) overlaps it.

    An empty span marks the word it touches; a span over whitespace only (doubled spaces) marks the word before it.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    marks: list[list[Flag]] = [[] for _ in words]
    for flag in flags:
        if flag.span is None or not words:
            continue
        start, end = flag.span.start, max(flag.span.end, flag.span.start + 1)
        hit = [i for i, (ws, we) in enumerate(words) if ws < end and start < we]
        if not hit:
            before = [i for i, (ws, _) in enumerate(words) if ws < start]
            hit = [before[-1] if before else 0]
        for i in hit:
            marks[i].append(flag)
    return [tuple(m) for m in marks]


def _word(word: str, flags: Sequence[Flag]) -> str:
    """One escaped word, inside a <mark> titled with the flag messages when flags concern it."""
    if not flags:
        return escape(word)
    title = " | ".join(f"{f.kind}: {f.message}" for f in flags)
    return f'<mark class="{mark_class(flags)}" title="{escape(title)}">{escape(word)}</mark>'


def text_html(text: str, flags: Sequence[Flag] = ()) -> str:
    """`text` escaped (words joined by one space), the words under flag spans marked."""
    return " ".join(_word(w, f) for w, f in zip(text.split(), word_flags(text, flags)))


def _words(text: str, marks: Sequence[Sequence[Flag]] | None, pos: int) -> str:
    words = text.split()
    if marks is None:
        return escape(text)
    return " ".join(_word(w, marks[pos + i]) for i, w in enumerate(words))


def diff_html(ops: Sequence[DiffOp], draft_marks: Sequence[Sequence[Flag]] | None = None,
              fix_marks: Sequence[Sequence[Flag]] | None = None) -> tuple[str, str]:
    """(draft, fix) as HTML with deleted, inserted and replaced words marked; everything escaped.

    `draft_marks` / `fix_marks` (from `word_flags`, one entry per word) add flag highlights; they are
    ignored when their word count does not match the words of the ops.
    """
    if draft_marks is not None and len(draft_marks) != sum(len(op.draft.split()) for op in ops):
        draft_marks = None
    if fix_marks is not None and len(fix_marks) != sum(len(op.fix.split()) for op in ops):
        fix_marks = None
    draft: list[str] = []
    fix: list[str] = []
    dpos = fpos = 0
    for op in ops:
        d, f = _words(op.draft, draft_marks, dpos), _words(op.fix, fix_marks, fpos)
        dpos, fpos = dpos + len(op.draft.split()), fpos + len(op.fix.split())
        if op.tag == "equal":
            draft.append(d)
            fix.append(f)
        elif op.tag == "delete":
            draft.append(f'<del class="mt-del">{d}</del>')
        elif op.tag == "insert":
            fix.append(f'<ins class="mt-ins">{f}</ins>')
        else:
            draft.append(f'<del class="mt-rep-del">{d}</del>')
            fix.append(f'<ins class="mt-rep-ins">{f}</ins>')
    return " ".join(p for p in draft if p), " ".join(p for p in fix if p)


def texts_html(res: SegmentResult) -> tuple[str, str]:
    """(draft, fix) HTML of a result: the word diff when changed, flagged spans marked on their side.

    When the fix is the draft, the fix's flags are marked on the draft text too (it is the same text).
    """
    draft_flags = [f for f in res.flags if f.side == "draft"]
    fix_flags = [f for f in res.flags if f.side == "fix"] + repair_flags(res)
    if res.changed:
        return diff_html(res.diff, word_flags(res.segment.draft, draft_flags), word_flags(res.fix, fix_flags))
    same = res.fix == res.segment.draft
    return (text_html(res.segment.draft, [*draft_flags, *fix_flags] if same else draft_flags),
            text_html(res.fix, fix_flags))
