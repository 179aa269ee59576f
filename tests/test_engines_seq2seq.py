"""The seq2seq engine through the real loading code and generate, on a tiny trained Marian model."""

from __future__ import annotations

import difflib
import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from tiny_models import sentence_pairs

from mtedit.config import EngineConfig
from mtedit.engines.base import parse_signature
from mtedit.engines.seq2seq import DEFAULT_APE_TEMPLATE, InputBuilder, Seq2SeqEngine, fill
from mtedit.errors import ConfigError, EngineUnavailable, InputError
from mtedit.types import Segment

PAIRS = sentence_pairs()
# a mix of lengths so that batches of 2 sort and regroup the segments
SEGMENTS = [
    Segment(id="s1", source=PAIRS[0][0], draft=PAIRS[0][1]),
    Segment(id="s2", source=PAIRS[77][0] + " " + PAIRS[5][0], draft=PAIRS[77][1] + " " + PAIRS[5][1]),
    Segment(id="s3", source="La ley.", draft="The law."),
    Segment(id="s4", source=PAIRS[150][0], draft=PAIRS[150][1]),
    Segment(id="s5", source=PAIRS[299][0], draft=PAIRS[299][1].replace("the ", "")),
]


def make_cfg(folder: Path, mode: str = "refine", **options) -> EngineConfig:
    base = dict(
        name="tiny", kind="seq2seq", mode=mode, model=folder, device="cpu", beam=1, nbest=1, max_length=64, batch_size=2
    )
    base.update(options)
    return EngineConfig(**base)


@pytest.fixture(scope="module")
def refine(tiny_marian_dir: Path) -> Seq2SeqEngine:
    return Seq2SeqEngine(make_cfg(tiny_marian_dir, "refine"))


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=a, b=b).ratio()


@pytest.mark.parametrize(
    ("mode", "prefix", "cfg_template", "meta", "segment", "expected"),
    [
        ("translate", "", None, {}, Segment("a", "the draft", "el borrador"), "el borrador"),
        ("refine", "", None, {}, Segment("a", "the draft", "el borrador"), "the draft"),
        ("refine", "Fix: ", None, {}, Segment("a", "the draft"), "Fix: the draft"),
        ("refine", "", None, {"refine_template": "<sep> {draft}"}, Segment("a", "the draft"), "<sep> the draft"),
        ("ape", "", None, {}, Segment("a", "d", "s"), "s </s> d"),
        ("ape", "", None, {"ape_template": "{source} <sep> {draft}"}, Segment("a", "d", "s"), "s <sep> d"),
        (
            "ape",
            "",
            "{draft} || {source}",
            {"ape_template": "{source} <sep> {draft}"},
            Segment("a", "d", "s"),
            "d || s",
        ),
        ("ape", "", None, {"refine_template": "<sep> {draft}"}, Segment("a", "d"), "<sep> d"),
        ("ape", "", None, {}, Segment("a", "uses {source} literally", "s"), "s </s> uses {source} literally"),
    ],
)
def test_model_input_per_mode(mode, prefix, cfg_template, meta, segment, expected):
    cfg = EngineConfig(name="e", kind="seq2seq", mode=mode, model=Path("m"), prefix=prefix, ape_template=cfg_template)
    assert InputBuilder.for_model(cfg, meta)(segment) == expected


@pytest.mark.parametrize(
    ("mode", "meta"),
    [("translate", {"refine_template": "<sep> {draft}"}), ("ape", {})],
)
def test_missing_source_is_a_clear_error(mode, meta):
    cfg = EngineConfig(name="e", kind="seq2seq", mode=mode, model=Path("m"))
    with pytest.raises(InputError, match=r"segment x has no source.*--source"):
        InputBuilder.for_model(cfg, meta)(Segment("x", "draft only"))


@pytest.mark.parametrize(("template", "meta"), [("{draft} only", {}), (None, {"refine_template": "no slot"})])
def test_bad_templates_are_config_errors(template, meta):
    cfg = EngineConfig(name="e", kind="seq2seq", mode="ape", model=Path("m"), ape_template=template)
    with pytest.raises(ConfigError, match="must contain"):
        InputBuilder.for_model(cfg, meta)


def test_fill_is_single_pass():
    assert fill(DEFAULT_APE_TEMPLATE, source="{draft}", draft="x") == "{draft} </s> x"


