"""What the hostile tests and benchmarks/bench_hostile.py share: `timeline serve` in a subprocess over a config file
of its own, clients that hold connections open doing nothing or sending a request a byte at a time (and connect
again when the server drops them, as an attacker would), a plain client that times each request, and the resident
memory of a process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from serverkit import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]


class Served:
    """`timeline serve` with ``settings`` (the [service] section) in a subprocess, logging to ``log``."""

    def __init__(self, directory: Path, **settings):
        self.directory = directory
        self.port = settings.setdefault("port", free_port())
        settings.setdefault("host", "127.0.0.1")
        self.config = directory / "config.toml"
        lines = ["[service]"] + [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
        self.config.write_text("\n".join(lines) + "\n")
        self.log = directory / "serve.log"
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Served":
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "timeline_cli.main", "--config", str(self.config), "serve"],
                                     cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        return self

    def status(self) -> dict | None:
        answer = get(self.url + "/api/status", timeout=5)
        return json.loads(answer[1]) if answer and answer[0] == 200 else None

    def wait_status(self, predicate, timeout: float = 60.0) -> dict:
        try:
            return wait_for(lambda: (s := self.status()) is not None and predicate(s) and s, timeout=timeout)
        except AssertionError:
            raise AssertionError(f"the server never got there; its log:\n{self.log.read_text()[-4000:]}") from None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> tuple[int, float]:
        """Send ``sig`` and wait for the process to end: (exit code, seconds it took)."""
        started = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"still running {timeout} s after {signal.Signals(sig).name}; its log:\n"
                                 f"{self.log.read_text()[-4000:]}") from None
        return code, time.monotonic() - started

    def rss_mib(self) -> float:
        return rss_mib(self.proc.pid)


def get(url: str, timeout: float = 10.0, data: bytes | None = None, headers: dict | None = None):
    """(status, body, seconds) of one request on a new connection, or None when it got no answer in ``timeout``."""
    started = time.monotonic()
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - started
    except (OSError, ValueError):
        return None


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(pid)


class Attackers:
    """``idle`` connections that send nothing and ``slow`` ones that send a request's headers one line every
    ``trickle`` seconds, never finishing it; a connection the server closes is opened again (while ``reconnect``).
    Use as a context manager: they are all open when it is entered and closed when it is left."""

    def __init__(self, port: int, idle: int = 150, slow: int = 150, trickle: float = 0.5, reconnect: bool = True):
        self.port, self.idle, self.slow, self.trickle, self.reconnect = port, idle, slow, trickle, reconnect
        self.sockets: list[tuple[str, socket.socket | None]] = []
        self.reconnects = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _open(self, kind: str) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=2)
            sock.setblocking(False)
            if kind == "slow":
                sock.send(b"GET /api/timeline HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            return sock
        except OSError:
            return None

    def __enter__(self) -> "Attackers":
        self.sockets = [("idle", self._open("idle")) for _ in range(self.idle)]
        self.sockets += [("slow", self._open("slow")) for _ in range(self.slow)]
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _closed(self, sock: socket.socket | None) -> bool:
        if sock is None:
            return True
        try:
            return sock.recv(1, socket.MSG_PEEK) == b""  # the server closed it
        except BlockingIOError:
            return False
        except OSError:
            return True

    def _run(self) -> None:
        n = 0
        while not self._stop.wait(self.trickle):
            n += 1
            for i, (kind, sock) in enumerate(self.sockets):
                if self._stop.is_set():
                    return
                if self._closed(sock):
                    if sock is not None:
                        sock.close()
                    if self.reconnect:
                        self.sockets[i] = (kind, self._open(kind))
                        self.reconnects += 1
                    continue
                if kind == "slow":
                    try:
                        sock.send(f"X-Trickle-{n}: x\r\n".encode())
                    except OSError:
                        pass

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for _, sock in self.sockets:
            if sock is not None:
                sock.close()
