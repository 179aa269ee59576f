"""What an instruction-tuned LLM wrote -> the corrected sentence, or the reason to keep the draft.

Chat models wrap their answer: a preamble line ("Here is the corrected sentence:"), a label
("Corrected: ..."), quotes or bold around the sentence, a note after it ("Note: I changed ...").
These are removed. What cannot be read as one corrected segment (nothing left, more sentences or
lines than the draft has, an answer cut off by the length limit, far longer than the draft) is
refused with a short reason, and the engine proposes the draft itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtedit.segment import split_sentences

# A first line that only introduces the answer: "Here is the corrected sentence:", "Sure! Corrected version:".
_PREAMBLE_LINE = re.compile(
    r"^(?:(?:sure|certainly|of course|okay|ok)\b[^\n]*|[^\n]*\b(?:here(?:'s| is)|correct\w*|revis\w*|fix\w*|edit\w*"
    r"|translat\w*|output|answer|sentence|version)\b[^\n]*):\s*$",
    re.IGNORECASE,
)
# A label in front of the answer on the same line: "Corrected sentence: The ...", "**Correction:** The ...",
# "The corrected English translation is: The ...".
_WHICH = r"corrected|revised|fixed|edited|improved|final|english|machine"
_WHAT = r"sentence|text|translation|version|correction|revision|output|answer|result|english|corrected|revised|fixed"
_LABEL = re.compile(
    rf"^\W{{0,2}}(?:(?:the|my)\s+)?(?:(?:{_WHICH})\s+){{0,3}}(?:{_WHAT})(?:\s+(?:is|would be))?"
    r"\s*\W{0,2}\s*:\s*\**\s*",
    re.IGNORECASE,
)
# A comment after the answer: "Note: ...", "Explanation: ...", "(I changed ...)", "Changes made: ...".
_COMMENT = re.compile(
    r"^\W{0,3}(?:notes?|explanation|changes?(?:\s+made)?|edits?|reason(?:ing)?|comments?|i\s+(?:changed|corrected|"
    r"replaced|fixed|removed|added|kept)|the\s+(?:original|sentence|translation)\s+(?:was|is|had)|no\s+changes)\b",
    re.IGNORECASE,
)
_QUOTES = (('"', '"'), ("\u201c", "\u201d"), ("'", "'"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb"), ("`", "`"))
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+)\1$", re.DOTALL)
LENGTH_LIMIT = (2.0, 20)  # longest acceptable answer: 2 x the draft's characters + 20


@dataclass(frozen=True)
class CleanedOutput:
    """The usable answer, or `text` = the draft and `refused` = why the answer was not usable."""

    text: str
    refused: str = ""


def clean_output(raw: str, draft: str, *, truncated: bool = False, lang: str = "en") -> CleanedOutput:
    """The corrected segment in `raw`, or the draft with the reason it was refused."""
    if truncated:
        return CleanedOutput(draft, "truncated")
    lines = [line.strip() for line in raw.replace("\r", "\n").split("\n") if line.strip()]
    if lines and _PREAMBLE_LINE.match(lines[0]) and len(lines) > 1:
        lines = lines[1:]
    while len(lines) > 1 and _COMMENT.match(lines[-1]):
        lines.pop()
    draft_lines = max(1, len([line for line in draft.split("\n") if line.strip()]))
    if len(lines) > draft_lines:
        return CleanedOutput(draft, "several-lines")
    text = " ".join(lines)
    if not _LABEL.match(draft.strip()):  # a draft may itself start with "Result:"
        text = _LABEL.sub("", text, count=1).strip()
    text = _unwrap(text, draft)
    text = _drop_trailing_comment(text)
    if not text:
        return CleanedOutput(draft, "empty")
    factor, extra = LENGTH_LIMIT
    if len(text) > factor * len(draft) + extra:
        return CleanedOutput(draft, "too-long")
    if len(split_sentences(text, lang)) > max(1, len(split_sentences(draft, lang))):
        return CleanedOutput(draft, "extra-sentence")
    return CleanedOutput(text)


def _unwrap(text: str, draft: str) -> str:
    """Remove quotes or emphasis around the whole answer, unless the draft itself is wrapped that way."""
    for _ in range(2):  # "**"quoted"**"
        emphasis = _EMPHASIS.match(text)
        if emphasis and not _EMPHASIS.match(draft.strip()):
            text = emphasis.group(2).strip()
        for left, right in _QUOTES:
            if len(text) > 1 and text.startswith(left) and text.endswith(right) and not draft.strip().startswith(left):
                inner = text[len(left) : -len(right)].strip()
                if left not in inner and right not in inner:  # not '"A" and "B"'
                    text = inner
                    break
    return text


def _drop_trailing_comment(text: str) -> str:
    """`The sentence. (Note: ...)` -> `The sentence.`: a bracketed note at the end that the draft lacks."""
    match = re.search(r"\s*\((?:note|i\s|changed|corrected)[^()]*\)\s*$", text, re.IGNORECASE)
    return text[: match.start()].rstrip() if match else text
