"""One registry of entities across articles: each article's entities (``DocumentEntity``) linked into the
entities a reader asks a timeline for, with a canonical name, a kind, every alias with the articles it was seen
in, and why the articles' entities were joined.

Two articles' entities are one entity when (in this order):

1. they share a name as the articles write it, the case, a leading "the", a possessive and a trailing legal
   form aside ("Acme Corp." and "Acme Corp"; "Vladimir Putin" in both) — a name an article used for one of its
   entities only as a short form ("Singapore" for "Singapore Airlines") counts only where no article gives it
   as a name of its own;
2. one is named, where the other article gave it as a name of its own, by what stands for one entity of the
   registry: the last words of its name ("A380" for "Airbus A380", "Putin" for "Vladimir Putin"), its
   initials or an acronym an article gave for it ("BigCo" for "Big Company Corporation (BigCo)"), its name in
   the plural, or, for a product, its model number ("the 787" for "Boeing 787 Dreamliner"). A short form two
   entities could claim joins neither, unless many more articles name one of them (``DOMINANCE``). A short
   form an article used beside a longer name ("Apple" for "Apple Corps") joins nothing: the lookup of a
   reader's query still finds both.

Kinds never disagree in a join (a person is never an organisation; an entity no article typed joins any).
The result depends only on the set of articles, not on their order, so a store can rebuild it at any time and
get the same ids: an id is the canonical name made a slug ("airbus-a380"), the canonical name being the name
most articles give as their own (the longest on a tie).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from timeline.entities.names import ampersand_initials, designator, initials, initials_forms, series
from timeline.entities.vocabulary import load
from timeline.model import DocumentEntity

# a name with a number may read as a model in one article and an index in another ("the FTSE 100 firms",
# "the FTSE 100 fell 2 %")
_COMPATIBLE = {frozenset(("org", "index")), frozenset(("product", "index"))}
_JOIN_WHY = {
    "name": "the same name",
    "tail": "the last words of its name",
    "initials": "its initials",
    "acronym": "an acronym an article gave for it",
    "short": "a short form an article used for it",
    "model": "the same model number",
    "plural": "its name in the plural",
    "inner": "its name without an inner word",
    "index": "the index's name without its index words",
}
FUZZY = 0.9  # how alike a query and a name must be to take one for the other (difflib's ratio)
DOMINANCE = 2  # a short form two entities could claim is the one's that many times more articles name


@functools.lru_cache(maxsize=1 << 16)  # names repeat across articles
def name_key(name: str) -> str:
    """A name as the registry compares names: case, a leading "the", a possessive, dots, and trailing legal forms
    aside.

    >>> name_key("The Acme Corp."), name_key("U.S. Steel Co"), name_key("Acme's")
    ('acme', 'us steel', 'acme')
    """
    text = unicodedata.normalize("NFKC", name).lower().strip()
    text = re.sub(r"(?:'s|’s)$", "", text)
    text = re.sub(r"^the\s+", "", text)
    text = text.replace(".", "")
    text = re.sub(r"[\s,]+", " ", text).strip()
    words = text.split()
    legal = load().legal_forms
    while len(words) > 1 and words[-1] in legal:
        words.pop()
    return " ".join(words)


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "entity"


@dataclass
class Alias:
    name: str
    documents: list[str] = field(default_factory=list)
    why: str = ""  # why the name stands for the entity ("" for a name an article gives as its own)

    def to_json(self) -> dict:
        out = {"name": self.name, "documents": self.documents}
        if self.why:
            out["why"] = self.why
        return out


@dataclass
class RegistryEntity:
    id: str
    name: str
    kind: str | None
    aliases: list[Alias] = field(default_factory=list)
    members: list[tuple[str, str]] = field(default_factory=list)  # (document id, the document's entity key)
    joins: list[str] = field(default_factory=list)  # why articles' entities were joined, in words
    classes: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.aliases]

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "aliases": [a.to_json() for a in self.aliases],
                "classes": self.classes, "documents": sorted({d for d, _ in self.members}), "joins": self.joins}


class _Sets:
    """Union-find over member indices."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


def _kinds_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or frozenset((a, b)) in _COMPATIBLE


