"""SemEval-2015 Task 4 (TimeLine: cross-document event ordering), track A: an entity's timeline from raw
documents, written in the task's format and scored as the task's tool scores it.

The timeline is the product's: each document goes through the pipeline (events, participants, dates, the
inferred ones included), the events in which the target entity takes part are kept, and the documents'
events are assembled as `timeline build` assembles them (the same event told by two articles is one line).

Output lines are ``ORDER<TAB>DATE<TAB>EVENT [<TAB>EVENT ...]``: EVENT is ``DOCID-SENTENCE-word`` (the word as
the document's tokens spell it; a phrasal verb's particles joined with "_", "showed_off"), DATE is
``YYYY-MM-DD``, ``YYYY-MM-XX`` or ``YYYY-XX-XX``, and undated events are at order 0 with ``XXXX-XX-XX``.
Events on one date share an order (a month comes before the days inside it); events of one date and kind share
a line. As the task anchors an event that has held since a date to that date ("has been fighting the illness
since 2004": 2004), such an event, which our timeline keeps apart as vague, is written at its start.

Scores: temporal awareness as the task's tool computes it (temporal_awareness.py: exact strings); event
precision and recall over the event strings; the share of found gold events with the gold date. The
"lenient" column runs the same measure after writing dates one way ("2010-06" as "2010-06-XX") and events
without their particles and case: a view of how much the exact strings cost, not the task's measure.

Only the raw text is used: the EVENT annotations of the documents are stripped like every other tag.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from timeline import calendar as cal
from timeline.assemble import build_timeline, entity_ids, with_registry
from timeline.evaluate import temporal_awareness as ta
from timeline.entities import refers_to
from timeline.entities.registry import Registry, build_registry
from timeline.model import Document, Event
from timeline.pipeline import process
from timeline.sources import parse_dct

_SENTENCE = re.compile(r'<s id="(\d+)">(.*?)</s>', re.S)
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)
_DCT = re.compile(r"<DCT>\s*<TIMEX3[^>]*value=\"([^\"]+)\"", re.S)
_TITLE = re.compile(r"<EXTRAINFO>(.*?)</EXTRAINFO>", re.S)
_TAG = re.compile(r"<[^>]+>")
UNDATED = "XXXX-XX-XX"


class TaskFormatError(ValueError):
    """A file that is not a task document or timeline this reader understands."""


# --- reading the task's documents -------------------------------------------------------------
@dataclass
class TaskSentence:
    number: int
    tokens: list[str]
    start: int  # character offset of the sentence in the document text
    token_starts: list[int]

    @property
    def end(self) -> int:
        return self.token_starts[-1] + len(self.tokens[-1]) if self.tokens else self.start


@dataclass
class TaskDocument:
    docid: str
    dct: dt.date
    text: str
    sentences: list[TaskSentence]
    title: str | None = None

    def document(self) -> Document:
        return Document(id=self.docid, text=self.text, dct=self.dct, dct_source="timeml:DCT", title=self.title)

    def mention(self, start: int, phrase: str | None = None) -> str | None:
        """``DOCID-SENTENCE-word`` of the token at character ``start`` (None outside the task's sentences)."""
        for sentence in self.sentences:
            if sentence.start <= start < sentence.end:
                index = max(k for k, s in enumerate(sentence.token_starts) if s <= start)
                word = sentence.tokens[index]
                if phrase and " " in phrase:
                    word = "_".join([word, *phrase.split()[1:]])
                return f"{self.docid}-{sentence.number}-{word}"
        return None


def read_document(path: Path) -> TaskDocument:
    """A task document: its sentences of space-separated tokens (tags stripped), one sentence a line."""
    markup = path.read_text(encoding="utf-8")
    docid, dct = _DOCID.search(markup), _DCT.search(markup)
    if docid is None or dct is None:
        raise TaskFormatError(f"{path}: no DOCID or DCT: not a task document")
    title = _TITLE.search(markup)
    pieces: list[str] = []
    sentences: list[TaskSentence] = []
    pos = 0
    for m in _SENTENCE.finditer(markup):
        tokens = [_unescape(t) for t in _TAG.sub("", m.group(2)).split()]
        if not tokens:
            continue
        starts = []
        offset = pos
        for token in tokens:
            starts.append(offset)
            offset += len(token) + 1
        sentences.append(TaskSentence(int(m.group(1)), tokens, pos, starts))
        line = " ".join(tokens)
        pieces.append(line)
        pos += len(line) + 1
    text = "\n".join(pieces)
    return TaskDocument(docid.group(1).strip(), parse_dct(dct.group(1)).date, text, sentences,
                        _unescape(title.group(1)).strip() if title else None)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


# --- timelines ------------------------------------------------------------------------------------
@dataclass
class TaskTimeline:
    entity: str
    lines: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (order, date, events)

    def render(self) -> str:
        out = [self.entity]
        for order, date, events in self.lines:
            out.append("\t".join([str(order), date, *events]))
        return "\n".join(out) + "\n"

    def as_lines(self) -> list[ta.Line]:
        return [ta.Line(order, date, tuple(events)) for order, date, events in self.lines]


def read_timeline(path: Path) -> TaskTimeline:
    """A gold (or system) timeline file, its strings kept exactly."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines:
        raise TaskFormatError(f"{path}: empty: a timeline file starts with its entity")
    timeline = TaskTimeline(lines[0].strip())
    for line in ta.parse_lines(text):
        timeline.lines.append((line.order, line.date, list(line.events)))
    return timeline


def normalize_date(date: str) -> str:
    """One spelling per date, for the lenient view: "2004" and "2004-XX-XX" are the same year.

    >>> normalize_date("2004"), normalize_date("2011-06"), normalize_date("XXX-XX-XX")
    ('2004-XX-XX', '2011-06-XX', 'XXXX-XX-XX')
    """
    parts = date.strip().split("-")
    if not parts[0].isdigit():
        return UNDATED
    parts += ["XX"] * (3 - len(parts))
    return "-".join(parts[:3])


def task_date(point: cal.Point | None) -> str:
    """The task's date form (YYYY-MM-DD, YYYY-MM-XX, YYYY-XX-XX) of a resolved point."""
    if point is None or not point.resolved:
        return UNDATED
    day = point.date()
    if day is not None:
        return day.isoformat()
    if point.year is None:
        return UNDATED
    if point.week is not None:
        thursday = dt.date.fromisocalendar(point.year, point.week, 4)  # the month most of the week is in
        return f"{thursday.year:04d}-{thursday.month:02d}-XX"
    if point.month is not None:
        return f"{point.year:04d}-{point.month:02d}-XX"
    return f"{point.year:04d}-XX-XX"


def _date_key(date: str) -> tuple:
    parts = date.split("-")
    numbers = [int(p) if p.isdigit() else 0 for p in parts + ["XX"] * (3 - len(parts))]
    return tuple(numbers[:3])


def build_task_timeline(entity: str, events: list[Event], documents: dict[str, TaskDocument]) -> TaskTimeline:
    """The task's lines for an entity's (assembled) events: undated ones at order 0, dated ones by date."""
    by_line: dict[tuple[str, str], list[str]] = {}
    for event in events:
        date = task_date(event.date.point) if event.date.status == "dated" or event.date.relation == "since" else UNDATED
        key = (date, event.lemma)
        for source in event.sources:
            task = documents.get(source.document_id)
            mention = task.mention(source.trigger_start, source.trigger_phrase) if task is not None else None
            if mention is not None and mention not in by_line.setdefault(key, []):
                by_line[key].append(mention)
    timeline = TaskTimeline(entity)
    dates = sorted({date for date, _ in by_line if date != UNDATED}, key=_date_key)
    order = {date: n for n, date in enumerate(dates, start=1)}
    order[UNDATED] = 0
    for (date, _), mentions in sorted(by_line.items(), key=lambda item: (order[item[0][0]], item[0][1])):
        if mentions:
            timeline.lines.append((order[date], date, mentions))
    return timeline


def entity_events(results: list[tuple[Document, list[Event]]], entity: str, registry: Registry | None = None) -> list[Event]:
    """The events the entity takes part in, assembled across documents as the product assembles them: the
    entities of the registry the target's name finds (without a registry, participants whose names the
    target's name covers)."""
    if registry is not None:
        wanted = entity_ids(registry, entity) or frozenset()
        named = with_registry(results, registry)
        kept = [(doc, [e for e in events if any(p.entity in wanted for p in e.participants)]) for doc, events in named]
    else:
        kept = [(doc, [e for e in events if any(refers_to([p.name, *p.aliases], entity) for p in e.participants)])
                for doc, events in results]
    return build_timeline(kept).all_events()


# --- scoring -----------------------------------------------------------------------------------
@dataclass
class Score:
    awareness: ta.Counts = field(default_factory=ta.Counts)
    lenient: ta.Counts = field(default_factory=ta.Counts)
    ev_tp: int = 0
    ev_sys: int = 0
    ev_gold: int = 0
    date_right: int = 0

    def add(self, other: "Score") -> None:
        self.awareness.add(other.awareness)
        self.lenient.add(other.lenient)
        self.ev_tp += other.ev_tp
        self.ev_sys += other.ev_sys
        self.ev_gold += other.ev_gold
        self.date_right += other.date_right

    def table(self) -> dict[str, float]:
        ep = self.ev_tp / self.ev_sys if self.ev_sys else 0.0
        er = self.ev_tp / self.ev_gold if self.ev_gold else 0.0
        return {
            "precision": self.awareness.precision, "recall": self.awareness.recall, "f1": self.awareness.f1,
            "event_precision": ep, "event_recall": er, "event_f1": 2 * ep * er / (ep + er) if ep + er else 0.0,
            "date_accuracy": self.date_right / self.ev_tp if self.ev_tp else 0.0,
            "lenient_f1": self.lenient.f1,
        }


def _lenient(lines: list[ta.Line]) -> list[ta.Line]:
    return [ta.Line(l.order, normalize_date(l.date), tuple(e.split("_")[0].lower() for e in l.events)) for l in lines]


def score_timeline(system: TaskTimeline, gold: TaskTimeline) -> Score:
    sys_lines, gold_lines = system.as_lines(), gold.as_lines()
    out = Score(ta.score(sys_lines, gold_lines), ta.score(_lenient(sys_lines), _lenient(gold_lines)))
    gold_dates = {e: date for _, date, events in gold.lines for e in events}
    sys_dates = {e: date for _, date, events in system.lines for e in events}
    found = set(sys_dates) & set(gold_dates)
    out.ev_sys, out.ev_gold, out.ev_tp = len(sys_dates), len(gold_dates), len(found)
    out.date_right = sum(1 for e in found if sys_dates[e] == gold_dates[e])
    return out


# --- where the gold events are lost ------------------------------------------------------------------
LOSSES = ("not found", "not tied", "gold date", "other date")
LOSS_HELP = {
    "not found": "no event of ours on that word",
    "not tied": "an event of ours on that word, but the entity is not among its participants",
    "gold date": "in the entity's timeline with the gold date",
    "other date": "in the entity's timeline with another date (or undated where the gold dates it)",
}


@dataclass
class Attribution:
    """Each gold event mention of one timeline in the first of ``LOSSES`` that holds for it, and the system's
    mentions the gold timeline does not have (``extra``)."""

    mentions: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in LOSSES})
    extra: list[str] = field(default_factory=list)

    def add(self, other: "Attribution") -> None:
        for kind in LOSSES:
            self.mentions[kind].extend(other.mentions[kind])
        self.extra.extend(other.extra)

    def counts(self) -> dict[str, int]:
        return {kind: len(found) for kind, found in self.mentions.items()}


