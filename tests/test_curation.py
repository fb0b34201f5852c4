"""The editor's curation file (service/curation.py): per event id a headline, hidden, pinned, applied to the API's
pages, totals, exports, one event and the widget's compact pages, kept across refreshes while the id stands, and
ids that no longer exist (or a file that does not parse) reported in /api/status. On both stores."""

from __future__ import annotations

import csv
import io
import time

import pytest

from feedkit import article, refresh, timeline
from service.curation import Curation, parse


@pytest.fixture
def app(make_app, feed):
    article(feed, "a.txt", "The council approved the budget on Monday. The mayor met the unions on Tuesday. "
                           "Officials said on Thursday that the plan would cost more.", title="Council news")
    article(feed, "b.txt", "The union called a strike on Wednesday. The strike ended on Friday.", title="Strike news")
    app = make_app()
    refresh(app)
    return app


def write(feed, text: str) -> None:
    (feed / "curation.toml").write_text(text, encoding="utf-8")
    time.sleep(1.05)  # the file is looked at again at most once a second


def test_headline_hidden_and_pinned_reach_every_read(app, feed):
    client = app.test_client()
    before = timeline(client, "?limit=1000")
    events = before["events"]
    assert len(events) >= 4
    renamed, hidden, pinned = events[0], events[1], events[2]
    etag = client.get("/api/timeline").headers["ETag"]
    write(feed, f'''
[event."{renamed['id']}"]
headline = "The council passed the city budget"

[event."{hidden['id']}"]
hidden = true

[event."{pinned['id']}"]
pinned = true
''')
    after = timeline(client, "?limit=1000")
    ids = [e["id"] for e in after["events"]]
    assert hidden["id"] not in ids and after["total"] == before["total"] - 1
    first = after["events"][0]
    assert first["headline"] == "The council passed the city budget" and first["curated"]["headline"] == renamed["headline"]
    assert next(e for e in after["events"] if e["id"] == pinned["id"])["pinned"] is True
    assert client.get("/api/timeline").headers["ETag"] != etag  # a cache holding the old answer asks again
    # small pages walk the same curated answer
    walked, cursor = [], None
    while True:
        page = timeline(client, "?limit=1" + (f"&cursor={cursor}" if cursor else ""))
        walked += [e["id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert walked == ids
    # one event, the exports and the widget's compact pages
    assert client.get(f"/api/events/{hidden['id']}").status_code == 404
    assert client.get(f"/api/events/{renamed['id']}").get_json()["headline"] == "The council passed the city budget"
    rows = list(csv.DictReader(io.StringIO(client.get("/api/timeline?format=csv").get_data(as_text=True))))
    assert hidden["headline"] not in [r.get("headline") for r in rows]
    assert "The council passed the city budget" in [r.get("headline") for r in rows]
    tljs = client.get("/api/timeline?format=timelinejs").get_data(as_text=True)
    assert "The council passed the city budget" in tljs
    compact = client.get("/api/timeline/compact?limit=1000").get_json()
    assert hidden["id"] not in [e["id"] for e in compact["events"]]
    assert next(e for e in compact["events"] if e["id"] == pinned["id"]).get("pinned") is True
    assert client.get("/api/timeline/axis").get_json()["total"] in (after["total"], after["total"] + 1)
    # kept across a refresh while the ids stand; reported when one no longer does
    article(feed, "c.txt", "The bridge reopened on Saturday.", title="Bridge news")
    refresh(app)
    assert timeline(client, "?limit=1000")["events"][0]["headline"] == "The council passed the city budget"
    status = client.get("/api/status").get_json()["curation"]
    assert status["events"] == 3 and status["hidden"] == 1 and status["pinned"] == 1 and status["missing"] == []
    (feed / "b.txt").unlink()
    refresh(app)
    refresh(app)  # a file missing on two scans is gone
    gone = [e["id"] for e in events if e["id"] not in {x["id"] for x in timeline(client, "?limit=1000")["events"]}]
    status = client.get("/api/status").get_json()["curation"]
    assert sorted(set(status["missing"])) == sorted({hidden["id"], renamed["id"], pinned["id"]} & set(gone))


def test_a_file_that_does_not_parse_is_reported_and_the_last_good_one_stays(app, feed):
    client = app.test_client()
    first = timeline(client)["events"][0]
    write(feed, f'[event."{first["id"]}"]\nheadline = "Edited"\n')
    assert timeline(client)["events"][0]["headline"] == "Edited"
    write(feed, '[event."x"\nheadline = ')
    assert timeline(client)["events"][0]["headline"] == "Edited"
    problems = client.get("/api/status").get_json()["curation"]["problems"]
    assert problems and "not usable" in problems[0]
    report = client.get("/api/status").get_json()
    assert not any(s["path"] == "curation.toml" for s in report["skipped"])  # never read as an article


@pytest.mark.parametrize("text, events, problems", [
    ('[event."a"]\nheadline = "New"\n', {"a": {"headline": "New"}}, 0),
    ('[event."a"]\nhidden = "yes"\n', {}, 1),
    ('[event."a"]\ncolour = "red"\npinned = true\n', {"a": {"pinned": True}}, 1),
    ('[event."a"]\nheadline = "   "\n', {}, 1),
    ("", {}, 0),
])
def test_each_entry_is_checked(text, events, problems):
    rules = parse(text)
    assert rules.events == events and len(rules.problems) == problems


def test_no_file_no_report(tmp_path):
    assert Curation(tmp_path).report(lambda i: True) is None


def test_a_curation_file_that_is_a_pipe_never_blocks_a_reader(tmp_path):
    """A named pipe under the curation file's name would block whoever opened it (every page reads the
    curation): it is refused from its type, reported without a path, and the timeline is served as it is."""
    import os

    from service.curation import FILE_NAME

    os.mkfifo(tmp_path / FILE_NAME)
    curation = Curation(tmp_path)
    rules = curation.rules()  # would hang here if the pipe were opened
    assert not rules.events
    report = curation.report(lambda i: True)
    assert "not a regular file but a named pipe" in report["problems"][0] and str(tmp_path) not in str(report)
