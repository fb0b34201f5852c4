"""What the widget reads (service/widget_api.py): the axis as events per month, and the compact pages, which
must mean exactly what /api/timeline means (same events, order, totals and cursors) with only a row's fields."""

from __future__ import annotations

import pytest

from service.story import is_chatter, weight
from widget_feed import feed_app


@pytest.fixture(scope="module")
def client():
    return feed_app().test_client()


QUERIES = ["", "entity=Xi", "q=summit", "dated=explicit", "from=2022-09&to=2022-09-15", "entity=Putin&from=2022",
           "document=zz_hostile"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_axis_counts_every_dated_event_of_the_filter_by_month(client, query):
    axis = client.get(f"/api/timeline/axis?{query}").get_json()
    full = client.get(f"/api/timeline?limit=1000&{query}").get_json()
    by_month: dict[str, list[int]] = {}
    for event in full["events"]:
        cell = by_month.setdefault(event["date"]["start"][:7], [0, 0])
        cell[0] += 1
        cell[1] += bool(event.get("inferred"))
    if "from=" not in query:  # a date filter also keeps events running into it, counted in the month they start
        assert axis["months"] == [[m, n, i] for m, (n, i) in sorted(by_month.items())]
    assert axis["total"] == full["total"] and axis["vague"] == full["vague_total"] and axis["undated"] == full["undated_total"]


@pytest.mark.parametrize("query", QUERIES)
def test_compact_pages_walk_the_same_events_as_the_full_ones(client, query):
    def walk(path):
        ids, cursor, pages = [], None, 0
        while True:
            page = client.get(f"{path}?limit=7&{query}" + (f"&cursor={cursor}" if cursor else "")).get_json()
            ids += [e["id"] for e in page["events"]]
            pages += 1
            cursor = page["next_cursor"]
            if not cursor:
                return ids, page["total"], pages

    assert walk("/api/timeline/compact") == walk("/api/timeline")


def test_a_compact_event_has_what_a_row_draws_and_is_a_fraction_of_the_full_one(client):
    full = client.get("/api/timeline?limit=1000")
    compact = client.get("/api/timeline/compact?limit=1000")
    assert len(compact.data) < len(full.data) / 3
    by_id = {e["id"]: e for e in full.get_json()["events"]}
    for event in compact.get_json()["events"]:
        whole = by_id[event["id"]]
        assert event["headline"] == whole["headline"] and event["date"]["label"] == whole["date"]["label"]
        assert event["participants"] == [p["name"] for p in whole["participants"]]
        assert event["sources"] == len(whole["sources"])
        assert event["documents"] == sorted({s["document_id"] for s in whole["sources"]})
        assert event.get("chatter", False) == is_chatter(whole) and event["weight"] == weight(whole)
        assert "sentence" not in event and "sentence" not in str(event.get("documents"))


@pytest.mark.parametrize("path", ["/api/timeline/compact", "/api/timeline/axis"])
def test_they_validate_and_answer_304(client, path):
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get(f"{path}?from=yesterday").status_code == 400
    assert client.get(f"{path}?color=red").status_code == 400
    assert client.get(path).headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("event, chatter", [
    ({"inferred": True, "date": {"start": "2022-09-15", "granularity": "day", "why": {"rule": "reporting-verb"}},
      "sources": [{"dct": "2022-09-15"}]}, True),
    ({"inferred": True, "date": {"start": "2022-09-14", "granularity": "day", "why": {"rule": "reporting-verb"}},
      "sources": [{"dct": "2022-09-15"}]}, False),  # not the publication day
    ({"inferred": False, "lemma": "say", "date": {"start": "2022-09-15", "granularity": "day"},
      "sources": [{"dct": "2022-09-15"}]}, True),  # said that day, the day given
    ({"inferred": False, "lemma": "meet", "date": {"start": "2022-09-15", "granularity": "day"},
      "sources": [{"dct": "2022-09-15"}]}, False),  # what happened that day
    ({"inferred": True, "date": {"start": "2022-09-01", "granularity": "month", "why": {"rule": "reporting-verb"}},
      "sources": [{"dct": "2022-09-01"}]}, False),  # a month is not a day of chatter
])
def test_chatter_is_what_was_said_on_the_day_it_was_published(event, chatter):
    assert is_chatter(event) is chatter


def test_the_story_weighs_a_stated_date_names_and_sources():
    bare = {"inferred": True, "participants": [], "sources": [{"document_id": "a"}]}
    full = {"inferred": False, "participants": [{"name": "Xi"}],
            "sources": [{"document_id": d} for d in "abcd"]}
    assert weight(bare) == 0 and weight(full) == 2 + 1 + 1 + 2
