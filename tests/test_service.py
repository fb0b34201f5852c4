"""The service driven through its real app: a temporary feed directory, a real SQLite file, the
Flask test client; refreshes add, change, rename and delete articles, and bad files are skipped."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from conftest import SEEDS
from feedkit import age, article, headlines, refresh, timeline
from service.store import open_store


def test_seeds_served_with_etag_cors_and_formats(make_app, feed):
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    app = make_app()
    client = app.test_client()
    assert client.get("/api/timeline").status_code == 503  # nothing refreshed yet
    report = refresh(app)
    assert (report.new, report.extracted, report.version) == (2, 2, 1)
    first = client.get("/api/timeline")
    data = first.get_json()
    assert data["version"] == 1 and data["total"] == len(data["events"]) >= 15
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in first.headers["Access-Control-Expose-Headers"]
    etag = first.headers["ETag"]
    assert client.get("/api/timeline", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/timeline", headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    talks = [e for e in data["events"] if e["date"]["value"] == "2022-09-15" and len(e["sources"]) == 2]
    assert len(talks) == 1
    event = client.get(f"/api/events/{talks[0]['id']}").get_json()
    assert event["date"]["why"]["expression"] == "Thursday" and len(event["sources"]) == 2
    js = client.get("/api/timeline?format=timelinejs").get_json()
    assert len(js["events"]) == data["total"]
    csv_text = client.get("/api/timeline?format=csv&entity=Erdogan").data.decode()
    assert csv_text.startswith("id,status") and "Erdogan" in csv_text
    documents = client.get("/api/documents").get_json()["documents"]
    assert {d["id"] for d in documents} == {"000_7d9800583c3c9883", "003_f115f9060a59de12"}
    one = client.get("/api/documents/003_f115f9060a59de12").get_json()
    assert one["dct"] == "2022-09-15" and one["timexes"] and one["events"]
    status = client.get("/api/status").get_json()
    assert status["version"] == 1 and status["last_refresh"]["extracted"] == 2 and status["skipped"] == []
    assert client.get("/healthz").get_json() == {"status": "ok", "version": 1}
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/api/timeline" in spec["paths"] and "/api/extract" in spec["paths"]
    assert "Timeline" in spec["components"]["schemas"]


def test_filters_and_paging(make_app, feed):
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    app = make_app()
    refresh(app)
    client = app.test_client()
    everything = timeline(client)
    seen, cursor = [], None
    while True:
        page = timeline(client, "?limit=4" + (f"&cursor={cursor}" if cursor else ""))
        assert len(page["events"]) <= 4
        assert page["total"] == everything["total"]
        if cursor:
            assert page["vague"] == [] and page["undated"] == []
        seen += [e["id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["id"] for e in everything["events"]]
    september = timeline(client, "?from=2022-09-16&to=2022-09")
    assert {e["date"]["value"] for e in september["events"]} == {"2022-09-16"}
    assert all(any("Xi" in p["name"] for p in e["participants"]) for e in timeline(client, "?entity=xi")["events"])
    assert headlines(timeline(client, "?q=congress")) == ["a pivotal congress of the ruling Communist Party"]
    assert {s["document_id"] for e in timeline(client, "?document=000_7d9800583c3c9883")["events"] for s in e["sources"]} >= {"000_7d9800583c3c9883"}
    for bad in ("?from=yesterday", "?limit=0", "?limit=5000", "?cursor=nonsense", "?format=xml", "?colour=red"):
        response = client.get(f"/api/timeline{bad}")
        assert response.status_code == 400 and "message" in response.get_json()["error"]


def test_add_change_rename_delete(make_app, feed):
    a = article(feed, "a.txt", "The two leaders met on Thursday in Samarkand.", title="Talks")
    app = make_app()
    client = app.test_client()
    first = refresh(app)
    assert (first.new, first.extracted) == (1, 1)
    assert headlines(timeline(client)) == ["The two leaders met in Samarkand"]

    b = article(feed, "b.txt", "Erdogan will visit Moscow on Friday.", title="Visit")
    report = refresh(app)
    assert (report.new, report.extracted, report.unchanged) == (1, 1, 1)
    data = timeline(client)
    assert data["version"] == 2 and len(data["events"]) == 2

    a.write_text(a.read_text().replace("Samarkand", "Tashkent"), encoding="utf-8")
    age(a, 30)
    report = refresh(app)
    assert (report.changed, report.extracted, report.unchanged) == (1, 1, 1)
    assert "The two leaders met in Tashkent" in headlines(timeline(client))

    before = {d["id"] for d in client.get("/api/documents").get_json()["documents"]}
    b.rename(feed / "renamed.txt")
    report = refresh(app)
    assert (report.renamed, report.extracted) == (1, 0)
    after = client.get("/api/documents").get_json()["documents"]
    assert {d["id"] for d in after} == before and any(d["path"] == "renamed.txt" for d in after)

    (feed / "renamed.txt").unlink()
    report = refresh(app)
    assert report.deleted == 0 and report.missing == 1  # one miss may be a file being replaced
    assert len(timeline(client)["events"]) == 2
    report = refresh(app)
    assert report.deleted == 1
    assert headlines(timeline(client)) == ["The two leaders met in Tashkent"]

    # touching a file without changing it re-extracts nothing
    age(a, 5)
    report = refresh(app)
    assert (report.touched, report.extracted, report.new_snapshot) == (1, 0, False)


def test_partial_and_settling_files_are_left_alone(make_app, feed):
    article(feed, ".hidden.txt", "They met on Monday.")
    (feed / "upload.txt.part").write_text("They met on Monday.")
    (feed / "draft.tmp").write_text("They met on Monday.")
    (feed / "notes.pdf").write_bytes(b"%PDF-1.4")
    fresh = article(feed, "fresh.txt", "They met on Monday.")
    app = make_app(settle_seconds=30)
    report = refresh(app)
    assert (report.scanned, report.settling) == (0, 1)
    assert [s["path"] for s in report.skipped] == ["notes.pdf"]
    age(fresh)
    report = refresh(app)
    assert (report.scanned, report.new, report.extracted) == (1, 1, 1)


@pytest.mark.parametrize("name,content,reason", [
    ("binary.txt", b"---\npublished: 2022-09-15\n---\n\xff\xfe\xfa", "invalid UTF-8"),
    ("empty.txt", b"", "empty"),
    ("nodate.txt", b"They met on Thursday.", "no publication date"),
    ("baddate.md", b"---\npublished: 2022-02-30\n---\nThey met on Thursday.", "malformed publication date"),
    ("broken.json", b'{"text": "They met", "published": ', "malformed JSON"),
    ("frontmatter.md", b"---\ntitle: [unclosed\n---\nThey met on Thursday.", "malformed front matter"),
    ("page.html", b"<html><body></body></html>", "no article text"),
])
def test_bad_files_are_skipped_with_reasons(make_app, feed, name, content, reason):
    article(feed, "good.txt", "The leaders met on Thursday.")
    (feed / name).write_bytes(content)
    app = make_app()
    report = refresh(app)
    assert report.extracted == 1
    client = app.test_client()
    assert len(timeline(client)["events"]) == 1
    skipped = client.get("/api/status").get_json()["skipped"]
    assert [s["path"] for s in skipped] == [name] and reason in skipped[0]["reason"]


def test_huge_file(make_app, feed):
    article(feed, "huge.txt", "They met on Thursday. " * 200)
    app = make_app(max_file_bytes=1000)
    report = refresh(app)
    assert report.extracted == 0 and "too large" in report.skipped[0]["reason"]


def test_a_good_file_gone_bad_keeps_what_was_stored(make_app, feed):
    a = article(feed, "a.txt", "The leaders met on Thursday.")
    app = make_app()
    refresh(app)
    a.write_bytes(b"\xc3\x28 broken")
    age(a, 30)
    report = refresh(app)
    assert report.skipped and "invalid UTF-8" in report.skipped[0]["reason"]
    client = app.test_client()
    assert len(timeline(client)["events"]) == 1
    assert client.get("/api/documents").get_json()["problems"][0]["path"] == "a.txt"


def test_restart_serves_at_once_and_reextracts_only_changes(make_app, feed):
    article(feed, "a.txt", "The leaders met on Thursday.")
    article(feed, "b.txt", "Talks resume on Friday.")
    first = make_app()
    refresh(first)
    version = timeline(first.test_client())["version"]
    first.extensions["timeline"].shutdown()
    article(feed, "c.txt", "A vote was held on Monday.")
    second = make_app()
    data = timeline(second.test_client())  # before any refresh in this process
    assert data["version"] == version and len(data["events"]) == 2
    report = refresh(second)
    assert (report.unchanged, report.new, report.extracted) == (2, 1, 1)
    assert len(timeline(second.test_client())["events"]) == 3


def test_an_upgraded_extractor_extracts_the_stored_files_again(make_app, feed, database):
    article(feed, "a.txt", "The leaders met on Thursday.")
    article(feed, "b.txt", "Talks resume on Friday.")
    first = make_app()
    refresh(first)
    before = timeline(first.test_client())
    first.extensions["timeline"].shutdown()
    store = open_store(database)
    with store.write() as w:  # as if an older version had written it
        w.put_meta("extractor", {"fingerprint": "older"})
        w.s.run("UPDATE documents SET content_hash = 'made by the older extractor'")
    store.close()
    second = make_app()
    report = refresh(second)
    assert (report.unchanged, report.extracted) == (0, 2)
    after = timeline(second.test_client())
    assert [e["id"] for e in after["events"]] == [e["id"] for e in before["events"]]  # same documents, same ids
    report = refresh(second)  # the store is up to date again
    assert (report.unchanged, report.extracted) == (2, 0)


def test_feeds_and_html_pages(make_app, feed):
    rss = feed / "news.rss"
    item = ("<item><title>{t}</title><link>http://example.org/{k}</link><guid>{k}</guid>"
            "<pubDate>Thu, 15 Sep 2022 08:00:00 GMT</pubDate><description>{d}</description></item>")
    rss.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                   + item.format(t="Talks", k="a", d="The leaders met on Thursday in Samarkand.")
                   + "</channel></rss>")
    (feed / "page.html").write_text(
        '<html><head><title>Summit</title><meta property="article:published_time" content="2022-09-14"></head>'
        "<body><article><h1>Summit</h1><p>The ministers gathered on Tuesday in Astana to prepare the summit.</p>"
        "<p>Officials said the agenda was agreed late on Tuesday after long talks.</p></article></body></html>")
    app = make_app()
    report = refresh(app)
    assert report.extracted == 2
    documents = {d["title"]: d for d in app.test_client().get("/api/documents").get_json()["documents"]}
    assert documents["Talks"]["url"] == "http://example.org/a" and documents["Talks"]["dct"] == "2022-09-15"
    assert documents["Summit"]["dct"] == "2022-09-14" and documents["Summit"]["dct_source"] == "html:htmldate"
    # the feed is updated in place with one more entry: only that entry is extracted
    rss.write_text(rss.read_text().replace("</channel>", item.format(
        t="Visit", k="b", d="Erdogan will visit on Friday.") + "</channel>"))
    age(rss, 30)
    report = refresh(app)
    assert (report.changed, report.extracted, report.kept) == (1, 1, 1)


def test_extract_endpoint(make_app):
    app = make_app(max_request_bytes=2000)
    client = app.test_client()
    response = client.post("/api/extract", json={"text": "Xi would meet Erdogan on Friday.", "dct": "2022-09-15", "title": "T"})
    assert response.status_code == 200
    payload = response.get_json()
    assert [(t["text"], t["value"]) for t in payload["timexes"]] == [("Friday", "2022-09-16")]
    assert payload["timeline"]["events"][0]["headline"] == "Xi to meet Erdogan"
    assert client.get("/api/documents").get_json()["documents"] == []  # nothing stored
    for body, status in [
        ({"text": "x"}, 400),
        ({"text": "", "dct": "2022-09-15"}, 400),
        ({"text": "They met.", "dct": "15/09/2022"}, 400),
        ({"text": "They met.", "dct": "2022-09-15", "title": 5}, 400),
    ]:
        response = client.post("/api/extract", json=body)
        assert response.status_code == status and response.get_json()["error"]["message"]
    assert client.post("/api/extract", data="not json", content_type="application/json").status_code == 400
    big = client.post("/api/extract", json={"text": "x" * 5000, "dct": "2022-09-15"})
    assert big.status_code == 413 and big.get_json()["error"]["status"] == 413


def test_errors_are_json_without_traces(make_app):
    client = make_app().test_client()
    response = client.get("/no/such/page")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
    assert client.get("/api/events/nope").status_code in (404, 503)
    assert b"Traceback" not in client.get("/api/timeline?limit=x").data


def test_readers_during_a_refresh_see_one_snapshot_or_the_next(make_app, feed):
    import threading

    for i in range(6):
        article(feed, f"a{i}.txt", f"Delegation {i} met the minister on Monday. It left on Tuesday.")
    app = make_app()
    refresh(app)
    state = app.extensions["timeline"]
    for i in range(6, 12):
        article(feed, f"a{i}.txt", f"Delegation {i} arrived on Wednesday.")
    seen: list[tuple[int, list[str]]] = []
    done = threading.Event()

    def read():
        client = app.test_client()
        while not done.is_set():
            data = client.get("/api/timeline?limit=1000").get_json()
            seen.append((data["version"], [e["id"] for e in data["events"]]))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for r in readers:
        r.start()
    refresh(app)
    time.sleep(0.2)
    done.set()
    for r in readers:
        r.join()
    versions = {v for v, _ in seen}
    assert versions <= {1, 2} and 2 in versions
    for version, ids in seen:
        stored = json.loads(state.pages.render(state.version_for(version), {"limit": "1000"}).body)
        assert ids == [e["id"] for e in stored["events"]]  # exactly one version's events, never a mix


def test_one_article_copied_into_five_files_is_one_story_with_five_sources(make_app, feed):
    """Syndicated copies (one text in five files) are one document with several sources: each event is served
    once, citing every copy, its id unique and answered by /api/events/<id>; a copy that goes away leaves
    its sources only."""
    text = "The committee voted on Monday. Its chair resigned on Tuesday, officials said. The council will review it."
    article(feed, "single.txt", text, title="Vote")
    app = make_app()
    refresh(app)
    client = app.test_client()
    one = timeline(client, "?limit=1000")
    alone = sorted(e["headline"] for e in one["events"] + one["vague"] + one["undated"])
    (feed / "single.txt").unlink()
    for i in range(5):
        article(feed, f"copy-{i}.txt", text, title="Vote")
    refresh(app)
    refresh(app)
    data = timeline(client, "?limit=1000")
    events = data["events"] + data["vague"] + data["undated"]
    assert sorted(e["headline"] for e in events) == alone  # the events of one copy, once each
    assert data["undated"] or data["vague"]  # copies of events without a date are one event too
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) and ids
    for event in events:
        assert len({s["document_id"] for s in event["sources"]}) == 5
        response = client.get(f"/api/events/{event['id']}")
        assert response.status_code == 200 and response.get_json()["id"] == event["id"]
    # one copy goes away: the events stay, citing the four copies left
    (feed / "copy-2.txt").unlink()
    refresh(app)
    refresh(app)
    after = timeline(client, "?limit=1000")
    events = after["events"] + after["vague"] + after["undated"]
    assert sorted(e["headline"] for e in events) == alone
    assert all(len({s["document_id"] for s in e["sources"]}) == 4 for e in events)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids))


def test_dated_explicit_keeps_only_dates_the_text_states(make_app, feed):
    """dated=explicit leaves out events whose date was inferred from their context (the store keeps the flag
    per row), in pages, counts and exports; anything else than all/explicit is a 400."""
    article(feed, "a.txt", "The Harbor Savings Bank cut 200 jobs on Monday. The bank said profits had fallen. "
                           "Its chief executive has resigned.", title="Cuts")
    app = make_app()
    refresh(app)
    client = app.test_client()
    everything = timeline(client, "?limit=1000")
    inferred = [e for e in everything["events"] if e["inferred"]]
    stated = [e for e in everything["events"] if not e["inferred"]]
    assert inferred and stated  # "said" and "has resigned" dated by the publication day; "cut" by Monday
    explicit = timeline(client, "?limit=1000&dated=explicit")
    assert [e["id"] for e in explicit["events"]] == [e["id"] for e in stated]
    assert explicit["total"] == len(stated)
    csv = client.get("/api/timeline?format=csv&dated=explicit").get_data(as_text=True)
    assert len(csv.strip().splitlines()) == 1 + len(stated) + len(explicit["vague"]) + len(explicit["undated"])
    first = timeline(client, "?limit=1&dated=explicit")
    if first["next_cursor"]:  # a cursor belongs to its filters
        assert client.get(f"/api/timeline?limit=1&cursor={first['next_cursor']}").status_code == 400
    bad = client.get("/api/timeline?dated=some")
    assert bad.status_code == 400 and "dated" in bad.get_json()["error"]["message"]


def test_entity_matches_any_name_the_article_uses(make_app, feed):
    """A participant's aliases (a short form the article uses) find its events in the store's entity index."""
    article(feed, "a.txt", "The Shanghai Cooperation Organization (SCO) met in Samarkand on Thursday. "
                           "The SCO admitted Iran on Friday.", title="Summit")
    app = make_app()
    refresh(app)
    client = app.test_client()
    long = timeline(client, "?entity=Shanghai%20Cooperation")
    short = timeline(client, "?entity=SCO")
    assert long["events"] and [e["id"] for e in short["events"]] == [e["id"] for e in long["events"]]
