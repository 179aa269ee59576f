"""Where a source name's word went in the target: the names of both sides aligned in order.

The name check knows which words of the source's names the target lacks; this module finds the target word
standing in such a word's place, so the flag can point at it and say what to write. The name words of both
sides are aligned in order (a target word that is a source name word, its close spelling or its exonym
counts as that word); where they differ, a lacking source word and a target word pair up only when neither
could pair with anything else, and only when the target word is, beyond reasonable doubt, the same name
gone wrong (`misspelling` says what a misspelling is):

- **swapped**: another name of the source, which the target then has more often than the source (Jordi
  Alba -> Edder Alba, Mario Monti -> Mario Mario); not an English word, which may translate another source
  word (Liga -> League), and not a doubled word whose order English may change (Promenade Promenade),
  unless the name is a person's;
- **misspelt**: close in spelling but no other transliteration, no translation and no English word
  (Zurich -> Znrsch; not Gadafi / Gaddafi, Palacio / Palais, Burdeos / Bordeaux); wherever it stands;
- **translated**: the word's dictionary translation where English keeps the word: a place English knows
  by its Spanish name (Costa Rica -> Coast Rica), a surname (Enrique Peña Nieto -> Enrique Crag Grandson),
  a first name before a kept surname (Cristiano Ronaldo -> Christian Ronaldo; not a pope's or a king's),
  or a word after a proper noun of its name that the target keeps right before it (Syntegra Capital ->
  Syntegra Main). Never a word for a kind of place, an institution or a title, never the head of a
  description (Doctrina Feres -> the Feres Doctrine, Lago Titicaca -> Lake Titicaca).

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
from mtedit.checks.misspelling import misspelt, plausible, unknown_english
from mtedit.checks.namefind import WORD, bare, name_key, similar_key
from mtedit.checks.namelists import GEOGRAPHIC, STOP_EN, STOP_ES, TITLES_EN, TITLES_ES, fold
from mtedit.types import Span

Why = Literal["swapped", "misspelt", "translated"]
WHY_TEXT: dict[Why, str] = {"swapped": "another name of the source", "misspelt": "misspelt",
                            "translated": "translated as a common word"}


@dataclass(frozen=True)
class NameWord:
    """One word of a name on one side: `key` folds it; `state` (source side): in the target as written or
    through an exonym ("found"), only spelled close ("close"), only as its dictionary translation
    ("translated"), or not at all ("absent")."""

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
    """The target word `wrong` at `span` stands where the source name `name` has `lacks`; write `right` (the
    same word, or its English exonym)."""

    name: str
    right: str
    wrong: str
    span: Span
    why: Why
    lacks: str


def name_words(text: str, names: Sequence[tuple[str, Span]], anchors: Callable[[str], Sequence[str]],
               state: Callable[[int, str], str] = lambda _i, _w: "found") -> list[NameWord]:
    """The anchor words of `names` (found in `text` at their spans), in text order."""
    out = []
    for index, (name, span) in enumerate(names):
        wanted = set(anchors(name))
        for m in WORD.finditer(text, span.start, span.end):
            word = bare(m.group(0))
            if word not in wanted:
                continue
            word_state = state(index, word)
            start = m.start()
            for part in word.split("-"):  # Berlin-Kreuzberg: each part a name of its own
                if len(part) > 1 and part[0].isupper():
                    out.append(NameWord(part, name_key(part), Span(start, start + len(part)), index, word_state))
                start += len(part) + 1
    return out


def _aligned_key(word: NameWord, source: Sequence[NameWord], exonym_sources: Callable[[str], Sequence[str]]) -> str:
    """The source key a target word stands for (itself, close spelling, exonym), else a key of its own."""
    for s in source:
        if s.key == word.key:
            return s.key
    for s in source:
        if not s.lacking and similar_key(s.key, word.key):
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


@dataclass(frozen=True)
class SourceFacts:
    """What the name check knows of the source's names (by index), for the alignment to ask."""

    names: Sequence[str]
    person: Callable[[int], bool]  # a person's name: after a role, or a first name first
    renamed_person: Callable[[int], bool]  # a pope's or a monarch's, whose first name English translates
    kept_in_english: Callable[[int, str], bool]  # English keeps this word of the name (Costa Rica)
    exonym_sources: Callable[[str], Sequence[str]]  # Spanish forms of an English exonym
    english_forms: Callable[[str], Sequence[str]]  # one-word English forms of a Spanish exonym (Irak -> Iraq)
    is_english_exonym: Callable[[str], bool]  # an English form of a Spanish name that differs (Bordeaux)


@dataclass
class _Alignment:
    source: Sequence[NameWord]
    target: Sequence[NameWord]
    tgt_keys: list[str]
    src_count: Counter
    tgt_count: Counter
    text: str
    facts: SourceFacts


