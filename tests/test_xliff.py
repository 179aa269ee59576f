"""XLIFF round trip: plain drafts for the model, inline tags carried onto edits, everything else in the file kept."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from collections import Counter
from xml.sax.saxutils import escape

import pytest

from mtedit.errors import InputError
from mtedit.export import export_job
from mtedit.io import document_from_bytes, document_from_text, render_document, render_xliff
from mtedit.io.xliff import _parse_tree
from mtedit.io.xliff_tags import InlineTag, read_layout, split_tokens
from mtedit.score import word_diff
from mtedit.store import ReviewStore
from mtedit.types import GateVerdict, SegmentResult

NS = "{urn:oasis:names:tc:xliff:document:1.2}"

# What a CAT tool exports: tool header, notes, a group with a foreign-namespace attribute, inline tags,
# alt-trans, comments, an approved unit.
SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by DeskCAT 5.2 -->
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:cat="urn:example:deskcat">
  <file original="efe-0503.html" source-language="es-ES" target-language="en-US" datatype="html">
    <header>
      <tool tool-id="deskcat" tool-name="DeskCAT" tool-version="5.2"/>
      <note from="desk">Wire copy, EFE, 3 May.</note>
    </header>
    <body>
      <group id="p1" resname="lead" cat:style="lead">
        <trans-unit id="1" cat:origin="mt">
          <source>El ministro <g id="1">Juan Pérez</g> dijo que sí.</source>
          <target state="translated">The minister <g id="1">Juan Perez</g> said yes.</target>
          <alt-trans origin="tm" match-quality="78"><target>The minister said yes.</target></alt-trans>
          <note>Check the name.</note>
        </trans-unit>
        <trans-unit id="2">
          <source>Primera línea.<x id="2"/>Segunda línea.</source>
          <target state="translated">First line.<x id="2"/>Second line.</target>
        </trans-unit>
        <!-- placeholder: casualty count -->
        <trans-unit id="3">
          <source>Murieron <ph id="3">{0}</ph> personas.</source>
          <target state="translated">Died <ph id="3">{0}</ph> people.</target>
        </trans-unit>
        <trans-unit id="4">
          <source>Lo dijo <bpt id="4">&lt;i&gt;</bpt>El País<ept id="4">&lt;/i&gt;</ept> ayer.</source>
          <target state="translated">It said <bpt id="4">&lt;i&gt;</bpt>El País<ept id="4">&lt;/i&gt;</ept> yesterday.</target>
        </trans-unit>
      </group>
      <trans-unit id="5" approved="yes">
        <source>Fin.</source>
        <target state="final"><mrk mtype="seg" mid="1">The end.</mrk></target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""
DATA = SAMPLE.encode("utf-8")
DRAFTS = ["The minister Juan Perez said yes.", "First line. Second line.", "Died people.",
          "It said El País yesterday.", "The end."]


def _doc():
    return document_from_bytes(DATA, "efe-0503.xlf")


def _markup(element: ET.Element) -> str:
    """An element's content as XLIFF markup without namespaces, for exact comparisons."""
    out = [escape(element.text or "")]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        attrs = "".join(f' {k}="{v}"' for k, v in child.attrib.items())
        inner = _markup(child)
        out += [f"<{name}{attrs}>{inner}</{name}>" if inner else f"<{name}{attrs}/>", escape(child.tail or "")]
    return "".join(out)


def _units(data: bytes) -> dict[str, ET.Element]:
    return {u.get("id"): u for u in ET.fromstring(data).iter(f"{NS}trans-unit")}


def _without_targets(data: bytes) -> str:
    """The whole file in canonical form with every trans-unit's own <target> (and approval marks) removed."""
    root = ET.fromstring(data)
    for unit in root.iter(f"{NS}trans-unit"):
        unit.remove(unit.find(f"{NS}target"))
        unit.attrib.pop("approved", None)
    return ET.canonicalize(ET.tostring(root, encoding="unicode"))


def _render(index: int, final: str, approved: list[bool] | None = None) -> bytes:
    finals = list(DRAFTS)
    finals[index] = final
    return render_xliff(_doc(), finals, approved)


