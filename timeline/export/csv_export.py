"""The timeline as CSV: one row per event, dated ones first in timeline order, then vague and undated. An
inferred date says so (``inferred``) with its rule and the reason in words (``date_rule``, ``date_reason``).

Article text that begins like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is
prefixed with an apostrophe, so opening the file in a spreadsheet shows it instead of running it (CSV
injection); nothing else is changed.

``participants`` names an event's participants and ``participant_entities`` gives, in the same order, the id of
each one's entity in the timeline's registry (empty for a participant no registry entity holds, or when the
timeline was built without the documents' entities): ``GET /api/entities/<id>`` describes it."""

from __future__ import annotations

import csv
from typing import TextIO

from timeline.assemble import Timeline
from timeline.export.format import ExportFormat

COLUMNS = [
    "id", "status", "date_label", "date_value", "mod", "start", "end", "granularity", "scheduled", "inferred",
    "date_rule", "date_reason", "headline", "trigger", "participants", "participant_entities", "documents", "sentence",
]


_TEXT_COLUMNS = ("headline", "trigger", "participants", "documents", "sentence", "date_reason")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def rows(timeline: Timeline):
    for event in timeline.all_events():
        yield {
            "id": event.id,
            "status": event.date.status,
            "date_label": event.date.label,
            "date_value": event.date.value,
            "mod": event.date.mod or "",
            "start": event.date.start or "",
            "end": event.date.end or "",
            "granularity": event.date.granularity or "",
            "scheduled": "yes" if event.date.scheduled else "no",
            "inferred": "yes" if event.inferred else "no",
            "date_rule": str(event.date.why.get("rule") or "") if event.inferred else "",
            "date_reason": str(event.date.why.get("explanation") or "") if event.inferred else "",
            "headline": event.headline,
            "trigger": event.trigger,
            "participants": "; ".join(p.name for p in event.participants),
            "participant_entities": ("; ".join(p.entity or "" for p in event.participants)
                                     if any(p.entity for p in event.participants) else ""),
            "documents": "; ".join(dict.fromkeys(s.document_id for s in event.sources)),
            "sentence": event.sentence,
        }


def write(timeline: Timeline, out: TextIO, *, title: str | None = None) -> None:
    """The CSV rows written to ``out`` one event at a time."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(timeline):
        writer.writerow({k: _inert(v) if k in _TEXT_COLUMNS else v for k, v in row.items()})


FORMAT = ExportFormat("csv", "text/csv; charset=utf-8", ".csv", "one row per event (spreadsheet-safe)", write)
