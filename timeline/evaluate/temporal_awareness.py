"""The temporal awareness measure (UzZaman & Allen 2011) as the SemEval-2015 Task 4 scorer applies it to
timelines, with the task's exact string matching.

How the task's tool turns a timeline into TimeML relations, reproduced here:
- the lines are sorted by a "natural" key (the whole line, runs of digits compared as numbers), and lines
  of order 0 (undated events) are dropped;
- each date string is a time node, each event string an event node; the k-th occurrence of an event string
  in the system's timeline is the node of its k-th occurrence in the gold timeline (strings are compared
  exactly: "16844-2-unveiled" matches only "16844-2-unveiled", and "2010-06" is another date than
  "2010-06-XX");
- every event is SIMULTANEOUS with its line's date; each event is BEFORE the next one in the sorted list
  when its order is lower, SIMULTANEOUS with it otherwise.

The measure: each graph is reduced, in the order its relations are given, by dropping the relations
the earlier ones already entail (relations that contradict earlier ones are kept, as the tool keeps them);
precision is the share of the system's reduced relations that the gold graph holds (given, or entailed by
its closure), recall the share of the gold's reduced relations the system graph holds. Totals over several
timelines are micro-averaged: the matched and total counts are summed.

Intervals are pairs of points (start < end); SIMULTANEOUS equates starts and ends, BEFORE puts one end
before the other start; entailment is reachability over those point relations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

BEFORE, SIMULTANEOUS = "BEFORE", "SIMULTANEOUS"
_REVERSE = {BEFORE: "AFTER", "AFTER": BEFORE, SIMULTANEOUS: SIMULTANEOUS}


@dataclass(frozen=True)
class Line:
    order: int
    date: str
    events: tuple[str, ...]


def parse_lines(text: str) -> list[Line]:
    """The lines of a timeline file after its first line (the entity), as the tool reads them: tab-separated
    ORDER, DATE and one or more events; shorter lines are ignored."""
    out = []
    for raw in text.splitlines()[1:]:
        if not raw.strip():
            continue
        parts = raw.rstrip().split("\t")
        if len(parts) < 3 or not parts[0].strip().lstrip("-").isdigit():
            continue
        out.append(Line(int(parts[0]), parts[1], tuple(parts[2:])))
    return out


def _natural_key(line: str) -> tuple:
    # runs of digits as numbers, the rest as text; each part tagged so mixed parts never compare int and str
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", line))


def relations(lines: Iterable[Line], gold_counts: dict[str, int] | None = None) -> list[tuple[str, str, str]]:
    """The TLINKs the task's tool writes for a timeline: (x, relation, y) with nodes "T:date" and
    "E:event#k" (the k-th occurrence of that event string)."""
    rendered = sorted(("\t".join([str(l.order), l.date, *l.events]), l) for l in lines)
    ordered = [l for _, l in sorted(rendered, key=lambda item: _natural_key(item[0]))]
    seen: dict[str, int] = defaultdict(int)
    events: list[tuple[str, int, str]] = []  # (node, order, date)
    for line in ordered:
        if line.order == 0:
            continue
        for event in line.events:
            k = seen[event]
            seen[event] += 1
            if gold_counts is not None and k >= gold_counts.get(event, 0):
                node = f"E:{event}#sys{k}"  # a repeat the gold timeline does not have: matches nothing
            else:
                node = f"E:{event}#{k}"
            events.append((node, line.order, line.date))
    out = [(node, SIMULTANEOUS, "T:" + date) for node, _, date in events]
    for (a, order_a, _), (b, order_b, _) in zip(events, events[1:]):
        out.append((a, BEFORE if order_a < order_b else SIMULTANEOUS, b))
    return out


def event_counts(lines: Iterable[Line]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for line in lines:
        if line.order != 0:
            for event in line.events:
                counts[event] += 1
    return dict(counts)


class PointGraph:
    """Points related by = (merged classes) and < (edges between classes); what the relations added so far
    entail is read by reachability."""

    def __init__(self):
        self._parent: dict[str, str] = {}
        self._after: dict[str, set[str]] = defaultdict(set)

    def has(self, point: str) -> bool:
        return point in self._parent

    def add_point(self, point: str) -> None:
        self._parent.setdefault(point, point)

    def find(self, point: str) -> str:
        root = point
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[point] != root:
            self._parent[point], point = root, self._parent[point]
        return root

    def equal(self, a: str, b: str) -> bool:
        return self.find(a) == self.find(b)

    def less(self, a: str, b: str) -> bool:
        start, goal = self.find(a), self.find(b)
        if start == goal:
            return False
        stack, seen = [start], {start}
        while stack:
            for nxt in self._after.get(stack.pop(), ()):
                nxt = self.find(nxt)
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def add_less(self, a: str, b: str) -> None:
        self._after[self.find(a)].add(self.find(b))

    def add_equal(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[rb] = ra
            self._after[ra] |= self._after.pop(rb, set())


@dataclass
class IntervalGraph:
    """The intervals of one timeline and what its relations entail; ``reduced`` keeps the relations that were
    not entailed when they were added (contradicting ones included), ``given`` every relation as written."""

    points: PointGraph = field(default_factory=PointGraph)
    reduced: list[tuple[str, str, str]] = field(default_factory=list)
    given: set[tuple[str, str, str]] = field(default_factory=set)

    def _interval(self, node: str) -> None:
        if not self.points.has(node + "_s"):
            self.points.add_point(node + "_s")
            self.points.add_point(node + "_e")
            self.points.add_less(node + "_s", node + "_e")

    def holds(self, x: str, rel: str, y: str) -> bool:
        """Whether the relation is entailed (both intervals must be known)."""
        if not (self.points.has(x + "_s") and self.points.has(y + "_s")):
            return False
        p = self.points
        if rel == BEFORE:
            return p.less(x + "_e", y + "_s")
        if rel == SIMULTANEOUS:
            return p.equal(x + "_s", y + "_s") and p.equal(x + "_e", y + "_e")
        return False

    def _contradicts(self, x: str, rel: str, y: str) -> bool:
        p = self.points
        if rel == BEFORE:
            return p.less(y + "_s", x + "_e") or p.equal(x + "_e", y + "_s")
        return any(p.less(a, b) or p.less(b, a) for a, b in ((x + "_s", y + "_s"), (x + "_e", y + "_e")))

    def add(self, x: str, rel: str, y: str) -> None:
        if (x, rel, y) in self.given:
            return  # the tool adds a relation written twice once
        self.given.add((x, rel, y))
        self.given.add((y, _REVERSE[rel], x))
        known = self.points.has(x + "_s") and self.points.has(y + "_s")
        self._interval(x)
        self._interval(y)
        if known and self.holds(x, rel, y):
            return  # entailed by what came before: not in the reduced graph
        self.reduced.append((x, rel, y))
        if known and self._contradicts(x, rel, y):
            return  # kept for scoring, never added to the graph
        if rel == BEFORE:
            self.points.add_less(x + "_e", y + "_s")
        else:
            self.points.add_equal(x + "_s", y + "_s")
            self.points.add_equal(x + "_e", y + "_e")

    def supports(self, x: str, rel: str, y: str) -> bool:
        """The scorer's test for another graph's relation: written here, or entailed here."""
        return (x, rel, y) in self.given or self.holds(x, rel, y)


def graph_of(triples: Iterable[tuple[str, str, str]]) -> IntervalGraph:
    graph = IntervalGraph()
    for x, rel, y in triples:
        graph.add(x, rel, y)
    return graph


@dataclass
class Counts:
    """Matched and total reduced relations, summed over timelines (micro-average)."""

    precision_matched: int = 0
    system_total: int = 0
    recall_matched: int = 0
    gold_total: int = 0

    def add(self, other: "Counts") -> None:
        self.precision_matched += other.precision_matched
        self.system_total += other.system_total
        self.recall_matched += other.recall_matched
        self.gold_total += other.gold_total

    @property
    def precision(self) -> float:
        return self.precision_matched / self.system_total if self.system_total else 0.0

    @property
    def recall(self) -> float:
        return self.recall_matched / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(system: list[Line], gold: list[Line]) -> Counts:
    """Temporal awareness counts of one system timeline against its gold timeline."""
    gold_graph = graph_of(relations(gold))
    system_graph = graph_of(relations(system, event_counts(gold)))
    return Counts(
        precision_matched=sum(1 for r in system_graph.reduced if gold_graph.supports(*r)),
        system_total=len(system_graph.reduced),
        recall_matched=sum(1 for r in gold_graph.reduced if system_graph.supports(*r)),
        gold_total=len(gold_graph.reduced),
    )
