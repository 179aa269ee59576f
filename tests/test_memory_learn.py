"""`mtedit learn`: refuses with too few decisions; a tiny run fine-tunes, exports and registers an engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from mtedit.cli import main
from mtedit.config import load_config
from mtedit.memory.db import TranslationMemory, Unit
from mtedit.memory.learn import training_pairs

from test_train_loop import TRIPLES, _settings  # noqa: E402


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from mtedit.train.export import export_checkpoint
    from mtedit.train.loop import train

    torch.set_num_threads(1)
    tmp = tmp_path_factory.mktemp("learn")
    return export_checkpoint(train(_settings(tmp, max_steps=4)).last_path, tmp / "models" / "tiny-ape")


def _desk(tmp_path: Path, model: Path, decisions: int) -> Path:
    config = tmp_path / "mtedit.toml"
    config.write_text(f'# the desk\'s engines\nstore = "review.sqlite"\n[engines.ape]\nkind = "seq2seq"\nmode = "ape"\n'
                      f'model = "{model.as_posix()}"\nbeam = 2\nmargin = 0.4\nmax_change = 0.5\n'
                      '[engines.apertium]\nkind = "apertium"\n', encoding="utf-8")
    units = [Unit(t, s, d, "store:review.sqlite", 1, i) for i, (s, d, t) in enumerate((TRIPLES * 5)[:decisions])]
    TranslationMemory(tmp_path / "mtedit-memory.sqlite").add(units)
    return config


def test_training_pairs_are_in_the_engines_input_form(tmp_path):
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add([Unit("Fixed.", "Fijo.", "Fix it.", "s", 1, 0), Unit("Alone.", None, "Alone .", "s", 1, 1),
            Unit("No draft.", "Sin borrador.", None, "tmx:x")])
    assert training_pairs(tm, "ape") == [("Fijo.", "Fix it.", "Fixed."), ("", "Alone .", "Alone.")]
    assert training_pairs(tm, "refine") == [("", "Fix it.", "Fixed."), ("", "Alone .", "Alone.")]


def test_learn_refuses_too_few_decisions_and_engines_that_cannot_learn(tmp_path, exported, capsys):
    config = _desk(tmp_path, exported, 3)
    before = config.read_text()
    assert main(["learn", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "only 3 decisions with a draft" in err and "at least 100" in err
    assert main(["learn", "--config", str(config), "--engine", "apertium", "--min-pairs", "1"]) == 2
    assert "cannot learn: pick an ape or refine engine" in capsys.readouterr().err
    assert config.read_text() == before and not (exported.parent / "ape-learned").exists()


def test_a_tiny_learn_run_writes_a_model_and_its_engine(tmp_path, exported, capsys):
    torch.set_num_threads(1)
    config = _desk(tmp_path, exported, 20)
    code = main(["learn", "--config", str(config), "--min-pairs", "10", "--max-steps", "3", "--minutes", "1",
                 "--run-dir", str(tmp_path / "run"), "--lr", "1e-3"])
    out = capsys.readouterr()
    assert code == 0, out.err
    model = exported.parent / "ape-learned"
    assert (model / "model.safetensors").exists() and (model / "source.spm").read_bytes() == (exported / "source.spm").read_bytes()
    meta = json.loads((model / "mtedit.json").read_text())
    assert meta["step"] == 3 and meta["init_from"]["path"] == str(exported)
    engine = load_config(config).engine("ape-learned")
    assert (engine.mode, engine.model, engine.margin, engine.max_change) == ("ape", model.resolve(), 0.4, 0.5)
    assert config.read_text().startswith("# the desk's engines")  # the config is added to, not rewritten
    assert "engine ape-learned" in out.out and "held-out 2 pairs" in out.out
    assert main(["learn", "--config", str(config), "--min-pairs", "10"]) == 3  # the name is taken now
