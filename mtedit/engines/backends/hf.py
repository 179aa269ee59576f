"""The transformers backend: eager PyTorch `generate`, then forced decoding for the scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mtedit.config import EngineConfig
from mtedit.engines.backends import length_buckets, output_limit
from mtedit.errors import EngineUnavailable
from mtedit.types import Candidate


class TransformersBackend:
    """A loaded `AutoModelForSeq2SeqLM` on `device`; `generate_kwargs` carry a forced target-language token."""

    label = "transformers"

    def __init__(self, cfg: EngineConfig, tokenizer: Any, model: Any, device: str,
                 generate_kwargs: dict[str, Any]) -> None:
        import torch

        self._torch = torch
        self._cfg, self._tokenizer, self._device = cfg, tokenizer, device
        self._model: Any = model.to(device).eval()
        self._generate_kwargs = generate_kwargs

    def nbest(self, inputs: Sequence[str]) -> list[tuple[Candidate, ...]]:
        n = self._cfg.nbest
        found: list[tuple[Candidate, ...]] = [()] * len(inputs)
        for index in self._batches(inputs):
            texts = self._generate([inputs[i] for i in index])
            scores = self.score([inputs[i] for i in index for _ in range(n)], texts)
            for k, i in enumerate(index):
                group = slice(k * n, (k + 1) * n)
                found[i] = tuple(Candidate(t, s) for t, s in zip(texts[group], scores[group], strict=True))
        return found

    def score(self, inputs: Sequence[str], hypotheses: Sequence[str]) -> list[float]:
        torch = self._torch
        scores = [0.0] * len(inputs)
        for index in self._batches(inputs):
            enc = self._encode([inputs[i] for i in index], [hypotheses[i] for i in index])
            labels = enc["labels"]
            labels[labels == self._tokenizer.pad_token_id] = -100
            with torch.inference_mode():
                logits = self._live_model()(**enc).logits.float()
                mask = labels != -100
                picked = logits.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
                logprobs = picked - torch.logsumexp(logits, dim=-1)  # log-softmax at the label only
            means = (logprobs * mask).sum(-1) / mask.sum(-1).clamp(min=1)
            for k, i in enumerate(index):
                scores[i] = float(means[k])
        return scores

    def close(self) -> None:
        self._model = None
        if self._device.startswith("cuda"):
            self._torch.cuda.empty_cache()

    def _live_model(self) -> Any:
        if self._model is None:
            raise EngineUnavailable(f"engine {self._cfg.name} was closed; load it again")
        return self._model

    def _encode(self, texts: list[str], targets: list[str] | None = None) -> dict[str, Any]:
        enc = self._tokenizer(texts, text_target=targets, padding=True, truncation=True,
                              max_length=self._cfg.max_length, return_tensors="pt")
        return {k: v.to(self._device) for k, v in enc.items()}

    def _batches(self, texts: Sequence[str]) -> list[list[int]]:
        if not texts:
            return []
        ids = self._tokenizer(list(texts), truncation=True, max_length=self._cfg.max_length)["input_ids"]
        return length_buckets([len(x) for x in ids], self._cfg.batch_size)

    def _generate(self, texts: list[str]) -> list[str]:
        cfg = self._cfg
        encoded = self._encode(texts)
        limit = output_limit(int(encoded["attention_mask"].sum(-1).max()), cfg.max_length)
        with self._torch.inference_mode():
            out = self._live_model().generate(
                **encoded, num_beams=cfg.beam, num_return_sequences=cfg.nbest, max_length=limit, do_sample=False,
                **self._generate_kwargs,
            )
        forced = self._generate_kwargs.get("forced_bos_token_id")
        if forced is not None:  # some tokenizers do not count language codes as special when decoding
            out = out.masked_fill(out == forced, self._tokenizer.pad_token_id)
        return [t.strip() for t in self._tokenizer.batch_decode(out, skip_special_tokens=True)]
