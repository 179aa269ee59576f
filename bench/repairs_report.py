"""Measure the repairs on newstest2012: planted errors in the human English, and the real Apertium drafts.

1. Planted: for each kind, up to --per-kind sentences of the human English get one error planted at a known
   span (bench/repair_plants.py); the pipeline of `mtedit correct` runs with the Spanish source and an engine
   that proposes the draft itself, so every change is a repair. Per kind: recall (planted span restored
   exactly), precision (repairs touching the planted span that restore it), changes outside planted spans:
   those the unplanted reference gets too (its own errors; all of them are listed for judging) and side
   effects of the plant. The same sentences without a plant give the repairs made on clean human text.
2. Real drafts: repairs per kind on the Apertium drafts (or --drafts FILE), corpus TER of the repaired drafts
   against the drafts' TER (references), and --sample repairs printed for judging by hand.

    python bench/repairs_report.py [DATA_DIR] [--per-kind 300] [--sample 50] [--seed 0] [--drafts FILE]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from repair_plants import PLANTERS, Plant  # noqa: E402
from sacrebleu.metrics import TER  # noqa: E402

from mtedit.checks import check  # noqa: E402
from mtedit.checks.numbers import extract_en  # noqa: E402
from mtedit.config import EngineConfig  # noqa: E402
from mtedit.pipeline import correct  # noqa: E402
from mtedit.repair import RepairOptions  # noqa: E402
from mtedit.types import Proposal, Segment, SegmentResult  # noqa: E402


class DraftEngine:
    """Proposes the draft unchanged, unscored: what the gate then changes is the repairs' doing."""

    can_score = False
    signature = "engine:draft|kind:bench|mode:refine"

    def __init__(self) -> None:
        self.config = EngineConfig(name="draft", kind="seq2seq", mode="refine", model=Path("draft"))

    def propose(self, segments: Sequence[Segment]) -> list[Proposal]:
        return [Proposal(s.draft) for s in segments]

    def score(self, segments: Sequence[Segment], hypotheses: Sequence[str]) -> list[float]:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _read(path: Path) -> list[str]:
    if not path.is_file():
        raise SystemExit(f"{path} not found; pass the data folder (with es-en-news/ and apertium-drafts/)")
    return path.read_text(encoding="utf-8").splitlines()


def run(sources: Sequence[str], drafts: Sequence[str], repair: RepairOptions = RepairOptions()) -> list[SegmentResult]:
    segments = [Segment(f"s{i}", d, s) for i, (s, d) in enumerate(zip(sources, drafts, strict=True))]
    return list(correct(segments, DraftEngine(), batch_size=64, repair=repair))


def _touches(span, plant: Plant) -> bool:  # noqa: ANN001
    return span.start < plant.end and plant.start < span.end or span.start == span.end == plant.start


def _repaired_span(plant: Plant, result: SegmentResult) -> str:
    """The draft with only the repairs that touch the planted span applied."""
    text = plant.draft
    for r in sorted(result.repairs, key=lambda r: -r.span_before.start):
        if _touches(r.span_before, plant):
            text = text[:r.span_before.start] + r.after + text[r.span_before.end:]
    return text


def _figures(text: str) -> tuple[str, list]:
    """`text` with its figures masked, and their values: 1,001 and 1001, 1.5 billion and 1,500 million agree."""
    mentions = extract_en(text)
    for m in reversed(mentions):
        text = text[:m.span.start] + "#" + text[m.span.end:]
    return text, [sorted(m.keys) for m in mentions]


def _restored(plant: Plant, result: SegmentResult) -> bool:
    """The planted span comes back exactly: the draft with only the repairs touching it equals the expected text."""
    return _repaired_span(plant, result) == plant.expected


def _same_value(plant: Plant, result: SegmentResult) -> bool:
    """Restored up to the way a right figure is written (1001 / 1,001; 8,000 million / 8 billion)."""
    return _figures(_repaired_span(plant, result)) == _figures(plant.expected)


