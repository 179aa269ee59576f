"""Risk: flags, model score and agreement combined into 0..1."""

from __future__ import annotations

import math

import pytest

from mtedit.checks import check, risk_score
from mtedit.errors import InputError
from mtedit.types import Flag

ERR = Flag("number-changed", "error", "x")
WARN = Flag("double-space", "warning", "x")


@pytest.mark.parametrize("flags,kwargs,low,high", [
    ((), {}, 0.0, 0.0),
    ((WARN,), {}, 0.05, 0.2),
    ((ERR,), {}, 0.3, 0.6),
    ((ERR, ERR, ERR), {}, 0.8, 1.0),
    ((), {"draft_score": 0.0, "agreement": 1.0}, 0.0, 0.0),
    ((), {"draft_score": math.log(0.5)}, 0.25, 0.35),
    ((), {"agreement": 0.2}, 0.5, 0.6),
])
def test_risk_ranges(flags: tuple[Flag, ...], kwargs: dict[str, float], low: float, high: float) -> None:
    assert low <= risk_score(flags, **kwargs) <= high


def test_risk_orders_sentences() -> None:
    clean = risk_score((), draft_score=-0.1, agreement=0.9)
    warned = risk_score((WARN,), draft_score=-0.1, agreement=0.9)
    errored = risk_score((ERR,), draft_score=-0.1, agreement=0.9)
    unsure = risk_score((), draft_score=-2.0, agreement=0.3)
    assert clean < warned < errored
    assert clean < unsure < 1.0


def test_risk_from_real_checks() -> None:
    good = check("Fue apoyada por 147 diputados.", "It was supported by 147 deputies.")
    bad = check("Fue apoyada por 147 diputados.", "It was supported by 148  deputies.")
    assert risk_score(good) < risk_score(bad)


@pytest.mark.parametrize("kwargs", [{"draft_score": 0.5}, {"draft_score": float("nan")}, {"agreement": 51.9},
                                    {"agreement": -0.1}])
def test_risk_bad_input(kwargs: dict[str, float]) -> None:
    with pytest.raises(InputError):
        risk_score((), **kwargs)
