"""Checks of a draft or fix against its source: numbers, names, glossary, wire style; and a risk score.

`check(source, target)` runs them all for one sentence and returns flags whose spans index the target.
Without a source only the monolingual checks run (number format, style, untranslated words, glossary
leftovers). Names use a heuristic, not a trained NER model (see `mtedit.checks.names`).
"""

from __future__ import annotations

from typing import Literal

from mtedit.checks.dates import check_dates
from mtedit.checks.glossary import Glossary, Term, check_glossary, enforce_glossary, load_glossary
from mtedit.checks.names import check_names
from mtedit.checks.numbers import check_numbers
from mtedit.checks.particles import check_particles
from mtedit.checks.risk import risk_score
from mtedit.checks.scales import check_scales
from mtedit.checks.style import check_credit, check_hygiene, check_untranslated
from mtedit.errors import InputError
from mtedit.types import Flag

__all__ = ["Glossary", "Term", "check", "enforce_glossary", "load_glossary", "new_errors", "risk_score"]


def check(source: str | None, target: str, side: Literal["draft", "fix"] = "fix",
          glossary: Glossary | None = None) -> tuple[Flag, ...]:
    """All checks for one sentence, errors first, then by position in the target."""
    if not isinstance(target, str) or (source is not None and not isinstance(source, str)):
        raise InputError("check() needs text strings: check(source or None, target)")
    if side not in ("draft", "fix"):
        raise InputError(f"side must be 'draft' or 'fix', got {side!r}")
    src = source if source and source.strip() else None
    scales = check_scales(src, target, side)  # `11,3 thousand million`: one flag, the scale's, writes it all
    flags = [
        *[f for f in check_numbers(src, target, side) if f.span is None or f.span not in {s.span for s in scales}],
        *check_dates(src, target, side),
        *scales,
        *check_names(src, target, side),
        *check_particles(src, target, side),
        *check_credit(src, target, side),
        *check_hygiene(src, target, side),
        *check_untranslated(target, side),
    ]
    if glossary is not None:  # the glossary decides for its own terms
        terms = {t.source for t in glossary.terms} | {t.target for t in glossary.terms}
        flags = [f for f in flags if not (f.kind.startswith("name-") and _named(f.message) in terms)]
        flags += check_glossary(src, target, glossary, side)
    flags.sort(key=lambda f: (f.severity != "error", f.span.start if f.span else -1, f.kind))
    return tuple(flags)


def _named(message: str) -> str:
    parts = message.split("'")
    return parts[1] if len(parts) > 2 else ""


def new_errors(draft_flags: tuple[Flag, ...], fix_flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
    """Error flags of the fix whose kind and message the draft did not have (what the gate rejects on)."""
    seen = {(f.kind, f.message) for f in draft_flags if f.severity == "error"}
    return tuple(f for f in fix_flags if f.severity == "error" and (f.kind, f.message) not in seen)
