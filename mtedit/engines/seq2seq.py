"""Any local transformers seq2seq model (Marian, T5, BART, M2M100/NLLB) as an engine in three modes.

translate: source -> fix; refine: prefix + draft -> fix; ape: source and draft joined by a template -> fix.
Loading never touches the network (local files only, safetensors only, no remote code). torch and
transformers are imported when an engine is built, so checking usability stays cheap.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtedit.config import EngineConfig
from mtedit.engines.base import Usability, make_signature
from mtedit.errors import ConfigError, EngineUnavailable, InputError
from mtedit.types import Candidate, Proposal, Segment

DEFAULT_APE_TEMPLATE = "{source} </s> {draft}"
META_FILE = "mtedit.json"
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json")
_FIELD = re.compile(r"\{(source|draft)\}")


def fill(template: str, *, source: str = "", draft: str = "") -> str:
    """Put source and draft into `template` in one pass (braces inside the texts are left alone)."""
    values = {"source": source, "draft": draft}
    return _FIELD.sub(lambda m: values[m.group(1)], template)


def fetch_hint(cfg: EngineConfig) -> str:
    """The command that puts this engine's model folder in place."""
    if cfg.hub_id:
        return f"fetch it where there is a network with: mtedit download {cfg.name}"
    return f"put a transformers model folder (config.json, model.safetensors, tokenizer files) at {cfg.model}"


def check_model_folder(cfg: EngineConfig) -> Usability:
    """Cheap usability check of a seq2seq engine's folder; loads nothing."""
    folder = cfg.model
    if folder is None:
        return Usability(
            False, f"engine {cfg.name} has no model folder", 'set model = "path/to/folder" for it in the config'
        )
    if not folder.is_dir():
        return Usability(False, f"model folder {folder} not found", fetch_hint(cfg))
    if not (folder / "config.json").is_file():
        return Usability(False, f"model folder {folder} has no config.json", fetch_hint(cfg))
    if not any((folder / name).is_file() for name in WEIGHT_FILES):
        return Usability(
            False,
            f"model folder {folder} has no model.safetensors (other weight formats are not loaded)",
            f"convert the weights to safetensors or {fetch_hint(cfg)}",
        )
    return Usability(True)


def read_model_meta(folder: Path) -> dict[str, str]:
    """The model folder's optional mtedit.json (input templates the model was trained with)."""
    path = folder / META_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid JSON ({exc}); fix or delete it") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for k, v in data.items() if k.endswith("_template")):
        raise ConfigError(f"{path} must be a JSON object whose *_template values are strings")
    return data


def model_revision(folder: Path, commit_hash: str | None = None) -> str:
    """Short id of the weights: the hub commit recorded by a download, else a sha256 of the weight file."""
    weights = next((folder / n for n in WEIGHT_FILES if (folder / n).is_file()), None)
    if weights is not None:
        meta = folder / ".cache" / "huggingface" / "download" / f"{weights.name}.metadata"
        if meta.is_file():
            first = meta.read_text(encoding="utf-8").split("\n", 1)[0].strip()
            if first:
                return first[:10]
    if commit_hash:
        return commit_hash[:10]
    if weights is None:
        return "unknown"
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha256-" + digest.hexdigest()[:10]


OUTPUT_LENGTH_RATIO = 1.5  # longest output, in tokens, per input token (plus a constant 10)


