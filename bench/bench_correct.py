"""Whole-process benchmark of `mtedit correct` on both backends against a naive per-sentence loop, in one run.

    python bench/bench_correct.py --data ../shared/data --engine ape --n 300 [--threads N]
        [--runs naive,transformers,ctranslate2] [--json FILE]

Runs, each as its own process (wall time and peak RSS from os.wait4):
  naive               the same model, one transformers `generate` call per sentence with the same beam and
                      output length cap (what a per-sentence pipeline loop did)
  BACKEND             `mtedit correct --no-gate --backend BACKEND` (length-bucketed batches, checks)
  BACKEND+gate        `mtedit correct --backend BACKEND` (adds forced-decoding scores of draft and fix)
then, per backend, one in-process run that times each stage (model load, generation, forced-decoding scores,
checks + gate + diff), and the quality of each backend's proposals (gate off) and fixes (gate on) against the
reference, with the share of sentences whose gate decision is the same on both backends.
The model's ctranslate2 copy is made first when it is missing (`mtedit convert ENGINE`, not timed).
On a shared machine compare the ratios, which are measured in the same run, not the absolute rates.
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
from mtedit.engines.backends.threads import thread_count
from mtedit.engines.seq2seq import OUTPUT_LENGTH_RATIO, InputBuilder, read_model_meta
from mtedit.types import Segment
cfg = load_config(sys.argv[1] or None).engine(sys.argv[2])
torch.set_num_threads(thread_count(int(sys.argv[5])))
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
STAGES = r"""
import json, sys, time
started = time.perf_counter()
from dataclasses import replace
from mtedit.commands.correct import with_overrides
from mtedit.config import load_config
from mtedit.io import read_document
from mtedit.pipeline import correct, load_engine_by_name
config = with_overrides(load_config(sys.argv[1] or None), sys.argv[2],
                        {"backend": sys.argv[4], "threads": int(sys.argv[5])})
engine = load_engine_by_name(config, sys.argv[2])
segments = read_document(sys.argv[3]).segments
times = {"load": time.perf_counter() - started, "generate": 0.0, "scores": 0.0}
def timed(name, method):
    def run(*args):
        t = time.perf_counter()
        try:
            return method(*args)
        finally:
            times[name] += time.perf_counter() - t
    return run
import mtedit.pipeline as pipeline
engine.propose, engine.score = timed("generate", engine.propose), timed("scores", engine.score)
times["checks"] = 0.0
pipeline._result = timed("checks", pipeline._result)  # checks, gate, diff and scores of one segment
t = time.perf_counter()
for _ in correct(segments, engine, batch_size=engine.config.batch_size):
    pass
