"""Inline elements of an XLIFF segment: plain text for the model, and the tags carried onto an edited text.

Plain text: <g>, <pc> (2.0) and <mrk> are transparent (their text is kept; they become an open and a
close mark). Every other inline element (<x/>, <bx/>, <ex/>, <ph>, <bpt>, <ept>, <it>; in 2.0 <sc/>, <ec/>,
<sm/>, <em/>, <cp/>; a comment, anything unknown) is an opaque placeholder that adds no text: its content
is native code ("&lt;b&gt;", "{0}"), not English.
An <x/> or <ph> glued between two words stands for a break (a line break, an image) and counts as one
space, so "end.<x/>Next" reads "end. Next". Whitespace is collapsed to single spaces, as for every format.

Transfer onto an edited text (`fill`) goes by a diff of the words of plain draft and final, with
punctuation as words of its own ("Perez," is "Perez" + ","): marks of words that stay equal keep their
place (the whitespace around them included); marks of replaced or deleted words go to the start
(opening marks) or the end (closing marks) of the replacement, placeholders to the nearer end. Marks
keep their document order, so <g> pairs stay well nested and nothing is dropped or duplicated; a pair
that wraps the whole segment keeps wrapping it.
"""

from __future__ import annotations

import copy
import difflib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Literal, Union

Kind = Literal["open", "close", "empty"]
TRANSPARENT = frozenset({"g", "pc", "mrk"})
SEPARATING = frozenset({"x", "ph"})  # glued between two words, they count as a space
_STARTING = frozenset({"bpt", "bx", "sc", "sm"})  # halves of paired codes: prefer the start of a replacement
_ENDING = frozenset({"ept", "ex", "ec", "em"})


