"""How far any do-no-harm gate could take an engine's proposals: the reference-aware oracle.

    python bench/gate_ceiling.py runs/eval/ape.log.jsonl [--worsened 0 5 10]

Reads an edit log written with references (e.g. by `bench/eval_dev.py`) and, for each cap on the share of
sentences made worse (sentence chrF against the reference, as `mtedit eval` counts them), prints the best
corpus TER change a gate could reach if it knew the reference: keep every proposal that lowers the sentence's
TER edits without lowering its chrF, then the chrF-worsening ones with the largest TER gains up to the cap.
No real gate reaches this; it bounds what gate tuning alone can win, so a target beyond it needs better
proposals (a stronger model), not a better gate.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from sacrebleu.metrics import CHRF, TER

from mtedit.editlog import read_edit_log
from mtedit.gate import normalise


@dataclass(frozen=True)
class SentenceGain:
    """One changed proposal: TER edits saved (negative = fewer edits) and its sentence chrF change."""

    edits: float
    chrf: float


def sentence_gains(records: list[dict]) -> tuple[list[SentenceGain], float, int]:
    """Per changed proposal, its gain; plus the corpus reference length and the segment count."""
    ter, chrf = TER(), CHRF()
    gains, ref_words = [], 0.0
    for record in records:
        if "reference" not in record:
            raise SystemExit("the edit log has no references; write it from a file with a reference per segment")
        draft, proposal, reference = record["draft"], record["proposal"] or record["draft"], record["reference"]
        before = ter.sentence_score(draft, [reference])
        ref_words += before.ref_length
        if normalise(proposal) == normalise(draft):
            continue
        after = ter.sentence_score(proposal, [reference])
        gains.append(SentenceGain(after.num_edits - before.num_edits,
                                  chrf.sentence_score(proposal, [reference]).score
                                  - chrf.sentence_score(draft, [reference]).score))
    return gains, ref_words, len(records)


def ceiling(gains: list[SentenceGain], ref_words: float, segments: int, worsened_share: float) -> tuple[float, float]:
    """The oracle's corpus ΔTER (points) and changed share (%) with at most `worsened_share` of segments worse."""
    safe = [g for g in gains if g.chrf >= 0 and g.edits < 0]
    risky = sorted((g for g in gains if g.chrf < 0 and g.edits < 0), key=lambda g: g.edits)
    taken = safe + risky[: int(worsened_share * segments)]
    return 100 * sum(g.edits for g in taken) / ref_words, 100 * len(taken) / segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path, help="edit log (.log.jsonl) with references")
    parser.add_argument("--worsened", type=float, nargs="+", default=[0.0, 5.0, 10.0],
                        help="caps on the share of sentences made worse, in %% (default: 0 5 10)")
    args = parser.parse_args()
    gains, ref_words, segments = sentence_gains(read_edit_log(args.log))
    off = 100 * sum(g.edits for g in gains) / ref_words
    print(f"{args.log}: {segments} segments, {len(gains)} proposals differ from the draft; gate off ΔTER {off:+.2f}")
    print("| gate | worsened at most | ΔTER | changed |")
    print("|---|---|---|---|")
    for cap in args.worsened:
        delta, changed = ceiling(gains, ref_words, segments, cap / 100)
        print(f"| oracle (knows the reference) | {cap:g}% | {delta:+.2f} | {changed:.1f}% |")


if __name__ == "__main__":
    main()
