"""Tab-separated pairs: source <TAB> draft [<TAB> reference]; an optional header "source<TAB>draft"."""

from __future__ import annotations

from collections.abc import Sequence

from mtedit.errors import InputError
from mtedit.types import Document, Segment


def _clean(cell: str) -> str:
    return " ".join(cell.split())


def parse_tsv(text: str, name: str, source_lang: str = "es", target_lang: str = "en") -> Document:
    """Segments "line{N}"; every line needs the same number of columns (2, or 3 with a reference)."""
    segments: list[Segment] = []
    columns: int | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if columns is None:
            if [c.strip().lower() for c in cells[:2]] == ["source", "draft"]:
                columns = len(cells)
                if columns not in (2, 3):
                    raise InputError(
                        f"{name}: line {number} (header) has {columns} columns; use source, draft[, reference]"
                    )
                continue
            columns = len(cells)
            if columns not in (2, 3):
                raise InputError(
                    f"{name}: line {number} has {columns} tab-separated column(s); "
                    "each line needs source<TAB>draft (and optionally <TAB>reference)"
                )
        elif len(cells) != columns:
            raise InputError(
                f"{name}: line {number} has {len(cells)} tab-separated column(s), expected {columns} "
                "as on the first line; fix the tabs on that line"
            )
        draft = _clean(cells[1])
        if not draft:
            raise InputError(f"{name}: line {number} has an empty draft (column 2); give the draft or remove the line")
        segments.append(
            Segment(
                id=f"line{number}",
                draft=draft,
                source=_clean(cells[0]) or None,
                reference=(_clean(cells[2]) or None) if columns == 3 else None,
                paragraph=len(segments),
            )
        )
    if not segments:
        raise InputError(f"{name}: has no data lines; write source<TAB>draft on each line")
    return Document(
        name=name, segments=tuple(segments), format="tsv", source_lang=source_lang, target_lang=target_lang
    )


def render_tsv(document: Document, finals: Sequence[str]) -> str:
    """source <TAB> final per segment (tabs and newlines inside a text become spaces)."""
    if len(finals) != len(document.segments):
        raise ValueError(f"{len(finals)} final texts for {len(document.segments)} segments")
    rows = [f"{_clean(s.source or '')}\t{_clean(final)}" for s, final in zip(document.segments, finals)]
    return "\n".join(rows) + "\n"