def test_reading_gives_plain_drafts_and_sources():
    doc = _doc()
    assert [(s.id, s.draft, s.source) for s in doc.segments] == [
        ("1", DRAFTS[0], "El ministro Juan Pérez dijo que sí."),
        ("2", DRAFTS[1], "Primera línea. Segunda línea."),
        ("3", DRAFTS[2], "Murieron personas."),
        ("4", DRAFTS[3], "Lo dijo El País ayer."),
        ("5", DRAFTS[4], "Fin."),
    ]
    assert (doc.format, doc.source_lang, doc.target_lang, doc.original) == ("xliff", "es", "en", DATA)


@pytest.mark.parametrize(("unit", "tags"), [
    ("1", [InlineTag("g", "open", 13, "1"), InlineTag("g", "close", 23, "1")]),
    ("2", [InlineTag("x", "empty", 11, "2")]),
    ("3", [InlineTag("ph", "empty", 5, "3")]),
    ("4", [InlineTag("bpt", "empty", 8, "4"), InlineTag("ept", "empty", 15, "4")]),
    ("5", [InlineTag("mrk", "open", 0, None), InlineTag("mrk", "close", 8, None)]),
])
def test_inline_elements_have_offsets_in_the_plain_draft(unit, tags):
    tree = _parse_tree(DATA, "x.xlf")
    layout = read_layout(next(u for u in tree.units() if u.id == unit).target)
    assert list(layout.tags) == tags
    assert split_tokens(layout.text) == (layout.tokens, layout.spaced)  # the transfer diff sees the same words


def test_unchanged_finals_give_back_the_same_file():
    out = render_xliff(_doc(), DRAFTS)
    assert ET.canonicalize(out.decode("utf-8"), with_comments=True) == ET.canonicalize(SAMPLE, with_comments=True)
    before, after = _units(DATA), _units(out)
    for uid, unit in before.items():
        assert ET.tostring(after[uid]) == ET.tostring(unit)
    assert b'xmlns:cat="urn:example:deskcat"' in out and b'cat:style="lead"' in out and b"ns0" not in out


EDITS = [
    # (unit index, final, expected <target> content)
    (0, "The minister Juan Pérez said yes.", 'The minister <g id="1">Juan Pérez</g> said yes.'),  # word inside <g>
    (0, "Juan Perez, the minister, said yes.", '<g id="1">Juan Perez</g>, the minister, said yes.'),  # reordered
    (0, "The minister said: yes.", 'The minister<g id="1"/> said: yes.'),  # the name deleted: the pair stays
    (1, "First line here. Second line.", 'First line here.<x id="2"/>Second line.'),  # inserted before <x/>
    (1, "First line. The second line.", 'First line.<x id="2"/>The second line.'),  # inserted after <x/>
    (2, "Killed were people.", 'Killed were <ph id="3">{0}</ph> people.'),
    (3, "Yesterday El País said it.",  # sentence reordered
     'Yesterday <bpt id="4">&lt;i&gt;</bpt>El País<ept id="4">&lt;/i&gt;</ept> said it.'),
    (3, "It was reported by El Pais.",  # name replaced: the pair goes round the replacement
     'It was reported by <bpt id="4">&lt;i&gt;</bpt>El Pais<ept id="4">&lt;/i&gt;</ept>.'),
    (3, "Nothing else.",  # everything replaced
     '<bpt id="4">&lt;i&gt;</bpt>Nothing else<ept id="4">&lt;/i&gt;</ept>.'),
    (4, "The story ends here.", '<mrk mtype="seg" mid="1">The story ends here.</mrk>'),  # wrapper kept round all
]


