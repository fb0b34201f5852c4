"""The entity layer's word lists (the language bundle's "entities" file: lexicon.toml for English), loaded once."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from timeline.language import language


@dataclass(frozen=True)
class Vocabulary:
    role_nouns: frozenset[str]
    organisation_roles: frozenset[str]
    org_words: frozenset[str]
    legal_forms: frozenset[str]
    index_words: frozenset[str]
    index_tail_words: frozenset[str]
    ordinals: frozenset[str]
    number_signs: frozenset[str]
    newest_modifiers: frozenset[str]
    descriptions: dict[str, tuple[str, str]]  # noun (or "compound noun") -> (kind, class); class == kind: any
    compound_heads: frozenset[str]  # the last words of the two-word descriptions ("maker" of "plane maker")
    pronouns: dict[str, str]  # pronoun -> person, thing, plural, speaker
    relative: frozenset[str]
    partitive_nouns: frozenset[str]
    stock_nouns: frozenset[str]
    part_nouns: frozenset[str]
    making_verbs: frozenset[str]
    maker_classes: frozenset[str]
    definite_possessors: frozenset[str]
    org_word_classes: dict[str, str]  # an organisation's name word -> the class it says it is of
    raising_predicates: frozenset[str]
    quantity_adjectives: frozenset[str]
    concessive_marks: frozenset[str]
    title_modifiers: frozenset[str]

    def description(self, noun: str, compound: str | None = None) -> tuple[str, str] | None:
        """The kind and class a description noun names ("airliner" → product, aircraft), the two-word entry
        first ("aircraft maker")."""
        if compound:
            found = self.descriptions.get(f"{compound} {noun}")
            if found is not None:
                return found
        return self.descriptions.get(noun)


@functools.lru_cache(maxsize=1)
def load() -> Vocabulary:
    with language().file("entities").open("rb") as handle:
        raw = tomllib.load(handle)
    descriptions = {word.lower(): (kind, cls)
                    for kind, classes in raw["descriptions"].items() for cls, words in classes.items() for word in words}
    return Vocabulary(
        role_nouns=frozenset(w.lower() for w in raw["role_nouns"]),
        organisation_roles=frozenset(w.lower() for w in raw["organisation_roles"]),
        org_words=frozenset(w.lower() for w in raw["org_words"]),
        legal_forms=frozenset(w.lower() for w in raw["legal_forms"]),
        index_words=frozenset(w.lower() for w in raw["index_words"]),
        index_tail_words=frozenset(w.lower() for w in raw.get("index_tail_words", ())),
        ordinals=frozenset(w.lower() for w in raw["ordinals"]),
        number_signs=frozenset(w.lower() for w in raw.get("number_signs", ())),
        newest_modifiers=frozenset(w.lower() for w in raw.get("newest_modifiers", ())),
        descriptions=descriptions,
        compound_heads=frozenset(key.split()[-1] for key in descriptions if " " in key),
        pronouns={w.lower(): kind for kind, words in raw["pronouns"].items() for w in words},
        relative=frozenset(w.lower() for w in raw["relative"]["words"]),
        partitive_nouns=frozenset(w.lower() for w in raw["partitive_nouns"]),
        stock_nouns=frozenset(w.lower() for w in raw.get("stock_nouns", ())),
        part_nouns=frozenset(w.lower() for w in raw.get("part_nouns", ())),
        making_verbs=frozenset(w.lower() for w in raw.get("making_verbs", ())),
        maker_classes=frozenset(raw.get("maker_classes", ())),
        definite_possessors=frozenset(w.lower() for w in raw.get("definite_possessors", ())),
        org_word_classes={k.lower(): v for k, v in raw.get("org_word_classes", {}).items()},
        raising_predicates=frozenset(w.lower() for w in raw.get("raising_predicates", ())),
        quantity_adjectives=frozenset(w.lower() for w in raw.get("quantity_adjectives", ())),
        concessive_marks=frozenset(w.lower() for w in raw.get("concessive_marks", ())),
        title_modifiers=frozenset(w.lower() for w in raw.get("title_modifiers", ())),
    )
