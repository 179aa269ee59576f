"""Builders of tiny, real transformers models for tests (seconds on CPU, fully offline).

`build_tiny_marian(folder)` trains a sentencepiece model on made-up Spanish/English news sentences,
builds a Marian model (d_model 32) and trains it for a few hundred tiny steps to copy the draft out of
its refine/ape inputs, so its proposals resemble the draft. The folder is what `save_pretrained` writes
(model.safetensors, tokenizer files) plus an `mtedit.json` with the model's input templates.
"""

from __future__ import annotations

import io
import itertools
import json
import random
from pathlib import Path

APE_TEMPLATE = "{source} <sep> {draft}"
REFINE_TEMPLATE = "<sep> {draft}"

_SUBJECTS = [
    ("El gobierno", "The government"),
    ("La coalición", "The coalition"),
    ("El ministro", "The minister"),
    ("La policía", "The police"),
    ("El presidente", "The president"),
]
_VERBS = [
    ("anunció", "announced"),
    ("rechazó", "rejected"),
    ("aprobó", "approved"),
    ("criticó", "criticised"),
]
_OBJECTS = [
    ("el plan", "the plan"),
    ("la ley", "the law"),
    ("el acuerdo", "the agreement"),
    ("los ataques", "the attacks"),
    ("el presupuesto", "the budget"),
]
_PLACES = [("Madrid", "Madrid"), ("Lima", "Lima"), ("Bogotá", "Bogota")]


def sentence_pairs() -> list[tuple[str, str]]:
    """(Spanish, English) pairs built from small word lists: 5 x 4 x 5 x 3 = 300, deterministic."""
    pairs = []
    for (s_es, s_en), (v_es, v_en), (o_es, o_en), (p_es, p_en) in itertools.product(
        _SUBJECTS, _VERBS, _OBJECTS, _PLACES
    ):
        pairs.append((f"{s_es} {v_es} {o_es} en {p_es}.", f"{s_en} {v_en} {o_en} in {p_en}."))
    return pairs


def _fill(template: str, source: str, draft: str) -> str:
    return template.replace("{source}", source).replace("{draft}", draft)


def _train_spm(folder: Path, texts: list[str]) -> list[str]:
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts),
        model_writer=buffer,
        vocab_size=100,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        user_defined_symbols=["<sep>"],
        unk_id=0,
        bos_id=-1,
        eos_id=1,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
    )
    (folder / "source.spm").write_bytes(buffer.getvalue())
    (folder / "target.spm").write_bytes(buffer.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=buffer.getvalue())
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _write_vocab(folder: Path, pieces: list[str]) -> dict[str, int]:
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    return vocab


