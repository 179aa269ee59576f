"""XLIFF 2.0: segments of units read as sentences, written back into the original file with the state on
the <segment>, inline codes (<pc>, <ph/>, <sc/>/<ec/>, <mrk>) carried onto edits, everything else kept."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from mtedit.errors import InputError
from mtedit.export import export_job
from mtedit.io import document_from_bytes, render_document, render_xliff
from mtedit.io.xliff_tags import read_layout
from mtedit.score import word_diff
from mtedit.store import ReviewStore
from mtedit.types import GateVerdict, SegmentResult
from test_xliff import _markup

NS = "{urn:oasis:names:tc:xliff:document:2.0}"

SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"
       version="2.0" srcLang="es-ES" trgLang="en-GB">
  <file id="f1" original="efe-0504.html">
    <notes><note id="n1">Wire copy, EFE, 4 May.</note></notes>
    <unit id="u1" name="lead">
      <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>
      <segment id="s1" state="translated">
        <source>El ministro <pc id="1" dataRefStart="d1" dataRefEnd="d2">Juan Pérez</pc> dijo que sí.</source>
        <target>The minister <pc id="1" dataRefStart="d1" dataRefEnd="d2">Juan Perez</pc> said yes.</target>
      </segment>
      <ignorable><source> </source><target> </target></ignorable>
      <segment id="s2" state="translated">
        <source>Murieron <ph id="2"/> personas.</source>
        <target>Died <ph id="2"/> people.</target>
      </segment>
    </unit>
    <unit id="u2">
      <mtc:matches><mtc:match ref="#s3"><source>Lo dijo.</source><target>He said it.</target></mtc:match></mtc:matches>
      <segment id="s3" state="initial">
        <source>Lo dijo <sc id="3"/>El País<ec startRef="3"/> ayer.</source>
        <target>It said <sc id="3"/>El País<ec startRef="3"/> yesterday.</target>
      </segment>
    </unit>
    <unit id="u3">
      <segment state="final" subState="desk:checked">
        <source>Fin.</source>
        <target><mrk id="m1" type="term">The end.</mrk></target>
      </segment>
    </unit>
  </file>
</xliff>
"""
DATA = SAMPLE.encode("utf-8")
DRAFTS = ["The minister Juan Perez said yes.", "Died people.", "It said El País yesterday.", "The end."]


def _doc():
    return document_from_bytes(DATA, "efe-0504.xlf")


def _segments(data: bytes) -> list[ET.Element]:
    return list(ET.fromstring(data).iter(f"{NS}segment"))


def _without_segment_targets(data: bytes) -> str:
    root = ET.fromstring(data)
    for segment in root.iter(f"{NS}segment"):
        segment.remove(segment.find(f"{NS}target"))
        segment.attrib.pop("state", None)
        segment.attrib.pop("subState", None)
    return ET.canonicalize(ET.tostring(root, encoding="unicode"))


def test_reading_gives_one_sentence_per_segment_with_unit_paragraphs():
    doc = _doc()
    assert [(s.id, s.draft, s.source, s.paragraph) for s in doc.segments] == [
        ("u1/s1", DRAFTS[0], "El ministro Juan Pérez dijo que sí.", 0),
        ("u1/s2", DRAFTS[1], "Murieron personas.", 0),
        ("u2", DRAFTS[2], "Lo dijo El País ayer.", 1),
        ("u3", DRAFTS[3], "Fin.", 2),
    ]
    assert (doc.format, doc.source_lang, doc.target_lang) == ("xliff", "es", "en")


def test_unchanged_finals_give_back_the_same_file():
    out = render_xliff(_doc(), DRAFTS)
    assert ET.canonicalize(out.decode("utf-8")) == ET.canonicalize(SAMPLE)
    assert b'xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"' in out and b"<mtc:match " in out


