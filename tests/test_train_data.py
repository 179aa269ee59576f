"""Training data: filters, apertium triples on a few lines, chunk cache, settings errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtedit.errors import ConfigError, InputError
from mtedit.train.data import build_data, cached_translate, read_tsv, reject_reason
from mtedit.train.settings import DataSettings, load_settings, settings_from_dict

CFG = DataSettings(max_words=12, max_chars=80)


@pytest.mark.parametrize(
    ("triple", "expected"),
    [
        (("El perro duerme.", "The dog sleeps.", "The dog is sleeping."), None),
        (("", "The dog sleeps.", "The dog sleeps."), "empty"),
        (("Hola", "Hello", ""), "empty"),
        (("uno " * 13, "one " * 13, "one " * 13), "too long"),
        (("x" * 81, "y", "z"), "too long"),
        (("12 34 56", "12 34 56", "12 34 56 78 90 -- ++"), "garbage"),
        (("a\x07b", "ab", "ab"), "garbage"),
        (("La casa es muy grande y bonita.", "The house", "The house is very big and pretty."), "length ratio"),
        (("La casa", "The house is very big and pretty.", "The house is very big and pretty."), "length ratio"),
        (("Sí.", "Yes.", "Yes indeed."), None),  # short lines skip the ratio test
    ],
)
def test_reject_reason(triple, expected):
    assert reject_reason(triple, CFG) == expected


def _fake_translate(calls):
    def translate(lines, pair):
        calls.append((pair, len(lines)))
        return [f"{pair}:{x}" for x in lines]

    return translate


def test_cached_translate_reuses_finished_chunks(tmp_path: Path):
    calls: list = []
    lines = [f"line {i}" for i in range(5)]
    cols = cached_translate(lines, ("eng-spa", "spa-eng"), tmp_path, "t", 2, _fake_translate(calls))
    assert cols[0] == lines
    assert cols[2][3] == "spa-eng:eng-spa:line 3"
    assert len(calls) == 6  # 3 chunks x 2 directions
    again = cached_translate(lines, ("eng-spa", "spa-eng"), tmp_path, "t", 2, _fake_translate(calls))
    assert again == cols and len(calls) == 6
    changed = lines[:4] + ["other"]
    cached_translate(changed, ("eng-spa", "spa-eng"), tmp_path, "t", 2, _fake_translate(calls))
    assert len(calls) == 8  # only the changed last chunk is redone


MONO = ["The president said on Monday that the economy is growing.", "Prices rose by 3% in March.",
        "The team won its third match in a row.", "He said that he would not resign."]
ES = ["El presidente dijo el lunes que la economía está creciendo.", "La policía detuvo a dos hombres."]
EN = ["The president said on Monday that the economy is growing.", "Police arrested two men."]


def _data_dir(root: Path) -> Path:
    (root / "en-news-mono").mkdir(parents=True)
    (root / "es-en-news").mkdir()
    (root / "apertium-drafts").mkdir()
    (root / "en-news-mono" / "mono.en").write_text("\n".join(MONO + [EN[1]]) + "\n", encoding="utf-8")
    (root / "es-en-news" / "small.es").write_text("\n".join(ES) + "\n", encoding="utf-8")
    (root / "es-en-news" / "small.en").write_text("\n".join(EN) + "\n", encoding="utf-8")
    (root / "es-en-news" / "dev.es").write_text(ES[1] + "\n", encoding="utf-8")
    (root / "es-en-news" / "dev.en").write_text(EN[1] + "\n", encoding="utf-8")
    (root / "apertium-drafts" / "dev.apertium.en").write_text("The police stopped two men.\n", encoding="utf-8")
    return root


def test_build_data_with_apertium(tmp_path: Path):
    root = _data_dir(tmp_path / "data")
    settings = settings_from_dict({"name": "t", "data": {
        "mono": "en-news-mono/mono.en", "real_sets": ["small"], "dev_set": "dev",
        "dev_draft": "apertium-drafts/dev.apertium.en", "real_upsample": 3, "keep_identical": 1.0}}, tmp_path)
    stats = build_data(settings, root)
    train = read_tsv(settings.data_dir / "train.tsv")
    dev = read_tsv(settings.data_dir / "dev.tsv")
    assert dev == [(ES[1], "The police stopped two men.", EN[1])]
    assert all(t != EN[1] for _, _, t in train)  # a dev reference never reaches training
    assert stats.synthetic == len(MONO) and stats.real == 1 and stats.train == len(MONO) + 3
    synth = {t: (s, d) for s, d, t in train}
    source, draft = synth[MONO[1]]
    assert "precios" in source.lower() and "3%" in draft  # real apertium round trip
    assert json.loads((settings.data_dir / "stats.json").read_text())["train"] == stats.train


def test_build_data_missing_folder_is_one_line(tmp_path: Path):
    settings = settings_from_dict({"name": "t"}, tmp_path)
    with pytest.raises(InputError, match="--data"):
        build_data(settings, tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("raw", "match"),
    [({}, "name"), ({"name": "x", "model": {"depth": 3}}, "depth"), ({"name": "x", "extra": {}}, "extra"),
     ({"name": "x", "train": {"lr": "fast"}}, "lr"), ({"name": "x", "train": {"bf16": 1}}, "bf16")],
)
def test_bad_settings(raw, match, tmp_path: Path):
    with pytest.raises(ConfigError, match=match):
        settings_from_dict(raw, tmp_path)


def test_shipped_configs_load():
    for path in Path(__file__).resolve().parent.parent.glob("configs/train/*.toml"):
        settings = load_settings(path)
        assert settings.tokenizer.sep and settings.model.d_model > 0


def test_variants_and_round_trips_of_the_real_english(tmp_path: Path):
    """Every variant pair re-translates the Spanish; a variant is kept only where its draft is a new one."""
    root = _data_dir(tmp_path / "data")
    calls: list = []

    def translate(lines, pair):
        calls.append(pair)
        if pair == "spa-eng_US":  # differs from spa-eng on the first line only
            return [f"spa-eng:{x}" if i else f"US:{x}" for i, x in enumerate(lines)]
        return [f"{pair}:{x}" for x in lines]

    settings = settings_from_dict({"name": "t", "data": {
        "mono": "en-news-mono/mono.en", "real_sets": ["small"], "dev_set": "dev", "max_ratio": 9.0,
        "dev_draft": "apertium-drafts/dev.apertium.en", "real_upsample": 1, "keep_identical": 1.0,
        "variant_pairs": ["spa-eng_US"], "round_trip_real": True}}, tmp_path)
    stats = build_data(settings, root, translate)
    train = read_tsv(settings.data_dir / "train.tsv")
    # mono: 4 round trips + 1 US variant; real: 1 + 1 variant (the dev reference is left out); round trip: 1
    assert (stats.synthetic, stats.real, stats.round_trips_real, stats.variants) == (5, 2, 1, 2)
    assert ("eng-spa:" + MONO[0], "US:eng-spa:" + MONO[0], MONO[0]) in train
    assert (ES[0], "US:" + ES[0], EN[0]) in train and (ES[0], "spa-eng:" + ES[0], EN[0]) in train
    assert (ES[0], "spa-eng:eng-spa:" + EN[0], EN[0]) in train  # human Spanish, round trip of the human English
    assert all(t != EN[1] for _, _, t in train)
