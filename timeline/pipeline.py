"""From a document to its timexes and events: the pure core that the CLI, the service and the
benchmarks share (extraction is a function of the text, its DCT and the model)."""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.events.extract import extract_events
from timeline.model import Document, Event, Timex
from timeline.timex.extractor import extract_timexes


@dataclass
class DocumentResult:
    document: Document
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def process(document: Document, nlp) -> DocumentResult:
    """Timexes and events of one document."""
    timexes = extract_timexes(document.text, document.dct, nlp=nlp)
    return DocumentResult(document, timexes, extract_events(document, timexes, nlp))
