"""Files landing in the feed are refreshed within seconds through the directory watcher, not at the next
scheduled scan; the watcher ignores what cannot change the timeline and coalesces bursts."""

from __future__ import annotations

import threading
import time

from feedkit import age, article
from serverkit import wait_for
from service.app import create_app
from service.watcher import FeedWatcher


def land(feed, name: str, text: str) -> None:
    """Write an article the careful way: to a temporary name, then renamed into place."""
    tmp = feed / f"{name}.tmp"
    tmp.write_text(f"---\npublished: 2022-09-15\n---\n{text}", encoding="utf-8")
    tmp.rename(feed / name)


def test_landing_files_are_served_in_seconds_with_an_hourly_schedule(feed, database):
    article(feed, "a.txt", "The leaders met on Thursday.")
    age(feed / "a.txt")
    app = create_app({"database": database, "feed_dir": str(feed), "settle_seconds": 0.3,
                      "refresh_seconds": 3600}, schedule=True)
    state = app.extensions["timeline"]
    try:
        wait_for(lambda: state.version() is not None and state.version().events == 1, timeout=60)
        assert state.scheduler.watcher.watching
        started = time.monotonic()
        land(feed, "b.txt", "Talks resume on Friday.")
        wait_for(lambda: state.version().events == 2, timeout=20)
        assert time.monotonic() - started < 15
        # a burst, and one more file landing while the burst's refresh runs: all are served
        for i in range(40):
            land(feed, f"burst-{i}.txt", f"Delegation {i} arrived in Samarkand on Wednesday.")
        wait_for(lambda: state.refreshing(), timeout=20, step=0.01)
        land(feed, "late.txt", "The envoys flew home on Saturday.")
        wait_for(lambda: any("flew" in e.get("headline", "") for e in _events(state)), timeout=30)
        assert len(state.store.document_list()) == 43
    finally:
        state.shutdown()


def _events(state) -> list[dict]:
    import json

    return json.loads(state.pages.render(state.version(), {}).body)["events"]


def test_bursts_wake_once_and_store_files_do_not_wake(tmp_path):
    wakes: list[float] = []
    woke = threading.Event()

    def wake():
        wakes.append(time.monotonic())
        woke.set()

    watcher = FeedWatcher(tmp_path, delay=0.4)
    assert watcher.start(wake)
    try:
        (tmp_path / "timeline.db").write_bytes(b"x")  # the store's own files, a partial download: no wake
        (tmp_path / "timeline.db-wal").write_bytes(b"x")
        (tmp_path / "story.txt.part").write_text("partial")
        (tmp_path / ".hidden.txt").write_text("hidden")
        time.sleep(1.0)
        assert wakes == []
        started = time.monotonic()
        for i in range(10):
            (tmp_path / f"story-{i}.txt").write_text("They met on Monday.")
            time.sleep(0.05)
        assert woke.wait(5)
        time.sleep(1.0)
        assert len(wakes) == 1  # one wake for the burst, after its last file settled
        assert wakes[0] - started >= 0.4 + 9 * 0.05 - 0.05
    finally:
        watcher.stop()


def test_a_watcher_on_a_missing_directory_does_not_start(tmp_path):
    assert not FeedWatcher(tmp_path / "missing", delay=0.1).start(lambda: None)
