"""Events of one document: each dated statement becomes an Event with trigger, headline, participants,
date and source.

Only the sentences that carry a date (and the lede, where people are first named in full) are
parsed, so the costly parts of the spaCy pipeline run on a fraction of the text. Page furniture
and appeals to the reader (see boilerplate.py) are skipped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from timeline.events import attach as attach_mod
from timeline.events import headline as headline_mod
from timeline.events.boilerplate import boilerplate_spans, is_boilerplate
from timeline.events.dates import event_date
from timeline.events.participants import (
    Mention,
    NameIndex,
    described_person,
    descriptions_of,
    mentions_of,
    participants,
    pronoun_antecedent,
    sentence_person,
)
from timeline.events.vocabulary import load as load_vocabulary
from timeline.analysis import Analysis
from timeline.model import Document, Event, Participant, Source, Timex
from timeline.nlp import lemma

LEDE_SENTENCES = 3
_PRECISION = {"millennium": 0, "century": 1, "decade": 2, "year": 3, "half": 4, "season": 4, "quarter": 5,
              "month": 6, "week": 7, "day": 8, "time": 9}


@dataclass
class _Sentence:
    start: int
    end: int
    doc: object  # spaCy Doc of the sentence


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def event_id(text_hash: str, trigger_start: int, trigger_end: int) -> str:
    """Stable: the same trigger in the same text gets the same id on every run."""
    return hashlib.sha1(f"{text_hash}:{trigger_start}:{trigger_end}".encode()).hexdigest()[:16]


def _datable(timex: Timex) -> bool:
    return timex.type in ("DATE", "TIME") or timex.point is not None


def extract_events(document: Document, timexes: list[Timex], analysis: Analysis) -> list[Event]:
    """The dated (and vaguely dated) statements of ``document``, given its timexes and its analysis (whose
    sentences the timex layer may already have tagged: those are parsed on from there)."""
    text = document.text
    furniture = boilerplate_spans(text)
    spans = analysis.sentences.spans
    # positions in the article's own sentences (page furniture left out) -> the analysis' sentence indices
    kept = [i for i, span in enumerate(spans) if not is_boilerplate(furniture, *span)]
    position = {index: n for n, index in enumerate(kept)}
    usable = [t for t in timexes if _datable(t) and not is_boilerplate(furniture, t.start, t.end)]
    if not usable:
        return []
    wanted = set(range(min(LEDE_SENTENCES, len(kept))))
    sentence_of: dict[str, int] = {}
    for t in usable:
        i = position.get(analysis.sentences.containing(t.start))
        if i is not None:
            wanted.add(i)
            sentence_of[t.id] = i
    docs = analysis.docs([kept[n] for n in wanted], "named")
    parsed = {n: _Sentence(*spans[kept[n]], docs[kept[n]]) for n in sorted(wanted)}
    names = NameIndex([m for p in parsed.values() for m in mentions_of(p.doc)])
    names.descriptions = descriptions_of([p.doc for p in parsed.values()], names)
    text_hash = content_hash(text)

    about: dict[int, str | None] = {i: sentence_person(p.doc, names) for i, p in parsed.items()}
    by_trigger: dict[tuple[int, int], Event] = {}
    for timex in usable:
        index = sentence_of.get(timex.id)
        if index is None:
            continue
        sentence = parsed[index]
        event = _event_for(document, timex, sentence, names, about.get(index - 1), text_hash)
        if event is None:
            continue
        key = (event.sources[0].trigger_start, event.sources[0].trigger_end)
        kept = by_trigger.get(key)
        if kept is None or _PRECISION.get(event.date.granularity or "", -1) > _PRECISION.get(kept.date.granularity or "", -1):
            by_trigger[key] = event
    return sorted(by_trigger.values(), key=lambda e: e.sources[0].trigger_start)


def _event_for(document: Document, timex: Timex, sentence: _Sentence, names: NameIndex,
               previous_person: str | None, text_hash: str) -> Event | None:
    sdoc = sentence.doc
    local_start, local_end = timex.start - sentence.start, timex.end - sentence.start
    found = attach_mod.attach(sdoc, local_start, local_end)
    if found is None:
        return None
    trigger = found.trigger
    timex_idx = {t.i for t in attach_mod.timex_tokens(sdoc, local_start, local_end)}
    if trigger.i in timex_idx:
        return None
    date = event_date(timex, document.dct, found.relation)
    vocab = load_vocabulary()
    subject = headline_mod.find_subject(trigger) if trigger.pos_ in ("VERB", "AUX") else None
    extra: list[Participant] = []
    subject_text = None
    if subject is not None:
        name = pronoun_antecedent(subject, previous_person, names) if subject.pos_ == "PRON" else described_person(subject, names)
        if name:
            subject_text = name
            extra.append(Participant(name, "PERSON"))
    if trigger.pos_ in ("NOUN", "PROPN"):
        agent = _agent_of_noun(trigger, names)
        headline, used = headline_mod.noun_headline(trigger, timex_idx, agent.name if agent else None)
        if agent:
            extra.append(agent)
    else:
        headline, used = headline_mod.verb_headline(trigger, timex_idx, subject_text, date.scheduled)
    people = participants(sdoc, used, names, timex_idx, extra)
    trigger_start = sentence.start + trigger.idx
    trigger_end = trigger_start + len(trigger.text)
    sentence_text = document.text[sentence.start : sentence.end].strip()
    trigger_lemma = lemma(trigger).lower()
    source = Source(
        document_id=document.id,
        title=document.title,
        url=document.url,
        dct=document.dct.isoformat(),
        sentence=sentence_text,
        sentence_start=sentence.start + (len(document.text[sentence.start : sentence.end]) - len(document.text[sentence.start : sentence.end].lstrip())),
        sentence_end=sentence.end,
        trigger_text=trigger.text,
        trigger_start=trigger_start,
        trigger_end=trigger_end,
        timex_text=timex.text,
        timex_start=timex.start,
        timex_end=timex.end,
        timex_value=timex.value,
        source_name=document.source_name,
    )
    inferred = False
    if trigger_lemma in vocab.reporting_verbs and date.status != "dated":
        inferred = True
    return Event(
        id=event_id(text_hash, trigger_start, trigger_end),
        trigger=trigger.text,
        lemma=trigger_lemma,
        headline=headline or trigger.text,
        sentence=sentence_text,
        participants=people,
        date=date,
        sources=[source],
        inferred=inferred,
    )


def _agent_of_noun(noun, names: NameIndex) -> Participant | None:
    """ "In a meeting with Tokayev on Wednesday, Xi said ..." — the meeting is Xi's."""
    if any(c.dep_ == "poss" for c in noun.children):
        return None
    node = noun
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subject = headline_mod.find_subject(node)
            if subject is None:
                return None
            for ent in noun.doc.ents:
                if ent.start <= subject.i < ent.end and ent.label_ in ("PERSON", "ORG", "GPE"):
                    return Participant(names.canonical(ent.text, ent.label_), ent.label_)
            return None
    return None


__all__ = ["extract_events", "content_hash", "event_id", "Mention"]
