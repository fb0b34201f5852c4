"""Writing a JSON object whose long arrays are produced one item at a time, so an export of a large
timeline never holds all of its items as Python objects at once. The bytes are exactly those of
``json.dumps(obj, ensure_ascii=False, indent=2)``."""

from __future__ import annotations

import json
from typing import Any, Iterable, TextIO

INDENT = 2


def _dumps(value: Any, level: int) -> str:
    """``value`` as indented JSON that continues a line at nesting ``level`` (JSON strings never hold a
    raw newline, so re-indenting by lines is safe)."""
    text = json.dumps(value, ensure_ascii=False, indent=INDENT)
    return text.replace("\n", "\n" + " " * (INDENT * level))


class Streamed:
    """An array whose items come from an iterable, written as it is consumed."""

    def __init__(self, items: Iterable[Any]):
        self.items = items


def write_object(out: TextIO, fields: Iterable[tuple[str, Any]]) -> None:
    """Write ``{key: value, ...}`` to ``out``; a :class:`Streamed` value is written item by item."""
    out.write("{")
    first_field = True
    for key, value in fields:
        out.write(("\n" if first_field else ",\n") + " " * INDENT + json.dumps(key, ensure_ascii=False) + ": ")
        first_field = False
        if not isinstance(value, Streamed):
            out.write(_dumps(value, 1))
            continue
        empty = True
        for item in value.items:
            out.write(("[\n" if empty else ",\n") + " " * (2 * INDENT) + _dumps(item, 2))
            empty = False
        out.write("[]" if empty else "\n" + " " * INDENT + "]")
    out.write("}" if first_field else "\n}")
