"""The editor's decisions, honestly recorded: what each key press means, and when it is refused.

- approve on a sentence the engine left unchanged keeps the draft (nothing was fixed);
- approving (or keeping) a text with an error flag asks once: the second press in a row decides;
- a saved text that is word for word a suggestion is "took suggestion N", one equal to the fix or the draft is
  that decision, anything else is an edit (its checks run again on the server);
- a decision on a sentence changed in another window is refused every time until the editor says they have
  seen the newer version; the text in the edit box is never touched by a refusal;
- approve all leaves flagged sentences pending and says how many.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from mtedit.errors import ConflictError, InputError
from mtedit.gate import normalise
from mtedit.review import current_flags
from mtedit.store import Job, ReviewRow, ReviewStore
from mtedit.ui import render, session, suggestions

MAX_SECONDS = 1800.0  # time on one sentence is capped: an editor away from the desk is not editing


@dataclass(frozen=True)
class Outcome:
    """The tab's new state and, when the decision was refused or needs a word, what to tell the editor."""

    state: dict[str, Any]
    message: str = ""
    warning: bool = False


def _spent(state: dict[str, Any]) -> float:
    return max(0.0, min(time.time() - float(state.get("shown_at") or time.time()), MAX_SECONDS))


def _next_after(job: Job, shown: list[ReviewRow], index: int, order: str) -> int | None:
    """The story sentence shown after sentence `index` in the display order (None at the end)."""
    row = session.cursor_row(job, shown, index, order)
    if row is None:
        return None
    pos = shown.index(row) + (1 if row.index == index else 0)
    later = [r for r in shown[pos:] if r.status != "furniture"]
    return later[0].index if later else None


def _errors_if(row: ReviewRow, action: str) -> list[str]:
    """Messages of the error flags the sentence would keep if `action` (approve or keep) were recorded."""
    res = row.result
    text = res.fix if action == "approve" else res.segment.draft
    flags = current_flags(ReviewRow(row.index, res, "kept", text))
    return [f.message for f in flags if f.severity == "error"]


def _resolve(row: ReviewRow, action: str, text: str | None) -> tuple[str, str | None]:
    """A saved text as the decision it is: take (a suggestion), approve (the fix), keep (the draft) or edit."""
    if action != "edit" or text is None:
        return action, text
    said = normalise(text)
    if said and said == normalise(row.result.fix) and row.result.changed:
        return "approve", None
    if said and said == normalise(row.result.segment.draft):
        return "keep", None
    return ("take" if suggestions.taken(row, text) else "edit"), text


def changed_elsewhere(row: ReviewRow) -> str:
    """'Changed in another window: sentence 3 is now kept draft: “…”.'"""
    now = render.STATUS_LABEL.get(row.status, row.status) + (f": “{row.final}”" if row.final is not None else "")
    return (f"Changed in another window: sentence {row.index + 1} is now {now}. Your text is still in the edit box; "
            "press “Seen” to decide on this sentence again.")


def act(store: ReviewStore, state: dict[str, Any], action: str, text: str | None = None) -> Outcome:
    """Apply approve / keep / edit / revert / furniture (toggle) to the cursor sentence; move on after a decision."""
    job, shown = session.shown_rows(store, state)
    index = state.get("cursor")
    if index is None:
        raise InputError("no sentence selected; click a row or press j")
    row = next((r for r in job.rows if r.index == index), None)
    if row is None:
        raise InputError(f"sentence {index + 1} is not computed yet; wait for it or pick another")
    held = session.held_versions(state)
    expected = session.seen_version(state, index)
    if index in held and row.version != held[index]:
        return Outcome(state, changed_elsewhere(row), warning=True)
    action, text = _resolve(row, action, text)
    if row.status == "furniture" and action not in ("furniture", "revert"):
        return Outcome(state, f"Sentence {index + 1} is set aside as not story text; press x to bring it back in.",
                       warning=True)
    if action in ("approve", "keep") and state.get("confirm") != [index, row.version]:
        errors = _errors_if(row, action)
        if errors:
            what = "approve the fix" if action == "approve" and row.result.changed else "keep the draft"
            return Outcome({**state, "confirm": [index, row.version]},
                           f"Sentence {index + 1} still has an error: {errors[0]}. Press the same key again to "
                           f"{what} anyway, or edit it.", warning=True)
    try:
        if action == "revert" or (action == "furniture" and row.status == "furniture"):
            store.revert(int(state["job"]), index, expected_version=expected, seconds=_spent(state))
            return Outcome({**state, "shown_at": time.time(), "confirm": None})
        if action == "furniture":
            store.set_aside(int(state["job"]), index, expected_version=expected)
        else:
            store.decide(int(state["job"]), index, action, text, expected_version=expected, seconds=_spent(state))
    except ConflictError:
        newer = next(r for r in store.load_job(int(state["job"])).rows if r.index == index)
        held_now = {**(state.get("held") or {}), str(index): expected}
        return Outcome({**state, "held": held_now}, changed_elsewhere(newer), warning=True)
    later = _next_after(job, shown, index, state.get("order", "reading"))
    return Outcome({**state, "cursor": later if later is not None else index, "shown_at": time.time(),
                    "confirm": None})


def typed_flags_html(state: dict[str, Any], text: str | None) -> str:
    """The checks of the text in the edit box as it is typed, against the selected sentence's source."""
    from html import escape

    from mtedit.checks import check

    if state.get("cursor") is None or not (text or "").strip():
        return ""
    flags = check(state.get("source"), " ".join((text or "").split()), "fix")
    if not flags:
        return '<div class="mt-mine" id="mt-typed">✓ the text in the box passes the checks</div>'
    return '<div id="mt-typed">' + "".join(
        f'<div class="mt-flag-{escape(f.severity)}">⚑ in the box: {escape(f.message)}</div>' for f in flags) + "</div>"


def seen(state: dict[str, Any]) -> dict[str, Any]:
    """The editor has looked at the newer version of the cursor sentence: decisions on it are accepted again."""
    held = {k: v for k, v in (state.get("held") or {}).items() if int(k) != state.get("cursor")}
    return {**state, "held": held}


def approve_all(store: ReviewStore, state: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Approve every pending story sentence whose text has no flag; flagged ones stay pending. Returns a summary."""
    if state.get("job") is None:
        raise InputError("no job open; run one on the Load tab or open one from the job list")
    job_id = int(state["job"])
    rows = store.load_job(job_id).rows
    flagged = [r.index for r in rows if r.status == "pending" and current_flags(r)]
    done = store.approve_all_pending(job_id, skip=flagged)
    left = f"; left {len(flagged)} flagged sentences pending: review them one by one" if flagged else ""
    return dict(state), f"approved {done} pending sentences{left}"
