"""The registry of entities kept by the store like the timeline: each document's entities as extracted
(``document_entities``, the registry's input, each with the id of its entity in the current version), the
keys through which they can affect one another (``entity_keys``), and the registry itself as versioned rows
(``entities``, with every name in ``entity_names`` for the entity filter), rebuilt only where a change
reaches.

Locality (what lets a refresh cost what changed): ``build_registry`` lets two articles' entities (members)
affect each other's entity only through a key one *asks* for (a name an article gives as its own, an
acronym it gave, or the singular of one) and the other *answers* to (its own names and every short form
the registry indexes for it: last words, initials, acronyms, model numbers, a short form an article used):
``timeline.entities.registry.interaction_keys``, kept true with the registry's rules. So the registry of all documents is, on each connected component of that relation, the
registry of that component alone, ids aside (namesakes anywhere in the registry are told apart by a
suffix, in the order of their first members). A change touches the components holding the members it adds
and those that held the members it removes; ``RegistryWriter.plan`` finds them through the indexed keys
(``closure``), runs ``build_registry`` on them, gives ids over every namesake, and keeps every entity whose
JSON and id are unchanged. When the change is a large share of the members (a new store, an extractor
upgrade), everything is rebuilt instead: the same result, without the search. tests/test_store_registry.py
checks the outcome against ``build_registry`` over everything, through random changes.

What an entity's events say of it (``events``, ``first_day``, ``last_day``, as
``timeline.entities.summary.entity_summaries`` gives them) is kept on its row too, so an entity's row is
written again when its body, its id or its events change, and only then.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from service.store.rows import dumps, storable
from timeline.entities.registry import RegistryEntity, build_registry, interaction_keys, name_key, series_key, slug
from timeline.model import DocumentEntity, Event

log = logging.getLogger("timeline.store")
FULL_FRACTION = 0.3  # a change of more than this share of the members rebuilds the whole registry
CHUNK = 500
MEMBERS = "document_entities"  # the counter of member ids
ASKS, ANSWERS = "a", "i"
RANK_EVENTS = 10**13  # rank = (RANK_EVENTS - events) zero-padded, then the id: most events first
ENTITY_COLUMNS = "row_id, id, base, lead, name, kind, events, first_day, last_day, body"
VISIBLE = "r.valid_from <= ? AND (r.valid_to IS NULL OR r.valid_to > ?)"


@dataclass
class Member:
    """One document's entity as stored, with the registry entity it is part of now (None: not yet)."""

    member_id: int
    doc_id: str
    entity: DocumentEntity
    entity_id: str | None = None
    _keys: tuple[frozenset[str], frozenset[str]] | None = field(default=None, repr=False)

    @property
    def keys(self) -> tuple[frozenset[str], frozenset[str]]:
        if self._keys is None:
            self._keys = interaction_keys(self.entity)
        return self._keys


MEMBER_COLUMNS = "member_id, doc_id, body, entity_id"


def _member(row) -> Member:
    return Member(row[0], row[1], DocumentEntity.from_json(json.loads(row[2])), row[3])


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[tuple[list, str]]:
    values = list(values)
    for i in range(0, len(values), size):
        part = values[i : i + size]
        yield part, ",".join("?" * len(part))


def _all_in(s, sql: str, values: Sequence, params: Sequence = ()) -> list:
    """The rows of ``sql``, whose ``{marks}`` stands for ``values``, asked a chunk at a time."""
    out: list = []
    for part, marks in _chunks(values):
        out += s.all(sql.format(marks=marks), [*params, *part])
    return out


def document_entities(text: str | list) -> list[DocumentEntity]:
    """A document's entities from what extraction stored (a JSON list, or the list itself)."""
    data = json.loads(text) if isinstance(text, str) else text
    return [e if isinstance(e, DocumentEntity) else DocumentEntity.from_json(e) for e in data]