class Registry:
    """The entities of a timeline and which article entity each is made of."""

    def __init__(self, entities: list[RegistryEntity]):
        self.entities = {e.id: e for e in entities}
        self.of: dict[tuple[str, str], str] = {m: e.id for e in entities for m in e.members}
        self._by_key: dict[str, list[str]] = {}
        self._by_spelling: dict[str, list[str]] = {}  # the names as written, case aside: what a slip is measured on
        self._by_series: dict[str, list[str]] = {}  # the model a variant's name belongs to ("777" of "777-200LR")
        for entity in entities:
            for alias in entity.aliases:
                for table, key in ((self._by_key, name_key(alias.name)), (self._by_spelling, alias.name.lower()),
                                   (self._by_series, series_key(alias.name))):
                    if key is None:
                        continue
                    listed = table.setdefault(key, [])
                    if entity.id not in listed:
                        listed.append(entity.id)

    def __len__(self) -> int:
        return len(self.entities)

    def entity_id(self, document_id: str, key: str | None) -> str | None:
        return self.of.get((document_id, key)) if key is not None else None

    def lookup(self, query: str) -> list[RegistryEntity]:
        """The entities a reader means by ``query``: those with that name or alias (names compared as the registry
        compares them); else the entity whose id it is; else one a slip of the keyboard away ("Airforce",
        "Froce"); else those the query's own short forms name (its last words, its model number, its initials, an
        index's name without its index words: "Boeing 787 Dreamliner" finds the
        "Dreamliner" and the "787" of articles that never wrote the whole); else those with a name containing
        it (case aside). A query naming a model that finds it finds its variants too ("Boeing 777" the
        "777-200LR"; not the other way round)."""
        key = name_key(query)
        if not key:
            return []
        ids = self._by_key.get(key)
        if not ids and query in self.entities:
            return [self.entities[query]]  # an entity's id ("harbor-records", as a picker sends it): that entity alone
        if not ids and len(key) >= 6:
            for table, wanted in ((self._by_key, key), (self._by_spelling, query.strip().lower())):
                close = difflib.get_close_matches(wanted, list(table), n=1, cutoff=FUZZY)
                if close:
                    ids = table[close[0]]
                    break
        if not ids:
            ids = []
            variants = query_variants(query)
            for variant in variants:
                for found in self._by_key.get(variant, ()):
                    if found not in ids:
                        ids.append(found)
        family = model_of_query(query) if ids else None
        if family is not None:
            ids = list(ids) + [i for i in self._by_series.get(family, ()) if i not in ids]
        if ids:
            return [self.entities[i] for i in ids]
        needle = query.lower()
        return [e for e in self.entities.values() if any(needle in a.name.lower() for a in e.aliases)]

    def to_json(self) -> list[dict]:
        return [e.to_json() for e in sorted(self.entities.values(), key=lambda e: e.id)]


class _Index:
    """What names stand for which entity beyond their own names: last words, initials, acronyms, short forms,
    model numbers (with the entities each could mean)."""

    def __init__(self):
        self.keys: dict[str, dict[str, set[str]]] = {}  # key -> reason -> owners

    def add(self, key: str, reason: str, owner: str) -> None:
        if key:
            self.keys.setdefault(key, {}).setdefault(reason, set()).add(owner)

    def owners(self, key: str) -> dict[str, set[str]]:
        return self.keys.get(key, {})

    def unique(self, key: str) -> str | None:
        owners = set().union(*self.owners(key).values()) if key in self.keys else set()
        return next(iter(owners)) if len(owners) == 1 else None


def _subsequences(words: list[str], size: int) -> list[list[str]]:
    import itertools

    return [list(c) for c in itertools.combinations(words, size)]


def series_key(name: str) -> str | None:
    """The key of the model a variant's name belongs to ("777" for "Boeing 777-200LR"), None for another name."""
    found = series(name)
    return found.lower() if found is not None else None


def model_of_query(query: str) -> str | None:
    """The key of the model a query names whose variants it finds too ("777" for "Boeing 777"); None for a query
    naming no model, or a variant itself ("777-200LR" finds no other variant)."""
    model = designator(query)
    return model.lower() if model is not None and series(query) is None else None


def query_variants(query: str) -> list[str]:
    """The short forms a query's name has, as keys: its last words, its model number, an index's name without
    its index words ("Harbor" of "Harbor Composite Index"), its initials (and
    partial initials: "US Air Force" for "United States Air Force")."""
    index = _Index()
    _index_name(index, query, "query", None, own=True)
    return sorted(index.keys, key=lambda k: (-len(k.split()), k))


