"""Settings: defaults, overridden by ``config.toml``, overridden by environment variables.

Every setting has an environment variable named ``TIMELINE_`` + its name in capitals
(``TIMELINE_MODEL``, ``TIMELINE_FEED_DIR``, ``TIMELINE_PORT``, ...); see ``config.toml``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from timeline.nlp import DEFAULT_MODEL

DEFAULT_CONFIG_FILE = "config.toml"


class ConfigError(ValueError):
    """A setting is missing, malformed or of the wrong type."""


@dataclass(frozen=True)
class Config:
    # extraction
    model: str = DEFAULT_MODEL
    fallback_dct: dt.date | None = None  # used for documents without a publication date; None = error
    max_file_bytes: int = 5 * 1024 * 1024
    # service
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

    def replace(self, **changes: Any) -> "Config":
        return dataclasses.replace(self, **changes)


_SECTIONS = ("extractor", "service", "store", "refresh", "server", "logging")


def _coerce(name: str, value: Any) -> Any:
    target = {f.name: f for f in dataclasses.fields(Config)}[name]
    kind = str(target.type)
    try:
        if "Path" in kind:
            return Path(value)
        if "dt.date" in kind:
            if value in (None, ""):
                return None
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).strip().lower() in ("1", "true", "yes", "on"):
                return True
            if str(value).strip().lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError("expected true or false")
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: {value!r} is not valid ({exc})") from None


def _flatten(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    known = {f.name for f in dataclasses.fields(Config)} - {"source"}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            if key not in _SECTIONS:
                raise ConfigError(f"{where}: unknown section [{key}]")
            out.update(_flatten(value, where))
        elif key in known:
            out[key] = value
        else:
            raise ConfigError(f"{where}: unknown setting {key!r}")
    return out


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Defaults ← the TOML file (``path``, else ./config.toml when present) ← TIMELINE_* variables."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    sources = ["defaults"]
    file = Path(path) if path else (Path(DEFAULT_CONFIG_FILE) if Path(DEFAULT_CONFIG_FILE).exists() else None)
    if path and not file.exists():
        raise ConfigError(f"config file not found: {file}")
    if file is not None:
        try:
            with file.open("rb") as handle:
                values.update(_flatten(tomllib.load(handle), str(file)))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: {exc}") from None
        sources.append(str(file))
        base = file.resolve().parent
    else:
        base = Path.cwd()
    for f in dataclasses.fields(Config):
        key = f"TIMELINE_{f.name.upper()}"
        if key in env and f.name != "source":
            values[f.name] = env[key]
            sources.append(key)
    coerced = {name: _coerce(name, value) for name, value in values.items()}
    # relative paths in a config file are relative to the file, not to wherever the command runs
    for name in ("feed_dir", "database"):
        if name in coerced and not coerced[name].is_absolute() and file is not None and name in _file_keys(file):
            coerced[name] = base / coerced[name]
    return Config(**coerced, source=" + ".join(sources))


def _file_keys(file: Path) -> set[str]:
    with file.open("rb") as handle:
        return set(_flatten(tomllib.load(handle), str(file)))
