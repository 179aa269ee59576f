"""Training loop on a tiny model: loss goes down, resume continues exactly, export reloads offline."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

from mtedit.errors import ConfigError, InputError
from mtedit.train.batches import encode, epoch_batches
from mtedit.train.data import write_tsv
from mtedit.train.evaluate import evaluate
from mtedit.train.export import export_checkpoint
from mtedit.train.loop import average_checkpoints, load_checkpoint, lr_factor, snapshots, train
from mtedit.train.settings import settings_from_dict
from mtedit.train.tokenizer import load_spm

TRIPLES = [
    ("El gobierno dijo que los precios subirán.", "The government said that the prices will rise.",
     "The government said prices will rise."),
    ("La policía detuvo a dos hombres.", "The police stopped two men.", "Police arrested two men."),
    ("El equipo ganó su tercer partido.", "The team won his third match.", "The team won its third match."),
    ("Ahora bien, nadie respondió.", "Now well, nobody answered.", "However, nobody answered."),
] 

TINY = {"tokenizer": {"vocab_size": 90, "sample_lines": 1000},
        "model": {"d_model": 32, "encoder_layers": 1, "decoder_layers": 1, "heads": 2, "ffn_dim": 64, "dropout": 0.0},
        "train": {"batch_tokens": 300, "warmup_steps": 5, "lr": 1e-2, "max_steps": 30, "eval_every_steps": 0,
                  "log_every_steps": 5, "checkpoint_minutes": 0.0}}


def _settings(tmp_path: Path, **train):
    raw = {"name": "tiny", "run_dir": str(tmp_path / "run"), **TINY}
    raw["train"] = {**TINY["train"], **train}
    settings = settings_from_dict(raw)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    write_tsv(settings.data_dir / "train.tsv", TRIPLES * 15)
    write_tsv(settings.data_dir / "dev.tsv", TRIPLES)
    return settings


@pytest.mark.parametrize(("step", "expected"), [(0, 0.1), (5, 0.5), (10, 1.0), (40, 0.5)])
def test_lr_factor(step, expected):
    assert lr_factor(step, 10) == pytest.approx(expected)


@pytest.mark.parametrize(("step", "expected"), [(40, 0.5), (50, 0.25), (60, 0.0), (90, 0.0), (20, math.sqrt(0.5))])
def test_lr_factor_cooldown_falls_linearly_to_zero(step, expected):
    assert lr_factor(step, 10, decay_start=40, decay_steps=20) == pytest.approx(expected)


def test_cooldown_stops_at_its_end_with_an_evaluated_snapshot(tmp_path: Path):
    settings = _settings(tmp_path, max_steps=0, decay_start_step=8, decay_steps=5, eval_every_steps=6,
                         keep_snapshots=3, log_every_steps=1)
    result = train(settings)
    assert result.step == 13
    records = [json.loads(line) for line in (settings.run_dir / "log.jsonl").read_text().splitlines()]
    lrs = {r["step"]: r["lr"] for r in records if "lr" in r}
    assert lrs[8] == pytest.approx(1e-2 * math.sqrt(5 / 8))
    assert lrs[10] == pytest.approx(lrs[8] * 3 / 5) and lrs[13] == 0.0
    # the last step is evaluated and snapshotted although 13 is not a multiple of eval_every_steps
    assert [r["step"] for r in records if r.get("event") == "eval"] == [6, 12, 13]
    assert [p.name for p in snapshots(settings.checkpoint_dir)] == [
        "step-00000006.pt", "step-00000012.pt", "step-00000013.pt"]
    out = export_checkpoint(snapshots(settings.checkpoint_dir)[-1:], tmp_path / "model")
    assert json.loads((out / "mtedit.json").read_text())["cooldown_steps"] == [8, 13]
    card = (out / "README.md").read_text()
    assert "then linear cooldown to zero over steps 8-13" in card
    assert "Dev scores at export" in card  # a snapshot keeps the dev metrics of its evaluation


def test_cooldown_without_a_start_is_refused(tmp_path: Path):
    with pytest.raises(ConfigError, match="decay_start_step"):
        settings_from_dict({"name": "x", "run_dir": str(tmp_path), "train": {"decay_steps": 100}})


def test_batches_respect_budget_and_are_deterministic(tmp_path: Path):
    settings = _settings(tmp_path)
    from mtedit.train.loop import prepare_tokenizer

    sp = load_spm(prepare_tokenizer(settings))
    data = encode(TRIPLES * 15, sp, "<sep>", 64, 64)
    first = epoch_batches(data, 0, 1, 300, 0.3)
    assert first == epoch_batches(data, 0, 1, 300, 0.3) != epoch_batches(data, 1, 1, 300, 0.3)
    assert sorted(i for b in first for i, _ in b) == list(range(60))
    share = sum(r for b in first for _, r in b) / 60
    assert 0.1 < share < 0.5
    for batch in first:
        longest = max(max(len((data.refine if r else data.ape)[i]), len(data.target[i])) for i, r in batch)
        assert len(batch) == 1 or longest * len(batch) <= 300


def test_loss_falls_resume_is_exact_and_export_reloads(tmp_path: Path):
    torch.set_num_threads(1)
    straight = _settings(tmp_path / "a", max_steps=30)
    result = train(straight)
    assert result.step == 30
    log = [json.loads(x) for x in (straight.run_dir / "log.jsonl").read_text().splitlines()]
    losses = [r["loss"] for r in log if "loss" in r]
    assert losses[-1] < 0.75 * losses[0]

    with pytest.raises(InputError, match="--resume"):
        train(straight)

    split = _settings(tmp_path / "b", max_steps=12)
    assert train(split).step == 12
    assert load_checkpoint(split.checkpoint_dir / "last.pt")["state"]["step"] == 12
    resumed = train(replace(split, train=replace(split.train, max_steps=30)), resume=True)
    assert resumed.step == 30
    a = load_checkpoint(straight.checkpoint_dir / "last.pt")["model"]
    b = load_checkpoint(split.checkpoint_dir / "last.pt")["model"]
    assert all(torch.allclose(a[k], b[k], atol=1e-6) for k in a)

    out = export_checkpoint(result.last_path, tmp_path / "model")
    meta = json.loads((out / "mtedit.json").read_text())
    assert meta["ape_template"] == "{source} <sep> {draft}" and meta["refine_template"] == "<sep> {draft}"
    assert (out / "model.safetensors").exists()
    assert "parameters" in (out / "README.md").read_text() and meta["step"] == 30
    model = AutoModelForSeq2SeqLM.from_pretrained(str(out), local_files_only=True, use_safetensors=True)
    tok = AutoTokenizer.from_pretrained(str(out), local_files_only=True)
    batch = tok([meta["refine_template"].format(draft=TRIPLES[0][1])], return_tensors="pt")
    gen = model.generate(**batch, num_beams=1, max_new_tokens=20)
    assert isinstance(tok.decode(gen[0], skip_special_tokens=True), str)

    sp = load_spm(straight.tokenizer_dir / "joint.spm")
    metrics = evaluate(model, sp, [(s, t, t) for s, _, t in TRIPLES[:2]], "<sep>", 64)
    assert metrics["draft_chrf"] == 100.0 and metrics["draft_ter"] == 0.0
    assert {"ape_chrf", "ape_ter", "refine_chrf", "refine_ter", "objective"} <= set(metrics)


def test_resume_without_checkpoint_is_one_line(tmp_path: Path):
    with pytest.raises(InputError, match="not found"):
        train(_settings(tmp_path), resume=True)


def test_snapshots_are_pruned_and_export_averages_them(tmp_path: Path):
    torch.set_num_threads(1)
    settings = _settings(tmp_path, max_steps=12, eval_every_steps=4, keep_snapshots=2)
    train(settings)
    kept = snapshots(settings.checkpoint_dir)
    assert [p.name for p in kept] == ["step-00000008.pt", "step-00000012.pt"]
    assert "optimizer" not in load_checkpoint(kept[0])
    weights = [load_checkpoint(p)["model"] for p in kept]
    averaged = average_checkpoints(kept)
    name = next(k for k, v in weights[0].items() if v.is_floating_point() and not torch.equal(v, weights[1][k]))
    expected = sum(w[name].double() for w in weights) / 2
    assert torch.allclose(averaged["model"][name].double(), expected, atol=1e-6)
    assert averaged["state"]["averaged_steps"] == [8, 12]

    out = export_checkpoint(kept, tmp_path / "model")
    meta = json.loads((out / "mtedit.json").read_text())
    assert meta["averaged_steps"] == [8, 12] and meta["step"] == 12
    card = (out / "README.md").read_text()
    assert "averaged over the checkpoints of steps 8, 12" in card and "step-00000012.pt" in card
    model = AutoModelForSeq2SeqLM.from_pretrained(str(out), local_files_only=True, use_safetensors=True)
    assert torch.allclose(model.state_dict()[name].double(), expected, atol=1e-6)


def test_averaging_checkpoints_of_different_models_is_refused(tmp_path: Path):
    torch.set_num_threads(1)
    small = _settings(tmp_path / "a", max_steps=2)
    train(small)
    raw = {"name": "tiny", "run_dir": str(tmp_path / "b" / "run"), **TINY}
    raw["model"] = {**TINY["model"], "ffn_dim": 48}
    raw["train"] = {**TINY["train"], "max_steps": 2}
    other = settings_from_dict(raw)
    other.data_dir.mkdir(parents=True)
    write_tsv(other.data_dir / "train.tsv", TRIPLES * 15)
    write_tsv(other.data_dir / "dev.tsv", TRIPLES)
    train(other)
    with pytest.raises(InputError, match="one run only"):
        average_checkpoints([small.checkpoint_dir / "last.pt", other.checkpoint_dir / "last.pt"])
    with pytest.raises(InputError, match="at least one"):
        average_checkpoints([])


def test_init_from_an_exported_model_starts_from_its_weights_and_tokenizer(tmp_path: Path):
    torch.set_num_threads(1)
    first = _settings(tmp_path / "a", max_steps=6)
    exported = export_checkpoint(train(first).last_path, tmp_path / "model")
    second = _settings(tmp_path / "b", max_steps=1, init_from=str(exported), lr=0.0)
    result = train(second)
    assert (second.tokenizer_dir / "joint.spm").read_bytes() == (exported / "source.spm").read_bytes()
    before = load_checkpoint(first.checkpoint_dir / "last.pt")["model"]
    after = load_checkpoint(result.last_path)
    assert all(torch.allclose(before[k], after["model"][k]) for k in before)  # lr 0: still the exported weights
    assert after["state"]["init_from"]["step"] == 6

    out = export_checkpoint(result.last_path, tmp_path / "model-2")
    meta = json.loads((out / "mtedit.json").read_text())
    assert meta["init_from"]["path"] == str(exported) and meta["step"] == 1
    card = (out / "README.md").read_text()
    assert f"Started from the weights of `{exported}` (tiny, step 6" in card and "Training time in all" in card


def test_init_from_a_model_of_another_shape_or_no_model_is_one_line(tmp_path: Path):
    torch.set_num_threads(1)
    exported = export_checkpoint(train(_settings(tmp_path / "a", max_steps=2)).last_path, tmp_path / "model")
    raw = {"name": "tiny", "run_dir": str(tmp_path / "b" / "run"), **TINY}
    raw["model"] = {**TINY["model"], "ffn_dim": 48}
    raw["train"] = {**TINY["train"], "max_steps": 2, "init_from": str(exported)}
    other = settings_from_dict(raw)
    other.data_dir.mkdir(parents=True)
    write_tsv(other.data_dir / "train.tsv", TRIPLES * 15)
    write_tsv(other.data_dir / "dev.tsv", TRIPLES)
    with pytest.raises(InputError, match="does not fit this recipe's \\[model\\]") as err:
        train(other)
    assert "\n" not in str(err.value)
    with pytest.raises(InputError, match="not an exported model folder"):
        train(_settings(tmp_path / "c", max_steps=2, init_from=str(tmp_path / "nowhere")))
