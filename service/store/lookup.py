"""What a reader's ``entity`` filter means in one version of the stored registry: ``Registry.lookup``
(timeline/entities/registry.py) answered by indexed queries of ``entity_names`` instead of by a registry held
in memory, step for step:

1. the entities with a name whose key (``name_key``: case, a leading "the", legal forms aside) is the query's;
   else the entity whose id the query is (as a picker sends it);
2. else, for a query of six characters or more, those of the one name a slip of the keyboard away (difflib's
   ratio at least ``FUZZY``, over the keys, then over the names as written): difflib only compares names whose
   lengths allow that ratio (``real_quick_ratio``), so only those are read, through the index by length;
3. else those the query's own short forms name (its last words, its model number, its initials, an index's name
   without its index words: ``query_variants``, the same function);
4. else those with a name containing the query, case aside — listed when they are at most ``FEW``, else
   left to the timeline's queries as that condition (a one-letter query names most of a registry);

and where one of the first three finds entities for a query naming a model (``model_of_query``), it finds
the model's variants too, through the names' ``series`` ("Boeing 777" the "777-200LR").

tests/test_store_registry.py asks the same queries of the store and of ``Registry.lookup``.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

from timeline.entities.registry import FUZZY, model_of_query, name_key, query_variants

FEW = 500  # entities listed by id; beyond, the filter tests names containing the query in SQL
VISIBLE = "r.valid_from <= ? AND (r.valid_to IS NULL OR r.valid_to > ?)"
_NAMES = "FROM entity_names n JOIN entities r ON r.row_id = n.entity_row WHERE " + VISIBLE


@dataclass(frozen=True)
class Match:
    """The entities a query means: their ids, or (``ids`` None) every entity with a name containing
    ``contains``, too many to list."""

    ids: tuple[str, ...] | None
    contains: str | None = None


def _ids(s, version: int, column: str, values: list[str]) -> list[str]:
    if not values:
        return []
    marks = ",".join("?" * len(values))
    rows = s.all(f"SELECT DISTINCT r.id {_NAMES} AND n.{column} IN ({marks}) ORDER BY r.id", (version, version, *values))
    return [r[0] for r in rows]


def _close(s, version: int, column: str, wanted: str) -> str | None:
    """The name (``column``: key or spelling) difflib takes for ``wanted``, among those of ``version``."""
    n = len(wanted)
    # real_quick_ratio = 2 min(a, b) / (a + b) >= FUZZY bounds the other's length; one more either side
    # for rounding, difflib decides
    lo, hi = math.floor(n * FUZZY / (2 - FUZZY)) - 1, math.ceil(n * (2 - FUZZY) / FUZZY) + 1
    rows = s.all(f"SELECT DISTINCT n.{column} {_NAMES} AND n.{column}_length BETWEEN ? AND ?", (version, version, lo, hi))
    close = difflib.get_close_matches(wanted, [r[0] for r in rows], n=1, cutoff=FUZZY)
    return close[0] if close else None


def lookup(s, version: int, query: str) -> Match:
    """The entities of ``version`` that ``query`` means (``Registry.lookup``, see the module's docstring)."""
    key = name_key(query)
    if not key:
        return Match(())
    ids = _ids(s, version, "key", [key])
    if not ids and s.one(f"SELECT 1 FROM entities r WHERE r.id = ? AND {VISIBLE}", (query, version, version)):
        return Match((query,))
    if not ids and len(key) >= 6:
        for column, wanted in (("key", key), ("spelling", query.strip().lower())):
            close = _close(s, version, column, wanted)
            if close is not None:
                ids = _ids(s, version, column, [close])
                break
    if not ids:
        ids = _ids(s, version, "key", query_variants(query))
    family = model_of_query(query) if ids else None
    if family is not None:
        ids = list(ids) + [i for i in _ids(s, version, "series", [family]) if i not in ids]
    if ids:
        return Match(tuple(ids))
    needle = query.lower()
    rows = s.all(f"SELECT DISTINCT r.id {_NAMES} AND {s.dialect.contains.format('n.spelling', '?')} ORDER BY r.id "
                 "LIMIT ?", (version, version, needle, FEW + 1))
    if len(rows) > FEW:
        return Match(None, needle)
    return Match(tuple(r[0] for r in rows))


def containing_sql(dialect) -> str:
    """The ids of the entities of a version with a name containing a text (parameters: version twice, the
    text): what ``Match(None, contains)`` stands for."""
    return f"SELECT r.id {_NAMES} AND {dialect.contains.format('n.spelling', '?')}"
