"""Glossary repairs: the desk glossary's enforcement (untranslated form, wrong case or a listed variant
replaced by the required term, whole words only), reported as repairs like the others."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtedit.checks.glossary import Glossary
from mtedit.repair.edits import Edit
from mtedit.types import Flag


def glossary_edits(source: str | None, target: str, flags: Sequence[Flag], glossary: Glossary | None) -> list[Edit]:
    """One edit per wrong rendering of a term whose source is in the sentence (any term without a source)."""
    if glossary is None:
        return []
    by_term = {f.message: f for f in flags if f.kind == "glossary"}
    edits = []
    for term in glossary.terms:
        if source is not None and not re.search(rf"(?<!\w){re.escape(term.source)}(?!\w)", source, re.I):
            continue
        flag = by_term.get(f"glossary: '{term.source}' must be '{term.target}' in the target") or by_term.get(
            f"glossary: '{term.source}' left untranslated; write '{term.target}'")
        if flag is None:
            continue
        for wrong in dict.fromkeys((term.source, term.target, *term.variants)):
            for m in re.finditer(rf"(?<!\w){re.escape(wrong)}(?!\w)", target, re.I):
                if m.group(0) != term.target:
                    edits.append(Edit(m.start(), m.end(), term.target, "glossary", flag))
    return edits