def planted(sources: list[str], refs: list[str], per_kind: int, seed: int, kinds: Sequence[str] = ()) -> None:
    clean = run(sources, refs)  # the human references as they are: what the repairs change there is theirs
    print("recall: the planted span restored exactly; precision: of the repairs touching a planted span, those"
          " restoring it; value: restored up to how a right figure is written (1001 / 1,001)")
    print("caught: the checks flag the planted draft more than the original (a repair needs a flag)")
    print("outside: repairs elsewhere in the sentence that the reference itself gets too (its own errors, judged"
          " below); side: repairs elsewhere that only the planted sentence gets (side effects: must be 0)")
    print(f"{'planted kind':<24}{'n':>5}{'caught':>8}{'recall':>9}{'precision':>11}{'value rec':>11}{'value prec':>11}"
          f"{'outside':>9}{'side':>6}")
    totals: dict[str, Counter] = {}
    for name, (group, planter) in PLANTERS.items():
        if kinds and name not in kinds and group not in kinds:
            continue
        rng = random.Random(f"{seed}:{name}")
        order = list(range(len(refs)))
        rng.shuffle(order)
        plants: list[tuple[int, Plant]] = []
        for i in order:
            if len(plants) >= per_kind:
                break
            if (p := planter(sources[i], refs[i], rng)) is not None and p.draft != p.expected:
                plants.append((i, p))
        results = run([p.source for _, p in plants], [p.draft for _, p in plants])
        c = Counter()
        for (i, p), res in zip(plants, results):
            touching = [r for r in res.repairs if _touches(r.span_before, p)]
            own = {(r.before, r.after) for r in clean[i].repairs}
            outside = [r for r in res.repairs if r not in touching]
            c["n"] += 1
            c["caught"] += len(check(p.source, p.draft)) > len(check(p.source, p.expected))
            c["outside"] += sum((r.before, r.after) in own for r in outside)
            c["side"] += sum((r.before, r.after) not in own for r in outside)
            if touching:
                c["touched"] += 1
                c["right"] += _restored(p, res)
                c["value"] += _same_value(p, res)
        totals.setdefault(group, Counter()).update(c)
        _row(name, c)
    print()
    for group, c in totals.items():
        _row(f"all {group}", c)
    print(f"\nclean human references: {sum(len(r.repairs) for r in clean)} repairs in {len(clean)} sentences"
          f" {dict(Counter(r.kind for res in clean for r in res.repairs))}:")
    for res in clean:
        for r in res.repairs:
            print(f"  {r.kind}: {r.before!r} -> {r.after!r} ({r.resolves})")


def _row(name: str, c: Counter) -> None:
    rates = [c[k] / c["n"] if c["n"] else 0.0 for k in ("right", "value")]
    precisions = [c[k] / c["touched"] if c["touched"] else 1.0 for k in ("right", "value")]
    caught = c["caught"] / c["n"] if c["n"] else 0.0
    print(f"{name:<24}{c['n']:>5}{caught:>8.0%}{rates[0]:>9.1%}{precisions[0]:>11.1%}{rates[1]:>11.1%}{precisions[1]:>11.1%}"
          f"{c['outside']:>9}{c['side']:>6}")


def real(sources: list[str], drafts: list[str], refs: list[str], sample: int, seed: int, label: str) -> None:
    start = time.perf_counter()
    run(sources, drafts, RepairOptions(enabled=False))
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    results = run(sources, drafts)
    elapsed = time.perf_counter() - start
    fixes = [r.fix for r in results]
    kinds = Counter(r.kind for res in results for r in res.repairs)
    changed = sum(res.changed for res in results)
    print(f"\n{label}: {len(drafts)} sentences in {elapsed:.1f} s with repairs, {baseline:.1f} s without"
          f" ({elapsed / baseline:.2f}x the checks and gate alone, same run); {changed} changed by repairs;"
          f" repairs per kind: {dict(kinds.most_common())}")
    ter = TER()
    before, after = ter.corpus_score(drafts, [refs]).score, ter.corpus_score(fixes, [refs]).score
    print(f"corpus TER against the references: drafts {before:.2f}, repaired drafts {after:.2f} ({after - before:+.2f})")
    flagged = [(res, r) for res in results for r in res.repairs]
    rng = random.Random(seed)
    for n, (res, r) in enumerate(rng.sample(flagged, min(sample, len(flagged))), 1):
        print(f"\n#{n} {r.kind} ({r.resolves}): {r.before!r} -> {r.after!r}\n  source: {res.segment.source}"
              f"\n  draft:  {res.segment.draft}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default="../shared/data", type=Path)
    parser.add_argument("--per-kind", type=int, default=300, help="planted sentences per kind")
    parser.add_argument("--sample", type=int, default=50, help="real-draft repairs to print for judging")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--drafts", type=Path, help="drafts of newstest2012 (default: the Apertium ones)")
    parser.add_argument("--skip-planted", action="store_true")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--kinds", nargs="+", default=(), metavar="KIND",
                        help="planted kinds or groups to run (default: all), e.g. name number-scale")
    args = parser.parse_args(argv)
    sources = _read(args.data / "es-en-news" / "newstest2012.es")
    refs = _read(args.data / "es-en-news" / "newstest2012.en")
    drafts_path = args.drafts or args.data / "apertium-drafts" / "newstest2012.apertium.en"
    if not args.skip_planted:
        planted(sources, refs, args.per_kind, args.seed, args.kinds)
    if not args.skip_real:
        real(sources, _read(drafts_path), refs, args.sample, args.seed, drafts_path.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
