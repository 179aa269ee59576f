"""The pipeline's own logic: batching order, glossary, checks feeding the gate, scores, signature.

A small rule-based engine (a real Engine implementation: word replacements, scores from a fixed
table) makes the pipeline's decisions predictable; model engines run end to end in test_cli.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from mtedit.checks import load_glossary
from mtedit.config import EngineConfig
from mtedit.pipeline import GateOptions, correct, run_signature
from mtedit.repair import RepairOptions
from mtedit.types import Proposal, Segment


class RuleEngine:
    """Rewrites drafts with fixed word replacements; scores a text by how many 'bad' words it has."""

    can_score = True

    def __init__(self, rules: dict[str, str], margin: float = 0.0, batch_log: list | None = None) -> None:
        self.config = EngineConfig(name="rules", kind="seq2seq", mode="refine", model=Path("rules"), margin=margin)
        self.rules = rules
        self.batches = batch_log if batch_log is not None else []

    @property
    def signature(self) -> str:
        return "engine:rules|kind:test|mode:refine|margin:9|mtedit:0.0.0"

    def _rewrite(self, text: str) -> str:
        for old, new in self.rules.items():
            text = text.replace(old, new)
        return text

    def _score(self, text: str) -> float:
        return -1.0 - sum(text.count(old) for old in self.rules if old not in self.rules.values())

    def propose(self, segments: Sequence[Segment]) -> list[Proposal]:
        self.batches.append([s.id for s in segments])
        return [Proposal(self._rewrite(s.draft), self._score(self._rewrite(s.draft))) for s in segments]

    def score(self, segments: Sequence[Segment], hypotheses: Sequence[str]) -> list[float]:
        return [self._score(h) for h in hypotheses]

    def close(self) -> None:
        pass


def seg(i: int, draft: str, source: str | None = None, reference: str | None = None) -> Segment:
    return Segment(id=f"s{i}", draft=draft, source=source, reference=reference)


def test_results_come_in_input_order_batch_by_batch():
    log: list = []
    engine = RuleEngine({"Now well,": "However,"}, batch_log=log)
    segments = [seg(i, f"Now well, sentence {i}.") for i in range(7)]
    seen = []
    results = list(correct(segments, engine, batch_size=3, progress=lambda done, total: seen.append((done, total))))
    assert [r.segment.id for r in results] == [s.id for s in segments]
    assert log == [["s0", "s1", "s2"], ["s3", "s4", "s5"], ["s6"]]
    assert seen == [(3, 7), (6, 7), (7, 7)]
    assert all(r.changed and r.fix.startswith("However,") for r in results)
    assert results[0].verdict.reason.startswith("fix-better:+1.000")


def test_gate_keeps_the_draft_when_the_fix_breaks_a_number():
    engine = RuleEngine({"8,000": "800", "Now well,": "However,"})
    source = "Ahora bien, el EIIL perpetró 8.000 ataques."
    [result] = correct([seg(0, "Now well, ISIS carried out 8,000 attacks.", source)], engine,
                       repair=RepairOptions(enabled=False))
    assert not result.changed and result.fix == result.segment.draft
    assert result.verdict.reason.startswith("fix-adds-error:number")
    assert result.proposal == "However, ISIS carried out 800 attacks."
    [taken] = correct([seg(0, "Now well, ISIS carried out 8,000 attacks.", source)], engine, gate=GateOptions(enabled=False))
    assert taken.changed and taken.fix == taken.proposal


def test_margin_from_engine_and_override():
    engine = RuleEngine({"Now well,": "However,"}, margin=2.0)
    segments = [seg(0, "Now well, it rains.")]
    assert not next(correct(segments, engine)).changed
    assert next(correct(segments, engine, gate=GateOptions(margin=0.5))).changed


def test_glossary_is_enforced_on_the_fix_and_rechecked(tmp_path):
    glossary_file = tmp_path / "desk.tsv"
    glossary_file.write_text("EIIL\tISIL\nEFE\t=\n", encoding="utf-8")
    glossary = load_glossary(glossary_file)
    engine = RuleEngine({"Now well,": "However,"})
    source = "Ahora bien, el EIIL atacó, según Efe."
    [result] = correct([seg(0, "Now well, the EIIL attacked, according to Efe.", source)], engine, glossary=glossary)
    assert result.fix == "However, the ISIL attacked, according to EFE."
    assert not [f for f in result.flags if f.side == "fix" and f.kind == "glossary"]


def test_scores_against_a_reference_and_risk():
    engine = RuleEngine({"Now well,": "However,"})
    ref = "However, it rains."
    [good] = correct([seg(0, "Now well, it rains.", "Ahora bien, llueve.", ref)], engine)
    assert good.scores["fix_chrf"] == 100.0 and good.scores["draft_chrf"] < 100.0
    assert good.scores["fix_ter"] == 0.0 and good.scores["draft_ter"] > 0.0
    clean, flagged = correct(
        [seg(1, "They paid 2,200,112 euros.", "Pagaron 2.200.112 euros."),
         seg(2, "They paid 2.200.112 euros.", "Pagaron 2.200.112 euros.")],
        engine,
    )
    assert clean.verdict.draft_score == flagged.verdict.draft_score == -1.0
    assert any(f.kind == "number-format" for f in flagged.flags) and not clean.flags
    assert flagged.risk > clean.risk


def test_signature_says_how_the_gate_ran():
    engine = RuleEngine({}, margin=0.25)
    assert run_signature(engine, GateOptions()) == "engine:rules|kind:test|mode:refine|gate:on|margin:0.25|mtedit:0.1.0"
    assert run_signature(engine, GateOptions(enabled=False, margin=1)).endswith("gate:off|margin:1|mtedit:0.1.0")


@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_empty_and_single_inputs(batch_size):
    engine = RuleEngine({"a": "b"})
    assert list(correct([], engine, batch_size=batch_size)) == []
    assert len(list(correct([seg(0, "a")], engine, batch_size=batch_size))) == 1


def test_max_change_keeps_drafts_that_a_fix_would_rewrite_wholesale():
    engine = RuleEngine({"Now well, it rains": "It is raining heavily"})
    segments = [seg(0, "Now well, it rains today.")]
    assert next(correct(segments, engine)).changed
    kept = next(correct(segments, engine, gate=GateOptions(max_change=0.5)))
    assert not kept.changed and kept.verdict.reason.startswith("too-different:")
    assert run_signature(engine, GateOptions(max_change=0.5)).endswith("maxchange:0.5|mtedit:0.1.0")


def test_reject_new_warnings_keeps_drafts_whose_fix_adds_a_warning_kind():
    engine = RuleEngine({"it rains": "it it rains"})
    segments = [seg(0, "Now well, it rains today.")]
    loose = next(correct(segments, engine, repair=RepairOptions(enabled=False)))
    assert loose.changed and any(f.kind == "repeated-word" and f.side == "fix" for f in loose.flags)
    off = RepairOptions(enabled=False)
    kept = next(correct(segments, engine, gate=GateOptions(reject_new_warnings=True), repair=off))
    assert not kept.changed and kept.verdict.reason == "fix-adds-warning:repeated-word"
    assert run_signature(engine, GateOptions(reject_new_warnings=True)).endswith("newwarnings:reject|mtedit:0.1.0")
    assert next(correct(segments, engine, gate=GateOptions(enabled=False, reject_new_warnings=True), repair=off)).changed


def test_a_merged_alignment_is_flagged_not_silent():
    from mtedit.io import document_from_text

    source = "El Gobierno aprobó el plan. Lo anunció ayer. La oposición lo rechazó."
    draft = "The Government approved the plan, which it announced yesterday. The opposition rejected it."
    doc = document_from_text(draft, source)
    assert [s.alignment for s in doc.segments] == ["2-1", "1-1"]
    merged, plain = correct(doc.segments, RuleEngine({}))
    assert [f.kind for f in merged.flags if f.kind == "alignment"] == ["alignment"]
    assert not [f for f in plain.flags if f.kind == "alignment"]


def test_nbest_hypotheses_are_kept_as_alternatives():
    from mtedit.types import Candidate

    class NbestEngine(RuleEngine):
        def propose(self, segments):
            return [replace(p, nbest=(Candidate(p.text, p.score), Candidate(p.text + " Indeed."),
                                      Candidate("Another one.")))
                    for p in super().propose(segments)]

    [res] = correct([seg(0, "Now well, it rains.")], NbestEngine({"Now well,": "However,"}))
    assert res.proposal == "However, it rains." and res.alternatives == ("However, it rains. Indeed.", "Another one.")
    [plain] = correct([seg(0, "Now well, it rains.")], RuleEngine({"Now well,": "However,"}))
    assert plain.alternatives == ()
