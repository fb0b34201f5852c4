"""Load article files (text/Markdown with front matter or a sidecar, JSON, TimeML) into Documents.

Metadata for a text file comes from, in order of precedence:

1. YAML front matter at the top of the file (``---`` ... ``---``) with ``title``,
   ``published`` (or ``date``/``dct``), ``url``, ``source``;
2. a sidecar TOML file next to it named ``<file name>.meta.toml`` with the same keys
   (this is how ``seeds/`` keeps the article text byte-for-byte unchanged);
3. the caller's ``dct`` (``--dct``) or configured ``fallback_dct``.

A document without a publication date is an error (:class:`SourceError`) unless the
caller passes one: the extractor never silently anchors to "today".
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import json
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from timeline import timeml
from timeline.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
JSON_SUFFIXES = {".json"}
TIMEML_SUFFIXES = {".tml", ".te3input"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}

log = logging.getLogger(__name__)
SIDECAR_SUFFIX = ".meta.toml"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_DCT_KEYS = ("published", "dct", "date", "publication_date", "pubdate")


class SourceError(ValueError):
    """A file that cannot become a document; the message says why and what to do."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ParsedDate:
    date: dt.date
    time: str | None  # "HH:MM" when given


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def is_supported(path: Path) -> bool:
    """Whether the loader reads this kind of file (by its extension)."""
    suffix = path.suffix.lower()
    return not is_sidecar(path) and suffix in TEXT_SUFFIXES | JSON_SUFFIXES | TIMEML_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES


@functools.lru_cache(maxsize=4096)
def _dateparser_parse(value: str):
    return _date_data_parser().get_date_data(value)


@functools.lru_cache(maxsize=1)
def _date_data_parser():
    from dateparser.date import DateDataParser  # imported lazily: it is slow to import

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "YMD"})


