"""Helpers for tests that run the service as real processes: free ports, polling, reading JSON over HTTP."""

from __future__ import annotations

import json
import socket
import time
import urllib.request


def wait_for(predicate, timeout: float = 30.0, step: float = 0.1):
    """Poll ``predicate`` until it returns something truthy (returned), or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(n: int) -> list[int]:
    """``n`` distinct free ports (all held at once while they are picked, so no two are the same)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def get_json(url: str):
    """The JSON at ``url``, or None when the server does not answer (yet) or answers with an error."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def open_stores_together(paths: list[str], barrier) -> None:
    """In a child process: open the service's store at each of ``paths`` in turn, each at once with every
    sibling (all wait at ``barrier`` first): one race of new stores per path, from processes started once."""
    from service.store import open_store

    for path in paths:
        barrier.wait(timeout=60)  # a sibling that failed breaks the barrier: every child ends, none hangs
        open_store(path).close()
