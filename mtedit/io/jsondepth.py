"""JSON lines parsed with a nesting limit: a line nested thousands of levels deep is refused in one line,
never a RecursionError (`json.loads` recurses once per level)."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_JSON_DEPTH = 64  # an mtedit record nests 4 levels (flags, spans); 64 leaves room for any sane extra field
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class TooDeep(ValueError):
    """A JSON text nested deeper than the limit."""


def nesting_depth(line: str) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(line):
        token = match.group(0)
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def loads_limited(line: str, limit: int = MAX_JSON_DEPTH) -> Any:
    """`json.loads(line)`; TooDeep when it nests deeper than `limit` (json.JSONDecodeError as usual)."""
    if line.count("[") + line.count("{") > limit and nesting_depth(line) > limit:
        raise TooDeep(f"nested more than {limit} levels deep")
    try:
        return json.loads(line)
    except RecursionError:  # pragma: no cover - the depth check above comes first
        raise TooDeep(f"nested more than {limit} levels deep") from None
