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
    implicative_verbs: frozenset[str]
    negative_implicative_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    light_verbs: frozenset[str]
    state_predicates: frozenset[str]
    participant_labels: frozenset[str]
    role_nouns: frozenset[str]
    org_words: frozenset[str]
    index_words: frozenset[str]
    descriptions: dict[str, str]  # noun -> kind of entity it describes (org, person, index, product, place)
    pronouns: dict[str, str]  # pronoun -> kind (person, thing)


@functools.lru_cache(maxsize=1)
def load() -> Vocabulary:
    with Path(__file__).with_name("lexicon.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    tables = {"descriptions", "pronouns"}
    words = {key: frozenset(w if key == "participant_labels" else w.lower() for w in value)
             for key, value in raw.items() if key not in tables}
    inverted = {key: {w.lower(): kind for kind, ws in raw[key].items() for w in ws} for key in tables}
    return Vocabulary(**words, **inverted)
