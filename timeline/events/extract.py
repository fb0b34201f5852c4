"""Events of one document: every event (triggers.py) of every sentence of the article, with who takes part
(mentions.py, roles.py), its date (its own timex, else its context: context.py) and where it was read.

Every sentence is parsed (the timex layer may have tagged some already: those are parsed on from there);
names are found over the parse's proper nouns, so no entity recognizer runs. Page furniture and appeals to
the reader (boilerplate.py) are skipped.
"""

from __future__ import annotations

import hashlib
import re

from timeline.analysis import Analysis
from timeline.events import attach as attach_mod
from timeline.events import headline as headline_mod
from timeline.events.boilerplate import boilerplate_spans, is_boilerplate
from timeline.events.context import Placed, infer_dates
from timeline.events.dates import PRECISION, event_date, undated
from timeline.entities import Entity, Mentions, document_entities, entity_key, find_mentions
from timeline.entities.names import designator
from timeline.entities.vocabulary import load as entity_vocabulary
from timeline.events.roles import fillers, is_anaphoric_noun, modifiers, subject_of
from timeline.events.triggers import Trigger, find_triggers, state_trigger, tense_of
from timeline.events.vocabulary import load as load_vocabulary
from timeline.events.vocabulary import refers_back, same_kind
from timeline.model import Document, DocumentEntity, Event, Participant, Source, Timex
from timeline.nlp import children, lemma, token_list
from timeline.text import paragraphs

_SEQUENCE_MARKS = {"after", "before", "since", "until", "till", "once", "unless", "if", "although", "though"}
_SITUATING = {"at", "during", "in", "amid"}
# prepositions before a gerund that tells how or while its verb happened ("unveiled the phone by walking onto the
# stage", "fell while skiing"): the gerund is at the verb's date
_MEANS = {"by", "while", "in", "through"}
LEDE_MIN_TOKENS = 6
_SPACE = re.compile(r"\s+")
_SPACE_CHAR = re.compile(r"\s")


