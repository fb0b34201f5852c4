"""Reading any supported file into its entries: the one place that picks a loader by the kind of file."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from timeline.model import Document
from timeline.sources import web
from timeline.sources.entry import DEFAULT_MAX_BYTES, Entry, SourceError, kind_of
from timeline.sources.files import decode, text_document
from timeline.sources.reading import node_problem, read_regular, too_large
from timeline.sources.json_articles import json_entries
from timeline.sources.timeml import timeml_document

log = logging.getLogger(__name__)


def entries_of_text(text: str, path: Path, kind: str, dct: dt.date | None = None,
                    fallback_dct: dt.date | None = None, sidecar: bool = True) -> list[Entry]:
    """The entries of already-decoded text of a kind (stdin, an HTTP body, a file's contents); ``sidecar``:
    whether ``path`` is a file that may have a sidecar (not standard input)."""
    where = str(path)
    if not text.strip():
        raise SourceError(where, "empty file")
    if kind == "json":
        return json_entries(path, text, dct, fallback_dct)
    if kind == "timeml":
        return [Entry("", timeml_document(path, text, dct, fallback_dct))]
    if kind == "html":
        return [Entry("", web.html_document(text, where, path.stem, dct, fallback_dct))]
    return [Entry("", text_document(path, text, dct, fallback_dct, sidecar=sidecar))]


def load_entries(
    path: str | Path,
    dct: dt.date | None = None,
    fallback_dct: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    data: bytes | None = None,
) -> list[Entry]:
    """The articles of one file, keyed; a bad entry of a feed or JSON list is reported, not fatal.

    ``data``: the file's bytes when the caller has already read them (to hash them, say), so the file is
    read once. Raises SourceError when the file as a whole cannot be read."""
    path = Path(path)
    kind = kind_of(path)
    if kind is None:
        raise SourceError(str(path), f"unsupported file type {path.suffix or '(none)'!r}")
    if data is None:
        data = read_regular(path, max_bytes)  # a regular file only, opened so that it cannot block
    elif len(data) > max_bytes:
        raise SourceError(str(path), too_large(len(data), max_bytes))
    if kind == "feed":  # feedparser reads the bytes itself: a feed declares its own encoding
        return web.feed_entries(data, str(path), path.stem, dct, fallback_dct)
    return entries_of_text(decode(data, str(path)), path, kind, dct, fallback_dct)


def usable(path: str | Path, entries: list[Entry]) -> list[Document]:
    """The documents of a file's entries: bad entries are logged and skipped, all bad is an error."""
    failed = [e for e in entries if e.document is None]
    if failed and len(failed) == len(entries):
        raise SourceError(str(path), failed[0].error or "no usable entry")
    for entry in failed:
        log.warning("%s: entry %s skipped: %s", path, entry.key, entry.error)
    return [e.document for e in entries if e.document is not None]


def load_path(path: str | Path, dct: dt.date | None = None, fallback_dct: dt.date | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Load one file into its documents (a JSON list or a feed gives several). Raises SourceError."""
    return usable(path, load_entries(path, dct, fallback_dct, max_bytes))


def load_text(text: str, name: str = "<stdin>", dct: dt.date | None = None, fallback_dct: dt.date | None = None,
              kind: str = "text") -> list[Document]:
    """Documents from already-read text (stdin, an HTTP body) of the given kind."""
    return usable(name, entries_of_text(text, Path(name), kind, dct, fallback_dct, sidecar=False))


@dataclass
class Walk:
    """The files a list of paths names, and what was refused in the directories among them, with the reason."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def walk(paths: Iterable[str | Path], follow_links: bool = False) -> Walk:
    """Expand directories (recursively, sorted) into the supported files they hold; dotfiles are left out.

    Inside a directory, the policy of the feed directory holds (:mod:`timeline.sources.reading`): a symbolic link
    is followed only to a regular file inside that directory (anywhere with ``follow_links``), and named pipes,
    devices and sockets are refused with their reason. A path given by name is taken as given (the loader still
    opens only a regular file)."""
    out = Walk()
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            out.files.append(path)
            continue
        real_root = path.resolve()
        for p in sorted(path.rglob("*")):  # rglob does not descend into linked directories
            if any(part.startswith(".") for part in p.relative_to(path).parts) or kind_of(p) is None:
                continue
            if p.is_dir() and not p.is_symlink():
                continue
            problem = node_problem(p, real_root, follow_links, root_name=f"the input directory {path}")
            if problem:
                out.refused.append((p, problem))
            else:
                out.files.append(p)
    return out


def iter_paths(paths: Iterable[str | Path], follow_links: bool = False) -> list[Path]:
    """The files of :func:`walk` (what it refuses is left out)."""
    return walk(paths, follow_links).files
