"""A self-contained training folder: built data, tokenizer and recipe, small enough to carry to a GPU machine.

`mtedit train pack` writes it on the CPU (after `mtedit train data`); `scripts/train-gpu.sh` reads it there,
with no apertium, no shared data folder and no network.
"""

from __future__ import annotations

import lzma
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from mtedit.errors import InputError
from mtedit.train.settings import Settings
from mtedit.train.tokenizer import SPM_FILE

TRAIN_FILE = "train.tsv.xz"
RECIPE_FILE = "recipe.toml"
COPIED = ("dev.tsv", "stats.json")
MAX_MIB = 64.0


@dataclass(frozen=True)
class Pack:
    """What `pack_run` wrote: the folder, its size and how many training lines it holds."""

    folder: Path
    size_bytes: int
    train_lines: int


def pack_run(settings: Settings, recipe: Path, out: Path, max_mib: float = MAX_MIB) -> Pack:
    """Write train.tsv.xz, dev.tsv, stats.json, the tokenizer (trained here if the run has none) and the recipe."""
    from mtedit.train.loop import prepare_tokenizer

    train_tsv = settings.data_dir / "train.tsv"
    if not train_tsv.exists():
        raise InputError(f"no training data at {train_tsv}; run `mtedit train data --config {recipe}` first")
    spm_path = prepare_tokenizer(settings)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / (TRAIN_FILE + ".tmp")
    lines = 0
    with train_tsv.open("rb") as src, lzma.open(tmp, "wb", preset=6) as dst:
        for line in src:
            dst.write(line)
            lines += 1
    os.replace(tmp, out / TRAIN_FILE)
    for name in COPIED:
        if (settings.data_dir / name).exists():
            shutil.copyfile(settings.data_dir / name, out / name)
    shutil.copyfile(spm_path, out / SPM_FILE)
    shutil.copyfile(recipe, out / RECIPE_FILE)
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    if size > max_mib * 2**20:
        raise InputError(f"the packed folder {out} holds {size / 2**20:.1f} MiB, over {max_mib:g} MiB;"
                         " lower [data] mono_limit or real_upsample, or drop variant_pairs")
    return Pack(out, size, lines)


def unpack_run(folder: Path, settings: Settings) -> None:
    """Lay a packed folder out as the run folder `settings` describes (data and tokenizer), ready for `train`."""
    missing = [n for n in (TRAIN_FILE, "dev.tsv", SPM_FILE, RECIPE_FILE) if not (folder / n).is_file()]
    if missing:
        raise InputError(f"{folder} lacks {', '.join(missing)}; pass the folder `mtedit train pack` wrote")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    tmp = settings.data_dir / "train.tsv.tmp"
    with lzma.open(folder / TRAIN_FILE, "rb") as src, tmp.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(tmp, settings.data_dir / "train.tsv")
    for name in COPIED:
        if (folder / name).exists():
            shutil.copyfile(folder / name, settings.data_dir / name)
    settings.tokenizer_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / SPM_FILE, settings.tokenizer_dir / SPM_FILE)
