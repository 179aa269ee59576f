"""The training loop: token-budget batches, AdamW + warmup/inverse-sqrt, bf16 autocast on CPU or GPU,
periodic dev evaluation, atomic checkpoints (last and best) and resume, a JSONL metrics log."""

from __future__ import annotations

import json
import math
import os
import random
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from tqdm import tqdm

from mtedit.errors import InputError
from mtedit.train.batches import collate, encode, epoch_batches
from mtedit.train.budget import Cooldown, resolve_device
from mtedit.train.data import read_tsv
from mtedit.train.evaluate import dev_sample, evaluate
from mtedit.train.model import build_model, count_parameters
from mtedit.train.settings import ModelSettings, Settings
from mtedit.train.tokenizer import PAD_ID, SPM_FILE, load_spm, train_spm
from mtedit.train.warmstart import copy_tokenizer, load_weights


@dataclass(frozen=True)
class TrainResult:
    """Where training stopped and the best checkpoint so far."""

    step: int
    best_metric: float
    best_path: Path | None
    last_path: Path


def lr_factor(step: int, warmup: int, decay_start: int = 0, decay_steps: int = 0) -> float:
    """Linear warmup to 1.0 over `warmup` steps, then inverse square root decay; with `decay_steps`,
    a cooldown from `decay_start` on: linear from the inverse-square-root value there down to zero."""
    if decay_steps and step > decay_start:
        remaining = max(0.0, 1.0 - (step - decay_start) / decay_steps)
        return lr_factor(decay_start, warmup) * remaining
    step = max(step, 1)
    return min(step / max(warmup, 1), math.sqrt(max(warmup, 1) / step))


def prepare_tokenizer(settings: Settings) -> Path:
    """The run's sentencepiece model; trained on the training triples' text if not there yet."""
    path = settings.tokenizer_dir / SPM_FILE
    if settings.train.init_from:
        return copy_tokenizer(Path(settings.train.init_from), path)
    if path.exists():
        return path
    triples = read_tsv(_train_file(settings))
    lines = [x for triple in triples for x in triple]
    t = settings.tokenizer
    return train_spm(lines, settings.tokenizer_dir, t.vocab_size, t.sep, t.model_type, t.sample_lines,
                     t.character_coverage, settings.train.seed)


def _train_file(settings: Settings) -> Path:
    path = settings.data_dir / "train.tsv"
    if not path.exists():
        raise InputError(f"no training data at {path}; run `mtedit train data --config ...` first")
    return path


