"""Pages read from the store: walking any query with small pages gives exactly its whole answer (dated
events through date windows, entities, text, documents), vague and undated events page with their own
cursors, and a whole-timeline export the client has is a 304 without being written again."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEEDS
from feedkit import article, refresh, timeline

QUERIES = ["", "from=2022-09-15", "to=2022-09-10", "from=2022-09-01&to=2022-09-30", "from=2022&to=2022",
           "from=2022-09-20&to=2022-09-10", "entity=xi", "q=summit", "entity=putin&from=2022-09-15",
           "document=000_7d9800583c3c9883", "document=000_7d9800583c3c9883&from=2022-09-16"]


@pytest.fixture
def app(make_app, feed):
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    article(feed, "month.txt", "Putin and Xi met several times in September 2022. Xi visited Samarkand in 2022.")
    app = make_app()
    refresh(app)
    return app


def walk(client, query: str, group: str = "events", limit: int = 3) -> list[str]:
    seen, cursor, key = [], None, {"events": "next_cursor", "vague": "vague_next_cursor", "undated": "undated_next_cursor"}[group]
    while True:
        page = timeline(client, f"?{query}&limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        seen += [e["id"] for e in page[group]]
        cursor = page[key] if group == "events" or page.get(key) is not None else None
        if not cursor:
            return seen


@pytest.mark.parametrize("query", QUERIES)
def test_walking_small_pages_gives_the_whole_answer(app, query):
    client = app.test_client()
    whole = timeline(client, f"?{query}&limit=1000")
    assert walk(client, query) == [e["id"] for e in whole["events"]]
    assert whole["total"] == len(whole["events"])


def test_vague_events_page_with_their_own_cursor(app):
    client = app.test_client()
    whole = timeline(client, "?limit=1000")
    assert whole["vague_total"] == len(whole["vague"]) >= 3
    first = timeline(client, "?limit=2")
    assert len(first["vague"]) == 2 and first["vague_next_cursor"]
    rest = timeline(client, f"?limit=2&cursor={first['vague_next_cursor']}")
    assert rest["events"] == [] and rest["next_cursor"] is None and rest["vague"]
    assert walk(client, "", "vague", 2) == [e["id"] for e in whole["vague"]]


def test_a_cursor_of_another_query_is_a_400_and_of_a_version_gone_a_410(app, feed):
    client = app.test_client()
    page = timeline(client, "?limit=2")
    assert client.get(f"/api/timeline?limit=2&entity=xi&cursor={page['next_cursor']}").status_code == 400
    for i in range(4):  # three more versions: the cursor's is no longer kept
        article(feed, f"later-{i}.txt", f"Delegation {i} arrived in Samarkand on Wednesday.")
        refresh(app)
    gone = client.get(f"/api/timeline?limit=2&cursor={page['next_cursor']}")
    assert gone.status_code == 410 and "first page" in gone.get_json()["error"]["message"]


def test_an_export_the_client_has_is_not_written_again(app):
    client = app.test_client()
    first = client.get("/api/timeline?format=csv")
    assert first.status_code == 200 and first.data.startswith(b"id,status")
    again = client.get("/api/timeline?format=csv", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    js = client.get("/api/timeline?format=timelinejs&entity=xi").get_json()
    assert len(js["events"]) == timeline(client, "?entity=xi&limit=1000")["total"]


@pytest.mark.parametrize("entity, start", [("xi", None), ("putin", "2022-09-15"), ("i", None), ("no such name", None)])
def test_an_entity_reads_the_same_rows_by_id_as_in_the_timelines_order(app, monkeypatch, entity, start):
    """The events of entities with few events are read by id and sorted; those of entities with many events
    are found by testing each row in the timeline's order (service.store.base.FEW_NAMED_ROWS); entities the
    registry's lookup finds too many to list (service.store.lookup.FEW: a name containing one letter) are
    named by that condition. Every plan gives the same rows, in the same order, and the same totals, for
    every status, on both stores."""
    import datetime as dt

    from service.store import base, lookup
    from service.store.records import Criteria

    store = app.extensions["timeline"].store
    version = store.current_version()
    criteria = Criteria(entity=entity, start=dt.date.fromisoformat(start) if start else None)

    def answers():
        store._named.clear()
        return {status: ([r.row_id for r in store.page(version, status, criteria, None, 1000)],
                         store.count(version, status, criteria)) for status in ("dated", "vague", "undated")}

    def names():
        with store.session() as s:
            return store._names(s, version, entity)

    by_id = answers()
    nobody = entity == "no such name"
    assert names() == () if nobody else names().few  # read by id (none at all for a name nobody has)
    monkeypatch.setattr(base, "FEW_NAMED_ROWS", 0)
    in_order = answers()
    assert names() == () if nobody else not names().few  # ... and now in the timeline's order
    assert by_id == in_order
    monkeypatch.setattr(lookup, "FEW", 0)
    assert answers() == by_id
    assert names() == () if nobody else (names().ids is None) == (entity == "i")  # the condition, not a list
    assert all(len(rows) == total for rows, total in by_id.values())
    assert (sum(total for _, total in by_id.values()) > 0) == (not nobody)


def test_a_query_over_the_read_budget_is_stopped_with_a_503_that_says_why(app, monkeypatch):
    """A page whose queries take longer than ``read_seconds`` is stopped by the database and answered 503,
    saying to narrow the filters; within the budget the page is answered, and other reads (the refresh's)
    have no budget. SQLite looks at the clock every PROGRESS_STEPS steps, PostgreSQL sets statement_timeout."""
    from service.store import sqlite as sqlite_store
    from service.store.records import Criteria, ReadTooLong

    store = app.extensions["timeline"].store
    client = app.test_client()
    assert store.read_seconds == 10.0  # the default, from the settings
    if store.backend == "sqlite":
        monkeypatch.setattr(sqlite_store, "PROGRESS_STEPS", 1)  # look at the clock at every step
        monkeypatch.setattr(store, "read_seconds", 1e-9)
        answer = client.get("/api/timeline?entity=putin&limit=7")
        assert answer.status_code == 503
        message = answer.get_json()["error"]["message"]
        assert "took longer than" in message and "narrow it" in message
        with pytest.raises(ReadTooLong):
            store.count(store.current_version(), "dated", Criteria(entity="xi"))
    else:  # a query of ours is too quick to be stopped here: a slow statement stands for one
        monkeypatch.setattr(store, "read_seconds", 0.25)
        with pytest.raises(ReadTooLong):
            with store.query() as s:
                assert s.one("SHOW statement_timeout")[0] == "250ms"
                s.one("SELECT pg_sleep(2)")
    with store.session() as s:  # no budget outside a page's queries
        assert s.one("SELECT 1")[0] == 1
        if store.backend == "postgresql":
            assert s.one("SHOW statement_timeout")[0] == "0"
    monkeypatch.setattr(store, "read_seconds", 10.0)
    assert client.get("/api/timeline?entity=putin&limit=8").status_code == 200
