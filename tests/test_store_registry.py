"""The store's registry, rebuilt only where a change reaches, and its timeline give exactly ``build_timeline``
with the documents' entities over every stored document: random additions, changes, renames and deletions
of documents with entities (names shared across articles, short forms, acronyms, model numbers, plurals,
kinds that disagree, namesakes whose ids take a suffix) and events naming them, each published, and after
each the version's rows (participants with the registry's ids), its entity rows (same JSON, same ids, each
entity's events, first and last day as ``entity_summaries``), every member's id (``Registry.entity_id``)
and the store's lookups (``Registry.lookup``) compared. On both engines; with the closure searches forced,
and with everything rebuilt."""

from __future__ import annotations

import json
import random

import pytest

from service.store import entities as store_entities
from service.store import lookup as store_lookup
from service.store import open_store
from service.store.writer import Writer
from timeline.entities.registry import slug
from timeline.model import DocumentEntity

# (name, kind, other names the article uses with why, acronyms it gives)
NAMES = [
    ("Vladimir Putin", "person", [("Putin", "its last words")], []),
    ("Putin", "person", [], []),
    ("Anna Petrov", "person", [("Petrov", "its last words")], []),
    ("Ivan Petrov", "person", [], []),
    ("Petrov", "person", [], []),
    ("Big Company Corporation", "org", [("BigCo", "the acronym given in parentheses after it")], ["BigCo"]),
    ("BigCo", "org", [], []),
    ("Big Company Corporation", None, [], []),
    ("Northern Rail Company", "org", [], []),
    ("NRC", "org", [], []),
    ("Northern Company", "org", [], []),  # the name without an inner word
    ("Acme Corp", "org", [], []),
    ("Acme-Corp", "org", [], []),  # another entity whose name makes the same slug: acme-corp, acme-corp-2
    ("Harbor Records", "org", [("Harbor", "the name without its organisation word")], []),
    ("Harbor", "org", [], []),
    ("Zephyr X200", "product", [], []),
    ("X200", "product", [], []),
    ("Zephyr X200s", "product", [], []),
    ("Orion 990 Skyliner", "product", [], []),
    ("990", "product", [], []),
    ("990-200LR", "product", [], []),  # a variant: a query for the model finds it too
    ("Skyliner", None, [], []),
    ("Jordan", "place", [], []),
    ("Jordan", "person", [], []),
    ("United Provinces Navy", "org", [], []),
    ("UP Navy", "org", [], []),
]
QUERIES = ["Putin", "Vladimir Putin", "putin", "Petrov", "BigCo", "Big Company Corporation", "big company corp",
           "NRC", "Northern Rail Compnay", "Acme", "Acme-Corp", "Harbor", "Harbor Records", "X200", "Zephyr X200s",
           "Orion 990 Skyliner", "990", "Orion 990", "990-200LR", "Jordan", "UP Navy", "United Provinces Navy", "o", "e", "Nobody Here", "the",
           "harbor-records", "acme-corp-2", "jordan-2", "vladimir-putin", "northern-rail-company"]


def make_entities(rng: random.Random) -> list[DocumentEntity]:
    out = []
    for k, (name, kind, others, acronyms) in enumerate(rng.sample(NAMES, rng.randint(0, 4)), start=1):
        others = [o for o in others if rng.random() < 0.7]
        out.append(DocumentEntity(f"e{k}", name, kind, (name, *(o for o, _ in others)), tuple(others), (),
                                  tuple(a for a in acronyms if any(o == a for o, _ in others))))
    return out


def stored_registry(s, version: int) -> list[dict]:
    rows = s.all(f"SELECT r.body FROM entities r WHERE {store_entities.VISIBLE} ORDER BY r.id", (version, version))
    return [json.loads(b) for (b,) in rows]


def publish(writer: store_entities.RegistryWriter, version: int) -> store_entities.RegistryPlan:
    plan = writer.plan()
    writer.apply(plan)
    writer.write_rows(plan, version, set())
    return plan


def test_an_unchanged_registry_writes_no_row(database):
    store = open_store(database)
    try:
        with store.transaction() as s:
            writer = store_entities.RegistryWriter(s, Writer(store, s).next_ids)
            writer.put("a", [DocumentEntity("e1", "Vladimir Putin", "person", ("Vladimir Putin",))])
            writer.put("b", [DocumentEntity("e1", "Xi Jinping", "person", ("Xi Jinping",))])
            publish(writer, 1)
            writer.put("c", [DocumentEntity("e1", "Jinping", "person", ("Jinping",))])
            plan = publish(writer, 2)
            # the new article joins Xi Jinping's entity: that entity's row is written again, Putin's stands
            assert set(plan.write) == {"xi-jinping"} and plan.retire == {"xi-jinping"}
            assert [(m.doc_id, m.entity_id, old) for m, old in plan.moved] == [("c", "xi-jinping", None)]
            assert plan.rebuilt == 2  # the new article's entity and the one it joins
            rows = s.all("SELECT id, valid_from, valid_to FROM entities ORDER BY row_id")
            assert rows == [("vladimir-putin", 1, None), ("xi-jinping", 1, 2), ("xi-jinping", 2, None)]
            assert slug("Xi Jinping") == "xi-jinping"
    finally:
        store.close()