def save_checkpoint(path: Path, payload: dict[str, Any]) -> None:
    """Write a checkpoint atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: Path) -> dict[str, Any]:
    """Read a checkpoint written by `save_checkpoint`."""
    if not path.exists():
        raise InputError(f"checkpoint {path} not found; train first or pass an existing checkpoint")
    return torch.load(path, map_location="cpu", weights_only=False)


class _StopFlag:
    """Set by SIGTERM/SIGINT during training so the loop can checkpoint and return."""

    def __init__(self) -> None:
        self.stop = False
        self._old: dict[int, Any] = {}

    def __enter__(self) -> "_StopFlag":
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                self._old[sig] = signal.signal(sig, self._handle)
            except ValueError:  # not the main thread
                pass
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        self.stop = True

    def __exit__(self, *exc: Any) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)


def train(settings: Settings, resume: bool = False) -> TrainResult:
    """Train (or resume) the run described by `settings`; returns when a limit is reached or on SIGTERM."""
    cfg = settings.train
    torch.set_num_threads(cfg.threads)
    triples = read_tsv(_train_file(settings))
    spm_path = prepare_tokenizer(settings)
    sp = load_spm(spm_path)
    sep = settings.tokenizer.sep
    data = encode(triples, sp, sep, cfg.max_source_tokens, cfg.max_target_tokens)
    dev = dev_sample(read_tsv(settings.data_dir / "dev.tsv"), cfg.eval_sentences)
    device = resolve_device(cfg.device)
    model = build_model(settings.model, sp.get_piece_size(), cfg.seed).to(device)
    cooldown = Cooldown.of(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, betas=(0.9, 0.98), eps=1e-8, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: lr_factor(s, cfg.warmup_steps, cooldown.start, cooldown.steps))
    last_path = settings.checkpoint_dir / "last.pt"
    best_path = settings.checkpoint_dir / "best.pt"
    state: dict[str, Any] = {"step": 0, "epoch": 0, "batch": 0, "best": math.inf, "seconds": 0.0, "init_from": None}
    state["device"] = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    if resume:
        ck = load_checkpoint(last_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        sched.load_state_dict(ck["scheduler"])
        state.update({**ck["state"], "device": state["device"]})
        cooldown = Cooldown.of(cfg, state.get("cooldown"))
        torch.set_rng_state(ck["torch_rng"])
        random.setstate(ck["py_rng"])
    elif last_path.exists():
        raise InputError(f"{last_path} exists; pass --resume to continue, or set another run_dir")
    else:
        if cfg.init_from:
            state["init_from"] = load_weights(model, Path(cfg.init_from))
        torch.manual_seed(cfg.seed)
    spm_bytes = spm_path.read_bytes()
    log_path = settings.run_dir / "log.jsonl"
    log_path.parent.mkdir(parents=True, exist_ok=True)

    def payload() -> dict[str, Any]:
        return {"model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
                "state": dict(state), "torch_rng": torch.get_rng_state(), "py_rng": random.getstate(),
                "model_settings": asdict(settings.model), "train_settings": asdict(cfg),
                "vocab_size": sp.get_piece_size(), "spm": spm_bytes,
                "sep": sep, "name": settings.name}

    def weights_payload() -> dict[str, Any]:
        full = payload()
        return {k: v for k, v in full.items() if k not in ("optimizer", "scheduler", "torch_rng", "py_rng")}

    def log(record: dict[str, Any]) -> None:
        with log_path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")

    log({"event": "start", "resume": resume, "step": state["step"], "params": count_parameters(model),
         "init_from": (state.get("init_from") or {}).get("path"),
         "train_examples": len(triples), "dev_sentences": len(dev), "time": time.time()})
    started = time.monotonic()
    step0 = state["step"]
    seconds0 = state["seconds"]
    last_save = time.monotonic()
    tokens = 0
    window = time.monotonic()
    losses: list[float] = []
    done = False
    with _StopFlag() as flag:
        while not done:
            batches = epoch_batches(data, state["epoch"], cfg.seed, cfg.batch_tokens, cfg.source_dropout)
            bar = tqdm(total=len(batches), initial=state["batch"], desc=f"epoch {state['epoch']}", unit="batch",
                       mininterval=1.0 if os.isatty(2) else 30.0)
            while state["batch"] < len(batches):
                model.train()
                b = {k: v.to(device, non_blocking=True) for k, v in collate(data, batches[state["batch"]]).items()}
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=cfg.bf16):
                    logits = model(input_ids=b["input_ids"], attention_mask=b["attention_mask"],
                                   decoder_input_ids=b["decoder_input_ids"]).logits
                loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), b["labels"].reshape(-1),
                                       ignore_index=-100, label_smoothing=cfg.label_smoothing)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                if cfg.zero_pad_embedding:
                    zero_pad_row(model)
                sched.step()
                opt.zero_grad(set_to_none=True)
                state["step"] += 1
                state["batch"] += 1
                tokens += int((b["labels"] != -100).sum())
                losses.append(loss.detach().item())
                state["seconds"] = seconds0 + time.monotonic() - started
                bar.update(1)
                if state["step"] % cfg.log_every_steps == 0:
                    rate = tokens / max(time.monotonic() - window, 1e-9)
                    rec = {"step": state["step"], "epoch": state["epoch"], "loss": round(sum(losses) / len(losses), 4),
                           "lr": sched.get_last_lr()[0], "tgt_tok_s": round(rate), "seconds": round(state["seconds"])}
                    log(rec)
                    bar.set_postfix(loss=rec["loss"], tok_s=rec["tgt_tok_s"])
                    tokens, losses, window = 0, [], time.monotonic()
                if flag.stop:
                    done = True
                    break
                if cooldown.start_if_due(cfg, state["step"], state["step"] - step0, time.monotonic() - started):
                    state["cooldown"] = [cooldown.start, cooldown.steps]
                    log({"event": "cooldown", "step": cooldown.start, "steps": cooldown.steps})
                last_step = cooldown.last_step(cfg)
                at_last_step = bool(last_step) and state["step"] >= last_step
                if cfg.eval_every_steps and (state["step"] % cfg.eval_every_steps == 0 or at_last_step):
                    t0 = time.monotonic()
                    metrics = evaluate(model, sp, dev, sep, cfg.max_source_tokens)
                    log({"event": "eval", "step": state["step"], "eval_seconds": round(time.monotonic() - t0), **metrics})
                    bar.write(f"step {state['step']}: {metrics}")
                    if metrics["objective"] < state["best"]:
                        state["best"] = metrics["objective"]
                        save_checkpoint(best_path, {**payload(), "metrics": metrics})
                    save_checkpoint(last_path, payload())
                    if cfg.keep_snapshots:
                        save_snapshot(settings.checkpoint_dir, state["step"], {**weights_payload(), "metrics": metrics},
                                      cfg.keep_snapshots)
                    last_save = time.monotonic()
                    window, tokens = time.monotonic(), 0
                elif time.monotonic() - last_save >= cfg.checkpoint_minutes * 60:
                    save_checkpoint(last_path, payload())
                    last_save = time.monotonic()
                if at_last_step or (
                        cfg.max_minutes and time.monotonic() - started >= cfg.max_minutes * 60):
                    done = True
                    break
            bar.close()
            if not done:
                state["epoch"] += 1
                state["batch"] = 0
    save_checkpoint(last_path, payload())
    log({"event": "stop", "step": state["step"], "seconds": round(state["seconds"]), "signal": flag.stop})
    return TrainResult(state["step"], state["best"], best_path if best_path.exists() else None, last_path)


def zero_pad_row(model: Any) -> None:
    """Keep the `<pad>` embedding (which starts decoding) at zero, as CTranslate2's Marian models assume."""
    with torch.no_grad():
        model.get_input_embeddings().weight[PAD_ID].zero_()


