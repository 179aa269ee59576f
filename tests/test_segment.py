"""Paragraph and sentence splitting for Spanish and English wire copy."""

from __future__ import annotations

import pytest

from mtedit.errors import InputError
from mtedit.segment import split_paragraphs, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Uno.\n\nDos.", ["Uno.", "Dos."]),
        ("Uno.\r\n\r\nDos.\r\n", ["Uno.", "Dos."]),
        ("  Uno.\n  \t \nDos.  ", ["Uno.", "Dos."]),
        ("Una línea\npartida en dos.\n\n\n\nOtro párrafo.", ["Una línea partida en dos.", "Otro párrafo."]),
        ("Solo uno.", ["Solo uno."]),
        ("\n\n  \n", []),
    ],
)
def test_split_paragraphs(text: str, expected: list[str]) -> None:
    assert split_paragraphs(text) == expected


ES_CASES = [
    ("El Sr. Rajoy viajó ayer a Bruselas. Allí se reunió con Juncker.",
     ["El Sr. Rajoy viajó ayer a Bruselas.", "Allí se reunió con Juncker."]),
    ("La visita a EE.UU. empezó el lunes. Duró tres días.",
     ["La visita a EE.UU. empezó el lunes.", "Duró tres días."]),
    ("El presidente viajó a EE.UU. Allí se reunió con Obama.",
     ["El presidente viajó a EE.UU.", "Allí se reunió con Obama."]),
    ("El PIB de EE. UU. creció. El dato sorprendió.", ["El PIB de EE. UU. creció.", "El dato sorprendió."]),
    ("El censo suma 2.200.112 personas. Son 1.500 millones de euros.",
     ["El censo suma 2.200.112 personas.", "Son 1.500 millones de euros."]),
    ("El paro subió un 3,5 % en abril. El Gobierno lo confirmó.",
     ["El paro subió un 3,5 % en abril.", "El Gobierno lo confirmó."]),
    ("Madrid, 3 may (EFE).- El paro bajó. Lo dijo el ministro.",
     ["Madrid, 3 may (EFE).- El paro bajó.", "Lo dijo el ministro."]),
    ("Estados Unidos lo apoya (EFE). La ONU, no.", ["Estados Unidos lo apoya (EFE).", "La ONU, no."]),
    ('"No vamos a ceder", dijo la Dra. Pérez. "Es inaceptable." Luego se fue.',
     ['"No vamos a ceder", dijo la Dra. Pérez.', '"Es inaceptable."', "Luego se fue."]),
    ("«No cederemos», afirmó el Gral. Ruiz. ¿Quién pagará? Nadie lo sabe.",
     ["«No cederemos», afirmó el Gral. Ruiz.", "¿Quién pagará?", "Nadie lo sabe."]),
    ("El expresidente José M. Aznar habló. Nadie respondió.",
     ["El expresidente José M. Aznar habló.", "Nadie respondió."]),
    ("Sin punto final", ["Sin punto final"]),
]

EN_CASES = [
    ("Mr. Rajoy travelled to the U.S. on Monday. He met Obama.",
     ["Mr. Rajoy travelled to the U.S. on Monday.", "He met Obama."]),
    ("The figure was 2.200.112 people. It rose 3.5 % in April.",
     ["The figure was 2.200.112 people.", "It rose 3.5 % in April."]),
    ("The unemployment rose a 3,5 % in April. The Sr. Rajoy travelled to USA.",
     ["The unemployment rose a 3,5 % in April.", "The Sr. Rajoy travelled to USA."]),
    ("Madrid, 3 May (EFE).- The unemployment fell. The minister said it.",
     ["Madrid, 3 May (EFE).- The unemployment fell.", "The minister said it."]),
    ('"We will not give in," said Dr. Smith. "It is unacceptable." Then he left.',
     ['"We will not give in," said Dr. Smith.', '"It is unacceptable."', "Then he left."]),
    ("George W. Bush met the press. They talked.", ["George W. Bush met the press.", "They talked."]),
    ("It supports the plan (EFE). Efe he reported.", ["It supports the plan (EFE).", "Efe he reported."]),
]


@pytest.mark.parametrize(("text", "expected"), ES_CASES)
def test_split_sentences_spanish(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "es") == expected


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_split_sentences_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_split_sentences_normalises_whitespace_and_keeps_text() -> None:
    text = "Primera   frase.\n Segunda\tfrase."
    sentences = split_sentences(text, "es")
    assert sentences == ["Primera frase.", "Segunda frase."]
    assert " ".join(sentences) == " ".join(text.split())


@pytest.mark.parametrize("lang", ["es-ES", "EN", "en_GB"])
def test_split_sentences_accepts_region_codes(lang: str) -> None:
    assert len(split_sentences("One. Two.", lang)) == 2


def test_split_sentences_unknown_language() -> None:
    with pytest.raises(InputError, match="use one of: es, en"):
        split_sentences("Bonjour.", "fr")


def test_split_sentences_empty() -> None:
    assert split_sentences("   ", "es") == []