def local_name(tag: object) -> str:
    """`g` for "{ns}g", "x:g" or "g"; "" for a comment or processing instruction."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1] if isinstance(tag, str) else ""


@dataclass(frozen=True)
class InlineTag:
    """Where one inline element sits: `offset` is a character offset into the plain text."""

    name: str
    kind: Kind
    offset: int
    id: str | None = None


@dataclass(eq=False)
class _Mark:
    element: ET.Element
    kind: Kind
    partner: _Mark | None = None

    @property
    def name(self) -> str:
        return local_name(self.element.tag) or "comment"

    @property
    def prefers(self) -> str | None:
        """"start" or "end" of a replacement, or None to go by position."""
        if self.kind == "open" or self.name in _STARTING or self.element.get("pos") == "open":
            return "start"
        if self.kind == "close" or self.name in _ENDING or self.element.get("pos") == "close":
            return "end"
        return None


Item = Union[str, _Mark]  # whitespace, or a mark


@dataclass
class Layout:
    """A segment as tokens (words and punctuation) plus marks: where every inline element sits among them."""

    tokens: list[str]
    spaced: list[bool] = field(default_factory=list)  # spaced[k]: the plain text has a space before token k
    lead: list[Item] = field(default_factory=list)  # leading whitespace and pairs wrapping the whole segment
    tail: list[Item] = field(default_factory=list)
    before: list[list[Item]] = field(default_factory=list)  # per token: marks (and whitespace) just before it
    inner: list[list[tuple[int, _Mark]]] = field(default_factory=list)  # per token: (character offset, mark)
    after: list[list[Item]] = field(default_factory=list)
    seps: list[str] = field(default_factory=list)  # seps[k]: the whitespace before token k as in the file
    glued: set[_Mark] = field(default_factory=set)  # <x/>, <ph> that stand for the space before the next word

    @property
    def text(self) -> str:
        return "".join((" " if space else "") + token for token, space in zip(self.tokens, self.spaced))

    @property
    def tags(self) -> tuple[InlineTag, ...]:
        """Every inline element in document order with its offset in `text`."""
        out: list[InlineTag] = []

        def add(items: list[Item], offset: int) -> None:
            out.extend(InlineTag(m.name, m.kind, offset, m.element.get("id")) for m in items if isinstance(m, _Mark))

        add(self.lead, 0)
        start = 0
        for k, token in enumerate(self.tokens):
            start += self.spaced[k]
            add(self.before[k], start)
            for offset, mark in self.inner[k]:
                add([mark], start + offset)
            add(self.after[k], start + len(token))
            start += len(token)
        add(self.tail, start)
        return tuple(out)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def split_tokens(text: str) -> tuple[list[str], list[bool]]:
    """Words and punctuation runs of `text`, and whether a space comes before each."""
    tokens: list[str] = []
    spaced: list[bool] = []
    for n, word in enumerate(text.split()):
        start = 0
        for i in range(1, len(word) + 1):
            if i == len(word) or _word_char(word[i]) != _word_char(word[i - 1]):
                tokens.append(word[start:i])
                spaced.append(start == 0 and n > 0)
                start = i
    return tokens, spaced


def _stream(element: ET.Element) -> list[Item]:
    """The content of `element` as text pieces and marks in document order."""
    out: list[Item] = []
    if element.text:
        out.append(element.text)
    for child in element:
        if local_name(child.tag) in TRANSPARENT:
            opening = _Mark(child, "open")
            closing = _Mark(child, "close", partner=opening)
            opening.partner = closing
            out += [opening, *_stream(child), closing]
        else:
            out.append(_Mark(child, "empty"))
        if child.tail:
            out.append(child.tail)
    return out


def _add_space(items: list[Item], ch: str) -> None:
    if items and isinstance(items[-1], str):
        items[-1] += ch
    else:
        items.append(ch)


def read_layout(element: ET.Element | None) -> Layout:
    """The tokens of `element`'s plain text and where each inline element sits among them."""
    tokens: list[str] = []
    spaced: list[bool] = []
    inner: list[list[tuple[int, _Mark]]] = []
    gaps: list[list[Item]] = [[]]  # gaps[k]: whitespace and marks before token k
    current: list[str] | None = None
    pending: list[_Mark] = []  # marks met since the current token's last character

    def begin(ch: str, space: bool) -> list[str]:
        spaced.append(space)
        inner.append([])
        return [ch]

    def finish(chars: list[str]) -> None:
        tokens.append("".join(chars))
        gaps.append(list(pending))
        pending.clear()

    for item in _stream(element) if element is not None else []:
        if isinstance(item, _Mark):
            (pending if current is not None else gaps[-1]).append(item)
            continue
        for ch in item:
            if ch.isspace():
                if current is not None:
                    finish(current)
                    current = None
                _add_space(gaps[-1], ch)
            elif current is None:
                current = begin(ch, bool(tokens))
            elif any(m.kind == "empty" and m.name in SEPARATING for m in pending):
                finish(current)
                current = begin(ch, True)  # a glued <x/> or <ph> counts as a space
            elif _word_char(ch) != _word_char(current[-1]):
                finish(current)
                current = begin(ch, False)
            else:
                inner[-1] += [(len(current), m) for m in pending]
                pending.clear()
                current.append(ch)
    if current is not None:
        finish(current)
    return _attach(Layout(tokens=tokens, spaced=spaced, inner=inner), gaps)


def _attach(layout: Layout, gaps: list[list[Item]]) -> Layout:
    """Give each gap's marks to the token before or after it; whole-segment pairs go to lead and tail."""
    n = len(layout.tokens)
    if not n:
        layout.lead = gaps[0]
        return layout
    first, last = gaps[0], gaps[-1]
    opens = [i for i, it in enumerate(first) if isinstance(it, _Mark)]
    opens = opens[:next((c for c, i in enumerate(opens) if first[i].kind != "open"), len(opens))]  # type: ignore[union-attr]
    closes = [i for i, it in enumerate(last) if isinstance(it, _Mark)]
    cut = next((c for c in range(len(closes) - 1, -1, -1) if last[closes[c]].kind != "close"), -1)  # type: ignore[union-attr]
    closes = closes[cut + 1:]
    wrap = 0
    while wrap < min(len(opens), len(closes)) and first[opens[wrap]].partner is last[closes[-1 - wrap]]:  # type: ignore[union-attr]
        wrap += 1
    lead_end = opens[wrap - 1] + 1 if wrap else 0
    tail_start = closes[-wrap] if wrap else len(last)
    if lead_end < len(first) and isinstance(first[lead_end], str):
        lead_end += 1  # whitespace right after the wrapping marks (or leading whitespace) stays at the start
    if tail_start > 0 and isinstance(last[tail_start - 1], str):
        tail_start -= 1
    layout.lead, layout.tail = first[:lead_end], last[tail_start:]
    layout.before, layout.after, layout.seps = [[] for _ in range(n)], [[] for _ in range(n)], [""] * n
    layout.before[0], layout.after[-1] = first[lead_end:], last[:tail_start]
    for k in range(1, n):
        gap = gaps[k]
        space = next((i for i, it in enumerate(gap) if isinstance(it, str)), None)
        if space is not None:
            layout.after[k - 1], layout.seps[k], layout.before[k] = gap[:space], gap[space], gap[space + 1:]  # type: ignore[assignment]
            continue
        split = next((i for i, it in enumerate(gap) if isinstance(it, _Mark) and it.kind == "open"), len(gap))
        layout.after[k - 1], layout.before[k] = gap[:split], gap[split:]
        if layout.spaced[k] and split:
            layout.glued.add(gap[split - 1])  # type: ignore[arg-type]
    return layout


