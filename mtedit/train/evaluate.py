"""Dev evaluation: greedy fixes in ape and refine mode, scored with sacrebleu against the reference."""

from __future__ import annotations

import random
from collections.abc import Sequence

import torch
from sacrebleu.metrics import CHRF, TER

from mtedit.train.batches import pad
from mtedit.train.tokenizer import EOS_ID, PAD_ID, render

Triple = tuple[str, str, str]


def dev_sample(dev: Sequence[Triple], n: int, seed: int = 1) -> list[Triple]:
    """A fixed random sample of `n` dev triples (all when n <= 0 or n >= len)."""
    if n <= 0 or n >= len(dev):
        return list(dev)
    idx = sorted(random.Random(seed).sample(range(len(dev)), n))
    return [dev[i] for i in idx]


def score(hyps: Sequence[str], refs: Sequence[str]) -> dict[str, float]:
    """Corpus chrF and TER (sacrebleu defaults)."""
    return {"chrf": round(CHRF().corpus_score(list(hyps), [list(refs)]).score, 2),
            "ter": round(TER().corpus_score(list(hyps), [list(refs)]).score, 2)}


@torch.inference_mode()
def greedy(model, sp, texts: Sequence[str], max_source: int, batch_size: int = 64, bf16: bool = False) -> list[str]:
    """Greedy decoding of `texts` (already rendered model inputs), batched by length."""
    model.eval()
    rows = [x[: max_source - 1] + [EOS_ID] for x in sp.encode(list(texts))]
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    out: list[str] = [""] * len(rows)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        ids = pad([rows[i] for i in idx], PAD_ID).to(model.device)
        limit = int(ids.shape[1] * 1.5) + 10
        with torch.autocast(model.device.type, dtype=torch.bfloat16, enabled=bf16):
            gen = model.generate(input_ids=ids, attention_mask=(ids != PAD_ID).long(), num_beams=1, do_sample=False,
                                 max_new_tokens=limit)
        for i, seq in zip(idx, gen.tolist()):
            out[i] = sp.decode([t for t in seq if t not in (PAD_ID, EOS_ID)])
    return out


def evaluate(model, sp, dev: Sequence[Triple], sep: str, max_source: int, bf16: bool = False,
             batch_size: int = 64) -> dict[str, float]:
    """Scores of the drafts and of the greedy fixes in ape and refine mode; `objective` (lower is better)."""
    refs = [t for _, _, t in dev]
    result: dict[str, float] = {}
    result.update({f"draft_{k}": v for k, v in score([d for _, d, _ in dev], refs).items()})
    ape = greedy(model, sp, [render(s, d, sep) for s, d, _ in dev], max_source, batch_size, bf16)
    result.update({f"ape_{k}": v for k, v in score(ape, refs).items()})
    refine = greedy(model, sp, [render("", d, sep) for _, d, _ in dev], max_source, batch_size, bf16)
    result.update({f"refine_{k}": v for k, v in score(refine, refs).items()})
    result["objective"] = round((result["ape_ter"] + result["refine_ter"]) / 2, 2)
    return result
