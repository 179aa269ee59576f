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
    "es": re.compile(r"(?:mente|ción|ciones|sión|siones|[^aeiou]ó|aron|ieron|aban|ían|rían|ados|adas|idos|idas)$"),
    "en": re.compile(r"(?:ing|ings|(?<!m)ed|ly|ness|tion|tions|ment|ments|ful|less)$"),
}


class _Analyser:
    """One persistent `lt-proc -z` process; `analyse(word)` returns its readings, or None when unusable."""

    def __init__(self, binary: Path) -> None:
        self._binary = binary
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._broken = False

    def _start(self) -> subprocess.Popen[bytes] | None:
        lt_proc = shutil.which("lt-proc")
        if lt_proc is None or not self._binary.is_file():
            return None
        proc = subprocess.Popen([lt_proc, "-z", str(self._binary)], stdin=subprocess.PIPE,
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
                reply = self._ask(self._proc, word)
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


def _analyser(lang: Lang) -> _Analyser | None:
    with _INIT:
        if lang not in _ANALYSERS:
            data = _apertium_data()
            if data is None:
                return None
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
