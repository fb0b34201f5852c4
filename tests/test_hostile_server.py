"""The real server (`timeline serve` in a subprocess) against what a hostile feed or network does: a named pipe,
a character device and a socket in the feed; 150 idle and 150 slow connections (reconnecting when dropped) while
a plain client reads; varied queries against a small page cache; forged cursors and oversized requests; SIGTERM in
the middle of a refresh, Ctrl-C in the middle of the first one; a port another process holds. The timings that
matter (p99 with 300 hostile connections, RSS over 5,000 requests) are measured by benchmarks/bench_hostile.py;
here each property is checked with a bound far from what it was before (minutes, or never)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time

import pytest

from conftest import SEEDS
from feedkit import age, article
from hostilekit import ROOT, Attackers, Served, get
from serverkit import free_port, wait_for


CACHE_BYTES = 1024 * 1024
SETTINGS = dict(settle_seconds=0.5, refresh_seconds=120, connection_limit=100, request_seconds=3, channel_timeout=4,
                threads=4, page_cache_bytes=CACHE_BYTES, log_level="INFO")


def _nodes(feed) -> dict[str, str]:
    """A FIFO, a socket and (where this process may make one) a character device in the feed, each under a name
    the loaders read; what each is expected to be skipped as (or why it could not be made)."""
    made = {}
    os.mkfifo(feed / "pipe.txt")
    made["pipe.txt"] = "named pipe (FIFO)"
    os.mkfifo(feed / "sidecar-pipe.txt.meta.toml")  # an article whose sidecar is a pipe
    (feed / "sidecar-pipe.txt").write_text("The envoys met on Monday.")
    made["sidecar-pipe.txt"] = "sidecar sidecar-pipe.txt.meta.toml: not a regular file but a named pipe (FIFO)"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(feed / "socket.json"))
    listener.close()
    made["socket.json"] = "socket"
    try:  # /dev/null's numbers: reading it would be harmless, but a device is never opened at all
        os.mknod(feed / "device.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        made["device.txt"] = "character device"
    except (PermissionError, OSError) as exc:
        made["device.txt"] = f"skip: mknod is not permitted here ({exc.strerror})"
    return made


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-server")
    feed = tmp / "feed"
    feed.mkdir()
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
        age(feed / path.name)
    nodes = _nodes(feed)
    server = Served(tmp, feed_dir=str(feed), database=str(tmp / "store" / "timeline.db"), **SETTINGS).start()
    server.nodes = nodes
    server.feed = feed
    server.wait_status(lambda s: s["version"], timeout=120)
    yield server
    if server.proc.poll() is None:
        server.stop(signal.SIGKILL)


def test_pipes_devices_and_sockets_in_the_feed_are_skipped_and_the_articles_served(served):
    status = served.status()
    reasons = {item["path"]: item["reason"] for item in status["skipped"]}
    for name, expected in served.nodes.items():
        if expected.startswith("skip:"):
            continue
        assert expected in reasons.get(name, ""), (name, reasons)
    page = json.loads(get(served.url + "/api/timeline")[1])
    assert page["total"] > 0 and {d["id"] for d in page["documents"]} >= {"000_7d9800583c3c9883"}
    assert status["refresh"]["phase"] == "idle" and status["refresh"]["failure"] is None
    code, body, _ = get(served.url + "/healthz")
    assert code == 200 and json.loads(body)["status"] == "ok"
    if served.nodes["device.txt"].startswith("skip:"):
        pytest.skip(served.nodes["device.txt"][6:])


def test_idle_and_slow_connections_do_not_keep_a_new_client_out(served):
    """300 hostile connections against a limit of 100: every request of a plain client is answered (before, the
    client waited two minutes for 150 idle ones and for good behind 150 slow ones)."""
    with Attackers(served.port, idle=150, slow=150) as attackers:
        answers = [get(served.url + "/api/timeline?limit=5", timeout=10) for _ in range(30)]
        held = sum(1 for _, sock in attackers.sockets if sock is not None)
    assert held >= 250, held  # they were there
    assert all(a is not None and a[0] == 200 for a in answers), [a and a[0] for a in answers]
    connections = served.status()["connections"]
    assert connections["evicted"] > 0  # the limit was reached and the longest waiting went
    # with no more coming, the rest go too: slow ones after request_seconds, idle ones after channel_timeout
    with Attackers(served.port, idle=20, slow=20, reconnect=False):
        after = served.wait_status(lambda s: s["connections"]["dropped_slow"] >= 20
                                   and s["connections"]["dropped_idle"] >= 20, timeout=30)
    assert after["connections"]["open"] < 100


def test_varied_queries_keep_the_page_cache_within_its_bound(served):
    rng = random.Random(7)
    first = json.loads(get(served.url + "/api/timeline?limit=1000")[1])
    names = sorted({p["name"].split()[-1] for e in first["events"] for p in e["participants"]})
    rss_before = served.rss_mib()
    worst = 0
    for n in range(400):
        query = {"limit": rng.randint(1, 300)}
        if rng.random() < 0.5:
            query["from"] = f"20{rng.randint(0, 22):02d}"
        if rng.random() < 0.4:
            query["entity"] = rng.choice(names)
        if rng.random() < 0.2:
            query["q"] = rng.choice(["met", "said", "talks", "summit"])
        if rng.random() < 0.1:
            query["dated"] = "explicit"
        answer = get(served.url + "/api/timeline?" + "&".join(f"{k}={v}" for k, v in query.items()))
        assert answer and answer[0] == 200, (query, answer and answer[1][:200])
        if n % 50 == 49:
            cache = served.status()["page_cache"]
            worst = max(worst, cache["bytes"])
            assert cache["bytes"] <= cache["limit_bytes"] == CACHE_BYTES, cache
    assert worst > CACHE_BYTES // 2  # the cache was filled, and held to its bound
    assert served.rss_mib() - rss_before < CACHE_BYTES / 2**20 + 100


def test_forged_cursors_and_oversized_requests_get_json_errors(served):
    cursor = json.loads(get(served.url + "/api/timeline?limit=2")[1])["next_cursor"]
    payload, mac = cursor.split(".")
    for forged in (payload + "." + mac[::-1], payload[:-4] + "AAAA." + mac, "-1", "9" * 401):
        code, body, _ = get(served.url + f"/api/timeline?limit=2&cursor={forged}")
        assert code == 400 and "'cursor'" in json.loads(body)["error"]["message"], forged
    # a body announced over max_request_bytes is refused from its headers, before a byte of it is read
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 2097152\r\n\r\n{")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"application/json" in head, head
    assert json.loads(body)["error"]["status"] == 413
    code, body, _ = get(served.url + "/api/timeline", headers={"X-Padding": "x" * 100_000})
    assert code == 431 and json.loads(body)["error"]["status"] == 431


def test_the_nginx_configuration_of_the_readme_works_in_front_of_it(served, tmp_path):
    """deploy/nginx-timeline.conf, as shipped but for its ports and paths, run by Debian's nginx on loopback."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        pytest.skip("nginx is not installed (tests/setup.sh installs Debian's nginx)")
    port = free_port()
    site = (ROOT / "deploy" / "nginx-timeline.conf").read_text()
    site = (site.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{served.port};")
            .replace("listen 80;", f"listen 127.0.0.1:{port};")
            .replace("/var/cache/nginx/timeline", str(tmp_path / "cache")))
    (tmp_path / "site.conf").write_text(site)
    workers_as = "user root;\n" if os.geteuid() == 0 else ""  # root's nginx would run its workers as nobody
    (tmp_path / "nginx.conf").write_text(
        f"{workers_as}daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        f"include {tmp_path}/site.conf; }}\n")
    checked = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proxy = subprocess.Popen([nginx, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        first = wait_for(lambda: get(url + "/api/timeline?limit=3"), timeout=15)
        assert first[0] == 200 and json.loads(first[1])["events"]
        time.sleep(1.2)  # past the second nginx keeps a page: it asks the service again, with the page's ETag
        again = get(url + "/api/timeline?limit=3")
        assert again[0] == 200 and again[1] == first[1]
        assert json.loads(get(url + "/api/status")[1])["version"]
        code, body, _ = get(url + "/api/extract", data=b'{"text": "They met on Monday.", "dct": "2022-09-15"}',
                            headers={"Content-Type": "application/json"})
        assert code == 200 and json.loads(body)["timexes"]
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def test_sigterm_in_the_middle_of_a_refresh_stops_the_server_within_seconds(served):
    """Last in this module: it stops the server."""
    sentences = " ".join(f"Delegation {i} arrived in Samarkand on Wednesday and met the mayor on Friday."
                         for i in range(1500))
    article(served.feed, "long.txt", sentences)
    served.wait_status(lambda s: s["refresh"]["file"] == "long.txt", timeout=60)
    code, seconds = served.stop(signal.SIGTERM, timeout=20)
    log = served.log.read_text()
    assert code == 0, log[-2000:]
    assert "SIGTERM: stopping" in log and "Traceback" not in log


def test_ctrl_c_during_the_first_refresh_stops_the_server_within_seconds(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    for i in range(3):
        article(feed, f"a{i}.txt", "The ministers met on Tuesday in Astana and will meet again on Friday. " * 200)
        age(feed / f"a{i}.txt")
    os.mkfifo(feed / "pipe.txt")
    server = Served(tmp_path, feed_dir=str(feed), database=str(tmp_path / "store.db"), **SETTINGS).start()
    status = server.wait_status(lambda s: s["refresh"]["phase"] in ("loading", "extracting"), timeout=60)
    assert status["version"] is None
    code, body, _ = get(server.url + "/healthz")
    assert code == 200 and json.loads(body)["status"] == "starting"
    assert get(server.url + "/readyz")[0] == 503
    code, seconds = server.stop(signal.SIGINT, timeout=20)
    assert code == 0, server.log.read_text()[-2000:]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()  # the port is free again


def test_a_taken_port_is_reported_at_once_and_the_store_left_alone(tmp_path):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    database = tmp_path / "store" / "timeline.db"
    try:
        for existing in (False, True):
            if existing:
                from service.store import open_store

                open_store(str(database)).close()
            before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in database.parent.glob("*")} \
                if database.parent.exists() else {}
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "timeline_cli.main", "serve", "--port", str(port),
                                   "--database", str(database)], cwd=ROOT, capture_output=True, text=True, timeout=60)
            took = time.monotonic() - started
            assert done.returncode == 1
            assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr
            assert "nothing was read or written" in done.stderr and "serving on" not in done.stderr
            after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in database.parent.glob("*")} \
                if database.parent.exists() else {}
            assert after == before
            assert took < 15  # it ran a whole refresh first before (24 s for 374 files); ~1 s now
    finally:
        holder.close()
