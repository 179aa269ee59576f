"""Desk glossaries: loading TSV/TOML, flagging violations, enforcing by safe replacement."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtedit.checks import Glossary, Term, check, enforce_glossary, load_glossary
from mtedit.errors import InputError

EXAMPLE = Path(__file__).resolve().parent.parent / "configs" / "glossary.example.tsv"


@pytest.fixture()
def glossary() -> Glossary:
    return Glossary((Term("EIIL", "ISIL", ("EI", "Islamic State of Iraq and the Levant")), Term("EFE", "EFE")))


def test_example_glossary_loads() -> None:
    g = load_glossary(EXAMPLE)
    assert Term("EIIL", "ISIL", ("EI", "Islamic State of Iraq and the Levant")) in g.terms
    assert any(t.source == "EFE" and t.keep for t in g.terms)


def test_toml_glossary(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text('[terms]\nEIIL = "ISIL"\nEFE = "="\nOTAN = {target = "NATO", variants = ["OTAN"]}\n',
                    encoding="utf-8")
    assert load_glossary(path).terms == (Term("EIIL", "ISIL"), Term("EFE", "EFE"), Term("OTAN", "NATO", ("OTAN",)))


@pytest.mark.parametrize("name,text,needle", [
    ("bad.tsv", "EIIL ISIL\n", "bad.tsv:1"),
    ("bad.tsv", "# ok\nEIIL\t\n", "bad.tsv:2"),
    ("bad.toml", "terms = 3\n", "[terms]"),
    ("bad.toml", "[terms\n", "not valid TOML"),
    ("bad.csv", "EIIL,ISIL\n", ".tsv or .toml"),
])
def test_bad_glossaries(tmp_path: Path, name: str, text: str, needle: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_glossary(path)
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_missing_glossary(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "none.tsv")


@pytest.mark.parametrize("source,target,expected", [
    ("El EIIL reivindicó el ataque, según EFE.", "ISIL claimed the attack, EFE reported.", []),
    ("El EIIL reivindicó el ataque, según EFE.", "EI claimed the attack, EFE reported.", [("glossary", "error")]),
    ("El EIIL reivindicó el ataque, según EFE.", "ISIL claimed the attack, Efe reported.",
     [("credit", "warning"), ("glossary", "error")]),
    (None, "The EIIL claimed the attack.", [("glossary", "warning")]),
    (None, "ISIL claimed the attack.", []),
])
def test_glossary_flags(glossary: Glossary, source: str | None, target: str, expected: list[tuple[str, str]]) -> None:
    flags = [(f.kind, f.severity) for f in check(source, target, glossary=glossary)]
    assert sorted(flags) == sorted(expected)


@pytest.mark.parametrize("source,target,fixed", [
    ("El EIIL reivindicó el ataque.", "The EIIL claimed the attack.", "The ISIL claimed the attack."),
    ("El EIIL reivindicó el ataque.", "The EI claimed the attack.", "The ISIL claimed the attack."),
    ("Según informó EFE.", "As Efe reported.", "As EFE reported."),
    ("Según informó EFE.", "As EFE reported.", "As EFE reported."),
    ("Sin términos.", "The EIIL claimed it.", "The EIIL claimed it."),  # term not in this source: untouched
    ("El EIIL atacó.", "The EIILX and SEIIL attacked.", "The EIILX and SEIIL attacked."),  # whole words only
])
def test_enforce_then_recheck(glossary: Glossary, source: str, target: str, fixed: str) -> None:
    out = enforce_glossary(source, target, glossary)
    assert out == fixed
    if "EIIL" in source and out != target:
        assert not [f for f in check(source, out, glossary=glossary) if f.kind == "glossary"]
