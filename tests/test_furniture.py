"""Page furniture: short lines pasted with a story that are not story text; real sentences never are."""

from __future__ import annotations

import pytest

from mtedit.furniture import is_furniture


@pytest.mark.parametrize(("line", "furniture"), [
    ("News Daily Spot:", True),
    ("more news", True),
    ("MORE NEWS", True),
    ("Click here to read more.", True),
    ("Share this article", True),
    ("Share", True),
    ("Advertisement", True),
    ("Follow us on Twitter", True),
    ("By Ana Pérez and John Smith, EFE", True),
    ("By Ana Pérez", True),
    ("WORLD NEWS", True),
    ("© 2026 News Daily. All rights reserved.", True),
    ("Home prices fell 3% in October.", False),
    ("Share prices fell sharply on Monday.", False),
    ("By the end of the year the economy grew.", False),
    ("By Ana Pérez said the minister.", False),
    ("Printing presses stopped at midnight.", False),
    ("The minister arrived in Madrid.", False),
    ("Click here, the minister said, was the button that failed the voters in the election.", False),
    ("", False),
])
def test_furniture_lines(line, furniture):
    assert is_furniture(line) is furniture