def attribute(system: TaskTimeline, gold: TaskTimeline, found: set[str]) -> Attribution:
    """Where each gold mention of ``gold`` stands in ``system``, given ``found``, the mention strings of every
    event the pipeline found in the documents (whoever takes part in it)."""
    out = Attribution()
    system_dates = {e: date for _, date, events in system.lines for e in events}
    gold_mentions = {e for _, _, events in gold.lines for e in events}
    for _, date, events in gold.lines:
        for mention in events:
            if mention in system_dates:
                kind = "gold date" if system_dates[mention] == date else "other date"
            else:
                kind = "not tied" if mention in found else "not found"
            out.mentions[kind].append(f"{mention}\t{date}" + (f"\t{system_dates[mention]}" if kind == "other date" else ""))
    out.extra = sorted(e for e in system_dates if e not in gold_mentions)
    return out


def format_attribution(per: dict[str, Attribution], listing: bool = False) -> str:
    """The share of gold mentions lost at each step, per timeline and in all (with every mention when
    ``listing``)."""
    header = f"{'timeline':<22}{'gold':>6}" + "".join(f"{kind:>12}" for kind in LOSSES) + f"{'extra':>8}"
    lines = [header, "-" * len(header)]
    total = Attribution()

    def row(name: str, a: Attribution) -> str:
        counts = a.counts()
        n = sum(counts.values())
        cells = "".join(f"{counts[k]:>5} {100 * counts[k] / n if n else 0:>5.1f}%" for k in LOSSES)
        return f"{name[:21]:<22}{n:>6}{cells}{len(a.extra):>8}"

    for name, attribution in per.items():
        total.add(attribution)
        lines.append(row(name, attribution))
    lines.append(row("all", total))
    lines.extend(f"  {kind}: {LOSS_HELP[kind]}" for kind in LOSSES)
    lines.append("  extra: system mentions the gold timeline does not have")
    if listing:
        for name, attribution in per.items():
            lines.append(f"\n## {name}")
            for kind in LOSSES:
                lines.extend(f"{kind}\t{m}" for m in attribution.mentions[kind])
            lines.extend(f"extra\t{m}" for m in attribution.extra)
    return "\n".join(lines)


