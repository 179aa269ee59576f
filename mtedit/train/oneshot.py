"""One training run from a packed folder, in three steps that `scripts/train-gpu.sh` calls in turn:

    python -m mtedit.train.oneshot prepare DATA_DIR WORK_DIR [--minutes M] [--device D]  # prints the budget (s)
    python -m mtedit.train.oneshot train WORK_DIR                                      # stops within the budget
    python -m mtedit.train.oneshot finish WORK_DIR OUT_DIR                             # export + full dev eval

Training runs in a process of its own, so a run stopped from outside still leaves its checkpoints to `finish`.
"""

from __future__ import annotations

import argparse
import json
import time
import tomllib
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from mtedit.errors import ConfigError, InputError, MteditError
from mtedit.train.pack import RECIPE_FILE, unpack_run
from mtedit.train.settings import Settings, settings_from_dict

OVERRIDES_FILE = "overrides.json"


def work_settings(work: Path) -> Settings:
    """The packed recipe with its run folder set to `work` and the overrides `prepare` recorded."""
    raw = tomllib.loads((work / RECIPE_FILE).read_text(encoding="utf-8"))
    raw["run_dir"] = str(work.resolve())
    settings = settings_from_dict(raw)
    path = work / OVERRIDES_FILE
    overrides = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return replace(settings, train=replace(settings.train, **overrides))


def prepare(data: Path, work: Path, minutes: float | None, device: str | None) -> int:
    """Unpack `data` into `work`; returns the training budget in seconds."""
    if not (data / RECIPE_FILE).is_file():
        raise InputError(f"{data} has no {RECIPE_FILE}; pass the folder `mtedit train pack` wrote")
    work.mkdir(parents=True, exist_ok=True)
    (work / RECIPE_FILE).write_bytes((data / RECIPE_FILE).read_bytes())
    cfg = work_settings(work).train
    overrides: dict[str, Any] = {}
    if minutes:  # a shorter or longer budget keeps the timed cooldown's share of it
        overrides["max_minutes"] = minutes
        if cfg.decay_start_minutes and cfg.max_minutes:
            overrides["decay_start_minutes"] = cfg.decay_start_minutes * minutes / cfg.max_minutes
    if device:
        overrides["device"] = device
    (work / OVERRIDES_FILE).write_text(json.dumps(overrides) + "\n", encoding="utf-8")
    settings = work_settings(work)
    if not settings.train.max_minutes:
        raise ConfigError("a one-call run needs [train] max_minutes in the recipe (or --minutes)")
    unpack_run(data, settings)
    return round(settings.train.max_minutes * 60)


def run_training(work: Path) -> int:
    """Train until the recipe's limits; continue from `last.pt` when an earlier attempt left one."""
    from mtedit.train.loop import load_checkpoint, train

    settings = work_settings(work)
    result = train(settings, resume=(settings.checkpoint_dir / "last.pt").exists())
    device = load_checkpoint(result.last_path)["state"].get("device", "cpu")
    print(f"stopped at step {result.step} on {device}")
    return 0


def pick_checkpoint(settings: Settings) -> tuple[Path, dict[str, float]]:
    """best.pt, unless last.pt is newer and scores better on the dev sample; with that checkpoint's dev metrics."""
    from mtedit.train.loop import load_checkpoint

    best_path, last_path = settings.checkpoint_dir / "best.pt", settings.checkpoint_dir / "last.pt"
    if not last_path.exists():
        raise InputError(f"no checkpoint in {settings.checkpoint_dir}; training did not get to its first save")
    last = load_checkpoint(last_path)
    best = load_checkpoint(best_path) if best_path.exists() else None
    if best is not None and best["state"]["step"] == last["state"]["step"]:
        return best_path, best["metrics"]
    last_metrics = _evaluate_checkpoint(last, settings)
    if best is not None and best["metrics"]["objective"] <= last_metrics["objective"]:
        return best_path, best["metrics"]
    return last_path, last_metrics


