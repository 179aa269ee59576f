"""Wire-style and hygiene repairs: agency credits and datelines in the desk's style, doubled spaces,
repeated words. They need no source: the flag says what is wrong and the target what is right."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtedit.checks.namelists import fold
from mtedit.repair.edits import Edit, quoted
from mtedit.types import Flag

DEFAULT_DATELINE = "{CITY} ({AGENCY}) --"
_DATELINE = re.compile(r"'(.+) \((\w+)\) --'")


def dateline(city: str, agency: str, template: str = DEFAULT_DATELINE) -> str:
    """A dateline in the desk's style: {CITY}/{city} the city upper-cased/as written, {AGENCY} the agency."""
    return template.format(CITY=city.upper(), city=city, AGENCY=agency.upper())


def style_edits(source: str | None, target: str, flags: Sequence[Flag],
                template: str = DEFAULT_DATELINE) -> list[Edit]:
    """Edits for `credit`, `double-space` and `repeated-word` flags that carry a span."""
    edits = []
    for flag in flags:
        if flag.span is None:
            continue
        start, end = flag.span.start, flag.span.end
        if flag.kind == "credit" and (m := _DATELINE.search(flag.message)):
            city = re.match(r"\s*(.*?),", target[start:end])
            if city is None:
                continue
            after = dateline(city.group(1), m.group(2), template)
            if end < len(target) and not target[end].isspace():
                after += " "
            edits.append(Edit(start, end, after, "credit", flag))
        elif flag.kind == "credit" and (agency := quoted(flag.message)):
            if fold(target[start:end]) == fold(agency):
                edits.append(Edit(start, end, agency, "credit", flag))
        elif flag.kind == "double-space" and not target[start:end].strip():
            edits.append(Edit(start, end, " ", "hygiene", flag))
        elif flag.kind == "repeated-word":
            edits += _repeated(source, target, flag)
    return edits


def _repeated(source: str | None, target: str, flag: Flag) -> list[Edit]:
    """Delete the second of two repeated words, unless it may be meant: a capitalised word (Sirhan Sirhan,
    Boutros Boutros-Ghali) or a repeat the source has too."""
    assert flag.span is not None
    word = target[flag.span.start:flag.span.end]
    gap = re.search(r"\s+$", target[:flag.span.start])
    joined = re.match(r"[-'’]", target[flag.span.end:])  # Boutros Boutros-Ghali
    if gap is None or word[:1].isupper() or joined:
        return []
    if source and re.search(rf"\b({re.escape(word)})\s+\1\b", source, re.I):
        return []
    return [Edit(gap.start(), flag.span.end, "", "hygiene", flag)]
