"""Names: source names reach the target (with exonyms), and no new names appear."""

from __future__ import annotations

import pytest

from mtedit.checks import check, lexicon
from mtedit.checks.names import candidate_names, check_names, fold


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
    ("Tymoshenko se mostró convencida.", ["Tymoshenko"]),  # a sentence-initial name
    ("Según Hollande, la guerra sigue.", ["Hollande"]),
    ("Ayer Merkel viajó a Atenas.", ["Merkel", "Atenas"]),
    ("Yulia Tymoshenko se mostró convencida.", ["Yulia Tymoshenko"]),
    ("Lo dijo el portavoz de la Casa Blanca, Jay Carney.", ["Casa Blanca", "Jay Carney"]),
])
def test_candidate_names(text: str, names: list[str]) -> None:
    assert [n for n, _ in candidate_names(text, "es")] == names


SENTENCE_START = [
    # a name opening the sentence is checked like any other
    ("Hollande dijo que no.", "Chirac said no.", [("name-missing", "error"), ("name-unexpected", "error")]),
    ("Hollande dijo que no.", "Hollande said no.", []),
    ("Merkel visitará Atenas el lunes.", "Merkel will visit Athens on Monday.", []),
    ("Merkel visitará Atenas el lunes.", "Sarkozy will visit Athens on Monday.",
     [("name-missing", "error"), ("name-unexpected", "error")]),
    ("Tymoshenko fue condenada a siete años.", "Timoshenko was sentenced to seven years.", []),
    ("Rajoy ganó las elecciones.", "Zapatero won the elections.",
     [("name-missing", "error"), ("name-unexpected", "error")]),
    # common words opening the sentence are stripped from the name and never flagged
    ("Según Hollande, la guerra sigue.", "According to Chirac, the war goes on.",
     [("name-missing", "error"), ("name-unexpected", "error")]),
    ("Según Hollande, la guerra sigue.", "According to Hollande, the war goes on.", []),
    ("Ayer Obama habló con Putin.", "Yesterday Obama spoke with Putin.", []),
    ("Hoy la bolsa cayó un 3 %.", "Today the stock market fell 3%.", []),
    ("Tras la reunión, los ministros se fueron.", "After the meeting, the ministers left.", []),
    ("Aunque llovió, el partido siguió.", "Although it rained, the match went on.", []),
    ("Desde entonces nadie ha hablado.", "Since then nobody has spoken.", []),
    ("Los manifestantes cortaron la calle.", "The protesters blocked the street.", []),
    ("Cientos de personas protestaron.", "Hundreds of people protested.", []),
    ("Interanualmente, los precios subieron.", "Year on year, prices rose.", []),
    ("No lo sé, dijo.", "Don't know, he said.", []),
    ("Así termina el proceso.", "Like this the process ends.", []),
    ("SAP quiere doblar su plantilla.", "SAP Wants to double its staff.", []),
]


# common words only a dictionary knows: apertium's analyser is needed
APERTIUM_ONLY = [
    ("Estreno mundial de la película en Madrid.", "World premiere of the film in Madrid.", []),
    ("Lluvia de flashes en la alfombra roja.", "Rain of flashes on the red carpet.", []),
    ("Rige el Código de Conducta.", "Governs the Code of Conduct.", []),
]
needs_apertium = pytest.mark.skipif(not lexicon.uses_apertium("es"), reason="apertium-eng-spa not installed")


@pytest.mark.parametrize("source,target,expected", [
    *SENTENCE_START, *(pytest.param(*case, marks=needs_apertium) for case in APERTIUM_ONLY)])
def test_sentence_initial_words(source: str, target: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(source, target) == expected


@pytest.mark.parametrize("source,target,expected", SENTENCE_START)
def test_sentence_initial_words_without_apertium(monkeypatch: pytest.MonkeyPatch, source: str, target: str,
                                                 expected: list[tuple[str, str]]) -> None:
    monkeypatch.setattr(lexicon, "_analyser", lambda lang: None)
    lexicon.is_name_word.cache_clear()
    try:
        assert kinds(source, target) == expected
    finally:
        lexicon.is_name_word.cache_clear()


def test_public_check_flags_a_sentence_initial_swap() -> None:
    flags = check("Hollande dijo que no.", "Chirac said no.", "draft")
    assert [(f.kind, f.side) for f in flags if f.kind.startswith("name-")] == [
        ("name-missing", "draft"), ("name-unexpected", "draft")]


@pytest.mark.parametrize("word,lang,is_name", [
    ("Hollande", "es", True), ("Merkel", "es", True), ("Tymoshenko", "es", True), ("Rusia", "es", True),
    ("Según", "es", False), ("Ayer", "es", False), ("Hoy", "es", False), ("Tras", "es", False),
    ("Con", "es", False), ("Desde", "es", False), ("Aunque", "es", False), ("Los", "es", False),
    ("Chirac", "en", True), ("SAP", "en", True), ("According", "en", False), ("Yesterday", "en", False),
    ("The", "en", False), ("After", "en", False), ("Don't", "en", False),
])
def test_is_name_word(word: str, lang: lexicon.Lang, is_name: bool) -> None:
    assert lexicon.is_name_word(word, lang) is is_name


@pytest.mark.parametrize("word,folded", [("Irán", "iran"), ("Pekín", "pekin"), ("ÑANDÚ", "nandu")])
def test_fold(word: str, folded: str) -> None:
    assert fold(word) == folded