def found_mentions(results: list[tuple[Document, list[Event]]], documents: dict[str, TaskDocument]) -> set[str]:
    """The task's mention strings of every event found, whoever takes part in it."""
    out = set()
    for _, events in results:
        for event in events:
            for source in event.sources:
                task = documents.get(source.document_id)
                mention = task.mention(source.trigger_start, source.trigger_phrase) if task is not None else None
                if mention is not None:
                    out.add(mention)
    return out


def timeline_file_name(entity: str) -> str:
    """The task's file name for an entity's timeline: "Airbus A380" → "airbus_a380.txt"."""
    return re.sub(r"[^a-z0-9]+", "_", entity.lower()).strip("_") + ".txt"


def target_timelines(gold: Path) -> list[tuple[str, TaskTimeline]]:
    """The timelines to build: a directory of timeline files (gold ones, or files holding only their entity on
    the first line), or a file listing one target entity a line (then written as ``timeline_file_name``)."""
    if gold.is_dir():
        return [(path.name, read_timeline(path)) for path in sorted(gold.glob("*.txt"))]
    names = [line.strip() for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(timeline_file_name(name), TaskTimeline(name)) for name in names]


def evaluate(docs_dir: Path, gold_dir: Path, nlp, out_dir: Path | None = None,
             progress: Callable[[Iterable], Iterable] = lambda x: x,
             attributions: dict[str, Attribution] | None = None) -> tuple[Score, dict[str, dict[str, float]]]:
    """Build, write (when ``out_dir``) and score the timeline of every entity of ``gold_dir`` (a gold file may
    hold only its first line, the entity: its timeline is then written and scored against nothing; or
    ``gold_dir`` is a file of target entities, one a line, see ``target_timelines``). When
    ``attributions`` is given, it receives where each timeline's gold mentions are lost."""
    documents: dict[str, TaskDocument] = {}
    results: list[tuple[Document, list[Event]]] = []
    entities: list[tuple[str, list]] = []
    for path in progress(sorted(docs_dir.glob("*.tml"))):
        try:
            task = read_document(path)
        except (TaskFormatError, ValueError, UnicodeDecodeError) as exc:
            import logging

            logging.getLogger(__name__).warning("skipped %s: %s", path, exc)
            continue
        documents[task.docid] = task
        document = task.document()
        spans = [(s.start, s.end) for s in task.sentences]
        result = process(document, nlp, sentences=spans)
        results.append((document, result.events))
        entities.append((document.id, result.entities))
    registry = build_registry(entities)
    total = Score()
    per: dict[str, dict[str, float]] = {}
    found: set[str] | None = None
    for name, gold in target_timelines(gold_dir):
        system = build_task_timeline(gold.entity, entity_events(results, gold.entity, registry), documents)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / name).write_text(system.render(), encoding="utf-8")
        one = score_timeline(system, gold)
        total.add(one)
        per[gold.entity] = one.table()
        if attributions is not None:
            if found is None:
                found = found_mentions(results, documents)
            attributions[gold.entity] = attribute(system, gold, found)
    return total, per


def format_report(total: Score, per: dict[str, dict[str, float]], split: dict[str, list[str]] | None = None) -> str:
    """The per-timeline table, the micro-average, and the micro-average of each named group of timelines."""
    header = (f"{'timeline':<22}{'TA P':>7}{'TA R':>7}{'TA F1':>7}{'ev P':>7}{'ev R':>7}{'ev F1':>7}{'date acc':>9}"
              f"{'lenient':>9}")
    lines = [header, "-" * len(header)]

    def row(name: str, t: dict[str, float]) -> str:
        return (f"{name[:21]:<22}{100 * t['precision']:>7.2f}{100 * t['recall']:>7.2f}{100 * t['f1']:>7.2f}"
                f"{100 * t['event_precision']:>7.2f}{100 * t['event_recall']:>7.2f}{100 * t['event_f1']:>7.2f}"
                f"{100 * t['date_accuracy']:>9.2f}{100 * t['lenient_f1']:>9.2f}")

    for name, t in per.items():
        lines.append(row(name, t))
    lines.append(row("micro-average", total.table()))
    lines.append("TA: temporal awareness with the task's exact strings; lenient: the same on normalised dates and words")
    return "\n".join(lines)
