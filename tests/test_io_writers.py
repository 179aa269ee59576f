"""Writers: txt keeps paragraphs, JSONL/TSV/XLIFF round trips, TMX 1.4, escaping, atomic writes."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mtedit.errors import InputError
from mtedit.io import (
    OutputError,
    document_from_text,
    read_document,
    render_text,
    write_document,
    write_tmx,
    write_xliff,
)
from mtedit.types import Document, Segment

NS = "{urn:oasis:names:tc:xliff:document:1.2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NASTY = 'He wrote <script>alert("x")</script> & <b>left</b> \'now\'.'

DOC = Document(
    name="story",
    segments=(
        Segment(id="p1s1", source="Hola.", draft="Hello.", paragraph=0),
        Segment(id="p1s2", source="El Sr. Pérez & Cía. <dijo>.", draft="The Mr. Perez said.", paragraph=0),
        Segment(id="p2s1", source=None, draft="Draft only.", paragraph=1),
    ),
)
FINALS = ["Hi.", NASTY, "Final only."]


@pytest.mark.parametrize(
    ("paragraphs", "finals", "expected"),
    [
        ([0, 0, 1], ["A.", "B.", "C."], "A. B.\n\nC.\n"),
        ([0, 1, 2], ["A.", "B.", "C."], "A.\n\nB.\n\nC.\n"),
        ([0, 0, 0], ["A.", "  B.\n", "C."], "A. B. C.\n"),
        ([0, 1, 1], ["A.", "", "C."], "A.\n\nC.\n"),
        ([3, 3, 5], ["A.", "B.", "C."], "A. B.\n\nC.\n"),
    ],
)
def test_render_text_keeps_paragraphs(paragraphs: list[int], finals: list[str], expected: str) -> None:
    segments = tuple(Segment(id=str(i), draft="x", paragraph=p) for i, p in enumerate(paragraphs))
    doc = Document(name="d", segments=segments)
    assert render_text(doc, finals) == expected


def test_render_text_needs_one_final_per_segment() -> None:
    with pytest.raises(ValueError, match="2 final texts for 3 segments"):
        render_text(DOC, FINALS[:2])


def test_txt_round_trip_keeps_paragraphs_and_sentences(tmp_path: Path) -> None:
    draft = "First one. Second one.\n\nThird one.\n"
    doc = document_from_text(draft)
    out = tmp_path / "out.txt"
    write_document(out, doc, [s.draft.upper() for s in doc.segments])
    assert out.read_text(encoding="utf-8") == "FIRST ONE. SECOND ONE.\n\nTHIRD ONE.\n"
    again = read_document(out)
    assert [(s.id, s.paragraph) for s in again.segments] == [(s.id, s.paragraph) for s in doc.segments]


def test_jsonl_writer_and_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    write_document(out, DOC, FINALS)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["source"], r["draft"], r["final"]) for r in records] == [
        (s.id, s.source, s.draft, f) for s, f in zip(DOC.segments, FINALS)
    ]
    again = read_document(out)
    assert again.segments == DOC.segments


def test_tsv_writer(tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    write_document(out, DOC, ["Hi\tthere.", "Two\nlines.", "Three."])
    assert out.read_text(encoding="utf-8") == (
        "Hola.\tHi there.\nEl Sr. Pérez & Cía. <dijo>.\tTwo lines.\n\tThree.\n"
    )
    again = read_document(out)
    assert [(s.source, s.draft) for s in again.segments] == [
        ("Hola.", "Hi there."), ("El Sr. Pérez & Cía. <dijo>.", "Two lines."), (None, "Three.")
    ]


@pytest.mark.parametrize("suffix", [".xlf", ".xliff", ".sdlxliff"])
def test_xliff_round_trip_escapes_text(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    write_xliff(out, DOC, FINALS, approved=[True, False, True])
    raw = out.read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw and "&amp;" in raw
    again = read_document(out)
    assert [(s.id, s.source, s.draft) for s in again.segments] == [
        (s.id, s.source, f) for s, f in zip(DOC.segments, FINALS)
    ]
    units = ET.fromstring(out.read_bytes()).iter(f"{NS}trans-unit")
    states = [(u.get("approved"), u.find(f"{NS}target").get("state")) for u in units]
    assert states == [("yes", "final"), (None, "needs-review-translation"), ("yes", "final")]


def test_xliff_without_approvals_needs_review(tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    write_document(out, DOC, FINALS)
    root = ET.fromstring(out.read_bytes())
    assert root.get("version") == "1.2"
    assert {t.get("state") for t in root.iter(f"{NS}target")} == {"needs-review-translation"}
    file_el = root.find(f"{NS}file")
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("es", "en")


def test_xliff_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    write_xliff(out, DOC, ["Bell\x07 here.", "Esc\x1b.", "Ok."])
    assert [s.draft for s in read_document(out).segments] == ["Bell here.", "Esc.", "Ok."]


def test_tmx_is_well_formed_with_the_pairs(tmp_path: Path) -> None:
    pairs = [("Hola.", "Hi."), ("Pérez & <Cía>.", NASTY)]
    out = tmp_path / "memory.tmx"
    write_tmx(out, pairs, source_lang="es", target_lang="en")
    root = ET.fromstring(out.read_bytes())
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert {k: header.get(k) for k in ("creationtool", "srclang", "datatype", "segtype")} == {
        "creationtool": "mtedit", "srclang": "es", "datatype": "plaintext", "segtype": "sentence"
    }
    found = [
        tuple((tuv.get(XML_LANG), tuv.find("seg").text) for tuv in tu.findall("tuv"))
        for tu in root.find("body").findall("tu")
    ]
    assert found == [(("es", s), ("en", t)) for s, t in pairs]
    assert "<script>" not in out.read_text(encoding="utf-8")


def test_tmx_refuses_an_empty_side(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="TMX pair 2 has an empty side"):
        write_tmx(tmp_path / "m.tmx", [("Hola.", "Hi."), ("", "Only target.")])
    assert not (tmp_path / "m.tmx").exists()


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [("out.docx", None, "cannot tell the format"), ("out", "pdf", "unknown format 'pdf'")],
)
def test_unknown_output_format(tmp_path: Path, name: str, fmt: str | None, message: str) -> None:
    with pytest.raises(InputError, match=message):
        write_document(tmp_path / name, DOC, FINALS, fmt=fmt)


def test_explicit_format_overrides_suffix(tmp_path: Path) -> None:
    out = tmp_path / "out.dat"
    write_document(out, DOC, FINALS, fmt="jsonl")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    write_document(out, DOC, FINALS)
    assert out.read_text(encoding="utf-8").startswith("Hi. ")
    assert os.stat(out).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="out.txt: cannot be written \\(No space left on device\\)"):
        write_document(out, DOC, FINALS)
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize(
    ("target", "message"), [("missing/out.txt", "folder .* does not exist"), ("", "is a directory")]
)
def test_write_to_bad_place(tmp_path: Path, target: str, message: str) -> None:
    with pytest.raises(OutputError, match=message):
        write_document(tmp_path / target if target else tmp_path, DOC, FINALS, fmt="txt")


@pytest.mark.parametrize(("name", "fmt", "expected"), [
    ("story.en.txt", "txt", "story.en.fixed.txt"), ("job.sdlxliff", "xliff", "job.fixed.sdlxliff"),
    ("job.xliff", "xliff", "job.fixed.xliff"), ("job.xlf", "xliff", "job.fixed.xlf"), ("job.sdlxliff", "txt", "job.fixed.txt"),
])
def test_default_output_keeps_an_xliff_suffix(name: str, fmt: str, expected: str) -> None:
    from mtedit.commands.batch import default_output

    assert default_output(Path("archive") / name, fmt).name == expected
