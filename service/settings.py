"""The service's settings: where the feed and the store are, how it listens and how often it refreshes,
read from the ``[service]`` section of ``config.toml`` and ``TIMELINE_*`` variables (the extractor's own
settings come from ``[extractor]``, see :mod:`timeline.settings`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from timeline.settings import ConfigError, ConfigFile, ExtractorSettings, read_config_file, settings_of

SECTIONS = ("extractor", "service")
EXECUTORS = ("inline", "processes", "dask")


@dataclass(frozen=True)
class ServiceSettings:
    extractor: ExtractorSettings = field(default_factory=ExtractorSettings)
    feed_dir: Path = Path("seeds")
    database: str = "var/timeline.db"  # a SQLite file, or postgresql://user@host:port/db for a shared store
    host: str = "127.0.0.1"
    port: int = 8080
    refresh_seconds: int = 60
    schedule_refreshes: bool = True  # the serving process refreshes the feed on a schedule
    settle_seconds: float = 2.0  # files changed more recently than this are still being written
    watch_feed: bool = True  # refresh as soon as files land (inotify), not only every refresh_seconds
    threads: int = 8
    max_request_bytes: int = 1024 * 1024  # a request's body (POST /api/extract); 413 beyond
    # connections (service.http_server): idle and slow clients are dropped before they crowd out the others
    connection_limit: int = 500  # connections at once; past it the one waiting longest without being served goes
    channel_timeout: float = 30.0  # an idle connection is closed after this many seconds
    request_seconds: float = 20.0  # a request must arrive whole within this long of its first byte
    max_request_header_bytes: int = 64 * 1024  # a request's line and headers; 431 beyond
    page_cache_bytes: int = 64 * 1024 * 1024  # the prepared bytes of hot timeline pages kept in memory
    file_seconds: float = 60.0  # a refresh's budget for one file: reading or parsing past it skips the file
    log_level: str = "INFO"
    executor: str = "inline"  # where extraction runs: inline (this process), processes (this machine's cores), dask
    scheduler: str | None = None  # the Dask scheduler (tcp://HOST:PORT); unset with "dask": a local cluster
    workers: int = 0  # worker processes for "processes" (and a local Dask cluster); 0: one per core
    batch_chars: int = 20_000  # characters of text per task sent to a worker (a fraction of a second of work)
    batch_size: int = 64  # ... and at most this many documents
    read_seconds: float = 10.0  # the store's time for one query of a timeline page; past it, 503 (0: no limit)
    extract_concurrency: int = 2  # POST /api/extract: extractions running at once
    extract_queue: int = 2  # ... and waiting; past both, 503 with Retry-After
    extract_seconds: float = 20.0  # ... the time one may take (the budget), waiting included
    extract_max_timexes: int = 5000  # ... the temporal expressions one may hold
    extract_memory_mb: int = 1536  # memory limit of an extraction worker process ("processes")
    source: str = field(default="defaults", compare=False)  # where the settings came from

    def replace(self, **changes: Any) -> "ServiceSettings":
        """A copy with some settings changed, service or extractor ones alike, by name."""
        values = {**dataclasses.asdict(self.extractor),
                  **{f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in _NESTED}}
        return _assemble(ConfigFile({}, Path.cwd(), self.source), {}, {**values, **changes})


_NESTED = ("extractor", "source")


def _assemble(config: ConfigFile, env: Mapping[str, str] | None, overrides: Mapping[str, Any]) -> ServiceSettings:
    known = {f.name for f in dataclasses.fields(ExtractorSettings)} | {
        f.name for f in dataclasses.fields(ServiceSettings) if f.name not in _NESTED}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    extractor = settings_of(ExtractorSettings, config, "extractor", env, overrides)
    service = settings_of(ServiceSettings, config, "service", env, overrides)
    if service.executor not in EXECUTORS:
        raise ConfigError(f"setting 'executor': {service.executor!r} is not one of {', '.join(EXECUTORS)}")
    database = service.database
    in_file = config.sections.get("service", {}).get("database")
    if database == in_file and not _is_url(database) and not Path(database).is_absolute():
        database = str(config.base / database)  # relative paths in the file are relative to the file
    return dataclasses.replace(service, extractor=extractor, source=config.name, database=database)


def _is_url(database: str) -> bool:
    return database.startswith(("postgresql://", "postgres://"))


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> ServiceSettings:
    """Defaults ← the TOML file (``path``, else ./config.toml when present) ← TIMELINE_* variables ←
    ``overrides`` (any setting, service or extractor, by name)."""
    config = read_config_file(path)
    unknown = sorted(set(config.sections) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{config.name}: unknown section [{unknown[0]}] (the sections are [extractor] and [service])")
    return _assemble(config, env, dict(overrides or {}))
