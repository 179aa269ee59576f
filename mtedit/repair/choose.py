"""The gate's third candidate: a repaired draft is taken when its repairs removed a flag and added none,
without the model's score; it also wins over a model proposal that keeps an error the repairs removed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mtedit.repair.stage import Repaired, better, repair_reason
from mtedit.types import Flag, GateVerdict, Repair


@dataclass(frozen=True)
class Choice:
    """The text the gate settled on, why, its check flags and the repairs inside it."""

    fix: str
    verdict: GateVerdict
    flags: tuple[Flag, ...]
    repairs: tuple[Repair, ...]


def _errors(flags: Sequence[Flag]) -> int:
    return sum(f.severity == "error" for f in flags)


def choose(draft: str, draft_flags: Sequence[Flag], proposal: str, proposal_flags: Sequence[Flag],
           proposal_repairs: tuple[Repair, ...], verdict: GateVerdict, repaired_draft: Repaired,
           gate_enabled: bool = True) -> Choice:
    """Draft, repaired draft or (repaired) proposal, after the model gate gave `verdict` on the proposal."""
    taken = Choice(proposal, verdict, tuple(proposal_flags), proposal_repairs)
    kept = Choice(draft, verdict, tuple(draft_flags), ())
    if not gate_enabled and verdict.accepted:
        return taken
    usable = bool(repaired_draft.repairs) and better(draft_flags, repaired_draft.flags)
    if verdict.accepted and not (usable and _errors(proposal_flags) > _errors(repaired_draft.flags)):
        return taken
    if usable:
        reason = repair_reason(repaired_draft.repairs)
        return Choice(repaired_draft.text, GateVerdict(True, reason, verdict.draft_score, None),
                      repaired_draft.flags, repaired_draft.repairs)
    return taken if verdict.accepted else kept
