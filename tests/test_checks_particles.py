"""Name particles rendered as English words are name errors; translated descriptions are not."""

from __future__ import annotations

import pytest

from mtedit.checks.particles import check_particles


@pytest.mark.parametrize("source, target, message", [
    ("Lo dijo Ibrahim al Yaafari.", "It said Ibrahim to the Yaafari.",
     "source name 'Ibrahim al Yaafari': 'al' became 'to the'; keep the name"),
    ("Habló Luis de Guindos.", "Luis of Guindos spoke.", "source name 'Luis de Guindos': 'de' became 'of'; keep the name"),
    ("Habló Luis de Guindos.", "Luis de Guindos spoke.", None),
    ("Llegó Rajoy al Congreso.", "Rajoy arrived to the Congress.", None),
    ("La Universidad de Chile.", "The University of Chile.", None),
    ("Jugó en el Club de Pilsen.", "He played in the Club of Pilsen.", None),
    ("Dijo Mark Luschini de Janney.", "Said Mark Luschini of Janney.", None),
    ("Viajó Obama al Kremlin.", "Traveled Obama to the Kremlin.", None),
    ("Murieron Antoine de Léocour y otro.", "Antoine of Léocour and another died.",
     "source name 'Antoine de Léocour': 'de' became 'of'; keep the name"),
])
def test_particles(source, target, message):
    flags = check_particles(source, target, "draft")
    assert [f.message for f in flags] == ([message] if message else [])
    for f in flags:
        assert f.severity == "error" and f.span is not None and target[f.span.start:f.span.end].count(" ") >= 2
