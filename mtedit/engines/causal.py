"""An instruction-tuned decoder-only LLM (transformers, a local folder) as a post-editing engine.

Modes ape (source + draft) and refine (draft alone), with the minimal-edit prompt of `llm_prompt`.
Prompts are generated in batches (left padding, greedy unless `beam` > 1); each answer is cleaned by
`llm_output`, and an unusable one gives the draft back with the reason in `Proposal.note`. `score` is
the mean token log-probability of a text as the model's answer to the segment's prompt (forced
decoding, end-of-turn token included), so the do-no-harm gate compares draft and fix as for seq2seq.
Loading never touches the network: local files, safetensors only, never code shipped with a model.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mtedit.config import EngineConfig
from mtedit.engines.base import Usability, make_signature
from mtedit.engines.llm_output import clean_output
from mtedit.engines.llm_prompt import PromptBuilder
from mtedit.engines.seq2seq import _device, check_model_folder, fetch_hint, model_revision, read_model_meta
from mtedit.errors import EngineUnavailable, InputError
from mtedit.types import Proposal, Segment

OUTPUT_TOKENS = (1.5, 24)  # most new tokens: 1.5 x the draft's tokens + 24 (room for a preamble to clean)
_END_OF_TURN = ("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>", "<|endoftext|>")


def check_causal_folder(cfg: EngineConfig) -> Usability:
    """Cheap usability check: the seq2seq folder rules, plus no model that needs its own code to load."""
    usable = check_model_folder(cfg)
    if not usable.ok:
        return usable
    assert cfg.model is not None
    try:
        config = json.loads((cfg.model / "config.json").read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Usability(False, f"{cfg.model}/config.json is not valid JSON ({exc})", fetch_hint(cfg))
    model_type = config.get("model_type") if isinstance(config, dict) else None
    if not model_type:
        return Usability(False, f"{cfg.model}/config.json names no model_type", fetch_hint(cfg))
    if "auto_map" in config and not _native(model_type):
        return Usability(
            False,
            f"model {cfg.model.name} (model_type {model_type!r}) needs code shipped with the model "
            "(auto_map), which mtedit never runs",
            "pick a model whose architecture transformers supports itself (Qwen2, Llama, Gemma, Mistral, Phi...)",
        )
    return Usability(True)


def is_causal_folder(folder: Path) -> bool:
    """Does the folder's config.json name a decoder-only LM (an architecture ending in ForCausalLM)?"""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return False
    names = config.get("architectures") if isinstance(config, dict) else None
    return isinstance(names, list) and any(str(n).endswith("ForCausalLM") for n in names)


def _native(model_type: str) -> bool:
    """Does the installed transformers know `model_type` without remote code? (imports transformers)"""
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES

    return model_type in CONFIG_MAPPING_NAMES


