"""Plain text: a draft (and optionally its source) with paragraphs separated by blank lines."""

from __future__ import annotations

from collections.abc import Sequence

from mtedit.align import align_paragraph_beads
from mtedit.errors import AlignmentError
from mtedit.segment import split_paragraphs, split_sentences
from mtedit.types import Document, Segment


def parse_plaintext(
    draft: str,
    source: str | None = None,
    name: str = "pasted",
    source_lang: str = "es",
    target_lang: str = "en",
) -> Document:
    """Segments "p{P}s{S}" (1-based); with a source, sentences are aligned within paragraphs."""
    draft_paras = split_paragraphs(draft)
    segments: list[Segment] = []
    if source is None:
        for p, para in enumerate(draft_paras):
            for s, sentence in enumerate(split_sentences(para, target_lang)):
                segments.append(Segment(id=f"p{p + 1}s{s + 1}", draft=sentence, paragraph=p))
    else:
        try:
            aligned = align_paragraph_beads(split_paragraphs(source), draft_paras, source_lang, target_lang)
        except AlignmentError as exc:
            raise AlignmentError(f"{name}: {exc}") from None
        for p, pairs in enumerate(aligned):
            for s, (src, dft, shape) in enumerate(pairs):
                segments.append(
                    Segment(id=f"p{p + 1}s{s + 1}", draft=dft, source=src, paragraph=p, alignment=shape)
                )
    return Document(
        name=name, segments=tuple(segments), format="txt", source_lang=source_lang, target_lang=target_lang
    )


def render_text(document: Document, finals: Sequence[str]) -> str:
    """Sentences of a paragraph joined by one space, paragraphs by a blank line; ends with a newline."""
    if len(finals) != len(document.segments):
        raise ValueError(f"{len(finals)} final texts for {len(document.segments)} segments")
    paragraphs: list[list[str]] = []
    last: int | None = None
    for segment, final in zip(document.segments, finals):
        text = " ".join(final.split())
        if last is None or segment.paragraph != last:
            paragraphs.append([])
            last = segment.paragraph
        if text:
            paragraphs[-1].append(text)
    body = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return body + "\n" if body else ""
