"""Is a sentence-initial capitalised word a name or a common word?

A capital at the start of a sentence says nothing, so the name check asks a lexicon. When Debian's
apertium-eng-spa is installed, its morphological analysers answer (Spanish: spa-eng.automorf.bin,
English: eng-spa.automorf.bin): a word unknown to the dictionary, or known only as a proper noun
(<np>), is a name; a word with any common reading (Paz, Diez, May, Will) is not. One `lt-proc -z`
process per language is started on first use and kept for the life of the program (null-flushed
queries, about 30 microseconds each, cached). Without apertium, a built-in list of frequent
capitalised sentence starters is the fallback.
"""

from __future__ import annotations

import atexit
import os
import re
import select
import shutil
import subprocess
import threading
from functools import lru_cache
from pathlib import Path
from typing import Literal

from mtedit.checks.namelists import STARTERS_EN, STARTERS_ES, STOP_EN, STOP_ES, fold

Lang = Literal["es", "en"]
_BIN = {"es": "spa-eng.automorf.bin", "en": "eng-spa.automorf.bin"}
_LETTERS = re.compile(r"[^\W\d_]+")
_TIMEOUT_S = 2.0
# Word shapes of common words that a dictionary may lack (Elogió, Interanualmente, Splashing, Curbed).
_COMMON_SHAPE = {
    "es": re.compile(r"(?:mente|ción|ciones|sión|siones|[^aeou]ó|aron|ieron|aban|ían|rían|ados|adas|idos|idas)$"),
    "en": re.compile(r"(?:ing|ings|(?<!m)ed|ly|ness|tion|tions|ment|ments|ful|less)$"),
}


