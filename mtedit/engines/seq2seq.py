"""Any local transformers seq2seq model (Marian, T5, BART, M2M100/NLLB) as an engine in three modes.

translate: source -> fix; refine: prefix + draft -> fix; ape: source and draft joined by a template -> fix.
Loading never touches the network (local files only, safetensors only, no remote code). torch and
transformers are imported when an engine is built, so checking usability stays cheap.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtedit.config import EngineConfig
from mtedit.engines.backends import OUTPUT_LENGTH_RATIO, Backend  # noqa: F401 - the ratio is re-exported
from mtedit.engines.base import Usability, make_signature
from mtedit.errors import ConfigError, EngineUnavailable, InputError
from mtedit.types import Proposal, Segment

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
    return sha256_files([weights])[:17]


def sha256_files(paths: Sequence[Path]) -> str:
    """`sha256-HEX` of the files' bytes, read in order."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return "sha256-" + digest.hexdigest()


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
    """A local seq2seq model; `propose` generates, `score` force-decodes given texts, both through its backend
    (transformers, or ctranslate2 on a converted copy: see `mtedit.engines.backends`)."""

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
        from mtedit.engines.backends.choose import choose_backend

        self.config = cfg
        self.backend_choice = choose_backend(cfg)
        self._build_input = InputBuilder.for_model(cfg, read_model_meta(cfg.model))
        self._tokenizer, model = self._load(cfg, with_model=self.backend_choice.name == "transformers")
        self._generate_kwargs = self._language_setup()
        self._backend = self._make_backend(model)
        self._revision: str | None = None
        self._commit = getattr(getattr(model, "config", None), "_commit_hash", None)

    @staticmethod
    def _load(cfg: EngineConfig, *, with_model: bool) -> tuple[Any, Any]:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(cfg.model, local_files_only=True)
            model = (AutoModelForSeq2SeqLM.from_pretrained(cfg.model, local_files_only=True, use_safetensors=True)
                     if with_model else None)
        except (OSError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineUnavailable(f"cannot load model folder {cfg.model} ({first}); {fetch_hint(cfg)}") from None
        return tokenizer, model

    def _make_backend(self, model: Any) -> Backend:
        from mtedit.engines.backends.threads import limit_torch_threads, thread_count

        cfg, threads = self.config, thread_count(self.config.threads)
        conversion = self.backend_choice.conversion
        if self.backend_choice.name == "ctranslate2" and conversion is not None:
            from mtedit.engines.backends.ct2 import CTranslate2Backend

            forced = self._generate_kwargs.get("forced_bos_token_id")
            prefix = self._tokenizer.convert_ids_to_tokens(forced) if forced is not None else None
            return CTranslate2Backend(cfg, self._tokenizer, conversion.folder, cfg.device, threads, prefix)
        import torch

        from mtedit.engines.backends.hf import TransformersBackend

        limit_torch_threads(cfg.threads)
        return TransformersBackend(cfg, self._tokenizer, model, _device(cfg.device, torch), self._generate_kwargs)

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
            self._revision = model_revision(cfg.model, self._commit)
        return make_signature([
            ("engine", cfg.name), ("kind", self.kind), ("model", cfg.model.name if cfg.model else "none"),
            ("rev", self._revision), ("mode", cfg.mode), ("beam", cfg.beam), ("nbest", cfg.nbest),
            ("margin", cfg.margin), ("backend", self._backend.label),
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
        return [Proposal(cands[0].text, cands[0].score, cands if n > 1 else ())
                for cands in self._backend.nbest(inputs)]

    def score(self, segments: Sequence[Segment], hypotheses: Sequence[str]) -> list[float]:
        if len(segments) != len(hypotheses):
            raise InputError(
                f"score needs one hypothesis per segment, got {len(hypotheses)} for {len(segments)} segments"
            )
        return self._backend.score([self._build_input(seg) for seg in segments], list(hypotheses))

    def close(self) -> None:
        self._backend.close()