SNAPSHOT_PREFIX = "step-"


def save_snapshot(checkpoint_dir: Path, step: int, weights: dict[str, Any], keep: int) -> Path:
    """Save the model weights at `step` as `step-NNNNNNNN.pt` and delete all but the `keep` newest."""
    path = checkpoint_dir / f"{SNAPSHOT_PREFIX}{step:08d}.pt"
    save_checkpoint(path, weights)
    for old in snapshots(checkpoint_dir)[:-keep]:
        old.unlink(missing_ok=True)
    return path


def snapshots(checkpoint_dir: Path) -> list[Path]:
    """Weight snapshots in `checkpoint_dir`, oldest first."""
    return sorted(checkpoint_dir.glob(f"{SNAPSHOT_PREFIX}*.pt"))


def average_checkpoints(paths: list[Path]) -> dict[str, Any]:
    """The last checkpoint of `paths` with its floating-point weights replaced by the mean over all of them."""
    if not paths:
        raise InputError("no checkpoints to average; pass at least one --checkpoint")
    checkpoints = [load_checkpoint(p) for p in paths]
    base = checkpoints[-1]
    if len(checkpoints) == 1:
        return base
    averaged: dict[str, torch.Tensor] = {}
    for name, tensor in base["model"].items():
        if not tensor.is_floating_point():
            averaged[name] = tensor
            continue
        parts = []
        for path, ck in zip(paths, checkpoints):
            if name not in ck["model"] or ck["model"][name].shape != tensor.shape:
                raise InputError(f"{path} has other weights than {paths[-1]}; average checkpoints of one run only")
            parts.append(ck["model"][name].double())
        averaged[name] = (sum(parts) / len(parts)).to(tensor.dtype)
    steps = [ck.get("state", {}).get("step") for ck in checkpoints]
    state = {**base.get("state", {}), "averaged_steps": steps}
    return {**base, "model": averaged, "state": state, "metrics": {}}


def model_settings_of(checkpoint: dict[str, Any]) -> ModelSettings:
    """The model shape stored in a checkpoint."""
    return ModelSettings(**checkpoint["model_settings"])
