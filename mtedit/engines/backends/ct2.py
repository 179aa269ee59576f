"""The ctranslate2 backend: batched beam search and `score_batch` on a converted copy of the weights.

Texts are tokenized by the model's own transformers tokenizer and handed over as token strings, so the copy
and the original agree on every id. int8 weights compute in int8 on a CPU and in int8_float16 on a GPU.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mtedit.config import EngineConfig
from mtedit.engines.backends import length_buckets, output_limit
from mtedit.errors import EngineUnavailable
from mtedit.types import Candidate

SCORE_PART = 4  # sentences per score_batch part (8 took 33 MiB more at peak on the bundled model)


def ct2_device(requested: str) -> str:
    """`auto` -> cuda when ctranslate2 sees a GPU, else cpu; `cuda:N` -> cuda (the index goes to device_index)."""
    import ctranslate2

    if requested == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if requested.startswith("cuda") and ctranslate2.get_cuda_device_count() == 0:
        raise EngineUnavailable(f'device {requested!r} requested but ctranslate2 sees no CUDA GPU; set device = "cpu"')
    return "cuda" if requested.startswith("cuda") else requested


def target_ids(folder: Path) -> dict[str, int] | None:
    """Token -> id in the copy's target vocabulary (`mtedit convert` numbers it as the tokenizer does, with
    placeholders for rows the tokenizer has no token of its own for); None when it has no vocabulary file."""
    for name in ("shared_vocabulary", "target_vocabulary"):
        listed, plain = folder / f"{name}.json", folder / f"{name}.txt"
        if listed.is_file():
            tokens = json.loads(listed.read_text(encoding="utf-8"))
        elif plain.is_file():
            tokens = plain.read_text(encoding="utf-8").split("\n")
        else:
            continue
        return {token: index for index, token in enumerate(tokens)}
    return None


class CTranslate2Backend:
    """A `ctranslate2.Translator` over `folder`; `target_prefix` is a forced first target token (M2M100/NLLB);
    `compute_type` None: int8 on a CPU, int8_float16 on a GPU."""

    def __init__(self, cfg: EngineConfig, tokenizer: Any, folder: Path, device: str, threads: int,
                 target_prefix: str | None = None, compute_type: str | None = None) -> None:
        import ctranslate2

        self._cfg, self._tokenizer, self._prefix = cfg, tokenizer, target_prefix
        device = ct2_device(device)
        index = int(cfg.device.split(":", 1)[1]) if cfg.device.startswith("cuda:") else 0
        self._compute = compute_type or ("int8" if device == "cpu" else "int8_float16")
        try:
            self._translator: Any = ctranslate2.Translator(
                str(folder), device=device, device_index=index, compute_type=self._compute,
                intra_threads=1, inter_threads=max(1, threads),
            )
        except (RuntimeError, ValueError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise EngineUnavailable(f"cannot load the ctranslate2 copy {folder} ({first}); "
                                    f"remake it with: mtedit convert {cfg.name}") from None
        # a small model's matrices are too small to split well across cores: each core takes its own part of a
        # batch instead (beam 4 on 2 cores: 1.4x the throughput of one batch on two threads)
        self._parts = max(1, threads) if device == "cpu" else 1
        ids = target_ids(folder)
        if ids is None:
            raise EngineUnavailable(f"the ctranslate2 copy {folder} has no vocabulary file; "
                                    f"remake it with: mtedit convert {cfg.name}")
        self._ids = ids
        pad = tokenizer.pad_token
        self._suppress = [[pad]] if pad and pad != tokenizer.eos_token else None  # as bad_words_ids in generate

    @property
    def label(self) -> str:
        return f"ctranslate2-{self._compute}"

    def nbest(self, inputs: Sequence[str]) -> list[tuple[Candidate, ...]]:
        cfg = self._cfg
        sources = self._tokens(inputs)
        found: list[list[Candidate]] = [[] for _ in inputs]
        unfinished: list[tuple[int, int]] = []  # (input, hypothesis) cut at the length limit
        for index in length_buckets([len(s) for s in sources], cfg.batch_size):
            batch = [sources[i] for i in index]
            limit = output_limit(max(len(s) for s in batch), cfg.max_length)
            results = self._live().translate_batch(
                batch, target_prefix=[[self._prefix]] * len(batch) if self._prefix else None,
                max_batch_size=-(-len(batch) // self._parts),
                beam_size=cfg.beam, num_hypotheses=cfg.nbest, max_decoding_length=limit - 1, max_input_length=0,
                suppress_sequences=self._suppress, return_scores=True, length_penalty=1.0, return_end_token=True,
            )
            # with length_penalty 1 a hypothesis's score is its mean token log-prob, end-of-sentence included:
            # what `score` would give it, without a second pass
            forced = self._prefix_log_probs(batch)
            for k, first, result in zip(index, forced, results, strict=True):
                for hyp, score in zip(result.hypotheses, result.scores, strict=True):
                    if hyp[-1:] != [self._tokenizer.eos_token]:
                        unfinished.append((k, len(found[k])))
                    found[k].append(Candidate(self._detokenize(hyp), float(score) + first / max(1, len(hyp))))
        if unfinished:  # forced decoding adds the end-of-sentence a cut hypothesis lacks: score those as `score` does
            rescored = self.score([inputs[k] for k, _ in unfinished], [found[k][j].text for k, j in unfinished])
            for (k, j), score in zip(unfinished, rescored, strict=True):
                found[k][j] = Candidate(found[k][j].text, score)
        return [tuple(candidates) for candidates in found]

    def _prefix_log_probs(self, sources: list[list[str]]) -> list[float]:
        """The forced first token's log-prob given each source (0 without one): ctranslate2 leaves it out of a
        hypothesis's score while counting it in the length; forced decoding, and so `score`, counts it."""
        if not self._prefix:
            return [0.0] * len(sources)
        results = self._live().score_batch(sources, [[self._prefix]] * len(sources),
                                           max_batch_size=-(-len(sources) // self._parts), max_input_length=0)
        return [r.log_probs[0] for r in results]

    def score(self, inputs: Sequence[str], hypotheses: Sequence[str]) -> list[float]:
        if not inputs:
            return []
        sources = self._tokens(inputs)
        targets = self._target_tokens(hypotheses)
        # scoring holds log-probs over the whole vocabulary for every target token: small parts bound the memory
        part = min(SCORE_PART, -(-len(sources) // self._parts))
        results = self._live().score_batch(sources, targets, max_batch_size=part, max_input_length=0)
        return [sum(r.log_probs) / max(1, len(r.log_probs)) for r in results]

    def close(self) -> None:
        self._translator = None

    def _live(self) -> Any:
        if self._translator is None:
            raise EngineUnavailable(f"engine {self._cfg.name} was closed; load it again")
        return self._translator

    def _tokens(self, texts: Sequence[str]) -> list[list[str]]:
        ids = self._tokenizer(list(texts), truncation=True, max_length=self._cfg.max_length)["input_ids"]
        return [self._tokenizer.convert_ids_to_tokens(x) for x in ids]

    def _target_tokens(self, texts: Sequence[str]) -> list[list[str]]:
        """Target tokens as transformers labels them, without the end-of-sentence that score_batch adds itself."""
        tok = self._tokenizer
        ids = tok(text_target=list(texts), truncation=True, max_length=self._cfg.max_length)["input_ids"]
        return [tok.convert_ids_to_tokens(x[:-1] if x and x[-1] == tok.eos_token_id else x) for x in ids]

    def _detokenize(self, tokens: list[str]) -> str:
        if self._prefix and tokens[:1] == [self._prefix]:
            tokens = tokens[1:]
        unknown = self._tokenizer.unk_token_id
        ids = [self._ids.get(token, unknown) for token in tokens]  # the copy's ids are the original model's
        return self._tokenizer.decode(ids, skip_special_tokens=True).strip()
