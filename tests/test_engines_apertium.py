"""ApertiumEngine for real: Debian's apertium with the spa-eng pair (CI installs both)."""

from __future__ import annotations

import shutil

import pytest

from mtedit.config import EngineConfig
from mtedit.engines.apertium import ApertiumEngine, installed_pairs, translate_lines
from mtedit.engines.base import parse_signature
from mtedit.errors import EngineUnavailable, InputError
from mtedit.types import Segment

pytestmark = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")

CFG = EngineConfig(name="apertium", kind="apertium", pair="spa-eng")
SEGMENTS = [
    Segment("1", draft="The government announced the plan.", source="El gobierno anunció el plan."),
    Segment("2", draft="The police arrested two men in Madrid.", source="La policía detuvo a dos hombres en Madrid."),
    Segment("3", draft="x", source="Ella\nvive en Lima."),
]


@pytest.mark.parametrize(("index", "words"), [(0, ["government", "plan"]), (1, ["police", "Madrid"]), (2, ["Lima"])])
def test_translates_the_source_in_one_batch(index, words):
    proposals = ApertiumEngine(CFG).propose(SEGMENTS)
    assert len(proposals) == len(SEGMENTS)
    assert all(word in proposals[index].text for word in words), proposals[index].text
    assert proposals[index].score is None


def test_engine_output_is_translate_lines_output():
    texts = [p.text for p in ApertiumEngine(CFG).propose(SEGMENTS)]
    assert texts == translate_lines([s.source for s in SEGMENTS], "spa-eng")


def test_segments_without_source_are_refused():
    with pytest.raises(InputError, match=r"segment\(s\) b have none; pass --source"):
        ApertiumEngine(CFG).propose([SEGMENTS[0], Segment("b", draft="no source")])


def test_only_translate_mode():
    with pytest.raises(EngineUnavailable, match='set mode = "translate"'):
        ApertiumEngine(EngineConfig(name="a", kind="apertium", mode="refine"))


def test_cannot_score_and_says_so():
    engine = ApertiumEngine(CFG)
    assert engine.can_score is False
    with pytest.raises(EngineUnavailable, match="cannot score"):
        engine.score(SEGMENTS[:1], ["text"])


def test_signature_and_installed_pairs():
    assert parse_signature(ApertiumEngine(CFG).signature)["pair"] == "spa-eng"
    assert "spa-eng" in installed_pairs()
    assert ApertiumEngine(CFG).propose([]) == []
