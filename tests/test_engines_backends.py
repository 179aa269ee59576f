"""The ctranslate2 backend against the transformers one on tiny trained Marian models, conversion and its
staleness, backend choice, and the thread count."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from tiny_models import pad_first_copy, sentence_pairs

from mtedit.config import EngineConfig
from mtedit.engines.backends import length_buckets, output_limit
from mtedit.engines.backends.choose import choose_backend
from mtedit.engines.backends.threads import thread_count, usable_cores
from mtedit.engines.registry import check_engine
from mtedit.engines.seq2seq import Seq2SeqEngine
from mtedit.errors import ConfigError, EngineUnavailable
from mtedit.types import Segment

PAIRS = sentence_pairs()
SEGMENTS = [
    Segment("s1", PAIRS[0][1], PAIRS[0][0]),
    Segment("s2", PAIRS[77][1] + " " + PAIRS[5][1], PAIRS[77][0] + " " + PAIRS[5][0]),
    Segment("s3", "The law.", "La ley."),
    Segment("s4", PAIRS[150][1].replace("the ", ""), PAIRS[150][0]),
    Segment("s5", PAIRS[299][1], PAIRS[299][0]),
]


def make_cfg(folder: Path, **options) -> EngineConfig:
    base = dict(name="tiny", kind="seq2seq", mode="ape", model=folder, device="cpu", beam=1, max_length=64,
                batch_size=2, threads=1)
    return EngineConfig(**{**base, **options})


@pytest.fixture(scope="module")
def converted(tiny_marian_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """float32 copies of the tiny model in both vocabulary conventions: <pad> last (Marian) and <pad> first."""
    pytest.importorskip("ctranslate2")
    from mtedit.engines.backends.convert import convert_model

    pad_last = tmp_path_factory.mktemp("pad-last") / "model"
    shutil.copytree(tiny_marian_dir, pad_last)
    pad_first = pad_first_copy(tiny_marian_dir, tmp_path_factory.mktemp("pad-first") / "model")
    for folder in (pad_last, pad_first):
        convert_model(make_cfg(folder), quantization="float32")
    return {"pad-last": pad_last, "pad-first": pad_first}


@pytest.mark.parametrize("convention", ["pad-last", "pad-first"])
def test_ctranslate2_float32_gives_the_same_greedy_output_and_scores(converted, convention):
    from mtedit.engines.backends.ct2 import CTranslate2Backend

    folder = converted[convention]
    engine = Seq2SeqEngine(make_cfg(folder, backend="transformers"))
    inputs = [engine.model_input(seg) for seg in SEGMENTS]
    fast = CTranslate2Backend(engine.config, engine._tokenizer, folder / "ctranslate2", "cpu", 1,
                              compute_type="float32")
    slow_best = [c[0] for c in engine._backend.nbest(inputs)]
    fast_best = [c[0] for c in fast.nbest(inputs)]
    assert [c.text for c in fast_best] == [c.text for c in slow_best]
    assert [c.score for c in fast_best] == pytest.approx([c.score for c in slow_best], abs=1e-4)
    drafts = [seg.draft for seg in SEGMENTS]
    assert fast.score(inputs, drafts) == pytest.approx(engine._backend.score(inputs, drafts), abs=1e-4)


def test_both_conventions_give_the_same_output_under_transformers(converted):
    """The pad-first copy is the same network: a sanity check of the fixture the test above relies on."""
    outputs = [Seq2SeqEngine(make_cfg(converted[c], backend="transformers")).propose(SEGMENTS) for c in converted]
    assert [p.text for p in outputs[0]] == [p.text for p in outputs[1]]


def test_auto_picks_int8_ctranslate2_with_close_scores(converted, tmp_path):
    from mtedit.engines.backends.convert import convert_model

    cfg = make_cfg(tmp_path / "model")
    shutil.copytree(converted["pad-first"], cfg.model)
    convert_model(cfg)
    fast, slow = Seq2SeqEngine(cfg), Seq2SeqEngine(replace(cfg, backend="transformers"))
    assert "backend:ctranslate2-int8" in fast.signature and "backend:transformers" in slow.signature
    hypotheses = [seg.draft for seg in SEGMENTS]
    assert fast.score(SEGMENTS, hypotheses) == pytest.approx(slow.score(SEGMENTS, hypotheses), abs=0.05)
    assert sum(a.text == b.text for a, b in zip(fast.propose(SEGMENTS), slow.propose(SEGMENTS))) >= 4


def test_nbest_comes_best_first(converted):
    engine = Seq2SeqEngine(make_cfg(converted["pad-last"], beam=3, nbest=2))
    for proposal in engine.propose(SEGMENTS):
        assert len(proposal.nbest) == 2 and proposal.nbest[0].text == proposal.text
        assert len({c.text for c in proposal.nbest}) == 2


def test_changed_weights_make_the_copy_stale(converted, tmp_path):
    pytest.importorskip("ctranslate2")
    from safetensors.torch import load_file, save_file

    folder = tmp_path / "model"
    shutil.copytree(converted["pad-last"], folder)
    weights = load_file(folder / "model.safetensors")
    weights["final_logits_bias"] = weights["final_logits_bias"] + 0.5
    save_file(weights, folder / "model.safetensors", metadata={"format": "pt"})
    choice = choose_backend(make_cfg(folder))
    assert choice.name == "transformers" and "stale" in choice.note and "mtedit convert tiny" in choice.note
    with pytest.raises(EngineUnavailable, match=r"stale.*mtedit convert tiny"):
        choose_backend(make_cfg(folder, backend="ctranslate2"))
    usable = check_engine(make_cfg(folder, backend="ctranslate2"))
    assert not usable.ok and "\n" not in usable.message()


def test_without_ctranslate2_auto_falls_back_and_explicit_is_refused(tiny_marian_dir, monkeypatch):
    import mtedit.engines.backends.choose as choose

    monkeypatch.setattr(choose, "ctranslate2_installed", lambda: False)
    choice = choose_backend(make_cfg(tiny_marian_dir))
    assert choice.name == "transformers" and "pip install 'mtedit[fast]'" in choice.note
    with pytest.raises(EngineUnavailable, match="not installed"):
        choose_backend(make_cfg(tiny_marian_dir, backend="ctranslate2"))
    assert "backend:transformers" in Seq2SeqEngine(make_cfg(tiny_marian_dir)).signature


def test_an_unconverted_model_runs_on_transformers(tiny_marian_dir):
    pytest.importorskip("ctranslate2")
    choice = choose_backend(make_cfg(tiny_marian_dir))
    assert choice.name == "transformers" and "mtedit convert tiny" in choice.note


def test_unknown_backend_is_a_config_error(tiny_marian_dir):
    with pytest.raises(ConfigError, match="backend 'onnx'"):
        choose_backend(make_cfg(tiny_marian_dir, backend="onnx"))


@pytest.mark.parametrize(
    ("lengths", "size", "expected"),
    [([], 2, []), ([3, 9, 5, 1], 2, [[1, 2], [0, 3]]), ([4, 4, 4], 5, [[0, 1, 2]]), ([2, 7], 0, [[1], [0]])],
)
def test_length_buckets(lengths, size, expected):
    assert length_buckets(lengths, size) == expected


@pytest.mark.parametrize(("longest", "cap", "expected"), [(10, 256, 25), (200, 256, 256), (0, 256, 10)])
def test_output_limit(longest, cap, expected):
    assert output_limit(longest, cap) == expected


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [("max 100000\n", None), ("50000 100000\n", 1), ("150000 100000\n", 2), ("garbage", None)],
)
def test_usable_cores_follow_the_cgroup_quota(tmp_path, cpu_max, expected):
    import os

    path = tmp_path / "cpu.max"
    path.write_text(cpu_max)
    affinity = len(os.sched_getaffinity(0))
    assert usable_cores(path) == (affinity if expected is None else min(affinity, expected))
    assert usable_cores(tmp_path / "missing") == affinity


def test_thread_count_prefers_an_explicit_setting():
    assert thread_count(3) == 3 and thread_count(0) == usable_cores()


def _cli(capsys, *argv) -> tuple[int, str, str]:
    from mtedit.cli import main

    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_convert_then_engines_and_correct_use_the_copy(converted, tmp_path, capsys):
    import json

    folder = tmp_path / "model"
    shutil.copytree(converted["pad-first"], folder, ignore=shutil.ignore_patterns("ctranslate2"))
    config = tmp_path / "mtedit.toml"
    config.write_text('[engines.tiny]\nkind = "seq2seq"\nmode = "ape"\nmodel = "model"\ndevice = "cpu"\nbeam = 2\n'
                      'max_length = 64\n[engines.strict]\nkind = "seq2seq"\nmode = "ape"\nmodel = "model"\n'
                      'backend = "ctranslate2"\n', encoding="utf-8")
    code, out, _ = _cli(capsys, "engines", "--config", config)
    assert code == 0
    assert "backend: transformers; no ctranslate2 copy of model; make one with: mtedit convert tiny" in out
    story = tmp_path / "story.jsonl"
    story.write_text("".join(json.dumps({"id": s.id, "source": s.source, "draft": s.draft}) + "\n" for s in SEGMENTS),
                     encoding="utf-8")
    code, _, err = _cli(capsys, "correct", story, "--engine", "strict", "--config", config)
    assert code == 4 and err.count("\n") == 1 and "mtedit convert strict" in err
    code, _, err = _cli(capsys, "convert", "tiny", "--config", config)
    assert code == 0 and "converted" in err and (folder / "ctranslate2" / "model.bin").is_file()
    code, out, _ = _cli(capsys, "engines", "--config", config)
    assert out.count("backend: ctranslate2 (int8 copy in") == 2
    log = tmp_path / "out.log.jsonl"
    code, _, err = _cli(capsys, "correct", story, "--engine", "tiny", "--config", config, "-o", tmp_path / "out.jsonl",
                        "--log", log, "--threads", "1", "-q")
    assert code == 0, err
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(SEGMENTS) and all("backend:ctranslate2-int8" in r["signature"] for r in records)
    code, _, err = _cli(capsys, "correct", story, "--engine", "tiny", "--config", config, "-o", tmp_path / "slow.jsonl",
                        "--log", log, "--backend", "transformers", "-q")
    assert code == 0, err
    assert all("backend:transformers" in json.loads(line)["signature"] for line in log.read_text().splitlines())


def test_torch_threads_are_capped_not_raised(monkeypatch):
    import torch

    import mtedit.engines.backends.threads as threads

    before = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        threads.limit_torch_threads(0)
        assert torch.get_num_threads() == 1  # a lower count is left alone
        monkeypatch.setattr(threads, "usable_cores", lambda: 1)
        torch.set_num_threads(2)
        threads.limit_torch_threads(0)
        assert torch.get_num_threads() == 1  # capped at the usable cores
        threads.limit_torch_threads(2)
        assert torch.get_num_threads() == 2  # an explicit count is set as is
    finally:
        torch.set_num_threads(before)
