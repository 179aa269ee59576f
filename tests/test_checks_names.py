"""Names: source names reach the target (with exonyms), and no new names appear."""

from __future__ import annotations

import pytest

from mtedit.checks.names import candidate_names, check_names, fold
from mtedit.checks.namelists import STOP_ES


def kinds(source: str, target: str) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in check_names(source, target)]


@pytest.mark.parametrize("source,target,expected", [
    ("El presidente François Hollande dijo que Estados Unidos apoyará a Francia.",
     "President François Hollande said that the United States will support France.", []),
    ("El presidente François Hollande dijo que Estados Unidos apoyará a Francia.",
     "Chirac said that the United States will support France.",
     [("name-missing", "error"), ("name-unexpected", "error")]),
    ("Según fuentes de EEUU, la reunión fue breve.", "According to US sources, the meeting was short.", []),
    ("Según fuentes de EE.UU., la reunión fue breve.", "According to U.S. sources, the meeting was short.", []),
    ("Según la ONU, Rusia y Alemania votaron en contra.", "According to the UN, Russia and Germany voted against.", []),
    ("Según las Naciones Unidas, Rusia votó en contra.", "According to the United Nations, Russia voted against.", []),
    ("Según la ONU, Rusia y Alemania votaron en contra.", "According to the UN, Russia voted against.",
     [("name-missing", "warning")]),
    ("Muammar el-Gaddafi fue enterrado en el desierto.", "Muammar Kaddafi is buried in the desert.", []),
    ("El Parlamento de Ucrania ha rechazado hoy la propuesta.", "Today, the Ukraine parliament rejected the motion.", []),
    ("En octubre, Tymoshenko fue sentenciada.", "In October, Timoshenko was sentenced.", []),
    ("La canciller Angela Merkel viajó a Pekín.", "Chancellor Angela Merkel travelled to Beijing.", []),
    ("La canciller Angela Merkel viajó a Pekín.", "Chancellor Angela Merkel travelled to Tokyo.",
     [("name-missing", "error"), ("name-unexpected", "error")]),
    ("El acuerdo con Rusia fue desventajoso para Ucrania.", "The deal with Russia was bad for Ukraine and Sarkozy.",
     [("name-unexpected", "warning")]),
    ("Las inversiones alemanas crecieron.", "German investment grew.", []),
    ("Los Inversores Nerviosos Esperan El Fallo", "Nervous Investors Await The Ruling", []),  # title case
])
def test_names_table(source: str, target: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(source, target) == expected


def test_no_source_no_name_flags() -> None:
    assert check_names(None, "Chirac said so.") == []


def test_unexpected_span_points_at_name() -> None:
    target = "Chancellor Angela Merkel travelled to Tokyo."
    flags = check_names("La canciller Angela Merkel viajó a Pekín.", target, side="draft")
    unexpected = [f for f in flags if f.kind == "name-unexpected"]
    assert [target[f.span.start:f.span.end] for f in unexpected] == ["Tokyo"]
    assert all(f.side == "draft" for f in flags)


@pytest.mark.parametrize("text,names", [
    ("El Gobierno de Mariano Rajoy aprobó el plan.", ["Mariano Rajoy"]),
    ("Tymoshenko se mostró convencida.", []),  # lone capital at sentence start
    ("Yulia Tymoshenko se mostró convencida.", ["Yulia Tymoshenko"]),
    ("Lo dijo el portavoz de la Casa Blanca, Jay Carney.", ["Casa Blanca", "Jay Carney"]),
])
def test_candidate_names(text: str, names: list[str]) -> None:
    assert [n for n, _ in candidate_names(text, STOP_ES)] == names


@pytest.mark.parametrize("word,folded", [("Irán", "iran"), ("Pekín", "pekin"), ("ÑANDÚ", "nandu")])
def test_fold(word: str, folded: str) -> None:
    assert fold(word) == folded
