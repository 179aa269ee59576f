"""JSON Lines: one object per segment with "draft" and optional "source", "reference", "id", "paragraph"."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mtedit.errors import InputError
from mtedit.io.jsondepth import TooDeep, loads_limited
from mtedit.types import Document, Segment

_TEXT_KEYS = ("source", "reference")


def _optional_text(record: dict, key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: \"{key}\" must be a string, not {type(value).__name__}; quote the text")
    return " ".join(value.split()) or None


def parse_jsonl(text: str, name: str, source_lang: str = "es", target_lang: str = "en") -> Document:
    """Segments from JSON Lines; blank lines are skipped, ids must be unique."""
    segments: list[Segment] = []
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}: line {number}"
        try:
            record = loads_limited(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where} is not valid JSON ({exc.msg} at column {exc.colno}); fix or remove it") from None
        except TooDeep as exc:
            raise InputError(f"{where} is {exc}; give one flat object per segment") from None
        if not isinstance(record, dict):
            raise InputError(f"{where} is a JSON {type(record).__name__}, not an object; write {{\"draft\": ...}}")
        draft = record.get("draft")
        if draft is None:
            raise InputError(f"{where} has no \"draft\"; every line needs the English draft text")
        if not isinstance(draft, str):
            raise InputError(f"{where}: \"draft\" must be a string, not {type(draft).__name__}; quote the text")
        draft = " ".join(draft.split())
        if not draft:
            raise InputError(f"{where} has an empty \"draft\"; give the draft text or remove the line")
        source, reference = (_optional_text(record, key, where) for key in _TEXT_KEYS)
        raw_id = record.get("id")
        if raw_id is None:
            seg_id = f"line{number}"
        elif isinstance(raw_id, str) and raw_id.strip():
            seg_id = raw_id.strip()
        elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
            seg_id = str(raw_id)
        else:
            raise InputError(f"{where}: \"id\" must be a non-empty string or an integer; fix the id")
        if seg_id in seen:
            raise InputError(f"{where}: id \"{seg_id}\" is used twice; give every line its own id")
        seen.add(seg_id)
        paragraph = record.get("paragraph", len(segments))
        if not isinstance(paragraph, int) or isinstance(paragraph, bool) or paragraph < 0:
            raise InputError(f"{where}: \"paragraph\" must be a whole number >= 0; fix or remove it")
        segments.append(
            Segment(id=seg_id, draft=draft, source=source, reference=reference, paragraph=paragraph)
        )
    if not segments:
        raise InputError(f"{name}: has no JSON lines; write one object per line with a \"draft\"")
    return Document(
        name=name, segments=tuple(segments), format="jsonl", source_lang=source_lang, target_lang=target_lang
    )


def render_jsonl(document: Document, finals: Sequence[str]) -> str:
    """One object per segment: id, source, draft, final (plus paragraph, and reference when known)."""
    if len(finals) != len(document.segments):
        raise ValueError(f"{len(finals)} final texts for {len(document.segments)} segments")
    lines = []
    for segment, final in zip(document.segments, finals):
        record: dict[str, object] = {
            "id": segment.id,
            "source": segment.source,
            "draft": segment.draft,
            "final": final,
            "paragraph": segment.paragraph,
        }
        if segment.reference is not None:
            record["reference"] = segment.reference
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"
