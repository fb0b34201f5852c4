"""What every loader returns and shares: the entry type, the error type and the kinds of files read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from timeline.model import Document

SIDECAR_SUFFIX = ".meta.toml"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# file kind -> the suffixes that have it (lower case)
KINDS: dict[str, frozenset[str]] = {
    "text": frozenset({".txt", ".text", ".md", ".markdown"}),
    "json": frozenset({".json"}),
    "timeml": frozenset({".tml", ".te3input"}),
    "html": frozenset({".html", ".htm", ".xhtml"}),
    "feed": frozenset({".rss", ".atom", ".xml"}),
}
_KIND_OF_SUFFIX = {suffix: kind for kind, suffixes in KINDS.items() for suffix in suffixes}


class SourceError(ValueError):
    """A file (or an entry of one) that cannot become a document; the message says why and what to do."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Entry:
    """One article of a file, keyed within the file (JSON lists and feeds hold several; a single article's
    key is ""), or the reason it cannot be one."""

    key: str
    document: Document | None
    error: str | None = None


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def kind_of(path: Path) -> str | None:
    """The kind of article file by its suffix ("text", "json", "timeml", "html", "feed"), None when unsupported."""
    if is_sidecar(path):
        return None
    return _KIND_OF_SUFFIX.get(path.suffix.lower())


def is_supported(path: Path) -> bool:
    """Whether the loaders read this kind of file (by its extension)."""
    return kind_of(path) is not None
