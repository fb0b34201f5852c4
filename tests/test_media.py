"""An article's picture (timeline/sources/media.py): read from front matter, a feed entry's Media RSS or image
enclosure, a web page's lead image; only http(s); carried by every event of the article to the API, the compact
pages the widget reads and the TimelineJS3 export."""

from __future__ import annotations

import datetime as dt

import pytest

from feedkit import refresh
from timeline.model import Image
from timeline.sources import media
from timeline.sources.load import load_path, load_text

RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>City wire</title>
<item><title>Budget passed</title><link>https://news.invalid/budget</link><guid>b1</guid>
<pubDate>Thu, 15 Sep 2022 10:00:00 GMT</pubDate>
<description>The council approved the budget on Monday.</description>
<media:content url="https://img.invalid/budget.jpg" medium="image"/>
<media:description>The council chamber during the vote</media:description>
<media:credit>Ann Lens</media:credit></item>
<item><title>Strike ended</title><link>https://news.invalid/strike</link><guid>b2</guid>
<pubDate>Thu, 15 Sep 2022 11:00:00 GMT</pubDate>
<description>The strike ended on Friday.</description>
<enclosure url="https://img.invalid/strike.png" type="image/png" length="100"/></item>
<item><title>Podcast</title><guid>b3</guid><pubDate>Thu, 15 Sep 2022 12:00:00 GMT</pubDate>
<description>The mayor spoke on Tuesday.</description>
<enclosure url="https://audio.invalid/a.mp3" type="audio/mpeg" length="100"/></item>
</channel></rss>"""

PAGE = """<html><head><title>Bridge reopens</title>
<meta property="og:image" content="/pictures/bridge.jpg">
<meta property="og:image:alt" content="The bridge at dawn &amp; its new lights">
<meta property="og:url" content="https://news.invalid/city/bridge">
<link rel="canonical" href="https://news.invalid/city/bridge">
</head><body><article><h1>Bridge reopens</h1>
<p>The old bridge reopened on Saturday after two years of repairs, the city said in a statement.</p>
<p>Engineers replaced the deck and the railings, and the council approved the final payment on Monday.</p>
</article></body></html>"""


@pytest.mark.parametrize("meta, expected", [
    ({"image": "https://img.invalid/a.jpg", "image_alt": "A  quiet street", "image_credit": "Bo"},
     Image("https://img.invalid/a.jpg", "A quiet street", "Bo")),
    ({"image": {"src": "https://img.invalid/b.jpg", "alt": "B", "credit": "C"}}, Image("https://img.invalid/b.jpg", "B", "C")),
    ({"image": "javascript:alert(1)"}, None),
    ({"image": "data:image/png;base64,AAAA"}, None),
    ({"image": "/relative.jpg"}, None),
    ({}, None),
])
def test_front_matter(meta, expected):
    assert media.from_front_matter(meta) == expected


def test_a_feed_entrys_media_or_image_enclosure(tmp_path):
    (tmp_path / "wire.rss").write_text(RSS, encoding="utf-8")
    entries = load_path(tmp_path / "wire.rss")
    by_title = {d.title: d for d in entries}
    assert by_title["Budget passed"].image == Image("https://img.invalid/budget.jpg", "The council chamber during the vote", "Ann Lens")
    assert by_title["Strike ended"].image == Image("https://img.invalid/strike.png", "", None)
    assert by_title["Podcast"].image is None  # an audio enclosure is not a picture
    # the picture's words are not the article's: feedparser files <media:description> as the entry's content
    assert "The council approved the budget on Monday." in by_title["Budget passed"].text
    assert "chamber" not in by_title["Budget passed"].text


def test_a_pages_lead_image_with_its_words():
    (document,) = load_text(PAGE, "bridge.html", kind="html", dct=dt.date(2022, 9, 17))
    assert document.image == Image("https://news.invalid/pictures/bridge.jpg", "The bridge at dawn & its new lights", None)


def test_the_picture_reaches_the_api_the_compact_pages_and_timelinejs(make_app, feed):
    (feed / "a.md").write_text("---\npublished: 2022-09-15\ntitle: Council news\nimage: https://img.invalid/c.jpg\n"
                               "image_alt: The council votes\nimage_credit: City desk\n---\n"
                               "The council approved the budget on Monday.\n", encoding="utf-8")
    app = make_app()
    refresh(app)
    client = app.test_client()
    event = client.get("/api/timeline").get_json()["events"][0]
    assert event["sources"][0]["image"] == {"src": "https://img.invalid/c.jpg", "alt": "The council votes", "credit": "City desk"}
    assert client.get("/api/timeline").get_json()["documents"][0]["image"]["src"] == "https://img.invalid/c.jpg"
    compact = client.get("/api/timeline/compact").get_json()["events"][0]
    assert compact["media"] == {"src": "https://img.invalid/c.jpg", "alt": "The council votes", "credit": "City desk"}
    slide = client.get("/api/timeline?format=timelinejs").get_json()["events"][0]
    assert slide["media"] == {"url": "https://img.invalid/c.jpg", "alt": "The council votes", "caption": "The council votes",
                              "credit": "City desk"}
