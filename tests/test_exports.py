"""Exports: our JSON against its JSON Schema, TimelineJS3 JSON, CSV; and the build command."""

from __future__ import annotations

import csv
import html
import io
import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import sources
from timeline.assemble import build_timeline
from timeline_cli.main import main
from timeline.export import csv_export, json_export, timelinejs
from timeline.export.jsonstream import Streamed, write_object
from timeline.model import Document
from timeline.pipeline import process

from conftest import SEEDS


@pytest.fixture(scope="module")
def timeline(nlp):
    docs = [d for p in sources.iter_paths([SEEDS]) for d in sources.load_path(p)]
    return build_timeline([(r.document, r.events) for r in (process(d, nlp) for d in docs)])


def test_json_matches_its_schema(timeline):
    payload = json_export.timeline_json(timeline)
    jsonschema.validate(payload, json_export.schema())
    assert payload["events"] and payload["vague"]


# TimelineJS3's documented slide and date fields
SLIDE_FIELDS = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink", "unique_id"}
DATE_FIELDS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}


def test_timelinejs_fields(timeline):
    data = timelinejs.timelinejs(timeline, title="Seeds")
    assert set(data) == {"events", "title"}
    for slide in data["events"]:
        assert set(slide) <= SLIDE_FIELDS and "start_date" in slide and "unique_id" in slide
        assert set(slide["start_date"]) <= DATE_FIELDS and isinstance(slide["start_date"]["year"], int)
        assert set(slide["text"]) == {"headline", "text"}
    by_id = {s["unique_id"]: s for s in data["events"]}
    for event in timeline.events:
        slide = by_id[event.id]
        if event.inferred:  # an inferred date says so, and why
            assert slide["display_date"] == f"{event.date.label} (date inferred)"
            assert "Date inferred: " + html.escape(event.date.why["explanation"]) in slide["text"]["text"]
        else:
            assert slide["display_date"] == event.date.label
        if event.date.granularity == "month":
            assert "day" not in slide["start_date"] and "month" in slide["start_date"]
        if event.date.granularity == "year":
            assert set(slide["start_date"]) == {"year"}
    early = next(s for s in data["events"] if s["display_date"] == "early February 2022")
    assert early["start_date"] == {"year": 2022, "month": 2}


def test_timelinejs_periods_and_scheduled(nlp):
    doc = Document("d", "Talks continue next week. A vote is due in the third quarter. Protests grew in the 1990s.",
                   __import__("datetime").date(2022, 9, 15), "test")
    data = timelinejs.timelinejs(build_timeline([(doc, process(doc, nlp).events)]))
    by_label = {s["display_date"]: s for s in data["events"]}
    week = by_label["the week of 19 September 2022"]
    assert week["start_date"] == {"year": 2022, "month": 9, "day": 19} and week["end_date"] == {"year": 2022, "month": 9, "day": 25}
    assert week.get("group") == "Scheduled"


def test_text_is_escaped(nlp):
    doc = Document("d", "<script>alert(1)</script> leaders met on Thursday.", __import__("datetime").date(2022, 9, 15), "test",
                   title="<b>Title</b>")
    data = timelinejs.timelinejs(build_timeline([(doc, process(doc, nlp).events)]))
    blob = json.dumps(data)
    assert "<script>" not in blob and "<b>Title" not in blob and "&lt;b&gt;Title" in blob


def test_csv(timeline):
    rows = list(csv.DictReader(io.StringIO(csv_export.FORMAT.dumps(timeline))))
    assert len(rows) == len(timeline.all_events())
    assert rows[0]["date_value"] == "2001" and rows[0]["status"] == "dated"
    talks = [r for r in rows if r["date_value"] == "2022-09-15" and set(r["documents"].split("; ")) == {"000_7d9800583c3c9883", "003_f115f9060a59de12"}]
    assert len(talks) == 1


def test_csv_gives_each_participants_registry_entity(nlp):
    """With the documents' entities, the CSV gives beside the participants' names the id of each one's entity
    in the registry, in the same order (the TimelineJS3 format has no place for them)."""
    results = [process(d, nlp) for p in sources.iter_paths([SEEDS]) for d in sources.load_path(p)]
    timeline = build_timeline([(r.document, r.events) for r in results], entities={r.document.id: r.entities for r in results})
    rows = list(csv.DictReader(io.StringIO(csv_export.FORMAT.dumps(timeline))))
    named = 0
    for row, event in zip(rows, timeline.all_events()):
        ids = row["participant_entities"].split("; ") if row["participant_entities"] else []
        assert ids == ([p.entity or "" for p in event.participants] if any(p.entity for p in event.participants) else [])
        assert all(i in timeline.registry.entities for i in ids if i)
        named += bool(ids)
    assert named > len(rows) / 2
    putin = timeline.registry.lookup("Putin")[0].id
    assert any(putin in r["participant_entities"].split("; ") for r in rows)


def test_build_command_filters(capsys):
    assert main(["build", str(SEEDS), "--entity", "Erdogan"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["events"] and all(any("Erdogan" in p["name"] for p in e["participants"]) for e in payload["events"])
    assert main(["build", str(SEEDS), "--from", "2022-09-16", "--to", "2022-09-30", "--format", "timelinejs"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {s["display_date"] for s in data["events"]} == {"Friday 16 September 2022"}
    assert main(["build", str(SEEDS), "--format", "csv", "--text", "congress"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # every event of the one sentence that speaks of the congress, the congress among them
    assert rows and all("congress" in r["sentence"] for r in rows)
    assert any(r["trigger"] == "congress" and "Communist Party" in r["participants"] for r in rows)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@settings(derandomize=True, database=None, max_examples=200)
@given(fields=st.lists(st.tuples(st.text(max_size=5), json_values, st.booleans()), max_size=4, unique_by=lambda f: f[0]))
def test_streamed_json_is_the_same_text_as_json_dumps(fields):
    """Exports stream their arrays item by item; the text is exactly json.dumps(..., indent=2)'s."""
    buffer = io.StringIO()
    write_object(buffer, [(k, Streamed(iter(v)) if stream and isinstance(v, list) else v) for k, v, stream in fields])
    assert buffer.getvalue() == json.dumps({k: v for k, v, _ in fields}, ensure_ascii=False, indent=2)