times["pipeline"] = time.perf_counter() - t
print(json.dumps(times))
"""


def make_input(data: Path, n: int, folder: Path) -> tuple[Path, list[str]]:
    """The first n sentences of the dev set (Spanish source + Apertium draft) as JSONL, and their references."""
    read = lambda rel: (data / rel).read_text(encoding="utf-8").splitlines()[:n]  # noqa: E731
    source, draft = read("es-en-news/newstest2012.es"), read("apertium-drafts/newstest2012.apertium.en")
    path = folder / "bench.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, (s, d) in enumerate(zip(source, draft)):
            handle.write(json.dumps({"id": f"s{i}", "source": s, "draft": d}, ensure_ascii=False) + "\n")
    return path, read("es-en-news/newstest2012.en")


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MiB) and stdout of one child process."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0), err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"benchmark step failed: {' '.join(command)}\n{err.read().decode()[-2000:]}")
        return wall, usage.ru_maxrss / 1024, out.read().decode()


def quality(log: Path, references: list[str]) -> dict[str, float]:
    """Corpus BLEU and TER of the proposals (gate off) and the fixes (gate on) of one edit log."""
    from sacrebleu.metrics import BLEU, TER

    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    refs = [references[int(r["id"][1:])] for r in rows]
    out = {}
    for name, key in (("off", "proposal"), ("on", "fix")):
        hyps = [r[key] for r in rows]
        out[f"bleu_{name}"] = BLEU().corpus_score(hyps, [refs]).score
        out[f"ter_{name}"] = TER().corpus_score(hyps, [refs]).score
    out["changed"] = sum(r["changed"] for r in rows) / len(rows)
    return out


def decisions(log: Path) -> list[bool]:
    return [json.loads(line)["changed"] for line in log.read_text(encoding="utf-8").splitlines()]


def ensure_converted(config: str, engine: str) -> None:
    """Make the engine's ctranslate2 copy when it is missing or stale (not timed)."""
    sys.path.insert(0, str(HERE.parent))
    from mtedit.config import load_config
    from mtedit.engines.backends.convert import conversion_of, convert_model

    cfg = load_config(config or None).engine(engine)
    if not conversion_of(cfg).ready:
        print(f"converting {cfg.model} for ctranslate2 (mtedit convert {engine}) ...", file=sys.stderr)
        convert_model(cfg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="ape", help="a seq2seq engine from the config (default ape)")
    parser.add_argument("--config", default="", help="engines config (default: the project's)")
    parser.add_argument("--n", type=int, default=300, help="segments (default 300)")
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads per run (default: every usable core)")
    parser.add_argument("--runs", default="naive,transformers,ctranslate2", help="comma-separated runs")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    runs = args.runs.split(",")
    if "ctranslate2" in runs:
        ensure_converted(args.config, args.engine)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data, references = make_input(args.data, args.n, folder)
        n = len(references)
        config = ["--config", args.config] if args.config else []
        threads = ["--threads", str(args.threads)] if args.threads else []
        commands: dict[str, list[str]] = {}
        if "naive" in runs:
            commands["naive"] = [sys.executable, "-c", NAIVE, args.config, args.engine, str(data),
                                 str(folder / "naive.txt"), str(args.threads)]
        backends = [b for b in runs if b in ("transformers", "ctranslate2")]
        for backend in backends:
            base = [sys.executable, "-m", "mtedit.cli", "correct", str(data), "--engine", args.engine, "-q",
                    "--backend", backend, *threads, *config]
            commands[backend] = [*base, "--no-gate", "-o", str(folder / f"{backend}-nogate.jsonl")]
            commands[f"{backend}+gate"] = [*base, "-o", str(folder / f"{backend}-gate.jsonl")]
        results = {name: measure(cmd)[:2] for name, cmd in commands.items()}
        stages = {b: json.loads(measure([sys.executable, "-c", STAGES, args.config, args.engine, str(data), b,
                                         str(args.threads)])[2]) for b in backends}
        scores = {b: quality(folder / f"{b}-gate.log.jsonl", references) for b in backends}
        same = None
        if len(backends) == 2:
            a, b = (decisions(folder / f"{x}-gate.log.jsonl") for x in backends)
            same = sum(x == y for x, y in zip(a, b)) / n
    from mtedit.engines.backends.threads import usable_cores

    print(f"{n} segments of newstest2012 (source + Apertium draft), engine {args.engine}, "
          f"{usable_cores()} usable cores, threads {args.threads or 'all'}; ratios are within this run")
    base_wall, base_mem = results.get("naive") or next(iter(results.values()))
    print(f"\n{'run':20} {'seconds':>8} {'seg/s':>8} {'peak MiB':>9} {'speed x':>8} {'memory x':>9}")
    for name, (wall, mem) in results.items():
        print(f"{name:20} {wall:8.1f} {n / wall:8.2f} {mem:9.0f} {base_wall / wall:8.2f} {mem / base_mem:9.2f}")
    print("\nwhere the time goes, gate on, in seconds (checks: checks + gate + diff of every segment; they run"
          " while the model works on the next batch, so the stages add up to more than the pipeline's wall time)")
    print(f"{'backend':14} {'load':>6} {'generate':>9} {'scores':>7} {'checks':>7} {'pipeline':>9} {'seg/s':>7}")
    for backend, t in stages.items():
        print(f"{backend:14} {t['load']:6.1f} {t['generate']:9.1f} {t['scores']:7.1f} {t['checks']:7.1f} "
              f"{t['pipeline']:9.1f} {n / t['pipeline']:7.1f}")
    print("\nquality against the reference: proposals (gate off) and fixes (gate on)")
    print(f"{'backend':14} {'BLEU off':>9} {'TER off':>8} {'BLEU on':>8} {'TER on':>7} {'changed':>8}")
    for backend, q in scores.items():
        print(f"{backend:14} {q['bleu_off']:9.2f} {q['ter_off']:8.2f} {q['bleu_on']:8.2f} {q['ter_on']:7.2f} "
              f"{q['changed']:8.1%}")
    if same is not None:
        print(f"gate decisions the same on both backends: {same:.1%} of sentences")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"n": n, "runs": results, "stages": stages, "quality": scores,
                                         "same_decisions": same}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
