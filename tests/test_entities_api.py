"""The registry in the product: the API's entity filter asks the stored registry (an acronym one article gives
and the full name another uses find the same events), /api/entities lists the registry's entities (most events
first, filtered by name and kind, paged with cursors, ETag/304, CORS) and /api/entities/<id> says why articles'
entities were joined; served participants carry the registry's ids, and each entity's event count is the
number of served events naming it. On both stores."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEEDS
from feedkit import article, refresh, timeline

BIGCO = "Big Company Corporation (BigCo) opened a plant in Ohio on Monday. BigCo said it would hire 300 workers."
LATER = "BigCo closed a plant in Texas on Friday, the company said."


@pytest.fixture
def app(make_app, feed):
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    article(feed, "bigco-1.txt", BIGCO, published="2022-09-12", title="BigCo opens a plant")
    article(feed, "bigco-2.txt", LATER, published="2022-09-17", title="BigCo closes a plant")
    app = make_app()
    refresh(app)
    return app


def ids(client, query: str) -> list[str]:
    data = timeline(client, f"?{query}&limit=1000")
    return [e["id"] for e in data["events"] + data["vague"] + data["undated"]]


def walk(client, query: str, limit: int) -> list[dict]:
    seen, cursor = [], None
    while True:
        response = client.get(f"/api/entities?{query}&limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.data
        page = response.get_json()
        seen += page["entities"]
        cursor = page["next_cursor"]
        if not cursor:
            return seen


def test_an_entity_by_any_of_its_names_gives_the_same_timeline_and_participants_carry_its_id(app):
    client = app.test_client()
    for short, full in [("BigCo", "Big Company Corporation"), ("Putin", "Vladimir Putin"), ("bigco", "Big Company Corp")]:
        found = ids(client, f"entity={short}")
        assert found and found == ids(client, f"entity={full}"), short
    everything = timeline(client, "?limit=1000")
    events = everything["events"] + everything["vague"] + everything["undated"]
    entities = {e["id"]: e for e in walk(client, "", 7)}
    named: dict[str, int] = {}
    for event in events:
        for entity_id in {p["entity"] for p in event["participants"] if p.get("entity")}:
            assert entity_id in entities
            named[entity_id] = named.get(entity_id, 0) + 1
    assert {i: e["events"] for i, e in entities.items() if e["events"]} == named
    (bigco,) = [e for e in entities.values() if e["name"] == "Big Company Corporation"]
    assert bigco["kind"] == "org" and len(bigco["documents"]) == 2
    assert {"BigCo", "Big Company Corporation"} <= {a["name"] for a in bigco["aliases"]}
    assert bigco["first"] <= bigco["last"] and "joins" not in bigco
    # most events first: the list's order
    counts = [e["events"] for e in walk(client, "", 500)]
    assert counts == sorted(counts, reverse=True)
    one = client.get(f"/api/entities/{bigco['id']}")
    assert one.status_code == 200 and one.headers["Access-Control-Allow-Origin"] == "*"
    detail = one.get_json()
    assert any("acronym" in why for why in detail["joins"]) and detail["events"] == bigco["events"]
    assert client.get(f"/api/entities/{bigco['id']}", headers={"If-None-Match": one.headers["ETag"]}).status_code == 304
    assert client.get("/api/entities/no-such-entity").status_code == 404


def test_the_list_filters_by_name_and_kind_and_pages_with_cursors(app, feed):
    client = app.test_client()
    people = walk(client, "kind=person", 2)
    assert people and all(e["kind"] == "person" for e in people)
    assert any(e["name"] == "Vladimir Putin" for e in people)
    putin = walk(client, "q=PUTIN", 50)
    assert [e["name"] for e in putin] == ["Vladimir Putin"]
    whole = client.get("/api/entities?limit=500").get_json()
    assert [e["id"] for e in walk(client, "", 3)] == [e["id"] for e in whole["entities"]]
    assert whole["total"] == len(whole["entities"]) and whole["next_cursor"] is None
    first = client.get("/api/entities?limit=2")
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/entities?limit=2", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    cursor = first.get_json()["next_cursor"]
    for query, status in [(f"limit=2&q=putin&cursor={cursor}", 400), ("kind=planet", 400), ("limit=0", 400),
                          ("limit=x", 400), ("sort=name", 400), ("cursor=garbage", 400)]:
        answer = client.get(f"/api/entities?{query}")
        assert answer.status_code == status, query
        assert answer.get_json()["error"]["message"]
    timeline_cursor = timeline(client, "?limit=1")["next_cursor"]
    assert client.get(f"/api/entities?limit=2&cursor={timeline_cursor}").status_code == 400
    assert client.get(f"/api/timeline?limit=2&cursor={cursor}").status_code == 400
    for i in range(3):  # three more versions: the cursor's is no longer kept
        article(feed, f"later-{i}.txt", f"Delegation {i} of Nordair arrived in Samarkand on Wednesday.")
        refresh(app)
    gone = client.get(f"/api/entities?limit=2&cursor={cursor}")
    assert gone.status_code == 410 and "first page" in gone.get_json()["error"]["message"]


def test_a_new_article_joining_two_entities_rewrites_only_the_rows_naming_them(app, feed):
    """An article giving the acronym of a name another article used alone joins their entities: the rows whose
    participants' ids change are written again in the new version, the others stand (same row, same ETag)."""
    client = app.test_client()
    article(feed, "nrc-1.txt", "NRC cut its fares on Monday, the railway said.", published="2022-09-19")
    refresh(app)
    before = {e["id"]: e for e in timeline(client, "?limit=1000")["events"]}
    nrc = [e for e in before.values() if any(p["name"] == "NRC" for p in e["participants"])]
    assert nrc and {p["entity"] for e in nrc for p in e["participants"] if p["name"] == "NRC"} == {"nrc"}
    tags = {i: client.get(f"/api/events/{i}").headers["ETag"] for i in before}
    article(feed, "nrc-2.txt", "Northern Rail Company (NRC) opened a line on Tuesday.", published="2022-09-20")
    refresh(app)
    after = {e["id"]: e for e in timeline(client, "?limit=1000")["events"]}
    joined = {p["entity"] for i in (e["id"] for e in nrc) for p in after[i]["participants"] if p["name"] == "NRC"}
    assert joined == {"northern-rail-company"}
    assert ids(client, "entity=NRC") == ids(client, "entity=Northern Rail Company")
    changed = {i for i in before if client.get(f"/api/events/{i}").headers["ETag"] != tags[i]}
    assert changed == {e["id"] for e in nrc}
    assert client.get("/api/entities/nrc").status_code == 404


def test_the_openapi_document_describes_the_registry(make_app):
    spec = make_app().test_client().get("/api/openapi.json").get_json()
    listed = spec["paths"]["/api/entities"]["get"]
    assert {p["name"] for p in listed["parameters"]} == {"q", "kind", "limit", "cursor"}
    assert "/api/entities/{id}" in spec["paths"]
    assert spec["components"]["schemas"]["listedEntity"]["required"][-3:] == ["events", "first", "last"]