@pytest.mark.parametrize(("index", "final", "expected"), EDITS)
def test_edits_carry_every_inline_element_once(index, final, expected):
    out = _render(index, final)
    unit_id = str(index + 1)
    target = _units(out)[unit_id].find(f"{NS}target")
    assert _markup(target) == expected
    assert read_layout(target).text == final  # reading the output back gives the final
    original = _units(DATA)[unit_id].find(f"{NS}target")
    assert Counter((e.tag, e.get("id")) for e in target.iter()) == Counter((e.tag, e.get("id")) for e in original.iter())
    assert target.get("state") == "needs-review-translation"
    assert _without_targets(out) == _without_targets(DATA)  # nothing but the target changed
    others = {k: v for k, v in _units(out).items() if k != unit_id}
    assert all(ET.tostring(u) == ET.tostring(_units(DATA)[k]) for k, u in others.items())


def test_final_edited_to_nothing_keeps_the_tags():
    out = _render(0, " ")
    assert _markup(_units(out)["1"].find(f"{NS}target")) == '<g id="1"/>'


@pytest.mark.parametrize(("approved", "final", "unit_approved", "state", "content"), [
    (True, DRAFTS[0], "yes", "final", 'The minister <g id="1">Juan Perez</g> said yes.'),
    (True, "The minister Juan Pérez said yes.", "yes", "final", 'The minister <g id="1">Juan Pérez</g> said yes.'),
    (False, DRAFTS[0], None, "translated", 'The minister <g id="1">Juan Perez</g> said yes.'),
])
def test_approvals(approved, final, unit_approved, state, content):
    out = _render(0, final, [approved, False, False, False, True])
    unit = _units(out)["1"]
    assert (unit.get("approved"), unit.find(f"{NS}target").get("state")) == (unit_approved, state)
    assert _markup(unit.find(f"{NS}target")) == content


def test_a_changed_unit_loses_its_old_approval():
    unit = _units(_render(4, "Finished.", [False] * 5))["5"]
    assert (unit.get("approved"), unit.find(f"{NS}target").get("state")) == (None, "needs-review-translation")


def test_text_is_escaped_and_output_well_formed():
    out = _render(0, 'The <script>alert("x")</script> & Juan Perez said yes.')
    target = _units(out)["1"].find(f"{NS}target")
    assert "".join(target.itertext()) == 'The <script>alert("x")</script> & Juan Perez said yes.'
    assert b"<script>" not in out


def test_documents_not_from_xliff_get_a_fresh_file():
    doc = document_from_text("One sentence. Two.")
    root = ET.fromstring(render_document(doc, ["One.", "Two."], "xliff"))
    assert root.find(f"{NS}file").get("datatype") == "plaintext"
    assert [t.text for t in root.iter(f"{NS}target")] == ["One.", "Two."]


def test_segments_that_do_not_match_the_file_are_refused():
    doc = _doc()
    other = type(doc)(name=doc.name, segments=doc.segments[1:], format="xliff", original=doc.original)
    with pytest.raises(InputError, match="no longer match the units"):
        render_xliff(other, DRAFTS[1:])


def test_doctype_in_the_original_is_still_refused():
    bad = DATA.replace(b"<xliff ", b'<!DOCTYPE x [<!ENTITY e "boom">]><xliff ', 1)
    with pytest.raises(InputError, match="refused for safety"):
        document_from_bytes(bad, "bad.xlf")


# ---- a job made from an uploaded XLIFF exports back into that file -------------------------------
def _results(doc, fixes):
    return [SegmentResult(segment=s, proposal=f, fix=f, changed=f != s.draft,
                          verdict=GateVerdict(f != s.draft, "better" if f != s.draft else "same"),
                          signature="engine:test", diff=word_diff(s.draft, f)) for s, f in zip(doc.segments, fixes)]