@dataclass
class EntityRow:
    """A registry entity as a row of one version."""

    id: str
    base: str
    lead: str  # JSON [document id, key]
    name: str
    kind: str | None
    body: str  # RegistryEntity.to_json()
    events: int = 0
    first_day: str | None = None
    last_day: str | None = None
    row_id: int | None = None

    @property
    def stats(self) -> tuple[int, str | None, str | None]:
        return (self.events, self.first_day, self.last_day)


def _entity_row(row) -> EntityRow:
    return EntityRow(row[1], row[2], row[3], row[4], row[5], row[9], row[6], row[7], row[8], row[0])


def _row_of(entity: RegistryEntity) -> EntityRow:
    return EntityRow(entity.id, slug(entity.name), dumps(list(entity.members[0])), entity.name, entity.kind,
                     dumps(entity.to_json()))


@dataclass
class RegistryPlan:
    """What a publish does to the registry: rows to write (new or changed entities, by id), ids whose current
    row goes, and members whose entity id changed (with the id they had)."""

    write: dict[str, EntityRow] = field(default_factory=dict)
    retire: set[str] = field(default_factory=set)
    moved: list[tuple[Member, str | None]] = field(default_factory=list)  # (member with its new id, its old id)
    rebuilt: int = 0  # members the registry was rebuilt from
    searched: int = 0  # members the closure looked at
    full: bool = False

    def old_ids(self) -> set[str]:
        return {old for _, old in self.moved if old is not None}


def assign_ids(fresh: list[EntityRow], standing: list[EntityRow]) -> dict[int, str]:
    """Ids over namesakes as ``build_registry`` gives them: among the entities whose names make one slug, by
    their first member, the slug, then the slug with -2, -3, ... ``fresh``: entities built now (their index
    in the list); ``standing``: the current rows of the same slugs that this change did not rebuild (their
    index after the fresh ones). Index -> id."""
    entries = [(row.base, tuple(json.loads(row.lead)), i) for i, row in enumerate(fresh + standing)]
    out: dict[int, str] = {}
    taken: dict[str, int] = {}
    for base, _, i in sorted(entries):
        taken[base] = taken.get(base, 0) + 1
        out[i] = base if taken[base] == 1 else f"{base}-{taken[base]}"
    return out


def _with_id(row: EntityRow, new_id: str) -> EntityRow:
    body = json.loads(row.body)
    body["id"] = new_id
    return EntityRow(new_id, row.base, row.lead, row.name, row.kind, dumps(body), row.events, row.first_day,
                     row.last_day)


