"""Inference cost of candidate model shapes with CTranslate2 int8 on the CPU, against the bundled model.

    python bench/bench_model_size.py [--n 600] [--threads 2] [--data ../shared/data] [--shape 512x6x2x2048x8 ...]

Every model is converted to CTranslate2 int8 and decodes the same `ape` inputs (newstest2012 source +
Apertium draft) with beam 4 in batches of 16. Candidate shapes get random weights, so their outputs
are noise; to give them the same work, every model decodes each sentence to exactly the length of the
bundled model's own output (sorted by that length). Each candidate is followed by the bundled model on the
same forced lengths, so a change in the machine's load hits both; the ratio times the bundled model's
free-decoding rate estimates the candidate's rate in real use.
A shape is D_MODELxENCODER_LAYERSxDECODER_LAYERSxFFNxHEADS.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLED = HERE.parent / "models" / "mtedit-ape-es-en"
DEFAULT_SHAPES = ("512x6x6x2048x8", "512x6x2x2048x8", "384x6x2x1536x6", "384x4x2x1536x6", "384x6x1x1536x6",
                  "320x6x2x1280x5")


def _pad_last(folder: Path, out: Path) -> Path:
    """A copy of a Marian model folder with `<pad>` moved from id 0 to the last id (what CTranslate2 expects)."""
    import torch
    from transformers import MarianMTModel

    model = MarianMTModel.from_pretrained(str(folder), local_files_only=True, use_safetensors=True)
    size = model.config.vocab_size
    order = list(range(1, size)) + [0]  # new id i holds old id order[i]
    old_to_new = {old: new for new, old in enumerate(order)}
    with torch.no_grad():
        emb = model.get_input_embeddings().weight
        emb.copy_(emb[order].clone())
        model.final_logits_bias.copy_(model.final_logits_bias[:, order].clone())
    for key in ("pad_token_id", "decoder_start_token_id", "eos_token_id", "forced_eos_token_id"):
        value = getattr(model.config, key, None)
        if value is not None:
            setattr(model.config, key, old_to_new[value])
    model.generation_config.pad_token_id = model.generation_config.decoder_start_token_id = size - 1
    model.generation_config.eos_token_id = model.generation_config.forced_eos_token_id = old_to_new[1]
    model.generation_config.bad_words_ids = [[size - 1]]
    model.save_pretrained(str(out), safe_serialization=True)
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    (out / "vocab.json").write_text(json.dumps({p: old_to_new[i] for p, i in vocab.items()}, ensure_ascii=False),
                                    encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        shutil.copyfile(folder / name, out / name)
    tok_config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    tok_config["added_tokens_decoder"] = {str(old_to_new[int(i)]): t for i, t in
                                          tok_config.get("added_tokens_decoder", {}).items()}
    (out / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2), encoding="utf-8")
    return out


def _random_model(shape: str, template: Path, out: Path) -> tuple[Path, int]:
    """A randomly initialised model of `shape` with the bundled tokenizer; returns its folder and size."""
    from mtedit.train.model import build_model, count_parameters
    from mtedit.train.settings import ModelSettings

    d_model, enc, dec, ffn, heads = (int(x) for x in shape.split("x"))
    model = build_model(ModelSettings(d_model=d_model, encoder_layers=enc, decoder_layers=dec, heads=heads,
                                      ffn_dim=ffn), vocab_size=8000)
    model.save_pretrained(str(out), safe_serialization=True)
    for name in ("source.spm", "target.spm", "tokenizer_config.json", "vocab.json"):
        shutil.copyfile(template / name, out / name)
    return out, count_parameters(model)


def convert_int8(folder: Path, out: Path) -> Path:
    """CTranslate2 int8 conversion of a Marian folder (pad moved last first)."""
    import ctranslate2

    fixed = _pad_last(folder, out.with_name(out.name + "-padlast"))
    ctranslate2.converters.TransformersConverter(str(fixed)).convert(str(out), quantization="int8", force=True)
    return out


def ape_inputs(data: Path, n: int, spm_path: Path, sep: str = "<sep>") -> list[list[str]]:
    """Token pieces (with `</s>`) of the first n dev sentences in the `ape` form."""
    import sentencepiece as spm

    from mtedit.train.tokenizer import render

    source = (data / "es-en-news" / "newstest2012.es").read_text(encoding="utf-8").splitlines()[:n]
    draft = (data / "apertium-drafts" / "newstest2012.apertium.en").read_text(encoding="utf-8").splitlines()[:n]
    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    return [sp.encode(render(s, d, sep), out_type=str)[:255] + ["</s>"] for s, d in zip(source, draft)]


def free_run(translator, inputs: list[list[str]]) -> tuple[float, list[int]]:
    """Segments/s decoding freely (beam 4, batches of 16) and each output's length in tokens."""
    start = time.perf_counter()
    results = translator.translate_batch(inputs, beam_size=4, max_batch_size=16, max_decoding_length=256)
    rate = len(inputs) / (time.perf_counter() - start)
    return rate, [len(r.hypotheses[0]) for r in results]