class CausalEngine:
    """A local instruction-tuned causal LM; `propose` generates and cleans, `score` force-decodes given texts."""

    kind = "causal"

    def __init__(self, cfg: EngineConfig) -> None:
        usable = check_causal_folder(cfg)
        if not usable.ok:
            raise EngineUnavailable(usable.message())
        assert cfg.model is not None
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig

        self.config = cfg
        self._torch = torch
        self._device = _device(cfg.device, torch)
        dtype = torch.bfloat16 if self._device.startswith("cuda") else torch.float32
        try:
            tokenizer = AutoTokenizer.from_pretrained(cfg.model, local_files_only=True, trust_remote_code=False)
            model = AutoModelForCausalLM.from_pretrained(
                cfg.model, local_files_only=True, use_safetensors=True, trust_remote_code=False, dtype=dtype
            )
        except (OSError, ValueError, KeyError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            detail = f"cannot load model folder {cfg.model} ({first[:200]})"
            raise EngineUnavailable(f"{detail}; {fetch_hint(cfg)}") from None
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        if tokenizer.pad_token_id is None:
            raise EngineUnavailable(f"the tokenizer in {cfg.model} has neither a pad nor an end-of-text token")
        tokenizer.padding_side = "left"  # generation continues every prompt from its last token
        self._tokenizer = tokenizer
        self._model: Any = model.to(self._device).eval()
        meta = read_model_meta(cfg.model)
        if cfg.ape_template:
            meta = {**meta, "ape_template": cfg.ape_template}
        self._prompt = PromptBuilder.for_model(cfg.name, cfg.mode, tokenizer, meta)
        self._stop_ids = self._end_tokens()
        # Chat models ship sampling, top-k and a repetition penalty in generation_config.json; generate() fills
        # every setting left unset from it. Post-editing copies most of the draft: plain greedy (or beam) only.
        self._model.generation_config = GenerationConfig(
            eos_token_id=self._stop_ids, pad_token_id=tokenizer.pad_token_id
        )
        self._revision: str | None = None
        self._cache_arg = cache_argument(model)
        self._known: dict[tuple[str, str], float] = {}  # (prompt, text) -> score, from the last propose

    def _end_tokens(self) -> list[int]:
        """Token ids that end an answer (the generation config's and tokenizer's end tokens, end-of-turn markers),
        the one the chat template closes an answer with first: scores count it as the answer's last token."""
        found: list[int] = []
        eos = self._model.generation_config.eos_token_id
        for token_id in [self._tokenizer.eos_token_id, *(eos if isinstance(eos, list) else [eos])]:
            if isinstance(token_id, int) and token_id not in found:
                found.append(token_id)
        vocab = self._tokenizer.get_vocab()
        found += [vocab[t] for t in _END_OF_TURN if t in vocab and vocab[t] not in found]
        if not found:
            raise EngineUnavailable(f"the model in {self.config.model} has no end-of-text token; it cannot stop")
        # first: the token that closes an answer in the chat template (Gemma's <end_of_turn>, not its <eos>)
        after = self._tokenizer(self._prompt.after_answer(), add_special_tokens=False)["input_ids"]
        if after and after[0] in found:
            found.remove(after[0])
            found.insert(0, after[0])
        return found

    @property
    def signature(self) -> str:
        cfg = self.config
        if self._revision is None:
            assert cfg.model is not None
            self._revision = model_revision(cfg.model, getattr(self._live_model().config, "_commit_hash", None))
        return make_signature([
            ("engine", cfg.name), ("kind", self.kind), ("model", cfg.model.name if cfg.model else "none"),
            ("rev", self._revision), ("mode", cfg.mode), ("prompt", self._prompt.version), ("beam", cfg.beam),
            ("margin", cfg.margin),
        ])  # fmt: skip

    @property
    def can_score(self) -> bool:
        return True

    def model_input(self, segment: Segment) -> str:
        """The prompt the model continues for this segment."""
        return self._prompt(segment)

    def propose(self, segments: Sequence[Segment]) -> list[Proposal]:
        prompts = [self._prompt(seg) for seg in segments]
        self._known = {}
        found: list[Proposal | None] = [None] * len(segments)
        for index in self._batches(prompts):
            answers = self.generate([prompts[i] for i in index], [segments[i].draft for i in index])
            cleaned = [clean_output(text, segments[i].draft, truncated=cut) for i, (text, cut) in zip(index, answers)]
            usable = [k for k, c in enumerate(cleaned) if not c.refused]
            # the pipeline scores the drafts next: score them now, with the fixes, over one pass of each prompt
            both = self._score_texts(
                [prompts[index[k]] for k in usable] + [prompts[i] for i in index],
                [cleaned[k].text for k in usable] + [segments[i].draft for i in index],
            )
            scores = both[: len(usable)]
            self._known.update(
                {(prompts[i], segments[i].draft): value for i, value in zip(index, both[len(usable) :])}
            )
            for k, i in enumerate(index):
                note = f"llm-output-refused:{cleaned[k].refused}" if cleaned[k].refused else ""
                found[i] = Proposal(cleaned[k].text, None, note=note)
            for k, score in zip(usable, scores):
                found[index[k]] = Proposal(cleaned[k].text, score)
        return [p for p in found if p is not None]

    def score(self, segments: Sequence[Segment], hypotheses: Sequence[str]) -> list[float]:
        if len(segments) != len(hypotheses):
            raise InputError(
                f"score needs one hypothesis per segment, got {len(hypotheses)} for {len(segments)} segments"
            )
        prompts = [self._prompt(seg) for seg in segments]
        missing = [i for i, pair in enumerate(zip(prompts, hypotheses)) if pair not in self._known]
        computed = self._score_texts([prompts[i] for i in missing], [hypotheses[i] for i in missing])
        found = dict(zip(missing, computed))
        return [found[i] if i in found else self._known[pair] for i, pair in enumerate(zip(prompts, hypotheses))]

    def close(self) -> None:
        self._model = None
        if self._device.startswith("cuda"):
            self._torch.cuda.empty_cache()

    def _live_model(self) -> Any:
        if self._model is None:
            raise EngineUnavailable(f"engine {self.config.name} was closed; load it again")
        return self._model

    # -- internals -------------------------------------------------------------------------------

    def _batches(self, prompts: list[str]) -> Iterator[list[int]]:
        """Indices grouped into batches of similar prompt length, longest first (memory trouble shows early)."""
        order = sorted(range(len(prompts)), key=lambda i: -len(prompts[i]))
        size = max(1, self.config.batch_size)
        for start in range(0, len(order), size):
            yield order[start : start + size]

    def _prompt_ids(self, prompts: list[str]) -> list[list[int]]:
        """Token ids of each prompt; a rendered chat template already holds its special tokens."""
        special = not self._prompt.uses_chat_template
        return [self._tokenizer(p, add_special_tokens=special)["input_ids"] for p in prompts]

    def generate(self, prompts: list[str], drafts: list[str]) -> list[tuple[str, bool]]:
        """The raw answer to each prompt, and whether it was cut off by the length limit."""
        from transformers import GenerationConfig

        torch, tok, cfg = self._torch, self._tokenizer, self.config
        rows = self._prompt_ids(prompts)
        longest_draft = max(len(tok(d, add_special_tokens=False)["input_ids"]) for d in drafts)
        factor, extra = OUTPUT_TOKENS
        limit = min(cfg.max_length, int(longest_draft * factor) + extra)
        width = max(len(r) for r in rows)
        ids = torch.tensor([[tok.pad_token_id] * (width - len(r)) + r for r in rows], device=self._device)
        mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows], device=self._device)
        settings = GenerationConfig(
            do_sample=False, num_beams=cfg.beam, max_new_tokens=limit, eos_token_id=self._stop_ids,
            pad_token_id=tok.pad_token_id,
        )  # fmt: skip
        with torch.inference_mode():
            out = self._live_model().generate(input_ids=ids, attention_mask=mask, generation_config=settings)
        answers = []
        for row in out[:, width:].tolist():
            ends = [k for k, t in enumerate(row) if t in self._stop_ids]
            body = row[: ends[0]] if ends else row
            answers.append((tok.decode(body, skip_special_tokens=True).strip(), not ends))
        return answers

    def _score_texts(self, prompts: list[str], hypotheses: list[str]) -> list[float]:
        """Mean log-prob per answer token (the end-of-turn token included) of each hypothesis after its prompt.

        Each distinct prompt is read once (its key/value cache is shared by all the hypotheses scored after
        it: a fix and its draft cost one prompt pass, not two), each distinct text after it scored once (an
        answer that repeats the draft costs nothing more); only the hypotheses' logits are computed.
        """
        members: dict[str, dict[str, list[int]]] = {}
        for i, (prompt, text) in enumerate(zip(prompts, hypotheses)):
            members.setdefault(prompt, {}).setdefault(text, []).append(i)
        unique = list(members)
        scores = [0.0] * len(prompts)
        for index in self._batches(unique):
            batch = [unique[u] for u in index]
            rows = [(b, text) for b, prompt in enumerate(batch) for text in members[prompt]]
            for (b, text), value in zip(rows, self._score_batch(batch, rows)):
                for i in members[batch[b]][text]:
                    scores[i] = value
        return scores

    def _score_batch(self, prompts: list[str], answers: list[tuple[int, str]]) -> list[float]:
        tok, end = self._tokenizer, self._stop_ids[0]
        tails = [(b, tok(text, add_special_tokens=False)["input_ids"][: self.config.max_length] + [end])
                 for b, text in answers]  # fmt: skip
        return score_answers(self._live_model(), self._prompt_ids(prompts), tails, tok.pad_token_id, self._cache_arg)


