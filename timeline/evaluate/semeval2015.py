"""SemEval-2015 Task 4 (TimeLine: cross-document event ordering), track A: build an entity's timeline
from raw documents, write it in the task's format and score it.

Output lines are ``ORDER<TAB>DATE<TAB>DOCID-SENT-TOKEN-word ...`` (token numbers count the
sentence's space-separated tokens from 0; dates are YYYY-MM-DD, YYYY-MM-XX, YYYY-XX-XX or
XXXX-XX-XX with order 0 for undated events).

Scoring follows the task's temporal awareness measure (UzZaman & Allen 2011): each timeline becomes
a graph whose nodes are events and dates; events sharing a line are SIMULTANEOUS, each dated
event is SIMULTANEOUS with its date, and each line is BEFORE the next. Precision is the share of
the system graph's reduced relations found in the closure of the gold graph, recall the share of the
gold graph's reduced relations found in the closure of the system graph; both are micro-averaged
over timelines. Event precision/recall ignore order and dates; "date accuracy" is the share of
found gold events that got the gold date.

Only the raw text is used: EVENT annotations in the documents are stripped like every other tag.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from timeline.events.attach import attach, is_event_noun
from timeline.nlp import lemma, run
from timeline.sources import parse_dct
from timeline import calendar as cal
from timeline.timex.extractor import extract_timexes
from timeline.timex.tense import group_tense

PARSE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
_SENTENCE = re.compile(r'<s id="(\d+)">(.*?)</s>', re.S)
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)
_DCT = re.compile(r"<DCT>\s*<TIMEX3[^>]*value=\"([^\"]+)\"", re.S)
_TAG = re.compile(r"<[^>]+>")
_PRONOUNS = {"it", "he", "she", "its", "his", "her"}
UNDATED = "XXXX-XX-XX"


# --- reading the task's documents -------------------------------------------------------------
@dataclass
class TaskSentence:
    number: int
    tokens: list[str]
    start: int  # character offset of the sentence in the document text
    token_starts: list[int]


@dataclass
class TaskDocument:
    docid: str
    dct: dt.date
    text: str
    sentences: list[TaskSentence]


def read_document(path: Path) -> TaskDocument:
    """A task document: its sentences of space-separated tokens (tags stripped) joined into one text."""
    markup = path.read_text(encoding="utf-8")
    docid = _DOCID.search(markup).group(1).strip()
    dct = parse_dct(_DCT.search(markup).group(1)).date
    pieces: list[str] = []
    sentences: list[TaskSentence] = []
    pos = 0
    for m in _SENTENCE.finditer(markup):
        tokens = _TAG.sub("", m.group(2)).split()
        starts = []
        offset = pos
        for token in tokens:
            starts.append(offset)
            offset += len(token) + 1
        sentences.append(TaskSentence(int(m.group(1)), tokens, pos, starts))
        line = " ".join(tokens)
        pieces.append(line)
        pos += len(line) + 2
    return TaskDocument(docid, dct, "\n\n".join(pieces), sentences)


# --- timelines ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mention:
    docid: str
    sentence: int
    token: int
    word: str

    @property
    def key(self) -> tuple[str, int, str]:
        # multiword events are written joined ("showed_off", "step_down"): their first word is the event
        return (self.docid, self.sentence, self.word.lower().split("_")[0])

    def render(self) -> str:
        return f"{self.docid}-{self.sentence}-{self.token}-{self.word}"


@dataclass
class TaskTimeline:
    entity: str
    lines: list[tuple[int, str, list[Mention]]] = field(default_factory=list)  # (order, date, events)

    def render(self) -> str:
        out = [self.entity]
        for order, date, events in self.lines:
            out.append("\t".join([str(order), date] + [e.render() for e in events]))
        return "\n".join(out) + "\n"


def normalize_date(date: str) -> str:
    """One spelling per date: "2004" and "2004-XX-XX" are the same year, "2011-06" is "2011-06-XX".

    >>> normalize_date("2004"), normalize_date("2011-06"), normalize_date("XXX-XX-XX")
    ('2004-XX-XX', '2011-06-XX', 'XXXX-XX-XX')
    """
    parts = date.strip().split("-")
    if not parts[0].isdigit():
        return UNDATED
    parts += ["XX"] * (3 - len(parts))
    return "-".join(parts[:3])


def read_timeline(path: Path) -> TaskTimeline:
    """A gold (or system) timeline file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    timeline = TaskTimeline(lines[0].strip())
    for line in lines[1:]:
        if not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        events = []
        for item in parts[2:]:
            pieces = item.split("-")
            if len(pieces) >= 4 and pieces[2].isdigit():
                events.append(Mention(pieces[0], int(pieces[1]), int(pieces[2]), "-".join(pieces[3:])))
            elif len(pieces) >= 3:
                events.append(Mention(pieces[0], int(pieces[1]), -1, "-".join(pieces[2:])))
        timeline.lines.append((int(parts[0]), normalize_date(parts[1]), events))
    return timeline


