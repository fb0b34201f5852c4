"""Extraction worker processes leave when the serving process is gone, however it ended (SIGKILL, or a
SIGTERM it does not handle): a pool's worker would otherwise wait for tasks forever with its model loaded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT

POOL_THEN_WAIT = """
import datetime, sys, time
sys.path.insert(0, {root!r})
from service.executors import ProcessExecutor
from service.settings import ServiceSettings
from timeline.model import Document
executor = ProcessExecutor(ServiceSettings(workers=2, batch_size=1))
list(executor.map([Document(id=f"d{{i}}", text="They met on 3 March 2021.", dct=datetime.date(2022, 9, 15), dct_source="test") for i in range(4)]))
print(" ".join(str(p) for p in executor._pool._processes), flush=True)
time.sleep(600)
"""


@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_worker_processes_leave_when_the_serving_process_is_gone(tmp_path, signal_name):
    parent = subprocess.Popen([sys.executable, "-c", POOL_THEN_WAIT.format(root=str(ROOT))], stdout=subprocess.PIPE,
                              text=True)
    try:
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert workers and all(os.path.exists(f"/proc/{p}") for p in workers)
        parent.send_signal(getattr(signal, signal_name))
        parent.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(os.path.exists(f"/proc/{p}") for p in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(os.path.exists(f"/proc/{p}") for p in workers), "a worker outlived the serving process"
    finally:
        if parent.poll() is None:
            parent.kill()
