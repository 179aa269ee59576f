"""The translation memory on the review page: a run looks segments up (fed from the page's store first), exact
matches from earlier jobs are carried over as decisions, and a row shows where its match came from.

Kept apart from the review table so the suggestions pane can take over the fuzzy match's display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from mtedit.config import Config
from mtedit.store import ReviewRow, ReviewStore
from mtedit.types import MemoryMatch, SegmentResult

if TYPE_CHECKING:
    from mtedit.ui.live import Runner

CSS = """
.mt-memory {margin-top:3px; font-size:12px; border-left:3px solid #7c3aed; padding:1px 6px; background:rgba(124,58,237,.06)}
.mt-carried {font-size:12px; padding:1px 5px; border-radius:4px; background:#e9d5ff; color:#3b0764; white-space:nowrap}
"""


def with_memory(runner: Runner, config: Config, store: ReviewStore) -> tuple[Runner, str]:
    """`runner` with the config's translation memory, fed from `store` first; and a warning ("" : none)."""
    from mtedit.memory.settings import memory_settings
    from mtedit.memory.stage import open_lookup

    lookup, warning = open_lookup(memory_settings(config, store=store.path), store.path)
    return replace(runner, memory=lookup), warning


def carry_exact(store: ReviewStore, job_id: int, results: Sequence[SegmentResult], start: int) -> int:
    """Approve, as carried over, the stored results `start`.. whose fix is an exact memory match; returns how many."""
    carried = 0
    for offset, result in enumerate(results):
        if result.memory is not None and result.memory.kind == "exact":
            store.carry(job_id, start + offset, result.fix)
            carried += 1
    return carried


def provenance(match: MemoryMatch) -> str:
    """'job 3, 2026-12-03' or 'file.tmx' (escaped)."""
    where = f"job {match.job}" if match.job is not None else match.origin.split(":", 1)[-1]
    return escape(where + (f", {match.at[:10]}" if match.at else ""))


def _source_diff(old: str, new: str) -> tuple[str, str]:
    from mtedit.score import word_diff
    from mtedit.ui.highlight import diff_html

    return diff_html(word_diff(old, new))


def memory_html(row: ReviewRow) -> str:
    """What a row shows of its memory match: 'carried from job N', or a fuzzy match with the source difference."""
    match = row.result.memory
    if match is None:
        return ""
    if match.kind == "exact":
        label = f"carried from {provenance(match)}" if row.status != "pending" else f"memory: {provenance(match)}"
        return f'<div class="mt-memory"><span class="mt-carried">{label}</span></div>'
    new = (row.result.segment.source if match.side == "source" else row.result.segment.draft) or ""
    old_side, new_side = _source_diff((match.source if match.side == "source" else match.draft) or "", new)
    return (f'<div class="mt-memory mt-memory-fuzzy"><b>memory {match.score:.0f}%</b> ({provenance(match)}):'
            f' {escape(match.target)}<br><small>earlier {escape(match.side)}: {old_side}<br>this {escape(match.side)}:'
            f' {new_side}</small></div>')