# --- from documents to an entity's events ---------------------------------------------------------
def entity_variants(entity: str) -> list[str]:
    """Ways a text names the entity: the full name, multiword parts, a person's surname, brand-like words.

    >>> entity_variants("Steve Jobs"), entity_variants("iTunes store")
    (['Steve Jobs', 'Jobs'], ['iTunes store', 'iTunes'])
    """
    words = entity.split()
    variants = [entity]
    for size in range(len(words) - 1, 1, -1):
        for i in range(len(words) - size + 1):
            variants.append(" ".join(words[i : i + size]))
    person_like = len(words) == 2 and all(w[:1].isupper() and w[1:].islower() for w in words)
    for i, word in enumerate(words):
        others = words[:i] + words[i + 1 :]
        # a brand name alone stands for the entity only when the rest is a common word ("iTunes store"),
        # not when the rest tells models apart ("iPhone 4" is not every "iPhone")
        brand = bool(re.search(r"[a-z][A-Z]", word)) and all(w.islower() for w in others)
        if (person_like and i == len(words) - 1) or brand or (i == len(words) - 1 and len(words) > 2 and word[:1].isupper()):
            variants.append(word)
    return list(dict.fromkeys(variants))


@dataclass
class ParsedDocument:
    task: TaskDocument
    sents: list  # spaCy Doc per sentence
    timexes: list  # timexes of the document text


def parse_document(task: TaskDocument, nlp) -> ParsedDocument:
    timexes = extract_timexes(task.text, task.dct, nlp=nlp)
    texts = [" ".join(s.tokens) for s in task.sentences]
    components = [c for c in PARSE if c in nlp.pipe_names]
    return ParsedDocument(task, run(nlp, texts, components), timexes)


def _original_index(sentence: TaskSentence, spacy_token) -> int:
    offset = sentence.start + spacy_token.idx
    index = 0
    for i, start in enumerate(sentence.token_starts):
        if start <= offset:
            index = i
    return index


# verbs whose complement is the event: "started by hinting", "moved on to talk", "has chosen to step down"
_ASPECTUAL = {"start", "begin", "continue", "move", "attempt", "try", "choose", "manage", "go", "keep", "seem",
              "appear", "decide", "plan", "want", "hope", "intend", "expect", "fail", "tend", "use"}


def _complement(verb):
    """The event an aspectual verb introduces, if it has one."""
    if lemma(verb).lower() not in _ASPECTUAL:
        return None
    for child in verb.children:
        if child.dep_ in ("xcomp", "pcomp") and child.pos_ == "VERB":
            return child
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pcomp" and grand.pos_ == "VERB":
                    return grand
        if child.dep_ == "prt":
            for other in verb.children:
                if other.dep_ == "prep":
                    for grand in other.children:
                        if grand.dep_ in ("pcomp", "pobj") and grand.pos_ == "VERB":
                            return grand
    for child in verb.children:
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "aux" or grand.pos_ == "VERB":
                    return grand if grand.pos_ == "VERB" else None
    return None


def _governor(token):
    """The event a mention takes part in: the verb (or event noun) it hangs from."""
    node = token
    for _ in range(6):
        if node.head.i == node.i:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        if node.pos_ == "VERB" or (node.pos_ == "AUX" and node.dep_ == "ROOT"):
            return node
        if node.pos_ in ("NOUN", "PROPN") and is_event_noun(node):
            return node
    return None


