"""The extractor's settings, and how any settings class is read from ``config.toml`` and the environment.

A settings class is a frozen dataclass; each of its fields is read from its section of the TOML file
(``[extractor]`` here) and overridden by an environment variable ``TIMELINE_`` + the field's name in
capitals (``TIMELINE_MODEL``, ``TIMELINE_FALLBACK_DCT``). Relative paths in the file are relative to the
file. The service's settings (``service.settings``) are read the same way from ``[service]``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from timeline import plugins
from timeline.language import DEFAULT_LANGUAGE, language
from timeline.nlp import DEFAULT_MODEL

DEFAULT_CONFIG_FILE = "config.toml"
ENV_PREFIX = "TIMELINE_"


class ConfigError(ValueError):
    """A setting is missing, malformed or of the wrong type."""


@dataclass(frozen=True)
class ExtractorSettings:
    """What extraction depends on besides the text and its publication date."""

    model: str = DEFAULT_MODEL  # any installed spaCy English pipeline
    fallback_dct: dt.date | None = None  # used for documents without a publication date; None = refuse them
    max_file_bytes: int = 5 * 1024 * 1024  # larger files are refused
    # domain packs of timex rules besides the core grammar (timeline.timex.rules), by the names they are
    # registered under: "earnings" reads how company results name periods ("the year-ago quarter"); [] for
    # none. The default is the default language's (its bundle's default_packs).
    packs: tuple[str, ...] = field(default_factory=lambda: language(DEFAULT_LANGUAGE).default_packs)
    # the language bundle the text is read with (timeline.language), by the name it is registered under
    language: str = DEFAULT_LANGUAGE

    def __post_init__(self) -> None:
        # names only: checking a setting imports no rule and compiles nothing
        for setting, group, wanted in [("language", plugins.LANGUAGES, self.language)] + \
                [("packs", plugins.TIMEX_PACKS, pack) for pack in self.packs]:
            try:
                plugins.check(group, wanted)
            except plugins.UnknownName as exc:
                raise ConfigError(f"setting {setting!r}: {exc}") from None

    def replace(self, **changes: Any) -> "ExtractorSettings":
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class ConfigFile:
    """The sections of a settings file, and the directory its relative paths are relative to."""

    sections: dict[str, dict[str, Any]]
    base: Path
    name: str  # where the settings came from, for messages


def read_config_file(path: str | Path | None = None) -> ConfigFile:
    """``path``, else ./config.toml when present, else no file (every setting at its default)."""
    file = Path(path) if path else (Path(DEFAULT_CONFIG_FILE) if Path(DEFAULT_CONFIG_FILE).exists() else None)
    if file is None:
        return ConfigFile({}, Path.cwd(), "defaults")
    if not file.exists():
        raise ConfigError(f"config file not found: {file}")
    try:
        with file.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: {exc}") from None
    sections = {}
    for key, value in data.items():
        if not isinstance(value, dict):
            raise ConfigError(f"{file}: setting {key!r} must be inside a section ([extractor] or [service])")
        sections[key] = value
    return ConfigFile(sections, file.resolve().parent, str(file))


def _coerce(cls: type, name: str, value: Any) -> Any:
    kind = typing.get_type_hints(cls)[name]
    optional = type(None) in typing.get_args(kind)
    if optional:
        if value in (None, ""):
            return None
        kind = next(a for a in typing.get_args(kind) if a is not type(None))
    try:
        if kind is Path:
            return Path(value)
        if kind is dt.date:
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if kind is bool:
            if isinstance(value, bool):
                return value
            word = str(value).strip().lower()
            if word in ("1", "true", "yes", "on"):
                return True
            if word in ("0", "false", "no", "off"):
                return False
            raise ValueError("expected true or false")
        if kind is int:
            if isinstance(value, bool):
                raise ValueError("expected a whole number")
            return int(value)
        if kind is float:
            return float(value)
        if typing.get_origin(kind) is tuple:
            items = value if isinstance(value, (list, tuple)) else [v for v in str(value).replace(",", " ").split() if v]
            return tuple(str(v) for v in items)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: {value!r} is not valid ({exc})") from None


def settings_of(cls: type, config: ConfigFile, section: str, env: Mapping[str, str] | None = None,
                overrides: Mapping[str, Any] | None = None) -> Any:
    """An instance of the settings dataclass ``cls``: defaults ← ``[section]`` of the file ← TIMELINE_*
    variables ← ``overrides``. Unknown keys in the section are errors; paths in the file are made absolute."""
    env = os.environ if env is None else env
    names = {f.name for f in dataclasses.fields(cls) if f.init and f.name != "source"}
    values: dict[str, Any] = {}
    table = config.sections.get(section, {})
    for key, value in table.items():
        if key not in names:
            raise ConfigError(f"{config.name}: unknown setting {key!r} in [{section}]")
        values[key] = _coerce(cls, key, value)
        if isinstance(values[key], Path) and not values[key].is_absolute():
            values[key] = config.base / values[key]
    for name in names:
        variable = ENV_PREFIX + name.upper()
        if variable in env:
            values[name] = _coerce(cls, name, env[variable])
    for name, value in (overrides or {}).items():
        if name in names:
            values[name] = _coerce(cls, name, value)
    return cls(**values)


def load_extractor_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> ExtractorSettings:
    """The ``[extractor]`` settings of the file (``path``, else ./config.toml when present) and the environment."""
    return settings_of(ExtractorSettings, read_config_file(path), "extractor", env)