def content_hash(text: str) -> str:
    """The hash of a text with its whitespace normalised: copies of one article that differ only in line
    breaks or spacing (the same wire story in several feeds) hash alike."""
    return hashlib.sha1(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def event_id(text_hash: str, position: int, trigger: str) -> str:
    """Stable: the same trigger at the same place in the same text (whitespace aside) gets the same id.
    ``position`` counts the non-space characters before the trigger."""
    return hashlib.sha1(f"{text_hash}:{position}:{trigger}".encode()).hexdigest()[:16]


def _datable(timex: Timex) -> bool:
    return timex.type in ("DATE", "TIME") or timex.point is not None


class _Record:
    """One event under construction: its trigger and sentence, what dates it, and its dating record."""

    __slots__ = ("trigger", "sentence", "start", "placed", "relation")

    def __init__(self, trigger: Trigger, sentence: int, start: int, placed: Placed):
        self.trigger = trigger
        self.sentence = sentence
        self.start = start  # the sentence's character offset
        self.placed = placed
        self.relation = "on"


def extract_events(document: Document, timexes: list[Timex], analysis: Analysis,
                   discourse=None, antecedents=None) -> tuple[list[Event], list[DocumentEntity]]:
    """The events of ``document`` and the entities that take part in them, given its timexes, its analysis and
    the record of its date mentions (``discourse``, from the timex layer; without it no event continues a
    narrative). ``antecedents``: who picks what descriptions and pronouns refer to besides the rules
    (``find_mentions``)."""
    text = document.text
    furniture = boilerplate_spans(text)
    spans = analysis.sentences.spans
    kept = [i for i, span in enumerate(spans) if not is_boilerplate(furniture, *span)]
    if not kept:
        return [], []
    docs = analysis.docs(kept, "parsed")
    skip: dict[int, set[int]] = {}
    by_sentence: dict[int, list[Timex]] = {}
    for timex in timexes:
        index = analysis.sentences.containing(timex.start)
        if index not in docs:
            continue
        base = spans[index][0]
        tokens = attach_mod.timex_tokens(docs[index], timex.start - base, timex.end - base)
        skip.setdefault(index, set()).update(t.i for t in tokens)
        if _datable(timex) and not is_boilerplate(furniture, timex.start, timex.end):
            by_sentence.setdefault(index, []).append(timex)
    headline = _headline(kept, spans, text, document.title)
    mentions = find_mentions(docs, skip, antecedents, headline)
    lede = _lede(docs, kept, spans, text, document.title)
    quoted = _quotations(text)
    records: list[_Record] = []
    sentence_tense: dict[int, str | None] = {}
    for index in kept:
        doc = docs.get(index)
        if doc is None:
            continue
        base = spans[index][0]
        names = {k for m in mentions.by_sentence.get(index, ()) if m.form == "name" for k in range(m.start, m.end)}
        blocked = skip.get(index, set()) | names
        triggers = find_triggers(doc, blocked)
        by_token = {t.i: t for t in triggers}
        root = next((t for t in token_list(doc) if t.dep_ == "ROOT"), None)
        sentence_tense[index] = tense_of(root) if root is not None and root.pos_ in ("VERB", "AUX") else None
        dated = _explicit_dates(doc, base, by_sentence.get(index, ()), by_token, skip.get(index, set()), document)
        paragraph = analysis.paragraph_index(base)
        placed_at: dict[int, Placed] = {}
        for trigger in sorted(by_token.values(), key=lambda t: t.i):
            clause = trigger.clause
            main = clause.dep_ == "ROOT" or (clause.dep_ == "conj" and clause.head.dep_ == "ROOT")
            start = base + trigger.token.idx
            placed = Placed(index, paragraph, start, trigger.tense, trigger.reporting, trigger.negated,
                            lede=index == lede and main and clause.pos_ == "VERB", quoted=_inside(quoted, start),
                            clause=trigger.kind != "noun" or trigger.verb is not None,
                            headline=index == headline and not by_sentence.get(index) and not _infinitive(trigger.clause))
            record = _Record(trigger, index, base, placed)
            if trigger.i in dated:
                timex, relation = dated[trigger.i]
                placed.date, placed.timex = event_date(timex, document.dct, relation), timex
                record.relation = relation
            placed_at[trigger.i] = placed
            records.append(record)
        clauses = {t.clause.i: placed_at[t.i] for t in by_token.values()}
        for record in records[len(records) - len(placed_at):]:
            record.placed.governor = _governor(record.trigger, placed_at, clauses)
    makers = _makers(mentions)
    taking_part = _refer_back(records, [_participants(r.trigger, r.sentence, mentions, makers) for r in records])
    date_mentions = list(discourse.mentions) if discourse is not None else []
    timex_at = {(t.start, t.end): t for t in timexes}
    infer_dates([r.placed for r in records], date_mentions, timex_at, document.dct, sentence_tense)
    text_hash = content_hash(text)
    nonspace = _nonspace_counter(text)
    out = [_event(document, record, docs[record.sentence], spans[record.sentence], mentions, skip, text_hash, nonspace,
                  participants)
           for record, participants in zip(records, taking_part)]
    return out, document_entities(mentions, docs, {index: spans[index][0] for index in docs})


_QUOTE_MARKS = {'"': None, "“": "”"}
_OPENING_QUOTE = re.compile("[" + "".join(_QUOTE_MARKS) + "]")


def _quotations(text: str) -> list[tuple[int, int]]:
    """Character spans of the text's direct speech: between a pair of straight double quotes, or from an
    opening curly quote to its closing one, within a paragraph."""
    spans: list[tuple[int, int]] = []
    for para_start, para_end in paragraphs(text):
        at = para_start
        while (opening := _OPENING_QUOTE.search(text, at, para_end)) is not None:
            start = opening.start()
            end = text.find(_QUOTE_MARKS[text[start]] or text[start], start + 1, para_end)
            if end < 0:
                break  # not closed within the paragraph
            spans.append((start, end + 1))
            at = end + 1
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(a <= offset < b for a, b in spans)


def _lede(docs: dict, kept: list[int], spans, text: str, title: str | None) -> int | None:
    """The report's first sentence: the first one of some length with a verb at its root that is not the title."""
    for index in kept:
        doc = docs.get(index)
        if doc is None or len(doc) < LEDE_MIN_TOKENS:
            continue
        sentence = text[slice(*spans[index])].strip()
        if title and sentence.rstrip(".") == title.strip().rstrip("."):
            continue
        if any(t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") for t in token_list(doc)):
            return index
    return None


def _headline(kept: list[int], spans, text: str, title: str | None) -> int | None:
    """The sentence that is the article's title, when its text begins with it."""
    if not title:
        return None
    wanted = " ".join(title.split()).rstrip(".")
    for index in kept[:2]:
        if " ".join(text[slice(*spans[index])].split()).rstrip(".") == wanted:
            return index
    return None


def _infinitive(token) -> bool:
    """ "Acme to buy Orion": a headline's infinitive, which tells what lies ahead."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children(token))


def _explicit_dates(doc, base: int, timexes, by_token: dict[int, Trigger], skip: set[int],
                    document: Document) -> dict[int, tuple[Timex, str]]:
    """The event each timex of the sentence dates (the finest timex when two date one event)."""
    out: dict[int, tuple[Timex, str]] = {}
    for timex in timexes:
        found = attach_mod.attach(doc, timex.start - base, timex.end - base)
        if found is None or found.trigger.i in skip:
            continue
        trigger = _trigger_for(found.trigger, by_token)
        if trigger is None:
            continue
        kept = out.get(trigger.i)
        if kept is None or _granularity(timex, document) > _granularity(kept[0], document):
            out[trigger.i] = (timex, found.relation)
    return out


def _granularity(timex: Timex, document: Document) -> int:
    return PRECISION.get(event_date(timex, document.dct).granularity or "", -1)


def _trigger_for(token, by_token: dict[int, Trigger]) -> Trigger | None:
    """The event a date modifies: the word it attaches to when that is an event; the verb of a light verb's
    object ("held talks on Friday"); a predicative adjective, which the date makes a state ("will be available
    on June 24"); else the nearest event above it."""
    if token.i in by_token:
        return by_token[token.i]
    for trigger in by_token.values():
        if trigger.verb is not None and trigger.verb.i == token.i:
            return trigger  # "held talks on Friday": the talks
    if token.dep_ == "dobj" and token.head.i in by_token:
        return by_token[token.head.i]
    if token.pos_ == "AUX" and token.dep_ == "ROOT" or lemma(token).lower() == "be":
        token = next((c for c in children(token) if c.dep_ == "acomp" and c.pos_ == "ADJ"), token)
    if token.pos_ == "ADJ" and token.dep_ == "acomp":
        if token.i in by_token:
            return by_token[token.i]
        trigger = state_trigger(token)
        by_token[token.i] = trigger
        return trigger
    node = token
    for _ in range(3):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.i in by_token:
            return by_token[node.i]
    return None


def _governor(trigger: Trigger, placed_at: dict[int, Placed], clauses: dict[int, Placed]) -> Placed | None:
    """The event of the same sentence whose date governs this one: the verb a coordinated verb, an infinitive or
    a participle clause depends on ("unveiled the phone on Monday and demoed it"; not a clause saying what came
    after or before); the dated event its verb is situated in ("At the meeting on Monday, Doe said"); for an
    event noun, the verb saying when it happened ("the strike began Tuesday") or enacting it ("filed a suit on
    Monday")."""
    token = trigger.clause
    if token.pos_ == "NOUN":
        head = token.head
        if token.dep_ in ("nsubj", "nsubjpass") and head.i in placed_at and lemma(head).lower() in load_vocabulary().occurrence_verbs:
            return placed_at[head.i]
        if token.dep_ == "dobj" and head.i in placed_at and lemma(head).lower() in load_vocabulary().enacting_verbs:
            return placed_at[head.i]  # "filed a suit in 1989", "began production in 2006": the suit, the production
        # "During his speech, Doe said ...": the event a verb is situated in is at the verb's date
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _SITUATING and head.head.i in clauses:
            return clauses[head.head.i]
        return None
    node = token
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            break
        dep = node.dep_
        if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in _SEQUENCE_MARKS for c in children(node)):
            break
        if dep not in ("conj", "xcomp", "pcomp", "advcl"):
            break
        node = head
        if dep == "pcomp" and node.pos_ == "ADP" and node.lower_ in _MEANS and node.head.i != node.i:
            node = node.head  # "by walking": the verb the preposition goes with
        if node.i in clauses:
            return clauses[node.i]
    for child in children(token):
        if child.dep_ == "prep" and child.lower_ in _SITUATING:
            for obj in children(child):
                if obj.dep_ == "pobj" and obj.i in placed_at and placed_at[obj.i].date is not None:
                    return placed_at[obj.i]
        # "When the Navy chose Harlow on March 3, Kestrel protested": at the time its "when" clause gives
        if child.dep_ == "advcl" and child.i in clauses and clauses[child.i].date is not None \
                and any(c.dep_ == "advmod" and c.lower_ == "when" for c in children(child)):
            return clauses[child.i]
    return None


def _nonspace_counter(text: str):
    """A function giving the number of non-space characters before an offset; offsets asked in text order cost
    one pass over the text in all."""
    state = [0, 0]  # the last offset asked, the non-space characters before it

    def count(offset: int) -> int:
        last, before = state if offset >= state[0] else (0, 0)
        before += (offset - last) - len(_SPACE_CHAR.findall(text, last, offset))
        state[0], state[1] = offset, before
        return before

    return count


def _participant(entity: Entity) -> Participant:
    return Participant(entity.name, entity.label, tuple(entity.aliases), entity_key(entity))


def _makers(mentions: Mentions) -> frozenset[int]:
    """The entities an article names as the maker of a model ("Acme" of "Acme X200", a name with a model
    number): organisations, even where nothing else says so."""
    first_words = {e.name.split()[0] for e in mentions.entities if len(e.name.split()) > 1 and designator(e.name)}
    return frozenset(e.id for e in mentions.entities if e.name in first_words)


def _inside_name(mention, token) -> bool:
    """Whether a possessor's "'s" is part of the name it begins: "the Standard & Poor's 500 index"."""
    return mention is not None and mention.form == "name" and mention.end > token.i + 1 and any(
        t.tag_ == "POS" for t in token.doc[token.i : mention.end])


def _product_noun(token) -> bool:
    """A noun for a kind of product ("jets", "phones", "cars"): the lexicon's product descriptions."""
    found = entity_vocabulary().description(lemma(token).lower())
    return found is not None and found[0] == "product"


def _participants(trigger: Trigger, sentence: int, mentions: Mentions, makers: frozenset[int]) -> list[Participant]:
    """Who fills the trigger's roles. A common-noun filler brings the names it is made of ("Walkman music
    players", "Acme shares"), but not a place's name before it ("US lawmakers" are not the country), nor a
    maker's before what it makes: "Aer Lingus buys Acme jets" is no event of Acme's."""
    out: list[Participant] = []
    seen: set[int] = set()
    for filler in fillers(trigger):
        entity = mentions.entity_of(sentence, filler.i)
        found: list[Entity] = []
        if entity is not None:
            found.append(entity)
        else:
            named_by = [c for c in children(filler) if c.dep_ == "poss" and _inside_name(mentions.at(sentence, c.i), c)]
            for modifier in modifiers(filler) + named_by:
                named = mentions.entity_of(sentence, modifier.i)
                if named is None or modifier.dep_ in ("compound", "nmod") and (named.kind == "place" or (
                        named.kind == "org" or named.id in makers) and _product_noun(filler)):
                    continue  # "US lawmakers"; "Acme jets": what Acme makes
                found.append(named)
        for entity in found:
            if entity.id not in seen:
                seen.add(entity.id)
                out.append(_participant(entity))
    return out


def _refer_back(records: list[_Record], own: list[list[Participant]]) -> list[list[Participant]]:
    """ "Acme signed a deal with Orion on Monday. The deal was approved": an event noun that refers back to an
    event told in an earlier sentence ("the deal", "the sale" after "sold", "the incident" after "collided"),
    definite and with no argument of its own, is that event: it is linked to it for dating (same-event) and,
    when it has no participants of its own, takes that event's. Returns each record's participants."""
    out = list(own)
    for k, record in enumerate(records):
        trigger = record.trigger
        if trigger.kind != "noun":
            continue
        if not is_anaphoric_noun(trigger.token):
            _possessor_refers_back(records, own, k)
            continue
        for j in range(k - 1, -1, -1):
            earlier = records[j]
            if earlier.sentence < record.sentence and refers_back(trigger.lemma, earlier.trigger.lemma):
                record.placed.antecedent = earlier.placed
                if not own[k]:
                    out[k] = list(out[j])
                break
    return out


def _possessor_refers_back(records: list[_Record], own: list[list[Participant]], k: int) -> None:
    """ "Jane Doe died on Monday. ... tributes after Doe's death": an event noun whose possessor took part in an
    earlier event of its kind, told in the past, is that event (same-event)."""
    record = records[k]
    owners = {p.entity for p in own[k][:1]} if any(c.dep_ == "poss" for c in children(record.trigger.token)) else set()
    if not owners:
        return
    for j in range(k - 1, -1, -1):
        earlier = records[j]
        if earlier.sentence < record.sentence and earlier.trigger.tense in ("past", "past-perfect", "present-perfect") \
                and same_kind(record.trigger.lemma, earlier.trigger.lemma) and owners & {p.entity for p in own[j]}:
            record.placed.antecedent = earlier.placed
            return


def _event(document: Document, record: _Record, doc, span: tuple[int, int], mentions: Mentions,
           skip: dict[int, set[int]], text_hash: str, nonspace, participants: list[Participant]) -> Event:
    trigger, placed = record.trigger, record.placed
    token = trigger.token
    date = placed.date if placed.date is not None else undated()
    exclude = skip.get(record.sentence, set())
    # what lies ahead, and the complement of a verb that says it did not happen ("refused to approve"), read
    # "to approve" in a headline, never as done
    ahead = date.scheduled or trigger.tense in ("future", "conditional") or (trigger.negated and trigger.clause.dep_ == "xcomp")
    participants = list(participants)
    if trigger.kind == "verb" and token.dep_ == "amod" and token.head.i != token.i:
        # a participle describing a noun ("growing isolation", "the ruling party"): the noun phrase says it
        headline = headline_mod.subject_phrase(token.head, exclude)
    elif trigger.verb is not None:
        headline = _verb_headline(trigger.verb, record.sentence, mentions, exclude, ahead)
    elif trigger.kind == "noun":
        agent = _agent_of_noun(token, record.sentence, mentions)
        headline, _ = headline_mod.noun_headline(token, exclude, agent.name if agent else None)
        if agent is not None and all(p.name != agent.name for p in participants):
            participants.insert(0, _participant(agent))
    elif trigger.kind == "state":
        headline = _state_headline(token, record.sentence, mentions, exclude)
    else:
        headline = _verb_headline(token, record.sentence, mentions, exclude, ahead)
    start = record.start + token.idx
    end = start + len(token.text)
    text = document.text
    sentence_text = text[span[0] : span[1]].strip()
    timex = placed.timex
    source = Source(
        document_id=document.id, title=document.title, url=document.url, dct=document.dct.isoformat(),
        sentence=sentence_text, sentence_start=span[0], sentence_end=span[1], trigger_text=token.text,
        trigger_start=start, trigger_end=end,
        timex_text=timex.text if timex is not None else None, timex_start=timex.start if timex is not None else None,
        timex_end=timex.end if timex is not None else None, timex_value=timex.value if timex is not None else None,
        source_name=document.source_name, trigger_phrase=trigger.phrase if trigger.phrase != token.text else None,
        image=document.image,
    )
    return Event(
        id=event_id(text_hash, nonspace(start), token.text),
        trigger=token.text,
        lemma=trigger.lemma,
        headline=headline or token.text,
        sentence=sentence_text,
        participants=participants,
        date=date,
        sources=[source],
        inferred=placed.rule is not None,
        tense=trigger.tense,
        kind=_event_kind(trigger),
    )


def _event_kind(trigger: Trigger) -> str:
    """The kind of word the event is told by: a participle describing a noun is a modifier ("growing isolation"),
    a gerund with no subject in its sentence a noun ("alarm about deepening ties")."""
    token = trigger.token
    if trigger.kind != "verb":
        return trigger.kind
    if token.dep_ == "amod":
        return "modifier"
    if token.tag_ == "VBG" and token.dep_ in ("pcomp", "pobj", "nsubj", "dobj") and subject_of(token) is None:
        return "noun"
    return "verb"


def _verb_headline(verb, sentence: int, mentions: Mentions, exclude: set[int], ahead: bool) -> str:
    """The verb's headline with a subject that says who: a pronoun, a relative pronoun or a description replaced
    by the name of the entity it refers to; a verb without a subject of its own (an infinitive, a participle, a
    second conjunct, a relative clause) given the subject of the verb or the noun it depends on."""
    return headline_mod.verb_headline(verb, exclude, _subject_text(verb, sentence, mentions, exclude), ahead)[0]


def _subject_text(verb, sentence: int, mentions: Mentions, exclude: set[int]) -> str | None:
    """What a headline names as the verb's subject, when its own words are not the best: None keeps them."""
    own = headline_mod.find_subject(verb, climb=False)
    subject = subject_of(verb)
    if subject is None and own is None and verb.dep_ in ("amod", "acl") and verb.head.i != verb.i:
        subject = verb.head  # "the ruling party", "a world rocked by turmoil": the noun it describes
    if subject is None and own is None and verb.dep_ == "oprd":
        # "what they call a relationship acting as a counterweight": what the participle is said of
        subject = next((c for c in children(verb.head) if c.dep_ == "dobj"), None)
    if subject is None and own is None and verb.tag_ in ("VBD", "VBZ", "VBP"):
        # a finite verb whose subject the text left out ("... weeks before, cemented his status"): the last
        # subject named before it in its sentence
        earlier = [m for m in mentions.by_sentence.get(sentence, ()) if m.subject and m.start < verb.i and m.entity >= 0]
        if earlier:
            return mentions.entities[earlier[-1].entity].name
    if subject is None:
        return None
    mention = mentions.at(sentence, subject.i)
    named = mentions.entities[mention.entity].name if mention is not None and mention.entity >= 0 else None
    if own is not None and own.i == subject.i:
        # its own subject: kept as written unless it only points at someone ("he", "which", "the company")
        if mention is not None and mention.form != "name" and named:
            return named
        whose = next((c for c in children(own) if c.dep_ == "poss" and c.lower_ == "whose"), None)
        if whose is not None and verb.dep_ == "relcl" and verb.head.i != verb.i:
            # "Putin, whose troops are retreating": Putin's troops
            owner = mentions.entity_of(sentence, verb.head.i)
            owner_text = owner.name if owner is not None else headline_mod.subject_phrase(verb.head, exclude | {verb.i})
            rest = headline_mod.subject_phrase(own, exclude | {whose.i})
            return f"{owner_text}'s {rest}" if not owner_text.endswith("s") else f"{owner_text}' {rest}"
        return None
    if named and mention is not None and (mention.form == "name" or own is None or own.lower_ in load_vocabulary_relatives()):
        return named if not _conjoined(subject) else headline_mod.subject_phrase(subject, exclude)
    return headline_mod.subject_phrase(subject, exclude)


def _conjoined(token) -> bool:
    return any(c.dep_ == "conj" for c in children(token))


def load_vocabulary_relatives() -> frozenset[str]:
    from timeline.entities.vocabulary import load

    return load().relative


def _agent_of_noun(noun, sentence: int, mentions: Mentions) -> Entity | None:
    """ "In a meeting with Tokayev on Wednesday, Xi said ...": the meeting is Xi's (the subject of the verb
    the noun's phrase situates), unless the noun has a possessor of its own."""
    if any(c.dep_ == "poss" for c in children(noun)):
        return None
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or noun.head.head.pos_ not in ("VERB", "AUX"):
        return None
    subject = subject_of(noun.head.head)
    return mentions.entity_of(sentence, subject.i) if subject is not None else None


def _state_headline(token, sentence: int, mentions: Mentions, exclude: set[int]) -> str:
    copula = token.head if token.dep_ == "acomp" else token
    subject = subject_of(copula)
    parts = []
    if subject is not None:
        entity = mentions.entity_of(sentence, subject.i)
        parts.append(entity.name if entity is not None else headline_mod.subject_phrase(subject, exclude))
    group = [c for c in children(copula) if c.dep_ in ("aux", "auxpass", "neg") and c.i not in exclude]
    parts.extend(t.text for t in sorted(group + ([copula] if copula is not token else []), key=lambda t: t.i))
    parts.append(token.text)
    for child in children(token):
        if child.dep_ == "prep" and not any(t.i in exclude for t in child.subtree):
            parts.append(" ".join(t.text for t in child.subtree))
            break
    return " ".join(p for p in parts if p)


__all__ = ["extract_events", "content_hash", "event_id"]
