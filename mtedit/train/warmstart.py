"""Start a training run from an exported model folder (e.g. the bundled model) instead of random weights."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from mtedit.errors import InputError

_NEEDED = ("config.json", "model.safetensors", "source.spm")


def check_folder(folder: Path) -> None:
    """A one-line error unless `folder` is a model folder written by `mtedit train export`."""
    missing = [name for name in _NEEDED if not (folder / name).is_file()]
    if missing:
        raise InputError(f"[train] init_from {folder} is not an exported model folder (no {', '.join(missing)});"
                         " point it at a folder written by `mtedit train export`, e.g. models/mtedit-ape-es-en")


def copy_tokenizer(folder: Path, spm_path: Path) -> Path:
    """Use the folder's sentencepiece model as the run's tokenizer, so its piece ids match the weights."""
    check_folder(folder)
    wanted = (folder / "source.spm").read_bytes()
    if spm_path.exists():
        if spm_path.read_bytes() != wanted:
            raise InputError(f"the run's tokenizer {spm_path} is not the one of init_from {folder};"
                             " start the run in a fresh run_dir")
        return spm_path
    spm_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / "source.spm", spm_path)
    return spm_path


def load_weights(model: Any, folder: Path) -> dict[str, Any]:
    """Copy the folder's weights (safetensors, local files only) into `model`; return what the folder says of itself.

    The shapes must match: `[model]` of the recipe has to describe the same architecture."""
    from transformers import MarianMTModel

    check_folder(folder)
    source = MarianMTModel.from_pretrained(str(folder), local_files_only=True, use_safetensors=True)
    theirs, ours = source.state_dict(), model.state_dict()
    for name, tensor in ours.items():
        if name not in theirs or theirs[name].shape != tensor.shape:
            got = "missing" if name not in theirs else f"shape {tuple(theirs[name].shape)}"
            raise InputError(f"init_from {folder} does not fit this recipe's [model]: {name} is {got} there,"
                             f" {tuple(tensor.shape)} here; copy the model shape from {folder / 'config.json'}")
    model.load_state_dict({name: theirs[name] for name in ours})
    meta_path = folder / "mtedit.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return {"path": str(folder), "name": meta.get("name", ""), "step": meta.get("step"),
            "train_seconds": meta.get("train_seconds", 0), "previous": meta.get("init_from")}