@dataclass(frozen=True)
class InputBuilder:
    """Turns a segment into the model's input text for one mode."""

    engine: str
    mode: str
    prefix: str = ""
    ape_template: str = DEFAULT_APE_TEMPLATE
    refine_template: str | None = None

    @classmethod
    def for_model(cls, cfg: EngineConfig, meta: dict[str, str]) -> InputBuilder:
        """An explicit `ape_template` in the config wins over the model's mtedit.json, then the default."""
        ape = cfg.ape_template or meta.get("ape_template") or DEFAULT_APE_TEMPLATE
        refine = meta.get("refine_template")
        if "{draft}" not in ape or "{source}" not in ape:
            raise ConfigError(f"engine {cfg.name}: ape_template {ape!r} must contain {{source}} and {{draft}}")
        if refine is not None and "{draft}" not in refine:
            raise ConfigError(f"{cfg.model}/{META_FILE}: refine_template {refine!r} must contain {{draft}}")
        return cls(cfg.name, cfg.mode, cfg.prefix, ape, refine)

    def __call__(self, segment: Segment) -> str:
        if self.mode == "translate":
            if not segment.source:
                raise InputError(
                    f"segment {segment.id} has no source; engine {self.engine} (translate) needs the Spanish source: "
                    "pass --source or pick a refine engine"
                )
            return segment.source
        if self.mode == "ape" and segment.source:
            return fill(self.ape_template, source=segment.source, draft=segment.draft)
        if self.refine_template is not None:
            return self.prefix + fill(self.refine_template, draft=segment.draft)
        if self.mode == "ape":
            raise InputError(
                f"segment {segment.id} has no source; engine {self.engine} (ape) needs it: "
                "pass --source or pick a refine engine"
            )
        return self.prefix + segment.draft


def _device(requested: str, torch: Any) -> str:
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise EngineUnavailable(
            f'device {requested!r} requested but no CUDA GPU is visible; set device = "cpu" or "auto"'
        )
    return requested