class RegistryWriter:
    """The registry's part of one write transaction: documents' entities stored and removed as documents are,
    and at publish the registry rebuilt where the change reaches (``plan``), members given their new ids
    (``apply``), and the rows of entities whose body, id or events changed written (``write_rows``)."""

    def __init__(self, session, next_ids: Callable[[str, int], int]):
        self.s = session
        self.next_ids = next_ids
        self.added: dict[int, Member] = {}
        self.removed: dict[int, Member] = {}
        self.rebuild = False  # the next plan rebuilds everything (what builds the registry changed)

    # --- documents' entities ---------------------------------------------------------------------------
    def put(self, doc_id: str, entities: Sequence[DocumentEntity]) -> None:
        """Store a document's entities (its old ones must have been removed)."""
        self.put_many([(doc_id, list(entities))])

    def put_many(self, documents: Sequence[tuple[str, Sequence[DocumentEntity]]]) -> None:
        total = sum(len(entities) for _, entities in documents)
        if not total:
            return
        member_id = self.next_ids(MEMBERS, total)
        rows, keys = [], []
        for doc_id, entities in documents:
            for entity in entities:
                member = Member(member_id, doc_id, entity)
                asks, answers = member.keys
                rows.append((member_id, doc_id, entity.key, dumps(entity.to_json())))
                keys += [(k, ASKS, member_id) for k in sorted(asks)] + [(k, ANSWERS, member_id) for k in sorted(answers)]
                self.added[member_id] = member
                member_id += 1
        self.s.insert("document_entities", ("member_id", "doc_id", "key", "body"), rows)
        self.s.insert("entity_keys", ("key", "role", "member_id"), [(storable(k), r, m) for k, r, m in keys])

    def remove(self, doc_id: str) -> None:
        """A document's entities leave (the next publish takes them out of the registry)."""
        found = self.s.all(f"SELECT {MEMBER_COLUMNS} FROM document_entities WHERE doc_id = ?", (doc_id,))
        if not found:
            return
        for row in found:
            if row[0] in self.added:  # stored and removed within this transaction: never in a version
                del self.added[row[0]]
            else:
                self.removed[row[0]] = _member(row)
        for part, marks in _chunks([r[0] for r in found]):
            self.s.run(f"DELETE FROM entity_keys WHERE member_id IN ({marks})", part)
        self.s.run("DELETE FROM document_entities WHERE doc_id = ?", (doc_id,))

    def changed(self) -> bool:
        return bool(self.added or self.removed or self.rebuild)

    # --- the new registry -----------------------------------------------------------------------------------
    def plan(self) -> RegistryPlan:
        """What the change does to the registry (nothing is written)."""
        result = RegistryPlan()
        if not self.changed():
            return result
        change = len(self.added) + len(self.removed)
        total = self._members_total() if change >= 1000 else 10**12
        has_rows = self.s.one("SELECT 1 FROM entities WHERE valid_to IS NULL LIMIT 1") is not None
        if self.rebuild or not has_rows or change > FULL_FRACTION * max(total, 1):
            result.full = True
            members = {m.member_id: m for m in map(_member, self.s.all(f"SELECT {MEMBER_COLUMNS} FROM document_entities"))}
            old = {r.id: r for r in map(_entity_row, self.s.all(f"SELECT {ENTITY_COLUMNS} FROM entities WHERE valid_to IS NULL"))}
            standing: list[EntityRow] = []
        else:
            members, result.searched = closure(self.s, list(self.added.values()), list(self.removed.values()))
            reached = {m.entity_id for m in members.values()} | {m.entity_id for m in self.removed.values()}
            reached.discard(None)
            old = {r.id: r for r in map(_entity_row, _all_in(
                self.s, f"SELECT {ENTITY_COLUMNS} FROM entities WHERE valid_to IS NULL AND id IN ({{marks}})", sorted(reached)))}
            self._check_whole(old, members)
            standing = []  # namesakes this change did not rebuild
        result.rebuilt = len(members)
        members_by_key = {(m.doc_id, m.entity.key): m for m in members.values()}
        by_document: dict[str, list[DocumentEntity]] = {}
        for member in members.values():
            by_document.setdefault(member.doc_id, []).append(member.entity)
        built = sorted(build_registry(sorted(by_document.items())).entities.values(), key=lambda e: e.members[0])
        fresh = [_row_of(e) for e in built]
        if not result.full:
            bases = sorted({row.base for row in fresh} | {row.base for row in old.values()})
            standing = [r for r in map(_entity_row, _all_in(
                self.s, f"SELECT {ENTITY_COLUMNS} FROM entities WHERE valid_to IS NULL AND base IN ({{marks}})", bases))
                        if r.id not in old]
        ids = assign_ids(fresh, standing)
        final: dict[str, EntityRow] = {}
        for i, row in enumerate(fresh):
            final[ids[i]] = _with_id(row, ids[i]) if ids[i] != row.id else row
        renamed: dict[str, str] = {}  # standing namesakes whose suffix changes: old id -> new id
        for j, row in enumerate(standing):
            if ids[len(fresh) + j] != row.id:
                renamed[row.id] = ids[len(fresh) + j]
                final[renamed[row.id]] = _with_id(row, renamed[row.id])
        current = {**old, **{r.id: r for r in standing}}
        for entity_id, row in final.items():
            before = current.get(entity_id)
            if before is not None and entity_id not in renamed and before.body == row.body:
                continue  # the same entity as before: its row stands
            result.write[entity_id] = row
            if before is not None:
                result.retire.add(entity_id)
        result.retire |= (set(old) | set(renamed)) - set(final)
        for i, entity in enumerate(built):
            for doc_id, key in entity.members:
                member = members_by_key[(doc_id, key)]
                if ids[i] != member.entity_id:
                    result.moved.append((Member(member.member_id, doc_id, member.entity, ids[i]), member.entity_id))
        for old_id, new_id in renamed.items():
            for member in map(_member, self.s.all(f"SELECT {MEMBER_COLUMNS} FROM document_entities WHERE entity_id = ?",
                                                  (old_id,))):
                result.moved.append((Member(member.member_id, member.doc_id, member.entity, new_id), old_id))
        return result

    def apply(self, plan: RegistryPlan) -> None:
        """Give the members their new entity ids (before the timeline rows that name them are made)."""
        self.s.many("UPDATE document_entities SET entity_id = ? WHERE member_id = ?",
                    [(m.entity_id, m.member_id) for m, _ in plan.moved])
        self.added.clear()
        self.removed.clear()
        self.rebuild = False

    def _members_total(self) -> int:
        (n,) = self.s.one("SELECT COUNT(*) FROM document_entities")
        return int(n)

    def _check_whole(self, old: dict[str, EntityRow], members: dict[int, Member]) -> None:
        """Every member of an entity the change touched must be in the closure: the locality argument says
        so; a store that disagrees is logged loudly (the registry's rules changed without ``interaction_keys``)."""
        for member_id, entity_id in _all_in(
                self.s, "SELECT member_id, entity_id FROM document_entities WHERE entity_id IN ({marks})", sorted(old)):
            if member_id not in members:
                log.error("registry: member %s of entity %s lies outside the rebuilt closure", member_id, entity_id)

    # --- rows ---------------------------------------------------------------------------------------------
    def write_rows(self, plan: RegistryPlan, version: int, touched: set[str]) -> tuple[int, int]:
        """Write the rows of ``version``: the plan's new and changed entities, and the current ones whose
        events changed (``touched``: ids named by timeline rows this version wrote or retired), each with what
        its events say of it; retire the rows they replace and those of entities gone. (written, retired)."""
        rows = dict(plan.write)
        keep = [i for i in sorted(touched) if i not in rows and i not in plan.retire]
        for row in map(_entity_row, _all_in(
                self.s, f"SELECT {ENTITY_COLUMNS} FROM entities WHERE valid_to IS NULL AND id IN ({{marks}})", keep)):
            rows[row.id] = row
        stats = entity_stats(self.s, version, sorted(rows))
        retire = set(plan.retire)
        insert = []
        for entity_id, row in rows.items():
            new = stats.get(entity_id, (0, None, None))
            if entity_id not in plan.write and row.stats == new:
                continue
            if entity_id not in plan.write:
                retire.add(entity_id)
            row.events, row.first_day, row.last_day = new
            insert.append(row)
        for part, marks in _chunks(sorted(retire)):
            self.s.run(f"UPDATE entities SET valid_to = ? WHERE valid_to IS NULL AND id IN ({marks})", [version, *part])
        if insert:
            row_id = self.next_ids("entities", len(insert))
            entity_rows, names = [], []
            for row in insert:
                entity_rows.append((row_id, row.id, row.base, row.lead, storable(row.name), row.kind,
                                    rank(row.events, row.id), row.events, row.first_day, row.last_day, row.body, version))
                names += name_rows(row_id, row.body)
                row_id += 1
            self.s.insert("entities", ("row_id", "id", "base", "lead", "name", "kind", "rank", "events", "first_day",
                                       "last_day", "body", "valid_from"), entity_rows)
            self.s.insert("entity_names", NAME_COLUMNS, names)
        return len(insert), len(retire)