def _train_copy(model, tokenizer, examples, steps: int, seed: int) -> None:
    """Adam on batches of 32 `examples`: a list of (input, output), or a function of the step giving the list."""
    import torch

    rng = random.Random(seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small trains far faster on one thread of a busy machine
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for step in range(steps):
        batch = rng.sample(examples(step) if callable(examples) else examples, 32)
        enc = tokenizer([x for x, _ in batch], text_target=[y for _, y in batch], padding=True, return_tensors="pt")
        enc["labels"][enc["labels"] == tokenizer.pad_token_id] = -100
        loss = model(**enc).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    torch.set_num_threads(threads)


def build_tiny_marian(folder: Path | str, *, steps: int = 200, seed: int = 0) -> Path:
    """Write a tiny trained Marian model + tokenizer + mtedit.json into `folder`; return it."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pairs = sentence_pairs()
    pieces = _train_spm(folder, [t for pair in pairs for t in pair])
    vocab = _write_vocab(folder, pieces)
    tokenizer = MarianTokenizer(
        source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"), vocab=str(folder / "vocab.json")
    )
    torch.manual_seed(seed)
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=128,
        pad_token_id=vocab["<pad>"],
        eos_token_id=0,
        decoder_start_token_id=vocab["<pad>"],
        forced_eos_token_id=0,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        share_encoder_decoder_embeddings=True,
    )
    model = MarianMTModel(config)
    examples = [(_fill(REFINE_TEMPLATE, es, en), en) for es, en in pairs]
    examples += [(_fill(APE_TEMPLATE, es, en), en) for es, en in pairs]
    _train_copy(model, tokenizer, examples, steps, seed)
    model.generation_config.max_length = 64
    model.generation_config.num_beams = 1
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    meta = {"ape_template": APE_TEMPLATE, "refine_template": REFINE_TEMPLATE}
    (folder / "mtedit.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return folder


def language_examples(target_language: str) -> list[tuple[str, str]]:
    """(input, output) pairs for an M2M100-style model told `target_language`: `en` translates the Spanish
    source and copies the draft out of refine/ape inputs; `es` copies the Spanish source."""
    pairs = sentence_pairs()
    if target_language == "es":
        return [(es, es) for es, _ in pairs]
    return ([(es, en) for es, en in pairs] + [(_fill(REFINE_TEMPLATE, es, en), en) for es, en in pairs]
            + [(_fill(APE_TEMPLATE, es, en), en) for es, en in pairs])


def _train_languages(model, tokenizer, steps: int, seed: int, codes: dict[str, str]) -> None:
    """`_train_copy`, alternating target languages batch by batch (the tokenizer starts targets with their code);
    `codes` maps `en` and `es` to the tokenizer's language codes."""
    languages = ("en", "es", "en")  # English twice as often: it has three tasks

    def examples(step: int) -> list[tuple[str, str]]:
        language = languages[step % len(languages)]
        tokenizer.tgt_lang = codes[language]
        return language_examples(language)

    _train_copy(model, tokenizer, examples, steps, seed)
    tokenizer.tgt_lang = None


def _save_m2m100(folder: Path, tokenizer, vocab_size: int, seed: int, steps: int, codes: dict[str, str]) -> Path:
    """An M2M100 network over `tokenizer` (trained for `steps` batches when steps > 0), saved with it."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    torch.manual_seed(seed)
    width = 32 if steps else 16
    config = M2M100Config(
        vocab_size=vocab_size,
        d_model=width,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=2 * width,
        decoder_ffn_dim=2 * width,
        max_position_embeddings=128,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
    )
    model = M2M100ForConditionalGeneration(config).eval()
    if steps:
        _train_languages(model, tokenizer, steps, seed, codes)
        meta = {"ape_template": APE_TEMPLATE, "refine_template": REFINE_TEMPLATE}
        (folder / "mtedit.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    model.generation_config.max_length = 12
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_tiny_m2m100(folder: Path | str, *, seed: int = 0, steps: int = 0) -> Path:
    """A tiny M2M100 (language-code tokens `__en__`, forced target language) for the language-code path; untrained
    by default, or trained for `steps` batches on `language_examples` (with the tiny Marian's mtedit.json)."""
    from transformers import M2M100Tokenizer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pieces = _train_spm(folder, [t for pair in sentence_pairs() for t in pair])
    (folder / "source.spm").rename(folder / "sentencepiece.bpe.model")
    (folder / "target.spm").unlink()
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(
        vocab_file=str(folder / "vocab.json"), spm_file=str(folder / "sentencepiece.bpe.model"), src_lang="es"
    )
    vocab_size = max(tokenizer.lang_token_to_id.values()) + 1 + tokenizer.num_madeup_words
    return _save_m2m100(folder, tokenizer, vocab_size, seed, steps, {"en": "en", "es": "es"})


def build_tiny_nllb(folder: Path | str, *, seed: int = 0, steps: int = 0) -> Path:
    """A tiny NLLB-style model: an M2M100 network with an `NllbTokenizer` (a BPE trained here; language codes
    such as `eng_Latn` are tokens themselves, after the vocabulary); trained as `build_tiny_m2m100`."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import NllbTokenizer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    trainer = trainers.BpeTrainer(vocab_size=150, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<sep>"],
                                  show_progress=False)
    bpe.train_from_iterator([t for pair in sentence_pairs() for t in pair], trainer)
    state = json.loads(bpe.to_str())["model"]
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in state["merges"]]
    tokenizer = NllbTokenizer(vocab=state["vocab"], merges=merges, src_lang="spa_Latn")
    tokenizer.add_tokens(["<sep>"])  # already in the vocabulary: now also kept whole
    return _save_m2m100(folder, tokenizer, len(tokenizer), seed, steps, {"en": "eng_Latn", "es": "spa_Latn"})


def pad_first_copy(folder: Path | str, out: Path | str) -> Path:
    """The tiny Marian of `folder` with `<pad>` moved from the last id to id 0, the convention of mtedit's own
    trained models (and the bundled one); the same network, every vocabulary row permuted to match."""
    import shutil

    import torch
    from transformers import MarianMTModel, MarianTokenizer

    folder, out = Path(folder), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    last = vocab["<pad>"]
    assert last == len(vocab) - 1, "expects the Marian convention: <pad> last"
    moved = {token: 0 if i == last else i + 1 for token, i in vocab.items()}
    order = [last, *range(last)]  # new id -> old id
    model = MarianMTModel.from_pretrained(folder, local_files_only=True)
    with torch.no_grad():
        model.model.shared.weight.copy_(model.model.shared.weight[order])
        model.final_logits_bias.copy_(model.final_logits_bias[:, order])
    for settings in (model.config, model.generation_config):
        settings.pad_token_id = settings.decoder_start_token_id = 0
        settings.eos_token_id = settings.forced_eos_token_id = moved["</s>"]
    model.generation_config.bad_words_ids = [[0]]
    model.save_pretrained(out)
    for name in ("source.spm", "target.spm", "mtedit.json"):
        shutil.copy(folder / name, out / name)
    (out / "vocab.json").write_text(json.dumps(moved, ensure_ascii=False), encoding="utf-8")
    MarianTokenizer(source_spm=str(out / "source.spm"), target_spm=str(out / "target.spm"),
                    vocab=str(out / "vocab.json")).save_pretrained(out)
    return out
