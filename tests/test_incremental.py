"""The store's incremental re-merge gives exactly what merging everything gives: random sequences of
document additions, changes, renames and deletions, each written and published, and after each the
version's rows compared with ``build_timeline`` over every stored document (same events, same JSON, same
order, unique ids). On both engines; with the closure search forced, and with everything merged."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from service.store import Criteria, open_store
from service.store import merging, rows
from service.store.records import DocumentWrite
from timeline.assemble import build_timeline
from timeline.model import Document, Event, EventDate, Participant, Source

PEOPLE = ["Vladimir Putin", "Putin", "Xi Jinping", "Xi", "Recep Tayyip Erdogan", "Erdogan", "Narendra Modi",
          "Winter Olympic Games", "Winter Olympics", "Beijing", "Samarkand", "United States", "United Nations",
          "the", "Shehbaz Sharif", "Tokayev"]
SPANS = [("2022-09-15", "2022-09-16", "day"), ("2022-09-16", "2022-09-17", "day"), ("2022-09-14", "2022-09-15", "day"),
         ("2022-09-01", "2022-10-01", "month"), ("2022-08-01", "2022-09-01", "month"), ("2022-09-12", "2022-09-19", "week"),
         ("2022-07-01", "2022-10-01", "quarter"), ("2022-01-01", "2023-01-01", "year"), ("2020-01-01", "2030-01-01", "decade"),
         ("2022-09-15T18:00", "2022-09-15T22:00", "time"), ("2021-03-01", "2021-03-02", "day")]


def make_event(rng: random.Random, doc_id: str, k: int, text_id: str) -> Event:
    status = rng.choices(["dated", "vague", "undated"], [10, 1, 1])[0]
    start, end, granularity = rng.choice(SPANS)
    if status != "dated":
        start = end = granularity = None
    who = tuple(rng.sample(PEOPLE, rng.randint(0, 3)))
    lemma = rng.choice(["meet", "talk", "visit", "sign"])
    date = EventDate(start or "PAST_REF", None, "DATE", granularity, start, end, start or "in the past", False, status)
    pos = rng.randint(0, 400)
    source = Source(doc_id, None, None, "2022-09-15", "s", 0, 1, "met", pos, pos + 3)
    return Event(f"{text_id}{k:02d}", "met", lemma, f"{' and '.join(who) or 'Someone'} {lemma}", "s",
                 [Participant(p, "PERSON") for p in who], date, [source])


def make_document(rng: random.Random, n: int) -> tuple[Document, list[Event]]:
    doc_id = f"doc{n:04d}"
    # a few documents share their text (copies in several files): their event ids collide
    text_id = f"{rng.randrange(3):04x}c" if rng.random() < 0.15 else f"{n:04x}x"
    doc = Document(doc_id, "", dt.date(2022, 9, 15), "test", path=f"{rng.choice('abc')}/f{n:04d}.txt")
    return doc, [make_event(rng, doc_id, k, text_id) for k in range(rng.randint(0, 6))]


def write(w, doc: Document, events: list[Event]) -> None:
    document, summary = rows.document_json(doc)
    w.put_document(DocumentWrite(f"{doc.path}#", doc.path, "", doc.id, "hash", document, summary, 0, "[]", 0,
                                 [rows.raw_event(e) for e in events]))


def stored(store) -> dict[str, list[str]]:
    version = store.current_version()
    out = {}
    for status in ("dated", "vague", "undated"):
        out[status] = [r.body for r in store.page(version, status, Criteria(), None, 100_000)]
    return out


def expected(live: dict[str, tuple[Document, list[Event]]]) -> dict[str, list[str]]:
    docs = sorted(live.values(), key=lambda d: d[0].path)
    rank = {d.id: rows.document_order(d.path, "") for d, _ in docs}
    timeline = build_timeline([(d, [Event.from_json(e.to_json()) for e in events]) for d, events in docs], rank)
    return {"dated": [rows.event_json(e) for e in timeline.events],
            "vague": [rows.event_json(e) for e in timeline.vague],
            "undated": [rows.event_json(e) for e in timeline.undated]}


@pytest.mark.parametrize("mode", ["closure", "full"])
def test_incremental_equals_a_full_rebuild_through_random_changes(database, monkeypatch, mode):
    monkeypatch.setattr(merging, "FULL_MERGE_FRACTION", 10.0 if mode == "closure" else 0.0)
    rng = random.Random(11 if mode == "closure" else 12)
    store = open_store(database)
    live: dict[str, tuple[Document, list[Event]]] = {}
    made = merged = 0
    try:
        for step in range(25):
            with store.write() as w:
                for _ in range(rng.randint(1, 4)):
                    action = rng.choice(["add", "add", "change", "delete", "rename"]) if live else "add"
                    if action == "add":
                        doc, events = make_document(rng, made)
                        made += 1
                        live[doc.id] = (doc, events)
                        write(w, doc, events)
                    elif action == "change":
                        doc, _ = live[rng.choice(sorted(live))]
                        _, events = make_document(rng, int(doc.id[3:]))
                        events = [Event.from_json({**e.to_json(), "sources": [{**e.sources[0].to_json(), "document_id": doc.id}]})
                                  for e in events]
                        live[doc.id] = (doc, events)
                        write(w, doc, events)
                    elif action == "delete":
                        doc, _ = live.pop(rng.choice(sorted(live)))
                        w.delete_document(f"{doc.path}#")
                    else:
                        doc, events = live[rng.choice(sorted(live))]
                        new_path = f"{rng.choice('abcd')}/r{step}-{doc.path.split('/')[-1]}"
                        w.rename_file(doc.path, new_path, 0, 0)
                        live[doc.id] = (Document(doc.id, "", doc.dct, "test", path=new_path), events)
                w.publish(force=True)
            got, want = stored(store), expected(live)
            assert got == want, f"step {step}"
            for status in got:  # ids unique within the version, and /api/events/<id> finds each
                ids = [json.loads(b)["id"] for b in got[status]]
                assert len(ids) == len(set(ids))
            everything = [json.loads(b)["id"] for status in got for b in got[status]]
            assert len(everything) == len(set(everything))
            merged = max(merged, sum(len(json.loads(b)["sources"]) > 1 for b in got["dated"]))
        assert merged >= 3  # merging was exercised
    finally:
        store.close()
