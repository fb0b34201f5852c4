"""How often the dates our events get agree with the gold temporal links of TimeML corpora (TempEval-3's
TimeBank and AQUAINT): for the events the pipeline finds and dates, the share whose date is consistent with
every TLINK the annotators drew between that event and a timex (the document creation time included), per
dating rule ("timex" for an event's own date, and each inference rule of events/dating.toml).

Consistency of our date D (an interval) with a gold link to a timex T (the interval of its value):
IS_INCLUDED, DURING, SIMULTANEOUS, IDENTITY, BEGINS, ENDS, BEGUN_BY, ENDED_BY, INCLUDES — D and T overlap;
BEFORE / IBEFORE — D starts before T starts; AFTER / IAFTER — D ends after T ends. The document creation
time is a moment of its day: an event of that day may be BEFORE it (a statement made that morning) or AFTER
it, so BEFORE the creation time asks D to start by the end of that day, and AFTER it to end after its start.

Two figures per rule: "anchored" counts the events with at least one inclusion link (the annotators said
when, not only before or after what), "linked" every event with a link. "chance" is the agreement the same
events would have with a date drawn at random from the document's date mentions and its creation day: a rule
worth keeping is right well above it, on both corpora. Every rule is measured, whether dating.toml enables it
or not.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from timeline.calendar import parse_value
from timeline.events import context
from timeline.model import Document, Event
from timeline.pipeline import process
from timeline.sources import parse_dct

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.S)
_INCLUSION = {"IS_INCLUDED", "DURING", "SIMULTANEOUS", "IDENTITY", "BEGINS", "ENDS", "BEGUN_BY", "ENDED_BY",
              "INCLUDES", "DURING_INV"}
_INVERSE = {"BEFORE": "AFTER", "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE", "INCLUDES": "IS_INCLUDED",
            "IS_INCLUDED": "INCLUDES", "BEGINS": "BEGUN_BY", "BEGUN_BY": "BEGINS", "ENDS": "ENDED_BY",
            "ENDED_BY": "ENDS", "DURING": "DURING_INV", "DURING_INV": "DURING"}
Interval = tuple[dt.datetime, dt.datetime]


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(raw)}


@dataclass
class GoldDocument:
    docid: str
    dct: dt.date
    text: str
    events: dict[str, tuple[int, int]]  # eid -> character span in the stripped text
    # eid -> (relation of the event to the timex, the timex's interval, whether it is the creation time)
    links: dict[str, list[tuple[str, Interval, bool]]]


def read_gold(path: Path) -> GoldDocument | None:
    """The stripped TEXT, the EVENT spans and the event–timex TLINKs of a TimeML file (None without a DCT)."""
    markup = path.read_text(encoding="utf-8")
    body, dct_tag = _TEXT.search(markup), _DCT.search(markup)
    if body is None or dct_tag is None:
        return None
    dct_attrs = _attrs(dct_tag.group(1))
    dct = parse_dct(dct_attrs.get("value", "")).date
    out: list[str] = []
    length = pos = 0
    open_tags: list[tuple[str, int, dict]] = []
    events: dict[str, tuple[int, int]] = {}
    times: dict[str, Interval] = {}
    content = body.group(1)
    for m in _TAG.finditer(content):
        chunk = html.unescape(content[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if m.group(4):
            continue
        if not closing:
            open_tags.append((name, length, _attrs(m.group(3))))
            continue
        while open_tags:
            tag, start, attrs = open_tags.pop()
            if tag != name:
                continue
            if tag == "EVENT" and "eid" in attrs:
                events[attrs["eid"]] = (start, length)
            elif tag == "TIMEX3" and "tid" in attrs:
                span = _interval(attrs.get("value", ""))
                if span is not None:
                    times[attrs["tid"]] = span
            break
    out.append(html.unescape(content[pos:]))
    dct_tid = dct_attrs.get("tid", "t0")
    times[dct_tid] = (dt.datetime.combine(dct, dt.time()), dt.datetime.combine(dct + dt.timedelta(days=1), dt.time()))
    instances = {}
    for m in re.finditer(r"<MAKEINSTANCE([^>]*)/?>", markup):
        attrs = _attrs(m.group(1))
        if "eiid" in attrs and "eventID" in attrs:
            instances[attrs["eiid"]] = attrs["eventID"]
    links: dict[str, list[tuple[str, Interval, bool]]] = defaultdict(list)
    for m in re.finditer(r"<TLINK([^>]*)/?>", markup):
        attrs = _attrs(m.group(1))
        rel = attrs.get("relType", "").upper()
        if "eventInstanceID" in attrs and "relatedToTime" in attrs:
            event, time = instances.get(attrs["eventInstanceID"]), attrs["relatedToTime"]
        elif "timeID" in attrs and "relatedToEventInstance" in attrs:
            event, time, rel = instances.get(attrs["relatedToEventInstance"]), attrs["timeID"], _INVERSE.get(rel, rel)
        else:
            continue
        if event is not None and time in times:
            links[event].append((rel, times[time], time == dct_tid))
    return GoldDocument(path.stem, dct, "".join(out), events, dict(links))


def _interval(value: str) -> Interval | None:
    point = parse_value(value)
    if point is None or not point.resolved:
        return None
    return point.interval()


def consistent(date: Interval, relation: str, time: Interval, creation: bool = False) -> bool | None:
    """Whether an event dated ``date`` can stand in ``relation`` to a timex spanning ``time`` (``creation``: the
    document creation time, a moment of that day); None for relations that say nothing of when."""
    start, end = date
    t_start, t_end = time
    if relation in _INCLUSION:
        return start < t_end and t_start < end
    if relation in ("BEFORE", "IBEFORE"):
        return start < (t_end if creation else t_start)
    if relation in ("AFTER", "IAFTER"):
        return end > (t_start if creation else t_end)
    return None


def agreement(date: Interval, links: list[tuple[str, Interval, bool]]) -> bool | None:
    """Consistent with every link (None when no link says anything of when)."""
    verdicts = [consistent(date, rel, time, creation) for rel, time, creation in links]
    verdicts = [v for v in verdicts if v is not None]
    return all(verdicts) if verdicts else None


@dataclass
class Tally:
    dated: int = 0  # our dated events that match a gold event
    linked: int = 0
    linked_agree: int = 0
    anchored: int = 0
    anchored_agree: int = 0
    chance_linked: float = 0.0  # expected agreements with a random document date, over the linked events
    chance_anchored: float = 0.0  # the same over the anchored events

    def add(self, other: "Tally") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Found:
    """Which events are found at all, against the corpus's EVENT tags (TimeML's notion of an event): ours whose
    trigger overlaps a gold event, and gold events that one of ours overlaps."""

    ours: int = 0
    ours_matched: int = 0
    gold: int = 0
    gold_found: int = 0

    def add(self, other: "Found") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Report:
    corpora: dict[str, dict[str, Tally]] = field(default_factory=dict)  # corpus -> rule -> tally
    documents: dict[str, int] = field(default_factory=dict)
    found: dict[str, Found] = field(default_factory=dict)  # corpus -> events found


def _rule_of(event: Event) -> str:
    if not event.inferred:
        return "timex"
    return str(event.date.why.get("rule"))


def _event_interval(event: Event) -> Interval | None:
    if event.date.status != "dated" or not event.date.start or not event.date.end:
        return None
    return dt.datetime.fromisoformat(event.date.start), dt.datetime.fromisoformat(event.date.end)


def found_events(gold: GoldDocument, events: list[Event]) -> Found:
    """How many of ``events`` (one document's) overlap a gold EVENT, and how many gold EVENTs they cover."""
    spans = sorted(gold.events.values())
    triggers = [(e.sources[0].trigger_start, e.sources[0].trigger_end) for e in events]
    overlaps = lambda a, b: a[0] < b[1] and b[0] < a[1]  # noqa: E731
    return Found(len(triggers), sum(any(overlaps(t, g) for g in spans) for t in triggers),
                 len(spans), sum(any(overlaps(g, t) for t in triggers) for g in spans))


def evaluate_document(gold: GoldDocument, nlp, found: Found | None = None) -> dict[str, Tally]:
    """Every rule's tallies on one gold document; ``found``, when given, gains its events-found counts."""
    document = Document(gold.docid, gold.text, gold.dct, "timeml:DCT")
    result = process(document, nlp)
    if found is not None:
        found.add(found_events(gold, result.events))
    dct_day = [(gold.dct, gold.dct + dt.timedelta(days=1))]
    candidates = [(dt.datetime.combine(a, dt.time()), dt.datetime.combine(b, dt.time())) for a, b in dct_day]
    for timex in result.timexes:
        if timex.date is not None:
            span = timex.date.interval()
            if span is not None and span not in candidates:
                candidates.append(span)
    by_start = sorted(gold.events.items(), key=lambda item: item[1][0])
    tallies: dict[str, Tally] = defaultdict(Tally)
    for event in result.events:
        date = _event_interval(event)
        if date is None:
            continue
        source = event.sources[0]
        eid = next((e for e, (s, t) in by_start if s < source.trigger_end and source.trigger_start < t), None)
        if eid is None:
            continue
        tally = tallies[_rule_of(event)]
        tally.dated += 1
        links = gold.links.get(eid, [])
        verdict = agreement(date, links)
        if verdict is None:
            continue
        chance = sum(bool(agreement(c, links)) for c in candidates) / len(candidates)
        tally.linked += 1
        tally.linked_agree += verdict
        tally.chance_linked += chance
        if any(rel in _INCLUSION for rel, _, _ in links):
            tally.anchored += 1
            tally.anchored_agree += verdict
            tally.chance_anchored += chance
    return tallies


def evaluate(corpora: list[Path], nlp, progress: Callable[[Iterable], Iterable] = lambda x: x) -> Report:
    """Every rule's tallies on each corpus directory (all dating rules enabled)."""
    report = Report()
    with context.all_rules_enabled():
        for corpus in corpora:
            totals: dict[str, Tally] = defaultdict(Tally)
            found = report.found[corpus.name] = Found()
            count = 0
            for path in progress(sorted(corpus.glob("*.tml"))):
                gold = read_gold(path)
                if gold is None:
                    continue
                count += 1
                for rule, tally in evaluate_document(gold, nlp, found).items():
                    totals[rule].add(tally)
            report.corpora[corpus.name] = dict(totals)
            report.documents[corpus.name] = count
    return report


def format_report(report: Report) -> str:
    header = (f"{'corpus':<10}{'rule':<34}{'dated':>7}{'linked':>8}{'agree':>8}{'chance':>8}{'anchored':>10}{'agree':>8}"
              f"{'chance':>8}")
    lines = [header, "-" * len(header)]
    order = ["timex", *context.rule_order()]
    for corpus, tallies in report.corpora.items():
        for rule in order + sorted(set(tallies) - set(order)):
            t = tallies.get(rule)
            if t is None:
                continue
            enabled = rule == "timex" or context.rules().get(rule, context.Rule("", "", False)).enabled
            name = rule if enabled else f"{rule} (off)"
            lines.append(
                f"{corpus:<10}{name:<34}{t.dated:>7}{t.linked:>8}{_pct(t.linked_agree, t.linked):>8}"
                f"{_pct(t.chance_linked, t.linked):>8}{t.anchored:>10}{_pct(t.anchored_agree, t.anchored):>8}"
                f"{_pct(t.chance_anchored, t.anchored):>8}")
    lines.append("agree: share consistent with every gold event-timex link; anchored: events with an inclusion link;")
    lines.append("chance: the same events dated by a random date of their document (its mentions and its creation day)")
    if report.found:
        lines += ["", f"{'corpus':<10}{'events':>8}{'P':>7}{'gold':>8}{'R':>7}{'F1':>7}", "-" * 47]
        for corpus, f in report.found.items():
            p, r = (f.ours_matched / f.ours if f.ours else 0.0), (f.gold_found / f.gold if f.gold else 0.0)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            lines.append(f"{corpus:<10}{f.ours:>8}{100 * p:>7.1f}{f.gold:>8}{100 * r:>7.1f}{100 * f1:>7.1f}")
        lines.append("events found: ours whose trigger overlaps a gold EVENT (P), gold EVENTs one of ours overlaps (R)")
    return "\n".join(lines)


def _pct(n: float, d: int) -> str:
    return f"{100 * n / d:.1f}" if d else "-"
