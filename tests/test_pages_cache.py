"""The prepared pages of the service: a page asked by many connections at once is rendered once (exports,
which stream a spool of their own, are not shared), and a new version's hot first pages are rendered before
readers are switched to it, so the first requests after a refresh find them ready. A page counts each status
it shows once."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from conftest import SEEDS
from feedkit import article, refresh, timeline
from service.views import Pages


@pytest.fixture
def app(make_app, feed):
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    app = make_app()
    refresh(app)
    return app


@pytest.mark.parametrize("args, renders", [
    ({}, 1),
    ({"limit": "5", "from": "2022-09-01"}, 1),
    ({"entity": "xi"}, 1),
    ({"format": "csv"}, 8),  # each request streams its own export
])
def test_a_page_asked_at_once_by_many_is_rendered_once(app, monkeypatch, args, renders):
    pages = Pages(app.extensions["timeline"].store)
    version = app.extensions["timeline"].version()
    made = []
    real = pages._render

    def slow(version, wanted):
        made.append(wanted)
        time.sleep(0.2)
        return real(version, wanted)

    monkeypatch.setattr(pages, "_render", slow)
    start = threading.Barrier(8)
    answers = []

    def ask():
        start.wait()
        rendered = pages.render(version, dict(args))
        answers.append(rendered.body if rendered.body is not None else b"".join(rendered.chunks()))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == renders
    assert len(answers) == 8 and len(set(answers)) == 1


def test_an_error_is_not_shared_and_the_next_request_renders(app):
    pages = Pages(app.extensions["timeline"].store)
    version = app.extensions["timeline"].version()
    for _ in range(2):
        with pytest.raises(Exception, match="limit"):
            pages.render(version, {"limit": "0"})
    assert pages._rendering == {}


def test_a_new_versions_hot_first_pages_are_ready_before_it_is_served(app, feed):
    client = app.test_client()
    queries = ["", "?from=2022-09-01&limit=5", "?entity=xi"]
    for query in queries:
        timeline(client, query)
    first = timeline(client, "?limit=2")
    timeline(client, f"?limit=2&cursor={first['next_cursor']}")  # a cursor's page is not rendered again
    state = app.extensions["timeline"]
    old = state.version().version
    article(feed, "later.txt", "Xi visited Samarkand on 16 September 2022.")
    refresh(app)
    new = state.version().version
    assert new == old + 1
    ready = {k[1:] for k in state.pages._cache if k[0] == new}
    assert ready == {(), (("from", "2022-09-01"), ("limit", "5")), (("entity", "xi"),), (("limit", "2"),)}
    fresh = Pages(state.store)
    for key in [k for k in state.pages._cache if k[0] == new]:  # what was rendered ahead is what a request renders
        assert state.pages._cache[key].body == fresh.render(state.version(), dict(key[1:])).body
    assert timeline(client, "?entity=xi")["version"] == new


@pytest.mark.parametrize("query, counted", [
    ("?from=2022-09-01&limit=2", ["dated", "vague", "undated"]),
    ("?entity=xi&limit=2", ["dated", "vague", "undated"]),
    ("vague cursor", ["vague", "dated"]),  # a vague page's total is still the dated events'
])
def test_a_page_counts_each_status_once(app, monkeypatch, query, counted):
    state = app.extensions["timeline"]
    client = app.test_client()
    if query == "vague cursor":
        query = f"?limit=1&cursor={timeline(client, '?limit=1')['vague_next_cursor']}"
    asked = []
    real = state.store.count
    monkeypatch.setattr(state.store, "count", lambda version, status, criteria: asked.append(status) or real(version, status, criteria))
    timeline(client, query)
    assert asked == counted
