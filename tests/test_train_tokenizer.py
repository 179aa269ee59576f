"""Joint sentencepiece tokenizer: separator piece, templates, Marian folder round trip offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from transformers import AutoTokenizer

from mtedit.errors import ConfigError, InputError
from mtedit.train.tokenizer import EOS_ID, PAD_ID, UNK_ID, load_spm, render, templates, train_spm, write_marian_tokenizer

CORPUS = [
    "The government said on Tuesday that prices would rise.",
    "El gobierno dijo el martes que los precios subirían.",
    "The government said Tuesday that the prices would go up.",
    "Police arrested two men after the match in Madrid.",
    "La policía detuvo a dos hombres después del partido en Madrid.",
    "The police stopped two men after the party in Madrid.",
] * 20


@pytest.fixture(scope="module")
def spm_path(tmp_path_factory) -> Path:
    return train_spm(CORPUS, tmp_path_factory.mktemp("tok"), vocab_size=120, sep="<sep>")


@pytest.mark.parametrize(
    ("source", "draft", "expected"),
    [("Hola.", "Hello.", "Hola. <sep> Hello."), ("", "Hello.", "<sep> Hello.")],
)
def test_render_matches_templates(source, draft, expected):
    assert render(source, draft, "<sep>") == expected
    t = templates("<sep>")
    assert t == {"ape_template": "{source} <sep> {draft}", "refine_template": "<sep> {draft}"}


def test_special_ids_and_separator_piece(spm_path: Path):
    sp = load_spm(spm_path)
    assert (sp.pad_id(), sp.eos_id(), sp.unk_id()) == (PAD_ID, EOS_ID, UNK_ID)
    pieces = sp.encode(render("El gobierno.", "The government.", "<sep>"), out_type=str)
    assert pieces.count("<sep>") == 1


def test_marian_folder_loads_offline_with_same_ids(spm_path: Path, tmp_path: Path):
    out = tmp_path / "tok"
    write_marian_tokenizer(spm_path.read_bytes(), out)
    assert {"source.spm", "target.spm", "vocab.json"} <= {p.name for p in out.iterdir()}
    tok = AutoTokenizer.from_pretrained(str(out), local_files_only=True)
    sp = load_spm(spm_path)
    for text in (render("La policía detuvo a dos hombres.", "The police stopped two men.", "<sep>"),
                 render("", "Prices would rise in Madrid.", "<sep>")):
        assert tok(text)["input_ids"] == sp.encode(text) + [EOS_ID]
    ids = tok("Police arrested two men.")["input_ids"]
    assert tok.decode(ids, skip_special_tokens=True) == "Police arrested two men."


@pytest.mark.parametrize(("lines", "kind", "error"), [([], "unigram", InputError), (CORPUS, "word2vec", ConfigError)])
def test_bad_tokenizer_input(lines, kind, error, tmp_path: Path):
    with pytest.raises(error):
        train_spm(lines, tmp_path, vocab_size=100, sep="<sep>", model_type=kind)
