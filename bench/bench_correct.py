"""Whole-process benchmark of `mtedit correct` against a naive per-sentence loop, measured in one run.

    python bench/bench_correct.py --engine ape --n 300 [--config configs/mtedit.toml] [--data ../shared/data]

Runs, each as its own process (wall time and peak RSS from os.wait4):
  naive      the same model, one `generate` call per sentence with the same beam and output
             length cap (what a per-sentence transformers pipeline loop did; transformers 5 has
             no text2text/translation pipeline any more)
  mtedit     `mtedit correct --no-gate` (length-batched generation, checks)
  mtedit+gate `mtedit correct` (adds forced-decoding scores of draft and fix)
and prints segments/s, peak memory and the ratio against the naive baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAIVE = r"""
import json, sys, torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
from mtedit.config import load_config
from mtedit.engines.seq2seq import OUTPUT_LENGTH_RATIO, InputBuilder, read_model_meta
from mtedit.types import Segment
cfg = load_config(sys.argv[1] or None).engine(sys.argv[2])
build = InputBuilder.for_model(cfg, read_model_meta(cfg.model))
tok = AutoTokenizer.from_pretrained(cfg.model, local_files_only=True)
model = AutoModelForSeq2SeqLM.from_pretrained(cfg.model, local_files_only=True, use_safetensors=True).eval()
with open(sys.argv[3], encoding="utf-8") as f, open(sys.argv[4], "w", encoding="utf-8") as out:
    for line in f:
        row = json.loads(line)
        text = build(Segment(id=row["id"], draft=row["draft"], source=row.get("source")))
        enc = tok(text, return_tensors="pt", truncation=True, max_length=cfg.max_length)
        limit = min(cfg.max_length, int(enc["input_ids"].shape[1] * OUTPUT_LENGTH_RATIO) + 10)  # as mtedit
        with torch.inference_mode():
            ids = model.generate(**enc, num_beams=cfg.beam, max_length=limit)
        out.write(tok.decode(ids[0], skip_special_tokens=True) + "\n")
"""


def make_input(data: Path, n: int, folder: Path) -> Path:
    """The first n sentences of the dev set (Spanish source + Apertium draft) as JSONL."""
    source = (data / "es-en-news" / "newstest2012.es").read_text(encoding="utf-8").splitlines()[:n]
    draft = (data / "apertium-drafts" / "newstest2012.apertium.en").read_text(encoding="utf-8").splitlines()[:n]
    path = folder / "bench.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, (s, d) in enumerate(zip(source, draft)):
            handle.write(json.dumps({"id": f"s{i}", "source": s, "draft": d}, ensure_ascii=False) + "\n")
    return path


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark step failed: {' '.join(command)}\n{proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True, help="a seq2seq engine from the config")
    parser.add_argument("--config", default="", help="engines config (default: the project's)")
    parser.add_argument("--n", type=int, default=200, help="segments")
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--input", type=Path, help="a JSONL file instead of the dev set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = args.input or make_input(args.data, args.n, folder)
        n = sum(1 for _ in data.open(encoding="utf-8"))
        config = ["--config", args.config] if args.config else []
        mtedit = [sys.executable, "-m", "mtedit.cli", "correct", str(data), "--engine", args.engine, "-q", *config]
        runs = {
            "naive": [sys.executable, "-c", NAIVE, args.config, args.engine, str(data), str(folder / "naive.txt")],
            "mtedit": [*mtedit, "--no-gate", "-o", str(folder / "nogate.jsonl")],
            "mtedit+gate": [*mtedit, "-o", str(folder / "gate.jsonl")],
        }
        results = {name: measure(cmd) for name, cmd in runs.items()}
    base_wall, base_mem = results["naive"]
    print(f"{n} segments, engine {args.engine}, {os.cpu_count()} CPUs, torch threads default")
    print(f"{'run':12} {'seconds':>8} {'seg/s':>8} {'peak MiB':>9} {'speed x':>8} {'memory x':>9}")
    for name, (wall, mem) in results.items():
        print(f"{name:12} {wall:8.1f} {n / wall:8.2f} {mem:9.0f} {base_wall / wall:8.2f} {mem / base_mem:9.2f}")


if __name__ == "__main__":
    main()