# --- the registry with the timeline: rows, participants' ids, entities' events ---------------------------
SPANS = [("2022-09-15", "2022-09-16", "day"), ("2022-09-16", "2022-09-17", "day"), ("2022-09-01", "2022-10-01", "month"),
         ("2022-09-12", "2022-09-19", "week"), ("2022-01-01", "2023-01-01", "year")]


def make_events(rng: random.Random, doc_id: str, entities: list[DocumentEntity], text_id: str):
    from timeline.model import Event, EventDate, Participant, Source

    labels = {"person": "PERSON", "org": "ORG", "product": "PRODUCT", "place": "GPE", None: "NAME"}
    events = []
    for k in range(rng.randint(0, 5)):
        status = rng.choices(["dated", "vague", "undated"], [8, 1, 1])[0]
        start, end, granularity = rng.choice(SPANS)
        if status != "dated":
            start = end = granularity = None
        who = rng.sample(entities, min(len(entities), rng.randint(0, 2)))
        participants = [Participant(e.name, labels[e.kind], tuple(n for n in e.names if n != e.name), e.key) for e in who]
        if rng.random() < 0.2:
            participants.append(Participant("Samarkand", "GPE"))  # a participant no entity holds
        lemma = rng.choice(["meet", "sign", "visit"])
        date = EventDate(start or "PAST_REF", None, "DATE", granularity, start, end, start or "in the past", False, status)
        pos = 10 * k
        events.append(Event(f"{text_id}{k:02d}", "met", lemma, f"{lemma} {k}", "s", participants, date,
                            [Source(doc_id, None, None, "2022-09-15", "s", 0, 1, "met", pos, pos + 3)]))
    return events


def write_document(w, doc, events, entities) -> None:
    from service.store import rows
    from service.store.records import DocumentWrite

    document, summary = rows.document_json(doc)
    w.put_document(DocumentWrite(f"{doc.path}#", doc.path, "", doc.id, "hash", document, summary, 0, "[]", 0,
                                 [rows.raw_event(e) for e in events], json.dumps([e.to_json() for e in entities])))


@pytest.mark.parametrize("mode", ["closure", "full"])
def test_the_stored_timeline_and_registry_equal_build_timeline_with_entities(database, monkeypatch, mode):
    """Documents with entities and events naming them, added, changed, renamed and deleted at random: after
    each publish the version's rows (participants carrying registry ids), its registry and each entity's
    events, first and last day equal ``build_timeline(..., entities=...)`` and ``entity_summaries`` over every
    stored document; rows whose participants' ids did not change stay as they were."""
    import datetime as dt

    from service.store import Criteria, merging, rows
    from timeline.assemble import build_timeline
    from timeline.entities.summary import entity_summaries
    from timeline.model import Document, Event

    monkeypatch.setattr(store_entities, "FULL_FRACTION", 10.0 if mode == "closure" else 0.0)
    monkeypatch.setattr(merging, "FULL_MERGE_FRACTION", 10.0 if mode == "closure" else 0.0)
    rng = random.Random(21 if mode == "closure" else 22)
    remade, plans = [], []
    recombine, plan = merging.recombine, store_entities.RegistryWriter.plan
    monkeypatch.setattr(merging, "recombine", lambda *a: remade.append(recombine(*a)) or remade[-1])
    monkeypatch.setattr(store_entities.RegistryWriter, "plan", lambda self: plans.append(plan(self)) or plans[-1])
    partial = 0
    store = open_store(database)
    live: dict[str, tuple[Document, list[Event], list[DocumentEntity]]] = {}
    made = merged_named = 0
    try:
        for step in range(25):
            with store.write() as w:
                for _ in range(rng.randint(1, 3)):
                    action = rng.choice(["add", "add", "change", "delete", "rename"]) if live else "add"
                    if action in ("add", "change"):
                        if action == "add":
                            doc = Document(f"doc{made:03d}", "", dt.date(2022, 9, 15), "test", path=f"{rng.choice('ab')}/f{made:03d}.txt")
                            made += 1
                        else:
                            doc = live[rng.choice(sorted(live))][0]
                        entities = make_entities(rng)
                        text_id = f"{rng.randrange(3):04x}c" if rng.random() < 0.15 else f"{doc.id}x"
                        events = make_events(rng, doc.id, entities, text_id)
                        live[doc.id] = (doc, events, entities)
                        write_document(w, doc, events, entities)
                    elif action == "delete":
                        doc = live.pop(rng.choice(sorted(live)))[0]
                        w.delete_document(f"{doc.path}#")
                    else:
                        doc, events, entities = live[rng.choice(sorted(live))]
                        new_path = f"{rng.choice('abc')}/r{step}-{doc.path.split('/')[-1]}"
                        w.rename_file(doc.path, new_path, 0, 0)
                        live[doc.id] = (Document(doc.id, "", doc.dct, "test", path=new_path), events, entities)
                w.publish(force=True)
            docs = sorted(live.values(), key=lambda d: d[0].path)
            rank = {d.id: rows.document_order(d.path, "") for d, _, _ in docs}
            timeline = build_timeline([(d, [Event.from_json(e.to_json()) for e in events]) for d, events, _ in docs], rank,
                                      entities={d.id: entities for d, _, entities in docs})
            version = store.current_version()
            for status, expected in (("dated", timeline.events), ("vague", timeline.vague), ("undated", timeline.undated)):
                got = [r.body for r in store.page(version, status, Criteria(), None, 100_000)]
                assert got == [rows.event_json(e) for e in expected], (step, status)
            with store.session() as s:
                assert stored_registry(s, version.version) == timeline.registry.to_json(), step
                figures = {r[0]: tuple(r[1:]) for r in s.all(
                    f"SELECT r.id, r.events, r.first_day, r.last_day FROM entities r WHERE {store_entities.VISIBLE}",
                    (version.version, version.version))}
            summaries = {e["id"]: (e["events"], e["first"], e["last"]) for e in entity_summaries(timeline.registry, timeline.all_events())}
            assert figures == {i: summaries.get(i, (0, None, None)) for i in timeline.registry.entities}, step
            registry = timeline.registry
            with store.session() as s:
                members = s.all("SELECT doc_id, key, entity_id FROM document_entities")
                assert {(d, k): i for d, k, i in members} == registry.of
                for query in QUERIES:
                    found = store_lookup.lookup(s, version.version, query)
                    wanted = {e.id for e in registry.lookup(query)}
                    if found.ids is None:
                        rows_ = s.all(store_lookup.containing_sql(s.dialect), (version.version, version.version, found.contains))
                        assert {r[0] for r in rows_} == wanted, query
                    else:
                        assert set(found.ids) == wanted, (step, query)
            partial += 0 < plans[-1].rebuilt < sum(len(e) for _, _, e in live.values())
            merged_named += any(len(e.sources) > 1 and any(p.entity for p in e.participants) for e in timeline.events)
        assert any(p.entity for e in timeline.all_events() for p in e.participants)
        assert merged_named  # reports naming entities were merged
        assert sum(remade) > 0  # rows whose members stayed were written again for their participants' new ids
        assert (partial >= 10) if mode == "closure" else (partial == 0)  # the part a change reaches, or everything
    finally:
        store.close()


