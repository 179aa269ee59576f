"""Joint sentencepiece model for source, draft and target, saved as a Marian tokenizer folder.

Piece ids are the sentencepiece ids (pad 0, eos 1, unk 2, then the separator), so training can
encode with sentencepiece directly and get exactly the ids `MarianTokenizer` produces.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Sequence
from pathlib import Path

import sentencepiece as spm

from mtedit.errors import ConfigError, InputError

PAD_ID, EOS_ID, UNK_ID = 0, 1, 2
SPM_FILE = "joint.spm"


def templates(sep: str) -> dict[str, str]:
    """The input templates the model is trained with (read by the seq2seq engine from mtedit.json)."""
    return {"ape_template": f"{{source}} {sep} {{draft}}", "refine_template": f"{sep} {{draft}}"}


def render(source: str, draft: str, sep: str) -> str:
    """Model input for one example; an empty source gives the refine form."""
    t = templates(sep)
    return t["ape_template"].format(source=source, draft=draft) if source else t["refine_template"].format(draft=draft)


def train_spm(lines: Sequence[str], out_dir: Path, vocab_size: int, sep: str, model_type: str = "unigram",
              sample_lines: int = 300000, character_coverage: float = 0.9999, seed: int = 1) -> Path:
    """Train a sentencepiece model on `lines`; returns the path of the `.spm` file written in `out_dir`."""
    if model_type not in ("unigram", "bpe"):
        raise ConfigError(f"tokenizer model_type {model_type!r} is not supported; use unigram or bpe")
    lines = [x for x in lines if x.strip()]
    if not lines:
        raise InputError("no text to train the tokenizer on; build the data first with `mtedit train data`")
    if len(lines) > sample_lines:
        lines = random.Random(seed).sample(list(lines), sample_lines)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = io.BytesIO()
    try:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size, model_type=model_type,
            character_coverage=character_coverage, pad_id=PAD_ID, eos_id=EOS_ID, unk_id=UNK_ID, bos_id=-1,
            pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>", user_defined_symbols=[sep],
            hard_vocab_limit=False, num_threads=2, minloglevel=2,
        )
    except RuntimeError as exc:
        raise InputError(f"sentencepiece training failed ({str(exc).splitlines()[0]}); try a smaller vocab_size") from None
    path = out_dir / SPM_FILE
    path.write_bytes(model.getvalue())
    return path


def load_spm(path: Path) -> spm.SentencePieceProcessor:
    """Load a sentencepiece model file."""
    return spm.SentencePieceProcessor(model_file=str(path))


def write_marian_tokenizer(spm_bytes: bytes, out_dir: Path, max_length: int = 512) -> None:
    """Write a folder that `AutoTokenizer.from_pretrained(out_dir)` loads as a MarianTokenizer (joint spm)."""
    from transformers import MarianTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("source.spm", "target.spm"):
        (out_dir / name).write_bytes(spm_bytes)
    proc = spm.SentencePieceProcessor(model_proto=spm_bytes)
    vocab = {proc.id_to_piece(i): i for i in range(proc.get_piece_size())}
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = MarianTokenizer(str(out_dir / "source.spm"), str(out_dir / "target.spm"), str(out_dir / "vocab.json"),
                          model_max_length=max_length)
    tok.save_pretrained(str(out_dir))
