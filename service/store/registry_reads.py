"""The registry of one version as the API reads it: entities in the list's order (most events first, then by
id: ``entities.rank``) a page at a time by keyset, filtered by a text their names contain and by kind, and
one entity by id. Each is its stored JSON (``RegistryEntity.to_json()``) with what its events say of it
(``events``, ``first``, ``last``, as ``timeline.entities.summary.entity_summaries`` gives them); a list
leaves out the joins, which one entity's answer carries."""

from __future__ import annotations

import json
from dataclasses import dataclass

VISIBLE = "r.valid_from <= ? AND (r.valid_to IS NULL OR r.valid_to > ?)"


@dataclass(frozen=True)
class EntityRow:
    rank: str
    row_id: int
    body: str  # the JSON served


def _where(dialect, version: int, kind: str | None, contains: str | None) -> tuple[str, list]:
    where: list[str] = [VISIBLE]
    params: list = [version, version]
    if kind:
        where.append("r.kind = ?")
        params.append(kind)
    if contains:
        where.append("r.row_id IN (SELECT n.entity_row FROM entity_names n WHERE "
                     f"{dialect.contains.format('n.spelling', '?')})")
        params.append(contains.lower())
    return " AND ".join(where), params


def served(body: str, events: int, first: str | None, last: str | None, joins: bool) -> str:
    data = json.loads(body)
    if not joins:
        data.pop("joins", None)
    data.update(events=events, first=first, last=last)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def page(s, version: int, kind: str | None, contains: str | None, after: str | None, limit: int) -> list[EntityRow]:
    """Up to ``limit`` entities of ``version`` after rank ``after``, in the list's order."""
    where, params = _where(s.dialect, version, kind, contains)
    if after is not None:
        where += " AND r.rank > ?"
        params.append(after)
    rows = s.all(f"SELECT r.rank, r.row_id, r.body, r.events, r.first_day, r.last_day FROM entities r WHERE {where} "
                 "ORDER BY r.rank LIMIT ?", (*params, limit))
    return [EntityRow(rank, row_id, served(body, n, first, last, joins=False)) for rank, row_id, body, n, first, last in rows]


def total(s, version: int, kind: str | None, contains: str | None) -> int:
    where, params = _where(s.dialect, version, kind, contains)
    return int(s.one(f"SELECT COUNT(*) FROM entities r WHERE {where}", params)[0])


def one(s, version: int, entity_id: str) -> EntityRow | None:
    """An entity of ``version`` by id, with its joins."""
    row = s.one(f"SELECT r.rank, r.row_id, r.body, r.events, r.first_day, r.last_day FROM entities r WHERE r.id = ? "
                f"AND {VISIBLE}", (entity_id, version, version))
    if row is None:
        return None
    rank, row_id, body, n, first, last = row
    return EntityRow(rank, row_id, served(body, n, first, last, joins=True))
