"""The store's registry rebuilt only where a change reaches gives exactly ``build_registry`` over every stored
document: random additions, changes and deletions of documents' entities (names shared across articles,
short forms, acronyms, model numbers, plurals, kinds that disagree, namesakes whose ids take a suffix), each
published, and after each the version's entity rows compared with the registry of everything (same JSON,
same ids), every member's id with ``Registry.entity_id``, and the store's lookups with ``Registry.lookup``. On
both engines; with the closure search forced, and with everything rebuilt."""

from __future__ import annotations

import json
import random

import pytest

from service.store import entities as store_entities
from service.store import lookup as store_lookup
from service.store import open_store
from service.store.writer import Writer
from timeline.entities.registry import build_registry, slug
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
    ("Acme Corp", "org", [], []),
    ("Acme-Corp", "org", [], []),  # another entity whose name makes the same slug: acme-corp, acme-corp-2
    ("Harbor Records", "org", [("Harbor", "the name without its organisation word")], []),
    ("Harbor", "org", [], []),
    ("Zephyr X200", "product", [], []),
    ("X200", "product", [], []),
    ("Zephyr X200s", "product", [], []),
    ("Orion 990 Skyliner", "product", [], []),
    ("990", "product", [], []),
    ("Skyliner", None, [], []),
    ("Jordan", "place", [], []),
    ("Jordan", "person", [], []),
    ("United Provinces Navy", "org", [], []),
    ("UP Navy", "org", [], []),
]
QUERIES = ["Putin", "Vladimir Putin", "putin", "Petrov", "BigCo", "Big Company Corporation", "big company corp",
           "NRC", "Northern Rail Compnay", "Acme", "Acme-Corp", "Harbor", "Harbor Records", "X200", "Zephyr X200s",
           "Orion 990 Skyliner", "990", "Jordan", "UP Navy", "United Provinces Navy", "o", "e", "Nobody Here", "the"]


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


@pytest.mark.parametrize("mode", ["closure", "full"])
def test_the_stored_registry_equals_the_registry_of_everything_through_random_changes(database, monkeypatch, mode):
    monkeypatch.setattr(store_entities, "FULL_FRACTION", 10.0 if mode == "closure" else 0.0)
    rng = random.Random(5 if mode == "closure" else 6)
    store = open_store(database)
    live: dict[str, list[DocumentEntity]] = {}
    made = 0
    partial = 0  # publishes that rebuilt less than every member
    try:
        for version in range(1, 31):
            with store.transaction() as s:
                writer = store_entities.RegistryWriter(s, Writer(store, s).next_ids)
                for _ in range(rng.randint(1, 4)):
                    action = rng.choice(["add", "add", "change", "delete"]) if live else "add"
                    if action == "add":
                        doc_id = f"d{made:03d}"
                        made += 1
                    else:
                        doc_id = rng.choice(sorted(live))
                        writer.remove(doc_id)
                        del live[doc_id]
                    if action != "delete":
                        live[doc_id] = make_entities(rng)
                        writer.put(doc_id, live[doc_id])
                plan = publish(writer, version)
                partial += 0 < plan.rebuilt < sum(map(len, live.values()))
                registry = build_registry(sorted(live.items()))
                assert stored_registry(s, version) == registry.to_json(), f"version {version}"
                members = s.all("SELECT doc_id, key, entity_id FROM document_entities")
                assert {(d, k): i for d, k, i in members} == registry.of
                for query in QUERIES:
                    found = store_lookup.lookup(s, version, query)
                    wanted = {e.id for e in registry.lookup(query)}
                    if found.ids is None:
                        rows = s.all(store_lookup.containing_sql(s.dialect), (version, version, found.contains))
                        assert {r[0] for r in rows} == wanted, query
                    else:
                        assert set(found.ids) == wanted, (version, query)
        ids = {e["id"] for e in registry.to_json()}
        assert any(i.endswith("-2") for i in ids)  # namesakes were told apart
        assert any(len(e["joins"]) for e in registry.to_json())  # articles' entities were joined
        assert (partial >= 10) if mode == "closure" else (partial == 0)  # the change's part, or everything
    finally:
        store.close()


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
