"""Run the checks over newstest2012: Apertium drafts and human references against the Spanish source.

Prints flag counts per kind and severity for both targets (flags on references estimate false
positives) and a random sample of draft flags with their sentences for judging by hand.

    python bench/checks_report.py [DATA_DIR] [--sample 20] [--seed 0] [--kind KIND] [--fixes FILE]

`--fixes` adds a column for fixes of the same sentences: a text file (one per line) or the JSONL
output of `mtedit correct` (its "final" field).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtedit.checks import check  # noqa: E402


def _read(path: Path) -> list[str]:
    if not path.is_file():
        raise SystemExit(f"{path} not found; pass the data folder (with es-en-news/ and apertium-drafts/)")
    return path.read_text(encoding="utf-8").splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default="../shared/data", type=Path)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kind", help="sample only flags of this kind")
    parser.add_argument("--fixes", type=Path, help="fixes to count flags on too (txt lines or correct's JSONL)")
    args = parser.parse_args(argv)
    src = _read(args.data / "es-en-news" / "newstest2012.es")
    targets = {"draft": _read(args.data / "apertium-drafts" / "newstest2012.apertium.en"),
               "reference": _read(args.data / "es-en-news" / "newstest2012.en")}
    if args.fixes:
        lines = _read(args.fixes)
        targets["fix"] = [json.loads(line)["final"] for line in lines] if args.fixes.suffix == ".jsonl" else lines
    results = {}
    for name, lines in targets.items():
        if len(lines) != len(src):
            raise SystemExit(f"{name}: {len(lines)} lines but the source has {len(src)}")
        start = time.perf_counter()
        results[name] = [check(s, t, side="draft") for s, t in zip(src, lines, strict=True)]
        print(f"{name}: {len(lines)} sentences checked in {time.perf_counter() - start:.1f} s")
    kinds = sorted({(f.kind, f.severity) for r in results.values() for fl in r for f in fl})
    print(f"\n{'kind':<18}{'severity':<10}" + "".join(f"{n:>10}" for n in results))
    counts = {n: Counter((f.kind, f.severity) for fl in r for f in fl) for n, r in results.items()}
    for key in kinds:
        print(f"{key[0]:<18}{key[1]:<10}" + "".join(f"{counts[n][key]:>10}" for n in results))
    for n, r in results.items():
        flagged = sum(1 for fl in r if fl)
        print(f"{n}: {sum(counts[n].values())} flags, {flagged} sentences flagged of {len(r)}")
    pool = [(i, f) for i, fl in enumerate(results["draft"]) for f in fl if not args.kind or f.kind == args.kind]
    rng = random.Random(args.seed)
    print(f"\nrandom sample of {min(args.sample, len(pool))} draft flags (seed {args.seed}):")
    for i, f in sorted(rng.sample(pool, min(args.sample, len(pool))), key=lambda pair: pair[0]):
        draft = targets["draft"][i]
        where = f" @{draft[f.span.start:f.span.end]!r}" if f.span else ""
        print(f"\n[{i + 1}] {f.kind}/{f.severity}: {f.message}{where}\n  ES:  {src[i]}\n  MT:  {draft}"
              f"\n  REF: {targets['reference'][i]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
