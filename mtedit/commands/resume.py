"""`--resume` continues a run only with the settings that made its edit log, never a mix of two runs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mtedit.engines.base import parse_signature
from mtedit.errors import InputError

#: Signature fields that may differ between the two halves of one run (the mtedit release only).
IGNORED_FIELDS = frozenset({"mtedit"})


def signature_difference(old: str, new: str) -> list[str]:
    """`["engine: ape -> refine", "margin: 0.4 -> -1"]` for every field that differs (the mtedit release aside)."""
    before, after = parse_signature(old), parse_signature(new)
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in IGNORED_FIELDS]
    return [f"{k}: {before.get(k, '(none)')} -> {after.get(k, '(none)')}" for k in keys
            if before.get(k) != after.get(k)]


def check_same_run(records: Iterable[dict[str, Any]], signature: str, log: Path) -> None:
    """InputError naming the differences when a finished record of `log` was made with other settings."""
    for record in records:
        old = record.get("signature")
        if not isinstance(old, str) or old.startswith("memory:"):
            continue  # a translation-memory match is the same whatever the engine
        difference = signature_difference(old, signature)
        if difference:
            raise InputError(
                f"{log} was made with other settings ({'; '.join(difference)}); resume with the same engine and"
                " gate options, or drop --resume to start over (the edit log is then replaced)")
