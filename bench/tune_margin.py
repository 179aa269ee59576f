"""Choose the gate margin from one edit log written with `--no-gate` (it records every proposal with both scores).

    mtedit correct tune.jsonl --engine ape --no-gate -o runs/tune/ape.jsonl
    python bench/tune_margin.py runs/tune/ape.log.jsonl --margins -0.2 0 0.1 0.2 0.4 --max-changes 0.2 0.4 1
    python bench/tune_margin.py runs/eval/refine.log.jsonl --tune 600 --max-worsened 8

Replays `mtedit.gate.decide` with each margin and max_change on the recorded scores and flags, and prints corpus
BLEU/chrF/TER against the references and the share of sentences changed, improved and worsened.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from mtedit.commands.evaluate import evaluate
from mtedit.editlog import read_edit_log
from mtedit.gate import decide
from mtedit.score import hter
from mtedit.types import Flag


def _flags(record: dict, side: str) -> tuple[Flag, ...]:
    return tuple(Flag(f["kind"], f["severity"], f["message"], f["side"]) for f in record["flags"] if f["side"] == side)


def replay(records: list[dict], margin: float, max_change: float | None, strict: bool = False) -> list[str]:
    """The fixes the gate would keep at `margin` and `max_change` (and `reject_new_warnings` = `strict`)."""
    fixes = []
    for r in records:
        change = hter(r["draft"], r["proposal"]) if max_change is not None else None
        verdict = decide(r["draft"], r["proposal"], draft_score=r["draft_score"], fix_score=r["fix_score"],
                         margin=margin, draft_flags=_flags(r, "draft"), fix_flags=_flags(r, "fix"),
                         change=change, max_change=max_change, reject_new_warnings=strict)
        fixes.append(r["proposal"] if verdict.accepted else r["draft"])
    return fixes


def _table(records: list[dict], grid: list[tuple[float, float | None, bool]]) -> list[tuple[str, float, float, str]]:
    """Print one Markdown table over `records`; return (label, ΔTER, worsened share, row) per gate setting."""
    drafts = [r["draft"] for r in records]
    refs = [r["reference"] for r in records]
    print("| margin | max_change | new warnings | BLEU | chrF | TER | ΔTER | changed | improved | worsened |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for label, fixes in [("off | - | -", [r["proposal"] or r["draft"] for r in records])] + [
        (f"{m:g} | {'-' if c is None else f'{c:g}'} | {'reject' if w else 'allow'}", replay(records, m, c, w))
        for m, c, w in grid
    ]:
        ev = evaluate(drafts, fixes, refs)
        n = ev.segments
        delta = ev.fix["ter"] - ev.draft["ter"]
        row = (f"| {label} | {ev.fix['bleu']:.2f} | {ev.fix['chrf']:.2f} | {ev.fix['ter']:.2f} | "
               f"{delta:+.2f} | {100 * ev.changed / n:.1f}% | {100 * ev.improved / n:.1f}% | "
               f"{100 * ev.worsened / n:.1f}% |")
        print(row)
        rows.append((label, delta, 100 * ev.worsened / n, row))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--margins", type=float, nargs="+", default=[-0.2, 0.0, 0.1, 0.2, 0.3, 0.5, 1.0])
    parser.add_argument("--max-changes", type=float, nargs="+", default=[0.15, 0.3, 0.5], help="besides no limit")
    parser.add_argument("--tune", type=int, default=0,
                        help="tune on this many random segments (seed 1) and report the rest apart (default: all)")
    parser.add_argument("--max-worsened", type=float, default=10.0,
                        help="pick the setting with the best ΔTER whose worsened share (%%) stays under this")
    args = parser.parse_args()
    records = sorted(read_edit_log(args.log), key=lambda r: r.get("index", 0))
    grid = [(m, c, w) for m in args.margins for c in [None, *args.max_changes] for w in (False, True)]
    tune, rest = records, []
    if args.tune and args.tune < len(records):
        order = list(range(len(records)))
        random.Random(1).shuffle(order)
        chosen = set(order[: args.tune])
        tune = [r for i, r in enumerate(records) if i in chosen]
        rest = [r for i, r in enumerate(records) if i not in chosen]
        print(f"tuning part: {len(tune)} random segments (seed 1)")
    rows = _table(tune, grid)
    ok = [(setting, row) for setting, row in zip(grid, rows[1:]) if row[2] <= args.max_worsened]
    if not ok:
        print(f"\nno setting keeps worsened <= {args.max_worsened:g}%")
        return
    best, row = min(ok, key=lambda pair: pair[1][1])
    print(f"\npick: margin | max_change | new warnings = {row[0]} (best ΔTER with worsened <= {args.max_worsened:g}%)")
    if rest:
        print(f"\nthe other {len(rest)} segments, picked setting:")
        _table(rest, [best])
        print(f"\nall {len(records)} segments, picked setting:")
        _table(records, [best])


if __name__ == "__main__":
    main()
