"""Desk glossaries: required target terms and do-not-translate terms, checked and enforced.

TSV: `source<TAB>target[<TAB>variant|variant]`, `#` comments; target `=` means the term stays as it is
(`EFE<TAB>=`). Variants are known wrong renderings that `enforce_glossary` may replace.
TOML: `[terms]` with `EIIL = "ISIL"` or `EIIL = {target = "ISIL", variants = ["EI"]}`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mtedit.errors import InputError
from mtedit.types import Flag, Span

Side = Literal["draft", "fix"]


@dataclass(frozen=True)
class Term:
    """One glossary entry; `target` equals `source` for a do-not-translate term."""

    source: str
    target: str
    variants: tuple[str, ...] = ()

    @property
    def keep(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True)
class Glossary:
    """The terms of one desk, in file order."""

    terms: tuple[Term, ...] = ()
    name: str = ""


def _term(source: str, target: str, variants: tuple[str, ...], where: str) -> Term:
    source, target = source.strip(), target.strip()
    if not source or not target:
        raise InputError(f"{where}: empty term; write 'source<TAB>target' or 'source<TAB>='")
    return Term(source, source if target == "=" else target, tuple(v.strip() for v in variants if v.strip()))


def load_glossary(path: Path) -> Glossary:
    """Read a TSV or TOML glossary; InputError names the file and line of a bad entry."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"glossary {path} not found; check the path in the config") from None
    except UnicodeDecodeError:
        raise InputError(f"glossary {path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:  # a folder, no permission
        raise InputError(f"glossary {path} cannot be read ({exc.strerror}); give the glossary file itself") from None
    glossary = _load_toml(text, path) if path.suffix.lower() == ".toml" else _load_tsv(text, path)
    if not glossary.terms:
        raise InputError(f"glossary {path} has no terms; add 'source<TAB>target' lines, or leave the glossary out")
    return glossary


def _load_tsv(text: str, path: Path) -> Glossary:
    if path.suffix.lower() not in (".tsv", ".txt"):
        raise InputError(f"glossary {path}: unknown format; use a .tsv or .toml file")
    terms = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) not in (2, 3):
            raise InputError(f"{path}:{n}: expected 'source<TAB>target' (or 'source<TAB>='), got {line.strip()!r}")
        terms.append(_term(parts[0], parts[1], tuple(parts[2].split("|")) if len(parts) == 3 else (),
                           f"{path}:{n}"))
    return Glossary(tuple(terms), path.name)


def _load_toml(text: str, path: Path) -> Glossary:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"glossary {path} is not valid TOML: {exc}") from None
    table = data.get("terms")
    if not isinstance(table, dict):
        raise InputError(f"glossary {path}: needs a [terms] table of source = \"target\"")
    terms = []
    for source, value in table.items():
        where = f"{path}: term {source!r}"
        if isinstance(value, str):
            terms.append(_term(source, value, (), where))
        elif isinstance(value, dict) and isinstance(value.get("target"), str):
            variants = value.get("variants", [])
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                raise InputError(f"{where}: variants must be a list of strings")
            terms.append(_term(source, value["target"], tuple(variants), where))
        else:
            raise InputError(f"{where}: write source = \"target\" or {{target = \"...\"}}")
    return Glossary(tuple(terms), path.name)


def _pattern(term: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.I if ignore_case else 0)


def _has(text: str, term: str) -> re.Match[str] | None:
    return _pattern(term, ignore_case=not term.isupper()).search(text)


def _in_source(source: str, term: str) -> re.Match[str] | None:
    """Source terms match in any case: Spanish copy writes the agency 'Efe' and the glossary 'EFE'."""
    return _pattern(term, ignore_case=True).search(source)


def check_glossary(source: str | None, target: str, glossary: Glossary, side: Side = "fix") -> list[Flag]:
    """Required target terms missing (error) and source terms left untranslated (warning)."""
    flags = []
    for term in glossary.terms:
        if source is not None and _in_source(source, term.source) and not _has(target, term.target):
            wrong = _pattern(term.target, True).search(target)
            span = Span(wrong.start(), wrong.end()) if wrong else None
            flags.append(Flag("glossary", "error",
                              f"glossary: '{term.source}' must be '{term.target}' in the target", side, span))
        elif not term.keep and (m := _pattern(term.source, False).search(target)):
            flags.append(Flag("glossary", "warning",
                              f"glossary: '{term.source}' left untranslated; write '{term.target}'",
                              side, Span(m.start(), m.end())))
    return flags


def enforce_glossary(source: str | None, target: str, glossary: Glossary) -> str:
    """Replace a glossary term's untranslated form, wrong case or listed variants with the required term.

    Only whole-word replacements that cannot touch anything else; re-run the checks afterwards.
    """
    for term in glossary.terms:
        if source is not None and not _in_source(source, term.source):
            continue
        for wrong in dict.fromkeys((term.source, term.target, *term.variants)):
            target = _pattern(wrong, True).sub(lambda _m, t=term.target: t, target)
    return target