def test_a_namesake_that_comes_first_takes_the_plain_id_and_the_others_rows_follow(database):
    """Two entities whose names make one slug are told apart by their first article: a new article sorting
    before the standing entity's takes the plain id, the standing entity becomes "-2", and its events' rows are
    written again with the new id (the store equals build_timeline with entities throughout)."""
    import datetime as dt

    from service.store import Criteria, rows
    from timeline.assemble import build_timeline
    from timeline.model import Document, Event, EventDate, Participant, Source

    def document(doc_id: str, name: str):
        doc = Document(doc_id, "", dt.date(2022, 9, 15), "test", path=f"{doc_id}.txt")
        entity = DocumentEntity("e1", name, "org", (name,))
        day = {"a": "2022-09-15", "b": "2022-09-20"}[doc_id]  # two events, not one told twice
        date = EventDate(day, None, "DATE", "day", day, day[:-2] + str(int(day[-2:]) + 1), day, False, "dated")
        event = Event(f"{doc_id}-1", "opened", "open", f"{name} opened", "s", [Participant(name, "ORG", (), "e1")], date,
                      [Source(doc_id, None, None, "2022-09-15", "s", 0, 1, "opened", 0, 6)])
        return doc, [event], [entity]

    store = open_store(database)
    live = {}
    try:
        for doc_id, name in (("b", "Acme-Corp"), ("a", "Acme Corp")):
            live[doc_id] = document(doc_id, name)
            with store.write() as w:
                write_document(w, *live[doc_id])
                w.publish()
            docs = sorted(live.values(), key=lambda d: d[0].path)
            timeline = build_timeline([(d, events) for d, events, _ in docs], {d.id: rows.document_order(d.path, "") for d, _, _ in docs},
                                      entities={d.id: entities for d, _, entities in docs})
            version = store.current_version()
            assert [r.body for r in store.page(version, "dated", Criteria(), None, 100)] == [rows.event_json(e) for e in timeline.events]
        served = {json.loads(r.body)["headline"]: json.loads(r.body)["participants"][0]["entity"]
                  for r in store.page(version, "dated", Criteria(), None, 100)}
        assert served == {"Acme Corp opened": "acme-corp", "Acme-Corp opened": "acme-corp-2"}
        with store.session() as s:
            assert [r[0] for r in s.all("SELECT id FROM entities WHERE valid_to IS NULL ORDER BY id")] == ["acme-corp", "acme-corp-2"]
    finally:
        store.close()
