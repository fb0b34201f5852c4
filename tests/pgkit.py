"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary directory (as the unprivileged
``postgres`` user through runuser when the tests run as root, which initdb refuses), listening on a free
127.0.0.1 port and a Unix socket in that directory; stopped with ``pg_ctl -m immediate`` and removed at the
end. One cluster per test session; each test gets a database of its own (CREATE DATABASE is fast)."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from serverkit import free_port

_names = itertools.count()


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class Cluster:
    def __init__(self):
        self.bindir = _bindir()
        self.root: Path | None = None
        self.port = 0
        self.reason: str | None = None

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> bool:
        if self.bindir is None:
            self.reason = "PostgreSQL is not installed (tests/setup.sh installs Debian's postgresql)"
            return False
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            self.reason = "running as root without runuser: initdb cannot run as root"
            return False
        self.root = Path(tempfile.mkdtemp(prefix="timeline-pg-"))
        if os.geteuid() == 0:
            try:
                shutil.chown(self.root, "postgres", "postgres")
            except (LookupError, PermissionError) as exc:
                self.reason = f"cannot hand the cluster's directory to the postgres user: {exc}"
                return False
        self.port = free_port()
        try:
            self._run("initdb", "-D", str(self.root / "data"), "-A", "trust", "-U", "postgres", "--no-sync",
                      "-E", "UTF8", "--locale=C")
            options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
            self._run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log"), "-w", "-t", "60",
                      "-o", options, "start")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            detail = getattr(exc, "stderr", "") or ""
            log = self.root / "log"
            self.reason = f"the PostgreSQL test server did not start: {exc} {detail.strip()[-300:]}" + (
                f"\n{log.read_text()[-500:]}" if log.exists() else "")
            self.stop()
            return False
        return True

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.url(name)

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.root / "data" / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None