def _index_name(index: _Index, name: str, owner: str, kind: str | None, own: bool) -> None:
    key = name_key(name)
    if not own:
        index.add(key, "short", owner)
    words = key.split()
    vocab = load()
    org_words = vocab.org_words
    for i in range(1, len(words)):
        tail = words[i:]
        if len(tail) == 1 and (tail[0] in org_words or len(tail[0]) < 2):
            continue  # "Airlines" is nobody's name
        index.add(" ".join(tail), "tail", owner)
    if len(words) > 1 and kind != "person":
        for letters in initials_forms(name):  # "GM" for "General Motors Corp." as for "General Motors"
            if len(letters) >= 2:
                index.add(letters.lower(), "initials", owner)
        short = ampersand_initials(name)
        if short is not None:  # "S&P 500" for "Standard & Poor's 500"
            index.add(name_key(short), "initials", owner)
        for k in range(2, len(words)):  # "US Air Force" for "United States Air Force"
            lead = initials(" ".join(name.split()[:k]))
            if len(lead) == k:
                index.add(" ".join([lead.lower(), *words[k:]]), "initials", owner)
    if 3 <= len(words) <= 5 and kind != "person":  # "the iTunes Store" for "the iTunes Music Store"
        inner = words[1:-1]
        for keep in range(len(inner)):
            for kept in _subsequences(inner, keep):
                index.add(" ".join([words[0], *kept, words[-1]]), "inner", owner)
    model = designator(name) if kind in ("product", None) else None
    if model is not None:
        index.add(model.lower(), "model", owner)
    if kind in ("index", None) and len(words) > 1 and words[-1] in vocab.index_words:
        named = list(words)
        while named and named[-1] in vocab.index_tail_words:
            named.pop()
        if named:  # "Dow Jones" for "Dow Jones Industrial Average", "Nasdaq" for "Nasdaq Composite Index"
            index.add(" ".join(named), "index", owner)


def interaction_keys(entity: DocumentEntity) -> tuple[frozenset[str], frozenset[str]]:
    """What an article's entity can be joined through: the keys it asks for (its own names, and their singular)
    and the keys it answers to (its own names, and every short form ``build_registry`` indexes it under). Two
    entities can be joined, directly, only when one's asks meet the other's answers: a store that rebuilds the
    registry of what a change reaches follows these (kept true with the rules above)."""
    reasons = dict(entity.why)
    own = {name_key(n) for n in entity.names if n not in reasons or n in entity.acronyms}
    own.discard("")
    asks = set(own) | {k[:-1] for k in own if k.endswith("s") and len(k) > 3 and k[-2] != "s"}
    index = _Index()
    for name in entity.names:
        _index_name(index, name, "", entity.kind, own=name not in reasons or name in entity.acronyms)
    for acronym in entity.acronyms:
        index.add(name_key(acronym), "acronym", "")
    return frozenset(asks), frozenset(own | set(index.keys))


def build_registry(documents: Iterable[tuple[str, list[DocumentEntity]]]) -> Registry:
    """The registry of the entities of ``documents`` (document id and its entities)."""
    members: list[tuple[str, DocumentEntity]] = []
    for document_id, entities in documents:
        members.extend((document_id, entity) for entity in entities)
    members.sort(key=lambda m: (m[0], m[1].key))
    sets = _Sets(len(members))
    joins: dict[int, Counter] = {}
    kinds: dict[int, set[str | None]] = {i: {m.kind} if m.kind else set() for i, (_, m) in enumerate(members)}

    def join(a: int, b: int, why: str) -> None:
        ra, rb = sets.find(a), sets.find(b)
        if ra == rb or not all(_kinds_agree(x, y) for x in kinds[ra] or {None} for y in kinds[rb] or {None}):
            return
        sets.union(ra, rb)
        root, other = (ra, rb) if sets.find(ra) == ra else (rb, ra)
        kinds[root] = kinds[root] | kinds.pop(other)
        mine, theirs = joins.pop(root, Counter()), joins.pop(other, Counter())
        if len(mine) < len(theirs):
            mine, theirs = theirs, mine
        mine.update(theirs)  # the smaller into the larger: a famous entity's thousands of joins stay linear
        mine[why] += 1
        joins[root] = mine

    # 1. names the articles give as their own (and acronyms they gave for them)
    owners: dict[str, list[int]] = {}
    own_names: dict[int, set[str]] = {}
    for i, (_, entity) in enumerate(members):
        reasons = dict(entity.why)
        own = {name_key(n) for n in entity.names if n not in reasons or n in entity.acronyms}
        own.discard("")
        own_names[i] = own
        for key in own:
            owners.setdefault(key, []).append(i)
    for key, listed in sorted(owners.items()):
        given = any(key in {name_key(a) for a in members[i][1].acronyms} for i in listed)
        for other in listed[1:]:
            if _kinds_agree(members[listed[0]][1].kind, members[other][1].kind):
                join(listed[0], other, f"{_display(members, listed[0], key)}: {_JOIN_WHY['acronym' if given else 'name']}")
    def owners_of(key: str) -> set[str]:
        return {str(sets.find(i)) for i in owners.get(key, ())}

    # 2. a name of one entity that stands for exactly one other: last words, initials, acronyms, short forms,
    # model numbers, indexed by entity (the groups of step 1)
    index = _Index()
    for i, (_, entity) in enumerate(members):
        root = str(sets.find(i))
        reasons = dict(entity.why)
        for name in entity.names:
            _index_name(index, name, root, entity.kind, own=name not in reasons or name in entity.acronyms)
        for acronym in entity.acronyms:
            index.add(name_key(acronym), "acronym", root)
    documents_of: dict[str, set[str]] = {}
    for i, (document_id, _) in enumerate(members):
        documents_of.setdefault(str(sets.find(i)), set()).add(document_id)
    pending = []
    for i, (document_id, entity) in enumerate(members):
        root = str(sets.find(i))
        for key in sorted(own_names[i]):
            # a name another article used only as a short form of a longer one ("Apple" beside "Apple Corps")
            # joins nothing: that article did not say the short name is the longer one's everywhere
            found = {r: o for r, o in index.owners(key).items() if r != "short"}
            plural = key[:-1] if key.endswith("s") and len(key) > 3 and key[-2] != "s" else None
            if plural is not None:  # "A380s", "Dreamliners": a product named in the plural
                for owner in set().union(*index.owners(plural).values(), owners_of(plural)):
                    if "product" in kinds[int(owner)] or entity.kind == "product" or designator(entity.name) is not None:
                        found.setdefault("plural", set()).add(owner)
            others = set().union(*found.values()) - {root} if found else set()
            if entity.kind == "product":  # a model its article kept apart is another model ("777" beside "777-200LR")
                others = {other for other in others if document_id not in documents_of.get(other, ())}
            best = _dominant(others, documents_of)
            if best is not None:
                reason = next(r for r in ("acronym", "tail", "plural", "model", "initials", "inner", "index")
                              if best in found.get(r, ()))
                pending.append((i, int(best), f"{_display(members, i, key)}: {_JOIN_WHY[reason]}"))
    for a, b, why in pending:
        join(a, b, why)
    return Registry(_entities(members, sets, joins))


