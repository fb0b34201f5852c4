"""What a timeline says of each entity of its registry: how many of its events the entity takes part in, and the
first and last days they are dated to (the registry says who the entity is; this says how it figures)."""

from __future__ import annotations

from typing import Iterable

from timeline.entities.registry import Registry
from timeline.model import Event


def entity_summaries(registry: Registry | None, events: Iterable[Event]) -> list[dict]:
    """The registry's entities that take part in ``events``, each as ``RegistryEntity.to_json()`` plus ``events``
    (how many), ``first`` and ``last`` (the earliest start and latest end day of their dated events, None when
    none is dated), most events first."""
    if registry is None:
        return []
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    for event in events:
        dated = event.date.status == "dated" and event.date.start is not None
        for entity in {p.entity for p in event.participants if p.entity in registry.entities}:
            counts[entity] = counts.get(entity, 0) + 1
            if dated and event.date.start is not None:
                start, end = event.date.start[:10], (event.date.end or event.date.start)[:10]
                first[entity] = min(first.get(entity, start), start)
                last[entity] = max(last.get(entity, end), end)
    out = []
    for entity_id in sorted(counts, key=lambda e: (-counts[e], e)):
        summary = registry.entities[entity_id].to_json()
        summary.update(events=counts[entity_id], first=first.get(entity_id), last=last.get(entity_id))
        out.append(summary)
    return out
