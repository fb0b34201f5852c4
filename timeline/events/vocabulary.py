"""The event layer's word lists (the language bundle's "events" file: lexicon.toml for English), loaded once."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from timeline.language import language


@dataclass(frozen=True)
class Vocabulary:
    event_nouns: frozenset[str]
    aspectual_nouns: frozenset[str]
    frame_verbs: frozenset[str]
    implicative_verbs: frozenset[str]
    negative_implicative_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    enacting_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    control_nouns: frozenset[str]
    owning_verbs: frozenset[str]
    adverb_particles: frozenset[str]
    reporting_verbs: frozenset[str]
    light_verbs: frozenset[str]
    contrastive_modifiers: frozenset[str]
    state_predicates: frozenset[str]
    nominal_endings: tuple[tuple[str, str], ...]
    derivational_suffixes: tuple[str, ...]
    irregular_nominals: dict[str, str]
    anaphoric_nouns: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=1)
def load() -> Vocabulary:
    with language().file("events").open("rb") as handle:
        raw = tomllib.load(handle)
    special = {"nominal_endings", "irregular_nominals", "derivational_suffixes", "anaphoric_nouns"}
    words = {key: frozenset(w.lower() for w in value) for key, value in raw.items() if key not in special}
    return Vocabulary(**words, nominal_endings=tuple((a, b) for a, b in raw["nominal_endings"]),
                      irregular_nominals=dict(raw["irregular_nominals"]),
                      derivational_suffixes=tuple(raw["derivational_suffixes"]),
                      anaphoric_nouns={k: frozenset(v) for k, v in raw.get("anaphoric_nouns", {}).items()})


@functools.lru_cache(maxsize=65536)
def event_kinds(lemma: str) -> frozenset[str]:
    """The lemma and the verbs a noun lemma may name the event of ("announcement" → "announce",
    "resignation" → "resign", "speech" → "speak"): two events are of one kind when these meet."""
    vocab = load()
    word = lemma.lower()
    kinds = {word}
    if word in vocab.irregular_nominals:
        kinds.add(vocab.irregular_nominals[word])
    for ending, verb_ending in vocab.nominal_endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            kinds.add(word[: len(word) - len(ending)] + verb_ending)
    return frozenset(kinds)


def same_kind(a: str, b: str) -> bool:
    """Whether two trigger lemmas tell one kind of event (the same word, or a verb and the noun naming it)."""
    return a == b or bool(event_kinds(a) & event_kinds(b))


def refers_back(anaphor: str, earlier: str) -> bool:
    """Whether an event noun (a definite one: "the deal") may stand for an event told before with ``earlier``'s
    lemma: one of its kind ("the sale" after "sold"), or one a general noun stands for ("the deal" after
    "agreed to buy")."""
    if same_kind(anaphor, earlier):
        return True
    stands_for = load().anaphoric_nouns.get(anaphor.lower())
    return stands_for is not None and bool(event_kinds(earlier) & stands_for)

