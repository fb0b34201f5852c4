"""Settings: the extractor's from [extractor], the service's from [service], each overridable by TIMELINE_*
variables; relative paths are relative to the file; a typo is an error, not a silent default."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from service.settings import ServiceSettings, load_settings
from timeline.settings import ConfigError, ExtractorSettings, load_extractor_settings


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "conf" / "config.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_each_part_reads_its_own_section_and_paths_are_relative_to_the_file(tmp_path):
    path = _write(tmp_path, '[extractor]\nfallback_dct = "2022-09-15"\n[service]\nfeed_dir = "feed"\nport = 9001\n')
    settings = load_settings(path, env={})
    assert settings.extractor == ExtractorSettings(fallback_dct=dt.date(2022, 9, 15))
    assert settings.feed_dir == path.parent / "feed" and settings.port == 9001
    assert load_extractor_settings(path, env={}).fallback_dct == dt.date(2022, 9, 15)


@pytest.mark.parametrize("variable, value, where, expected", [
    ("TIMELINE_PORT", "9100", "port", 9100),
    ("TIMELINE_WATCH_FEED", "off", "watch_feed", False),
    ("TIMELINE_SETTLE_SECONDS", "0.5", "settle_seconds", 0.5),
    ("TIMELINE_MODEL", "en_core_web_md", "extractor.model", "en_core_web_md"),
    ("TIMELINE_FALLBACK_DCT", "2021-01-02", "extractor.fallback_dct", dt.date(2021, 1, 2)),
])
def test_environment_variables_win_over_the_file(tmp_path, variable, value, where, expected):
    path = _write(tmp_path, "[service]\nport = 9001\nwatch_feed = true\n")
    settings = load_settings(path, env={variable: value})
    target = settings
    for part in where.split("."):
        target = getattr(target, part)
    assert target == expected


@pytest.mark.parametrize("text, message", [
    ("[service]\nprot = 9001\n", "unknown setting 'prot'"),
    ("[extractor]\nport = 9001\n", "unknown setting 'port'"),
    ("[services]\nport = 9001\n", "unknown section [services]"),
    ("port = 9001\n", "must be inside a section"),
    ("[service]\nport = 'ninety'\n", "'port'"),
    ("[service\n", "config.toml"),
])
def test_mistakes_are_errors_that_name_them(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(_write(tmp_path, text), env={})


def test_replace_takes_service_and_extractor_settings_by_name():
    settings = ServiceSettings().replace(port="9002", max_file_bytes=10, feed_dir="/tmp/feed")
    assert settings.port == 9002 and settings.extractor.max_file_bytes == 10 and settings.feed_dir == Path("/tmp/feed")
    with pytest.raises(ConfigError, match="unknown setting"):
        ServiceSettings().replace(colour="blue")


def test_the_shipped_config_file_reads():
    settings = load_settings(Path(__file__).resolve().parents[1] / "config.toml", env={})
    assert settings.extractor.model and settings.port == 8080


def test_the_shipped_config_file_holds_every_setting_at_its_default():
    """config.toml documents every service setting (its value is the default unless it says otherwise)."""
    import dataclasses

    text = (Path(__file__).resolve().parents[1] / "config.toml").read_text()
    for f in dataclasses.fields(ServiceSettings):
        if f.name not in ("extractor", "source", "scheduler"):
            assert f"\n{f.name} = " in text or f"\n# {f.name} = " in text, f.name
