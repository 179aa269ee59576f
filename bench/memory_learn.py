"""Learning simulation: does `mtedit learn` on one half of newstest2012 help on the other half?

    python bench/memory_learn.py [--data ../shared/data] [--work runs/learn-bench] [--minutes 20] [--n-eval 1501]

Half A (the first 1,501 sentences: source, Apertium draft, reference) goes into a fresh memory as the desk's
edits; `mtedit learn` fine-tunes the bundled ape model on it for --minutes; then `mtedit correct` (gate on,
memory off) and `mtedit eval` score the bundled and the learned engine on the first --n-eval sentences of
half B. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from eval_dev import mtedit

from mtedit.memory.db import TranslationMemory, Unit

HERE = Path(__file__).resolve().parent
HALF = 1501


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, default=Path("runs/learn-bench"))
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--n-eval", type=int, default=3003 - HALF)
    parser.add_argument("--n-learn", type=int, default=HALF, help="sentences of half A to learn from (a quick try)")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    read = lambda rel: (args.data / rel).read_text(encoding="utf-8").splitlines()  # noqa: E731
    rows = list(zip(read("es-en-news/newstest2012.es"), read("apertium-drafts/newstest2012.apertium.en"),
                    read("es-en-news/newstest2012.en")))
    half_a, half_b = rows[:args.n_learn], rows[HALF:HALF + args.n_eval]
    model = (HERE.parent / "models" / "mtedit-ape-es-en").resolve()
    config = work / "mtedit.toml"
    config.write_text(f'default_engine = "ape"\nstore = "review.sqlite"\n[memory]\npath = "memory.sqlite"\n'
                      f'[engines.ape]\nkind = "seq2seq"\nmode = "ape"\nmodel = "{model}"\nbeam = 4\nbatch_size = 32\n'
                      'margin = 0.4\nmax_change = 0.5\nreject_new_warnings = true\n', encoding="utf-8")
    (work / "memory.sqlite").unlink(missing_ok=True)
    TranslationMemory(work / "memory.sqlite").add(
        Unit(ref, src, draft, "bench", 1, i) for i, (src, draft, ref) in enumerate(half_a))
    dev = work / "half-b.jsonl"
    dev.write_text("".join(json.dumps({"id": f"b{i}", "source": s, "draft": d, "reference": r}, ensure_ascii=False)
                           + "\n" for i, (s, d, r) in enumerate(half_b)), encoding="utf-8")
    start = time.perf_counter()
    learned = mtedit("learn", "--config", str(config), "--engine", "ape", "--minutes", str(args.minutes),
                     "--out", str(work / "ape-learned"), "--run-dir", str(work / "run"))
    learn_minutes = (time.perf_counter() - start) / 60
    print(learned.strip())
    print(f"mtedit learn took {learn_minutes:.1f} min in all ({args.minutes:g} min of training)")
    print(f"| engine (gate on, half B: {len(half_b)} sentences) | BLEU | chrF | TER | ΔTER | changed | improved |"
          " worsened |\n|---|---|---|---|---|---|---|---|")
    for engine in ("ape", "ape-learned"):
        out = work / f"{engine}.jsonl"
        mtedit("correct", str(dev), "--config", str(config), "--engine", engine, "--no-memory", "-q", "-o", str(out))
        r = json.loads(mtedit("eval", "--log", str(work / f"{engine}.log.jsonl"), "--json"))
        n = r["segments"]
        print(f"| {engine} | {r['fix']['bleu']:.2f} | {r['fix']['chrf']:.2f} | {r['fix']['ter']:.2f} |"
              f" {r['fix']['ter'] - r['draft']['ter']:+.2f} | {100 * r['changed'] / n:.1f}% |"
              f" {100 * r['improved'] / n:.1f}% | {100 * r['worsened'] / n:.1f}% |", flush=True)


if __name__ == "__main__":
    main()