def _dominant(candidates: set[str], documents: dict[str, set[str]]) -> str | None:
    """The one entity a short form stands for: the only candidate, or the one named by at least ``DOMINANCE``
    times as many articles as any other ("Jobs" for the Steve Jobs of twenty articles, not for a "U.S. Jobs"
    one article misread)."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (-len(documents.get(c, ())), int(c)))
    if len(ranked) == 1 or len(documents.get(ranked[0], ())) >= DOMINANCE * len(documents.get(ranked[1], ())):
        return ranked[0]
    return None


def _display(members, i: int, key: str) -> str:
    entity = members[i][1]
    return next((n for n in entity.names if name_key(n) == key), entity.name)


def _joins(counted: Counter) -> list[str]:
    """Why articles' entities were joined, each reason once with how many joins it made."""
    return sorted(why if n == 1 else f"{why} (×{n})" for why, n in counted.items())


def _entities(members: list[tuple[str, DocumentEntity]], sets: _Sets, joins: dict[int, Counter]) -> list[RegistryEntity]:
    groups: dict[int, list[int]] = {}
    for i in range(len(members)):
        groups.setdefault(sets.find(i), []).append(i)
    made: list[RegistryEntity] = []
    for root, listed in groups.items():
        counts: dict[str, set[str]] = {}
        aliases: dict[str, Alias] = {}
        kinds: dict[str, int] = {}
        classes: set[str] = set()
        seen: dict[str, set[str]] = {}
        for i in listed:
            document_id, entity = members[i]
            counts.setdefault(entity.name, set()).add(document_id)
            if entity.kind:
                kinds[entity.kind] = kinds.get(entity.kind, 0) + 1
            classes.update(entity.classes)
            reasons = dict(entity.why)
            for name in entity.names:
                alias = aliases.setdefault(name, Alias(name, [], reasons.get(name, "")))
                seen.setdefault(name, set()).add(document_id)
                if not reasons.get(name):
                    alias.why = ""
        plurals = {n for n in counts if n.endswith("s") and n[:-1] in counts}  # "Zephyr X200s" beside "Zephyr X200"
        name = max(counts, key=lambda n: (len(counts[n]), n not in plurals, len(n.split()), len(n), n))
        kind = max(kinds, key=lambda k: (kinds[k], k)) if kinds else None
        for alias in aliases.values():
            alias.documents = sorted(seen[alias.name])
        ordered = sorted(aliases.values(), key=lambda a: (a.name != name, -len(a.documents), a.name))
        made.append(RegistryEntity("", name, kind, ordered, sorted((members[i][0], members[i][1].key) for i in listed),
                                   _joins(joins.get(root, Counter())), sorted(classes)))
    made.sort(key=lambda e: (slug(e.name), e.members[0]))
    taken: dict[str, int] = {}
    for registered in made:
        base = slug(registered.name)
        taken[base] = taken.get(base, 0) + 1
        registered.id = base if taken[base] == 1 else f"{base}-{taken[base]}"
    return made

