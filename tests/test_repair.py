"""Repairs: each kind fixes its flagged span from the source; unsafe cases are left alone; the gate takes a
repaired draft; repairs reach the edit log, the store and `mtedit correct --show`."""

from __future__ import annotations

import pytest

from mtedit.checks import check, load_glossary
from mtedit.config import load_config
from mtedit.editlog import read_repair, repair_record, result_record
from mtedit.errors import ConfigError
from mtedit.pipeline import GateOptions, correct
from mtedit.repair import RepairOptions, repair_options, repair_text
from mtedit.store import ReviewStore
from mtedit.types import Document, Segment
from test_pipeline import RuleEngine


def repaired(source: str | None, target: str, **kw):
    return repair_text(source, target, check(source, target, "fix", kw.get("glossary")), "fix", **kw)


@pytest.mark.parametrize("source, target, expected, kinds", [
    ("Según la ONU, 2.200.112 personas han regresado.", "According to the UN, 2,200,12 people have returned.",
     "According to the UN, 2,200,112 people have returned.", ["number"]),
    ("Aprobó un plan de 1.500 millones de dólares.", "It approved a plan of 150 million dollars.",
     "It approved a plan of 1.5 billion dollars.", ["number"]),
    ("El desempleo supera el 35,5 %.", "The unemployment surpasses the 35,5 %.",
     "The unemployment surpasses the 35.5%.", ["number"]),
    ("Hay 8.000 soldados.", "There are 8.000 soldiers.", "There are 8,000 soldiers.", ["number"]),
    ("Murieron 1.254 personas.", "1,245 people died.", "1,254 people died.", ["number"]),
    ("Marcó en el minuto 62.", "He scored in the 6th minute.", "He scored in the 62nd minute.", ["number"]),
    ("Sumará 55.000 millones de metros cúbicos.", "It will add 5 billion cubic metres.",
     "It will add 55 billion cubic metres.", ["number"]),
    ("El secretario de Estado, John Kerry, anunció el acuerdo.",
     "The secretary of State, John Kelly, announced the agreement.",
     "The secretary of State, John Kerry, announced the agreement.", ["name"]),
    ("Lo dijo Kerry.", "It said Kelly.", "It said Kerry.", ["name"]),
    ("Es la apertura de Giroux.", "It is the opening for Gitoix.", "It is the opening for Giroux.", ["name"]),
    ("Vicente del Bosque dijo que sí.", "Vicente of the Forest said yes.", "Vicente del Bosque said yes.", ["name"]),
    ("Llegó el ministro Blanco.", "Arrived the White minister.", "Arrived minister Blanco.", ["name"]),
    ("Lo agradeció Ibrahim al Yaafari.", "It appreciated Ibrahim to the Yaafari.",
     "It appreciated Ibrahim al Yaafari.", ["name"]),
    ("Washington, 12 mar (EFE).- La coalición se reunió.", "Washington, 12 sea (EFE).- The coalition met.",
     "WASHINGTON (EFE) -- The coalition met.", ["credit"]),
    ("Lo informó la agencia Efe.", "It was reported by the agency Efe.",
     "It was reported by the agency EFE.", ["credit"]),
    ("La reunión se celebrará en París.", "The meeting will be held  in in Paris.",
     "The meeting will be held in Paris.", ["hygiene", "hygiene"]),
    (None, "Unemployment reached 35,5 % in  Spain.", "Unemployment reached 35.5% in Spain.", ["number", "hygiene"]),
])
def test_each_kind_repairs_its_flagged_span(source, target, expected, kinds):
    result = repaired(source, target)
    assert result.text == expected
    assert sorted(r.kind for r in result.repairs) == sorted(kinds)
    for r in result.repairs:
        assert target[r.span_before.start:r.span_before.end] == r.before
        assert result.text[r.span_after.start:r.span_after.end] == r.after
    assert len(result.flags) < len(check(source, target, "fix"))


@pytest.mark.parametrize("source, target", [
    # two source figures, two wrong ones: which is which cannot be known
    ("Hay 1.500 soldados y 2.300 civiles.", "There are 1,400 soldiers and 2,200 civilians."),
    # number words after the figure: the scale is already written, in words
    ("Participan más de 12 mil niños.", "More than 12 one thousand children take part."),
    # a time is not a bare figure
    ("Hacia las 5, al sur de la calle.", "Around 5 a.m., south of the street."),
    # a scale shared with the next figure, or outside the source's figure
    ("Perderían entre 9.000 y 15.000 millones.", "They would lose between 9 and 15 billion."),
    ("Serán 175 los millones de familias.", "There will be 175 million families."),
    # a word that is a first name and a common noun: la Marina is the Navy
    ("El Ejército y la Marina lo necesitan.", "The Army and the Navy need it."),
    # a stray separator after the figure: where the digits belong is unclear
    ("El paro llegó al 35,5%.", "Unemployment reached 35.%."),
    # a different figure that shares nothing with the source's: not a typo, leave it to the editor
    ("Sucedió en 2012.", "It happened in 1999."),
    # two source names lost, two new ones: no swap can be told apart
    ("Kerry y Clinton llegaron.", "Kelly and Obama arrived."),
    # a place may have another English name: Burdeos / Bordeaux
    ("Nicolas Sarkozy estará en Burdeos.", "Nicolas Sarkozy will be in Bordeaux."),
    # a repeated capitalised word may be a name
    ("Sirhan Sirhan fue condenado.", "Sirhan Sirhan was convicted."),
    # a repeat the source has too
    ("Dijo que no, no y no.", "He said that no, no no and no."),
    # a particle before a common English word is a translation: Rajoy al Congreso
    ("Llegó Rajoy al Congreso.", "Rajoy arrived to the Congress."),
    # a close spelling is a transliteration, not a flag
    ("Gadafi habló.", "Gaddafi spoke."),
])
def test_unsafe_cases_are_not_repaired(source, target):
    result = repaired(source, target)
    assert result.text == target and result.repairs == ()