def _longer_name(span) -> bool:
    """ "iPod nano", "iPod Touch": the mention is part of a longer product or person name."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.text[:1].isupper() and after.is_alpha and after.dep_ in ("compound", "appos", "npadvmod") or (
        after is not None and after.text[:1].isupper() and span[-1].dep_ == "compound" and span[-1].head.i == after.i
    ):
        return True
    return any(e.start <= span.start and span.end <= e.end and (e.end - e.start) > (span.end - span.start)
               and e.end > span.end and e.label_ in ("PRODUCT", "ORG", "PERSON") for e in span.doc.ents)


def _mention_heads(sent, variants: list[str]) -> list:
    text = sent.text
    heads = []
    for variant in variants:
        for m in re.finditer(rf"(?<![\w-]){re.escape(variant)}(?![\w-])", text, re.I):
            span = sent.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or any(span.start <= h.i < span.end for h in heads) or _longer_name(span):
                continue
            heads.append(span.root)
    return heads


def _copula(token) -> bool:
    """ "is the producer", "is available": a state described by its complement, not an event."""
    return lemma(token).lower() == "be" and any(c.dep_ in ("attr", "acomp") for c in token.children)


def _verb_tense(token) -> str | None:
    group = [c for c in token.children if c.dep_ in ("aux", "auxpass")] + [token]
    group.sort(key=lambda t: t.i)
    from timeline.nlp import Tok

    toks = [Tok(t.idx, t.idx + len(t.text), t.text, t.tag_) for t in group]
    return group_tense(toks)


def _date_string(point: cal.Point | None) -> str:
    """The task's date form (YYYY-MM-DD, YYYY-MM-XX, YYYY-XX-XX) of a resolved point."""
    if point is None or not point.resolved:
        return UNDATED
    g = point.granularity
    if g in ("day", "part_of_day", "hour", "minute", "second"):
        day = point.date()
        return day.isoformat() if day else UNDATED
    if g == "week":
        monday = dt.date.fromisocalendar(point.year, point.week, 1)
        return f"{monday.year:04d}-{monday.month:02d}-XX"
    if g == "month":
        return f"{point.year:04d}-{point.month:02d}-XX"
    if point.year is not None:
        return f"{point.year:04d}-XX-XX"
    return UNDATED


def entity_events(parsed: ParsedDocument, entity: str) -> list[tuple[Mention, str]]:
    """(event mention, date) for the events of ``entity`` in one document.

    Dates: the timex attached to the event; else its clause's timex; else the document date for
    present-tense statements and the last date of the narrative for past-tense ones; else undated.
    """
    task = parsed.task
    variants = entity_variants(entity)
    out: list[tuple[Mention, str]] = []
    last_date = None
    previous_subject = False
    for sentence, sent in zip(task.sentences, parsed.sents):
        anchors: dict[int, str] = {}
        for timex in parsed.timexes:
            datable = timex.type in ("DATE", "TIME") or timex.point is not None
            if not datable or not (sentence.start <= timex.start < sentence.start + len(sent.text)):
                continue
            local = timex.start - sentence.start
            found = attach(sent, local, timex.end - sentence.start)
            if found is not None and found.relation == "on":
                anchors[found.trigger.i] = _date_string(timex.date)
        heads = _mention_heads(sent, variants)
        if heads:
            # "where he promoted the iPhone": a subject pronoun in a sentence that names the entity
            heads += [t for t in sent if t.lower_ in _PRONOUNS and t.dep_ in ("nsubj", "nsubjpass")
                      and t.i > min(h.i for h in heads)]
        elif previous_subject:
            heads = [t for t in sent if t.lower_ in _PRONOUNS and t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"][:1]
        events = []
        for head in heads:
            governor = _governor(head)
            if governor is None:
                continue
            complement = _complement(governor)
            events.append(complement if complement is not None else governor)
            if head.dep_ in ("nsubj", "nsubjpass"):
                for child in governor.children:
                    own_subject = any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)
                    if child.pos_ != "VERB" or own_subject:
                        continue
                    # "announced X and demoed Y", "While introducing iPhone 4, Jobs ...", "..., saying ..."
                    if child.dep_ in ("conj", "xcomp") or (child.dep_ == "advcl" and child.tag_ == "VBG"):
                        events.append(child)
        seen: set[int] = set()
        for event in events:
            if event.i in seen or _copula(event):
                continue
            seen.add(event.i)
            date = anchors.get(event.i)
            if date is None:
                node = event
                for _ in range(3):
                    if node.head.i == node.i:
                        break
                    node = node.head
                    if node.i in anchors:
                        date = anchors[node.i]
                        break
            if date is None and event.pos_ in ("VERB", "AUX"):
                tense = _verb_tense(event)
                if tense == "present":
                    date = task.dct.isoformat()
                elif tense == "past":
                    # the narrative's last date, else the report's own day
                    date = last_date or task.dct.isoformat()
            date = date or UNDATED
            if date != UNDATED:
                last_date = date
            token = _original_index(sentence, event)
            out.append((Mention(task.docid, sentence.number, token, sentence.tokens[token]), date))
        root_subjects = [h for h in heads if h.dep_ in ("nsubj", "nsubjpass") and h.head.dep_ == "ROOT"]
        previous_subject = bool(root_subjects)
    return out