def rank(events: int, entity_id: str) -> str:
    """The list's order as text: most events first, then by id."""
    return f"{RANK_EVENTS - min(events, RANK_EVENTS - 1):014d}{entity_id}"


NAME_COLUMNS = ("entity_row", "spelling", "key", "key_length", "spelling_length", "series")


def name_rows(row_id: int, body: str) -> list[tuple]:
    """The ``entity_names`` rows of an entity row (NAME_COLUMNS): every alias, in lower case, as a name key,
    and the model it is a variant of."""
    out: dict[str, tuple] = {}
    for alias in json.loads(body)["aliases"]:
        spelling = storable(alias["name"].lower())
        key = storable(name_key(alias["name"]))
        family = series_key(alias["name"])
        out.setdefault(spelling, (row_id, spelling, key, len(key), len(spelling),
                                  storable(family) if family is not None else None))
    return list(out.values())


def entity_stats(s, version: int, ids: Sequence[str]) -> dict[str, tuple[int, str | None, str | None]]:
    """For each entity of ``ids`` that takes part in rows of ``version``: how many, and the first and last day
    of the dated ones (as ``entity_summaries`` gives them: the earliest start, the latest end)."""
    out: dict[str, tuple[int, str | None, str | None]] = {}
    for part, marks in _chunks(ids):
        for entity_id, n, first, last in s.all(
                "SELECT x.entity_id, COUNT(*), MIN(CASE WHEN e.status = 'dated' THEN e.start_at END), "
                "MAX(CASE WHEN e.status = 'dated' THEN COALESCE(e.end_at, e.start_at) END) "
                f"FROM event_entities x JOIN events e ON e.row_id = x.row_id WHERE x.entity_id IN ({marks}) "
                "AND e.valid_from <= ? AND (e.valid_to IS NULL OR e.valid_to > ?) GROUP BY x.entity_id",
                [*part, version, version]):
            out[entity_id] = (int(n), first[:10] if first else None, last[:10] if last else None)
    return out


