"""What a Dask worker does as it joins the cluster for this service: load the extraction model once, before
its first task, and (on this machine's cores) yield the CPU to the serving process's readers. A module of its
own because it imports ``distributed``, which only the ``dask`` executor needs."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin

from service import extraction
from timeline.settings import ExtractorSettings


class ModelLoader(WorkerPlugin):
    """Run :func:`service.extraction.start_worker` on every worker, also one that joins later."""

    idempotent = True  # registering it again (a second executor on the same cluster) changes nothing

    def __init__(self, settings: ExtractorSettings, nice: bool):
        self.settings = settings
        self.nice = nice

    def setup(self, worker) -> None:
        extraction.start_worker(self.settings, 0, 10 if self.nice else 0)
