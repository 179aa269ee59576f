"""Name repairs: a source name swapped or misspelt in the target (John Kelly -> John Kerry) or rendered as
common words (Vicente of the Forest -> Vicente del Bosque, the White minister -> minister Blanco, Ibrahim to
the Yaafari -> Ibrahim al Yaafari) gets the
source's form back. Only where the flags leave exactly one source name that can be meant."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from mtedit.checks.names import candidate_names
from mtedit.checks.lexicon import readings, word_kind
from mtedit.checks.namelists import PERSON_ROLES_ES, fold
from mtedit.repair.edits import Edit
from mtedit.types import Flag

_MISSING = re.compile(r"^source name '(.+)' not found in the target")
_GARBLED = re.compile(r"^source name '(.+)': '(.+)' became the common word '(.+)'; keep the name$")
_PARTICLE = re.compile(r"^source name '(.+)': '(.+)' became '(.+)'; keep the name$")
_UNEXPECTED = re.compile(r"^'(.+)' is not in the source")
_LOCATED = re.compile(r"^source name '(.+)': '(.+)' is .+; write '(.+)'$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]")
_PLACE_BEFORE = frozenset({"en", "a", "hacia", "desde", "hasta"})
_BETWEEN = re.compile(r"(?:\s+(?:of|the|to|from|at|in|de|del|la|las|los)){1,3}\s+")


def name_edits(source: str | None, target: str, flags: Sequence[Flag]) -> list[Edit]:
    """Edits for `name-missing` / `name-unexpected` error flags."""
    if source is None:
        return []
    edits = []
    errors = [f for f in flags if f.severity == "error" and f.kind.startswith("name-")]
    for flag in errors:
        if m := _GARBLED.match(flag.message):
            edits += _garbled(source, target, m.group(1), m.group(2), m.group(3), flag)
        elif (m := _LOCATED.match(flag.message)) and flag.span is not None:  # Edder Alba -> Jordi Alba
            edits.append(Edit(flag.span.start, flag.span.end, m.group(3), "name", flag))
        elif (m := _PARTICLE.match(flag.message)) and flag.span is not None:  # Ibrahim to the Yaafari
            edits.append(Edit(flag.span.start, flag.span.end, m.group(1), "name", flag))
    missing = [m.group(1) for f in errors if (m := _MISSING.match(f.message))]
    unexpected = [f for f in errors if f.kind == "name-unexpected" and f.span is not None]
    if len(missing) == 1 and len(unexpected) == 1 and _person(source, missing[0], unexpected[0], target):
        edits += _swap(target, missing[0], unexpected[0], errors)
    return edits


def _person_word(word: str, lang: str) -> bool:
    """Only a person's name in the dictionary: not Marina (also the navy), Rosa or Blanco."""
    found = readings(word, lang) or ()  # type: ignore[arg-type]
    return any("<np><ant>" in r or "<np><cog>" in r for r in found) and all("<np>" in r for r in found)


def _person(source: str, name: str, flag: Flag, target: str) -> bool:
    """Whether a swap can be repaired: a person's name (a first name or a role before it in the source, or a
    person's name in a dictionary), or a misspelling (spelled close, same first letter) of a name that is no
    place. A place may have another English name (Burdeos / Bordeaux): never swapped on spelling alone."""
    assert flag.span is not None
    wrong = target[flag.span.start:flag.span.end]
    if any(_person_word(w, "es") for w in name.split()) or any(_person_word(w, "en") for w in wrong.split()):
        return True
    place = False
    for n, span in candidate_names(source, "es"):
        before = re.search(r"(\w+)\.?[\s,]*$", source[:span.start])
        if n == name and before is not None and fold(before.group(1)) in PERSON_ROLES_ES:
            return True
        place |= n == name and before is not None and fold(before.group(1)) in _PLACE_BEFORE
    place |= any("<loc>" in r for w in name.split() for r in readings(w, "es") or ())
    close = fold(name)[:1] == fold(wrong)[:1] and SequenceMatcher(None, fold(name), fold(wrong)).ratio() >= 0.5
    return close and not place and not any(_english_word(w) for w in wrong.split())


def _english_word(word: str) -> bool:
    """An English word, or the plural of one (Czechoslovaks): a translation, not a misspelt name."""
    forms = (word, word[:-1]) if word.endswith("s") else (word,)
    return any(any("<np>" not in r and not r.startswith("*") for r in readings(f, "en") or ()) for f in forms)


def _swap(target: str, right: str, flag: Flag, errors: Sequence[Flag]) -> list[Edit]:
    """The one word of the unexpected name that differs, replaced by the one word of the source name that
    is missing (John Kelly -> John Kerry); the whole name when all its words differ (Chirac -> Hollande)."""
    assert flag.span is not None
    wrong = target[flag.span.start:flag.span.end]
    wrong_words = list(_WORD.finditer(wrong))
    right_words = _WORD.findall(right)
    right_keys = {fold(w) for w in right_words}
    new = [m for m in wrong_words if fold(m.group(0)) not in right_keys]
    lost = [w for w in right_words if fold(w) not in {fold(m.group(0)) for m in wrong_words} and w[:1].isupper()]
    if len(new) != 1 or len(lost) != 1 or not _swappable(new[0].group(0), lost[0]):
        return []
    if len(wrong_words) > 1:
        start = flag.span.start + new[0].start()
        return [Edit(start, start + len(new[0].group(0)), lost[0], "name", flag)]
    missing_flag = next(f for f in errors if _MISSING.match(f.message))
    return [Edit(flag.span.start, flag.span.end, lost[0], "name", missing_flag)]


def _swappable(wrong: str, right: str) -> bool:
    """Words long enough to be names, not acronyms or abbreviations (Va., CZ), and a source word that is no
    Spanish common word (Luces is the Enlightenment's 'Lumières', not a name to restore)."""
    return all(len(w) >= 4 and not w.isupper() for w in (wrong, right)) and word_kind(right, "es") != "common"


def _garbled(source: str, target: str, name: str, word: str, english: str, flag: Flag) -> list[Edit]:
    """The common word put back as the name: with the name's connectors (Vicente of the Forest -> Vicente del
    Bosque), or after the role it follows (the White minister -> minister Blanco)."""
    hits = list(re.finditer(rf"(?<!\w){re.escape(english)}(?!\w)", target))
    if len(hits) != 1 or not any(n == name for n, _ in candidate_names(source, "es")):
        return []
    hit = hits[0]
    words = name.split()
    index = words.index(word) if word in words else -1
    if index > 0:  # a surname after a first name: replace "First <connectors> English" by the source's form
        first = words[0]
        before = re.search(rf"(?<!\w){re.escape(first)}((?:{_BETWEEN.pattern})|\s+)$", target[:hit.start()])
        if before is not None and "".join(words[1:index]).islower() or before is not None and index == 1:
            return [Edit(before.start(), hit.end(), " ".join(words[:index + 1]), "name", flag)]
        return []
    role = re.match(r"\s+([a-z]+)\b", target[hit.end():])
    the = re.search(r"(?:\b[Tt]he\s+)$", target[:hit.start()])
    if len(words) == 1 and role and the:  # the White minister -> minister Blanco
        after = role.group(1) + " " + word
        if the.group(0)[0].isupper():
            after = after[0].upper() + after[1:]
        return [Edit(the.start(), hit.end() + role.end(), after, "name", flag)]
    return [Edit(hit.start(), hit.end(), word, "name", flag)]
