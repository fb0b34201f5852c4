"""The timeline as our JSON (schema: timeline/export/timeline.schema.json)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TextIO

from timeline.assemble import Timeline
from timeline.export.jsonstream import Streamed, write_object
from timeline.model import Document

SCHEMA_PATH = Path(__file__).with_name("timeline.schema.json")
SCHEMA_VERSION = 1


def document_json(doc: Document) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "source_name": doc.source_name,
        "dct": doc.dct.isoformat(),
        "dct_source": doc.dct_source,
    }


def timeline_json(timeline: Timeline) -> dict:
    """Dated events in timeline order; vague and undated ones kept apart, flagged by date.status."""
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": [document_json(d) for d in timeline.documents],
        "events": [e.to_json() for e in timeline.events],
        "vague": [e.to_json() for e in timeline.vague],
        "undated": [e.to_json() for e in timeline.undated],
    }


def write(timeline: Timeline, out: TextIO) -> None:
    """``dumps`` written to ``out`` one event at a time (a timeline of 50,000 events never exists as one dict)."""
    write_object(out, [
        ("schema_version", SCHEMA_VERSION),
        ("documents", Streamed(document_json(d) for d in timeline.documents)),
        ("events", Streamed(e.to_json() for e in timeline.events)),
        ("vague", Streamed(e.to_json() for e in timeline.vague)),
        ("undated", Streamed(e.to_json() for e in timeline.undated)),
    ])


def dumps(timeline: Timeline) -> str:
    """The timeline as indented JSON (the same text as ``json.dumps(timeline_json(...), indent=2)``)."""
    buffer = io.StringIO()
    write(timeline, buffer)
    return buffer.getvalue()


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
