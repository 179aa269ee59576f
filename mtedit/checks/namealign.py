"""Where a source name's word went in the target: the names of both sides aligned in order.

The name check knows which words of the source's names the target lacks; this module finds the target word
standing in such a word's place, so the flag can point at it and say what to write. The name words of the
source and of the target are aligned in order (a target word that is a source name word, its close
spelling or its exonym counts as that word), and a lacking source word is located only where the alignment
pairs it one to one with a target word that is, beyond reasonable doubt, the same name gone wrong:

- **swapped**: another name of the source, which the target then has more often than the source
  (Jordi Alba -> Edder Alba, Mario Monti -> Mario Mario, Sotheby ... el museo Guggenheim -> Sotheby ...
  the Sotheby Museum);
- **misspelt**: a word no English dictionary knows, spelled close to the source's (same first letter,
  similar letters and length), and no exonym of it (Burdeos / Bordeaux is a place's English name);
- **translated**: the word's dictionary translation, where the name shows it was kept as a name (another
  of its words is in the target as in the source, right beside it: Costa Rica -> Coast Rica, Olga María
  Arenas -> Olga Maria Sand) or it is a person's (after a role or a first name). Never a word for a kind
  of place or institution (Lago Titicaca -> Lake Titicaca) and never an adjective before the kept words
  (Viejo San Juan -> Old San Juan).

Everything else stays unlocated: the flag then only says the name is missing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from mtedit.checks.lexicon import lemmas, readings, translations, word_kind
from mtedit.checks.namelists import GEOGRAPHIC, STOP_EN, STOP_ES, TITLES_EN, TITLES_ES, fold
from mtedit.types import Span

Why = Literal["swapped", "misspelt", "translated"]
WHY_TEXT: dict[Why, str] = {"swapped": "another name of the source", "misspelt": "misspelt",
                            "translated": "translated as a common word"}
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$")


@dataclass(frozen=True)
class NameWord:
    """One word of a name on one side: `key` folds it; `state` (source side): in the target as written or
    close ("found"), only as its dictionary translation ("translated"), or not at all ("absent")."""

    word: str
    key: str
    span: Span
    name: int  # index of its name on its side
    state: str = "found"

    @property
    def lacking(self) -> bool:
        return self.state != "found"


@dataclass(frozen=True)
class Misplaced:
    """The target word `wrong` at `span` stands where the source name `name` has `right`."""

    name: str
    right: str
    wrong: str
    span: Span
    why: Why


def _key(word: str) -> str:
    return fold(_POSSESSIVE.sub("", word).rstrip("."))


def name_words(text: str, names: Sequence[tuple[str, Span]], anchors: Callable[[str], Sequence[str]],
               state: Callable[[int, str], str] = lambda _i, _w: "found") -> list[NameWord]:
    """The anchor words of `names` (found in `text` at their spans), in text order."""
    out = []
    for index, (name, span) in enumerate(names):
        wanted = set(anchors(name))
        for m in _WORD.finditer(text, span.start, span.end):
            word = _POSSESSIVE.sub("", m.group(0))
            if word in wanted:
                out.append(NameWord(word, _key(word), Span(m.start(), m.start() + len(word)), index,
                                    state(index, word)))
    return out


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    return len(a) >= 4 and len(b) >= 4 and a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= 0.75


def _aligned_key(word: NameWord, source: Sequence[NameWord], exonym_sources: Callable[[str], Sequence[str]]) -> str:
    """The source key a target word stands for (itself, close spelling, exonym), else a key of its own."""
    for s in source:
        if s.key == word.key:
            return s.key
    for s in source:
        if not s.lacking and _similar(s.key, word.key):
            return s.key
    for spanish in exonym_sources(word.key):
        for s in source:
            if s.key in fold(spanish).split():
                return s.key
    return "~" + word.key


def as_target_writes(word: str, source_words: Sequence[NameWord], target_words: Sequence[NameWord]) -> str:
    """`word` without its accents when the target writes the source's other accented names without them."""
    plain = fold(word)
    if plain == word.lower():
        return word
    accented = {s.key for s in source_words if fold(s.word) != s.word.lower()}
    dropped = [t for t in target_words if t.key in accented]
    if dropped and all(fold(t.word) == t.word.lower() for t in dropped):
        return "".join(c if c.lower() == p else (p.upper() if c.isupper() else p) for c, p in zip(word, plain))
    return word


