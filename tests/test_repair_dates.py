"""Date, time and scale-word repairs: Spanish-style forms written the English way from the source, a wrong day,
month or time given the source's value in the target's style; ambiguous or ungrounded cases left alone."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from mtedit.checks import check
from mtedit.pipeline import GateOptions, correct
from mtedit.repair import repair_text
from mtedit.types import Segment
from test_pipeline import RuleEngine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import repair_plants  # noqa: E402
import repairs_report  # noqa: E402


def repaired(source: str | None, target: str):
    return repair_text(source, target, check(source, target, "fix"), "fix")


@pytest.mark.parametrize("source, target, expected", [
    # Spanish-style dates, grounded in the source
    ("La reunión será el 12 de marzo.", "The meeting will be on 12 de marzo.", "The meeting will be on March 12."),
    ("La reunión será el 12 de marzo.", "The meeting will be el 12 de marzo.", "The meeting will be March 12."),
    ("La reunión será el 12 mar.", "The meeting will be on 12 mar.", "The meeting will be on March 12."),
    ("La reunión será el 12 de marzo de 2012.", "The meeting will be on 12/03/2012.",
     "The meeting will be on March 12, 2012."),
    ("Empezó el 10 de marzo y acaba el 12 de marzo.", "It began on 10 March and ends on 12 de marzo.",
     "It began on 10 March and ends on 12 March."),  # the sentence's other date is day first
    (None, "The meeting will be on 12 de marzo.", "The meeting will be on March 12."),
    # a wrong day or month, written the way the target writes dates
    ("La reunión será el 12 de marzo.", "The meeting will be on March 21.", "The meeting will be on March 12."),
    ("La reunión será el 12 de marzo.", "The meeting will be on April 12.", "The meeting will be on March 12."),
    ("Cayó el 12 de octubre.", "It fell on Oct. 21st.", "It fell on Oct. 12th."),
    ("Cayó el 12 de octubre.", "It fell on 21 October.", "It fell on 12 October."),
    ("Cayó el 12 de noviembre.", "It fell on Oct. 12.", "It fell on Nov. 12."),
    # times
    ("Llegó a las 3:05 p. m.", "He arrived at las 3:05 p. m.", "He arrived at 3:05 p.m."),
    ("Empieza a las 18.30 horas.", "It starts at 18.30 horas.", "It starts at 6:30 p.m."),
    ("Empieza a las 18.30 horas.", "It starts at 6:40 p.m.", "It starts at 6:30 p.m."),
    ("Empieza a las 18.30 horas.", "It starts at 18:40.", "It starts at 18:30."),
    # scale words
    ("Aprobó mil millones de dólares.", "It approved thousand million dollars.", "It approved a billion dollars."),
    ("Aprobó mil millones de dólares.", "It approved a thousand millions dollars.", "It approved a billion dollars."),
    ("Invirtió diez mil millones de dólares.", "It invested ten thousand million dollars.",
     "It invested ten billion dollars."),
    ("Costó 220 mil millones de dólares.", "It cost 220 billion of dollars.", "It cost 220 billion dollars."),
    ("Costó 14,2 mil millones de dólares.", "It cost 14,2 billion of dollars.", "It cost 14.2 billion dollars."),
    ("Dio seis miles de millones de francos.", "It gave six billions of francs.", "It gave six billion francs."),
    ("Es más de mil millones de dólares.", "It is more than billion of dollars.", "It is more than a billion dollars."),
    ("Hay 200 millones.", "There are 200 millions.", "There are 200 million."),
    ("Ascendió a 11.300 millones de euros.", "It came to 11,3 thousand million euros.",  # format and scale at once
     "It came to 11.3 billion euros."),
    ("Perdió miles de millones.", "It lost thousands of millions.", "It lost billions."),
])
def test_dates_times_and_scales_are_repaired_from_the_source(source, target, expected):
    result = repaired(source, target)
    assert result.text == expected
    assert [r.kind for r in result.repairs] == ["number"]
    [r] = result.repairs
    assert target[r.span_before.start:r.span_before.end] == r.before
    assert result.text[r.span_after.start:r.span_after.end] == r.after
    assert len(result.flags) < len(check(source, target, "fix"))


@pytest.mark.parametrize("source, target", [
    # two source dates, two wrong ones: which is which cannot be known
    ("Llegó el 12 de marzo y se fue el 15 de abril.", "He arrived on March 21 and left on April 51."),
    ("Llegó el 12 de marzo y se fue el 15 de abril.", "He arrived on March 21 and left on April 16."),
    # both readings of a numeric date are dates of the source
    ("Será el 3 de abril o el 4 de marzo.", "It will be on 03/04/2012."),
    # day and month without a year: maybe a score or a fraction
    ("Será el 3 de abril.", "It will be on 03/04."),
    # a date the source lacks: the flag stays
    ("La reunión será el 20 de abril.", "The meeting will be on 12 de marzo."),
    # another date, not one part of it gone wrong
    ("La reunión será el 12 de marzo.", "The meeting will be on June 30."),
    # only a.m./p.m. differ: the source's `de la tarde` is not read
    ("Llegó a las 3:05 de la tarde.", "He arrived at 3:05 pm."),
    # neither the hour nor the minutes agree: another time
    ("Empieza a las 18.30 horas.", "It starts at 7:40 p.m."),
    # `of` is English after a scale before most words, and after `half`
    ("Digiere 450 mil millones de recortes.", "It digests 450 billion of cuts."),
    ("Pidió un millón y medio de pesos.", "He asked for a half million of pesos."),
    ("Vendió 5 millones de sus acciones.", "It sold 5 million of its shares."),
])
def test_unsafe_dates_times_and_scales_are_not_repaired(source, target):
    result = repaired(source, target)
    assert result.text == target and result.repairs == ()


@pytest.mark.parametrize("source, target", [
    ("De los 40, 12 podrían irse.", "Of the 40, 12 may leave."),  # `12 may` is English here
    (None, "Of the 40, 12 may leave on 03/04/2012."),
])
def test_english_that_looks_like_a_spanish_date_is_not_flagged(source, target):
    assert not [f for f in check(source, target) if "Spanish-style date" in f.message]


def test_an_ungrounded_spanish_date_keeps_its_flag():
    [flag] = [f for f in check("La reunión será el 20 de abril.", "It is on 12 de marzo.") if f.kind == "number-format"]
    assert flag.message == "'12 de marzo' is a Spanish-style date; check it against the source"


def test_the_gate_takes_a_date_repair_without_the_models_score():
    source, draft = "El plazo vence el 12 de marzo.", "The deadline expires on March 21."
    [result] = correct([Segment("s0", draft, source)], RuleEngine({"deadline": "term"}), gate=GateOptions(margin=5.0))
    assert result.fix == "The deadline expires on March 12."
    assert result.verdict.reason == "repair:number"
    assert [(r.before, r.after, r.resolves) for r in result.repairs] == [("March 21", "March 12", "number-changed")]


SOURCE = "El 17 de noviembre de 2008, EE.UU. invirtió diez mil millones de dólares."
REFERENCE = "On November 17, 2008, the USA invested ten billion dollars."


@pytest.mark.parametrize("name", ["date-spanish-format", "date-wrong-day", "date-wrong-month", "scale-mil-millones"])
def test_date_and_scale_plants_are_repaired(name):
    _group, planter = repair_plants.PLANTERS[name]
    for seed in range(4):
        plant = planter(SOURCE, REFERENCE, random.Random(seed))
        assert plant is not None and plant.draft != plant.expected
        head, tail = plant.draft[:plant.start], plant.draft[plant.end:]
        assert plant.expected.startswith(head) and plant.expected.endswith(tail)
        [result] = repairs_report.run([plant.source], [plant.draft])
        assert repairs_report._restored(plant, result), (plant.draft, result.fix)
