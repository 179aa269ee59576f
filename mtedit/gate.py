"""Do no harm: a fix replaces the draft only when it is judged better.

Rules, in order: identical texts (whitespace aside) change nothing; an empty fix keeps the draft; a fix
that brings an error-severity flag kind the draft lacks keeps the draft (with `reject_new_warnings`, a
warning kind the draft lacks too: a fix that adds a repeated word or loses a name is more often wrong); a fix that rewrites more than
`max_change` of the draft (word edit rate, TER draft -> fix) keeps the draft; with both scores (mean token
log-probs under the same model) the fix wins only by at least `margin`; an engine without scores
(apertium) is accepted. Reasons are short `word:detail` strings meant for logs and filters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mtedit.types import Flag, GateVerdict

_EPS = 1e-9  # a gain equal to the margin up to float noise counts as reaching it


def normalise(text: str) -> str:
    """Whitespace-normalised text, as the gate compares it."""
    return " ".join(text.split())


def _kinds(flags: Sequence[Flag], severity: str | None = None) -> set[str]:
    return {flag.kind for flag in flags if severity is None or flag.severity == severity}


def decide(
    draft: str,
    fix: str,
    *,
    draft_score: float | None,
    fix_score: float | None,
    margin: float,
    draft_flags: Sequence[Flag] = (),
    fix_flags: Sequence[Flag] = (),
    change: float | None = None,
    max_change: float | None = None,
    reject_new_warnings: bool = False,
) -> GateVerdict:
    """Accept the fix (replace the draft) or keep the draft, with the reason."""

    def verdict(accepted: bool, reason: str) -> GateVerdict:
        return GateVerdict(accepted=accepted, reason=reason, draft_score=draft_score, fix_score=fix_score)

    if normalise(fix) == normalise(draft):
        return verdict(False, "identical")
    if not normalise(fix):
        return verdict(False, "empty-fix")
    new_errors = sorted(_kinds(fix_flags, "error") - _kinds(draft_flags, "error"))
    if new_errors:
        return verdict(False, "fix-adds-error:" + ",".join(new_errors))
    if reject_new_warnings:
        new_warnings = sorted(_kinds(fix_flags) - _kinds(draft_flags))
        if new_warnings:
            return verdict(False, "fix-adds-warning:" + ",".join(new_warnings))
    if max_change is not None and change is not None and change > max_change + _EPS:
        return verdict(False, f"too-different:{change:.2f}>{max_change:.2f}")
    if draft_score is None and fix_score is None:
        return verdict(True, "unscored")
    if draft_score is None or fix_score is None:
        return verdict(False, "missing-draft-score" if draft_score is None else "missing-fix-score")
    gain = fix_score - draft_score
    if math.isnan(gain):
        return verdict(False, "score-nan")
    if gain >= margin - _EPS:
        return verdict(True, f"fix-better:{gain:+.3f}>={margin:.3f}")
    return verdict(False, f"fix-not-better:{gain:+.3f}<{margin:.3f}")
