"""Text and Markdown articles with their metadata (files are opened through :mod:`timeline.sources.reading`).

Metadata of a text file comes from YAML front matter at its top (``---`` ... ``---``: ``title``,
``published`` (or ``date``/``dct``), ``url``, ``source``), else from a sidecar TOML file beside it named
``<file name>.meta.toml`` with the same keys (how ``seeds/`` keeps the article text byte-for-byte
unchanged). The publication date follows :func:`timeline.sources.dates.publication_date`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from timeline.model import Document
from timeline.sources import media
from timeline.sources.dates import publication_date
from timeline.sources.entry import SIDECAR_SUFFIX, SourceError
from timeline.sources.reading import read_regular

SIDECAR_MAX_BYTES = 64 * 1024  # metadata: a title, a date, a URL

DCT_KEYS = ("published", "dct", "date", "publication_date", "pubdate")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
# a '---' line then a 'key:' line: front matter begins (a lone '---' above prose is a Markdown rule)
_FRONT_MATTER_OPENS = re.compile(r"\A---[ \t]*\r?\n[ \t]*[A-Za-z_][\w-]*[ \t]*:")
_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode(data: bytes, where: str) -> str:
    """Text in UTF-8, or in UTF-16/UTF-32 when a byte-order mark says so (the mark is dropped).

    Anything else that is not valid UTF-8 is an error naming the byte offset: the loader never guesses
    a legacy encoding, so no text is silently garbled.
    """
    codec, label, skip = "utf-8", "UTF-8", 0
    for bom, name, family in _BOMS:
        if data.startswith(bom):
            codec, label, skip = name, family, len(bom)
            break
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise SourceError(where, f"invalid {label} at byte {exc.start + skip}: {exc.reason}") from None
    if "\x00" in text:
        raise SourceError(where, "binary data (NUL characters), not text")
    return text.replace("\r\n", "\n")


def carried_dates(meta: dict[str, Any], origin: str) -> list[tuple[str, Any]]:
    """The publication-date fields of a metadata mapping, in order of precedence, labelled by origin."""
    return [(f"{origin}:{key}", meta.get(key)) for key in DCT_KEYS]


def _sidecar_metadata(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not os.path.lexists(sidecar):
        return {}
    try:
        data = read_regular(sidecar, SIDECAR_MAX_BYTES)
    except SourceError as exc:
        raise SourceError(str(path), f"sidecar {sidecar.name}: {exc.reason}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"malformed sidecar {sidecar.name}: {exc}") from None


def _front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter from the body: (metadata, body)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if _FRONT_MATTER_OPENS.match(text):
            raise SourceError(where, "unterminated front matter: the '---' line at the top has no closing '---' line "
                                     "(add one after the metadata)")
        return {}, text
    try:
        # every value stays a string: dates are parsed (and reported) by parse_dct, not by YAML
        meta = yaml.load(match.group(1), Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as exc:
        raise SourceError(where, f"malformed front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise SourceError(where, "malformed front matter: expected 'key: value' lines")
    return meta, text[match.end() :]


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return None


def text_document(path: Path, text: str, dct: dt.date | None, fallback_dct: dt.date | None,
                  sidecar: bool = True) -> Document:
    """A text or Markdown article: front matter (else its sidecar) for metadata, the rest as its text.
    ``sidecar``: whether the article is a file that may have one (not standard input or a request body)."""
    where = str(path)
    meta, body = _front_matter(text, where)
    origin = "front-matter"
    if not meta and sidecar:
        meta, origin = _sidecar_metadata(path), "sidecar"
    if sidecar:
        missing = (f"add 'published: YYYY-MM-DD' to its front matter or sidecar ({path.name}{SIDECAR_SUFFIX}), "
                   "or pass --dct YYYY-MM-DD")
    else:
        missing = "pass --dct YYYY-MM-DD, or begin the text with front matter ('---', 'published: YYYY-MM-DD', '---')"
    parsed, dct_source = publication_date(
        carried_dates(meta, origin), where, given=dct, fallback=fallback_dct, missing=missing,
    )
    if not body.strip():
        raise SourceError(where, "empty document (no text)")
    title = meta.get("title") or _first_heading(body)
    return Document(
        id=str(meta.get("id") or path.stem),
        text=body,
        dct=parsed.date,
        dct_time=parsed.time,
        dct_source=dct_source,
        title=str(title) if title else None,
        url=meta.get("url"),
        path=where,
        source_name=meta.get("source"),
        image=media.from_front_matter(meta),
    )
