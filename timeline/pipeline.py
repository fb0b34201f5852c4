"""From a document to its timexes and events: the pure core that the CLI, the service and the
benchmarks share (extraction is a function of the text, its DCT and the model)."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from timeline.events.extract import extract_events
from timeline.model import Document, Event, Timex
from timeline.timex.extractor import extract_timexes


@dataclass
class DocumentResult:
    document: Document
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


_PACKAGE = Path(__file__).parent
# what decides a document's timexes and events: the loaders, the tagger and the event rules (not the
# assembly of the timeline, which is redone from stored events on every snapshot)
_EXTRACTION_SOURCES = ("sources.py", "model.py", "nlp.py", "pipeline.py", "webpages.py", "timeml.py", "timex", "events")


@functools.lru_cache(maxsize=8)
def extractor_fingerprint(model: str) -> str:
    """A digest of the extraction code, its vocabularies and the model name: stored results made
    under another fingerprint are out of date (the service extracts them again after an upgrade)."""
    digest = hashlib.sha256(model.encode("utf-8"))
    for name in _EXTRACTION_SOURCES:
        path = _PACKAGE / name
        files = sorted(p for p in path.rglob("*") if p.suffix in (".py", ".toml")) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                digest.update(file.relative_to(_PACKAGE).as_posix().encode("utf-8"))
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def process(document: Document, nlp) -> DocumentResult:
    """Timexes and events of one document."""
    timexes = extract_timexes(document.text, document.dct, nlp=nlp)
    return DocumentResult(document, timexes, extract_events(document, timexes, nlp))
