"""Numbers, percentages, money, dates and times: Spanish source vs English target."""

from __future__ import annotations

import pytest

from mtedit.checks import check
from mtedit.checks.numbers import check_numbers, extract_en, extract_es


def kinds(source: str | None, target: str) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in check_numbers(source, target)]


@pytest.mark.parametrize("source,target,expected", [
    ("La deuda asciende a 2.200.112 euros.", "The debt amounts to 2,200,112 euros.", []),
    ("La deuda asciende a 2.200.112 euros.", "The debt amounts to 2.200.112 euros.", [("number-format", "warning")]),
    ("La deuda asciende a 2.200.112 euros.", "The debt amounts to 2,200,12 euros.", [("number-malformed", "error")]),
    ("El paro subió un 3,5 %.", "Unemployment rose 3.5%.", []),
    ("El paro subió un 3,5 %.", "Unemployment rose by 3.5 percent.", []),
    ("El paro subió un 3,5 %.", "Unemployment rose 3,5%.", [("number-format", "warning")]),
    ("El paro subió un 3,5 %.", "Unemployment rose 5.3%.", [("number-changed", "error")]),
    ("Desplegó 8.000 soldados.", "It deployed 8,000 soldiers.", []),
    ("Desplegó 8.000 soldados.", "It deployed 8.000 soldiers.", [("number-format", "warning")]),
    ("Costó 1.500 millones de euros.", "It cost 1.5 billion euros.", []),
    ("Costó 1.500 millones de euros.", "It cost 1,500 million euros.", []),
    ("Costó 1.500 millones de euros.", "It cost 1.500 million euros.", [("number-format", "warning")]),
    ("Costó 1.500 millones de euros.", "It cost 1.5 million euros.", [("number-changed", "error")]),
    ("Invertirá mil millones de dólares.", "It will invest a billion dollars.", []),
    ("Invertirá mil millones de dólares.", "It will invest one thousand million dollars.", []),
    ("Hay 20 millones de parados.", "There are 20 million unemployed.", []),
    ("Hay 20 millones de parados.", "There are 2 million unemployed.", [("number-changed", "error")]),
    ("Llegará el martes 24 de noviembre.", "It will arrive on Tuesday, November 24.", []),
    ("Llegará el martes 24 de noviembre.", "It will arrive on Tuesday 24 November.", []),
    ("Llegará el martes 24 de noviembre.", "It will arrive on Tuesday, November 25.", [("number-changed", "error")]),
    ("Llegará el martes 24 de noviembre.", "It will arrive on Wednesday, November 24.", [("number-missing", "warning")]),
    ("Empieza a las 18.30 horas.", "It starts at 6:30 p.m.", []),
    ("Empieza a las 18.30 horas.", "It starts at 18:30.", []),
    ("Empieza a las 18.30 horas.", "It starts at 7:30 p.m.", [("number-changed", "error")]),
    ("Pagó 500 euros.", "He paid 500 euros.", []),
    ("Pagó 500 euros.", "He paid $500.", []),
    ("Murieron dos personas.", "2 people died.", []),
    ("Murieron 2 personas.", "Two people died.", []),
    ("Fue condenada a siete años.", "She was sentenced to seven years.", []),
    ("Fue apoyada por 147 diputados.", "It was supported by deputies.", [("number-missing", "error")]),
    ("Fue apoyada por 147 diputados.", "It was supported by 148 deputies.", [("number-changed", "error")]),
    ("La IED sumó 630 mil 697 dólares.", "FDI totalled 630,697 dollars.", []),
    ("Crearía 125.000 empleos.", "It would create 125 000 jobs.", []),
    ("Llegaron 27,5 millones de metros cúbicos.", "27.5 million cubic metres arrived.", []),
    ("Llegaron 27,5 millones de metros cúbicos.", "27,5 thousand million cubic metres arrived.",
     [("number-changed", "error")]),
    ("Ganó en 2012.", "He won in 2012 and 2013.", [("number-added", "warning")]),
])
def test_numbers_table(source: str, target: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(source, target) == expected


@pytest.mark.parametrize("target,expected", [
    ("The debt is 2.200.112 euros.", [("number-format", "warning")]),
    ("Inflation was 3,5%.", [("number-format", "warning")]),
    ("The debt is 2,200,12 euros.", [("number-malformed", "error")]),
    ("The debt is 2,200,112 euros, up 3.5%.", []),
    ("It deployed 8.000 soldiers.", []),  # valid English (8.0); only the source can tell
])
def test_numbers_without_source(target: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(None, target) == expected


def test_spans_point_at_the_figure() -> None:
    target = "The debt is 2.200.112 euros."
    (flag,) = check_numbers("La deuda es de 2.200.112 euros.", target, side="draft")
    assert target[flag.span.start:flag.span.end] == "2.200.112"
    assert flag.side == "draft" and "2,200,112" in flag.message


@pytest.mark.parametrize("text,key", [
    ("1.500 millones", ("n", 1.5e9)), ("mil millones", ("n", 1e9)), ("24 de noviembre", ("d", 1124)),
    ("a las 18.30 horas", ("t", 1110.0)), ("3,5 %", ("n", 3.5)), ("2.200.112", ("n", 2200112.0)),
])
def test_extract_es_keys(text: str, key: tuple[str, float]) -> None:
    assert any(key in m.keys for m in extract_es(text))


@pytest.mark.parametrize("text,key", [
    ("1.5 billion", ("n", 1.5e9)), ("November 24", ("d", 1124)), ("6:30 p.m.", ("t", 1110.0)),
    ("2,200,112", ("n", 2200112.0)), ("$1.5bn", ("n", 1.5e9)), ("24th", ("n", 24.0)),
])
def test_extract_en_keys(text: str, key: tuple[str, float]) -> None:
    assert any(key in m.keys for m in extract_en(text))


def test_check_runs_number_checks() -> None:
    flags = check("Fue apoyada por 147 diputados.", "It was supported by 148 deputies.")
    assert [f.kind for f in flags] == ["number-changed"]