def test_job_round_trip_through_store_and_export(tmp_path):
    doc = _doc()
    store = ReviewStore(tmp_path / "review.sqlite")
    job = store.create_job(doc, "apertium", "sig")
    fixes = ["The minister Juan Pérez said yes.", DRAFTS[1], DRAFTS[2], "Yesterday El País said it.", DRAFTS[4]]
    store.add_results(job, _results(doc, fixes))
    store.finish_job(job)
    store.decide(job, 0, "approve")
    store.decide(job, 2, "edit", "Killed were people.")
    store.decide(job, 4, "keep")  # sentence 1 and 3 stay pending: their drafts
    out = export_job(ReviewStore(store.path), job, "xliff", tmp_path).read_bytes()
    units = _units(out)
    got = {k: (u.get("approved"), u.find(f"{NS}target").get("state"), _markup(u.find(f"{NS}target")))
           for k, u in units.items()}
    assert got == {
        "1": ("yes", "final", 'The minister <g id="1">Juan Pérez</g> said yes.'),
        "2": (None, "translated", 'First line.<x id="2"/>Second line.'),
        "3": ("yes", "final", 'Killed were <ph id="3">{0}</ph> people.'),
        "4": (None, "translated",
              'It said <bpt id="4">&lt;i&gt;</bpt>El País<ept id="4">&lt;/i&gt;</ept> yesterday.'),
        "5": ("yes", "final", '<mrk mtype="seg" mid="1">The end.</mrk>'),
    }
    assert _without_targets(out) == _without_targets(DATA)


def test_old_store_gets_the_original_column(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created TEXT NOT NULL,"
                " engine TEXT NOT NULL, signature TEXT NOT NULL, source_lang TEXT, target_lang TEXT, format TEXT,"
                " total INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'running')")
    con.execute("INSERT INTO jobs (name, created, engine, signature, source_lang, target_lang, format, total, status)"
                " VALUES ('old.txt', '2024-01-01', 'e', 's', 'es', 'en', 'txt', 0, 'done')")
    con.commit()
    con.close()
    store = ReviewStore(path)
    assert store.load_job(1).original is None and store.job_info(1).name == "old.txt"
    ReviewStore(path)  # opening again is a no-op
    with sqlite3.connect(path) as con:
        assert "original" in {r[1] for r in con.execute("PRAGMA table_info(jobs)")}


# ---- a 1.2 unit segmented into sentences by <mrk mtype="seg"> (as SDLXLIFF files are) ----------------
SEGMENTED = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
  <file original="efe-0505.docx" source-language="es-ES" target-language="en-US" datatype="x-sdlfilterframework2">
    <body>
      <trans-unit id="a7" approved="yes">
        <source>El Gobierno aprobó el plan. La oposición votó en contra.</source>
        <seg-source><mrk mtype="seg" mid="1">El Gobierno aprobó el plan.</mrk> <mrk mtype="seg" mid="2">La <g id="5">oposición</g> votó en contra.</mrk></seg-source>
        <target state="translated"><mrk mtype="seg" mid="1">The Government approved the plan.</mrk> <g id="9"><mrk mtype="seg" mid="2">The <g id="5">opposition</g> voted in against.</mrk></g></target>
        <sdl:seg-defs><sdl:seg id="1" conf="Translated"/><sdl:seg id="2" conf="Translated"/></sdl:seg-defs>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_seg_marks_are_sentences_with_their_seg_source():
    doc = document_from_bytes(SEGMENTED.encode("utf-8"), "efe-0505.sdlxliff.xlf")
    assert [(s.id, s.draft, s.source, s.paragraph) for s in doc.segments] == [
        ("a7/1", "The Government approved the plan.", "El Gobierno aprobó el plan.", 0),
        ("a7/2", "The opposition voted in against.", "La oposición votó en contra.", 0),
    ]


def test_editing_one_seg_mark_rewrites_only_it():
    doc = document_from_bytes(SEGMENTED.encode("utf-8"), "efe-0505.xlf")
    out = render_xliff(doc, ["The Government approved the plan.", "The opposition voted against."])
    unit = _units(out)["a7"]
    target = unit.find(f"{NS}target")
    assert _markup(target) == ('<mrk mtype="seg" mid="1">The Government approved the plan.</mrk> <g id="9">'
                               '<mrk mtype="seg" mid="2">The <g id="5">opposition</g> voted against.</mrk></g>')
    assert (unit.get("approved"), target.get("state")) == (None, "needs-review-translation")
    assert b"<sdl:seg-defs><sdl:seg " in out  # the tool's own data stays
    assert ET.canonicalize(render_xliff(doc, [s.draft for s in doc.segments]).decode()) == ET.canonicalize(SEGMENTED)