def closure(s, added: list[Member], removed: list[Member]) -> tuple[dict[int, Member], int]:
    """The members whose entity a change can alter: those connected, through keys one asks for and another
    answers to, to a member added or removed (see the module's docstring); and how many were looked at."""
    inside = {m.member_id: m for m in added}
    gone = {m.member_id for m in removed}
    frontier = list(added) + list(removed)
    asked: set[tuple[str, str]] = set()
    looked = 0
    while frontier:
        wanted: dict[str, set[str]] = {ASKS: set(), ANSWERS: set()}
        for member in frontier:
            asks, answers = member.keys
            wanted[ANSWERS] |= {k for k in asks if (k, ANSWERS) not in asked}  # members answering to what it asks
            wanted[ASKS] |= {k for k in answers if (k, ASKS) not in asked}  # members asking for what it answers to
        found: set[int] = set()
        for role, keys in wanted.items():
            asked |= {(k, role) for k in keys}
            found.update(r[0] for r in _all_in(
                s, "SELECT member_id FROM entity_keys WHERE role = ? AND key IN ({marks})",
                sorted(storable(k) for k in keys), (role,)))
        found -= inside.keys() | gone
        looked += len(found)
        frontier = [_member(r) for r in _all_in(
            s, f"SELECT {MEMBER_COLUMNS} FROM document_entities WHERE member_id IN ({{marks}})", sorted(found))]
        inside.update((m.member_id, m) for m in frontier)
    return inside, looked


def entity_ids_of(s, doc_ids: Iterable[str]) -> dict[tuple[str, str], str]:
    """(document id, its entity's key) -> the registry id, for the documents ``doc_ids``."""
    out: dict[tuple[str, str], str] = {}
    for doc_id, key, entity_id in _all_in(
            s, "SELECT doc_id, key, entity_id FROM document_entities WHERE doc_id IN ({marks}) AND entity_id IS NOT NULL",
            sorted(set(doc_ids))):
        out[(doc_id, key)] = entity_id
    return out


def event_entities(event: Event) -> set[str]:
    """The registry ids an event's participants carry."""
    return {p.entity for p in event.participants if p.entity is not None}


def collect(s, oldest: int) -> None:
    """Forget entity rows no kept version can see."""
    gone = [r[0] for r in s.all("SELECT row_id FROM entities WHERE valid_to IS NOT NULL AND valid_to <= ?", (oldest,))]
    for part, marks in _chunks(gone):
        s.run(f"DELETE FROM entity_names WHERE entity_row IN ({marks})", part)
        s.run(f"DELETE FROM entities WHERE row_id IN ({marks})", part)
