"""What a refresh does about time: files still being written get a follow-up refresh as soon as they have settled
(not at the next interval), and `timeline refresh` waits for them; a file over its budget (file_seconds) is given up
and recorded until it changes; /api/status says what the refresh is doing now and /healthz whether there is a
timeline to serve (a real app over a real SQLite file and feed directory)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from feedkit import age, article, refresh
from serverkit import wait_for
from service import scanner
from service.app import create_app
from timeline_cli.main import main


@pytest.fixture
def config(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    return {"database": str(tmp_path / "store" / "timeline.db"), "feed_dir": str(feed), "watch_feed": False}


def test_a_file_still_being_written_at_start_is_served_once_it_has_settled(config):
    """The article lands just before the service starts: the first refresh finds it settling, and a follow-up
    comes when it has settled, not at the next interval (an hour here; 60 s by default)."""
    article(Path(config["feed_dir"]), "early.txt", "The ministers met on Tuesday in Astana.")
    app = create_app({**config, "settle_seconds": 1.5, "refresh_seconds": 3600}, schedule=True)
    state = app.extensions["timeline"]
    try:
        started = time.monotonic()
        wait_for(lambda: state.version() is not None and state.version().events > 0, timeout=60)
        assert time.monotonic() - started < 60
        assert state.store.meta("last_refresh")["extracted"] == 1
    finally:
        state.shutdown()


def test_timeline_refresh_waits_for_files_still_being_written(config, monkeypatch, capsys):
    feed = Path(config["feed_dir"])
    article(feed, "old.txt", "The leaders met on Thursday.")
    age(feed / "old.txt")
    article(feed, "new.txt", "Talks resume on Friday.")  # just copied in
    for key, value in {**config, "settle_seconds": 1}.items():
        monkeypatch.setenv(f"TIMELINE_{key.upper()}", str(value))
    assert main(["refresh", "--no-wait-settling"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["waiting"] == ["new.txt"] and "left for a later refresh" in captured.err
    article(feed, "newer.txt", "The summit ends on Saturday.")
    assert main(["refresh"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["extracted"] == 2 and report["settling"] == 0 and report["refreshes"] >= 2


def test_a_file_over_its_budget_is_given_up_and_recorded_until_it_changes(config, monkeypatch):
    feed = Path(config["feed_dir"])
    article(feed, "a.txt", "The leaders met on Thursday.")
    age(feed / "a.txt")
    read_file = scanner.read_file

    def slow_disk(*args, **kwargs):  # a read that takes a second, as on a hung network mount
        time.sleep(1)
        return read_file(*args, **kwargs)

    app = create_app({**config, "settle_seconds": 0, "file_seconds": 0.1}, schedule=False)
    client = app.test_client()
    try:
        with monkeypatch.context() as patch:
            patch.setattr(scanner, "read_file", slow_disk)
            report = refresh(app)
        assert report.extracted == 0
        (skipped,) = client.get("/api/status").get_json()["skipped"]
        assert skipped["path"] == "a.txt" and "took longer than its budget" in skipped["reason"]
        assert app.extensions["timeline"].refresher.budget.given_up == 1
        assert refresh(app).unchanged == 1  # not read again while it has not changed
    finally:
        app.extensions["timeline"].shutdown()
    app = create_app({**config, "settle_seconds": 0}, schedule=False)  # a sane budget, and the file changes
    try:
        age(feed / "a.txt", 30)
        report = refresh(app)
        assert report.changed == 1 and report.extracted == 1
        assert app.test_client().get("/api/status").get_json()["skipped"] == []
    finally:
        app.extensions["timeline"].shutdown()


def test_status_says_what_the_refresh_is_doing_and_health_when_it_is_stuck(config, caplog):
    app = create_app({**config, "settle_seconds": 0, "file_seconds": 0.2}, schedule=False)
    client = app.test_client()
    state = app.extensions["timeline"]
    try:
        progress = state.progress  # the refresh's own record, driven here as the refresh drives it
        progress.begin()
        progress.enter("extracting", 3)
        progress.on("slow.txt", 1)
        now = client.get("/api/status").get_json()["refresh"]
        assert (now["phase"], now["file"], now["done"], now["total"]) == ("extracting", "slow.txt", 1, 3)
        assert now["file_since"] and not now["over_budget"]
        assert client.get("/healthz").get_json()["status"] == "starting"
        assert client.get("/readyz").status_code == 503
        time.sleep(0.3)
        assert client.get("/api/status").get_json()["refresh"]["over_budget"]
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["status"] == "stuck"
        assert "slow.txt" in health.get_json()["reason"]
        wait_for(lambda: "refresh over budget: on slow.txt" in caplog.text, timeout=5)  # the watchdog said so
        progress.end(RuntimeError("the disk went away"))
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["status"] == "failed"
        assert "the disk went away" in health.get_json()["reason"]
        assert client.get("/api/status").get_json()["refresh"]["overran"][0]["path"] == "slow.txt"
    finally:
        state.shutdown()
