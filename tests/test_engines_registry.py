"""Usability answers (cheap, no model loading), load_engine errors, and the offline download error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mtedit.config import EngineConfig
from mtedit.engines import Engine, check_engine, load_engine
from mtedit.engines.download import download_model
from mtedit.errors import ConfigError, EngineUnavailable

HAS_APERTIUM = shutil.which("apertium") is not None


def seq2seq(folder: Path | None, **options) -> EngineConfig:
    return EngineConfig(name="opus", kind="seq2seq", model=folder, **options)


def variant(tiny: Path, tmp: Path, remove: str | None) -> Path:
    folder = tmp / "model"
    shutil.copytree(tiny, folder)
    if remove:
        (folder / remove).unlink()
    return folder


@pytest.mark.parametrize(
    ("remove", "options", "ok", "reason", "remedy"),
    [
        (None, {}, True, "", ""),
        ("model.safetensors", {"hub_id": "o/m"}, False, "has no model.safetensors", "mtedit download opus"),
        ("config.json", {}, False, "has no config.json", "put a transformers model folder"),
        (None, {"mode": "ape"}, True, "", ""),
        (None, {"beam": 2, "nbest": 4}, False, "nbest (4) exceeds beam (2)", "raise beam or lower nbest"),
    ],
)
def test_seq2seq_folder_answers(tiny_marian_dir, tmp_path, remove, options, ok, reason, remedy):
    answer = check_engine(seq2seq(variant(tiny_marian_dir, tmp_path, remove), **options))
    assert answer.ok is ok
    assert reason in answer.reason and remedy in answer.remedy


@pytest.mark.parametrize(
    ("hub_id", "remedy"),
    [("Helsinki-NLP/opus-mt-es-en", "mtedit download opus"), (None, "put a transformers model folder")],
)
def test_missing_folder_names_folder_and_fix(tmp_path, hub_id, remedy):
    folder = tmp_path / "models" / "opus-mt-es-en"
    answer = check_engine(seq2seq(folder, hub_id=hub_id))
    assert (answer.ok, answer.reason) == (False, f"model folder {folder} not found")
    assert remedy in answer.remedy
    with pytest.raises(EngineUnavailable, match=f"{folder} not found; .*{remedy}"):
        load_engine(seq2seq(folder, hub_id=hub_id))


@pytest.mark.parametrize(
    ("cfg", "ok", "reason"),
    [
        (EngineConfig(name="a", kind="apertium", pair="spa-eng"), True, ""),
        (EngineConfig(name="a", kind="apertium", pair="xxx-yyy"), False, "pair xxx-yyy is not installed"),
        (EngineConfig(name="a", kind="apertium", mode="refine"), False, "cannot run mode 'refine'"),
        (EngineConfig(name="a", kind="marian"), False, "unknown kind 'marian'"),
    ],
)
@pytest.mark.skipif(not HAS_APERTIUM, reason="apertium is not installed")
def test_apertium_answers(cfg, ok, reason):
    answer = check_engine(cfg)
    assert answer.ok is ok and reason in answer.reason


def test_apertium_missing_binary(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    cfg = EngineConfig(name="a", kind="apertium")
    answer = check_engine(cfg)
    assert (answer.ok, answer.reason) == (False, "apertium is not installed")
    assert "apt-get install -y apertium apertium-eng-spa" in answer.remedy
    with pytest.raises(EngineUnavailable, match="apertium is not installed; install it with"):
        load_engine(cfg)


def test_load_engine_builds_engines_that_follow_the_protocol(tiny_marian_dir):
    engine = load_engine(seq2seq(tiny_marian_dir, device="cpu", beam=1))
    assert isinstance(engine, Engine) and engine.can_score
    if HAS_APERTIUM:
        apertium = load_engine(EngineConfig(name="a", kind="apertium"))
        assert isinstance(apertium, Engine) and not apertium.can_score


def test_check_engine_loads_no_model(tmp_path):
    code = (
        "import sys; from pathlib import Path; from mtedit.config import EngineConfig; "
        "from mtedit.engines import check_engine; "
        f"check_engine(EngineConfig(name='m', kind='seq2seq', model=Path({str(tmp_path)!r}))); "
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})


@pytest.mark.parametrize(
    ("cfg", "error", "message"),
    [
        (seq2seq(Path("m")), ConfigError, "needs hub_id"),
        (EngineConfig(name="a", kind="apertium"), ConfigError, "only seq2seq engines"),
    ],
)
def test_download_needs_a_hub_id(cfg, error, message):
    with pytest.raises(error, match=message):
        download_model(cfg)


def test_download_offline_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = tmp_path / "opus"
    with pytest.raises(
        EngineUnavailable, match=r"could not download Helsinki-NLP/opus-mt-es-en into .*opus .*network"
    ) as info:
        download_model(seq2seq(folder, hub_id="Helsinki-NLP/opus-mt-es-en"))
    assert "\n" not in str(info.value)
    assert not (folder / "model.safetensors").exists()