def forced_run(translator, inputs: list[list[str]], lengths: list[int]) -> float:
    """Segments/s when every sentence is decoded to a given length: sorted by it, in batches of 16, each batch
    decoded to its longest length (beam 4)."""
    order = sorted(range(len(inputs)), key=lambda i: lengths[i])
    start = time.perf_counter()
    for first in range(0, len(order), 16):
        idx = order[first : first + 16]
        length = max(1, max(lengths[i] for i in idx))
        translator.translate_batch([inputs[i] for i in idx], beam_size=4, min_decoding_length=length,
                                   max_decoding_length=length)
    return len(inputs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--shape", action="append", help="candidate shape (repeatable); default: a fixed list")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    import ctranslate2

    inputs = ape_inputs(args.data, args.n, BUNDLED / "source.spm")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)

        def translator(folder: Path):
            return ctranslate2.Translator(str(folder), device="cpu", compute_type="int8",
                                          inter_threads=1, intra_threads=args.threads)

        bundled = translator(convert_int8(BUNDLED, tmp_path / "bundled"))
        free_run(bundled, inputs[:32])  # warm-up
        free_rate, lengths = free_run(bundled, inputs)
        rows.append({"model": "bundled 256x4x3x1024x4", "params": 8.4e6, "free": free_rate,
                     "forced": forced_run(bundled, inputs, lengths), "bundled_forced": None})
        for shape in args.shape or DEFAULT_SHAPES:
            folder, params = _random_model(shape, BUNDLED, tmp_path / f"m{shape}")
            model = translator(convert_int8(folder, tmp_path / f"ct2-{shape}"))
            forced_run(model, inputs[:32], lengths[:32])  # warm-up
            rate = forced_run(model, inputs, lengths)
            # the bundled model right after, so a change in the machine's load hits both
            rows.append({"model": shape, "params": params, "free": None, "forced": rate,
                         "bundled_forced": forced_run(bundled, inputs, lengths)})
            del model
    print(f"{args.n} newstest2012 ape inputs, beam 4, batches of 16, CTranslate2 int8, {args.threads} threads;"
          f" mean output {sum(lengths) / len(lengths):.1f} tokens")
    print("| model (d x enc x dec x ffn x heads) | params | seg/s forced length | bundled right after |"
          " ratio | est. seg/s free |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        paired = row["bundled_forced"] or row["forced"]
        ratio = row["forced"] / paired
        row["ratio"], row["estimated_free"] = ratio, ratio * free_rate
        print(f"| {row['model']} | {row['params'] / 1e6:.1f}M | {row['forced']:.1f} | {paired:.1f} | {ratio:.2f} |"
              f" {ratio * free_rate:.1f} |")
    print(f"bundled decoding freely: {free_rate:.1f} seg/s; est. = ratio x that")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
