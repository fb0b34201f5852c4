"""Entity resolution and participants scored against MEANTIME's annotation, per topic.

Each topic's documents go through the pipeline (the tokens' text, the gold sentences), their entities are linked
by the registry, and each gold entity mention (ENTITY_MENTION with a REFERS_TO to an entity instance) is aligned
with the system's mention that overlaps it most (the rightmost on a tie: an English noun phrase ends in its
head). Three measures:

- **B-cubed** (Bagga & Baldwin 1998) over the gold mentions, across documents: each mention's precision is the
  share of the mentions in its system entity that are in its gold entity (instance), its recall the share of its
  gold entity in its system entity; a gold mention no system mention overlaps is a system entity of its own.
  ``--kinds`` restricts the mentions to names, descriptions or pronouns (MEANTIME's syntactic_type NAM, NOM, PRO).
- **Target mentions**: for each target entity (the SemEval-2015 timelines' entities of the topic), the share of
  its gold mentions the system resolves to what a query for its name finds in the registry (recall), and the
  share of the system's mentions resolved there that are gold mentions of it (precision).
- **Participants**: each gold HAS_PARTICIPANT with a core role (Arg0-Arg4) whose participant is an entity, on an
  event the system found (its trigger inside the gold event mention): found when the system's event has a
  participant of the registry entity that most of that gold entity's aligned mentions resolve to (recall);
  precision over the system's participants of those events that map to any gold entity.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from timeline.assemble import with_registry
from timeline.entities.registry import Registry, build_registry, name_key, query_variants
from timeline.evaluate.meantime import MeantimeDocument, read_corpus
from timeline.model import DocumentEntity, EntityMention, Event
from timeline.pipeline import process

CORE_ROLES = ("Arg0", "Arg1", "Arg2", "Arg3", "Arg4")
KINDS = {"name": ("NAM",), "description": ("NOM",), "pronoun": ("PRO",)}


@dataclass
class Ratio:
    hit: float = 0.0
    total: float = 0.0

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 0.0


@dataclass
class TopicScore:
    topic: str
    documents: int = 0
    mentions: int = 0
    aligned: int = 0
    b3_precision: Ratio = field(default_factory=Ratio)
    b3_recall: Ratio = field(default_factory=Ratio)
    targets: dict[str, tuple[Ratio, Ratio]] = field(default_factory=dict)  # target -> (precision, recall)
    participants_precision: Ratio = field(default_factory=Ratio)
    participants_recall: Ratio = field(default_factory=Ratio)
    participants_gold: int = 0  # gold participations on core roles, found event or not

    def b3_f1(self) -> float:
        p, r = self.b3_precision.value, self.b3_recall.value
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class _Read:
    doc: MeantimeDocument
    events: list[Event]
    entities: list[DocumentEntity]


def _align(gold_span: tuple[int, int], mentions: list[tuple[EntityMention, str]]) -> str | None:
    """The document entity key of the system mention overlapping the gold span most (the rightmost on a tie)."""
    best, best_key = None, None
    for mention, key in mentions:
        overlap = min(gold_span[1], mention.end) - max(gold_span[0], mention.start)
        if overlap <= 0:
            continue
        rank = (overlap, mention.start)
        if best is None or rank > best:
            best, best_key = rank, key
    return best_key


def score_topic(topic: str, docs: list[MeantimeDocument], nlp, targets: Iterable[str] = (), kinds: tuple[str, ...] = (),
                progress: Callable[[Iterable], Iterable] = lambda x: x, antecedents=None) -> TopicScore:
    """Entity resolution and participants of one topic's documents (``antecedents``: as for
    :func:`timeline.pipeline.process`)."""
    read: list[_Read] = []
    for doc in progress(docs):
        if doc.dct is None:
            continue
        result = process(doc.document(), nlp, sentences=doc.sentence_spans(), antecedents=antecedents)
        read.append(_Read(doc, result.events, result.entities))
    registry = build_registry([(r.doc.doc_id, r.entities) for r in read])
    score = TopicScore(topic, documents=len(read))
    # gold mention -> (gold instance, system entity or None)
    pairs: list[tuple[str, str | None, str, str]] = []  # (doc id, mention id, instance, system id)
    for r in read:
        mentions = [(m, e.key) for e in r.entities for m in e.mentions]
        for markable in r.doc.of_tag("ENTITY_MENTION"):
            instance = r.doc.instance_of(markable.id)
            span = r.doc.span(markable)
            if instance is None or instance.tag != "ENTITY" or span is None:
                continue
            if kinds and markable.syntactic_type.split(".")[0] not in kinds:
                continue
            key = _align(span, mentions)
            system = registry.entity_id(r.doc.doc_id, key) if key is not None else None
            pairs.append((r.doc.doc_id, markable.id, instance.instance_id,
                          system if system is not None else f"unaligned:{r.doc.doc_id}:{markable.id}"))
    score.mentions = len(pairs)
    score.aligned = sum(1 for *_, system in pairs if not system.startswith("unaligned:"))
    gold_sizes = Counter(instance for _, _, instance, _ in pairs)
    system_sizes = Counter(system for *_, system in pairs)
    both = Counter((instance, system) for _, _, instance, system in pairs)
    for _, _, gold_id, system in pairs:
        score.b3_precision.hit += both[(gold_id, system)] / system_sizes[system]
        score.b3_recall.hit += both[(gold_id, system)] / gold_sizes[gold_id]
    score.b3_precision.total = score.b3_recall.total = len(pairs)
    _score_targets(score, read, registry, pairs, targets)
    _score_participants(score, read, registry, pairs)
    return score


def target_instance(target: str, read: list[_Read]) -> str | None:
    """The gold entity a target's name stands for: the instance whose mentions are most often written as the
    name itself (the case, "the" and a legal form aside), else as one of its short forms ("787 Dreamliner" for
    "Boeing 787 Dreamliner"); MEANTIME's instance names are descriptions ("iPhone4-EHU"), not the name."""
    full, short = {name_key(target)}, set(query_variants(target))
    counts: dict[int, Counter] = {0: Counter(), 1: Counter()}
    for r in read:
        for markable in r.doc.of_tag("ENTITY_MENTION"):
            instance = r.doc.instance_of(markable.id)
            if instance is None or instance.tag != "ENTITY":
                continue
            key = name_key(r.doc.words(markable))
            if key in full or instance.name.lower() == target.lower():
                counts[0][instance.instance_id] += 1
            elif key in short:
                counts[1][instance.instance_id] += 1
    for rank in (0, 1):
        if counts[rank]:
            return counts[rank].most_common(1)[0][0]
    return None


