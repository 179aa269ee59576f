"""Readers: every format, good input and each kind of bad input (one-line InputError naming the file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtedit.errors import AlignmentError, InputError
from mtedit.io import document_from_bytes, document_from_text, read_document, read_text_file

ES_STORY = (
    "Madrid, 3 may (EFE).- El Sr. Rajoy viajó a EE.UU. el lunes. La visita costó 1.500 millones.\n\n"
    "Según la ONU, 2.200.112 personas votaron.\n"
)
EN_STORY = (
    "Madrid, 3 May (EFE).- The Mr. Rajoy travelled to USA on Monday. The visit cost 1.500 million.\n\n"
    "According to the UN, 2.200.112 people voted.\n"
)
XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="story" source-language="es-ES" target-language="en-GB" datatype="plaintext"><body>
  <trans-unit id="u1"><source>Hola &amp; adiós.</source><target>Hello &amp; <g id="1">goodbye</g>.</target></trans-unit>
  <trans-unit id="u2"><source/><target>Only a draft.</target></trans-unit>
 </body></file>
</xliff>
"""


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _view(doc) -> list[tuple]:
    return [(s.id, s.paragraph, s.source, s.draft, s.reference) for s in doc.segments]


GOOD = [
    (
        "draft.txt",
        "First sentence. Second one.\n\nThird paragraph.\n",
        "txt",
        [("p1s1", 0, None, "First sentence.", None), ("p1s2", 0, None, "Second one.", None),
         ("p2s1", 1, None, "Third paragraph.", None)],
    ),
    (
        "bom.text",
        b"\xef\xbb\xbfOne line.\r\n",
        "txt",
        [("p1s1", 0, None, "One line.", None)],
    ),
    (
        "pairs.jsonl",
        "\n".join(json.dumps(r, ensure_ascii=False) for r in [
            {"id": "a", "source": "Hola.", "draft": "Hello.", "reference": "Hi."},
            {"draft": "Only  draft."},
            {"id": 7, "source": None, "draft": "Seven.", "paragraph": 0},
        ]) + "\n\n",
        "jsonl",
        [("a", 0, "Hola.", "Hello.", "Hi."), ("line2", 1, None, "Only draft.", None),
         ("7", 0, None, "Seven.", None)],
    ),
    (
        "pairs.tsv",
        "source\tdraft\nHola.\tHello.\n\tDraft only.\n",
        "tsv",
        [("line2", 0, "Hola.", "Hello.", None), ("line3", 1, None, "Draft only.", None)],
    ),
    (
        "triples.tsv",
        "Hola.\tHello.\tHi.\n",
        "tsv",
        [("line1", 0, "Hola.", "Hello.", "Hi.")],
    ),
    (
        "story.xlf",
        XLIFF,
        "xliff",
        [("u1", 0, "Hola & adiós.", "Hello & goodbye.", None), ("u2", 1, None, "Only a draft.", None)],
    ),
]


@pytest.mark.parametrize(("name", "content", "fmt", "expected"), GOOD, ids=[g[0] for g in GOOD])
def test_read_good(tmp_path: Path, name: str, content: str | bytes, fmt: str, expected: list[tuple]) -> None:
    doc = read_document(_write(tmp_path, name, content))
    assert doc.format == fmt
    assert _view(doc) == expected


def test_xliff_languages_come_from_the_file(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "story.xliff", XLIFF))
    assert (doc.source_lang, doc.target_lang) == ("es", "en")


def test_txt_with_source_aligns_sentences(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "d.txt", EN_STORY), source=_write(tmp_path, "s.txt", ES_STORY))
    assert [(s.id, s.paragraph) for s in doc.segments] == [("p1s1", 0), ("p1s2", 0), ("p2s1", 1)]
    assert doc.segments[0].source == "Madrid, 3 may (EFE).- El Sr. Rajoy viajó a EE.UU. el lunes."
    assert doc.segments[0].draft == "Madrid, 3 May (EFE).- The Mr. Rajoy travelled to USA on Monday."
    assert doc.segments[2].source == "Según la ONU, 2.200.112 personas votaron."
    assert doc.has_source


def test_bundled_sample_story_aligns() -> None:
    samples = Path(__file__).resolve().parent.parent / "samples"
    doc = read_document(samples / "story.en.txt", source=samples / "story.es.txt")
    as_jsonl = read_document(samples / "story.jsonl")
    assert len(doc.segments) == 8
    assert _view(doc) == _view(as_jsonl)


def test_pasted_text_and_uploaded_bytes_agree(tmp_path: Path) -> None:
    pasted = document_from_text(EN_STORY, ES_STORY, name="pasted")
    uploaded = document_from_bytes(EN_STORY.encode(), "story.txt", source=ES_STORY.encode())
    assert _view(pasted) == _view(uploaded)
    assert pasted.name == "pasted"
    assert _view(document_from_text(EN_STORY, "   ")) == _view(document_from_text(EN_STORY))


