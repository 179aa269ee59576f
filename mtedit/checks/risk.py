"""One 0..1 risk number per sentence from its flags, the model's score and engine agreement."""

from __future__ import annotations

import math
from collections.abc import Sequence

from mtedit.errors import InputError
from mtedit.types import Flag

WEIGHTS = {"error": 0.45, "warning": 0.12}
SCORE_WEIGHT = 0.6
AGREEMENT_WEIGHT = 0.7


def risk_score(flags: Sequence[Flag], *, draft_score: float | None = None,
               agreement: float | None = None) -> float:
    """Risk in 0..1, higher = riskier: 1 - product of (1 - weighted evidence).

    `draft_score` is the model's mean token log-probability of the draft (<= 0; exp() of it is the
    confidence); `agreement` is 0..1 similarity (e.g. chrF / 100) of the draft with an independent
    re-translation. Each error flag weighs 0.45, each warning 0.12.
    """
    keep = 1.0
    for flag in flags:
        keep *= 1.0 - WEIGHTS.get(flag.severity, WEIGHTS["warning"])
    if draft_score is not None:
        if not isinstance(draft_score, (int, float)) or math.isnan(draft_score) or draft_score > 1e-9:
            raise InputError(f"draft_score must be a mean log-probability <= 0, got {draft_score!r}")
        keep *= 1.0 - SCORE_WEIGHT * (1.0 - math.exp(draft_score))
    if agreement is not None:
        if not isinstance(agreement, (int, float)) or not 0.0 <= agreement <= 1.0:
            raise InputError(f"agreement must be in 0..1 (divide chrF by 100), got {agreement!r}")
        keep *= 1.0 - AGREEMENT_WEIGHT * (1.0 - agreement)
    return round(min(1.0, max(0.0, 1.0 - keep)), 6)
