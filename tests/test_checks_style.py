"""Wire style and hygiene: credits, datelines, spaces, repeats, brackets, final punctuation, Spanish leftovers."""

from __future__ import annotations

import pytest

from mtedit.checks import check


def found(source: str | None, target: str, kind: str) -> list[str]:
    return [target[f.span.start:f.span.end] if f.span else "" for f in check(source, target) if f.kind == kind]


@pytest.mark.parametrize("source,target,kind,expected", [
    (None, "Efe he reported that the talks failed.", "credit", ["Efe"]),
    (None, "The talks failed, EFE reported.", "credit", []),
    (None, "MADRID, 24 Nov. (Efe).- The talks failed.", "credit", ["MADRID, 24 Nov. (Efe).-", "Efe"]),
    (None, "WASHINGTON (EFE) -- The talks failed.", "credit", []),
    ("WASHINGTON (EFE) -- Fracasaron las negociaciones.", "The negotiations failed.", "credit", [""]),
    (None, "It condemns  to the leader.", "double-space", ["  "]),
    (None, "It condemns to the leader.", "double-space", []),
    (None, "He said that the the plan failed.", "repeated-word", ["the"]),
    (None, "What he had had was enough.", "repeated-word", []),
    (None, "He said: \"we will win.", "unbalanced", ['"']),
    (None, "He said: \"we will win.\"", "unbalanced", []),
    (None, "The president (who resigned said no.", "unbalanced", ["("]),
    ("\"Ganaremos, dijo.", "\"We will win, he said.", "unbalanced", []),  # the source opens it too
    ("¿Quién es el vencedor?", "Who is the winner.", "final-punct", ["."]),
    ("¿Quién es el vencedor?", "Who is the winner?", "final-punct", []),
    ("Queda por definir quién es el vencedor", "It remains to be seen who won.", "final-punct", []),
    ("Ganó.", "He won!", "final-punct", ["!"]),
    (None, "The victory of the party del people.", "untranslated", ["del"]),
    (None, "An agreement with Russia desventajoso for Ukraine, según the report.", "untranslated",
     ["según"]),
    (None, "It was a decisión of the court.", "untranslated", ["decisión"]),
    (None, "He lives in Ciudad del Este and supports Real Madrid.", "untranslated", []),
    (None, "The cafe served dinner to the press.", "untranslated", []),
])
def test_style_table(source: str | None, target: str, kind: str, expected: list[str]) -> None:
    assert found(source, target, kind) == expected


def test_style_flags_are_warnings_with_side() -> None:
    flags = check(None, "The the plan  del gobierno", side="draft")
    assert flags and all(f.severity == "warning" and f.side == "draft" for f in flags)
