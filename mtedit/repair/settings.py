"""The repair settings of a run: the config's `[repair]` table, with `--no-repair` on top."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mtedit.errors import ConfigError
from mtedit.repair.stage import DEFAULT_DATELINE, RepairOptions


def repair_settings(config: Any, no_repair: bool = False) -> RepairOptions:
    """RepairOptions from `config.extra["repair"]`; `no_repair` turns them off."""
    options = repair_options(config.extra, str(config.path))
    return replace(options, enabled=False) if no_repair else options


def repair_options(extra: dict[str, Any], where: str = "config") -> RepairOptions:
    """RepairOptions from a config's `[repair]` table (`enabled`, `dateline`)."""
    table = extra.get("repair", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: 'repair' must be a table: [repair] enabled = true")
    unknown = sorted(set(table) - {"enabled", "dateline"})
    if unknown:
        raise ConfigError(f"{where}: unknown [repair] keys {unknown}; use enabled, dateline")
    enabled, style = table.get("enabled", True), table.get("dateline", DEFAULT_DATELINE)
    if not isinstance(enabled, bool) or not isinstance(style, str):
        raise ConfigError(f"{where}: [repair] enabled must be true or false and dateline a string")
    try:
        style.format(CITY="X", city="X", AGENCY="X")
    except (KeyError, IndexError, ValueError):
        raise ConfigError(f"{where}: [repair] dateline may use only {{CITY}}, {{city}} and {{AGENCY}},"
                          f" got {style!r}") from None
    return RepairOptions(enabled=enabled, dateline=style)