def _evaluate_checkpoint(checkpoint: dict[str, Any], settings: Settings) -> dict[str, float]:
    from transformers import MarianMTModel

    from mtedit.train.budget import resolve_device
    from mtedit.train.data import read_tsv
    from mtedit.train.evaluate import dev_sample, evaluate
    from mtedit.train.loop import model_settings_of
    from mtedit.train.model import marian_config
    from mtedit.train.tokenizer import load_spm

    model = MarianMTModel(marian_config(model_settings_of(checkpoint), checkpoint["vocab_size"]))
    model.load_state_dict(checkpoint["model"])
    model.to(resolve_device(settings.train.device))
    dev = dev_sample(read_tsv(settings.data_dir / "dev.tsv"), settings.train.eval_sentences)
    sp = load_spm(settings.tokenizer_dir / "joint.spm")
    return evaluate(model, sp, dev, settings.tokenizer.sep, settings.train.max_source_tokens)


def finish(work: Path, out: Path) -> dict[str, Any]:
    """Export the chosen checkpoint to `out/model`, score it on the whole dev set, write `out/metrics.json`."""
    import torch
    from transformers import MarianMTModel

    from mtedit.train.budget import resolve_device
    from mtedit.train.data import read_tsv
    from mtedit.train.evaluate import evaluate
    from mtedit.train.export import export_checkpoint
    from mtedit.train.model import count_parameters
    from mtedit.train.tokenizer import load_spm

    started = time.monotonic()
    settings = work_settings(work)
    chosen, sample_metrics = pick_checkpoint(settings)
    model_dir = export_checkpoint(chosen, out / "model", fp16_weights=settings.train.export_fp16)
    device = resolve_device(settings.train.device)
    model = MarianMTModel.from_pretrained(str(model_dir), local_files_only=True, use_safetensors=True).to(device)
    dev = read_tsv(settings.data_dir / "dev.tsv")
    sp = load_spm(settings.tokenizer_dir / "joint.spm")
    dev_metrics = evaluate(model, sp, dev, settings.tokenizer.sep, settings.train.max_source_tokens,
                           batch_size=256 if device.type == "cuda" else 64)
    meta = json.loads((model_dir / "mtedit.json").read_text(encoding="utf-8"))
    log_path = settings.run_dir / "log.jsonl"
    log = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()] if log_path.exists() else []
    rates = sorted(r["tgt_tok_s"] for r in log if "tgt_tok_s" in r)
    stats_path = settings.data_dir / "stats.json"
    report = {
        "name": settings.name, "checkpoint": chosen.name, "step": meta.get("step"),
        "train_seconds": meta.get("train_seconds"), "device": meta.get("device", "cpu"),
        "params": count_parameters(model), "model": asdict(settings.model),
        "median_tgt_tok_s": rates[len(rates) // 2] if rates else None,
        "cooldown_steps": meta.get("cooldown_steps"),
        "dev_sample": {"sentences": settings.train.eval_sentences, **sample_metrics},
        "dev": {"sentences": len(dev), "decoding": "greedy, no gate", **dev_metrics},
        "data": json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else None,
        "finish_seconds": round(time.monotonic() - started), "torch": torch.__version__,
    }
    (out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if log_path.exists():
        (out / "train-log.jsonl").write_bytes(log_path.read_bytes())
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mtedit.train.oneshot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("data", type=Path)
    p.add_argument("work", type=Path)
    p.add_argument("--minutes", type=float, help="training budget (default: the recipe's max_minutes)")
    p.add_argument("--device", help="cpu, cuda or auto (default: the recipe's)")
    t = sub.add_parser("train")
    t.add_argument("work", type=Path)
    f = sub.add_parser("finish")
    f.add_argument("work", type=Path)
    f.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.step == "prepare":
            print(prepare(args.data, args.work, args.minutes, args.device))
        elif args.step == "train":
            run_training(args.work)
        else:
            report = finish(args.work, args.out)
            dev = report["dev"]
            print(f"{report['name']}: step {report['step']}, {report['params'] / 1e6:.1f}M parameters; dev TER draft"
                  f" {dev['draft_ter']:.2f}, ape {dev['ape_ter']:.2f}, refine {dev['refine_ter']:.2f} -> {args.out}")
    except MteditError as exc:
        parser.exit(exc.exit_code, f"error: {exc}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
