"""Word diff, sentence/corpus scores and HTER."""

from __future__ import annotations

import pytest

from mtedit.score import corpus_scores, hter, sentence_scores, word_diff


@pytest.mark.parametrize(
    ("draft", "fix", "expected"),
    [
        ("the dog eats", "the dog eats", [("equal", "the dog eats", "the dog eats")]),
        ("Now well, it rains", "However, it rains", [("replace", "Now well,", "However,"), ("equal", "it rains", "it rains")]),
        ("deployed 8,000 attacks ISIS", "deployed 8,000 attacks against ISIS",
         [("equal", "deployed 8,000 attacks", "deployed 8,000 attacks"), ("insert", "", "against"), ("equal", "ISIS", "ISIS")]),
        ("Efe he reported that", "he reported that", [("delete", "Efe", ""), ("equal", "he reported that", "he reported that")]),
        ("", "new text", [("insert", "", "new text")]),
    ],
)
def test_word_diff(draft, fix, expected):
    ops = word_diff(draft, fix)
    assert [(op.tag, op.draft, op.fix) for op in ops] == expected
    assert " ".join(op.draft for op in ops if op.draft) == " ".join(draft.split())
    assert " ".join(op.fix for op in ops if op.fix) == " ".join(fix.split())


@pytest.mark.parametrize(
    ("draft", "final", "expected"),
    [
        ("the dog eats", "the dog eats", 0.0),
        ("the dog eats", "the cat eats", 1 / 3),
        ("his army", "its army", 0.5),
        ("a b c d", "", 1.0),
    ],
)
def test_hter(draft, final, expected):
    assert hter(draft, final) == pytest.approx(expected, abs=1e-3)


def test_sentence_scores_rank_a_better_hypothesis_higher():
    ref = "The coalition to which the US, France and 63 other countries belong."
    bad = sentence_scores("The coalition to which belong U.S., France and other 63 countries.", ref)
    good = sentence_scores("The coalition to which the US, France and 63 other countries belong.", ref)
    assert good == {"bleu": 100.0, "chrf": 100.0, "ter": 0.0}
    assert bad["bleu"] < good["bleu"] and bad["chrf"] < good["chrf"] and bad["ter"] > good["ter"]


def test_corpus_scores_carry_signatures():
    scores = corpus_scores(["the cat sat on the mat"], ["the cat sat on the mat"])
    assert scores["bleu"].score == 100.0
    assert scores["bleu"].signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert "chrF" not in scores["ter"].signature and scores["ter"].score == 0.0


def test_corpus_scores_refuse_misaligned_input():
    with pytest.raises(ValueError):
        corpus_scores(["a", "b"], ["a"])
