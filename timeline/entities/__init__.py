"""Entities: who an article talks about (names, short forms, descriptions, pronouns, resolved within the
article: coref.py) and one registry of entities across articles (registry.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.entities.coref import Entity, Mention, Mentions, find_mentions
from timeline.entities.shortforms import name_variants, refers_to
from timeline.model import DocumentEntity, EntityMention

if TYPE_CHECKING:
    from spacy.tokens import Doc


def entity_key(entity: Entity) -> str:
    return f"e{entity.id + 1}"


def document_entities(mentions: Mentions, docs: dict[int, Doc], starts: dict[int, int]) -> list[DocumentEntity]:
    """The entities of one document as the model carries them: mentions with character offsets (``starts``:
    each sentence's offset in the text), names with why each stands for the entity. Entities mentioned only
    by pronouns or descriptions that found nothing are not made."""
    found: dict[int, list[EntityMention]] = {}
    for sentence, listed in sorted(mentions.by_sentence.items()):
        doc = docs[sentence]
        base = starts[sentence]
        for mention in listed:
            first, last = doc[mention.start], doc[mention.end - 1]
            found.setdefault(mention.entity, []).append(EntityMention(
                mention.text, base + first.idx, base + last.idx + len(last.text), mention.form, mention.why))
    out = []
    for entity in mentions.entities:
        names = [entity.name] + [n for n in entity.names if n != entity.name]
        out.append(DocumentEntity(
            entity_key(entity), entity.name, entity.kind, tuple(names),
            tuple((n, entity.why[n]) for n in names if n in entity.why), tuple(sorted(entity.classes)),
            tuple(sorted(entity.acronyms)), tuple(found.get(entity.id, ()))))
    return out


__all__ = ["Entity", "Mention", "Mentions", "find_mentions", "document_entities", "entity_key", "name_variants",
           "refers_to"]