class _Analyser:
    """One persistent `lt-proc -z` process; `analyse(word)` returns its readings, or None when unusable.

    With `bilingual`, it runs `lt-proc -b` on a bilingual dictionary: the query is one analysed
    word (`química<n><f><sg>`) and the readings are its translations (`chemistry<n><sg>`).
    """

    def __init__(self, binary: Path, bilingual: bool = False) -> None:
        self._binary = binary
        self._bilingual = bilingual
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._broken = False

    def _start(self) -> subprocess.Popen[bytes] | None:
        lt_proc = shutil.which("lt-proc")
        if lt_proc is None or not self._binary.is_file():
            return None
        flags = ["-b", "-z"] if self._bilingual else ["-z"]
        proc = subprocess.Popen([lt_proc, *flags, str(self._binary)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        atexit.register(self.close)
        return proc

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def analyse(self, word: str) -> list[str] | None:
        with self._lock:
            if self._broken:
                return None
            try:
                if self._proc is None:
                    self._proc = self._start()
                    if self._proc is None:
                        self._broken = True
                        return None
                reply = self._ask(self._proc, f"^{word}$ " if self._bilingual else word)  # the blank flushes -b
            except (OSError, TimeoutError, ValueError):
                reply = None
            if reply is None or not reply.startswith(f"^{word}/") or "$" not in reply:
                self._broken = True  # out of step or dead: never trust it again
                self.close()
                return None
            return reply[len(word) + 2:reply.index("$")].split("/")

    @staticmethod
    def _ask(proc: subprocess.Popen[bytes], word: str) -> str | None:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(word.encode("utf-8") + b"\0")
        proc.stdin.flush()
        fd, buf = proc.stdout.fileno(), b""
        while not buf.endswith(b"\0"):
            ready, _, _ = select.select([fd], [], [], _TIMEOUT_S)
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                return None
            buf += chunk
        return buf[:-1].decode("utf-8", errors="replace").strip()


def _apertium_data() -> Path | None:
    """apertium-eng-spa's data folder, found next to the `lt-proc` executable's prefix."""
    lt_proc = shutil.which("lt-proc")
    if lt_proc is None:
        return None
    folder = Path(lt_proc).resolve().parent.parent / "share" / "apertium" / "apertium-eng-spa"
    return folder if folder.is_dir() else None


_ANALYSERS: dict[str, _Analyser] = {}
_INIT = threading.Lock()


def _analyser(lang: Lang | Literal["es-en"]) -> _Analyser | None:
    """The morphological analyser of `lang`, or the Spanish->English bilingual dictionary ("es-en")."""
    with _INIT:
        if lang not in _ANALYSERS:
            data = _apertium_data()
            if data is None:
                return None
            if lang == "es-en":
                _ANALYSERS[lang] = _Analyser(data / "spa-eng.autobil.bin", bilingual=True)
            else:
                _ANALYSERS[lang] = _Analyser(data / _BIN[lang])
        return _ANALYSERS[lang]


def uses_apertium(lang: Lang) -> bool:
    """Whether the apertium analyser for `lang` is installed and working."""
    analyser = _analyser(lang)
    return analyser is not None and analyser.analyse("a" if lang == "es" else "the") is not None


@lru_cache(maxsize=65536)
def is_name_word(word: str, lang: Lang) -> bool:
    """True when capitalised `word` (sentence-initial) is a name rather than a common word.

    'Hollande', 'Merkel', 'Tymoshenko', 'SAP' -> True; 'Según', 'Ayer', 'The', 'According', 'Paz' -> False.
    Stop words and frequent sentence starters are common; short all-capital words are acronyms, so
    names; the rest is up to apertium, where an unknown word is a name unless its shape says it
    is an inflected common word (-mente, -ción, -ó; -ing, -ly, -ness). Only the leading letters count ("Paclík's" -> "Paclík").
    """
    match = _LETTERS.match(word)
    if match is None:
        return False
    core = match.group(0)
    if re.search(r"n['’]t$", word.lower()):
        return False  # Don't, Can't
    if fold(core) in (STOP_ES if lang == "es" else STOP_EN) or fold(core) in (
            STARTERS_ES if lang == "es" else STARTERS_EN):
        return False
    if core.isupper() and len(core) <= 5:
        return True  # an acronym: SAP, ABC, EFE
    analyser = _analyser(lang)
    readings = analyser.analyse(core) if analyser is not None else None
    if readings is None or readings[0].startswith("*"):
        return len(core) < 5 or not _COMMON_SHAPE[lang].search(core.lower())
    return all("<np>" in r for r in readings)


WordKind = Literal["proper", "common", "verb", "unknown"]
_CONTENT = re.compile(r"<(?:n|adj|det><ord|num|np|adv|vblex><pp)>")


def readings(word: str, lang: Lang) -> tuple[str, ...] | None:
    """The dictionary's readings of a word ('Argel' -> ('Argel<np><loc><m><sg>',)); None without apertium."""
    return _readings(word, lang)


@lru_cache(maxsize=65536)
def _readings(word: str, lang: Lang) -> tuple[str, ...] | None:
    """The analyser's readings of a plain word ('*word' when unknown); None without apertium."""
    analyser = _analyser(lang)
    if analyser is not None and not _LETTERS.fullmatch(word):
        return (f"*{word}",)  # only plain words: anything else would put the analyser out of step
    readings = analyser.analyse(word) if analyser is not None else None
    return None if readings is None else tuple(readings)


@lru_cache(maxsize=65536)
def word_kind(word: str, lang: Lang) -> WordKind:
    """What a capitalised word inside a sentence is, by the dictionary.

    'proper': an acronym (PAN, DEMOS), a word known only as a proper noun (Merkel, Argel), or one
    the dictionary lacks and whose shape is not that of an inflected common word (Tymoshenko);
    'common': it has a noun/adjective/numeral/adverb reading, so a name made of it may be a
    translatable description (Química, Sexta Avenida, Youth); 'verb': only verb or function-word
    readings, so capitalised it can only be a name (Leer, Cité, Has); 'unknown': no dictionary.
    """
    match = _LETTERS.match(word)
    if match is None:
        return "common"
    core = match.group(0)
    if core.isupper() and len(core) >= 2:
        return "proper"
    readings = _readings(core, lang)
    if readings is None:
        return "unknown"
    if readings[0].startswith("*"):
        return "common" if len(core) >= 5 and _COMMON_SHAPE[lang].search(core.lower()) else "proper"
    if all("<np>" in r for r in readings):
        return "proper"
    if any(_CONTENT.search(r) and "<np>" not in r for r in readings):
        return "common"
    return "verb"


@lru_cache(maxsize=65536)
def translations(word: str) -> frozenset[str]:
    """Folded English lemmas of a Spanish word's noun/adjective/numeral/proper-noun readings.

    'Química' -> {'chemistry'}, 'Argel' -> {'algiers'}, 'eslovaco' -> {'slovak', 'slovakian'};
    verb readings are left out (a capitalised verb is a name: Leer is a town, not 'read').
    Empty without apertium.
    """
    readings = _readings(word, "es")
    bilingual = _analyser("es-en")
    if not readings or readings[0].startswith("*") or bilingual is None:
        return frozenset()
    out: set[str] = set()
    for reading in readings:
        if not _CONTENT.search(reading):
            continue
        lemma, _, tags = reading.partition("<")
        query = (lemma if "<np>" in reading else lemma.lower()) + "<" + tags
        for target in bilingual.analyse(query) or ():
            english = target.split("<")[0].lstrip("@#")
            if english and not target.startswith("@"):
                out.add(fold(english))
    return frozenset(out)


@lru_cache(maxsize=65536)
def lemmas(word: str, lang: Lang) -> frozenset[str]:
    """Folded lemmas of `word` (Referees -> {'referees', 'referee'}); just the word without apertium."""
    readings = _readings(word, lang)
    out = {fold(word)}
    if readings and not readings[0].startswith("*"):
        out |= {fold(r.split("<")[0]) for r in readings}
    return frozenset(out)