def test_uploaded_jsonl_bytes() -> None:
    doc = document_from_bytes(b'{"draft": "Hi.", "source": "Hola."}\n', "up.jsonl")
    assert _view(doc) == [("line1", 0, "Hola.", "Hi.", None)]


BAD = [
    ("empty.txt", "", "is empty"),
    ("blank.txt", " \n\t\n", "is empty"),
    ("nul.txt", b"abc\x00def", "binary"),
    ("controls.txt", bytes(range(1, 9)) * 20, "binary"),
    ("latin1.txt", "Año de la canción".encode("latin-1"),
     r"not UTF-8 \(bad byte at offset 1\).*iconv -f latin1 -t utf-8"),
    ("utf16.txt", "Hola".encode("utf-16"), "UTF-16.*iconv"),
    ("huge.txt", "ok\n" + "x" * 20_001 + "\n", "line 2 has 20,001 characters"),
    ("bad.jsonl", '{"draft": "a"}\n{"draft": \n', r"line 2 is not valid JSON"),
    ("list.jsonl", '["draft"]\n', "line 1 is a JSON list, not an object"),
    ("nodraft.jsonl", '{"draft": "a"}\n{"source": "b"}\n', 'line 2 has no "draft"'),
    ("emptydraft.jsonl", '{"draft": "  "}\n', 'line 1 has an empty "draft"'),
    ("numdraft.jsonl", '{"draft": 3}\n', '"draft" must be a string, not int'),
    ("numsource.jsonl", '{"draft": "a", "source": ["x"]}\n', '"source" must be a string, not list'),
    ("badid.jsonl", '{"draft": "a", "id": true}\n', '"id" must be a non-empty string or an integer'),
    ("dupid.jsonl", '{"draft": "a", "id": "x"}\n{"draft": "b", "id": "x"}\n', 'line 2: id "x" is used twice'),
    ("badpara.jsonl", '{"draft": "a", "paragraph": -1}\n', '"paragraph" must be a whole number'),
    ("cols.tsv", "a\tb\nc\td\te\n", "line 2 has 3 tab-separated column.*expected 2"),
    ("onecol.tsv", "just text\n", "line 1 has 1 tab-separated column"),
    ("nodraft.tsv", "Hola.\t \n", "line 1 has an empty draft"),
    ("broken.xlf", "<xliff version='1.2'><file><body><trans-unit id='a'>\n<source>x</target>",
     r"not well-formed XML \(line 2, column"),
    ("doctype.xlf", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><xliff><file><body/></file></xliff>',
     "DOCTYPE/ENTITY declaration is refused for safety"),
    ("entity.xliff", '<!ENTITY e SYSTEM "file:///etc/passwd"><xliff/>', "refused for safety"),
    ("nounits.xlf", '<xliff version="1.2"><file><body/></file></xliff>', "has no translation units; give an XLIFF file with <trans-unit>s"),
    ("notxliff.xlf", "<html><body/></html>", "root element is <html>, not <xliff>"),
    ("notarget.xlf", '<xliff><file><body><trans-unit id="a"><source>Hola</source></trans-unit></body></file></xliff>',
     'trans-unit "a" has no <target>'),
    ("story.docx", "text", "cannot tell the format from '.docx'"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_read_bad(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(InputError, match=message) as info:
        read_document(path)
    text = str(info.value)
    assert "\n" not in text
    assert name in text or "format" in text


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file"),
        (lambda tmp: tmp, "is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_read_text_file_bad_paths(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_text_file(make(tmp_path))


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "locked.txt", "secret")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)  # mode 000 does not stop root, so simulate it
    with pytest.raises(InputError, match="locked.txt: cannot be read \\(Permission denied\\); check its permissions"):
        read_text_file(path)


def test_source_only_with_txt(tmp_path: Path) -> None:
    draft = _write(tmp_path, "d.jsonl", '{"draft": "a"}\n')
    with pytest.raises(InputError, match="separate source file only goes with a .txt draft"):
        read_document(draft, source=_write(tmp_path, "s.txt", "Hola."))


@pytest.mark.parametrize(
    ("source", "draft", "message"),
    [
        ("Uno.\n\nDos.", "One.", "source has 2 paragraph.*draft has 1"),
        (
            "El Gobierno aprobó hoy el plan de ayuda. La ministra lo presentó en Madrid. La oposición lo criticó.",
            "The Government approved today the plan of help. The opposition criticised it.",
            "3 source vs 2 draft sentences",
        ),
    ],
    ids=["paragraphs", "sentences"],
)
def test_mismatched_source_and_draft(tmp_path: Path, source: str, draft: str, message: str) -> None:
    with pytest.raises(AlignmentError, match=message) as info:
        read_document(_write(tmp_path, "d.txt", draft), source=_write(tmp_path, "s.txt", source))
    assert "d.txt" in str(info.value)
