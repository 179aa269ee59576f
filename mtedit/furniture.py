"""Page furniture: lines pasted with a story that are not story text (site banners, "more news", "click here",
share prompts, bylines without a verb). They are kept out of the work and put back as they were.

A heuristic on short lines only: a sentence of story text is never set aside for a word it contains.
"""

from __future__ import annotations

import re

MAX_WORDS = 10  # furniture is short; anything longer is treated as story text

_PROMPTS = re.compile(  # phrases that open a prompt line
    r"^\W*(more news|more stories|read more|read also|see also|related (stories|news|articles)|click here|tap here"
    r"|share (this|on|via)|follow us|subscribe to|sign up|watch the video|photo gallery|all rights reserved"
    r"|copyright|©|back to top|skip to content|top stories|latest news|leer más|más noticias|haga clic)(?=\W|$)",
    re.IGNORECASE)
_ALONE = re.compile(  # words that are furniture only as a whole line
    r"^\W*(related|share|print|email|tweet|whatsapp|facebook|twitter|home|menu|advertisement|sponsored|listen"
    r"|newsletter|subscribe|video|photos?|comments?|breaking news)\W*$", re.IGNORECASE)
_BYLINE = re.compile(r"^\W*(by|por|from)\s+\S", re.IGNORECASE)
_CONNECTORS = {"by", "por", "from", "and", "y", "de", "del", "la", "van", "von", "der", "in", "for", "en", "the", "|",
               "-", "–", "—", "/", "&", "staff", "writer", "reporter", "correspondent", "editor"}
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\d:.,/]*|[|/&–—-]")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _byline(words: list[str]) -> bool:
    """'By Ana Pérez and John Smith, EFE': names and connectors only, no verb."""
    rest = words[1:]
    return bool(rest) and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS for w in rest)


def _banner(text: str, words: list[str]) -> bool:
    """'News Daily Spot:' or 'WORLD NEWS': a few capitalised words, no sentence punctuation but a trailing colon."""
    stripped = text.strip()
    if len(words) > 5 or not words or stripped[-1:] in ".?!\"”'":
        return False
    letters = [w for w in words if w[:1].isalpha()]
    return bool(letters) and (stripped.endswith(":") or stripped.isupper()) and all(w[:1].isupper() for w in letters)


def is_furniture(text: str) -> bool:
    """Whether a line of a pasted story is page furniture rather than story text."""
    words = _words(text)
    if not words or len(words) > MAX_WORDS:
        return False
    if _PROMPTS.match(text) or _ALONE.match(text):
        return True
    if _BYLINE.match(text) and _byline(words):
        return True
    return _banner(text, words)
