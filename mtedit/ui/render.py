"""Pure rendering for the review page: rows and tables, counters, titles. Every text piece is escaped.

Word-diff and flag highlighting of one text lives in `mtedit.ui.highlight`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from mtedit.errors import InputError
from mtedit.review import current_flags
from mtedit.store import JobInfo, ReviewRow
from mtedit.ui import wording
from mtedit.ui.highlight import diff_html, text_html, texts_html, word_flags  # noqa: F401  (also render.*)
from mtedit.ui.memory import memory_html

FILTERS = ("all", "pending", "flagged", "changed")
#: (label, value) of the row orders: reading order grouped by paragraph, or riskiest sentence first.
ORDERS = (("reading order", "reading"), ("riskiest first", "risk"))
PAGE_SIZE = 25
STATUS_LABEL = {"pending": "pending", "approved": "approved fix", "kept": "kept draft", "edited": "edited",
                "took": "took suggestion", "furniture": "not story text"}



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
    took: int = 0
    furniture: int = 0


def counts(rows: Sequence[ReviewRow]) -> Counts:
    """Count story rows by decision status, flags (of their text now) and whether the engine changed them.

    Lines set aside as not story text are counted apart and nowhere else.
    """
    story = [r for r in rows if r.status != "furniture"]
    by = {s: sum(1 for r in story if r.status == s) for s in ("pending", "approved", "kept", "edited", "took")}
    return Counts(total=len(story), flagged=sum(1 for r in story if current_flags(r)),
                  changed=sum(1 for r in story if r.result.changed), furniture=len(rows) - len(story), **by)


def counters_html(c: Counts) -> str:
    """One line of counters."""
    return (f'<div class="mt-counters" id="mt-counters"><b>{c.approved}</b> approved · <b>{c.kept}</b> kept draft · '
            f'<b>{c.edited}</b> edited · ' + (f'<b>{c.took}</b> took suggestion · ' if c.took else '')
            + f'<b>{c.pending}</b> pending · <b>{c.flagged}</b> flagged · '
            f'{c.changed} of {c.total} changed by the engine'
            + (f' · {c.furniture} lines set aside as not story text' if c.furniture else '') + '</div>')


def filter_rows(rows: Sequence[ReviewRow], which: str) -> list[ReviewRow]:
    """Rows shown under a filter: all, pending, flagged (has check flags) or changed (fix differs from draft)."""
    if which == "pending":
        return [r for r in rows if r.status == "pending"]
    if which == "flagged":
        return [r for r in rows if r.status != "furniture" and current_flags(r)]
    if which == "changed":
        return [r for r in rows if r.result.changed]
    return list(rows)


def order_rows(rows: Sequence[ReviewRow], order: str) -> list[ReviewRow]:
    """Rows in display order: reading order (by index) or riskiest first (risk descending, ties by index)."""
    if order not in order_values():
        raise InputError(f"unknown order {order!r}; use one of {list(order_values())}")
    return sorted(rows, key=order_key(order))


def order_values() -> tuple[str, ...]:
    return tuple(value for _, value in ORDERS)


def order_key(order: str) -> Callable[[ReviewRow], tuple[float, ...]]:
    """Sort key of a row in `order`."""
    if order == "risk":
        return lambda r: (-r.result.risk, r.index)
    return lambda r: (r.index,)


def _mine(row: ReviewRow) -> bool:
    """Whether the sentence's text is the editor's own (neither the draft nor the fix)."""
    return row.final is not None and row.final not in (row.result.fix, row.result.segment.draft)


def flags_html(row: ReviewRow) -> str:
    """Check flags and scores of a row; for the editor's own text, the flags of that text (checked again)."""
    if row.status == "furniture":
        return ""
    flags = current_flags(row) if _mine(row) else row.result.flags
    side = (lambda f: "your version") if _mine(row) else (lambda f: f.side)
    parts = [f'<div class="mt-flag-{escape(f.severity)}">⚑ {escape(side(f))}: {escape(f.message)}</div>'
             for f in flags]
    if _mine(row) and not flags:
        parts.append('<div class="mt-mine">✓ your version passes the checks</div>')
    scores = [f'<span title="{escape(wording.RISK_HELP)}">{escape(wording.risk(row.result.risk))}</span>']
    scores += [f"{escape(k)} {v:g}" for k, v in sorted(row.result.scores.items())]
    parts.append(f'<div class="mt-scores">{" · ".join(scores)}</div>')
    return "".join(parts)


def row_html(row: ReviewRow, current: bool = False, show_paragraph: bool = False) -> str:
    """One table row: # | source | draft | fix (or 'unchanged') | flags and scores | status."""
    from mtedit.ui.suggestions import marker_html

    res = row.result
    draft, fix = texts_html(res)
    if not res.changed:
        fix = '<span class="mt-same">= unchanged</span>'
    if row.status == "furniture":
        fix = '<span class="mt-same">not story text (x brings it back in)</span>'
    if row.status in ("edited", "took") and row.final is not None:
        fix += f'<div class="mt-final"><b>final:</b> {text_html(row.final, current_flags(row))}</div>'
    fix += memory_html(row) + marker_html(row)
    source = escape(res.segment.source) if res.segment.source else '<span class="mt-same">—</span>'
    status = (f'<span class="mt-status mt-status-{escape(row.status)}">'
              f'{escape(STATUS_LABEL.get(row.status, row.status))}</span>')
    cls = ("mt-row mt-current" if current else "mt-row") + (" mt-furniture" if row.status == "furniture" else "")
    para = f'<div class="mt-para-no">¶ {res.segment.paragraph + 1}</div>' if show_paragraph else ""
    return (f'<tr class="{cls}" data-index="{row.index}" id="mt-row-{row.index}"><td>{row.index + 1}{para}</td>'
            f'<td class="mt-src">{source}</td><td class="mt-draft">{draft}</td><td class="mt-fix">{fix}</td>'
            f'<td class="mt-flags">{flags_html(row)}</td><td>{status}</td></tr>')