def test_refine_proposes_close_to_draft_with_scores(refine):
    proposals = refine.propose(SEGMENTS)
    assert len(proposals) == len(SEGMENTS)
    for seg, prop in zip(SEGMENTS, proposals, strict=False):
        if seg.id not in ("s1", "s4"):  # only single sentences like the training data come back verbatim
            continue
        assert similarity(prop.text, seg.draft) > 0.8, (seg.draft, prop.text)
    assert all(isinstance(p.score, float) and p.score < 0 for p in proposals)
    assert all(p.nbest == () for p in proposals)


@pytest.mark.parametrize("mode", ["ape", "refine", "translate"])
def test_every_mode_generates_through_the_loaded_model(tiny_marian_dir, mode):
    engine = Seq2SeqEngine(make_cfg(tiny_marian_dir, mode))
    proposals = engine.propose(SEGMENTS[:3])
    assert [bool(p.text) for p in proposals] == [True] * 3
    scores = engine.score(SEGMENTS[:3], [p.text for p in proposals])
    assert scores == pytest.approx([p.score for p in proposals], abs=1e-4)
    if mode == "ape":  # trained on ape inputs too: the draft comes back
        assert similarity(proposals[0].text, SEGMENTS[0].draft) > 0.8


def test_ape_segment_without_source_falls_back_to_refine_template(tiny_marian_dir):
    engine = Seq2SeqEngine(make_cfg(tiny_marian_dir, "ape"))
    seg = Segment("x", PAIRS[10][1])
    assert engine.model_input(seg) == "<sep> " + PAIRS[10][1]
    assert similarity(engine.propose([seg])[0].text, seg.draft) > 0.8


def test_translate_without_source_fails_before_generating(tiny_marian_dir):
    engine = Seq2SeqEngine(make_cfg(tiny_marian_dir, "translate"))
    with pytest.raises(InputError, match="translate"):
        engine.propose([SEGMENTS[0], Segment("nosrc", "draft")])


def test_scoring_matches_proposal_score_for_greedy(refine):
    proposals = refine.propose(SEGMENTS)
    assert refine.score(SEGMENTS, [p.text for p in proposals]) == pytest.approx([p.score for p in proposals], abs=1e-5)


def test_score_prefers_the_draft_to_a_scrambled_draft(refine):
    seg = SEGMENTS[0]
    scrambled = " ".join(reversed(seg.draft.split()))
    good, bad = refine.score([seg, seg], [seg.draft, scrambled])
    assert good > bad


def test_score_needs_one_hypothesis_per_segment(refine):
    with pytest.raises(InputError, match="one hypothesis per segment"):
        refine.score(SEGMENTS[:2], ["only one"])


def test_batched_results_keep_order_and_match_one_by_one(tiny_marian_dir, refine):
    batched = refine.propose(SEGMENTS)
    single = Seq2SeqEngine(make_cfg(tiny_marian_dir, "refine", batch_size=1))
    one_by_one = [single.propose([seg])[0] for seg in SEGMENTS]
    assert [p.text for p in batched] == [p.text for p in one_by_one]
    assert [p.score for p in batched] == pytest.approx([p.score for p in one_by_one], abs=1e-4)
    reversed_out = refine.propose(SEGMENTS[::-1])
    assert [p.text for p in reversed_out] == [p.text for p in batched][::-1]
    assert refine.propose([]) == []


def test_nbest_returns_distinct_scored_candidates(tiny_marian_dir):
    engine = Seq2SeqEngine(make_cfg(tiny_marian_dir, "refine", beam=3, nbest=3))
    proposals = engine.propose(SEGMENTS[:2])
    for seg, prop in zip(SEGMENTS, proposals, strict=False):
        assert len(prop.nbest) == 3
        assert len({c.text for c in prop.nbest}) == 3
        assert (prop.text, prop.score) == (prop.nbest[0].text, prop.nbest[0].score)
        rescored = engine.score([seg] * 3, [c.text for c in prop.nbest])
        assert rescored == pytest.approx([c.score for c in prop.nbest], abs=1e-4)


def test_nbest_above_beam_is_refused(tiny_marian_dir):
    with pytest.raises(ConfigError, match="nbest"):
        Seq2SeqEngine(make_cfg(tiny_marian_dir, beam=2, nbest=3))


