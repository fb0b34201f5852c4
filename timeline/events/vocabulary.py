"""The event layer's word lists (lexicon.toml), loaded once."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Vocabulary:
    event_nouns: frozenset[str]
    aspectual_nouns: frozenset[str]
    frame_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    participant_labels: frozenset[str]


@functools.lru_cache(maxsize=1)
def load() -> Vocabulary:
    with Path(__file__).with_name("lexicon.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    return Vocabulary(**{key: frozenset(value) for key, value in raw.items()})