def test_glossary_enforcement_is_reported_as_a_repair(tmp_path):
    (tmp_path / "desk.tsv").write_text("EIIL\tISIL\n", encoding="utf-8")
    glossary = load_glossary(tmp_path / "desk.tsv")
    result = repaired("El EIIL atacó.", "The EIIL attacked.", glossary=glossary)
    assert result.text == "The ISIL attacked."
    assert [(r.kind, r.before, r.after, r.resolves) for r in result.repairs] == [("glossary", "EIIL", "ISIL", "glossary")]


def test_a_custom_dateline_style():
    options = RepairOptions(dateline="{city} ({AGENCY}) —")
    result = repaired("Lima, 3 may (EFE).- Llovió.", "Lima, 3 may (Efe).- It rained.", options=options)
    assert result.text == "Lima (EFE) — It rained."


def test_repairs_off_change_nothing():
    target = "According to the UN, 2,200,12 people have returned."
    result = repaired("Según la ONU, 2.200.112 personas han regresado.", target, options=RepairOptions(enabled=False))
    assert result.text == target and result.repairs == ()


SOURCE = "Según la ONU, 2.200.112 personas han regresado."
DRAFT = "According to the UN, 2,200,12 people have returned."


def test_the_gate_takes_a_repaired_draft_without_the_models_score():
    engine = RuleEngine({"According to": "Accordingly"})  # a worse proposal, scored no better
    [result] = correct([Segment("s0", DRAFT, SOURCE)], engine, gate=GateOptions(margin=5.0))
    assert result.changed and result.fix == "According to the UN, 2,200,112 people have returned."
    assert result.verdict.reason == "repair:number"
    assert [r.kind for r in result.repairs] == ["number"]
    assert not [f for f in result.flags if f.side == "fix"]
    [off] = correct([Segment("s0", DRAFT, SOURCE)], engine, gate=GateOptions(margin=5.0),
                    repair=RepairOptions(enabled=False))
    assert not off.changed and off.repairs == ()


def test_an_accepted_proposal_carries_its_own_repairs():
    engine = RuleEngine({"According to the": "According to"}, margin=-10.0)
    [result] = correct([Segment("s0", DRAFT, SOURCE)], engine)
    assert result.fix == "According to UN, 2,200,112 people have returned."
    assert result.verdict.reason.startswith("fix-better") and [r.after for r in result.repairs] == ["2,200,112"]


def test_a_proposal_that_keeps_an_error_loses_to_the_repaired_draft():
    engine = RuleEngine({"UN,": "UN, 7,7,7"}, margin=-10.0)  # a second broken figure: nothing safe to repair
    [result] = correct([Segment("s0", DRAFT, SOURCE)], engine)
    assert result.proposal == "According to the UN, 7,7,7 2,200,12 people have returned."
    assert result.fix == "According to the UN, 2,200,112 people have returned."
    assert result.verdict.reason == "repair:number"
    [taken] = correct([Segment("s0", DRAFT, SOURCE)], engine, gate=GateOptions(enabled=False))
    assert taken.fix == taken.proposal  # without the gate every proposal is taken


def test_repairs_reach_the_edit_log_and_the_store(tmp_path):
    engine = RuleEngine({}, margin=5.0)
    [result] = correct([Segment("s0", DRAFT, SOURCE)], engine)
    record = result_record(result, index=0)
    assert record["repairs"] == [{
        "kind": "number", "before": "2,200,12", "after": "2,200,112", "span_before": [21, 29],
        "span_after": [21, 30], "resolves": "number-malformed",
        "message": "'2,200,12' is not a well-formed number; write it as 1,234,567.89"}]
    assert read_repair(record["repairs"][0]) == result.repairs[0] and repair_record(result.repairs[0]) == record["repairs"][0]
    store = ReviewStore(tmp_path / "review.sqlite")
    job = store.create_job(Document("story", (result.segment,)), "rules", result.signature)
    store.add_results(job, [result])
    assert store.load_job(job).rows[0].result.repairs == result.repairs


def test_repair_settings_from_the_config(tmp_path):
    assert repair_options({}) == RepairOptions()
    assert repair_options({"repair": {"enabled": False}}).enabled is False
    for bad in ({"repair": 1}, {"repair": {"enable": True}}, {"repair": {"dateline": "{CITY} {date}"}}):
        with pytest.raises(ConfigError):
            repair_options(bad)


def test_correct_show_lists_the_repairs(tmp_path, capsys):
    from mtedit.cli import main

    (tmp_path / "mtedit.toml").write_text('[engines.apertium]\nkind = "apertium"\n[repair]\nenabled = true\n',
                                          encoding="utf-8")
    (tmp_path / "story.en.txt").write_text("The coalition has 63 countries, Efe reported.\n", encoding="utf-8")
    (tmp_path / "story.es.txt").write_text("La coalición tiene 63 países, informó Efe.\n", encoding="utf-8")
    pytest.importorskip("shutil").which("apertium") or pytest.skip("apertium not installed")
    args = ["correct", str(tmp_path / "story.en.txt"), "--source", str(tmp_path / "story.es.txt"), "--config",
            str(tmp_path / "mtedit.toml"), "-o", str(tmp_path / "out.txt"), "--show"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "repair credit: 'Efe' -> 'EFE'" in err
    assert main(args + ["--no-repair", "-o", str(tmp_path / "off.txt")]) == 0
    assert "repair credit" not in capsys.readouterr().err
    assert load_config(tmp_path / "mtedit.toml").extra["repair"] == {"enabled": True}