def _date_key(date: str) -> tuple:
    parts = date.split("-")
    year = int(parts[0]) if parts[0].isdigit() else 0
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
    return (year, month, day)


def build_task_timeline(entity: str, events: list[tuple[Mention, str]]) -> TaskTimeline:
    """Undated events at order 0; dated ones ordered by date (a month before the days inside it)."""
    timeline = TaskTimeline(entity)
    undated = [m for m, d in events if d == UNDATED]
    if undated:
        timeline.lines.append((0, UNDATED, undated))
    by_date: dict[str, list[Mention]] = defaultdict(list)
    for mention, date in events:
        if date != UNDATED:
            by_date[date].append(mention)
    for order, date in enumerate(sorted(by_date, key=_date_key), start=1):
        timeline.lines.append((order, date, by_date[date]))
    return timeline


# --- scoring -----------------------------------------------------------------------------------
@dataclass
class Graph:
    """Equivalence classes (SIMULTANEOUS) of nodes and a BEFORE order between classes."""

    cls: dict[str, int]
    before: set[tuple[int, int]]  # closed under transitivity
    reduced: list[tuple[str, str, str]]  # (relation, a, b)

    def holds(self, relation: str, a: str, b: str) -> bool:
        if a not in self.cls or b not in self.cls:
            return False
        if relation == "SIMULTANEOUS":
            return self.cls[a] == self.cls[b]
        return (self.cls[a], self.cls[b]) in self.before


def _event_node(m: Mention) -> str:
    return "E:" + "|".join(map(str, m.key))


