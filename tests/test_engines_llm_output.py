"""Cleaning an instruction-tuned LLM's answer into one corrected segment, or refusing it with a reason."""

from __future__ import annotations

import pytest

from mtedit.engines.llm_output import CleanedOutput, clean_output

DRAFT = "The government approved plan in Madrid."
FIX = "The government approved the plan in Madrid."


@pytest.mark.parametrize(
    ("raw", "draft", "expected"),
    [
        (FIX, DRAFT, CleanedOutput(FIX)),
        (f"  {FIX}\n", DRAFT, CleanedOutput(FIX)),
        (f'"{FIX}"', DRAFT, CleanedOutput(FIX)),
        (f"\u201c{FIX}\u201d", DRAFT, CleanedOutput(FIX)),
        (f"**{FIX}**", DRAFT, CleanedOutput(FIX)),
        (f'**"{FIX}"**', DRAFT, CleanedOutput(FIX)),
        (f"Corrected: {FIX}", DRAFT, CleanedOutput(FIX)),
        (f'Corrected sentence: "{FIX}"', DRAFT, CleanedOutput(FIX)),
        (f"**Corrected translation:** {FIX}", DRAFT, CleanedOutput(FIX)),
        (f"The corrected English translation is: {FIX}", DRAFT, CleanedOutput(FIX)),
        (f"English machine translation: {FIX}", DRAFT, CleanedOutput(FIX)),
        (f"Corrected English:\n{FIX}", DRAFT, CleanedOutput(FIX)),
        (f"Here is the corrected sentence:\n\n{FIX}", DRAFT, CleanedOutput(FIX)),
        (f"Sure! Here's the corrected version:\n{FIX}", DRAFT, CleanedOutput(FIX)),
        (f"{FIX}\n\nNote: I added the article before 'plan'.", DRAFT, CleanedOutput(FIX)),
        (f"{FIX}\n\nExplanation: the object needs an article.", DRAFT, CleanedOutput(FIX)),
        (f"{FIX} (Note: added 'the'.)", DRAFT, CleanedOutput(FIX)),
        # the draft's own quotes, labels and brackets stay
        ('"We will win," he said.', '"We will win", he said.', CleanedOutput('"We will win," he said.')),
        ('"Yes" and "no".', '"Yes" and "no".', CleanedOutput('"Yes" and "no".')),
        ("Result: Madrid 2, Barcelona 1.", "Result: Madrid 2", CleanedOutput("Result: Madrid 2, Barcelona 1.")),
        ("The minister's answer: no.", "The minister's answer: no", CleanedOutput("The minister's answer: no.")),
        ("The plan (approved today) is new.", "The plan is new", CleanedOutput("The plan (approved today) is new.")),
        # refused: the draft comes back with the reason
        ("", DRAFT, CleanedOutput(DRAFT, "empty")),
        ('""', DRAFT, CleanedOutput(DRAFT, "empty")),
        (f"{FIX} The minister said so.", DRAFT, CleanedOutput(DRAFT, "extra-sentence")),
        (f"{FIX}\nThe minister said so.", DRAFT, CleanedOutput(DRAFT, "several-lines")),
        (f"Corrected:\n{FIX}\n{FIX}", DRAFT, CleanedOutput(DRAFT, "several-lines")),
        (FIX + " and" * 40, DRAFT, CleanedOutput(DRAFT, "too-long")),
    ],
)
def test_clean_output(raw, draft, expected):
    assert clean_output(raw, draft) == expected


def test_a_cut_off_answer_is_refused_whatever_it_says():
    assert clean_output(FIX, DRAFT, truncated=True) == CleanedOutput(DRAFT, "truncated")


def test_two_sentence_segments_may_stay_two_sentences():
    draft = "The plan was approved. The minister said it is new."
    fix = "The plan was approved. The minister said it was new."
    assert clean_output(fix, draft) == CleanedOutput(fix)
    assert clean_output(fix + " It is good.", draft).refused == "extra-sentence"
