"""The ctranslate2 backend on M2M100 and NLLB-style models (language-code tokens, a forced target language):
conversion keeps every token id, and greedy output and scores match the transformers backend in every mode."""

from __future__ import annotations

import functools
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from test_engines_backends import SEGMENTS  # the backend tests' sentences: long, short, a missing word
from tiny_models import build_tiny_m2m100, build_tiny_nllb

from mtedit.config import EngineConfig
from mtedit.engines.seq2seq import Seq2SeqEngine
from mtedit.errors import EngineUnavailable

pytest.importorskip("ctranslate2")

FAMILIES = {  # builder, then the codes of Spanish and English
    "m2m100": (build_tiny_m2m100, "es", "en"),
    "nllb": (build_tiny_nllb, "spa_Latn", "eng_Latn"),
}


def make_cfg(folder: Path, family: str, **options) -> EngineConfig:
    _, spanish, english = FAMILIES[family]
    base = {"name": "tiny", "kind": "seq2seq", "mode": "translate", "model": folder, "device": "cpu", "beam": 1,
            "max_length": 64, "batch_size": 2, "threads": 1, "src_lang": spanish, "tgt_lang": english}
    return EngineConfig(**{**base, **options})


@pytest.fixture(scope="module", params=list(FAMILIES))
def converted(request, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """(family, folder): a tiny model trained to translate or copy into English and copy Spanish, with a float32
    ctranslate2 copy made by `convert_model`."""
    import torch

    from mtedit.engines.backends.convert import convert_model

    family = request.param
    torch.set_num_threads(1)
    folder = FAMILIES[family][0](tmp_path_factory.mktemp(family) / "model", steps=150)
    convert_model(make_cfg(folder, family), quantization="float32")
    return family, folder


@pytest.fixture
def float32_ct2(monkeypatch):
    """Engines built with backend = "ctranslate2" compute in float32 (as the copy is stored), for exact parity."""
    from mtedit.engines.backends import ct2

    monkeypatch.setattr(ct2, "CTranslate2Backend", functools.partial(ct2.CTranslate2Backend, compute_type="float32"))


def test_the_copy_numbers_every_token_as_the_tokenizer_does(converted):
    from transformers import AutoConfig, AutoTokenizer

    family, folder = converted
    _, spanish, english = FAMILIES[family]
    vocabulary = json.loads((folder / "ctranslate2" / "shared_vocabulary.json").read_text(encoding="utf-8"))
    assert len(vocabulary) == AutoConfig.from_pretrained(folder).vocab_size
    tokenizer = AutoTokenizer.from_pretrained(folder)
    by_id = tokenizer.convert_ids_to_tokens(list(range(len(vocabulary))))
    kept = [i for i, token in enumerate(vocabulary) if not token.startswith("<unused-id-")]
    assert [vocabulary[i] for i in kept] == [by_id[i] for i in kept]
    lookup = tokenizer.get_lang_id if hasattr(tokenizer, "get_lang_id") else tokenizer.convert_tokens_to_ids
    assert {lookup(spanish), lookup(english), tokenizer.pad_token_id, tokenizer.eos_token_id} <= set(kept)
    assert len(set(vocabulary)) == len(vocabulary)


@pytest.mark.parametrize(("mode", "target"), [("translate", "en"), ("refine", "en"), ("ape", "en"), ("translate", "es")])
def test_same_greedy_output_and_scores_as_transformers(converted, float32_ct2, mode, target):
    family, folder = converted
    _, spanish, english = FAMILIES[family]
    cfg = make_cfg(folder, family, mode=mode, tgt_lang=english if target == "en" else spanish)
    slow = Seq2SeqEngine(replace(cfg, backend="transformers"))
    fast = Seq2SeqEngine(replace(cfg, backend="ctranslate2"))
    assert "backend:ctranslate2-float32" in fast.signature
    expected, got = slow.propose(SEGMENTS), fast.propose(SEGMENTS)
    assert [p.text for p in got] == [p.text for p in expected]
    assert [p.score for p in got] == pytest.approx([p.score for p in expected], abs=1e-4)
    assert [p.score for p in got] == pytest.approx([p.score for p in expected], abs=1e-4)
    # the model really follows the forced language: English words in one direction, Spanish in the other
    words = {"en": (" the ", " in "), "es": (" en ",)}[target]
    assert sum(any(w in p.text for w in words) for p in got) >= 4
    drafts = [seg.draft for seg in SEGMENTS]
    assert fast.score(SEGMENTS, drafts) == pytest.approx(slow.score(SEGMENTS, drafts), abs=1e-4)


def test_without_the_forced_language_token_the_output_differs(converted):
    """The parity above rests on the target prefix: without it the copy writes the language the model prefers
    (English, trained on twice as often), not the Spanish asked for."""
    from mtedit.engines.backends.ct2 import CTranslate2Backend

    family, folder = converted
    spanish = FAMILIES[family][1]
    engine = Seq2SeqEngine(make_cfg(folder, family, tgt_lang=spanish, backend="transformers"))
    inputs = [engine.model_input(seg) for seg in SEGMENTS]
    unforced = CTranslate2Backend(engine.config, engine._tokenizer, folder / "ctranslate2", "cpu", 1,
                                  target_prefix=None, compute_type="float32")
    assert [c[0].text for c in unforced.nbest(inputs)] != [p.text for p in engine.propose(SEGMENTS)]


def test_beam_search_nbest_matches(converted, float32_ct2):
    family, folder = converted
    cfg = make_cfg(folder, family, mode="ape", beam=3, nbest=2)
    got = Seq2SeqEngine(replace(cfg, backend="ctranslate2")).propose(SEGMENTS)
    expected = Seq2SeqEngine(replace(cfg, backend="transformers")).propose(SEGMENTS)
    assert [[c.text for c in p.nbest] for p in got] == [[c.text for c in p.nbest] for p in expected]
    assert all(len({c.text for c in p.nbest}) == 2 for p in got)
    assert ([c.score for p in got for c in p.nbest]
            == pytest.approx([c.score for p in expected for c in p.nbest], abs=1e-4))


def test_int8_scores_stay_close(converted):
    """int8 may swap near-tied words of a tiny model, but its scores stay close to the model's, and a proposal's
    score is what `score` gives its text (the forced language token included)."""
    family, folder = converted
    cfg = make_cfg(folder, family, mode="ape")
    fast, slow = Seq2SeqEngine(cfg), Seq2SeqEngine(replace(cfg, backend="transformers"))
    assert "backend:ctranslate2-int8" in fast.signature
    drafts = [seg.draft for seg in SEGMENTS]
    assert fast.score(SEGMENTS, drafts) == pytest.approx(slow.score(SEGMENTS, drafts), rel=0.02, abs=0.02)
    proposals = fast.propose(SEGMENTS)
    assert [p.score for p in proposals] == pytest.approx(fast.score(SEGMENTS, [p.text for p in proposals]), abs=1e-3)


def test_mtedit_convert_and_correct_with_languages(converted, tmp_path, capsys):
    from mtedit.cli import main

    family, folder = converted
    _, spanish, english = FAMILIES[family]
    model = tmp_path / "model"
    shutil.copytree(folder, model, ignore=shutil.ignore_patterns("ctranslate2"))
    config = tmp_path / "mtedit.toml"
    config.write_text(f'[engines.multi]\nkind = "seq2seq"\nmode = "translate"\nmodel = "model"\ndevice = "cpu"\n'
                      f'src_lang = "{spanish}"\ntgt_lang = "{english}"\nbackend = "ctranslate2"\n', encoding="utf-8")
    assert main(["convert", "multi", "--config", str(config)]) == 0
    story = tmp_path / "story.jsonl"
    story.write_text("".join(json.dumps({"id": s.id, "source": s.source, "draft": s.draft}) + "\n"
                             for s in SEGMENTS), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    capsys.readouterr()
    assert main(["correct", str(story), "--engine", "multi", "--config", str(config), "-o", str(out), "-q"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(SEGMENTS)


def test_a_family_ctranslate2_cannot_convert_is_refused_in_one_line(tmp_path):
    from mtedit.engines.backends.convert import convert_model

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "fsmt"}), encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"")
    with pytest.raises(EngineUnavailable, match=r'cannot convert FSMTConfig models; keep backend = "transformers"'):
        convert_model(EngineConfig(name="odd", kind="seq2seq", mode="translate", model=folder))


def test_untrained_output_decodes_the_same_unused_rows_included(tmp_path, float32_ct2):
    """An untrained M2M100 emits rows past the tokenizer's own tokens (its `madeupword`s, read as <unk>): the
    copy's placeholders for them decode to what transformers writes. Its outputs run to the length limit, and
    are scored as forced decoding scores them, end-of-sentence added."""
    from mtedit.engines.backends.convert import convert_model

    folder = build_tiny_m2m100(tmp_path / "model")
    cfg = make_cfg(folder, "m2m100", max_length=12)
    convert_model(cfg, quantization="float32")
    expected = Seq2SeqEngine(replace(cfg, backend="transformers")).propose(SEGMENTS[:2])
    got = Seq2SeqEngine(replace(cfg, backend="ctranslate2")).propose(SEGMENTS[:2])
    assert any("<unk>" in p.text for p in expected)
    assert [p.text for p in got] == [p.text for p in expected]
    assert [p.score for p in got] == pytest.approx([p.score for p in expected], abs=1e-4)