def misplaced(source_words: Sequence[NameWord], target_words: Sequence[NameWord], facts: SourceFacts,
              target: str) -> list[Misplaced]:
    """The lacking source words located in the target; see the module docstring."""
    src_keys = [s.key for s in source_words]
    tgt_keys = [_aligned_key(t, source_words, facts.exonym_sources) for t in target_words]
    al = _Alignment(source_words, target_words, tgt_keys, Counter(src_keys), Counter(tgt_keys), target, facts)
    found: list[Misplaced] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, src_keys, tgt_keys, autojunk=False).get_opcodes():
        if op != "replace":
            continue
        found += _unique([(s, m) for s in source_words[i1:i2] for j in range(j1, j2)
                          if (m := _pair(s, j, al)) is not None])
    # a misspelling is plain wherever it stands: pair what the alignment left, in any order (Zürich / Zurnoh)
    placed_spans = {m.span for _, m in found}
    found += _unique([(s, m) for s in source_words if s.state in ("absent", "close")
                      for j, t in enumerate(target_words) if t.span not in placed_spans and al.tgt_keys[j][0] == "~"
                      and any(plausible(name_key(f), t.key) for f in facts.english_forms(s.key) or (s.word,))
                      and (m := _pair(s, j, al, only="misspelt")) is not None], among=found)
    found += _swapped_in_order(al, found)
    located = Counter(id(s) for s, _ in found)
    count = Counter(s.key for s, _ in found)  # a word the source has once can stand in one place only
    swaps = Counter(_aligned_key_of(m, al) for _, m in found if m.why == "swapped")  # no more than the extra ones
    return [m for s, m in found if located[id(s)] == 1 and count[s.key] <= al.src_count[s.key]
            and (m.why != "swapped" or swaps[k := _aligned_key_of(m, al)] <= al.tgt_count[k] - al.src_count[k])]


def _aligned_key_of(m: Misplaced, al: _Alignment) -> str:
    return next(k for t, k in zip(al.target, al.tgt_keys) if t.span == m.span)


def _unique(pairs: list[tuple[NameWord, Misplaced]], among: Sequence[tuple[NameWord, Misplaced]] = ()
            ) -> list[tuple[NameWord, Misplaced]]:
    """The pairs whose source word and target word pair with nothing else (nor with anything in `among`)."""
    words = Counter(id(s) for s, _ in [*pairs, *among])
    spans = Counter(m.span for _, m in [*pairs, *among])
    return [(s, m) for s, m in pairs if words[id(s)] == 1 and spans[m.span] == 1]


def _swapped_in_order(al: _Alignment, found: Sequence[tuple[NameWord, Misplaced]]) -> list[tuple[NameWord, Misplaced]]:
    """One source name word missing and one written once too often: the extra one stands for the missing one,
    in the source's order (Iveta ... Josef -> Josef ... Josef), where the alignment could not say which."""
    done = {id(s) for s, _ in found}
    lacking = [s for s in al.source if s.state == "absent" and id(s) not in done and len(s.key) >= 3
               and s.key not in STOP_ES and s.key not in TITLES_ES and s.key not in GEOGRAPHIC]
    used = {_aligned_key_of(m, al) for _, m in found if m.why == "swapped"}
    extra = [k for k in al.tgt_count if k[0] != "~" and al.tgt_count[k] == al.src_count[k] + 1 and k not in used]
    if len(lacking) != 1 or len(extra) != 1 or extra[0] == lacking[0].key:
        return []
    s, key = lacking[0], extra[0]
    places = [j for j, k in enumerate(al.tgt_keys) if k == key]
    beside_own = [j for j in places if _with_mates(j, s, key, al)]  # Stephen Trapattoni: the source has Stephen Ward
    beside_its = [j for j in places if any(_with_mates(j, w, key, al) for w in al.source if w.key == key)]
    if len(beside_own) == 1:
        j = beside_own[0]
    elif not beside_own and len(places) - len(beside_its) == 1:
        j = next(j for j in places if j not in beside_its)  # Giovanni Trapattoni is the right one
    elif not beside_own and not beside_its:
        j = places[sum(w.key == key for w in al.source[:al.source.index(s)])]
    else:
        return []
    m = None if any(n.span == al.target[j].span for _, n in found) else _pair(s, j, al)
    return [(s, m)] if m is not None and m.why == "swapped" else []


def _with_mates(j: int, word: NameWord, key: str, al: _Alignment) -> bool:
    """Target word `j` shares its name with a target word that is another word of `word`'s source name (not
    `key`, the word written twice)."""
    mates = {w.key for w in al.source if w.name == word.name and w.key not in (word.key, key)}
    return any(t.name == al.target[j].name and k in mates for t, k in zip(al.target, al.tgt_keys) if t is not al.target[j])


def _pair(s: NameWord, j: int, al: _Alignment, only: Why | None = None) -> Misplaced | None:
    """Target word `j` as source word `s` gone wrong, with what to write; None when it is not surely so."""
    t = al.target[j]
    if not s.lacking or len(s.key) < 3 or s.word.isupper() or t.word.isupper():
        return None
    if only == "misspelt" or s.state == "close":
        right = _misspelling_of(s, t, al.facts)
        return None if right is None else Misplaced(al.facts.names[s.name], right, t.word, t.span, "misspelt", s.word)
    why = _why(s, j, al)
    return None if why is None else Misplaced(al.facts.names[s.name], s.word, t.word, t.span, why, s.word)