def _score_targets(score: TopicScore, read: list[_Read], registry: Registry, pairs, targets: Iterable[str]) -> None:
    for target in targets:
        found = target_instance(target, read)
        instances = {found} if found is not None else set()
        wanted = {e.id for e in registry.lookup(target)}
        gold = [(d, m, system) for d, m, instance, system in pairs if instance in instances]
        recall = Ratio(sum(1 for *_, system in gold if system in wanted), len(gold))
        resolved = [(d, m, instance) for d, m, instance, system in pairs if system in wanted]
        precision = Ratio(sum(1 for *_, instance in resolved if instance in instances), len(resolved))
        score.targets[target] = (precision, recall)


def _score_participants(score: TopicScore, read: list[_Read], registry: Registry, pairs) -> None:
    # each gold instance stands for the system entity most of its aligned mentions resolve to
    votes: dict[str, Counter] = {}
    for _, _, instance, system in pairs:
        if not system.startswith("unaligned:"):
            votes.setdefault(instance, Counter())[system] += 1
    mapped = {instance: counter.most_common(1)[0][0] for instance, counter in votes.items()}
    mapped_back = {system: instance for instance, system in mapped.items()}
    for r in read:
        doc = r.doc
        events = with_registry([(doc.document(), r.events)], registry)[0][1]
        at: dict[int, Event] = {}
        for event in events:
            for source in event.sources:
                at[source.trigger_start] = event
        gold_by_event: dict[str, set[str]] = {}
        for participation in doc.participants:
            if participation.role not in CORE_ROLES:
                continue
            instance = doc.instance_of(participation.participant)
            if instance is None or instance.tag != "ENTITY":
                continue
            score.participants_gold += 1
            gold_by_event.setdefault(participation.event, set()).add(instance.instance_id)
        for event_id, instances in gold_by_event.items():
            markable = doc.markables.get(event_id)
            span = doc.span(markable) if markable is not None else None
            if span is None:
                continue
            found = next((e for start, e in at.items() if span[0] <= start < span[1]), None)
            if found is None:
                continue
            system_ids = {p.entity for p in found.participants if p.entity}
            for instance in instances:
                score.participants_recall.total += 1
                if mapped.get(instance) in system_ids:
                    score.participants_recall.hit += 1
            for system in system_ids:
                if system in mapped_back:
                    score.participants_precision.total += 1
                    if mapped_back[system] in instances:
                        score.participants_precision.hit += 1


