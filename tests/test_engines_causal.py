"""The causal (instruction-tuned LLM) engine through the real loading code, generate and forced decoding,
on a tiny Qwen2 chat model trained by the test fixture (see tiny_causal.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from tiny_causal import EXTRA_SENTENCE, PROMPT, answer, build_tiny_causal, training_segments

from mtedit.config import EngineConfig, parse_config
from mtedit.engines import check_engine, load_engine
from mtedit.engines.base import parse_signature
from mtedit.engines.causal import CausalEngine
from mtedit.engines.download import download_model
from mtedit.engines.llm_prompt import APE_REQUEST, PLAIN_ANSWER_LABEL, PROMPT_VERSION, SYSTEM, PromptBuilder
from mtedit.errors import ConfigError, EngineUnavailable
from mtedit.pipeline import GateOptions, correct
from mtedit.types import Segment

SEGMENTS = training_segments()
BY_DRAFT = {seg.draft: english for seg, english in SEGMENTS}


def place(segment: Segment) -> str:
    return segment.draft.rstrip(".").split()[-1]


def pick(where: str, *, defective: bool) -> Segment:
    """A training segment in `where` whose draft lacks (or has) the article before its object."""
    return next(s for s, en in SEGMENTS if place(s) == where and (s.draft != en) == defective)


def make_cfg(folder: Path, mode: str = "refine", **options) -> EngineConfig:
    base = dict(name="llm", kind="causal", mode=mode, model=folder, device="cpu", beam=1, max_length=64, batch_size=4)
    return EngineConfig(**{**base, **options})


@pytest.fixture(scope="module")
def tiny_causal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch.set_num_threads(1)  # tiny models run much faster on one thread of a shared machine
    return build_tiny_causal(tmp_path_factory.mktemp("tiny-causal"))


@pytest.fixture(scope="module")
def refine(tiny_causal_dir: Path) -> CausalEngine:
    return CausalEngine(make_cfg(tiny_causal_dir))


# -- prompt building ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chat_tokenizer(tiny_causal_dir: Path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_causal_dir, local_files_only=True)


def test_default_prompt_through_the_chat_template(chat_tokenizer):
    segment = Segment("s", "The plan {draft} was approved.", "El plan {source} fue aprobado.")
    ape = PromptBuilder("ape", chat_tokenizer)(segment)
    assert ape.startswith(f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\nSpanish original:\n")
    assert "El plan {source} fue aprobado.\n\nEnglish machine translation:\nThe plan {draft} was approved.\n" in ape
    assert ape.endswith("no quotes, no labels, no explanations.<|im_end|>\n<|im_start|>assistant\n")
    refine = PromptBuilder("refine", chat_tokenizer)(segment)
    assert "El plan" not in refine and "\nThe plan {draft} was approved.\n" in refine
    no_source = PromptBuilder("ape", chat_tokenizer)(replace(segment, source=None))
    assert no_source == refine  # ape falls back to the draft alone


def test_plain_prompt_without_a_chat_template(chat_tokenizer):
    plain = PromptBuilder("ape", replace_template(chat_tokenizer, None))(Segment("s", "The draft.", "El borrador."))
    assert plain.startswith(SYSTEM + "\n\nSpanish original:\nEl borrador.\n")
    assert plain.endswith(f"no explanations.\n\n{PLAIN_ANSWER_LABEL}\n") and "<|im_start|>" not in plain
    assert PromptBuilder("ape", replace_template(chat_tokenizer, None)).after_answer() == ""


def test_the_token_that_closes_an_answer_in_the_template_ends_scored_answers(chat_tokenizer, tiny_causal_dir, tmp_path):
    assert PromptBuilder("refine", chat_tokenizer).after_answer() == "<|im_end|>\n"
    assert CausalEngine(make_cfg(tiny_causal_dir))._stop_ids[0] == chat_tokenizer.eos_token_id
    # a template that closes turns with another token than the tokenizer's eos (as Gemma's <end_of_turn>)
    other = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|endoftext|>{% endfor %}"
    folder = tmp_path / "model"
    shutil.copytree(tiny_causal_dir, folder)
    replace_template(chat_tokenizer, other).save_pretrained(folder)
    engine = CausalEngine(make_cfg(folder))
    assert engine._stop_ids[0] == chat_tokenizer.convert_tokens_to_ids("<|endoftext|>") != chat_tokenizer.eos_token_id


def test_template_without_a_system_role_gets_the_instructions_in_the_user_turn(chat_tokenizer):
    no_system = (
        "{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('no system role') }}{% endif %}"
        "<turn>{{ m['role'] }}: {{ m['content'] }}</turn>{% endfor %}<turn>assistant: "
    )
    prompt = PromptBuilder("refine", replace_template(chat_tokenizer, no_system))(Segment("s", "The draft."))
    assert prompt.startswith(f"<turn>user: {SYSTEM}\n\nEnglish machine translation") and prompt.endswith("assistant: ")


def replace_template(tokenizer, template):
    clone = type(tokenizer).from_pretrained(tokenizer.name_or_path, local_files_only=True)
    clone.chat_template = template
    return clone


def test_a_model_may_bring_its_own_prompt(chat_tokenizer):
    own = PromptBuilder.for_model("m", "ape", chat_tokenizer, PROMPT)
    assert own(Segment("s", "The draft.", "El borrador.")) == (
        "<|im_start|>user\nEl borrador.\nThe draft.<|im_end|>\n<|im_start|>assistant\n"
    )
    assert own.version.startswith("model-") and PromptBuilder("ape", chat_tokenizer).version == PROMPT_VERSION
    assert PromptBuilder.for_model("m", "ape", chat_tokenizer, {}).ape_request == APE_REQUEST
    with pytest.raises(ConfigError, match="ape_template with {source} and {draft}"):
        PromptBuilder.for_model("m", "ape", chat_tokenizer, {"ape_template": "{draft}"})


# -- proposals: generation, cleaning, fallback --------------------------------------------------


@pytest.mark.parametrize("mode", ["refine", "ape"])
def test_proposals_are_cleaned_and_unusable_answers_give_the_draft_back(tiny_causal_dir, mode):
    engine = CausalEngine(make_cfg(tiny_causal_dir, mode))
    segments = [pick(p, defective=d) for p in ("Madrid", "Lima", "Bogota") for d in (True, False)]
    raw = engine.generate([engine.model_input(s) for s in segments], [s.draft for s in segments])
    assert [text for text, _ in raw] == [answer(BY_DRAFT[s.draft]) for s in segments]  # what the model says
    proposals = engine.propose(segments)
    for seg, proposal in zip(segments, proposals):
        english = BY_DRAFT[seg.draft]
        if place(seg) == "Bogota":  # the answer ran on into a second sentence
            refused = (seg.draft, None, "llm-output-refused:extra-sentence")
            assert (proposal.text, proposal.score, proposal.note) == refused
        else:  # Madrid as said, Lima without its label and quotes
            assert (proposal.text, proposal.note) == (english, "") and proposal.score is not None


def test_batches_of_any_size_give_the_same_proposals_and_scores(tiny_causal_dir):
    segments = [seg for seg, _ in SEGMENTS[::3]]  # prompts of several lengths, left-padded together
    one = CausalEngine(make_cfg(tiny_causal_dir, batch_size=1)).propose(segments)
    many = CausalEngine(make_cfg(tiny_causal_dir, batch_size=16)).propose(segments)
    assert [p.text for p in one] == [p.text for p in many]
    for a, b in zip(one, many):
        assert (a.score is None) == (b.score is None)
        assert a.score is None or a.score == pytest.approx(b.score, abs=1e-4)


def test_an_answer_cut_off_by_the_length_limit_keeps_the_draft(tiny_causal_dir):
    engine = CausalEngine(make_cfg(tiny_causal_dir, max_length=3))
    segment = pick("Madrid", defective=True)
    assert engine.propose([segment])[0].note == "llm-output-refused:truncated"
    assert engine.propose([segment])[0].text == segment.draft


def test_greedy_whatever_the_model_ships(refine):
    settings = refine._live_model().generation_config
    assert not settings.do_sample and settings.repetition_penalty in (None, 1.0) and settings.top_k is None


# -- scores: forced decoding --------------------------------------------------------------------


def test_score_is_the_mean_log_prob_of_the_answer_and_its_end_of_turn(refine, chat_tokenizer):
    segment = pick("Madrid", defective=True)
    fix = BY_DRAFT[segment.draft]
    prompt = chat_tokenizer(refine.model_input(segment), add_special_tokens=False)["input_ids"]
    answer_ids = chat_tokenizer(fix, add_special_tokens=False)["input_ids"] + [chat_tokenizer.eos_token_id]
    with torch.inference_mode():  # one unpadded sequence, all logits: the plain computation
        logits = refine._live_model()(input_ids=torch.tensor([prompt + answer_ids])).logits[0].float()
    logprobs = torch.log_softmax(logits[len(prompt) - 1 : -1], dim=-1)
    expected = float(logprobs.gather(-1, torch.tensor(answer_ids).unsqueeze(-1)).mean())
    assert refine.score([segment], [fix])[0] == pytest.approx(expected, abs=1e-4)


def test_scores_prefer_the_fix_and_do_not_depend_on_the_batch(refine):
    segments = [pick(p, defective=True) for p in ("Madrid", "Lima", "Bogota")]
    fixes = [BY_DRAFT[s.draft] for s in segments]
    together = refine.score(segments, fixes)
    alone = [refine.score([s], [f])[0] for s, f in zip(segments, fixes)]
    assert together == pytest.approx(alone, abs=1e-4)
    madrid = segments[0]
    assert refine.score([madrid], [madrid.draft])[0] < together[0] - 0.5  # the draft lacks "the"
    assert refine.score([madrid], [fixes[0] + EXTRA_SENTENCE])[0] < together[0]


def test_pipeline_gate_and_reasons(refine):
    segments = [pick("Madrid", defective=True), pick("Madrid", defective=False), pick("Bogota", defective=True)]
    results = list(correct(segments, refine, batch_size=8, gate=GateOptions(margin=0.2)))
    fixed, same, refused = results
    assert fixed.changed and fixed.fix == BY_DRAFT[segments[0].draft] and fixed.verdict.reason.startswith("fix-better")
    assert not same.changed and same.verdict.reason == "identical"
    assert not refused.changed and refused.verdict.reason == "llm-output-refused:extra-sentence"
    assert refused.verdict.draft_score is not None  # the draft is still scored for the risk
    fields = parse_signature(fixed.signature)
    assert (fields["kind"], fields["mode"], fields["beam"]) == ("causal", "refine", "1")
    assert fields["prompt"].startswith("model-")


# -- usability: folders, remote code, config, download ------------------------------------------


def variant(tiny: Path, tmp: Path, config_changes: dict | None = None, remove: str | None = None) -> Path:
    folder = tmp / "model"
    shutil.copytree(tiny, folder)
    if remove:
        (folder / remove).unlink()
    if config_changes:
        config = json.loads((folder / "config.json").read_text())
        (folder / "config.json").write_text(json.dumps({**config, **config_changes}))
    return folder


REMOTE = {"auto_map": {"AutoModelForCausalLM": "modeling_custom.CustomForCausalLM"}}


@pytest.mark.parametrize(
    ("changes", "remove", "ok", "reason"),
    [
        (None, None, True, ""),
        ({**REMOTE, "model_type": "custom_lm"}, None, False, "needs code shipped with the model (auto_map)"),
        ({**REMOTE, "model_type": "qwen2"}, None, True, ""),  # native architecture: the auto_map is never used
        ({"model_type": None}, None, False, "names no model_type"),
        (None, "model.safetensors", False, "has no model.safetensors"),
    ],
)
def test_folder_answers_and_remote_code_refused(tiny_causal_dir, tmp_path, changes, remove, ok, reason):
    cfg = make_cfg(variant(tiny_causal_dir, tmp_path, changes, remove))
    answer_ = check_engine(cfg)
    assert answer_.ok is ok and reason in answer_.reason
    if ok:
        assert load_engine(cfg).propose([SEGMENTS[0][0]])[0].text == SEGMENTS[0][1]
    else:
        with pytest.raises(EngineUnavailable, match="needs code|model_type|safetensors"):
            CausalEngine(cfg)


def test_checking_a_causal_engine_loads_no_model(tiny_causal_dir):
    code = (
        "import sys; from pathlib import Path; from mtedit.config import EngineConfig; "
        "from mtedit.engines import check_engine; "
        f"folder = Path({str(tiny_causal_dir)!r}); "
        "assert check_engine(EngineConfig(name='m', kind='causal', mode='ape', model=folder)).ok; "
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})


def test_the_one_call_api_loads_an_llm_folder_as_a_causal_engine(tiny_causal_dir):
    import mtedit

    engine = mtedit.load_engine(str(tiny_causal_dir))
    assert (engine.config.kind, engine.config.mode, engine.config.beam) == ("causal", "ape", 1)
    segment, english = SEGMENTS[1]
    results = mtedit.correct_text(segment.draft, source=segment.source, engine=engine)
    assert [r.fix for r in results] == [english]


def test_missing_folder_names_the_folder_and_the_download(tmp_path):
    folder = tmp_path / "models" / "qwen2.5-0.5b-instruct"
    cfg = make_cfg(folder, name="qwen-ape", hub_id="Qwen/Qwen2.5-0.5B-Instruct")
    answer_ = check_engine(cfg)
    assert (answer_.ok, answer_.reason) == (False, f"model folder {folder} not found")
    assert "mtedit download qwen-ape" in answer_.remedy
    with pytest.raises(EngineUnavailable, match="not found; .*mtedit download qwen-ape"):
        load_engine(cfg)
    translate = check_engine(replace(cfg, mode="translate"))
    assert translate.reason == "engine qwen-ape: kind causal cannot run mode 'translate'"


def test_config_kind_causal_is_greedy_by_default(tmp_path):
    table = {"engines": {
        "llm": {"kind": "causal", "mode": "ape", "model": "m"},
        "b": {"kind": "causal", "model": "m", "mode": "refine", "beam": 4},
    }}  # fmt: skip
    config = parse_config(table, tmp_path / "mtedit.toml")
    assert (config.engine("llm").beam, config.engine("b").beam) == (1, 4)
    with pytest.raises(ConfigError, match="causal engine 'x' needs model"):
        parse_config({"engines": {"x": {"kind": "causal", "mode": "refine"}}}, tmp_path / "mtedit.toml")


def test_shipped_config_lists_downloadable_llms(tmp_path, capsys):
    from mtedit.cli import main
    from mtedit.config import load_config

    shipped = load_config()
    llms = {name: cfg for name, cfg in shipped.engines.items() if cfg.kind == "causal"}
    hub_ids = {cfg.hub_id for cfg in llms.values()}
    assert hub_ids == {"Qwen/Qwen2.5-0.5B-Instruct", "HuggingFaceTB/SmolLM2-360M-Instruct"}
    assert all(cfg.beam == 1 and cfg.model is not None for cfg in llms.values())
    moved = tmp_path / "mtedit.toml"  # the same engines, with model folders that do not exist here
    moved.write_text(shipped.path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["engines", "--config", str(moved)]) == 0
    listing = capsys.readouterr().out
    folder = (tmp_path / "../models/qwen2.5-0.5b-instruct").resolve()
    assert f"qwen-ape           causal/ape model={folder}\n      NOT usable: model folder {folder} not found" in listing
    assert "fix: fetch it where there is a network with: mtedit download qwen-ape" in listing


def test_download_of_a_causal_engine_offline_is_a_clear_error(tmp_path, monkeypatch):
    from fnmatch import fnmatch

    from mtedit.engines.download import ALLOW_PATTERNS

    # chat models keep their template in tokenizer_config.json or, lately, in chat_template.jinja
    assert all(any(fnmatch(name, p) for p in ALLOW_PATTERNS) for name in ("chat_template.jinja", "merges.txt"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    cfg = make_cfg(tmp_path / "qwen", hub_id="Qwen/Qwen2.5-0.5B-Instruct")
    with pytest.raises(EngineUnavailable, match=r"could not download Qwen/Qwen2.5-0.5B-Instruct into .*network"):
        download_model(cfg)
