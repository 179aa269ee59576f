"""`mtedit learn`: fine-tune an engine's model on the memory's decisions, bounded in time, with the training loop
of `mtedit.train` (warm start from the engine's model folder), then export a new model folder and add its
engine to the config.

Training pairs are the engine's own input form: (source, draft) -> final for an ape engine (draft alone when a
decision has no source), draft -> final for a refine engine. A slice of the pairs is held out, and the new
model's greedy fixes on it are scored before and after, so the command reports whether it helped.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from mtedit.config import Config, EngineConfig
from mtedit.errors import ConfigError, InputError
from mtedit.memory.db import TranslationMemory

Triple = tuple[str, str, str]
MIN_PAIRS = 100


@dataclass(frozen=True)
class LearnOptions:
    """What to learn from and how long: `minutes` bounds the training time (`max_steps` too, when > 0)."""

    engine: str | None = None
    name: str | None = None
    out: Path | None = None
    run_dir: Path | None = None
    minutes: float = 20.0
    max_steps: int = 0
    lr: float = 1e-4
    batch_tokens: int = 2000
    min_pairs: int = MIN_PAIRS
    held_out: float = 0.1
    threads: int = 2
    seed: int = 1


@dataclass(frozen=True)
class LearnResult:
    """The new engine and what training did: steps, seconds, held-out scores before and after."""

    name: str
    model: Path
    pairs: int
    held_out: int
    steps: int
    seconds: float
    before: dict[str, float]
    after: dict[str, float]


def training_pairs(memory: TranslationMemory, mode: str) -> list[Triple]:
    """(source, draft, final) of every remembered decision that has a draft; source "" in refine mode."""
    pairs = []
    for unit in memory.units():
        if unit.draft and unit.target:
            pairs.append(("" if mode == "refine" else unit.source or "", unit.draft, unit.target))
    return pairs


def _base_engine(config: Config, options: LearnOptions) -> EngineConfig:
    from mtedit.train.warmstart import check_folder

    cfg = config.engine(options.engine)
    if cfg.kind != "seq2seq" or cfg.mode not in ("ape", "refine") or cfg.model is None:
        raise InputError(f"engine {cfg.name!r} ({cfg.kind}, {cfg.mode}) cannot learn: pick an ape or refine engine"
                         " with a model trained by `mtedit train`, e.g. --engine ape")
    try:
        check_folder(cfg.model)
    except InputError:
        raise InputError(f"engine {cfg.name!r} cannot learn: {cfg.model} is not a model folder written by"
                         " `mtedit train export`; pick an engine on the bundled model, e.g. --engine ape") from None
    return cfg


def _settings(folder: Path, run_dir: Path, name: str, options: LearnOptions, ape: bool):
    from mtedit.train.settings import ModelSettings, Settings, TokenizerSettings, TrainSettings

    c = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    meta_path = folder / "mtedit.json"
    sep = json.loads(meta_path.read_text(encoding="utf-8")).get("sep", "<sep>") if meta_path.exists() else "<sep>"
    model = ModelSettings(d_model=c["d_model"], encoder_layers=c["encoder_layers"], decoder_layers=c["decoder_layers"],
                          heads=c["encoder_attention_heads"], ffn_dim=c["encoder_ffn_dim"], dropout=c["dropout"],
                          max_positions=c["max_position_embeddings"])
    train = TrainSettings(batch_tokens=options.batch_tokens, lr=options.lr, warmup_steps=20,
                          source_dropout=0.3 if ape else 0.0, max_steps=options.max_steps, max_minutes=options.minutes,
                          eval_every_steps=0, checkpoint_minutes=max(options.minutes, 1.0), init_from=str(folder),
                          log_every_steps=10, threads=options.threads, seed=options.seed)
    return Settings(name=name, run_dir=run_dir, tokenizer=TokenizerSettings(sep=sep), model=model, train=train)


def _held_out_scores(folder: Path, settings, dev: list[Triple]) -> dict[str, float]:
    """chrF and TER of the drafts and of the model's greedy fixes (in the pairs' own input form) on `dev`."""
    import torch
    from transformers import MarianMTModel

    from mtedit.train.evaluate import greedy, score
    from mtedit.train.tokenizer import load_spm, render

    torch.set_num_threads(settings.train.threads)
    model = MarianMTModel.from_pretrained(str(folder), local_files_only=True, use_safetensors=True).eval()
    sp = load_spm(folder / "source.spm")
    refs = [t for _, _, t in dev]
    fixes = greedy(model, sp, [render(s, d, settings.tokenizer.sep) for s, d, _ in dev],
                   settings.train.max_source_tokens)
    return {**{f"draft_{k}": v for k, v in score([d for _, d, _ in dev], refs).items()},
            **{f"fix_{k}": v for k, v in score(fixes, refs).items()}}


def _engine_entry(base: EngineConfig, name: str, model: Path, config_dir: Path, description: str) -> str:
    where = os.path.relpath(model.resolve(), config_dir.resolve())
    lines = [f"\n[engines.{name}]", 'kind = "seq2seq"', f'mode = "{base.mode}"', f"model = {json.dumps(str(where))}",
             f"beam = {base.beam}", f"batch_size = {base.batch_size}", f"margin = {base.margin}"]
    if base.max_change is not None:
        lines.append(f"max_change = {base.max_change}")
    lines.append(f"reject_new_warnings = {'true' if base.reject_new_warnings else 'false'}")
    lines.append(f"description = {json.dumps(description, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def learn(config: Config, memory: TranslationMemory, options: LearnOptions) -> LearnResult:
    """Fine-tune, export and register a new engine; InputError (nothing written) when there are too few pairs."""
    from mtedit.io.atomic import atomic_write_text
    from mtedit.train.data import write_tsv
    from mtedit.train.export import export_checkpoint
    from mtedit.train.loop import train

    base = _base_engine(config, options)
    name = options.name or f"{base.name}-learned"
    if name in config.engines:
        raise ConfigError(f"engine {name!r} is already in {config.path}; pass --name NEW_NAME")
    pairs = training_pairs(memory, base.mode)
    if len(pairs) < options.min_pairs:
        raise InputError(f"only {len(pairs)} decisions with a draft in {memory.path} (learning needs at least"
                         f" {options.min_pairs}); review more sentences first, or lower --min-pairs")
    assert base.model is not None
    out = options.out or base.model.parent / name
    if out.exists():
        raise InputError(f"{out} exists; pass --out NEW_FOLDER or --name NEW_NAME")
    run_dir = options.run_dir or out.parent.parent / "runs" / f"learn-{name}"
    if (run_dir / "checkpoints" / "last.pt").exists():
        raise InputError(f"{run_dir} holds an earlier run; pass --run-dir NEW_FOLDER")
    shuffled = list(pairs)
    random.Random(options.seed).shuffle(shuffled)
    dev_n = min(200, int(len(shuffled) * options.held_out))
    dev, train_pairs = shuffled[:dev_n], shuffled[dev_n:]
    settings = _settings(base.model, run_dir, name, options, base.mode == "ape")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    write_tsv(settings.data_dir / "train.tsv", train_pairs)
    write_tsv(settings.data_dir / "dev.tsv", dev or train_pairs[:1])
    before = _held_out_scores(base.model, settings, dev) if dev else {}
    result = train(settings)
    export_checkpoint(result.last_path, out)
    after = _held_out_scores(out, settings, dev) if dev else {}
    seconds = json.loads((out / "mtedit.json").read_text(encoding="utf-8")).get("train_seconds", 0)
    day = datetime.now(timezone.utc).date().isoformat()
    description = (f"{base.name} fine-tuned on {len(train_pairs)} desk decisions by mtedit learn ({day},"
                   f" {result.step} steps)")
    text = config.path.read_text(encoding="utf-8")
    atomic_write_text(config.path, text.rstrip("\n") + "\n" + _engine_entry(base, name, out, config.path.parent,
                                                                            description))
    return LearnResult(name, out, len(train_pairs), len(dev), result.step, float(seconds), before, after)


def describe(result: LearnResult) -> str:
    """What `mtedit learn` prints."""
    lines = [f"engine {result.name}: {result.model} ({result.steps} steps, {result.seconds:.0f} s on"
             f" {result.pairs} pairs)"]
    if result.before and result.after:
        b, a = result.before, result.after
        lines.append(f"held-out {result.held_out} pairs (draft TER {b['draft_ter']:.2f}), greedy fixes before -> after:"
                     f" TER {b['fix_ter']:.2f} -> {a['fix_ter']:.2f}, chrF {b['fix_chrf']:.2f} -> {a['fix_chrf']:.2f}")
    lines.append(f"use it with --engine {result.name}; measure it with `mtedit eval` before making it the default")
    return "\n".join(lines)
