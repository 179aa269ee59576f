"""Name repairs located by aligning the names of source and target: a name swapped for another name of the
source, misspelt, or translated as a common word is written as the source has it; exonyms, other
transliterations, translated descriptions and ambiguous cases are left alone."""

from __future__ import annotations

import pytest

from mtedit.checks import check, lexicon
from mtedit.repair import repair_text

pytestmark = pytest.mark.skipif(not lexicon.uses_apertium("es"), reason="apertium-eng-spa not installed")


def repaired(source: str, target: str) -> str:
    return repair_text(source, target, check(source, target, "fix"), "fix").text


@pytest.mark.parametrize("source, target, expected", [
    # swapped for another name of the source
    ("Mientras Nacho Moreal solo tiene cuatro juegos y Jordi Alba dos, Edder Nelson todavía no debuta.",
     "While Nacho Moreal has only four games and Edder Alba two, Edder Nelson has not debuted yet.",
     "While Nacho Moreal has only four games and Jordi Alba two, Edder Nelson has not debuted yet."),
    ("El designado primer ministro italiano, Mario Monti, se reunirá con el presidente.",
     "The designated Italian prime minister, Mario Mario, will meet the president.",
     "The designated Italian prime minister, Mario Monti, will meet the president."),
    ("Antonin Scalia y Clarence Thomas fueron agasajados en una cena.",
     "Antonin Scalia and Scalia Thomas were feted at a dinner.",
     "Antonin Scalia and Clarence Thomas were feted at a dinner."),
    # the alignment cannot say which of two is the extra one: the source's order, or the name's other words
    ("Ya sé que es culpa mía, me enamoré de Iveta, concluye Josef.",
     "I know it's my fault, I fell in love with Josef, Josef concludes.",
     "I know it's my fault, I fell in love with Iveta, Josef concludes."),
    ("Stephen Ward llevó al equipo del entrenador Giovanni Trapattoni a la cabeza.",
     "Trainer Giovanni Trapattoni's team took the lead thanks to Stephen Trapattoni.",
     "Trainer Giovanni Trapattoni's team took the lead thanks to Stephen Ward."),
    # misspelt, next to the source's order or not, and an exonym misspelt
    ("Hasta el momento solo dice que buscará una vivienda con su mujer en Zurich.",
     "So far he only says he will look for a flat with his wife in Znrsch.",
     "So far he only says he will look for a flat with his wife in Zurich."),
    ("Desde Irak, desconfía de las intervenciones militares.", "Since Itsq, it distrusts military interventions.",
     "Since Iraq, it distrusts military interventions."),
    ("Lo dijo ayer en Zurich el profesor Hans Geiger.", "Banking professor Hans Geiger said so in Zurnoh yesterday.",
     "Banking professor Hans Geiger said so in Zurich yesterday."),
    # translated as common words where English keeps the name
    ("Ir a Costa Rica es un sueño hecho realidad para nosotros también.",
     "Going to Coast Rica is a dream come true for us too.", "Going to Costa Rica is a dream come true for us too."),
    ("El hombre que representará al PRI, Enrique Peña Nieto, habló desde Washington.",
     "The man who will represent the PRI, Enrique Crag Grandson, spoke from Washington.",
     "The man who will represent the PRI, Enrique Peña Nieto, spoke from Washington."),
    ("Guiado por Cristiano Ronaldo, Portugal goleó a Bosnia.", "Led by Christian Ronaldo, Portugal thrashed Bosnia.",
     "Led by Cristiano Ronaldo, Portugal thrashed Bosnia."),
    ("Hoy se llama Syntegra Capital y escribe una nueva página.", "Today it is called Syntegra Main and writes a new page.",
     "Today it is called Syntegra Capital and writes a new page."),
])
def test_located_name_errors_are_repaired(source: str, target: str, expected: str) -> None:
    flags = [f for f in check(source, target, "fix") if f.kind == "name-missing" and f.span is not None]
    assert flags and all(f.severity == "error" and "; write '" in f.message for f in flags)
    assert repaired(source, target) == expected


@pytest.mark.parametrize("source, target", [
    ("Nicolas Sarkozy estará el martes en Burdeos.", "Nicolas Sarkozy will be in Bordeaux on Tuesday."),  # exonym
    ("Lo dijo Serguei Lavrov.", "Sergyey Lavrov said so."),  # another transliteration
    ("Tiene su sede en Zoug, Suiza.", "It has its headquarters at Zug in Switzerland."),
    ("Pepe puede volver a casa, dijo ella.", "Pepa may return home, she said."),
    ("Es un crítico de la Doctrina Feres.", "He is a critic of the Feres Doctrine."),  # a description's head
    ("Es un crítico de la Doctrina Feres.", "He is a critic of the Doctrine Feres."),
    ("Hizo un índice de Felicidad Nacional.", "It made a National Happiness Index."),
    ("El Viejo San Juan es bonito.", "Old San Juan is beautiful."),  # an adjective English translates
    ("El papa Benedicto XVI visitó Madrid.", "Pope Benedict XVI visited Madrid."),
    ("Siguen a otros Twittos en la red.", "They follow other Twitters on the net."),  # a plural
    ("Siguió en el Palacio Termal de la ciudad.", "He stayed in the Palais Thermal of the city."),  # translated
    ("Juegan en la Liga de las Estrellas y en la Champions League.",
     "They play in the All-Star League and in the Champions League."),
    # which of two words stands for the missing one is not sure: the word order may differ, two candidates
    ("Pelearon sobre la 1:20 en el paseo Promenade Prenzlauer.", "They fought at 01:20 on Promenade Promenade."),
    ("Entonces Robbie Keane de Los Angeles Galaxy tuvo su oportunidad.",
     "Then Robbie Keane from Los Keane had his chance."),
])
def test_unsure_or_right_names_are_left_alone(source: str, target: str) -> None:
    assert repaired(source, target) == target
    assert not [f for f in check(source, target, "fix") if f.kind == "name-missing" and "; write '" in f.message]


def test_located_flag_points_at_the_wrong_word_and_replaces_the_generic_ones() -> None:
    source = "Hasta el momento solo dice que buscará una vivienda con su mujer en Zurich."
    target = "So far he only says he will look for a flat with his wife in Znrsch."
    flags = [f for f in check(source, target, "fix") if f.kind.startswith("name-")]
    assert len(flags) == 1
    assert flags[0].message == "source name 'Zurich': 'Znrsch' is misspelt; write 'Zurich'"
    assert flags[0].span is not None and target[flags[0].span.start:flags[0].span.end] == "Znrsch"
