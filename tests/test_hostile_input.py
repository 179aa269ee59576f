"""Hostile files and numbers below the command line: encodings, nesting, huge paragraphs, sizes, locks."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mtedit.errors import BusyError, InputError
from mtedit.filelock import exclusive, lock_path
from mtedit.io import document_from_bytes
from mtedit.io.jsondepth import TooDeep, loads_limited, nesting_depth
from mtedit.io.xmltext import decode_xml
from mtedit.terminal import terminal_safe
from mtedit.validate import finite_number, fraction, job_number, whole_number

XLIFF = ('<?xml version="1.0" encoding="{enc}"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
         '<file source-language="es" target-language="en" datatype="plaintext" original="x"><body>'
         '<trans-unit id="1"><source>El Gobierno apoyó la ley.</source><target>The Government supported the law.'
         '</target></trans-unit></body></file></xliff>\n')


@pytest.mark.parametrize(("case", "declared", "encoding"), [
    ("UTF-8 declaring ISO-8859-1 (converted with iconv)", "ISO-8859-1", "utf-8"),
    ("UTF-8 declaring windows-1252", "windows-1252", "utf-8"),
    ("UTF-8 declaring UTF-8", "UTF-8", "utf-8"),
    ("real ISO-8859-1 that says so", "ISO-8859-1", "latin-1"),
    ("real windows-1252 that says so", "windows-1252", "cp1252"),
])
def test_xliff_source_is_never_mojibake(case, declared, encoding):
    data = XLIFF.format(enc=declared).encode(encoding)
    document = document_from_bytes(data, "job.xlf")
    assert document.segments[0].source == "El Gobierno apoyó la ley."


@pytest.mark.parametrize(("case", "data", "fragment"), [
    ("Latin-1 without a declaration", XLIFF.replace(' encoding="{enc}"', "").encode("latin-1"), "iconv"),
    ("Latin-1 declaring UTF-8", XLIFF.format(enc="UTF-8").encode("latin-1"), "iconv"),
    ("an unknown declared encoding", XLIFF.format(enc="klingon-8").encode("latin-1"), "unknown encoding"),
    ("nested 100,000 deep", b'<?xml version="1.0"?><xliff>' + b"<g>" * 100_000 + b"</g>" * 100_000 + b"</xliff>",
     "nested more than"),
])
def test_xliff_refusals_are_one_line(case, data, fragment):
    with pytest.raises(InputError, match=fragment) as caught:
        document_from_bytes(data, "job.xlf")
    assert "\n" not in str(caught.value)


def test_an_xliff_written_back_keeps_its_text_and_says_utf8():
    from mtedit.io import render_document

    document = document_from_bytes(XLIFF.format(enc="ISO-8859-1").encode("utf-8"), "job.xlf")
    out = render_document(document, ["The Government backed the law."], "xliff")
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>') and "apoyó".encode() in out
    assert decode_xml(out, "out.xlf").count("apoyó") == 1


@pytest.mark.parametrize(("line", "depth"), [
    ('{"draft": "a [b] {c}"}', 1), ('{"a": [[{"b": 1}]]}', 4), ('{"draft": "\\"[[[["}', 1), ("[]", 1), ("3", 0),
])
def test_nesting_depth_ignores_brackets_in_strings(line, depth):
    assert nesting_depth(line) == depth


def test_deep_json_is_refused_without_recursion():
    with pytest.raises(TooDeep):
        loads_limited("[" * 100_000 + "]" * 100_000)
    assert loads_limited('{"draft": "' + "[" * 5000 + '"}') == {"draft": "[" * 5000}


def test_a_deep_edit_log_line_is_damage_not_a_traceback(tmp_path: Path):
    from mtedit.editlog import read_edit_log

    log = tmp_path / "x.log.jsonl"
    log.write_text("[" * 50_000 + "]" * 50_000 + '\n{"draft": "a", "fix": "b"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: not valid JSON"):
        read_edit_log(log)


def test_a_huge_paragraph_splits_in_linear_time_and_as_before():
    from mtedit import segment

    sentence = "The minister said on Tuesday that Sr. Blanco had deployed 8,000 soldiers. "
    small = sentence * 60  # ~4,500 characters: more than one chunk
    chunks = segment._chunks(" ".join(small.split()))
    assert len(chunks) > 1 and all(len(c) <= segment.CHUNK_CHARS for c in chunks)
    assert "".join(chunks) == " ".join(small.split())
    assert segment.split_sentences(small, "en") == [sentence.strip()] * 60
    started = time.perf_counter()
    assert len(segment.split_sentences(sentence * 1500, "en")) == 1500  # 110 KB: ~14 s unchunked, ~1 s now
    assert time.perf_counter() - started < 10


def test_text_without_any_stop_is_cut_at_spaces():
    from mtedit.segment import CHUNK_CHARS, _chunks

    text = " ".join(["word"] * 5000)
    chunks = _chunks(text)
    assert "".join(chunks) == text and all(len(c) <= CHUNK_CHARS and c.endswith(" ") for c in chunks[:-1])
    assert _chunks("x" * (CHUNK_CHARS * 2 + 5)) == ["x" * CHUNK_CHARS] * 2 + ["x" * 5]


def test_size_estimate_scales_with_text_model_and_engine(tmp_path: Path):
    from mtedit.config import EngineConfig
    from mtedit.sizing import estimate
    from mtedit.types import Segment

    story = [Segment(f"s{i}", "The coalition deployed 8,000 soldiers on Tuesday in the north.") for i in range(100)]
    small = EngineConfig(name="refine", kind="seq2seq", model=tmp_path / "none")
    big_model = tmp_path / "big"
    big_model.mkdir()
    with (big_model / "model.safetensors").open("wb") as handle:
        handle.truncate(335_000_000)  # ten times the bundled model (sparse: no disk used)
    big = EngineConfig(name="big", kind="seq2seq", model=big_model)
    apertium = EngineConfig(name="apertium", kind="apertium")
    a, b, c = (estimate(story, e) for e in (small, big, apertium))
    assert b.seconds == pytest.approx(10 * a.seconds) and c.seconds < a.seconds
    assert not a.needs_confirmation and a.describe().startswith("100 sentences (6 KB), about 3 s with refine")
    huge = estimate(story * 2000, big)
    assert huge.needs_confirmation and " h " in huge.describe()


@pytest.mark.parametrize(("check", "value"), [
    (lambda v: whole_number(v, "n", 1), "0"), (lambda v: whole_number(v, "n", 1), "1e400"),
    (lambda v: whole_number(v, "n", 1), "inf"), (lambda v: whole_number(v, "n", 1), "2.5"),
    (lambda v: whole_number(v, "n", 1), None), (lambda v: finite_number(v, "m"), "nan"),
    (lambda v: finite_number(v, "m"), "1e400"),
    (lambda v: fraction(v, "f"), "-0.1"), (lambda v: fraction(v, "f"), "inf"), (job_number, 1e23),
    (job_number, 2**63), (job_number, "99999999999999999999"), (job_number, "-1"),
])
def test_numbers_out_of_range_are_input_errors(check, value):
    with pytest.raises(InputError):
        check(value)


def test_numbers_in_range_pass():
    assert (whole_number("12", "n", 1), whole_number(12.0, "n", 1), job_number(" 7 ")) == (12, 12, 7)
    assert (finite_number("-1.5", "m"), fraction("1", "f"), fraction(0, "f")) == (-1.5, 1.0, 0.0)


def test_terminal_safe_escapes_controls_and_keeps_text():
    assert terminal_safe("a\x1b[2Jb\x07c\x9bd\u202ee") == "a\\x1b[2Jb\\x07c\\x9bd\\u202ee"
    assert terminal_safe("línea\ttab\nnext") == "línea\ttab\nnext"
    assert terminal_safe("two\nlines", one_line=True) == "two\\nlines"


def test_a_lock_names_its_holder_and_is_gone_after(tmp_path: Path):
    out = tmp_path / "sub" / "out.txt"
    with exclusive(out):
        assert lock_path(out).read_text().strip() == str(os.getpid())
        with pytest.raises(BusyError, match=f"pid {os.getpid()}"):
            with exclusive(out):
                pass
    assert not lock_path(out).exists()
    with exclusive(out):  # free again
        pass


def test_a_lock_left_by_a_killed_run_blocks_nothing(tmp_path: Path):
    out = tmp_path / "out.txt"
    lock_path(out).write_text("424242\n")  # the file stays after kill -9; the kernel dropped its lock
    with exclusive(out):
        assert lock_path(out).read_text().strip() == str(os.getpid())
