"""A document's fields are listed once (``timeline.model.Document``): its JSON, the summary a timeline cites,
what the store keeps and lists, and what a refresh compares to see a change all follow them. Each test here
failed while the fields were listed by hand in several places."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from feedkit import age, refresh, timeline
from timeline.model import PLACEMENT, Document, Image
from timeline.sources.web import feed_entries


def _article(path, published: str, title: str = "Talks") -> None:
    path.write_text(json.dumps({"id": "talks", "title": title, "published": published,
                                "text": "The envoys met on Thursday in Samarkand."}), encoding="utf-8")
    age(path, 30)


def test_a_new_publication_time_is_stored_and_served(make_app, feed):
    """A JSON article moved from 09:00 to 17:30: the refresh sees a change and the API serves the new time (the
    change detection compared a hand-picked list of fields without the time, and the summaries had none)."""
    path = feed / "talks.json"
    _article(path, "2022-09-15T09:00:00")
    app = make_app()
    refresh(app)
    client = app.test_client()
    (listed,) = client.get("/api/documents").get_json()["documents"]
    assert listed["dct_time"] == "09:00"
    assert timeline(client)["documents"][0]["dct_time"] == "09:00"
    _article(path, "2022-09-15T17:30:00")
    report = refresh(app)
    assert (report.changed, report.extracted, report.kept) == (1, 1, 0)
    (listed,) = client.get("/api/documents").get_json()["documents"]
    assert listed["dct_time"] == "17:30"
    assert client.get(f"/api/documents/{listed['id']}").get_json()["dct_time"] == "17:30"
    assert timeline(client)["documents"][0]["dct_time"] == "17:30"


def test_an_unchanged_article_is_kept_however_often_it_is_read(make_app, feed):
    path = feed / "talks.json"
    _article(path, "2022-09-15T09:00:00")
    app = make_app()
    refresh(app)
    path.write_text(path.read_text() + "\n")  # new bytes, same article
    age(path, 20)
    report = refresh(app)
    assert (report.changed, report.extracted, report.kept) == (1, 0, 1)


# a value of each field that is not text, and another one (a change of identity)
SAMPLES = {"dct": (dt.date(2022, 9, 15), dt.date(2022, 9, 16)),
           "image": (Image("https://example.org/a.jpg", "Two leaders"), Image("https://example.org/b.jpg"))}


def test_every_field_is_in_the_json_the_summary_and_the_identity():
    names = [f.name for f in dataclasses.fields(Document)]
    document = Document(**{n: SAMPLES.get(n, ("x",))[0] for n in names})
    assert list(document.to_json(text=True)) == [n for n in names if n != "text"] + ["text"]
    assert set(document.summary_json()) == set(names) - {"text", "path"}
    assert Document.from_json(document.to_json(text=True)) == document
    identity = json.loads(document.identity())
    assert set(identity) == set(names) - set(PLACEMENT)
    for name in set(names) - set(PLACEMENT) - {"dct"}:  # a change of any field is a change of identity
        other = SAMPLES.get(name, ("x", "y"))[1]
        assert dataclasses.replace(document, **{name: other}).identity() != document.identity(), name


def test_feed_entries_keep_their_time():
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Talks</title>'
           '<guid>a</guid><pubDate>Thu, 15 Sep 2022 17:30:00 GMT</pubDate><description>They met on Thursday.'
           '</description></item></channel></rss>').encode()
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><entry><id>a</id>'
            '<title>Talks</title><updated>2022-09-15T09:05:00Z</updated><content>They met on Thursday.</content>'
            '</entry></feed>').encode()
    for data, when in ((rss, "17:30"), (atom, "09:05")):
        (entry,) = feed_entries(data, "wire.xml", "wire")
        assert (entry.document.dct, entry.document.dct_time) == (dt.date(2022, 9, 15), when)