SDL = "{http://sdl.com/FileTypes/SdlXliff/1.0}"


def _confs(out: bytes) -> dict[str, str]:
    return {seg.get("id"): seg.get("conf") for seg in ET.fromstring(out).iter(f"{SDL}seg")}


def test_sdl_seg_conf_follows_the_review():
    doc = document_from_bytes(SEGMENTED.encode("utf-8"), "efe-0505.sdlxliff")
    edited = render_xliff(doc, ["The Government approved the plan.", "The opposition voted against."])
    assert _confs(edited) == {"1": "Translated", "2": "Draft"}  # changed, not yet approved
    approved = render_xliff(doc, ["The Government approved the plan.", "The opposition voted against."],
                            approved=[True, True])
    assert _confs(approved) == {"1": "ApprovedTranslation", "2": "ApprovedTranslation"}


def test_sdl_seg_conf_of_a_unit_with_one_seg_mark():
    one = SEGMENTED.replace(
        '<target state="translated"><mrk mtype="seg" mid="1">The Government approved the plan.</mrk> <g id="9">'
        '<mrk mtype="seg" mid="2">The <g id="5">opposition</g> voted in against.</mrk></g></target>',
        '<target state="translated"><mrk mtype="seg" mid="2">The opposition voted in against.</mrk></target>')
    doc = document_from_bytes(one.encode("utf-8"), "efe-0505.sdlxliff")
    assert [s.id for s in doc.segments] == ["a7"]
    assert _confs(render_xliff(doc, ["The opposition voted against."])) == {"1": "Translated", "2": "Draft"}


# ---- units a CAT tool closed: translate="no" (1.2 and 2.0, inherited) and SDLXLIFF locked segments -------
def _xliff12(body: str) -> bytes:
    return (f'<xliff version="1.2" xmlns="{NS[1:-1]}" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">'
            f'<file original="a" source-language="es" target-language="en" datatype="plaintext"><body>{body}'
            '</body></file></xliff>').encode("utf-8")


def _tu(uid: str, text: str, extra: str = "", attrs: str = "") -> str:
    return f'<trans-unit id="{uid}"{attrs}><source>x</source><target>{text}</target>{extra}</trans-unit>'


def test_units_closed_by_translate_no_or_a_lock_are_left_out_and_kept_as_they_are():
    locked = '<sdl:seg-defs><sdl:seg id="1" locked="true" conf="ApprovedSignOff"/></sdl:seg-defs>'
    reopened = _tu("4", "Open again.", attrs=' translate="yes"')
    data = _xliff12(
        _tu("1", "The cat sleep.")
        + _tu("2", "Do not touch me.", attrs=' translate="no"')
        + f'<group translate="no">{_tu("3", "Nor me.")}{reopened}</group>'
        + _tu("5", '<mrk mtype="seg" mid="1">Locked in Trados.</mrk>', extra=locked)
    )
    doc = document_from_bytes(data, "story.sdlxliff")
    assert [(s.id, s.draft) for s in doc.segments] == [("1", "The cat sleep."), ("4", "Open again.")]
    out = render_xliff(doc, ["The cat sleeps.", "Open again."], approved=[True, True])
    targets = {u.get("id"): u.find(f"{NS}target") for u in ET.fromstring(out).iter(f"{NS}trans-unit")}
    assert targets["1"].text == "The cat sleeps." and targets["1"].get("state") == "final"
    for uid in ("2", "3", "5"):
        assert targets[uid].get("state") is None
    assert b"Do not touch me." in out and b"Nor me." in out and b'locked="true" conf="ApprovedSignOff"' in out


def test_a_file_with_every_unit_closed_says_so_in_one_line():
    data = _xliff12(_tu("1", "Do not touch me.", attrs=' translate="no"'))
    with pytest.raises(InputError, match='every trans-unit is locked or marked translate="no"') as err:
        document_from_bytes(data, "story.xlf")
    assert "\n" not in str(err.value)
