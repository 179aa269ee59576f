"""Encoded examples and token-budget batches with per-epoch source dropout (deterministic per epoch)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from mtedit.train.tokenizer import EOS_ID, PAD_ID, render

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Encoded:
    """Token ids (with EOS) for each example: ape input, refine input (source left out), target."""

    ape: list[list[int]]
    refine: list[list[int]]
    target: list[list[int]]


def encode(triples: Sequence[Triple], sp, sep: str, max_source: int, max_target: int) -> Encoded:
    """Encode triples with a sentencepiece processor, truncating and appending EOS."""
    ape_text = [render(s, d, sep) for s, d, _ in triples]
    ref_text = [render("", d, sep) for _, d, _ in triples]
    tgt_text = [t for _, _, t in triples]

    def ids(texts: list[str], limit: int) -> list[list[int]]:
        return [x[: limit - 1] + [EOS_ID] for x in sp.encode(texts)]

    return Encoded(ids(ape_text, max_source), ids(ref_text, max_source), ids(tgt_text, max_target))


def epoch_batches(data: Encoded, epoch: int, seed: int, batch_tokens: int, source_dropout: float,
                  pool: int = 100) -> list[list[tuple[int, bool]]]:
    """Batches of (example index, use refine input) for one epoch, sized so padded tokens fit the budget.

    Examples are shuffled, sorted by length inside pools of ~`pool` batches, cut to the budget, and the
    batches shuffled again; the same (epoch, seed) always gives the same batches.
    """
    rng = random.Random(seed * 1_000_003 + epoch)
    order = list(range(len(data.target)))
    rng.shuffle(order)
    items = [(i, rng.random() < source_dropout) for i in order]

    def length(item: tuple[int, bool]) -> int:
        i, refine = item
        return max(len((data.refine if refine else data.ape)[i]), len(data.target[i]))

    avg = max(1, sum(length(x) for x in items[:1000]) // max(1, min(len(items), 1000)))
    pool_size = max(1, pool * batch_tokens // avg)
    batches: list[list[tuple[int, bool]]] = []
    for start in range(0, len(items), pool_size):
        chunk = sorted(items[start : start + pool_size], key=length)
        batch: list[tuple[int, bool]] = []
        longest = 0
        for item in chunk:
            longest_next = max(longest, length(item))
            if batch and longest_next * (len(batch) + 1) > batch_tokens:
                batches.append(batch)
                batch, longest_next = [], length(item)
            batch.append(item)
            longest = longest_next
        if batch:
            batches.append(batch)
    rng.shuffle(batches)
    return batches


def pad(rows: Sequence[Sequence[int]], value: int) -> torch.Tensor:
    """Right-pad rows to a LongTensor."""
    width = max(len(r) for r in rows)
    return torch.tensor([list(row) + [value] * (width - len(row)) for row in rows], dtype=torch.long)


def collate(data: Encoded, batch: Sequence[tuple[int, bool]]) -> dict[str, torch.Tensor]:
    """Tensors for one batch: input_ids, attention_mask, decoder_input_ids, labels (-100 on padding)."""
    src = [(data.refine if refine else data.ape)[i] for i, refine in batch]
    tgt = [data.target[i] for i, _ in batch]
    input_ids = pad(src, PAD_ID)
    labels = pad(tgt, -100)
    decoder_input_ids = torch.full_like(labels, PAD_ID)
    decoder_input_ids[:, 1:] = labels[:, :-1].clamp(min=0)  # pad starts decoding; -100 -> pad
    return {"input_ids": input_ids, "attention_mask": (input_ids != PAD_ID).long(),
            "decoder_input_ids": decoder_input_ids, "labels": labels}
