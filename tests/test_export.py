"""Exports of a reviewed job: text with paragraphs, JSONL with HTER and time, XLIFF and TMX of approved pairs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from mtedit.errors import InputError
from mtedit.export import FORMATS, export_job
from mtedit.score import hter
from mtedit.store import ReviewStore
from mtedit.types import Document
from test_store import DRAFTS, FIXES, make_results

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def reviewed(tmp_path):
    """Sentence 0 approved, 1 edited, 2 kept, 3 still pending."""
    store = ReviewStore(tmp_path / "review.sqlite")
    results = make_results()
    job = store.create_job(Document(name="my story.txt", segments=tuple(r.segment for r in results)), "apertium", "sig")
    store.add_results(job, results)
    store.finish_job(job)
    store.decide(job, 0, "approve", expected_version=0, seconds=3.0)
    store.decide(job, 1, "edit", "EFE reported it on Monday.", expected_version=0, seconds=12.5)
    store.decide(job, 2, "keep", expected_version=0, seconds=1.0)
    return store, job


def test_text_keeps_paragraphs(reviewed, tmp_path):
    store, job = reviewed
    path = export_job(store, job, "txt", tmp_path)
    assert path.name == "my-story-job1.txt"
    assert path.read_text(encoding="utf-8") == (
        f"{FIXES[0]} EFE reported it on Monday.\n\n{DRAFTS[2]} {DRAFTS[3]}\n")


def test_jsonl_has_hter_and_time(reviewed, tmp_path):
    store, job = reviewed
    lines = export_job(store, job, "jsonl", tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["index"], r["status"], r["final"], r["seconds"]) for r in records] == [
        (0, "approved", FIXES[0], 3.0), (1, "edited", "EFE reported it on Monday.", 12.5),
        (2, "kept", DRAFTS[2], 1.0), (3, "pending", DRAFTS[3], 0.0)]
    assert [r["hter"] for r in records] == [hter(r["draft"], r["final"]) for r in records]
    assert records[0]["hter"] > 0 and records[2]["hter"] == 0.0
    assert records[0]["signature"] == "engine:test" and records[0]["job"] == job


def test_xliff_marks_only_decided_units_approved(reviewed, tmp_path):
    store, job = reviewed
    root = ET.parse(export_job(store, job, "xliff", tmp_path / "out.xlf")).getroot()
    units = root.iter(f"{XLIFF}trans-unit")
    got = [(u.get("approved"), u.find(f"{XLIFF}target").text) for u in units]
    assert got == [("yes", FIXES[0]), ("yes", "EFE reported it on Monday."), ("yes", DRAFTS[2]), (None, DRAFTS[3])]


def test_tmx_holds_approved_pairs_only(reviewed, tmp_path):
    store, job = reviewed
    root = ET.parse(export_job(store, job, "tmx", tmp_path / "out.tmx")).getroot()
    pairs = [tuple(tuv.find("seg").text for tuv in tu.findall("tuv")) for tu in root.iter("tu")]
    langs = {tuv.get(XML_LANG) for tuv in root.iter("tuv")}
    # the edit of sentence 2 lost the source's number 1: an open error, left out unless asked for
    assert pairs == [("fuente 0", FIXES[0]), ("fuente 2", DRAFTS[2])]
    assert langs == {"es", "en"}
    root = ET.parse(export_job(store, job, "tmx", tmp_path / "all.tmx", with_flagged=True)).getroot()
    assert len(list(root.iter("tu"))) == 3


def test_escaping_survives_export(tmp_path):
    store = ReviewStore(tmp_path / "r.sqlite")
    results = make_results()[:1]
    job = store.create_job(Document(name="x", segments=(results[0].segment,)), "e", "s")
    store.add_results(job, results)
    store.decide(job, 0, "edit", "A <script>x</script> & <b>y</b>.")
    root = ET.parse(export_job(store, job, "xliff", tmp_path / "x.xlf")).getroot()
    assert next(root.iter(f"{XLIFF}target")).text == "A <script>x</script> & <b>y</b>."


@pytest.mark.parametrize(("fmt", "match"), [("docx", "unknown export format"), ("txt", "wait for the run")])
def test_bad_exports(tmp_path, fmt, match):
    store = ReviewStore(tmp_path / "r.sqlite")
    results = make_results()
    job = store.create_job(Document(name="x", segments=tuple(r.segment for r in results)), "e", "s")
    store.add_results(job, results[:1])  # still running
    with pytest.raises(InputError, match=match):
        export_job(store, job, fmt, tmp_path)


def test_formats_cover_the_cli_choices():
    from mtedit.ui.commands import EXPORT_FORMATS

    assert tuple(FORMATS) == EXPORT_FORMATS


def test_cli_jobs_and_export(reviewed, tmp_path, capsys):
    from mtedit.cli import main

    store, job = reviewed
    assert main(["jobs", "--store", str(store.path)]) == 0
    assert f"#{job} my story.txt · apertium" in capsys.readouterr().out
    out = tmp_path / "cli.tmx"
    assert main(["export", str(job), "--format", "tmx", "-o", str(out), "--store", str(store.path)]) == 0
    assert out.read_bytes() == export_job(store, job, "tmx", tmp_path / "api.tmx").read_bytes()
    assert out.read_bytes().count(b"<tu>") == 2
    assert main(["export", str(job), "--format", "tmx", "-o", str(out), "--store", str(store.path),
                 "--with-flagged"]) == 0
    assert out.read_bytes().count(b"<tu>") == 3
    assert main(["export", str(job + 5), "-o", str(tmp_path), "--store", str(store.path)]) == 5  # StoreError
    assert "mtedit jobs" in capsys.readouterr().err
