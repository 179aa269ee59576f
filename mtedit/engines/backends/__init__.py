"""Inference backends of seq2seq engines behind one interface: n-best generation and forced-decoding scores.

`transformers` runs the Hugging Face model in eager PyTorch; `ctranslate2` runs a converted copy of the same
weights (int8 on CPU). The engine builds model inputs and proposals; a backend only turns texts into texts
and scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mtedit.types import Candidate

BACKENDS = ("auto", "transformers", "ctranslate2")
OUTPUT_LENGTH_RATIO = 1.5  # longest output, in tokens, per input token (plus a constant 10)


class Backend(Protocol):
    """Generation and scoring of one loaded model."""

    @property
    def label(self) -> str:
        """Short description for signatures, e.g. `transformers` or `ctranslate2-int8`."""
        ...

    def nbest(self, inputs: Sequence[str]) -> list[tuple[Candidate, ...]]:
        """The engine's n best outputs per input, best first, each with its mean token log-prob."""
        ...

    def score(self, inputs: Sequence[str], hypotheses: Sequence[str]) -> list[float]:
        """Mean log-prob per target token (end-of-sentence included) of each hypothesis given its input."""
        ...

    def close(self) -> None:
        """Free the model. Idempotent."""
        ...


def output_limit(longest_input: int, max_length: int) -> int:
    """The output length cap (decoder start token included) for a batch whose longest input has this many tokens:
    a fix is about as long as its input, so a degenerate repetition stops early."""
    return min(max_length, int(longest_input * OUTPUT_LENGTH_RATIO) + 10)


def length_buckets(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices grouped into batches of similar token length, longest first (memory trouble shows early)."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    size = max(1, batch_size)
    return [order[start : start + size] for start in range(0, len(order), size)]
