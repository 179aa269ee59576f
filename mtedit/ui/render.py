"""Pure rendering for the review page: rows, word-diff highlights, counters. Every text piece is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from mtedit.store import JobInfo, ReviewRow
from mtedit.types import DiffOp

FILTERS = ("all", "pending", "flagged", "changed")
PAGE_SIZE = 25
STATUS_LABEL = {"pending": "pending", "approved": "approved fix", "kept": "kept draft", "edited": "edited"}

CSS = """
.mt-table {width:100%; border-collapse:collapse; font-size:14px}
.mt-table td, .mt-table th {border-bottom:1px solid #ddd; padding:4px 6px; vertical-align:top; text-align:left}
.mt-table tr.mt-row {cursor:pointer}
.mt-table tr.mt-current {outline:2px solid #3b82f6; background:rgba(59,130,246,.08)}
.mt-table tr.mt-para th {background:rgba(127,127,127,.12); font-weight:600}
.mt-del {background:#fdd; color:#900; text-decoration:line-through}
.mt-ins {background:#dfd; color:#060; text-decoration:none}
.mt-rep-del {background:#fed; color:#940; text-decoration:line-through}
.mt-rep-ins {background:#ffc; color:#650; text-decoration:none}
.mt-same {color:#888; font-style:italic}
.mt-status {font-size:12px; padding:1px 5px; border-radius:4px; background:#eee; color:#333; white-space:nowrap}
.mt-status-approved {background:#cfe9d5} .mt-status-kept {background:#dde3ee} .mt-status-edited {background:#f4e3c1}
.mt-flag-error {color:#b00} .mt-flag-warning {color:#a60}
.mt-final {margin-top:3px; font-size:13px}
.mt-unusable {color:#999}
"""


@dataclass(frozen=True)
class Counts:
    """Review progress of a job."""

    total: int
    pending: int
    approved: int
    kept: int
    edited: int
    flagged: int
    changed: int


def counts(rows: Sequence[ReviewRow]) -> Counts:
    """Count rows by decision status, flags and whether the engine changed them."""
    by = {s: sum(1 for r in rows if r.status == s) for s in ("pending", "approved", "kept", "edited")}
    return Counts(total=len(rows), flagged=sum(1 for r in rows if r.flagged),
                  changed=sum(1 for r in rows if r.result.changed), **by)


def counters_html(c: Counts) -> str:
    """One line of counters."""
    return (f'<div class="mt-counters" id="mt-counters"><b>{c.approved}</b> approved · <b>{c.kept}</b> kept draft · '
            f'<b>{c.edited}</b> edited · <b>{c.pending}</b> pending · <b>{c.flagged}</b> flagged · '
            f'{c.changed} of {c.total} changed by the engine</div>')


def filter_rows(rows: Sequence[ReviewRow], which: str) -> list[ReviewRow]:
    """Rows shown under a filter: all, pending, flagged (has check flags) or changed (fix differs from draft)."""
    if which == "pending":
        return [r for r in rows if r.status == "pending"]
    if which == "flagged":
        return [r for r in rows if r.flagged]
    if which == "changed":
        return [r for r in rows if r.result.changed]
    return list(rows)


def diff_html(ops: Sequence[DiffOp]) -> tuple[str, str]:
    """(draft, fix) as HTML with deleted, inserted and replaced words marked; everything escaped."""
    draft: list[str] = []
    fix: list[str] = []
    for op in ops:
        d, f = escape(op.draft), escape(op.fix)
        if op.tag == "equal":
            draft.append(d)
            fix.append(f)
        elif op.tag == "delete":
            draft.append(f'<del class="mt-del">{d}</del>')
        elif op.tag == "insert":
            fix.append(f'<ins class="mt-ins">{f}</ins>')
        else:
            draft.append(f'<del class="mt-rep-del">{d}</del>')
            fix.append(f'<ins class="mt-rep-ins">{f}</ins>')
    return " ".join(p for p in draft if p), " ".join(p for p in fix if p)


def flags_html(row: ReviewRow) -> str:
    """Check flags and scores of a row."""
    parts = [f'<div class="mt-flag-{escape(f.severity)}">⚑ {escape(f.side)}: {escape(f.message)}</div>'
             for f in row.result.flags]
    scores = [f"risk {row.result.risk:.2f}"] + [f"{escape(k)} {v:g}" for k, v in sorted(row.result.scores.items())]
    parts.append(f'<div class="mt-scores">{" · ".join(scores)}</div>')
    return "".join(parts)


def row_html(row: ReviewRow, current: bool = False) -> str:
    """One table row: # | source | draft | fix (or 'unchanged') | flags and scores | status."""
    res = row.result
    if res.changed:
        draft, fix = diff_html(res.diff)
    else:
        draft, fix = escape(res.segment.draft), '<span class="mt-same">= unchanged</span>'
    if row.status == "edited" and row.final is not None:
        fix += f'<div class="mt-final"><b>final:</b> {escape(row.final)}</div>'
    source = escape(res.segment.source) if res.segment.source else '<span class="mt-same">—</span>'
    status = (f'<span class="mt-status mt-status-{escape(row.status)}">'
              f'{escape(STATUS_LABEL.get(row.status, row.status))}</span>')
    cls = "mt-row mt-current" if current else "mt-row"
    return (f'<tr class="{cls}" data-index="{row.index}" id="mt-row-{row.index}"><td>{row.index + 1}</td>'
            f'<td class="mt-src">{source}</td><td class="mt-draft">{draft}</td><td class="mt-fix">{fix}</td>'
            f'<td class="mt-flags">{flags_html(row)}</td><td>{status}</td></tr>')


def table_html(rows: Sequence[ReviewRow], cursor: int | None = None) -> str:
    """A page of rows grouped by paragraph, the cursor row outlined."""
    if not rows:
        return '<p class="mt-same">No sentences match this filter.</p>'
    out = ['<table class="mt-table" id="mt-table"><thead><tr><th>#</th><th>source</th><th>draft</th>'
           '<th>fix</th><th>checks</th><th>status</th></tr></thead><tbody>']
    paragraph = None
    for row in rows:
        if row.result.segment.paragraph != paragraph:
            paragraph = row.result.segment.paragraph
            out.append(f'<tr class="mt-para"><th colspan="6">Paragraph {paragraph + 1}</th></tr>')
        out.append(row_html(row, current=row.index == cursor))
    out.append("</tbody></table>")
    return "".join(out)


def current_html(row: ReviewRow | None, total: int) -> str:
    """The selected sentence, large: what approve / keep / edit would act on."""
    if row is None:
        return '<p class="mt-same">No sentence selected.</p>'
    res = row.result
    draft, fix = diff_html(res.diff) if res.changed else (escape(res.segment.draft), escape(res.fix))
    same = "" if res.changed else ' <span class="mt-same">(unchanged)</span>'
    final = f"<div><b>Final:</b> {escape(row.final)}</div>" if row.final is not None else ""
    source = f"<div><b>Source:</b> {escape(res.segment.source)}</div>" if res.segment.source else ""
    return (f'<div id="mt-current" data-index="{row.index}"><div><b>Sentence {row.index + 1} of {total}</b> · '
            f'{escape(STATUS_LABEL.get(row.status, row.status))} · {escape(res.verdict.reason)}</div>{source}'
            f'<div><b>Draft:</b> {draft}</div><div><b>Fix:</b> {fix}{same}</div>{final}{flags_html(row)}</div>')


def engines_html(checks: Sequence[tuple[str, Any]]) -> str:
    """Engines that cannot run here, greyed, with the reason and the remedy (`checks`: name, Usability)."""
    items = [f'<li class="mt-unusable">{escape(name)}: {escape(str(u.reason))}'
             + (f" — {escape(str(u.remedy))}" if getattr(u, "remedy", "") else "") + "</li>"
             for name, u in checks if not u.ok]
    if not items:
        return ""
    return '<div class="mt-unusable"><b>Not usable on this machine:</b><ul>' + "".join(items) + "</ul></div>"


def job_label(job: JobInfo) -> str:
    """How a job is named in the job list."""
    state = "" if job.status == "done" else f", {job.status} {job.stored}/{job.total}"
    return f"#{job.id} {job.name} · {job.engine} · {job.created[:16].replace('T', ' ')} · {job.pending} pending{state}"


def page_info(page: int, pages: int, shown: int, which: str) -> str:
    """'page 2 of 5 (120 pending)'."""
    return f"Page {page + 1} of {max(pages, 1)} · {shown} {escape(which) if which != 'all' else 'sentences'}"