def evaluate(topics: list[Path], nlp, targets: dict[str, list[str]] | None = None, kinds: tuple[str, ...] = (),
             progress: Callable[[Iterable], Iterable] = lambda x: x, antecedents=None) -> list[TopicScore]:
    """Score each MEANTIME topic directory; ``targets``: the target entities of each topic (by directory name)."""
    return [score_topic(topic.name, read_corpus(topic), nlp, (targets or {}).get(topic.name, ()), kinds, progress,
                        antecedents) for topic in topics]


def format_report(scores: list[TopicScore]) -> str:
    lines = ["entity resolution, B-cubed over gold entity mentions (within and across documents)",
             f"{'topic':<10}{'docs':>6}{'mentions':>10}{'aligned':>9}{'B3 P':>8}{'B3 R':>8}{'B3 F1':>8}"]
    for s in scores:
        lines.append(f"{s.topic:<10}{s.documents:>6}{s.mentions:>10}{100 * s.aligned / max(1, s.mentions):>8.1f}%"
                     f"{100 * s.b3_precision.value:>8.2f}{100 * s.b3_recall.value:>8.2f}{100 * s.b3_f1():>8.2f}")
    lines += ["", "target entities: their gold mentions resolved to the registry entity a query for the name finds",
              f"{'topic':<10}{'target':<26}{'P':>8}{'R':>8}{'gold':>6}"]
    for s in scores:
        for target, (p, r) in s.targets.items():
            lines.append(f"{s.topic:<10}{target[:25]:<26}{100 * p.value:>8.2f}{100 * r.value:>8.2f}{int(r.total):>6}")
        if s.targets:
            p = Ratio(sum(x.hit for x, _ in s.targets.values()), sum(x.total for x, _ in s.targets.values()))
            r = Ratio(sum(y.hit for _, y in s.targets.values()), sum(y.total for _, y in s.targets.values()))
            lines.append(f"{s.topic:<10}{'all targets':<26}{100 * p.value:>8.2f}{100 * r.value:>8.2f}{int(r.total):>6}")
    lines += ["", "participants (HAS_PARTICIPANT, core roles) on the events the system found",
              f"{'topic':<10}{'P':>8}{'R':>8}{'pairs':>7}{'gold':>6}"]
    for s in scores:
        lines.append(f"{s.topic:<10}{100 * s.participants_precision.value:>8.2f}{100 * s.participants_recall.value:>8.2f}"
                     f"{int(s.participants_recall.total):>7}{s.participants_gold:>6}")
    return "\n".join(lines)
