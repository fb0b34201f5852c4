"""The HTTP server of `timeline serve`: waitress on sockets bound before anything else, with a connection policy
that keeps idle and slow clients from crowding out the others.

waitress alone does not: it stops accepting new connections at ``connection_limit`` (100 by default) and closes
an idle connection only after ``channel_timeout`` (120 s), looked at every ``cleanup_interval`` (30 s); a
connection that sends a byte of its request now and then ("slowloris") is active, so it is never closed. 150
idle connections made a new client wait two minutes, 150 slow ones for good. Raising the limit alone only raises
the number of connections an attacker needs. So, as subclasses of waitress's server and channel (no patching):

- a request must arrive whole within ``request_seconds`` of its first byte; a slower one is dropped, however
  busily it trickles;
- a connection idle for ``channel_timeout`` is closed, looked at every second, not every 30;
- at ``connection_limit`` a new connection is still accepted, and the connection that has waited longest without
  a request being served (idle, or with a request still arriving) is closed for it; only when every connection is
  being served does the server stop accepting until one is done;
- the errors waitress answers itself (a body over ``max_request_bytes``, headers over
  ``max_request_header_bytes``, a malformed request) are JSON, like the app's.

A reverse proxy in front (README, "Deployment") adds what a Python server should not do itself: TLS, buffering of
slow clients in C, limits per client address, caching of the timeline's pages by their ETag.
"""

from __future__ import annotations

import json
import logging
import resource
import socket
import threading
import time
from dataclasses import dataclass, field

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher

log = logging.getLogger("timeline.server")
CHECK_SECONDS = 1  # how often idle and slow connections are looked for
BACKLOG = 1024
SPARE_DESCRIPTORS = 256  # files the process needs besides its connections (the store, the model, logs)


class PortTaken(OSError):
    """The address cannot be listened on (another process holds it, or it is not ours to bind)."""


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address ``host`` names (one for 127.0.0.1), bound before the app is built, so that
    a port another process holds is reported at once and nothing else has been done. Raises PortTaken."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise PortTaken(exc.errno, f"cannot resolve {host!r}: {exc.strerror}") from None
    sockets: list[socket.socket] = []
    seen = set()
    try:
        for family, kind, proto, _, address in infos:
            if (family, address) in seen:
                continue
            seen.add((family, address))
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart need not wait out TIME_WAIT
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(BACKLOG)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        raise PortTaken(exc.errno, exc.strerror or str(exc)) from None
    return sockets


@dataclass
class ConnectionStats:
    """What the connection policy did since start (shown in /api/status)."""

    accepted: int = 0
    dropped_slow: int = 0  # a request that did not arrive whole within request_seconds
    dropped_idle: int = 0  # idle for channel_timeout
    evicted: int = 0  # closed at the connection limit to let a new one in
    open: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def to_json(self) -> dict:
        with self.lock:
            return {"open": self.open, "accepted": self.accepted, "dropped_slow": self.dropped_slow,
                    "dropped_idle": self.dropped_idle, "evicted": self.evicted}


class JsonErrorTask(ErrorTask):
    """waitress's own error answers (400, 413, 431) as the app's JSON errors."""

    def execute(self):
        error = self.request.error
        message = f"{error.reason}: {error.body}" if error.body else error.reason
        body = json.dumps({"error": {"status": error.code, "message": message}}).encode("utf-8")
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff")])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class GuardedChannel(HTTPChannel):
    error_task_class = JsonErrorTask
    request_started = 0.0  # when the first byte of the request now arriving came

    def received(self, data):
        if self.request is None and data:
            self.request_started = time.time()
        return super().received(data)

    def waiting_since(self) -> float | None:
        """Since when this connection has waited without being served (None: a request is being served or its
        answer sent, so it is not to be closed)."""
        if self.requests or self.total_outbufs_len or self.will_close or self.close_when_flushed:
            return None
        if self.request is not None:  # a request still arriving
            return self.request_started
        return self.last_activity


