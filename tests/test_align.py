"""Gale-Church sentence alignment: 1-1, 1-2, 2-1 beads; missing sentences and mismatches are errors."""

from __future__ import annotations

import pytest

from mtedit.align import align_paragraphs, align_sentences
from mtedit.errors import AlignmentError, InputError

ES = [
    "El Gobierno aprobó hoy un plan de ayuda de 1.500 millones de euros para las zonas afectadas.",
    "La ministra de Economía presentó las medidas en una rueda de prensa en Madrid.",
    "Según los datos oficiales, el paro subió un 3,5 % en el primer trimestre del año.",
    "La oposición criticó que las ayudas lleguen tarde y pidió más controles.",
]
EN = [
    "The Government approved today a plan of help of 1.500 million euros for the affected zones.",
    "The minister of Economy presented the measures in a press conference in Madrid.",
    "According to the official data, the unemployment rose a 3,5 % in the first quarter of the year.",
    "The opposition criticised that the help arrive late and asked more controls.",
]
SPLIT_ES = "El alcalde inauguró el nuevo hospital, que costó 200 millones de euros y atenderá a 300.000 vecinos."
SPLIT_EN = ["The mayor inaugurated the new hospital.", "It cost 200 million euros and will attend 300.000 neighbours."]
MERGE_ES = ["El acto duró dos horas.", "Asistieron unas 500 personas."]
MERGE_EN = "The act lasted two hours and some 500 people attended."


@pytest.mark.parametrize(
    ("source", "draft", "expected"),
    [
        (ES, EN, list(zip(ES, EN))),
        (ES[:1], EN[:1], [(ES[0], EN[0])]),
        (
            [ES[0], SPLIT_ES, ES[1]],
            [EN[0], *SPLIT_EN, EN[1]],
            [(ES[0], EN[0]), (SPLIT_ES, " ".join(SPLIT_EN)), (ES[1], EN[1])],
        ),
        (
            [ES[0], *MERGE_ES, ES[1]],
            [EN[0], MERGE_EN, EN[1]],
            [(ES[0], EN[0]), (" ".join(MERGE_ES), MERGE_EN), (ES[1], EN[1])],
        ),
        (
            [*MERGE_ES, SPLIT_ES],
            [MERGE_EN, *SPLIT_EN],
            [(" ".join(MERGE_ES), MERGE_EN), (SPLIT_ES, " ".join(SPLIT_EN))],
        ),
    ],
    ids=["equal", "single", "one-to-two", "two-to-one", "merge-then-split"],
)
def test_align_sentences(source: list[str], draft: list[str], expected: list[tuple[str, str]]) -> None:
    assert align_sentences(source, draft) == expected


def test_equal_counts_prefer_one_to_one_even_with_uneven_lengths() -> None:
    source = ["Sí.", ES[0], ES[1]]
    draft = ["Yes, indeed.", EN[0], EN[1]]
    assert align_sentences(source, draft) == list(zip(source, draft))


@pytest.mark.parametrize(
    ("source", "draft", "message"),
    [
        (ES, [EN[0], EN[1], EN[3]], r"4 source vs 3 draft.*lack a sentence near source sentence [34]"),
        ([ES[0], ES[1], ES[3]], EN, r"3 source vs 4 draft.*extra sentence near draft sentence [34]"),
        (["Sí."], [" ".join(EN)], r"1 source vs 1 draft.*lengths do not match up near source sentence 1"),
        (ES[:2], [EN[0], "Yes."], r"2 source vs 2 draft.*(differ too much in length|lengths do not match up)"),
        ([], EN, "0 source sentence"),
        (ES, [], "0 draft sentence"),
    ],
    ids=["draft-misses-one", "source-misses-one", "implausible-lengths", "implausible-second", "no-source",
         "no-draft"],
)
def test_align_sentences_refuses(source: list[str], draft: list[str], message: str) -> None:
    with pytest.raises(AlignmentError, match=message) as info:
        align_sentences(source, draft)
    assert "\n" not in str(info.value)


def test_alignment_error_is_an_input_error() -> None:
    assert issubclass(AlignmentError, InputError)


def test_align_paragraphs_aligns_within_each_paragraph() -> None:
    source = [" ".join(ES[:2]), " ".join([ES[2], SPLIT_ES])]
    draft = [" ".join(EN[:2]), " ".join([EN[2], *SPLIT_EN])]
    assert align_paragraphs(source, draft) == [
        [(ES[0], EN[0]), (ES[1], EN[1])],
        [(ES[2], EN[2]), (SPLIT_ES, " ".join(SPLIT_EN))],
    ]


def test_align_paragraphs_different_counts() -> None:
    with pytest.raises(AlignmentError, match="source has 2 paragraph.*draft has 1.*blank lines"):
        align_paragraphs(ES[:2], EN[:1])


def test_align_paragraphs_names_the_paragraph() -> None:
    source = [ES[0], " ".join(ES)]
    draft = [EN[0], " ".join([EN[0], EN[1], EN[3]])]
    with pytest.raises(AlignmentError, match=r"^paragraph 2: cannot align \(4 source vs 3 draft sentences\)"):
        align_paragraphs(source, draft)