class Seq2SeqEngine:
    """A local transformers seq2seq model; `propose` generates, `score` force-decodes given texts."""

    kind = "seq2seq"

    def __init__(self, cfg: EngineConfig) -> None:
        usable = check_model_folder(cfg)
        if not usable.ok:
            raise EngineUnavailable(usable.message())
        if cfg.nbest > cfg.beam:
            raise ConfigError(
                f"engine {cfg.name}: nbest ({cfg.nbest}) must not exceed beam ({cfg.beam}); raise beam or lower nbest"
            )
        assert cfg.model is not None  # checked above
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        self.config = cfg
        self._torch = torch
        self._build_input = InputBuilder.for_model(cfg, read_model_meta(cfg.model))
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(cfg.model, local_files_only=True)
            model = AutoModelForSeq2SeqLM.from_pretrained(cfg.model, local_files_only=True, use_safetensors=True)
        except (OSError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineUnavailable(f"cannot load model folder {cfg.model} ({first}); {fetch_hint(cfg)}") from None
        self._device = _device(cfg.device, torch)
        self._model: Any = model.to(self._device).eval()
        self._generate_kwargs = self._language_setup()
        self._revision: str | None = None

    def _language_setup(self) -> dict[str, Any]:
        """M2M100/NLLB: source language on the tokenizer, target language forced as the first token."""
        cfg, tok = self.config, self._tokenizer
        if cfg.src_lang and hasattr(tok, "src_lang"):
            tok.src_lang = cfg.src_lang
        if not cfg.tgt_lang:
            return {}
        if hasattr(tok, "tgt_lang"):
            tok.tgt_lang = cfg.tgt_lang
        try:  # M2M100 maps "en" to "__en__"; NLLB's codes ("eng_Latn") are tokens themselves
            lookup = tok.get_lang_id if hasattr(tok, "get_lang_id") else tok.convert_tokens_to_ids
            token_id = lookup(cfg.tgt_lang)
        except KeyError:
            token_id = None
        if token_id is None or token_id == tok.unk_token_id:
            raise ConfigError(f"engine {cfg.name}: tgt_lang {cfg.tgt_lang!r} is not a language token of {cfg.model}")
        return {"forced_bos_token_id": token_id}

    @property
    def signature(self) -> str:
        cfg = self.config
        if self._revision is None:
            assert cfg.model is not None
            commit = getattr(getattr(self._model, "config", None), "_commit_hash", None)
            self._revision = model_revision(cfg.model, commit)
        return make_signature([
            ("engine", cfg.name), ("kind", self.kind), ("model", cfg.model.name if cfg.model else "none"),
            ("rev", self._revision), ("mode", cfg.mode), ("beam", cfg.beam), ("nbest", cfg.nbest),
            ("margin", cfg.margin),
        ])  # fmt: skip

    @property
    def can_score(self) -> bool:
        return True

    def model_input(self, segment: Segment) -> str:
        """The text the model reads for this segment (mode, prefix and template applied)."""
        return self._build_input(segment)

    def propose(self, segments: Sequence[Segment]) -> list[Proposal]:
        inputs = [self._build_input(seg) for seg in segments]
        n = self.config.nbest
        found: list[Proposal | None] = [None] * len(inputs)
        for index in self._batches(inputs):
            texts = self._generate([inputs[i] for i in index])
            scores = self._score_texts([inputs[i] for i in index for _ in range(n)], texts)
            for k, i in enumerate(index):
                group = slice(k * n, (k + 1) * n)
                cands = tuple(Candidate(t, s) for t, s in zip(texts[group], scores[group], strict=True))
                found[i] = Proposal(cands[0].text, cands[0].score, cands if n > 1 else ())
        return [p for p in found if p is not None]

    def score(self, segments: Sequence[Segment], hypotheses: Sequence[str]) -> list[float]:
        if len(segments) != len(hypotheses):
            raise InputError(
                f"score needs one hypothesis per segment, got {len(hypotheses)} for {len(segments)} segments"
            )
        return self._score_texts([self._build_input(seg) for seg in segments], list(hypotheses))

    def close(self) -> None:
        self._model = None
        if self._device.startswith("cuda"):
            self._torch.cuda.empty_cache()

    def _live_model(self) -> Any:
        if self._model is None:
            raise EngineUnavailable(f"engine {self.config.name} was closed; load it again")
        return self._model

    # -- internals -------------------------------------------------------------------------------

    def _encode(self, texts: list[str], targets: list[str] | None = None) -> dict[str, Any]:
        enc = self._tokenizer(
            texts,
            text_target=targets,
            padding=True,
            truncation=True,
            max_length=self.config.max_length,
            return_tensors="pt",
        )
        return {k: v.to(self._device) for k, v in enc.items()}

    def _batches(self, texts: list[str]) -> Iterator[list[int]]:
        """Indices grouped into batches of similar token length, longest first (memory trouble shows early)."""
        if not texts:
            return
        lengths = [
            len(ids) for ids in self._tokenizer(texts, truncation=True, max_length=self.config.max_length)["input_ids"]
        ]
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])
        size = max(1, self.config.batch_size)
        for start in range(0, len(order), size):
            yield order[start : start + size]

    def _generate(self, texts: list[str]) -> list[str]:
        cfg = self.config
        encoded = self._encode(texts)
        # A fix is about as long as its input: cap the output so a degenerate repetition stops early.
        longest = int(encoded["attention_mask"].sum(-1).max())
        limit = min(cfg.max_length, int(longest * OUTPUT_LENGTH_RATIO) + 10)
        with self._torch.inference_mode():
            out = self._live_model().generate(
                **encoded,
                num_beams=cfg.beam,
                num_return_sequences=cfg.nbest,
                max_length=limit,
                do_sample=False,
                **self._generate_kwargs,
            )
        forced = self._generate_kwargs.get("forced_bos_token_id")
        if forced is not None:  # some tokenizers do not count language codes as special when decoding
            out = out.masked_fill(out == forced, self._tokenizer.pad_token_id)
        return [t.strip() for t in self._tokenizer.batch_decode(out, skip_special_tokens=True)]

    def _score_texts(self, inputs: list[str], hypotheses: list[str]) -> list[float]:
        """Mean log-prob per target token (end-of-sentence included) of each hypothesis given its input."""
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