def cache_argument(model: Any) -> str:
    """The key/value cache's argument and output name: `cache` in recent transformers 5.x, else `past_key_values`."""
    return "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"


def score_answers(model: Any, prompts: list[list[int]], answers: list[tuple[int, list[int]]], pad_id: int,
                  cache_arg: str = "cache") -> list[float]:  # fmt: skip
    """Mean log-prob of each answer's token ids after prompt number `answers[k][0]`.

    One pass over the left-padded prompts, then one over the right-padded answers on top of the prompts'
    key/value cache, expanded to one row per answer; only the answers' logits are computed.
    """
    import torch

    device = model.device
    width = max(len(p) for p in prompts)
    ids = torch.tensor([[pad_id] * (width - len(p)) + p for p in prompts], device=device)
    mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts], device=device)
    owner = torch.tensor([b for b, _ in answers], device=device)
    longest = max(len(t) for _, t in answers)
    tail_ids = torch.tensor([t + [pad_id] * (longest - len(t)) for _, t in answers], device=device)
    tail_mask = torch.tensor([[1] * len(t) + [0] * (longest - len(t)) for _, t in answers], device=device)
    with torch.inference_mode():
        first = model(input_ids=ids, attention_mask=mask, position_ids=(mask.cumsum(-1) - 1).clamp(min=0),
                      use_cache=True, logits_to_keep=1)  # fmt: skip
        cache = getattr(first, cache_arg)
        cache.reorder_cache(owner)  # one cache row per answer
        start = mask.sum(-1)[owner].unsqueeze(-1)
        rest = model(
            input_ids=tail_ids, attention_mask=torch.cat([mask[owner], tail_mask], dim=-1),
            position_ids=start + torch.arange(longest, device=device), **{cache_arg: cache},
        ).logits.float()  # fmt: skip
        logits = torch.cat([first.logits.float()[owner, -1:], rest[:, :-1]], dim=1)  # position t predicts t
        logprobs = torch.log_softmax(logits, dim=-1).gather(-1, tail_ids.unsqueeze(-1)).squeeze(-1)
    return [float(logprobs[k, : len(t)].mean()) for k, (_, t) in enumerate(answers)]
