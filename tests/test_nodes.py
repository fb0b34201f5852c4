"""Exactly one refresh across nodes: two `timeline serve` processes on two ports share one PostgreSQL
database; one schedules and runs refreshes (advisory locks in that database), both serve. SIGKILL the
refreshing one in the middle of a refresh: the other takes over within one refresh interval and finishes
the work, with nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from feedkit import age, article
from serverkit import free_ports, get_json, wait_for

INTERVAL = 2
STORY = ("Delegation {i} arrived in Samarkand on Wednesday for the summit. Its ministers met their hosts on "
         "Thursday and signed {i} agreements. They will fly home on Saturday, officials said on Thursday.")


@pytest.fixture
def shared(postgres, tmp_path):
    if isinstance(postgres, str):
        pytest.skip(postgres)
    return postgres.new_database()


def test_two_nodes_one_refresh_and_a_takeover_when_the_refreshing_node_dies(shared, tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    for i in range(3):
        article(feed, f"first-{i}.txt", STORY.format(i=i))
        age(feed / f"first-{i}.txt")
    env = dict(os.environ, TIMELINE_FEED_DIR=str(feed), TIMELINE_DATABASE=shared, TIMELINE_SETTLE_SECONDS="0",
               TIMELINE_REFRESH_SECONDS=str(INTERVAL), TIMELINE_WATCH_FEED="false", TIMELINE_LOG_LEVEL="INFO")
    ports = free_ports(2)
    logs = [tmp_path / f"node-{port}.log" for port in ports]
    nodes = [subprocess.Popen([sys.executable, "-m", "timeline_cli.main", "serve", "--port", str(port)], env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT) for port, log in zip(ports, logs)]

    def status(port):
        return get_json(f"http://127.0.0.1:{port}/api/status")

    try:
        try:
            wait_for(lambda: all((status(p) or {}).get("version") for p in ports), timeout=90)
        except AssertionError:
            raise AssertionError("a node did not serve:\n" + "\n".join(log.read_text()[-3000:] for log in logs)) from None
        owners = [p for p in ports if status(p)["schedules_refreshes"]]
        assert len(owners) == 1, [status(p) for p in ports]
        owner = owners[0]
        survivor = next(p for p in ports if p != owner)
        owner_log = logs[ports.index(owner)]
        assert status(survivor)["store"] == "postgresql"
        text = "".join(log.read_text() for log in logs)
        assert text.count("refreshing every") == 1, text

        staging = tmp_path / "staging"  # 150 articles land at once, so one refresh has plenty to do
        staging.mkdir()
        for i in range(150):
            article(staging, f"more-{i:03}.txt", STORY.format(i=i + 3))
            age(staging / f"more-{i:03}.txt")
        staging.rename(feed / "more")
        wait_for(lambda: "refresh: extracting" in owner_log.read_text(), timeout=60, step=0.05)
        victim = nodes[ports.index(owner)]
        victim.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        victim.wait(timeout=20)
        assert "timeline version 2" not in owner_log.read_text(), "the refresh finished before the kill"

        wait_for(lambda: (status(survivor) or {}).get("schedules_refreshes"), timeout=INTERVAL + 10, step=0.1)
        took_over = time.monotonic() - killed
        assert took_over < INTERVAL + 3, took_over  # within one interval (and the time to ask)
        done = wait_for(lambda: (s := status(survivor)) and s["documents"] == 153 and s, timeout=180)
        served = get_json(f"http://127.0.0.1:{survivor}/api/timeline?limit=1000")
        assert served["version"] == done["version"]
        assert {s["document_id"] for e in served["events"] for s in e["sources"]} >= {
            d["id"] for d in get_json(f"http://127.0.0.1:{survivor}/api/documents")["documents"][:3]}
    finally:
        for node in nodes:
            if node.poll() is None:
                node.send_signal(signal.SIGTERM)
        for node in nodes:
            try:
                node.wait(timeout=30)
            except subprocess.TimeoutExpired:
                node.kill()
