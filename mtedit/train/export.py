"""Checkpoint -> a self-contained model folder: safetensors weights, Marian tokenizer, mtedit.json."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from transformers import GenerationConfig, MarianMTModel

from mtedit.train.card import model_card
from mtedit.train.loop import average_checkpoints, model_settings_of
from mtedit.train.model import count_parameters, marian_config
from mtedit.train.tokenizer import EOS_ID, PAD_ID, templates, write_marian_tokenizer

META_FILE = "mtedit.json"


def export_checkpoint(checkpoint: Path | list[Path], out_dir: Path, fp16_weights: bool = False) -> Path:
    """Write `out_dir` loadable with AutoTokenizer / AutoModelForSeq2SeqLM (local files, safetensors) + model card.

    Several checkpoints of one run are averaged weight by weight (the last one gives the metadata).
    `fp16_weights` stores the weights in half precision (half the size) while the model still loads as float32."""
    paths = checkpoint if isinstance(checkpoint, list) else [checkpoint]
    ck = average_checkpoints(paths)
    checkpoint = paths[-1]
    config = marian_config(model_settings_of(ck), ck["vocab_size"])
    model = MarianMTModel(config)
    model.load_state_dict(ck["model"])
    model.eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=PAD_ID, pad_token_id=PAD_ID, eos_token_id=EOS_ID, forced_eos_token_id=EOS_ID,
        bad_words_ids=[[PAD_ID]], num_beams=4, max_length=256,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        (model.half() if fp16_weights else model).save_pretrained(str(out_dir), safe_serialization=True)
    if fp16_weights:
        store_as_float32(out_dir)
        model.float()
    write_marian_tokenizer(ck["spm"], out_dir, max_length=config.max_position_embeddings)
    state = ck.get("state", {})
    meta = {**templates(ck["sep"]), "sep": ck["sep"], "name": ck.get("name", ""), "step": state.get("step"),
            "train_seconds": round(state.get("seconds", 0.0)), "dev_metrics": ck.get("metrics", {})}
    train_settings = ck.get("train_settings") or {}
    if train_settings.get("decay_steps"):
        start = train_settings["decay_start_step"]
        meta["cooldown_steps"] = [start, start + train_settings["decay_steps"]]
    elif state.get("cooldown"):  # timed: planned during the run
        meta["cooldown_steps"] = [state["cooldown"][0], sum(state["cooldown"])]
    if fp16_weights:
        meta["weights"] = "fp16 (loaded as fp32)"
    if state.get("device", "cpu") != "cpu":
        meta["device"] = state["device"]
    if state.get("init_from"):
        meta["init_from"] = state["init_from"]
    if "averaged_steps" in state:
        meta["averaged_steps"] = state["averaged_steps"]
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    stats_path = checkpoint.resolve().parent.parent / "data" / "stats.json"
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else None
    card = model_card(meta, count_parameters(model), ck["model_settings"], ck["vocab_size"], stats)
    (out_dir / "README.md").write_text(card, encoding="utf-8")
    return out_dir


def store_as_float32(model_dir: Path) -> None:
    """Mark a folder's config as float32, so half-precision weights load as float32 (transformers' dtype "auto")."""
    path = model_dir / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["dtype"] = "float32"
    path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
