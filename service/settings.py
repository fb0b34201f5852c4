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


@dataclass(frozen=True)
class ServiceSettings:
    extractor: ExtractorSettings = field(default_factory=ExtractorSettings)
    feed_dir: Path = Path("seeds")
    database: Path = Path("var/timeline.db")
    host: str = "127.0.0.1"
    port: int = 8080
    refresh_seconds: int = 60
    schedule_refreshes: bool = True  # the serving process refreshes the feed on a schedule
    settle_seconds: float = 2.0  # files changed more recently than this are still being written
    watch_feed: bool = True  # refresh as soon as files land (inotify), not only every refresh_seconds
    threads: int = 8
    max_request_bytes: int = 1024 * 1024
    log_level: str = "INFO"
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
    return dataclasses.replace(service, extractor=extractor, source=config.name)


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> ServiceSettings:
    """Defaults ← the TOML file (``path``, else ./config.toml when present) ← TIMELINE_* variables ←
    ``overrides`` (any setting, service or extractor, by name)."""
    config = read_config_file(path)
    unknown = sorted(set(config.sections) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{config.name}: unknown section [{unknown[0]}] (the sections are [extractor] and [service])")
    return _assemble(config, env, dict(overrides or {}))
