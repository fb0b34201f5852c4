"""The English bundle (en.toml beside this file), registered as the language ``en``."""

from __future__ import annotations

from pathlib import Path

from timeline.language import read_bundle

BUNDLE = read_bundle(Path(__file__).with_name("en.toml"))
