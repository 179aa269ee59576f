"""Word diff, sacrebleu scores with their signatures, and HTER of an editor's changes."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER

from mtedit.types import DiffOp

METRICS = ("bleu", "chrf", "ter")


def word_diff(draft: str, fix: str) -> tuple[DiffOp, ...]:
    """Word-level edit script turning `draft` into `fix`; equal runs are kept so the ops rebuild both texts."""
    old, new = draft.split(), fix.split()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return tuple(
        DiffOp(tag=tag, draft=" ".join(old[i1:i2]), fix=" ".join(new[j1:j2]))  # type: ignore[arg-type]
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _metrics(sentence: bool) -> dict[str, BLEU | CHRF | TER]:
    return {
        "bleu": BLEU(effective_order=True) if sentence else BLEU(),
        "chrf": CHRF(),
        "ter": TER(),
    }


def sentence_scores(hypothesis: str, reference: str) -> dict[str, float]:
    """Sentence BLEU (effective order), chrF and TER of one hypothesis against one reference."""
    return {
        name: round(metric.sentence_score(hypothesis, [reference]).score, 2)
        for name, metric in _metrics(sentence=True).items()
    }


def hter(draft: str, final: str) -> float:
    """Human-targeted TER: word edits from the draft to the editor's final text, per final word (0 = untouched)."""
    if not final.strip():
        return 0.0 if not draft.strip() else 1.0
    return round(TER().sentence_score(draft, [final]).score / 100.0, 4)


@dataclass(frozen=True)
class CorpusScore:
    """One corpus-level metric value with sacrebleu's signature."""

    metric: str
    score: float
    signature: str


def corpus_scores(hypotheses: Sequence[str], references: Sequence[str]) -> dict[str, CorpusScore]:
    """Corpus BLEU, chrF and TER with their sacrebleu signatures."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    out = {}
    for name, metric in _metrics(sentence=False).items():
        result = metric.corpus_score(list(hypotheses), [list(references)])
        out[name] = CorpusScore(name, round(result.score, 2), str(metric.get_signature()))
    return out