def _misspelling_of(s: NameWord, t: NameWord, facts: SourceFacts) -> str | None:
    """The form `t` misspells: the source's word, or its English exonym (Irak -> Itsq -> Iraq)."""
    if facts.is_english_exonym(t.key):
        return None  # Bordeaux is Burdeos in English, not a misspelling of it
    if any(_akin(english, t.key) for english in translations(s.word) if english != s.key):
        return None  # Palacio -> Palais, Europa -> Eurocup: a translation, however odd, not a misspelt name
    if t.key.endswith("s") and not unknown_english(t.word[:-1]):
        return None  # Twitters: a plural
    forms = facts.english_forms(s.key) or (s.word,)
    right = [f for f in forms if misspelt(name_key(f), t.key, t.word)]
    return right[0] if len(right) == 1 else None


def _akin(a: str, b: str) -> bool:
    """Sharing a stem (four letters) or most letters: palace / palais, europe / eurocup."""
    return a[:4] == b[:4] or SequenceMatcher(None, a, b).ratio() >= 0.6


def _english_common(word: str) -> bool:
    """An English dictionary word that is no proper noun (League, Social, Promenade)."""
    return any("<np>" not in r and not r.startswith("*") for r in readings(word, "en") or ())


def _plain_word(word: str) -> bool:
    """A Spanish or English common word (Promenade, Bank, Costa), whose place in a name may move in English."""
    return word_kind(word, "es") == "common" or _english_common(word)


def _doubled(j: int, al: _Alignment) -> bool:
    """The same word right beside target word `j` in its name (Mario Mario)."""
    return any(0 <= k < len(al.target) and al.target[k].name == al.target[j].name and al.tgt_keys[k] == al.tgt_keys[j]
               for k in (j - 1, j + 1))


def _why(s: NameWord, j: int, al: _Alignment) -> Why | None:
    t, t_key, facts = al.target[j], al.tgt_keys[j], al.facts
    if s.state == "translated":  # its translation is in the target: a description, unless kept as a name
        return "translated" if _translated(s, j, al) else None
    if not t_key.startswith("~"):  # an English word there may translate another source word (Liga -> League)
        if t_key == s.key or al.tgt_count[t_key] <= al.src_count[t_key]:
            return None
        if not facts.person(s.name) and (_english_common(t.word) or _doubled(j, al) and (
                _plain_word(s.word) or _plain_word(t.word))):
            return None  # Promenade Promenade: which one stands for the other depends on the word order
        return "swapped"
    return "translated" if _translated(s, j, al) else None


def _first_name(word: str) -> bool:
    return any("<np><ant>" in r for r in readings(word, "es") or ())


def _translated(s: NameWord, j: int, al: _Alignment) -> bool:
    """Target word `j` is the dictionary translation of `s`, where English keeps `s` as it is: a place English
    knows by its Spanish name (Costa Rica -> Coast Rica), a surname (Enrique Peña Nieto -> Enrique Crag
    Grandson), a first name before a surname the target keeps (Cristiano Ronaldo -> Christian Ronaldo; not a
    pope's or a king's), or a word that follows a proper noun of its name, which the target keeps right before
    it (Syntegra Capital -> Syntegra Main). The head of a description may be translated (Doctrina Feres -> the
    Feres Doctrine)."""
    t, facts = al.target[j], al.facts
    if s.key in STOP_ES or s.key in GEOGRAPHIC or s.key in TITLES_ES or t.key in STOP_EN or t.key in TITLES_EN:
        return False
    if not lemmas(t.word, "en") & translations(s.word):
        return False
    if facts.kept_in_english(s.name, s.key):
        return True
    i = al.source.index(s)
    before = al.source[i - 1] if i > 0 and al.source[i - 1].name == s.name else None
    after = al.source[i + 1] if i + 1 < len(al.source) and al.source[i + 1].name == s.name else None
    if before is None:
        return (after is not None and _first_name(s.word) and not facts.renamed_person(s.name)
                and _kept_beside(after, j + 1, j, al))
    if facts.person(s.name):
        return True
    return _kept_beside(before, j - 1, j, al) and not _plain_word(before.word)


def _kept_beside(word: NameWord, k: int, j: int, al: _Alignment) -> bool:
    """Source name word `word` is in the target as target word `k`, in the same name as word `j`, right beside it."""
    if word.lacking or not 0 <= k < len(al.target) or al.target[k].name != al.target[j].name:
        return False
    first, second = sorted((al.target[k].span, al.target[j].span), key=lambda sp: sp.start)
    return al.target[k].key == word.key and re.fullmatch(r"[\s-]*", al.text[first.end:second.start]) is not None
