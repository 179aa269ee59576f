"""TMX 1.4 in and out of the translation memory (the format every CAT tool reads and writes)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mtedit.io.tmx import TmxUnit, iter_tmx, write_tmx_units
from mtedit.memory.db import TranslationMemory, Unit

DRAFT_PROP = "x-mtedit-draft"
JOB_PROP = "x-mtedit-job"
_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})")


@dataclass(frozen=True)
class Transfer:
    """How many units went in or out, and how many were left out (and why)."""

    units: int
    skipped: int = 0


def _iso(tmx_date: str) -> str:
    m = _TMX_DATE.match(tmx_date)
    return f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{m[6]}+00:00" if m else ""


def _tmx_date(iso: str) -> str:
    m = _ISO_DATE.match(iso)
    return f"{m[1]}{m[2]}{m[3]}T{m[4]}{m[5]}{m[6]}Z" if m else ""


def import_tmx(memory: TranslationMemory, path: Path, source_lang: str = "es", target_lang: str = "en") -> Transfer:
    """Add every unit of a TMX file (streamed); the origin is the file's name. Units without both languages are
    skipped by the reader. Nothing is added when the file is refused, even halfway through."""
    origin = f"tmx:{Path(path).name}"
    units = (Unit(tu.target, tu.source, tu.props.get(DRAFT_PROP) or None, origin, None, None, _iso(tu.date))
             for tu in iter_tmx(path, source_lang, target_lang))
    return Transfer(memory.add(units))


def export_tmx(memory: TranslationMemory, path: Path, source_lang: str = "es", target_lang: str = "en") -> Transfer:
    """Write every unit with a source as a TMX <tu> (its draft and job as <prop>s); units with only a draft (an
    English-to-English correction, not a translation) are left out and counted."""
    skipped = 0

    def units() -> Iterator[TmxUnit]:
        nonlocal skipped
        for unit in memory.units():
            if not unit.source:
                skipped += 1
                continue
            props = {DRAFT_PROP: unit.draft} if unit.draft else {}
            if unit.job is not None:
                props[JOB_PROP] = f"{unit.origin}#{unit.job}"
            yield TmxUnit(unit.source, unit.target, _tmx_date(unit.at), props)

    written = write_tmx_units(path, units(), source_lang, target_lang)
    return Transfer(written, skipped)