def timeline_graph(timeline: TaskTimeline) -> Graph:
    members: list[list[str]] = []
    dated_levels: list[int] = []
    for order, date, events in timeline.lines:
        nodes = [_event_node(m) for m in events]
        if order == 0:
            continue  # undated events take part in no relation
        if date != UNDATED:
            nodes.append("D:" + date)
        members.append(list(dict.fromkeys(nodes)))
        dated_levels.append(order)
    # lines with the same order are one class
    classes: dict[int, list[str]] = {}
    for order, nodes in zip(dated_levels, members):
        classes.setdefault(order, []).extend(n for n in nodes if n not in classes.get(order, []))
    # a date node shared by two lines joins them
    cls: dict[str, int] = {}
    parent = list(range(len(classes)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ordered = sorted(classes)
    for idx, order in enumerate(ordered):
        for node in classes[order]:
            if node in cls:
                parent[find(idx)] = find(cls[node])
            else:
                cls[node] = idx
    cls = {node: find(c) for node, c in cls.items()}
    roots = sorted(set(cls.values()))
    rank = {root: i for i, root in enumerate(sorted(roots, key=lambda r: min(ordered.index(o) for o in ordered if find(ordered.index(o)) == r)))}
    cls = {node: rank[c] for node, c in cls.items()}
    n = len(rank)
    before = {(i, j) for i in range(n) for j in range(i + 1, n)}
    # reduced graph: a chain inside each class, one edge between consecutive classes
    reduced: list[tuple[str, str, str]] = []
    by_class: dict[int, list[str]] = defaultdict(list)
    for node, c in cls.items():
        by_class[c].append(node)
    for c in range(n):
        nodes = sorted(by_class[c])
        reduced.extend(("SIMULTANEOUS", a, b) for a, b in zip(nodes, nodes[1:]))
        if c + 1 < n:
            reduced.append(("BEFORE", sorted(by_class[c])[0], sorted(by_class[c + 1])[0]))
    return Graph(cls, before, reduced)


@dataclass
class Score:
    ta_p_num: int = 0
    ta_p_den: int = 0
    ta_r_num: int = 0
    ta_r_den: int = 0
    ev_tp: int = 0
    ev_sys: int = 0
    ev_gold: int = 0
    date_right: int = 0

    @staticmethod
    def _f1(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0

    def table(self) -> dict[str, float]:
        p = self.ta_p_num / self.ta_p_den if self.ta_p_den else 0.0
        r = self.ta_r_num / self.ta_r_den if self.ta_r_den else 0.0
        ep = self.ev_tp / self.ev_sys if self.ev_sys else 0.0
        er = self.ev_tp / self.ev_gold if self.ev_gold else 0.0
        return {
            "precision": p, "recall": r, "f1": self._f1(p, r),
            "event_precision": ep, "event_recall": er, "event_f1": self._f1(ep, er),
            "date_accuracy": self.date_right / self.ev_tp if self.ev_tp else 0.0,
        }


def _holds_either(graph: Graph, relation: str, a: str, b: str) -> bool:
    return graph.holds(relation, a, b) or (relation == "SIMULTANEOUS" and graph.holds(relation, b, a))


def score_timeline(system: TaskTimeline, gold: TaskTimeline, score: Score) -> None:
    sys_graph, gold_graph = timeline_graph(system), timeline_graph(gold)
    score.ta_p_den += len(sys_graph.reduced)
    score.ta_p_num += sum(1 for rel, a, b in sys_graph.reduced if _holds_either(gold_graph, rel, a, b))
    score.ta_r_den += len(gold_graph.reduced)
    score.ta_r_num += sum(1 for rel, a, b in gold_graph.reduced if _holds_either(sys_graph, rel, a, b))
    gold_dates = {m.key: date for _, date, events in gold.lines for m in events}
    sys_dates = {m.key: date for _, date, events in system.lines for m in events}
    found = set(sys_dates) & set(gold_dates)
    score.ev_sys += len(sys_dates)
    score.ev_gold += len(gold_dates)
    score.ev_tp += len(found)
    score.date_right += sum(1 for k in found if sys_dates[k] == gold_dates[k])


def evaluate(docs_dir: Path, gold_dir: Path, nlp, out_dir: Path | None = None,
             progress: Callable[[Iterable], Iterable] = lambda x: x) -> tuple[Score, dict[str, dict[str, float]]]:
    """Build, write (when ``out_dir``) and score every gold timeline; (micro totals, per-timeline scores)."""
    parsed = [parse_document(read_document(p), nlp) for p in progress(sorted(docs_dir.glob("*.tml")))]
    total = Score()
    per: dict[str, dict[str, float]] = {}
    for gold_path in sorted(gold_dir.glob("*.txt")):
        gold = read_timeline(gold_path)
        events = [item for doc in parsed for item in entity_events(doc, gold.entity)]
        system = build_task_timeline(gold.entity, events)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / gold_path.name).write_text(system.render(), encoding="utf-8")
        one = Score()
        score_timeline(system, gold, one)
        score_timeline(system, gold, total)
        per[gold.entity] = one.table()
    return total, per


def format_report(total: Score, per: dict[str, dict[str, float]]) -> str:
    header = f"{'timeline':<22}{'TA P':>7}{'TA R':>7}{'TA F1':>7}{'ev P':>7}{'ev R':>7}{'ev F1':>7}{'date acc':>9}"
    lines = [header, "-" * len(header)]
    for name, t in list(per.items()) + [("micro-average", total.table())]:
        lines.append(
            f"{name[:21]:<22}{100 * t['precision']:>7.2f}{100 * t['recall']:>7.2f}{100 * t['f1']:>7.2f}"
            f"{100 * t['event_precision']:>7.2f}{100 * t['event_recall']:>7.2f}{100 * t['event_f1']:>7.2f}"
            f"{100 * t['date_accuracy']:>9.2f}"
        )
    return "\n".join(lines)