def table_html(rows: Sequence[ReviewRow], cursor: int | None = None, grouped: bool = True) -> str:
    """A page of rows, the cursor row outlined: grouped under paragraph headers, or ungrouped with ¶ numbers."""
    if not rows:
        return '<p class="mt-same">No sentences match this filter.</p>'
    out = ['<table class="mt-table" id="mt-table"><colgroup><col class="mt-c-no"><col class="mt-c-src">'
           '<col class="mt-c-draft"><col class="mt-c-fix"><col class="mt-c-flags"><col class="mt-c-status"></colgroup>'
           '<thead><tr><th>#</th><th>source</th><th>draft</th><th>fix</th><th>checks</th><th>status</th></tr>'
           '</thead><tbody>']
    paragraph = None
    for row in rows:
        if grouped and row.result.segment.paragraph != paragraph:
            paragraph = row.result.segment.paragraph
            out.append(f'<tr class="mt-para"><th colspan="6">Paragraph {paragraph + 1}</th></tr>')
        out.append(row_html(row, current=row.index == cursor, show_paragraph=not grouped))
    out.append("</tbody></table>")
    return "".join(out)


def current_html(row: ReviewRow | None, total: int) -> str:
    """The selected sentence, large: what approve / keep / edit would act on."""
    if row is None:
        return '<p class="mt-same">No sentence selected.</p>'
    res = row.result
    draft, fix = texts_html(res)
    same = "" if res.changed else ' <span class="mt-same">(same as the draft)</span>'
    final = f"<div><b>Final:</b> {text_html(row.final, current_flags(row))}</div>" if row.final is not None else ""
    source = f"<div><b>Source:</b> {escape(res.segment.source)}</div>" if res.segment.source else ""
    why = wording.reason(wording.FURNITURE if row.status == "furniture" else res.verdict.reason, res.changed)
    return (f'<div id="mt-current" data-index="{row.index}"><div><b>Sentence {row.index + 1} of {total}</b> · '
            f'{escape(STATUS_LABEL.get(row.status, row.status))} · {escape(why)}</div>{source}'
            f'<div><b>Draft:</b> {draft}</div><div><b>Fix:</b> {fix}{same}</div>{final}{memory_html(row)}'
            f'{flags_html(row)}</div>')


def engines_html(checks: Sequence[tuple[str, Any]]) -> str:
    """Engines that cannot run here, greyed, with the reason and the remedy (`checks`: name, Usability)."""
    items = [f'<li class="mt-unusable">{escape(name)}: {escape(str(u.reason))}'
             + (f" — {escape(str(u.remedy))}" if getattr(u, "remedy", "") else "") + "</li>"
             for name, u in checks if not u.ok]
    if not items:
        return ""
    return '<div class="mt-unusable"><b>Not usable on this machine:</b><ul>' + "".join(items) + "</ul></div>"


def job_title(info: JobInfo) -> str:
    """The review tab's heading (escaped): the job, its engine and, until it is done, how far computing got."""
    title = f"Job #{info.id}: {info.name} · engine {info.engine}"
    if info.status == "running":
        title += f" · running: {info.stored} of {info.total} sentences ready"
    elif info.status == "interrupted":
        title += (f" · interrupted at {info.stored} of {info.total} sentences (the server stopped):"
                  " Continue computes the rest")
    elif info.status == "cancelled":
        title += f" · cancelled at {info.stored} of {info.total} sentences: Continue computes the rest"
    elif info.status != "done":
        title += f" · {info.status}: {info.stored} of {info.total} sentences"
    return escape(title)


def waiting_html(info: JobInfo) -> str:
    """What the table shows while a job has no stored sentence yet."""
    if info.status == "running":
        return f'<p class="mt-same">Computing the first of {info.total} sentences…</p>'
    return f'<p class="mt-same">No sentence was computed before the job was {escape(info.status)}.</p>'


def changed_elsewhere_html(row: ReviewRow) -> str:
    """Notice for the sentence under the cursor when another tab changed it (the edit box is left alone)."""
    now = STATUS_LABEL.get(row.status, row.status) + (f": “{row.final}”" if row.final is not None else "")
    return (f'<div class="mt-notice" id="mt-notice-changed" data-index="{row.index}">Changed in another window: '
            f"sentence {row.index + 1} is now {escape(now)}. Your edit box is as you left it; decisions on this "
            "sentence are refused until you press “Seen”.</div>")


def without_cursor(table: str) -> str:
    """`table_html` output with no row outlined (the selected sentence is not on this page)."""
    return table.replace('class="mt-row mt-current"', 'class="mt-row"')


def job_label(job: JobInfo) -> str:
    """How a job is named in the job list."""
    state = "" if job.status == "done" else f", {job.status} {job.stored}/{job.total}"
    return f"#{job.id} {job.name} · {job.engine} · {job.created[:16].replace('T', ' ')} · {job.pending} pending{state}"


def page_info(page: int, pages: int, shown: int, which: str, order: str = "reading") -> str:
    """'Page 2 of 5 · 120 pending · riskiest first'."""
    label = dict((v, k) for k, v in ORDERS).get(order, order)
    return (f"Page {page + 1} of {max(pages, 1)} · {shown} {escape(which) if which != 'all' else 'sentences'}"
            f" · {escape(label)}")
