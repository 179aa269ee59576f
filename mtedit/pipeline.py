"""propose -> glossary -> checks -> gate -> diff + scores, batch by batch."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from sacrebleu.metrics import CHRF

from mtedit import __version__
from mtedit.ahead import run_ahead
from mtedit.checks import Glossary, check, enforce_glossary, risk_score
from mtedit.config import Config, EngineConfig
from mtedit.engines.base import Engine
from mtedit.engines.registry import check_engine, load_engine
from mtedit.errors import EngineUnavailable, InputError
from mtedit.gate import decide
from mtedit.repair import RepairOptions, Repaired, repair_text
from mtedit.repair.choose import choose
from mtedit.score import hter, sentence_scores, word_diff
from mtedit.types import Flag, Proposal, Segment, SegmentResult

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class GateOptions:
    """Do-no-harm settings: `enabled=False` takes every fix (for measuring the gate itself)."""

    enabled: bool = True
    margin: float | None = None  # None: the engine's configured margin
    max_change: float | None = None  # None: the engine's configured max_change
    reject_new_warnings: bool | None = None  # None: the engine's configured reject_new_warnings


def require_usable(cfg: EngineConfig) -> None:
    """Fail with the reason and the fix when a configured engine is not usable here."""
    usable = check_engine(cfg)
    if not usable.ok:
        hint = f"; {usable.remedy}" if usable.remedy else ""
        raise EngineUnavailable(f"engine {cfg.name!r} is not usable here: {usable.reason}{hint}")


def load_engine_by_name(config: Config, name: str | None = None) -> Engine:
    """Load a configured engine, failing with the reason and the fix when it is not usable here."""
    cfg = config.engine(name)
    require_usable(cfg)
    return load_engine(cfg)


def require_inputs(segments: Sequence[Segment], engine: Engine | EngineConfig) -> None:
    """Fail before any work when a translate engine (or an engine's config) meets segments without a source."""
    cfg = engine if isinstance(engine, EngineConfig) else engine.config
    if cfg.mode != "translate":
        return
    missing = [seg.id for seg in segments if not (seg.source or "").strip()]
    if missing:
        raise InputError(
            f"engine {cfg.name!r} re-translates the source, but {len(missing)} of {len(segments)} segments"
            f" have none (first: {missing[0]}); pass --source, or pick a refine or ape engine"
        )


def resolve_gate(engine: Engine, gate: GateOptions) -> GateOptions:
    """`gate` with every setting left as None filled in from the engine's config."""
    cfg = engine.config
    return replace(
        gate,
        margin=cfg.margin if gate.margin is None else gate.margin,
        max_change=cfg.max_change if gate.max_change is None else gate.max_change,
        reject_new_warnings=cfg.reject_new_warnings if gate.reject_new_warnings is None else gate.reject_new_warnings,
    )


def run_signature(engine: Engine, gate: GateOptions) -> str:
    """The engine's signature plus how the gate ran and the mtedit version."""
    gate = resolve_gate(engine, gate)
    parts = [p for p in engine.signature.split("|") if not p.startswith(("margin:", "mtedit:"))]
    parts += [f"gate:{'on' if gate.enabled else 'off'}", f"margin:{gate.margin:g}"]
    if gate.enabled and gate.max_change is not None:
        parts.append(f"maxchange:{gate.max_change:g}")
    if gate.enabled and gate.reject_new_warnings:
        parts.append("newwarnings:reject")
    parts.append(f"mtedit:{__version__}")
    return "|".join(parts)


def _agreement(draft: str, proposal: str) -> float:
    return CHRF().sentence_score(draft, [proposal]).score / 100.0 if draft and proposal else 0.0


def _model_scores(engine: Engine, batch: Sequence[Segment], fixes: list[str],
                  proposals: list[Proposal]) -> tuple[list[float | None], list[float | None]]:
    """Model scores (forced decoding) of every draft, for the gate and a comparable risk, and of changed fixes."""
    none: list[float | None] = [None] * len(batch)
    if not engine.can_score:
        return none, list(none)
    draft_scores: list[float | None] = list(engine.score(batch, [seg.draft for seg in batch]))
    fix_scores: list[float | None] = [
        p.score if fix == p.text else None for fix, p in zip(fixes, proposals)
    ]
    rescore = [i for i, seg in enumerate(batch) if fix_scores[i] is None and fixes[i].split() != seg.draft.split()]
    if rescore:
        for i, value in zip(rescore, engine.score([batch[i] for i in rescore], [fixes[i] for i in rescore])):
            fix_scores[i] = value
    return draft_scores, fix_scores


def _alignment_flags(seg: Segment) -> tuple[Flag, ...]:
    """A merged (non 1-1) source/draft pairing is shown to the editor, never silent."""
    if seg.alignment == "1-1":
        return ()
    return (Flag("alignment", "warning", f"{seg.alignment} sentence alignment (source-draft): the sentence counts"
                 " differ here; check that source and draft match", "draft"),)


def _result(seg: Segment, proposal: str, draft_score: float | None, fix_score: float | None,
            gate: GateOptions, glossary: Glossary | None, signature: str,
            repair: RepairOptions = RepairOptions(), proposal_repaired: Repaired | None = None) -> SegmentResult:
    """One segment's result; `gate` is resolved (see `resolve_gate`); `proposal_repaired` is the repair stage's
    output for `proposal` (its flags are reused)."""
    checked = check(seg.source, seg.draft, "draft", glossary)
    draft_flags = _alignment_flags(seg) + checked
    fix_flags = proposal_repaired.flags if proposal_repaired else check(seg.source, proposal, "fix", glossary)
    limit = gate.max_change if gate.enabled else None
    verdict = decide(
        seg.draft, proposal, draft_score=draft_score, fix_score=fix_score,
        margin=gate.margin if gate.enabled else float("-inf"),
        draft_flags=draft_flags if gate.enabled else (), fix_flags=fix_flags if gate.enabled else (),
        change=hter(seg.draft, proposal) if limit is not None else None, max_change=limit,
        reject_new_warnings=bool(gate.enabled and gate.reject_new_warnings),
    )
    repaired = repair_text(seg.source, seg.draft, checked, "fix", glossary, repair)
    chosen = choose(seg.draft, draft_flags, proposal, fix_flags,
                    proposal_repaired.repairs if proposal_repaired else (), verdict, repaired, gate.enabled)
    fix, verdict, fix_flags = chosen.fix, chosen.verdict, chosen.flags
    changed = fix != seg.draft
    flags = draft_flags + (fix_flags if changed else ())
    final_flags = fix_flags if changed else draft_flags
    scores: dict[str, float] = {}
    if seg.reference:
        scores.update({f"draft_{k}": v for k, v in sentence_scores(seg.draft, seg.reference).items()})
        scores.update({f"fix_{k}": v for k, v in sentence_scores(fix, seg.reference).items()})
    return SegmentResult(
        segment=seg, proposal=proposal, fix=fix, changed=changed, verdict=verdict, signature=signature,
        flags=flags, diff=word_diff(seg.draft, fix), scores=scores,
        risk=risk_score(final_flags, draft_score=draft_score, agreement=_agreement(seg.draft, proposal)),
        repairs=chosen.repairs if changed else (),
    )


def given_result(seg: Segment, fix: str, *, glossary: Glossary | None, signature: str) -> SegmentResult:
    """A result whose fix was decided before any engine ran (a translation-memory match): checked, diffed and
    scored like any other, with no gate."""
    return _result(seg, fix, None, None, GateOptions(enabled=False, margin=0.0), glossary, signature,
                   RepairOptions(enabled=False))


def correct(segments: Sequence[Segment], engine: Engine, *, glossary: Glossary | None = None,
            batch_size: int = 16, gate: GateOptions = GateOptions(),
            progress: Progress | None = None, repair: RepairOptions = RepairOptions()) -> Iterator[SegmentResult]:
    """Yield one SegmentResult per segment, in input order, a batch at a time; `repair` runs the repair
    stage on drafts and proposals (it also applies the glossary; off, the glossary is enforced as before)."""
    gate = resolve_gate(engine, gate)
    signature = run_signature(engine, gate)
    done = 0

    def model_work(batch: Sequence[Segment]) -> tuple[list[Proposal], list[str], list[Repaired],
                                                      list[float | None], list[float | None]]:
        proposals = engine.propose(batch)
        fixes = [p.text for p in proposals]
        if glossary is not None and not repair.enabled:
            fixes = [enforce_glossary(seg.source, fix, glossary) for seg, fix in zip(batch, fixes)]
        repaired = [repair_text(seg.source, fix, check(seg.source, fix, "fix", glossary), "fix", glossary, repair)
                    for seg, fix in zip(batch, fixes)]
        fixes = [r.text for r in repaired]
        return proposals, fixes, repaired, *_model_scores(engine, batch, fixes, proposals)

    size = max(1, batch_size)
    batches = [segments[start:start + size] for start in range(0, len(segments), size)]
    for batch, (proposals, fixes, repaired, draft_scores, fix_scores) in run_ahead(model_work, batches):
        for i, seg in enumerate(batch):  # the checks of this batch overlap the model work of the next
            result = _result(seg, fixes[i], draft_scores[i], fix_scores[i], gate, glossary, signature,
                             repair, repaired[i])
            if proposals[i].note and not result.changed:  # the engine gave the draft back: say why
                result = replace(result, verdict=replace(result.verdict, reason=proposals[i].note))
            others = tuple(c.text for c in proposals[i].nbest[1:])
            yield replace(result, alternatives=others) if others else result
        done += len(batch)
        if progress is not None:
            progress(done, len(segments))