def _marks(items: list[Item]) -> list[_Mark]:
    return [m for m in items if isinstance(m, _Mark)]


def _split(wants: list[str]) -> int:
    """How many of a replaced run's marks (in order) go to its start: the most marks where they prefer, ties later."""
    best, best_score = 0, -1
    for s in range(len(wants) + 1):
        score = wants[:s].count("start") + wants[s:].count("end")
        if score >= best_score:
            best, best_score = s, score
    return best


def transfer(layout: Layout, final: str) -> list[Item]:
    """The content for `final` as text pieces and marks: every mark of `layout` exactly once, in document order."""
    new, spaced = split_tokens(final)
    m = len(new)
    before: list[list[Item]] = [[] for _ in new]
    after: list[list[Item]] = [[] for _ in new]
    inner: list[list[tuple[int, _Mark]]] = [[] for _ in new]
    seps: list[str | None] = [None] * m  # None: a space or nothing, as in `final`
    loose: list[Item] = []  # marks of a text edited down to nothing
    matcher = difflib.SequenceMatcher(a=layout.tokens, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for d in range(i2 - i1):
                i, j = i1 + d, j1 + d
                before[j] += layout.before[i]
                inner[j] = list(layout.inner[i])
                after[j] += layout.after[i]
                if d and layout.spaced[i] == spaced[j]:
                    seps[j] = layout.seps[i]
            continue
        moved: list[tuple[_Mark, str]] = []
        size = i2 - i1
        for i in range(i1, i2):
            spots = [(mk, i - i1) for mk in _marks(layout.before[i])]
            spots += [(mk, i - i1 + 0.5) for _, mk in layout.inner[i]]
            spots += [(mk, i - i1 + 1) for mk in _marks(layout.after[i])]
            moved += [(mk, mk.prefers or ("start" if 2 * pos < size else "end")) for mk, pos in spots]
        s = _split([want for _, want in moved])
        heads, ends = [mk for mk, _ in moved[:s]], [mk for mk, _ in moved[s:]]
        if j2 > j1:
            before[j1] += heads
            after[j2 - 1] += ends
        else:
            slot = after[j1 - 1] if j1 > 0 else before[0] if m else loose
            slot += heads + ends
    out: list[Item] = list(layout.lead)
    for j, token in enumerate(new):
        if j:
            sep = seps[j]
            if sep is None:
                glued = bool(after[j - 1]) and after[j - 1][-1] in layout.glued
                sep = " " if spaced[j] and not glued else ""
            out += after[j - 1] + [sep]
        out += before[j]
        cut = 0
        for offset, mk in inner[j]:
            out += [token[cut:offset], mk]
            cut = offset
        out.append(token[cut:])
    if m:
        out += after[m - 1]
    return out + loose + layout.tail


def _append_text(parent: ET.Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def fill(element: ET.Element, layout: Layout, final: str) -> None:
    """Replace `element`'s content (attributes and tail kept) with `final` carrying `layout`'s inline elements."""
    element.text = None
    for child in list(element):
        element.remove(child)
    stack = [element]
    opened: list[_Mark] = []
    for item in transfer(layout, final):
        if isinstance(item, str):
            _append_text(stack[-1], item)
        elif item.kind == "open":
            stack.append(ET.SubElement(stack[-1], item.element.tag, dict(item.element.attrib)))
            opened.append(item)
        elif item.kind == "close":
            if not opened or opened[-1].partner is not item:
                raise ValueError(f"inline <{item.name}> closes out of order")  # cannot happen: order is kept
            opened.pop()
            stack.pop()
        else:
            clone = copy.deepcopy(item.element)
            clone.tail = None
            stack[-1].append(clone)
