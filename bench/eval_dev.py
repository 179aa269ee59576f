"""Evaluate engines on the newstest2012 dev set (Spanish source, Apertium draft, human reference).

    python bench/eval_dev.py --engine ape --engine ape-refine [--n 3003] [--data ../shared/data] [--out runs/eval]

For each engine: `mtedit correct` over the dev set as a whole process (segments/s), then `mtedit eval`
of the edit log with the gate on (the fixes) and off (the engine's proposals). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_dev(data: Path, n: int, out: Path) -> Path:
    """newstest2012 as JSONL with source, draft and reference."""
    read = lambda rel: (data / rel).read_text(encoding="utf-8").splitlines()[:n]  # noqa: E731
    rows = zip(read("es-en-news/newstest2012.es"), read("apertium-drafts/newstest2012.apertium.en"),
               read("es-en-news/newstest2012.en"))
    path = out / "dev.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, (source, draft, ref) in enumerate(rows):
            handle.write(json.dumps({"id": f"nt12-{i + 1}", "source": source, "draft": draft, "reference": ref},
                                    ensure_ascii=False) + "\n")
    return path


def mtedit(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "mtedit.cli", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"mtedit {' '.join(args)} failed: {done.stderr.strip()[-1500:]}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", required=True, help="engine name (repeatable)")
    parser.add_argument("--config", default=None)
    parser.add_argument("--n", type=int, default=3003)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=Path("runs/eval"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    dev = make_dev(args.data, args.n, args.out)
    config = ["--config", args.config] if args.config else []
    rows = []
    for engine in args.engine:
        log = args.out / f"{engine}.log.jsonl"
        start = time.perf_counter()
        mtedit("correct", str(dev), "--engine", engine, "-q", "-o", str(args.out / f"{engine}.jsonl"), *config)
        rate = args.n / (time.perf_counter() - start)
        for gate, extra in (("on", []), ("off", ["--proposals"])):
            result = json.loads(mtedit("eval", "--log", str(log), "--json", *extra))
            rows.append((engine, gate, result, rate))
    first = rows[0][2]
    print(f"dev: newstest2012, {first['segments']} segments; draft BLEU {first['draft']['bleu']:.2f} "
          f"chrF {first['draft']['chrf']:.2f} TER {first['draft']['ter']:.2f}")
    print("| engine | gate | BLEU | chrF | TER | ΔTER | changed | improved | worsened | seg/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for engine, gate, r, rate in rows:
        n = r["segments"]
        pct = lambda k: f"{100 * r[k] / n:.1f}%"  # noqa: E731
        print(f"| {engine} | {gate} | {r['fix']['bleu']:.2f} | {r['fix']['chrf']:.2f} | {r['fix']['ter']:.2f} | "
              f"{r['fix']['ter'] - r['draft']['ter']:+.2f} | {pct('changed')} | {pct('improved')} | {pct('worsened')} | "
              f"{rate:.1f} |")
    print(f"signature: {rows[0][2]['run_signature']}")


if __name__ == "__main__":
    main()
