"""bench/gate_ceiling.py: the reference-aware oracle gate that bounds what gate tuning can win."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from mtedit.editlog import read_edit_log

_PATH = Path(__file__).resolve().parent.parent / "bench" / "gate_ceiling.py"
_spec = importlib.util.spec_from_file_location("gate_ceiling", _PATH)
gate_ceiling = importlib.util.module_from_spec(_spec)
sys.modules["gate_ceiling"] = gate_ceiling  # dataclasses look their module up
_spec.loader.exec_module(gate_ceiling)
Gain = gate_ceiling.SentenceGain


def test_ceiling_takes_safe_gains_then_the_best_risky_ones_up_to_the_cap():
    gains = [Gain(-3, 5.0), Gain(-1, 0.0), Gain(2, 4.0), Gain(-4, -2.0), Gain(-2, -1.0), Gain(1, -3.0)]
    # 10 segments of 100 reference words in all
    assert gate_ceiling.ceiling(gains, 100.0, 10, 0.0) == pytest.approx((-4.0, 20.0))
    assert gate_ceiling.ceiling(gains, 100.0, 10, 0.1) == pytest.approx((-8.0, 30.0))
    assert gate_ceiling.ceiling(gains, 100.0, 10, 0.5) == pytest.approx((-10.0, 40.0))  # never a TER loss


def test_sentence_gains_from_an_edit_log(tmp_path: Path):
    ref = "Police arrested two men on Monday."
    good = "Police arrested two men on Monday."
    rows = [  # a changed proposal, an unchanged one, an empty one (keeps the draft)
        {"draft": "The police stopped two men the Monday.", "proposal": good, "fix": good, "reference": ref},
        {"draft": good, "proposal": good, "fix": good, "reference": ref},
        {"draft": good, "proposal": "", "fix": good, "reference": ref},
    ]
    log = tmp_path / "x.log.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    gains, ref_words, segments = gate_ceiling.sentence_gains(read_edit_log(log))
    assert segments == 3 and ref_words == 18
    assert len(gains) == 1 and gains[0].edits < 0 and gains[0].chrf > 0
    assert gate_ceiling.ceiling(gains, ref_words, segments, 0.0)[0] == pytest.approx(100 * gains[0].edits / 18)