def misplaced(source_words: Sequence[NameWord], target_words: Sequence[NameWord], source_names: Sequence[str],
              person: Callable[[int], bool], exonym_sources: Callable[[str], Sequence[str]],
              is_exonym: Callable[[str], bool], target: str) -> list[Misplaced]:
    """The lacking source words located in the target; see the module docstring."""
    src_keys = [s.key for s in source_words]
    tgt_keys = [_aligned_key(t, source_words, exonym_sources) for t in target_words]
    src_count, tgt_count = Counter(src_keys), Counter(tgt_keys)
    found: list[Misplaced] = []
    matcher = SequenceMatcher(None, src_keys, tgt_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        pairs = []
        for s in source_words[i1:i2]:
            if not s.lacking or len(s.key) < 3 or s.word.isupper():
                continue
            for t, t_key in zip(target_words[j1:j2], tgt_keys[j1:j2]):
                why = None if t.word.isupper() else _why(s, t, t_key, src_count, tgt_count, source_words,
                                                          target_words, tgt_keys, person, is_exonym, target)
                if why == "swapped" and _doubled(t, target_words, tgt_keys) and not person(s.name) and (
                        _plain_word(s.word) or _plain_word(t.word)):
                    why = None  # Promenade Promenade: which one stands for the other depends on the word order
                if why is not None:
                    pairs.append(Misplaced(source_names[s.name], s.word, t.word, t.span, why))
        # within a stretch that differs, a pair counts only when neither of its words could pair otherwise
        found += [p for p in pairs if sum(q.right == p.right for q in pairs) == 1
                  and sum(q.span == p.span for q in pairs) == 1]
    located = Counter(m.right for m in found)  # a word the source has once can stand in one place only
    return [m for m in found if located[m.right] <= src_count[_key(m.right)]]


def _english_common(word: str) -> bool:
    """An English dictionary word that is no proper noun (League, Social, Promenade)."""
    return any("<np>" not in r and not r.startswith("*") for r in readings(word, "en") or ())


def _plain_word(word: str) -> bool:
    """A Spanish or English common word (Promenade, Bank, Costa), whose place in a name may move in English."""
    return word_kind(word, "es") == "common" or _english_common(word)


def _doubled(t: NameWord, target_words: Sequence[NameWord], tgt_keys: Sequence[str]) -> bool:
    """The same word right beside `t` in its name (Mario Mario)."""
    i = target_words.index(t)
    return any(0 <= j < len(target_words) and target_words[j].name == t.name and tgt_keys[j] == tgt_keys[i]
               for j in (i - 1, i + 1))


def _why(s: NameWord, t: NameWord, t_key: str, src_count: Counter, tgt_count: Counter,
         source_words: Sequence[NameWord], target_words: Sequence[NameWord], tgt_keys: Sequence[str],
         person: Callable[[int], bool], is_exonym: Callable[[str], bool], target: str) -> Why | None:
    if s.state == "translated":  # its translation is in the target: a description, unless kept as a name
        return "translated" if _translated(s, t, source_words, target_words, tgt_keys, person, target) else None
    if not t_key.startswith("~"):  # an English word there may translate another source word (Liga -> League)
        swapped = t_key != s.key and tgt_count[t_key] > src_count[t_key]
        return "swapped" if swapped and (person(s.name) or not _english_common(t.word)) else None
    if _misspelt(s, t) and not is_exonym(s.key) and not is_exonym(t.key):
        return "misspelt"
    if _translated(s, t, source_words, target_words, tgt_keys, person, target):
        return "translated"
    return None


def _unknown_english(word: str) -> bool:
    """No English dictionary reading (apertium marks an unknown word '*'); unknowable without apertium."""
    found = readings(word, "en")
    return found is not None and all(r.startswith("*") for r in found)


# spellings that differ between transliterations or languages (Sergyey / Serguei, Zug / Zoug, Abdullah / Abdalá)
_TRANSLITERATION = ((r"(.)\1", r"\1"), ("ou", "u"), ("kh", "j"), ("cz", "ch"), ("ph", "f"), ("h", ""), ("[yj]", "i"),
                    ("[kq]", "c"), ("z", "s"), ("w", "v"))


def _transliterated(word: str) -> str:
    for pattern, replacement in _TRANSLITERATION:
        word = re.sub(pattern, replacement, word)
    return word


def _misspelt(s: NameWord, t: NameWord) -> bool:
    """Close to the source's word (same first letter, length within a letter or two, half its letters), but
    no other transliteration of it, and a word no English dictionary knows."""
    a, b = s.key, t.key
    close = (a[0] == b[0] and abs(len(a) - len(b)) <= max(1, len(a) // 5)
             and SequenceMatcher(None, a, b).ratio() >= 0.5)
    variant = SequenceMatcher(None, _transliterated(a), _transliterated(b)).ratio() >= 0.8
    return close and not variant and _unknown_english(t.word)


def _translated(s: NameWord, t: NameWord, source_words: Sequence[NameWord], target_words: Sequence[NameWord],
                tgt_keys: Sequence[str], person: Callable[[int], bool], target: str) -> bool:
    if s.key in STOP_ES or s.key in GEOGRAPHIC or s.key in TITLES_ES or t.key in STOP_EN or t.key in TITLES_EN:
        return False
    if not lemmas(t.word, "en") & translations(s.word):
        return False
    if person(s.name) and source_words.index(s) > 0 and source_words[source_words.index(s) - 1].name == s.name:
        return True  # a surname (Megan Moreno -> Megan Dark)
    kept = {w.key for w in source_words if w.name == s.name and not w.lacking}
    index = target_words.index(t)
    beside = [j for j in (index - 1, index + 1) if 0 <= j < len(target_words)
              and target_words[j].name == t.name and tgt_keys[j] in kept and target_words[j].key == tgt_keys[j]
              and not _english_common(target_words[j].word)]  # Mexican Social Security: 'Social' is English too
    adjective = any("<adj>" in r for r in readings(t.word, "en") or ())
    if adjective and any(j > index for j in beside):
        return False  # Old San Juan: English puts a translated adjective before the name it keeps
    return bool(beside) and re.fullmatch(r"[\s-]*", _between(target, t, [target_words[j] for j in beside])) is not None


def _between(target: str, t: NameWord, others: Sequence[NameWord]) -> str:
    """The text between `t` and the nearest of `others` (only spaces or a hyphen when they are one name)."""
    other = min(others, key=lambda o: abs(o.span.start - t.span.start))
    start, end = (t.span.end, other.span.start) if other.span.start > t.span.start else (other.span.end, t.span.start)
    return target[start:end]