@pytest.mark.parametrize(("index", "final", "expected"), [
    (0, "Juan Perez, the minister, said yes.",
     '<pc id="1" dataRefStart="d1" dataRefEnd="d2">Juan Perez</pc>, the minister, said yes.'),
    (0, "The minister Juan Pérez said yes.",
     'The minister <pc id="1" dataRefStart="d1" dataRefEnd="d2">Juan Pérez</pc> said yes.'),
    (1, "Killed were people.", 'Killed were <ph id="2"/> people.'),
    (2, "It was reported by El Pais.", 'It was reported by <sc id="3"/>El Pais<ec startRef="3"/>.'),
    (3, "The story ends here.", '<mrk id="m1" type="term">The story ends here.</mrk>'),
])
def test_edits_carry_the_inline_codes_and_mark_the_segment_translated(index, final, expected):
    finals = list(DRAFTS)
    finals[index] = final
    out = render_xliff(_doc(), finals)
    segment = _segments(out)[index]
    target = segment.find(f"{NS}target")
    assert _markup(target) == expected
    assert read_layout(target).text == final
    original = _segments(DATA)[index].find(f"{NS}target")
    assert Counter((e.tag, e.get("id")) for e in target.iter()) == Counter((e.tag, e.get("id")) for e in original.iter())
    assert segment.get("state") == "translated" and segment.get("subState") is None
    assert _without_segment_targets(out) == _without_segment_targets(DATA)
    others = [ET.tostring(s) for k, s in enumerate(_segments(out)) if k != index]
    assert others == [ET.tostring(s) for k, s in enumerate(_segments(DATA)) if k != index]


def test_approved_segments_become_final_and_need_no_approved_attribute():
    out = render_xliff(_doc(), DRAFTS, [True, False, False, False])
    first, second = _segments(out)[:2]
    assert (first.get("state"), second.get("state")) == ("final", "translated")
    assert b"approved=" not in out


def test_segments_of_a_unit_join_into_one_paragraph_in_plain_text():
    text = render_document(_doc(), DRAFTS, "txt").decode("utf-8")
    assert text.split("\n\n")[0].strip() == "The minister Juan Perez said yes. Died people."


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s.replace('<unit id="u2">', "<unit>"), "unit 2 has no id"),
    (lambda s: s.replace('<unit id="u3">', '<unit id="u2">'), 'segment id "u2" is used twice'),
    (lambda s: s.replace("<target>The end.</target>", "<target/>").replace(
        '<target><mrk id="m1" type="term">The end.</mrk></target>', "<target/>"), 'segment "u3" has no <target> text'),
    (lambda s: s.split("<file ")[0] + "</xliff>", "has no translation units; give an XLIFF file with <unit>s"),
])
def test_malformed_files_get_one_line_errors(change, message):
    with pytest.raises(InputError, match=message) as err:
        document_from_bytes(change(SAMPLE).encode("utf-8"), "bad.xlf")
    assert "\n" not in str(err.value)


def test_job_from_an_xliff2_file_exports_into_it(tmp_path):
    doc = _doc()
    store = ReviewStore(tmp_path / "review.sqlite")
    job = store.create_job(doc, "apertium", "sig")
    fixes = ["The minister Juan Pérez said yes.", DRAFTS[1], "Yesterday El País said it.", DRAFTS[3]]
    store.add_results(job, [
        SegmentResult(segment=s, proposal=f, fix=f, changed=f != s.draft,
                      verdict=GateVerdict(f != s.draft, "better" if f != s.draft else "same"),
                      signature="engine:test", diff=word_diff(s.draft, f))
        for s, f in zip(doc.segments, fixes)])
    store.finish_job(job)
    store.decide(job, 0, "approve")
    store.decide(job, 1, "edit", "Killed were people.")
    out = export_job(ReviewStore(store.path), job, "xliff", tmp_path).read_bytes()
    got = [(s.get("state"), _markup(s.find(f"{NS}target"))) for s in _segments(out)]
    assert got == [
        ("final", 'The minister <pc id="1" dataRefStart="d1" dataRefEnd="d2">Juan Pérez</pc> said yes.'),
        ("final", 'Killed were <ph id="2"/> people.'),  # the editor's own text counts as approved
        ("initial", 'It said <sc id="3"/>El País<ec startRef="3"/> yesterday.'),
        ("final", '<mrk id="m1" type="term">The end.</mrk>'),
    ]


def test_translate_no_on_a_unit_or_inherited_from_its_file_leaves_it_out():
    data = (f'<xliff version="2.0" xmlns="{NS[1:-1]}" srcLang="es" trgLang="en"><file id="f" translate="no">'
            '<unit id="u1"><segment><source>a</source><target>Closed.</target></segment></unit>'
            '<unit id="u2" translate="yes"><segment><source>b</source><target>Open.</target></segment></unit>'
            '</file></xliff>').encode("utf-8")
    doc = document_from_bytes(data, "story.xlf")
    assert [(s.id, s.draft) for s in doc.segments] == [("u2", "Open.")]
    out = render_xliff(doc, ["Open now."])
    assert b"Closed.</target>" in out and b"Open now.</target>" in out
