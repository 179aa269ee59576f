"""The bundled post-editing model loads offline through the default config and corrects in both forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mtedit
from mtedit.config import load_config
from mtedit.engines.registry import check_engine

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "mtedit-ape-es-en"


def test_the_bundled_model_is_small_safe_and_described():
    assert (MODEL / "model.safetensors").stat().st_size < 50 * 1024 * 1024
    assert not list(MODEL.glob("*.bin")) and not list(MODEL.glob("*.pt"))
    meta = json.loads((MODEL / "mtedit.json").read_text(encoding="utf-8"))
    assert "{source}" in meta["ape_template"] and "{draft}" in meta["refine_template"]
    card = (MODEL / "README.md").read_text(encoding="utf-8")
    assert "newstest2012" in card and "Limits" in card


def test_the_default_engine_is_the_bundled_model_and_usable():
    config = load_config(ROOT / "configs" / "mtedit.toml")
    engine = config.engine()
    assert engine.model == MODEL.resolve() and engine.mode == "refine"
    assert check_engine(engine).ok


@pytest.fixture(scope="module")
def bundled():
    engine = mtedit.load_engine("ape", config=ROOT / "configs" / "mtedit.toml")
    yield engine
    engine.close()


def test_it_corrects_with_and_without_the_source(bundled):
    draft = "The minister of Outsides appreciated the support of the allies."
    source = "El ministro de Exteriores agradeció el apoyo de los aliados."
    with_source = mtedit.correct_text(draft, source, engine=bundled)
    alone = mtedit.correct_text(draft, engine=bundled)
    for [result] in (with_source, alone):
        assert result.proposal.strip()
        assert result.verdict.draft_score is not None and result.verdict.draft_score < 0
        assert "model:mtedit-ape-es-en" in result.signature and "rev:" in result.signature
        assert result.fix == (result.proposal if result.changed else draft)