def test_overlong_input_is_truncated_not_fatal(refine):
    seg = Segment("long", " ".join([PAIRS[3][1]] * 40))
    proposal = refine.propose([seg])[0]
    assert proposal.text and proposal.score is not None


def test_signature_names_model_revision_and_options(tiny_marian_dir, refine):
    fields = parse_signature(refine.signature)
    digest = hashlib.sha256((tiny_marian_dir / "model.safetensors").read_bytes()).hexdigest()
    assert fields == {
        "engine": "tiny", "kind": "seq2seq", "model": tiny_marian_dir.name, "rev": "sha256-" + digest[:10],
        "mode": "refine", "beam": "1", "nbest": "1", "margin": "0.0", "backend": "transformers",
        "mtedit": fields["mtedit"],
    }  # fmt: skip


def test_signature_prefers_the_downloaded_commit(tiny_marian_dir, tmp_path):
    folder = tmp_path / "downloaded"
    shutil.copytree(tiny_marian_dir, folder)
    meta = folder / ".cache" / "huggingface" / "download"
    meta.mkdir(parents=True)
    (meta / "model.safetensors.metadata").write_text("0123456789abcdef\netag\n1.0\n")
    assert parse_signature(Seq2SeqEngine(make_cfg(folder)).signature)["rev"] == "0123456789"


@pytest.mark.parametrize(
    ("remove", "hub_id", "message"),
    [
        (None, "Helsinki-NLP/opus-mt-es-en", r"model folder .*absent not found; .*mtedit download tiny"),
        ("model.safetensors", None, r"has no model.safetensors"),
        ("config.json", None, r"has no config.json"),
    ],
)
def test_unusable_folders_raise_engine_unavailable(tiny_marian_dir, tmp_path, remove, hub_id, message):
    folder = tmp_path / "absent"
    if remove:
        shutil.copytree(tiny_marian_dir, folder)
        (folder / remove).unlink()
    with pytest.raises(EngineUnavailable, match=message) as info:
        Seq2SeqEngine(make_cfg(folder, hub_id=hub_id))
    assert "\n" not in str(info.value)


def test_malformed_mtedit_json_is_a_config_error(tiny_marian_dir, tmp_path):
    folder = tmp_path / "m"
    shutil.copytree(tiny_marian_dir, folder)
    (folder / "mtedit.json").write_text("{not json")
    with pytest.raises(ConfigError, match="mtedit.json is not valid JSON"):
        Seq2SeqEngine(make_cfg(folder))


def test_unknown_target_language_token_is_refused(tiny_marian_dir):
    with pytest.raises(ConfigError, match="tgt_lang 'eng_Latn'"):
        Seq2SeqEngine(make_cfg(tiny_marian_dir, "translate", tgt_lang="eng_Latn"))


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is visible")
def test_cuda_without_gpu_says_what_to_set(tiny_marian_dir):
    with pytest.raises(EngineUnavailable, match='set device = "cpu"'):
        Seq2SeqEngine(make_cfg(tiny_marian_dir, device="cuda"))


def test_close_is_idempotent_and_final(tiny_marian_dir):
    engine = Seq2SeqEngine(replace(make_cfg(tiny_marian_dir), name="closing"))
    engine.close()
    engine.close()
    with pytest.raises(EngineUnavailable, match="engine closing was closed"):
        engine.propose(SEGMENTS[:1])


@pytest.fixture(scope="module")
def tiny_m2m100_dir(tmp_path_factory) -> Path:
    from tiny_models import build_tiny_m2m100

    return build_tiny_m2m100(tmp_path_factory.mktemp("tiny-m2m100"))


def test_m2m100_forces_the_target_language(tiny_m2m100_dir):
    cfg = make_cfg(tiny_m2m100_dir, "translate", src_lang="es", tgt_lang="en", max_length=12)
    engine = Seq2SeqEngine(cfg)
    assert engine._generate_kwargs == {"forced_bos_token_id": engine._tokenizer.get_lang_id("en")}
    proposals = engine.propose(SEGMENTS[:2])
    assert all("__en__" not in p.text and "__es__" not in p.text for p in proposals)
    assert engine.score(SEGMENTS[:2], [p.text for p in proposals]) == pytest.approx([p.score for p in proposals])
    with pytest.raises(ConfigError, match="tgt_lang 'xx' is not a language token"):
        Seq2SeqEngine(replace(cfg, tgt_lang="xx"))
