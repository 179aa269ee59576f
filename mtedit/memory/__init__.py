"""Translation memory: earlier decisions reused (exact matches taken, fuzzy ones suggested) and learned from."""

from mtedit.memory.db import MemoryStats, TranslationMemory, Unit
from mtedit.memory.lookup import DEFAULT_THRESHOLD, lookup

__all__ = ["DEFAULT_THRESHOLD", "MemoryStats", "TranslationMemory", "Unit", "lookup"]