def parse_dct(value: Any) -> ParsedDate:
    """Parse a publication date given as a date, a datetime, or a string in any common form.

    Raises ValueError when the value does not name a day.

    >>> parse_dct("2022-09-15").date
    datetime.date(2022, 9, 15)
    >>> parse_dct("Thu, 15 Sep 2022 10:30:00 GMT").time
    '10:30'
    """
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), value.strftime("%H:%M"))
    if isinstance(value, dt.date):
        return ParsedDate(value, None)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)  # TimeML DCTs such as 19980108
    if compact:
        text = f"{compact[1]}-{compact[2]}-{compact[3]}"
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", text)
    if iso:
        try:
            day = dt.date.fromisoformat(iso[1])
        except ValueError as exc:
            raise ValueError(f"not a valid date: {value!r} ({exc})") from None
        return ParsedDate(day, f"{iso[2]}:{iso[3]}" if iso[2] else None)
    data = _dateparser_parse(text)
    if data.date_obj is None:
        raise ValueError(f"not a date: {value!r}")
    if data.period not in ("day", "time"):
        raise ValueError(f"a publication date must name a day, {value!r} names a {data.period}")
    has_time = data.period == "time" or bool(re.search(r"\d:\d\d", text))
    return ParsedDate(data.date_obj.date(), data.date_obj.strftime("%H:%M") if has_time else None)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise SourceError(str(path), f"file is too large ({size:,} bytes; the limit is {max_bytes:,})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None


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


def _sidecar_metadata(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        with sidecar.open("rb") as handle:
            meta = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"malformed sidecar {sidecar.name}: {exc}") from None
    return meta


def _front_matter(text: str, where: str) -> tuple[dict[str, Any], str, int]:
    """Split YAML front matter from the body; returns (metadata, body, body offset)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    try:
        # every value stays a string: dates are parsed (and reported) by parse_dct, not by YAML
        meta = yaml.load(match.group(1), Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as exc:
        raise SourceError(where, f"malformed front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise SourceError(where, "malformed front matter: expected 'key: value' lines")
    return meta, text[match.end() :], match.end()


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return None


def _resolve_dct(
    meta: dict[str, Any],
    origin: str,
    where: str,
    dct: dt.date | None,
    fallback_dct: dt.date | None,
) -> tuple[ParsedDate, str]:
    """The document's DCT and its source: metadata first, then the caller's, then the fallback."""
    if dct is not None:
        return ParsedDate(dct, None), "cli"
    for key in _DCT_KEYS:
        if key in meta and meta[key] not in (None, ""):
            try:
                return parse_dct(meta[key]), f"{origin}:{key}"
            except ValueError as exc:
                raise SourceError(where, f"malformed publication date in {origin} '{key}': {exc}") from None
    if fallback_dct is not None:
        return ParsedDate(fallback_dct, None), "fallback"
    raise SourceError(
        where,
        "no publication date: add 'published: YYYY-MM-DD' to its front matter or sidecar "
        f"({Path(where).name}{SIDECAR_SUFFIX}), or pass --dct YYYY-MM-DD",
    )


def _text_document(path: Path, text: str, dct, fallback_dct) -> Document:
    where = str(path)
    meta, body, _ = _front_matter(text, where)
    origin = "front-matter"
    if not meta:
        meta, origin = _sidecar_metadata(path), "sidecar"
    parsed, dct_source = _resolve_dct(meta, origin, where, dct, fallback_dct)
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
    )


def article_document(obj: Any, where: str, default_id: str, dct=None, fallback_dct=None) -> Document:
    """A Document from a JSON article object: ``{"title", "text", "published", "url"}``."""
    if not isinstance(obj, dict):
        raise SourceError(where, "a JSON article must be an object with 'text' and 'published'")
    text = obj.get("text") or obj.get("body") or obj.get("content")
    if not isinstance(text, str) or not text.strip():
        raise SourceError(where, "JSON article has no 'text'")
    parsed, dct_source = _resolve_dct(obj, "json", where, dct, fallback_dct)
    title = obj.get("title")
    return Document(
        id=str(obj.get("id") or default_id),
        text=text.replace("\r\n", "\n"),
        dct=parsed.date,
        dct_time=parsed.time,
        dct_source=dct_source,
        title=str(title) if title else None,
        url=obj.get("url"),
        path=where.split("#", 1)[0],
        source_name=obj.get("source"),
    )


@dataclass(frozen=True, slots=True)
class Entry:
    """One article of a file, keyed within the file (JSON lists and feeds hold several)."""

    key: str
    document: Document | None
    error: str | None = None


def _json_entries(path: Path, text: str, dct, fallback_dct) -> list[Entry]:
    where = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(where, f"malformed JSON: {exc}") from None
    except RecursionError:
        raise SourceError(where, "malformed JSON: nested too deeply") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        return [Entry("", article_document(data, where, path.stem, dct, fallback_dct))]
    if isinstance(data, list):
        out = []
        for i, item in enumerate(data):
            key = str(item.get("id") or item.get("url") or i) if isinstance(item, dict) else str(i)
            try:
                out.append(Entry(key, article_document(item, f"{where}#{i}", f"{path.stem}-{i}", dct, fallback_dct)))
            except SourceError as exc:
                out.append(Entry(key, None, exc.reason))
        return out
    raise SourceError(where, "JSON must be an article object or a list of them")


def _usable(path: Path, entries: list[Entry]) -> list[Document]:
    """The documents of a file's entries: bad entries are logged and skipped, all bad is an error."""
    failed = [e for e in entries if e.document is None]
    if failed and len(failed) == len(entries):
        raise SourceError(str(path), failed[0].error)
    for entry in failed:
        log.warning("%s: entry %s skipped: %s", path, entry.key, entry.error)
    return [e.document for e in entries if e.document is not None]


def _json_documents(path: Path, text: str, dct, fallback_dct) -> list[Document]:
    return _usable(path, _json_entries(path, text, dct, fallback_dct))


def timeml_document(path: Path, markup: str, dct=None, fallback_dct=None) -> Document:
    """A Document from TimeML: DCT from the DCT element, text = TEXT content with tags stripped."""
    where = str(path)
    try:
        parsed_tml = timeml.parse(markup)
    except timeml.TimeMLError as exc:
        raise SourceError(where, f"malformed TimeML: {exc}") from None
    meta = {"dct": parsed_tml.dct_value} if parsed_tml.dct_value else {}
    parsed, dct_source = _resolve_dct(meta, "timeml", where, dct, fallback_dct)
    if dct_source == "timeml:dct":
        dct_source = "timeml:DCT"
    name = path.name
    if name.endswith(".TE3input"):
        name = name[: -len(".TE3input")]
    return Document(
        id=parsed_tml.docid or Path(name).stem,
        text=parsed_tml.text,
        dct=parsed.date,
        dct_time=parsed.time,
        dct_source=dct_source,
        title=parsed_tml.title,
        path=where,
    )


def load_text(
    text: str,
    name: str = "<stdin>",
    dct: dt.date | None = None,
    fallback_dct: dt.date | None = None,
    kind: str = "text",
) -> list[Document]:
    """Documents from already-read text (stdin, an HTTP body) of the given kind."""
    path = Path(name)
    if kind == "json":
        return _json_documents(path, text, dct, fallback_dct)
    if kind == "timeml":
        return [timeml_document(path, text, dct, fallback_dct)]
    return [_text_document(path, text, dct, fallback_dct)]


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in TIMEML_SUFFIXES:
        return "timeml"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return "text"


def load_entries(
    path: str | Path,
    dct: dt.date | None = None,
    fallback_dct: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Entry]:
    """The articles of one file, keyed; a bad entry of a feed or JSON list is reported, not fatal.
    Raises SourceError when the file as a whole cannot be read."""
    from timeline import webpages

    path = Path(path)
    if not is_supported(path):
        raise SourceError(str(path), f"unsupported file type {path.suffix or '(none)'!r}")
    data = _read_bytes(path, max_bytes)
    kind = kind_of(path)
    if kind == "feed":
        try:
            entries = webpages.feed_entries(data, str(path), path.stem, dct, fallback_dct)
        except webpages.WebSourceError as exc:
            raise SourceError(str(path), str(exc)) from None
        return [Entry(e.key, e.document, e.error) for e in entries]
    text = decode(data, str(path))
    if not text.strip():
        raise SourceError(str(path), "empty file")
    if kind == "html":
        try:
            return [Entry("", webpages.html_document(text, str(path), path.stem, dct, fallback_dct))]
        except webpages.WebSourceError as exc:
            raise SourceError(str(path), str(exc)) from None
    if kind == "json":
        return _json_entries(path, text, dct, fallback_dct)
    return [Entry("", d) for d in load_text(text, str(path), dct, fallback_dct, kind)]


def load_path(
    path: str | Path,
    dct: dt.date | None = None,
    fallback_dct: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Document]:
    """Load one file into its documents (a JSON list gives several). Raises SourceError."""
    return _usable(Path(path), load_entries(path, dct, fallback_dct, max_bytes))


def iter_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories (recursively, sorted) into the supported files they hold."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and is_supported(p) and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            out.append(path)
    return out
