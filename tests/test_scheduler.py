"""Exactly one refresh schedule per database, however many processes serve it; refreshes never overlap;
processes that open a new database together all start."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.app import create_app
from service.locks import refresh_lock
from timeline_cli.main import main

from conftest import BACKENDS, new_database
from serverkit import free_ports, get_json, open_stores_together, wait_for


def write_article(feed: Path, name: str, text: str) -> None:
    path = feed / name
    path.write_text(f"---\npublished: 2022-09-15\n---\n{text}", encoding="utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))


@pytest.fixture
def setup(tmp_path, database):
    """A feed of one article and a new store (SQLite: file locks; PostgreSQL: advisory locks)."""
    feed = tmp_path / "feed"
    feed.mkdir()
    write_article(feed, "a.txt", "The leaders met on Thursday.")
    return {"database": database, "feed_dir": str(feed), "settle_seconds": 0, "refresh_seconds": 1}


def test_two_apps_one_schedule_and_takeover(setup):
    first = create_app(setup, schedule=True)
    second = create_app(setup, schedule=True)
    a, b = first.extensions["timeline"], second.extensions["timeline"]
    try:
        assert (a.scheduler.owner, b.scheduler.owner) == (True, False)
        wait_for(lambda: a.version() is not None)  # the owner's first refresh ran
        write_article(Path(setup["feed_dir"]), "b.txt", "Talks resume on Friday.")
        wait_for(lambda: a.version() is not None and a.version().events == 2)
        wait_for(lambda: b.version() is not None and b.version().events == 2)  # the other process sees it too
        a.shutdown()
        wait_for(lambda: b.scheduler.owner, timeout=10)  # the schedule moves to the survivor
    finally:
        a.shutdown()
        b.shutdown()


def test_refresh_waits_for_a_running_refresh(setup, capsys):
    lock = refresh_lock(setup["database"])
    assert lock.acquire()
    env = {f"TIMELINE_{k.upper()}": str(v) for k, v in setup.items()}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        assert main(["refresh", "--wait", "0.3"]) == 1
        assert "another refresh is still running" in capsys.readouterr().err
        lock.release()
        assert main(["refresh"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["extracted"] == 1 and report["new_snapshot"]
    finally:
        lock.release()
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_two_server_processes_share_one_schedule(setup, tmp_path):
    env = dict(os.environ, **{f"TIMELINE_{k.upper()}": str(v) for k, v in setup.items()}, TIMELINE_LOG_LEVEL="WARNING")
    ports = free_ports(2)
    logs = [tmp_path / f"serve-{port}.log" for port in ports]
    servers = [
        subprocess.Popen([sys.executable, "-m", "timeline_cli.main", "serve", "--port", str(port)], env=env,
                         stdout=log.open("w"), stderr=subprocess.STDOUT)
        for port, log in zip(ports, logs)
    ]
    try:
        try:
            statuses = [wait_for(lambda p=p: get_json(f"http://127.0.0.1:{p}/api/status"), timeout=60) for p in ports]
        except AssertionError:
            raise AssertionError("a server did not answer:\n" + "\n".join(log.read_text() for log in logs)) from None
        assert sorted(s["schedules_refreshes"] for s in statuses) == [False, True]
        wait_for(lambda: all((get_json(f"http://127.0.0.1:{p}/api/status") or {}).get("version") for p in ports), timeout=60)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def test_flask_reloader_and_a_second_server_still_one_schedule(setup, tmp_path):
    """`flask run --reload` (a watcher process and a serving child, both may build the app) next to a
    `timeline serve` on the same database: one process logs that it schedules, the others that they don't."""
    env = dict(os.environ, **{f"TIMELINE_{k.upper()}": str(v) for k, v in setup.items()}, TIMELINE_LOG_LEVEL="INFO",
               FLASK_APP="service.app:create_app()")
    logs = [tmp_path / "flask.log", tmp_path / "serve.log"]
    flask_port, serve_port = free_ports(2)
    commands = [
        [sys.executable, "-m", "flask", "run", "--reload", "--port", str(flask_port)],
        [sys.executable, "-m", "timeline_cli.main", "serve", "--port", str(serve_port)],
    ]
    procs = []
    try:
        for command, log in zip(commands, logs):
            procs.append(subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT))
            wait_for(lambda: get_json(f"http://127.0.0.1:{flask_port if log is logs[0] else serve_port}/healthz"), timeout=60)  # noqa: B023 - called within this iteration
        wait_for(lambda: "another process schedules" in "".join(p.read_text() for p in logs), timeout=30)
        time.sleep(1.5)  # a second look after a refresh interval: still one owner
        text = "".join(p.read_text() for p in logs)
        assert text.count("refreshing every") == 1, text
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.mark.parametrize("kind", BACKENDS)
def test_processes_opening_a_new_database_together_all_start(tmp_path, kind, request):
    """SQLite refuses a second process's switch of a new file to WAL at once ("database is locked", no busy
    wait), and PostgreSQL a second CREATE TABLE of the same new table: servers started together on a new
    store must all come up."""
    spawn = multiprocessing.get_context("spawn")
    paths = [new_database(kind, tmp_path / f"attempt{attempt}", request) for attempt in range(20 if kind == "sqlite" else 3)]
    barrier = spawn.Barrier(6)
    procs = [spawn.Process(target=open_stores_together, args=(paths, barrier)) for _ in range(6)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0] * 6
