"""TMX reading: UTF-8 wins over a conflicting declaration, a declared encoding serves non-UTF-8 bytes, depth is bounded."""

from __future__ import annotations

import pytest

from mtedit.errors import InputError
from mtedit.io.tmx import iter_tmx

BODY = ('<tmx version="1.4"><header srclang="es" datatype="plaintext" segtype="sentence" adminlang="en"'
        ' o-tmf="x" creationtool="x" creationtoolversion="1"/><body><tu><tuv xml:lang="es"><seg>apoyó la'
        ' decisión</seg></tuv><tuv xml:lang="en"><seg>backed it</seg></tuv></tu></body></tmx>')
LATIN1 = '<?xml version="1.0" encoding="ISO-8859-1"?>'


@pytest.mark.parametrize("data", [
    (LATIN1 + BODY).encode("utf-8"),        # converted to UTF-8, old declaration kept
    (LATIN1 + BODY).encode("latin-1"),      # really Latin-1, declared so
    b"\xef\xbb\xbf" + BODY.encode("utf-8"),  # UTF-8 with a byte-order mark
], ids=["utf8-declared-latin1", "latin1-declared", "utf8-bom"])
def test_the_source_is_read_without_mojibake(tmp_path, data):
    path = tmp_path / "m.tmx"
    path.write_bytes(data)
    assert [u.source for u in iter_tmx(path)] == ["apoyó la decisión"]


@pytest.mark.parametrize("data, message", [
    (BODY.encode("latin-1"), "not UTF-8 and declares no other encoding"),
    (("<tmx>" + "<x>" * 300 + "</x>" * 300 + "</tmx>").encode(), "nested more than"),
], ids=["latin1-undeclared", "too-deep"])
def test_unreadable_tmx_is_one_line(tmp_path, data, message):
    path = tmp_path / "m.tmx"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        list(iter_tmx(path))
    assert "\n" not in str(info.value)
