"""Keys of the translation memory: a sentence with whitespace and quotes normalised, its words hashed."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‟": '"', "″": '"',
                         "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'"})
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """`text` in NFC with typographic quotes made straight and whitespace collapsed: the exact-match key."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


def key_hash(key: str) -> int:
    """A stable signed 64-bit hash of a key (SQLite INTEGER)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def terms(key: str, side: str) -> set[int]:
    """Hashes of the distinct lower-cased words of a key, kept apart by side ("source" or "draft")."""
    return {key_hash(f"{side[0]}:{word}") for word in _WORD.findall(key.lower())}
