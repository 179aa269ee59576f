"""scripts/train-gpu.sh end to end on the CPU with a tiny recipe: pack, timed training, export, dev scores."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import torch
from safetensors import safe_open
from transformers import AutoModelForSeq2SeqLM

from mtedit.errors import ConfigError, InputError
from mtedit.train.budget import Cooldown, resolve_device
from mtedit.train.data import write_tsv
from mtedit.train.oneshot import prepare
from mtedit.train.pack import TRAIN_FILE, pack_run
from mtedit.train.settings import TrainSettings, load_settings, settings_from_dict

ROOT = Path(__file__).resolve().parent.parent
TRIPLES = [
    ("El gobierno dijo que los precios subirán.", "The government said that the prices will rise.",
     "The government said prices will rise."),
    ("La policía detuvo a dos hombres.", "The police stopped two men.", "Police arrested two men."),
    ("El equipo ganó su tercer partido.", "The team won his third match.", "The team won its third match."),
]
RECIPE = """name = "tiny-gpu"
[tokenizer]
vocab_size = 90
sample_lines = 1000
[model]
d_model = 32
encoder_layers = 1
decoder_layers = 1
heads = 2
ffn_dim = 64
[train]
device = "auto"
batch_tokens = 300
warmup_steps = 5
lr = 1e-2
max_minutes = 0.05
decay_start_minutes = 0.025
checkpoint_minutes = 0.01
eval_every_steps = 25
eval_sentences = 2
log_every_steps = 5
threads = 1
export_fp16 = true
zero_pad_embedding = true
"""


def _packed(tmp_path: Path) -> Path:
    recipe = tmp_path / "tiny.toml"
    recipe.write_text(f'run_dir = "{tmp_path / "run"}"\n' + RECIPE, encoding="utf-8")
    settings = load_settings(recipe)
    settings.data_dir.mkdir(parents=True)
    write_tsv(settings.data_dir / "train.tsv", TRIPLES * 20)
    write_tsv(settings.data_dir / "dev.tsv", TRIPLES)
    pack = pack_run(settings, recipe, tmp_path / "pack")
    assert pack.train_lines == 60 and pack.size_bytes < 2**20
    assert sorted(p.name for p in pack.folder.iterdir()) == ["dev.tsv", "joint.spm", "recipe.toml", TRAIN_FILE]
    return pack.folder


def test_train_gpu_script_runs_end_to_end_on_the_cpu(tmp_path: Path):
    pack = _packed(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHON": sys.executable, "WORK_DIR": str(tmp_path / "work"), "SPLIT_MIB": "1",
           "OMP_NUM_THREADS": "1"}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "train-gpu.sh"), str(pack), str(out)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["device"] == "cpu" and metrics["dev"]["sentences"] == 3 and metrics["step"] > 0
    assert {"ape_ter", "refine_ter", "draft_ter"} <= set(metrics["dev"])
    assert metrics["train_seconds"] <= 0.05 * 60 + 5  # the budget holds (one step or evaluation may overrun)
    log = [json.loads(x) for x in (out / "train-log.jsonl").read_text().splitlines()]
    cooldown = [r for r in log if r.get("event") == "cooldown"]
    assert len(cooldown) == 1
    planned = [cooldown[0]["step"], cooldown[0]["step"] + cooldown[0]["steps"]]
    assert metrics["cooldown_steps"] in (planned, None)  # None: an evaluation before the cooldown scored best
    assert not (out / "model").exists()  # SPLIT_MIB packed it
    parts = sorted(out.glob("model.tar.part*"))
    assert parts and all(p.stat().st_size <= 2**20 for p in parts)
    with tarfile.open(fileobj=io.BytesIO(b"".join(p.read_bytes() for p in parts))) as tar:
        tar.extractall(tmp_path / "back", filter="data")
    model = AutoModelForSeq2SeqLM.from_pretrained(str(tmp_path / "back" / "model"), local_files_only=True,
                                                  use_safetensors=True)
    assert model.config.d_model == 32 and model.dtype == torch.float32
    assert not model.get_input_embeddings().weight[0].any()  # <pad> starts decoding from zero, as in CTranslate2
    with safe_open(tmp_path / "back" / "model" / "model.safetensors", "pt") as weights:
        assert {weights.get_tensor(k).dtype for k in weights.keys()} == {torch.float16}  # half the size on disk
    assert "min on one" not in (tmp_path / "back" / "model" / "README.md").read_text()  # trained on the CPU


def test_prepare_scales_the_timed_cooldown_with_the_budget(tmp_path: Path):
    pack = _packed(tmp_path)
    assert prepare(pack, tmp_path / "work", minutes=0.2, device="cpu") == 12
    from mtedit.train.oneshot import work_settings

    cfg = work_settings(tmp_path / "work").train
    assert (cfg.max_minutes, cfg.decay_start_minutes, cfg.device) == (0.2, pytest.approx(0.1), "cpu")
    assert (tmp_path / "work" / "data" / "train.tsv").read_text().count("\n") == 60
    with pytest.raises(InputError, match="mtedit train pack"):
        prepare(tmp_path, tmp_path / "work2", None, None)


def test_pack_refuses_a_folder_over_its_limit_and_missing_data(tmp_path: Path):
    pack = _packed(tmp_path)
    settings = load_settings(pack / "recipe.toml")
    with pytest.raises(InputError, match="over 0.0001 MiB"):
        pack_run(settings, pack / "recipe.toml", tmp_path / "again", max_mib=0.0001)
    empty = settings_from_dict({"name": "x", "run_dir": str(tmp_path / "none")})
    with pytest.raises(InputError, match="mtedit train data"):
        pack_run(empty, pack / "recipe.toml", tmp_path / "nothing")


@pytest.mark.parametrize(
    ("elapsed", "steps_done", "expected"),
    [(10.0, 100, (0, 0)),  # before decay_start_minutes: nothing yet
     (30.0, 300, (300, 285)),  # 10 steps/s, 30 s left, 5% safety
     (70.0, 700, (700, 1))],  # past the budget: a one-step cooldown
)
def test_timed_cooldown_is_sized_by_the_step_rate(elapsed, steps_done, expected):
    cfg = TrainSettings(max_minutes=1.0, decay_start_minutes=0.5)
    cooldown = Cooldown.of(cfg)
    cooldown.start_if_due(cfg, steps_done, steps_done, elapsed)
    assert (cooldown.start, cooldown.steps) == expected
    assert cooldown.last_step(cfg) == (sum(expected) if expected[1] else 0)
    if expected[1]:
        assert not cooldown.start_if_due(cfg, 5000, 5000, 50.0)  # it starts only once


def test_a_resumed_run_keeps_its_timed_cooldown():
    cfg = TrainSettings(max_minutes=1.0, decay_start_minutes=0.5, max_steps=900)
    assert Cooldown.of(cfg, [300, 285]).last_step(cfg) == 585
    assert Cooldown.of(cfg).last_step(cfg) == 900


@pytest.mark.parametrize(
    ("train", "match"),
    [({"decay_start_minutes": 2.0}, "max_minutes"),
     ({"decay_start_minutes": 2.0, "max_minutes": 3.0, "decay_start_step": 5, "decay_steps": 5}, "one kind")],
)
def test_bad_timed_cooldown_settings(train, match, tmp_path: Path):
    with pytest.raises(ConfigError, match=match):
        settings_from_dict({"name": "x", "run_dir": str(tmp_path), "train": train})


def test_devices():
    assert resolve_device("cpu").type == "cpu"
    if not torch.cuda.is_available():
        assert resolve_device("auto").type == "cpu"
        with pytest.raises(ConfigError, match="no GPU"):
            resolve_device("cuda")
    with pytest.raises(ConfigError, match="not known"):
        resolve_device("tpu")
