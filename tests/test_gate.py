"""The do-no-harm gate as a table of (draft, fix, scores, margin, flags) -> (accepted, reason)."""

from __future__ import annotations

import pytest

from mtedit.gate import decide
from mtedit.types import Flag


def flag(kind: str, severity: str = "error") -> Flag:
    return Flag(kind=kind, severity=severity, message=kind)


D, F = "The coalition to which belong USA.", "The coalition that the USA belongs to."


@pytest.mark.parametrize(
    ("draft", "fix", "draft_score", "fix_score", "margin", "draft_flags", "fix_flags", "accepted", "reason"),
    [
        (D, D, -1.0, -0.5, 0.1, (), (), False, "identical"),
        (D, "  The coalition  to which\nbelong USA. ", None, None, 0.0, (), (), False, "identical"),
        (D, "", -1.0, -0.1, 0.1, (), (), False, "empty-fix"),
        (D, "   ", None, None, 0.0, (), (), False, "empty-fix"),
        (D, F, -1.0, -0.5, 0.1, (), (flag("number"),), False, "fix-adds-error:number"),
        (D, F, -1.0, -0.5, 0.1, (), (flag("number"), flag("name")), False, "fix-adds-error:name,number"),
        (D, F, -1.0, -0.5, 0.1, (flag("number"),), (flag("number"),), True, "fix-better:+0.500>=0.100"),
        (D, F, -1.0, -0.5, 0.1, (), (flag("length", "warning"),), True, "fix-better:+0.500>=0.100"),
        (D, F, -1.0, -0.58, 0.42, (), (), True, "fix-better:+0.420>=0.420"),
        (D, F, -1.0, -0.95, 0.1, (), (), False, "fix-not-better:+0.050<0.100"),
        (D, F, -0.5, -1.0, 0.0, (), (), False, "fix-not-better:-0.500<0.000"),
        (D, F, -0.5, -0.5, 0.0, (), (), True, "fix-better:+0.000>=0.000"),
        (D, F, None, None, 0.3, (), (), True, "unscored"),
        (D, F, None, -0.2, 0.0, (), (), False, "missing-draft-score"),
        (D, F, -0.2, None, 0.0, (), (), False, "missing-fix-score"),
        (D, F, float("nan"), -0.2, 0.0, (), (), False, "score-nan"),
    ],
)
def test_decide(draft, fix, draft_score, fix_score, margin, draft_flags, fix_flags, accepted, reason):
    verdict = decide(
        draft,
        fix,
        draft_score=draft_score,
        fix_score=fix_score,
        margin=margin,
        draft_flags=draft_flags,
        fix_flags=fix_flags,
    )
    assert (verdict.accepted, verdict.reason) == (accepted, reason)
    assert verdict.draft_score is draft_score and verdict.fix_score is fix_score


@pytest.mark.parametrize(
    ("change", "max_change", "accepted", "reason"),
    [
        (0.25, 0.4, True, "fix-better:+0.500>=0.100"),
        (0.4, 0.4, True, "fix-better:+0.500>=0.100"),
        (0.62, 0.4, False, "too-different:0.62>0.40"),
        (0.62, None, True, "fix-better:+0.500>=0.100"),
        (None, 0.4, True, "fix-better:+0.500>=0.100"),
    ],
)
def test_decide_limits_how_much_a_fix_may_rewrite(change, max_change, accepted, reason):
    verdict = decide(D, F, draft_score=-1.0, fix_score=-0.5, margin=0.1, change=change, max_change=max_change)
    assert (verdict.accepted, verdict.reason) == (accepted, reason)


@pytest.mark.parametrize(
    ("draft_flags", "fix_flags", "strict", "accepted", "reason"),
    [
        ((), (flag("repeated-word", "warning"),), False, True, "fix-better:+0.500>=0.100"),
        ((), (flag("repeated-word", "warning"),), True, False, "fix-adds-warning:repeated-word"),
        ((flag("repeated-word", "warning"),), (flag("repeated-word", "warning"),), True, True,
         "fix-better:+0.500>=0.100"),
        ((), (flag("name-missing", "warning"), flag("alignment", "warning")), True, False,
         "fix-adds-warning:alignment,name-missing"),
        ((flag("untranslated", "warning"),), (), True, True, "fix-better:+0.500>=0.100"),
        ((), (flag("number"),), True, False, "fix-adds-error:number"),
    ],
)
def test_decide_can_reject_fixes_that_bring_new_warnings(draft_flags, fix_flags, strict, accepted, reason):
    verdict = decide(D, F, draft_score=-1.0, fix_score=-0.5, margin=0.1, draft_flags=draft_flags,
                     fix_flags=fix_flags, reject_new_warnings=strict)
    assert (verdict.accepted, verdict.reason) == (accepted, reason)
