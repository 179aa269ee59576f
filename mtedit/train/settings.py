"""Training config: one TOML file -> typed, frozen settings for data, tokenizer, model and loop."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from mtedit.errors import ConfigError


@dataclass(frozen=True)
class DataSettings:
    """Where the shared data lives and how triples are built and filtered."""

    root: str = "../shared/data"
    mono: str = "en-news-mono/wmt-newstest-2008-2021.en.txt"
    real_sets: tuple[str, ...] = ("news-test2008", "newssyscomb2009", "newstest2009", "newstest2010", "newstest2011")
    real_dir: str = "es-en-news"
    extra_sets: tuple[str, ...] = ()
    dev_set: str = "newstest2012"
    dev_draft: str = "apertium-drafts/newstest2012.apertium.en"
    mono_limit: int = 0
    chunk_lines: int = 4000
    real_upsample: int = 4
    keep_identical: float = 0.5
    max_words: int = 80
    max_chars: int = 400
    min_ratio: float = 0.5
    max_ratio: float = 2.0
    seed: int = 1
    # more drafts of the same sentences: each apertium pair (e.g. "spa-eng_US") translates the Spanish of every
    # synthetic and real triple again; a variant is kept only where its draft differs from the ones already there
    variant_pairs: tuple[str, ...] = ()
    # round-trip the English of the real and extra sets too: (human Spanish, round trip, human English)
    round_trip_real: bool = False


@dataclass(frozen=True)
class TokenizerSettings:
    """Joint sentencepiece model over sources, drafts and targets."""

    vocab_size: int = 8000
    model_type: str = "unigram"
    sep: str = "<sep>"
    sample_lines: int = 300000
    character_coverage: float = 0.9999


@dataclass(frozen=True)
class ModelSettings:
    """A compact Marian encoder-decoder with shared embeddings."""

    d_model: int = 256
    encoder_layers: int = 4
    decoder_layers: int = 3
    heads: int = 4
    ffn_dim: int = 1024
    dropout: float = 0.1
    max_positions: int = 512


@dataclass(frozen=True)
class TrainSettings:
    """Optimisation, schedule, evaluation and checkpoint cadence."""

    batch_tokens: int = 6000
    lr: float = 1e-3
    warmup_steps: int = 2000
    weight_decay: float = 0.01
    label_smoothing: float = 0.1
    source_dropout: float = 0.3
    max_source_tokens: int = 256
    max_target_tokens: int = 128
    max_steps: int = 0
    # cooldown: from decay_start_step on, the learning rate falls linearly to zero over decay_steps steps,
    # and training stops there
    decay_start_step: int = 0
    decay_steps: int = 0
    max_minutes: float = 0.0
    # a cooldown timed instead of counted: it starts after this many minutes and is sized by the step rate so far
    # to end within max_minutes (for runs with a fixed wall-clock budget on hardware of unknown speed)
    decay_start_minutes: float = 0.0
    eval_every_steps: int = 1000
    eval_sentences: int = 300
    checkpoint_minutes: float = 10.0
    keep_snapshots: int = 0
    # an exported model folder (e.g. models/mtedit-ape-es-en) to start from instead of random weights; its
    # tokenizer is used and [model] must match its shape
    init_from: str = ""
    log_every_steps: int = 50
    threads: int = 2
    bf16: bool = True
    seed: int = 1
    # "cpu", "cuda" or "auto" (the GPU when one is visible)
    device: str = "cpu"
    # scripts/train-gpu.sh exports the weights in half precision (half the size; they load as float32)
    export_fp16: bool = False
    # keep the <pad> embedding, which starts decoding, at zero: a CTranslate2 conversion then decodes exactly alike
    zero_pad_embedding: bool = False

    @property
    def last_step(self) -> int:
        """The step training ends at (the end of the cooldown or max_steps, the earlier one); 0 for none."""
        ends = [end for end in (self.decay_start_step + self.decay_steps if self.decay_steps else 0,
                                self.max_steps) if end]
        return min(ends, default=0)


@dataclass(frozen=True)
class Settings:
    """The whole training config; `run_dir` holds data, tokenizer, checkpoints and logs."""

    name: str
    run_dir: Path
    data: DataSettings = field(default_factory=DataSettings)
    tokenizer: TokenizerSettings = field(default_factory=TokenizerSettings)
    model: ModelSettings = field(default_factory=ModelSettings)
    train: TrainSettings = field(default_factory=TrainSettings)

    @property
    def data_dir(self) -> Path:
        return self.run_dir / "data"

    @property
    def tokenizer_dir(self) -> Path:
        return self.run_dir / "tokenizer"

    @property
    def checkpoint_dir(self) -> Path:
        return self.run_dir / "checkpoints"


def _section(cls: type, raw: dict[str, Any], name: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(f"unknown key(s) {', '.join(unknown)} in [{name}]; valid keys: {', '.join(known)}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
    defaults = cls()
    for key, value in values.items():
        want = type(getattr(defaults, key))
        ok = isinstance(value, want) and not (want is int and isinstance(value, bool))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            raise ConfigError(f"[{name}] {key} = {value!r} should be of type {want.__name__}; fix the TOML file")
    return cls(**values)


def settings_from_dict(raw: dict[str, Any], base: Path | None = None) -> Settings:
    """Build settings from a parsed TOML dict; `run_dir` is resolved against `base` (default: cwd)."""
    raw = dict(raw)
    name = raw.pop("name", None)
    if not name or not isinstance(name, str):
        raise ConfigError("training config needs a top-level `name = \"...\"`; add one")
    run_dir = Path(raw.pop("run_dir", f"runs/{name}"))
    if not run_dir.is_absolute():
        run_dir = (base or Path.cwd()) / run_dir
    sections = {"data": DataSettings, "tokenizer": TokenizerSettings, "model": ModelSettings, "train": TrainSettings}
    unknown = sorted(set(raw) - set(sections))
    if unknown:
        raise ConfigError(f"unknown section(s) {', '.join(unknown)}; valid: name, run_dir, {', '.join(sections)}")
    parts = {key: _section(cls, raw.get(key, {}), key) for key, cls in sections.items()}
    train = parts["train"]
    if train.decay_steps < 0 or train.decay_start_step < 0 or (train.decay_steps and not train.decay_start_step):
        raise ConfigError("[train] decay_steps needs a positive decay_start_step (the step the cooldown starts at)"
                          "; set both, or neither")
    if train.decay_start_minutes and (train.decay_steps or not train.max_minutes > train.decay_start_minutes):
        raise ConfigError("[train] decay_start_minutes (a timed cooldown) needs a larger max_minutes and no"
                          " decay_steps; set one kind of cooldown")
    return Settings(name=name, run_dir=run_dir, **parts)


def load_settings(path: str | Path, base: Path | None = None) -> Settings:
    """Read a training TOML file; a missing or malformed file raises ConfigError."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"training config {path} not found; pass --config configs/train/<name>.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"training config {path} is not valid TOML ({exc}); fix the file") from None
    return settings_from_dict(raw, base)
