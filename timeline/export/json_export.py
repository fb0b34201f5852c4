"""The timeline as our JSON (schema: timeline/export/timeline.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from timeline.assemble import Timeline
from timeline.entities.summary import entity_summaries
from timeline.export.format import ExportFormat
from timeline.export.jsonstream import Streamed, write_object

SCHEMA_PATH = Path(__file__).with_name("timeline.schema.json")
SCHEMA_VERSION = 1


def timeline_json(timeline: Timeline) -> dict:
    """Dated events in timeline order; vague and undated ones kept apart, flagged by date.status."""
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": [d.summary_json() for d in timeline.documents],
        "events": [e.to_json() for e in timeline.events],
        "vague": [e.to_json() for e in timeline.vague],
        "undated": [e.to_json() for e in timeline.undated],
        "entities": entity_summaries(timeline.registry, timeline.all_events()),
    }


def write(timeline: Timeline, out: TextIO, *, title: str | None = None) -> None:
    """``dumps`` written to ``out`` one event at a time (a timeline of 50,000 events never exists as one dict)."""
    write_object(out, [
        ("schema_version", SCHEMA_VERSION),
        ("documents", Streamed(d.summary_json() for d in timeline.documents)),
        ("events", Streamed(e.to_json() for e in timeline.events)),
        ("vague", Streamed(e.to_json() for e in timeline.vague)),
        ("undated", Streamed(e.to_json() for e in timeline.undated)),
        ("entities", Streamed(iter(entity_summaries(timeline.registry, timeline.all_events())))),
    ])


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


FORMAT = ExportFormat("json", "application/json", ".json", "our timeline JSON (schema: timeline/export/timeline.schema.json)",
                      write, paged=True)
