"""`mtedit eval`: corpus BLEU/chrF/TER of drafts and fixes against references, and per-sentence change counts."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from mtedit.errors import InputError


@dataclass(frozen=True)
class Evaluation:
    """Corpus scores of drafts and fixes plus how many sentences changed, improved and worsened."""

    segments: int
    draft: dict[str, float]
    fix: dict[str, float]
    signatures: dict[str, str]
    changed: int
    improved: int
    worsened: int


def evaluate(drafts: Sequence[str], fixes: Sequence[str], references: Sequence[str]) -> Evaluation:
    """Score drafts and fixes against references; improved/worsened by sentence chrF."""
    from sacrebleu.metrics import CHRF

    from mtedit.score import corpus_scores

    if not (len(drafts) == len(fixes) == len(references)):
        raise InputError(
            f"line counts differ: {len(drafts)} drafts, {len(fixes)} fixes, {len(references)} references; pass aligned files"
        )
    if not drafts:
        raise InputError("nothing to evaluate: the inputs are empty")
    draft_scores, fix_scores = corpus_scores(drafts, references), corpus_scores(fixes, references)
    chrf = CHRF()
    changed = improved = worsened = 0
    for draft, fix, ref in zip(drafts, fixes, references):
        if draft.strip() == fix.strip():
            continue
        changed += 1
        delta = chrf.sentence_score(fix, [ref]).score - chrf.sentence_score(draft, [ref]).score
        improved += delta > 0
        worsened += delta < 0
    return Evaluation(
        segments=len(drafts),
        draft={k: v.score for k, v in draft_scores.items()},
        fix={k: v.score for k, v in fix_scores.items()},
        signatures={k: v.signature for k, v in draft_scores.items()},
        changed=changed, improved=improved, worsened=worsened,
    )


def format_evaluation(ev: Evaluation, run_signature: str | None = None) -> str:
    """A small table: draft, fix and change per metric (lower TER is better)."""
    names = ("bleu", "chrf", "ter")
    lines = [f"{'':8}" + "".join(f"{n.upper() if n != 'chrf' else 'chrF':>9}" for n in names)]
    for label, row in (("draft", ev.draft), ("fix", ev.fix)):
        lines.append(f"{label:8}" + "".join(f"{row[n]:9.2f}" for n in names))
    lines.append(f"{'change':8}" + "".join(f"{ev.fix[n] - ev.draft[n]:+9.2f}" for n in names))
    share = lambda n: f"{n} ({100 * n / ev.segments:.1f}%)"  # noqa: E731
    lines.append(f"{ev.segments} segments: changed {share(ev.changed)}, improved {share(ev.improved)},"
                 f" worsened {share(ev.worsened)} (sentence chrF vs reference)")
    lines += [f"{n}: {ev.signatures[n]}" for n in names]
    if run_signature:
        lines.append(f"run: {run_signature}")
    return "\n".join(lines)


def _lines(path: Path) -> list[str]:
    from mtedit.io import read_text_file

    return read_text_file(path).rstrip("\n").split("\n")


def _from_log(path: Path, ref_path: Path | None, proposals: bool = False) -> tuple[list[str], list[str], list[str], str | None]:
    from mtedit.editlog import read_edit_log

    records = read_edit_log(path)
    if "index" in (records[0] if records else {}):
        records.sort(key=lambda r: r["index"])
    drafts = [r["draft"] for r in records]
    fixes = [(r["proposal"] or r["draft"]) if proposals else r["fix"] for r in records]
    if ref_path:
        refs = _lines(ref_path)
    elif records and all(r.get("reference") for r in records):
        refs = [r["reference"] for r in records]
    else:
        raise InputError(f"{path} has no references; pass --ref FILE with one reference per segment")
    signature = records[0].get("signature") if records else None
    if proposals and signature:
        signature = signature.replace("gate:on", "gate:off")
    return drafts, fixes, refs, signature


def run_eval(args: argparse.Namespace) -> int:
    if args.log:
        drafts, fixes, refs, signature = _from_log(args.log, args.ref, args.proposals)
    else:
        if not (args.draft and args.fix and args.ref):
            raise InputError("pass --draft D --fix F --ref R (one sentence per line), or --log EDITLOG [--ref R]")
        drafts, fixes, refs, signature = _lines(args.draft), _lines(args.fix), _lines(args.ref), None
    result = evaluate(drafts, fixes, refs)
    if args.json:
        print(json.dumps({**asdict(result), "run_signature": signature}, indent=2))
    else:
        print(format_evaluation(result, signature))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("eval", help="BLEU/chrF/TER of drafts and fixes against references")
    p.add_argument("--draft", type=Path, help="drafts, one sentence per line")
    p.add_argument("--fix", type=Path, help="fixes, one sentence per line")
    p.add_argument("--ref", type=Path, help="references, one sentence per line")
    p.add_argument("--log", type=Path, help="an edit log from `mtedit correct` instead of --draft/--fix")
    p.add_argument("--proposals", action="store_true",
                   help="with --log: score the engine's proposals, i.e. what the fixes would be with the gate off")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run_eval)
