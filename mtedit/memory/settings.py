"""The `[memory]` table of the mtedit config: where the memory lives, the fuzzy threshold, on or off."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtedit.config import Config
from mtedit.errors import ConfigError
from mtedit.memory.lookup import DEFAULT_THRESHOLD

DEFAULT_FILE = "mtedit-memory.sqlite"
_KEYS = {"path", "fuzzy_threshold", "enabled"}


@dataclass(frozen=True)
class MemorySettings:
    """`path`: the memory file (default: mtedit-memory.sqlite beside the review store); `explicit`: it was named
    (by --memory or the config), so it is created when missing; `threshold`: fuzzy similarity in percent."""

    path: Path
    explicit: bool = False
    threshold: float = DEFAULT_THRESHOLD
    enabled: bool = True


def memory_settings(config: Config, path: Path | None = None, *, store: Path | None = None, enabled: bool = True,
                    threshold: float | None = None) -> MemorySettings:
    """The config's `[memory]` table with command-line overrides applied; `store`: the review store in use when
    it is not the config's (the default memory lives beside it)."""
    table: Any = config.extra.get("memory", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{config.path}: memory must be a table ([memory] with path, fuzzy_threshold, enabled)")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{config.path}: [memory] has unknown keys {unknown}; valid keys: {sorted(_KEYS)}")
    value = table.get("fuzzy_threshold", DEFAULT_THRESHOLD) if threshold is None else threshold
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 100:
        raise ConfigError(f"memory fuzzy threshold {value!r} must be a percentage in (0, 100], e.g. 75")
    configured = table.get("path")
    explicit = path is not None or bool(configured)
    if path is None:
        path = (config.path.parent / os.path.expanduser(configured)).resolve() if configured else \
            (store or config.store).with_name(DEFAULT_FILE)
    return MemorySettings(Path(path), explicit, float(value), enabled and bool(table.get("enabled", True)))