class GuardedServer(TcpWSGIServer):
    channel_class = GuardedChannel

    def __init__(self, *args, request_seconds: float, stats: ConnectionStats, **kwargs):
        self.request_seconds = request_seconds
        self.stats = stats
        super().__init__(*args, **kwargs)

    def readable(self):
        now = time.time()
        if now >= self.next_channel_cleanup:
            self.next_channel_cleanup = now + self.adj.cleanup_interval
            self.maintenance(now)
        if not self.accepting:
            return False
        if len(self.active_channels) < self.adj.connection_limit:
            return True
        return self._longest_waiting() is not None  # else every connection is being served: wait for one

    def handle_accept(self):
        before = len(self.active_channels)
        super().handle_accept()
        if len(self.active_channels) > before:
            with self.stats.lock:
                self.stats.accepted += 1
        while len(self.active_channels) > self.adj.connection_limit:
            victim = self._longest_waiting()
            if victim is None:
                break
            victim.handle_close()
            with self.stats.lock:
                self.stats.evicted += 1
        with self.stats.lock:
            self.stats.open = len(self.active_channels)

    def _longest_waiting(self) -> GuardedChannel | None:
        best, since = None, None
        for channel in self.active_channels.values():
            waited = channel.waiting_since()
            if waited is not None and (since is None or waited < since):
                best, since = channel, waited
        return best

    def maintenance(self, now):
        idle_cutoff = now - self.adj.channel_timeout
        slow_cutoff = now - self.request_seconds
        dropped_idle = dropped_slow = 0
        for channel in list(self.active_channels.values()):
            if channel.requests or channel.will_close:
                continue
            if channel.request is not None:
                if channel.request_started < slow_cutoff:
                    channel.will_close = True
                    dropped_slow += 1
            elif channel.last_activity < idle_cutoff and not channel.total_outbufs_len:
                channel.will_close = True
                dropped_idle += 1
        with self.stats.lock:
            self.stats.dropped_idle += dropped_idle
            self.stats.dropped_slow += dropped_slow
            self.stats.open = len(self.active_channels)


class Server:
    """waitress serving ``app`` on ``sockets`` with the settings' connection policy; ``run`` until ``stop``."""

    def __init__(self, app, sockets: list[socket.socket], *, threads: int, connection_limit: int,
                 channel_timeout: float, request_seconds: float, max_request_bytes: int,
                 max_request_header_bytes: int, ident: str = "timeline"):
        _allow_descriptors(connection_limit)
        self.adj = Adjustments(
            sockets=sockets, threads=threads, connection_limit=connection_limit,
            channel_timeout=max(1, int(round(channel_timeout))), cleanup_interval=CHECK_SECONDS,
            # waitress refuses a body of exactly its limit; the app's limit (MAX_CONTENT_LENGTH) allows it
            max_request_body_size=max_request_bytes + 1, max_request_header_size=max_request_header_bytes,
            asyncore_use_poll=True,  # select() cannot watch a descriptor numbered past 1023
            ident=ident, clear_untrusted_proxy_headers=True,
        )
        self.map: dict = {}
        self.stats = ConnectionStats()
        self.dispatcher = ThreadedTaskDispatcher()
        self.dispatcher.set_thread_count(threads)
        self.servers = [
            GuardedServer(app, self.map, _sock=sock, dispatcher=self.dispatcher, adj=self.adj, bind_socket=False,
                          sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname()),
                          request_seconds=request_seconds, stats=self.stats)
            for sock in sockets
        ]
        self._stopping = False

    @property
    def addresses(self) -> list[tuple]:
        return [(s.effective_host, s.effective_port) for s in self.servers]

    def run(self) -> None:
        """Serve until ``stop`` is called or KeyboardInterrupt/SystemExit reaches this thread."""
        try:
            while self.map and not self._stopping:
                wasyncore.poll2(self.adj.asyncore_loop_timeout, self.map)
        finally:
            self.close()

    def stop(self) -> None:
        self._stopping = True
        for server in self.servers:
            server.pull_trigger()

    def close(self, grace: float = 1.0) -> None:
        """Stop the request threads (waiting ``grace`` seconds at most for the requests they serve) and close
        every connection."""
        self.dispatcher.shutdown(cancel_pending=True, timeout=grace)
        wasyncore.close_all(self.map)


def _allow_descriptors(connection_limit: int) -> None:
    """Raise the soft limit of open files to what the connection limit needs, within the hard limit."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = connection_limit + SPARE_DESCRIPTORS
        if soft != resource.RLIM_INFINITY and soft < wanted:
            target = wanted if hard == resource.RLIM_INFINITY else min(hard, wanted)
            if target > soft:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            if target < wanted:
                log.warning("open files are limited to %d: at most about %d connections will be served at once",
                            target, target - SPARE_DESCRIPTORS)
    except (ValueError, OSError):  # pragma: no cover - not permitted here
        pass
