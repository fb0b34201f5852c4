"""Who an article talks about: the mentions of each entity in one document, grouped into entities.

Mentions, found over the parsed sentences:

- names (names.py), each standing for the longest name of the article it is a short form of (shortforms.py);
- definite descriptions ("the company", "the planemaker", "the index", "the plane", "the US carmaker"): the
  most salient entity so far of the kind and class the noun names (a product class: "the airliner" is an
  aircraft; an article that called a name "the Acme X5 airliner" or "Acme, the carmaker," gave it its class);
  a description made of the words that introduced a person ("Chinese leader Xi Jinping") is that person, as is
  the title right before the name ("CEO" of "Acme CEO Jane Doe"); an apposition ("Jane Doe, the Acme chief
  executive,") is its name's entity;
- pronouns: "he", "she" the nearest fitting person before them (a person the article typed as one first, within
  six sentences; "his" in a phrase before its clause's subject is that subject: "In his speech, Jane Doe said"),
  "it" the nearest thing (a subject first), "they" an organisation (news writes "Acme said they would"), in the
  same sentence or the two before; "them" as a verb's object the nearest plural noun before it in its sentence
  (or nothing the article tracks: "makes apps and sells them"); "it" with a clause after its verb ("it is
  expected that", "it is difficult to say") refers to nothing, "it" raised from an infinitive ("it was due to
  land") does. "We", "us", "our" inside a quotation are the speaker's organisation (the one a title tied the
  speaker to: "Acme CEO Jane Doe", "Jane Doe, the chief executive of Acme", "Acme's chief of staff General Jane
  Doe"; for "spokeswoman Jane Doe" with none named, the organisation the article was about just before), and
  "the company" in what such a person says is it too; "I" is the speaker. A quotation that runs on from an
  earlier sentence is its first speaker's. Outside quotation marks, "I" and "we" in a text the article
  reproduces after a colon ("Doe's email, which reads: ...") are its writer's;
- relative pronouns ("Acme, which makes phones"): the noun the clause describes.

Every mention records why it was joined to its entity, as every date records why it was chosen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.attrs import TAG

from timeline.entities.antecedents import Antecedents, Candidate, Decision, Named
from timeline.entities.names import (NameSpan, clean, designator, is_acronym, is_name_token, name_spans, role_word,
                                     span_head)
from timeline.entities.shortforms import WHY, NameTable
from timeline.entities.vocabulary import load
from timeline.nlp import children, lemma, token_list, token_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_KIND_LABELS = {"person": "PERSON", "org": "ORG", "index": "ORG", "product": "PRODUCT", "place": "GPE"}
_KIND_WORDS = {"org": "organisation"}  # a kind as a reason's words say it
_REPEATED_WHY = "a name ending in the same word"
_SUBJECTS = ("nsubj", "nsubjpass")
_DEFINITE = {"the", "this", "that", "these", "those"}
_LOCATIVE = {"in", "at", "from", "to", "into", "across", "throughout", "near", "outside", "inside"}
_QUOTES = {'"', "“", "”", "``", "''"}
_RAISING = {"be", "seem", "appear", "emerge", "remain", "become", "turn"}
_COPULAS = {"be", "become", "remain"}
_SAYING = {"say", "tell", "add", "state", "explain", "claim", "note", "write", "announce", "insist", "reply",
           "respond", "comment", "declare"}
_INTRODUCING = _SAYING | {"read", "write"}  # verbs a colon after which begins a reproduced text
_DOCUMENTS = {"statement", "letter", "email", "e-mail", "memo", "note", "release", "message"}  # what says for its writer
# why a mention was joined where the learned choice differs from the rules', by the kind its word asks for
_LEARNED_WHY = {
    "org": "the organisation the article most likely means, of those it mentioned just before",
    "product": "the product the article most likely means, of those it mentioned just before",
    "index": "the index the article most likely means, of those it mentioned just before",
    "place": "the place the article most likely means, of those it mentioned just before",
    "thing": "the thing the article most likely means, of those it named just before",
    "plural": "the organisation the article most likely means, of those it named just before",
}
PRONOUN_REACH = 2  # sentences back that a pronoun may refer to
PERSON_REACH = 6  # sentences back that "he" or "she" may refer to: news keeps one person in view longer
DESCRIPTION_REACH = 6  # sentences back that a description weighs the mentions it may refer to
HEADLINE_REACH = 3  # sentences after the headline in which a description of the headline finds what it names


@dataclass
class Mention:
    sentence: int  # the sentence's index in the document (the analysis' index)
    start: int  # token span [start, end) in the sentence's doc
    end: int
    head: int  # the token that stands for the mention in the parse
    text: str
    form: str  # "name", "description", "pronoun", "relative"
    entity: int = -1
    subject: bool = False
    why: str = ""  # how the mention was joined to its entity, in words; "" for the entity's own name
    modifier: bool = False  # the name modifies a noun ("the Harbor Point office"), rather than naming who acts


@dataclass
class Entity:
    id: int
    name: str  # the longest name the article gives it
    names: list[str] = field(default_factory=list)  # every name the article uses for it, first use first
    kind: str | None = None  # person, org, index, product, place; None when the article does not say
    mentions: int = 0
    classes: set[str] = field(default_factory=set)  # what the article calls it: "airliner" → aircraft
    acronyms: set[str] = field(default_factory=set)  # acronyms given for it in parentheses
    affiliation: int | None = None  # a person's organisation, as a title tied them ("Acme CEO Jane Doe")
    origins: set[str] = field(default_factory=set)  # where the article says it is from: "the Japanese carmaker"
    why: dict[str, str] = field(default_factory=dict)  # name -> why it stands for this entity

    @property
    def label(self) -> str:
        return _KIND_LABELS.get(self.kind or "", "NAME")

    @property
    def aliases(self) -> list[str]:
        return [n for n in self.names if n != self.name]


class Mentions:
    """Every mention of one document, by sentence and token, and the entities they refer to."""

    def __init__(self):
        self.entities: list[Entity] = []
        self._by_token: dict[tuple[int, int], Mention] = {}
        self.by_sentence: dict[int, list[Mention]] = {}

    def at(self, sentence: int, token: int) -> Mention | None:
        """The mention a token belongs to (a name's every token, a pronoun, a description's noun)."""
        return self._by_token.get((sentence, token))

    def entity_of(self, sentence: int, token: int) -> Entity | None:
        mention = self.at(sentence, token)
        return self.entities[mention.entity] if mention is not None and mention.entity >= 0 else None

    def _add(self, mention: Mention) -> None:
        self.by_sentence.setdefault(mention.sentence, []).append(mention)
        for k in range(mention.start, mention.end):
            self._by_token.setdefault((mention.sentence, k), mention)
        self._by_token[(mention.sentence, mention.head)] = mention


# --- names ------------------------------------------------------------------------------------------------
def _places(sentences: dict[int, Doc], found: dict[int, list[NameSpan]]) -> set[str]:
    """Names the article uses as places: "in Singapore", "from Detroit", "Detroit-based"."""
    places = set()
    for index in sorted(sentences):
        doc = sentences[index]
        for span in found[index]:
            head = doc[span_head(doc, span.start, span.end)]
            if span.kind != "product" and (head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE or _based(doc, span.end)):
                places.add(clean(doc[span.start : span.end].text))
    return places


def _seats(sentences: dict[int, Doc], found: dict[int, list[NameSpan]]) -> set[str]:
    """Names the article gives before a definite description of an organisation ("the Detroit automaker",
    "the Oslo bank") and nowhere else but before a noun: where the company is, not its name, nor a company of
    its own."""
    vocab = load()
    candidates = []
    for index in sorted(sentences):
        doc = sentences[index]
        tokens = token_list(doc)
        for span in found[index]:
            if span.kind is not None or span.end >= len(tokens) or tokens[span.end].pos_ != "NOUN":
                continue  # the noun a seat's name modifies follows it: "the Detroit automaker"
            head = tokens[span_head(doc, span.start, span.end)]
            if head.dep_ == "compound" and head.head.pos_ == "NOUN" \
                    and (vocab.description(lemma(head.head).lower(), None) or ("", ""))[0] == "org" \
                    and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in children(head.head)):
                candidates.append(clean(doc[span.start : span.end].text))
    if not candidates:
        return set()
    texts: Counter = Counter()
    modifying: Counter = Counter()  # the uses as a modifier of the noun after it ("its U.S. sales")
    for index in sentences:
        doc = sentences[index]
        for span in found[index]:
            text = clean(doc[span.start : span.end].text)
            texts[text] += 1
            head = doc[span_head(doc, span.start, span.end)]
            if head.dep_ in ("compound", "nmod", "amod") and head.head.pos_ == "NOUN" and head.head.i >= span.end:
                modifying[text] += 1
    # named once, or only ever before a noun ("its U.S. sales", "the No. 1 U.S. automaker"): where, not who
    return {text for text in candidates if texts[text] == 1 or modifying[text] == texts[text]}


def _based(doc, end: int) -> bool:
    """Whether "based" follows a name, as in "a Detroit-based automaker" or "the Detroit, Michigan-based
    automaker" (the city, then its state)."""
    k = end
    if k < len(doc) and doc[k].text == "," and k + 1 < len(doc) and doc[k + 1].text[:1].isupper():
        k += 2  # "Dearborn, Michigan-based": past the state
        while k < len(doc) and doc[k].text[:1].isupper() and doc[k].tag_ in ("NNP", "NNPS"):
            k += 1
    if k < len(doc) and doc[k].text in ("-", "–") and not doc[k - 1].whitespace_:
        k += 1
    return k < len(doc) and doc[k].lower_ == "based"


def _split_places(doc, spans: list[NameSpan], places: set[str]) -> list[NameSpan]:
    """ "the President of Uzbekistan Shavkat Mirziyoyev": a place, then a person."""
    out = []
    org_words = load().org_words
    for span in spans:
        rest = [t for t in doc[span.start + 1 : span.end]]
        person_like = span.kind == "person" or (2 <= len(rest) <= 3 and all(t.text[:1].isupper() and t.text.isalpha()
                                                                            for t in rest)
                                                and rest[-1].lower_ not in org_words)
        if span.end - span.start >= 3 and doc[span.start].text in places and doc[span.start + 1].text[:1].isupper() \
                and person_like:
            out += [NameSpan(span.start, span.start + 1, None), NameSpan(span.start + 1, span.end, span.kind, span.keys)]
        else:
            out.append(span)
    return out


def _split_pairs(doc, spans: list[NameSpan], known: set[str]) -> list[NameSpan]:
    """ "the Harlow-Orion talks", "Acme-Navy contract discussions": two names joined by a hyphen before what
    they do together are two parties, when the article names each apart ("Harlow", "the Orion Bank"); a
    hyphenated name of its own ("Rolls-Royce engines") or one heading its phrase stays whole."""
    out = []
    words, spaces = token_words(doc)
    for span in spans:
        hyphens = [k for k in range(span.start + 1, span.end - 1) if words[k] in ("-", "–")
                   and not spaces[k - 1] and not spaces[k]]
        if len(hyphens) != 1:
            out.append(span)
            continue
        head = doc[span_head(doc, span.start, span.end)]
        if head.dep_ in ("compound", "amod", "nmod") and head.head.pos_ == "NOUN":
            k = hyphens[0]
            parts = [NameSpan(span.start, k, None), NameSpan(k + 1, span.end, None)]
            if all(doc[p.start].text[:1].isupper() and _named_apart(clean(doc[p.start : p.end].text), known)
                   for p in parts):
                out += parts
                continue
        out.append(span)
    return out


def _named_apart(part: str, known: set[str]) -> bool:
    """Whether the article names ``part`` on its own, or as the first or last words of a longer name."""
    return any(text == part or text.endswith(" " + part) or text.startswith(part + " ") for text in known)


def _collect(sentences: dict[int, Doc], found: dict[int, list[NameSpan]]):
    """The names with their kinds, the acronyms given in parentheses ("Worldwide Developers Conference
    (WWDC)") and the words that introduced people."""
    texts: list[tuple[str, str | None]] = []
    acronyms: dict[str, str] = {}
    keys: dict[str, set[str]] = {}
    for index in sorted(sentences):
        doc = sentences[index]
        spans = found[index]
        for k, span in enumerate(spans):
            text = clean(doc[span.start : span.end].text)
            texts.append((text, span.kind))
            for key in span.keys:
                keys.setdefault(key, set()).add(text)
            if k + 1 < len(spans) and spans[k + 1].start == span.end + 1 and doc[span.end].text == "(":
                inner = clean(doc[spans[k + 1].start : spans[k + 1].end].text)
                if _short_name(inner, text):
                    acronyms[inner] = text
    return texts, acronyms, keys


def _short_name(inner: str, outer: str) -> bool:
    """ "Big Company Corporation (BigCo)", "Shanghai Cooperation Organization (SCO)": a one-word name in
    parentheses right after a longer one is its short name when it is an acronym or begins as the longer one
    does (not "Acme Corp (Nasdaq)")."""
    if " " in inner or " " not in outer or inner == outer:
        return False
    return is_acronym(inner) or inner[:2].lower() == outer[:2].lower()


def _extra_names(sentences, found, skip, texts) -> None:
    """A capitalised word the tagger did not take for a name ("Banks" read as a plural noun) is one where the
    article uses it as a name elsewhere, or it is the last word of a person's name."""
    vocab = load()
    known = {text for text, _ in texts}
    surnames = {text.split()[-1] for text, kind in texts if kind == "person" and len(text.split()) > 1}
    for text, _ in list(texts):  # "Contoso" for "Contoso Ltd"
        words = text.split()
        while len(words) > 1 and words[-1].lower().rstrip(".") in vocab.org_words:
            words.pop()
            known.add(" ".join(words))
    for index in sorted(sentences):
        doc = sentences[index]
        taken = {k for span in found[index] for k in range(span.start, span.end)} | skip.get(index, set())
        extra = [NameSpan(t.i, t.i + 1, None) for t in token_list(doc) if t.i not in taken and t.text[:1].isupper()
                 and t.pos_ in ("NOUN", "PROPN", "ADJ") and (t.text in known or t.text in surnames)]
        if extra:
            found[index] = sorted(found[index] + extra, key=lambda span: span.start)
            texts.extend((doc[span.start].text, None) for span in extra)


def find_mentions(sentences: dict[int, Doc], skip: dict[int, set[int]],
                  antecedents: Antecedents | None = None, headline: int | None = None) -> Mentions:
    """The mentions of a document given its parsed sentences (index → Doc) and, per sentence, the tokens that
    are never names (timexes). ``antecedents``: who picks what descriptions and pronouns refer to for the forms
    it decides (a learned model the evaluations hand in, or a recorder for training); None: the rules alone.
    ``headline``: the sentence that is the article's title, whose descriptions name what the article goes on
    to name ("Carmaker to cut 5,000 jobs")."""
    found: dict[int, list[NameSpan]] = {index: name_spans(sentences[index], skip.get(index, set())) for index in sentences}
    seats = _seats(sentences, found)
    places = _places(sentences, found) | seats
    for index in sorted(sentences):
        found[index] = _split_places(sentences[index], found[index], places)
    texts, acronyms, keys = _collect(sentences, found)
    known = {text for text, _ in texts if "-" not in text}
    paired = {index: _split_pairs(sentences[index], found[index], known) for index in sorted(sentences)}
    if paired != found:
        found = paired
        texts, acronyms, keys = _collect(sentences, found)
    _extra_names(sentences, found, skip, texts)
    names = NameTable(texts, acronyms, places)
    makers = {text.split()[0] for text, _ in texts if len(text.split()) > 1 and designator(text) is not None}
    return _Resolver(sentences, found, names, keys, acronyms, antecedents, seats, frozenset(makers), headline).run()


# the tags of the tokens that may refer back: pronouns, relative pronouns and common nouns (descriptions)
_REFERRING_TAGS = ("PRP", "PRP$", "WDT", "WP", "WP$", "NN", "NNS", "NNP")


def _pronoun_or_noun(doc) -> list[tuple[int, bool]]:
    """The tokens :meth:`_Resolver._pronoun` and :meth:`_Resolver._description` read, each as its index and
    whether it is a noun (else a pronoun), found by their tags' hashes in one array instead of a call per token."""
    wanted = _REFERRING_HASHES.get(id(doc.vocab))
    if wanted is None:
        strings = doc.vocab.strings
        wanted = _REFERRING_HASHES[id(doc.vocab)] = {strings[t]: t.startswith("NN") for t in _REFERRING_TAGS}
    return [(i, wanted[tag]) for i, tag in enumerate(doc.to_array(TAG).tolist()) if tag in wanted]


_REFERRING_HASHES: dict[int, dict[int, bool]] = {}  # per vocabulary: the hash of each _REFERRING_TAGS tag -> a noun's


class _Resolver:
    """One pass over the sentences in order: names first in each, then the pronouns and descriptions that
    refer back to what was mentioned so far."""

    def __init__(self, sentences, found, names: NameTable, keys, acronyms, antecedents: Antecedents | None = None,
                 seats: set[str] | frozenset[str] = frozenset(), makers: frozenset[str] = frozenset(),
                 headline: int | None = None):
        self.sentences = sentences
        self.makers = makers  # the names the article gives as the maker of a model: "Harlow" of "the Harlow 990"
        self.headline = headline  # the title's sentence
        self._ahead: list[tuple[int, object, str, str]] = []  # the title's descriptions: what the article names next
        self.seats = seats  # "Detroit" of "the Detroit automaker", named nowhere else
        self.antecedents = antecedents
        self.found = found
        self.names = names
        self.vocab = load()
        self.out = Mentions()
        self.entity_of_name: dict[str, int] = {}
        self.history: list[Mention] = []
        self._asides: dict[tuple[int, int], bool] = {}
        self._last_words: dict[str, dict[int, int]] = {}  # the last word of an entity's name -> its mentions so far
        self.acronyms = acronyms
        # descriptions a person was introduced with ("chinese leader" → "Xi Jinping"), when only one person had them
        self.introduced = {key: names.canonical.get(next(iter(people)), next(iter(people)))
                           for key, people in keys.items() if len({names.canonical.get(p, p) for p in people}) == 1}

    def entity_for(self, text: str) -> Entity:
        names = self.names
        canonical = names.canonical.get(text, text)
        eid = self.entity_of_name.get(canonical)
        out = self.out
        if eid is None:
            eid = self.entity_of_name[canonical] = len(out.entities)
            out.entities.append(Entity(eid, canonical, [canonical]))
        entity = out.entities[eid]
        if text not in entity.names:
            entity.names.append(text)
            reason = names.why.get(text)
            if reason:
                entity.why[text] = WHY[reason]
                if reason == "acronym":
                    entity.acronyms.add(text)
        kinds = names.kinds.get(text, set()) | names.kinds.get(canonical, set())
        if entity.kind is None and len(kinds) == 1:
            entity.kind = next(iter(kinds))
        elif entity.kind is None and designator(canonical) is not None and "index" not in kinds and not kinds - {"product"}:
            entity.kind = "product"
        elif entity.kind is None and not kinds and canonical in self.seats:
            entity.kind = "place"  # "the Detroit automaker", "its U.S. sales": where the company is
        return entity

    def run(self) -> Mentions:
        for index in sorted(self.sentences):
            doc = self.sentences[index]
            mentions = self._names(index, doc)
            self._classes(doc, mentions)
            covered = {k for m in mentions for k in range(m.start, m.end)}
            tokens = token_list(doc)
            for i, noun in _pronoun_or_noun(doc):
                if i in covered:
                    continue
                token = tokens[i]
                if noun:
                    mention = self._description(index, doc, token, mentions)
                else:
                    mention = self._pronoun(index, doc, token, mentions)
                if mention is not None:
                    mentions.append(mention)
                    covered.update(range(mention.start, mention.end))
            mentions.sort(key=lambda m: m.start)
            for mention in mentions:
                entity = self.out.entities[mention.entity]
                entity.mentions += 1
                self.out._add(mention)
                words = entity.name.lower().split()
                if len(words) > 1:  # what _repeated_word counts: mentions by the last word of their entity's name
                    counted = self._last_words.setdefault(words[-1], {})
                    counted[entity.id] = counted.get(entity.id, 0) + 1
            self.history.extend(mentions)
        self._resolve_ahead()
        return self.out

    def _resolve_ahead(self) -> None:
        """A headline tells the news before it names who: "Carmaker to cut 5,000 jobs", "World's largest
        airliner makes first flight". Its description with nothing before it to refer to is the first entity of
        its kind and class the article names in the sentences after it."""
        for index, token, kind, cls in self._ahead:
            later = (m for m in self.history if index < m.sentence <= index + HEADLINE_REACH and m.entity >= 0)
            entity = next((self.out.entities[m.entity] for m in later if self._fits(self.out.entities[m.entity], kind, cls)),
                          None)
            if entity is None:
                continue
            mention = self._description_mention(index, self.sentences[index], token, entity,
                                                f"the {_KIND_WORDS.get(kind, kind)} the article names first after its headline")
            entity.mentions += 1
            self.out._add(mention)
            self.out.by_sentence[index].sort(key=lambda m: m.start)

    def _names(self, index: int, doc) -> list[Mention]:
        out = []
        spans = self.found[index]
        by_start = {}
        for span in spans:
            text = clean(doc[span.start : span.end].text)
            if not text:
                continue
            head = span_head(doc, span.start, span.end)
            model = self._newest_model(doc, span, text)
            if model is not None:
                entity, why = model, "the newest model of that name the article named before"
            else:
                named_as = self._person_named_last(text)
                entity = self.entity_for(named_as)
                if named_as != text and text not in entity.names:
                    entity.names.append(text)
                    entity.why[text] = WHY["first name"]
                why = entity.why.get(text, "")
            mention = Mention(index, span.start, span.end, head, text, "name", entity.id, doc[head].dep_ in _SUBJECTS,
                              why, doc[head].dep_ == "compound" and doc[head].head.pos_ == "NOUN")
            out.append(mention)
            by_start[span.start] = (span, mention)
        for span, mention in by_start.values():  # "Acme CEO Jane Doe": Doe's organisation is Acme
            person = self.out.entities[mention.entity]
            if span.affiliation is not None and span.affiliation[0] in by_start:
                person.affiliation = by_start[span.affiliation[0]][1].entity
            elif span.title in self.vocab.organisation_roles and person.affiliation is None:
                # "spokeswoman Jane Doe" with no organisation named: the one the article was about just before
                org, _ = self._salient("org", "org", index, [m for m in out if m.start < span.start])
                if org is not None and org.id != person.id:
                    person.affiliation = org.id
        taken = {k for m in out for k in range(m.start, m.end)}
        for span, mention in list(by_start.values()):  # "Acme CEO Jane Doe": "CEO" is Doe too
            title = self._title_before(doc, span.start, taken) if span.kind == "person" else None
            if title is not None:
                out.append(Mention(index, title, span.start, span.start - 1, doc[title : span.start].text, "description",
                                   mention.entity, False, "the title before the name"))
        return out

    def _title_before(self, doc, start: int, taken: set[int]) -> int | None:
        """Where the title right before a person's name begins ("chief executive" of "Acme chief executive Jane
        Doe", "CEO" of "Acme CEO Jane Doe"): its role nouns and the words that make a title of them."""
        vocab = self.vocab
        first = start
        while first > 0 and first - 1 not in taken and (role_word(doc[first - 1]) in vocab.role_nouns
                                                        or role_word(doc[first - 1]) in vocab.title_modifiers):
            first -= 1
        return first if first < start and role_word(doc[start - 1]) in vocab.role_nouns else None

    def _newest_model(self, doc, span, text: str) -> Entity | None:
        """"the new Zephyr" after "the Zephyr X300": the product whose longer name begins with this one that the
        article named last before it (None without "new" or such a product)."""
        if span.start == 0 or doc[span.start - 1].lower_ not in self.vocab.newest_modifiers:
            return None
        prefix = text + " "
        for mention in reversed(self.history):
            entity = self.out.entities[mention.entity]
            if entity.kind == "product" and any(n.startswith(prefix) for n in entity.names):
                return entity
        return None

    def _person_named_last(self, text: str) -> str:
        """ "Steve" where the article names Steve Ellis and Steve Moss: the one of them named last before it (the
        first name alone otherwise)."""
        people = self.names.first_name_of.get(text)
        if not people:
            return text
        named = {self.entity_of_name.get(self.names.canonical.get(p, p)): p for p in people}
        for mention in reversed(self.history):
            if mention.entity in named:
                return named[mention.entity]
        return text

    def _classes(self, doc, mentions: list[Mention]) -> None:
        """What a sentence calls its names: the noun a name modifies ("the Acme X5 airliner"), the noun before
        it ("carmaker Acme"), its apposition ("Acme, the carmaker,")."""
        vocab = self.vocab
        for mention in mentions:
            entity = self.out.entities[mention.entity]
            if mention.text in self.seats:
                continue  # "the Detroit automaker": where it is, not what
            if mention.form == "name" and entity.kind == "org":
                named = vocab.org_word_classes.get(mention.text.split()[-1].lower().rstrip("."))
                if named is not None:
                    entity.classes.add(named)  # "Nordic Airways" is an airline
            head = doc[mention.head]
            nouns = []
            if head.dep_ == "compound" and head.head.pos_ == "NOUN" \
                    and not (_plural(head.head) and designator(mention.text) is None):
                nouns.append(head.head)  # "the Acme X5 airliner"; not the maker of "Acme mobile devices"
            nouns += [c for c in children(head) if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                nouns.append(head.head)
            if mention.start > 0 and doc[mention.start - 1].pos_ == "NOUN" and doc[mention.start - 1].dep_ == "compound":
                nouns.append(doc[mention.start - 1])
            if head.dep_ == "nsubj" and lemma(head.head).lower() in _COPULAS:  # "Acme is the largest carmaker"
                nouns += [c for c in children(head.head) if c.dep_ == "attr" and c.pos_ == "NOUN"]
            for noun in nouns:
                found = vocab.description(lemma(noun).lower(), _compound_word(noun))
                if found is None:
                    continue
                entity.origins |= _origins(noun)
                kind, cls = found
                if kind == "product" and entity.name in self.makers:
                    continue  # "Airbus" of "the Airbus A400M", called before "aircraft": the maker, no product
                if entity.kind is None and kind != "person" and not (kind == "place" and entity.kind):
                    entity.kind = kind
                if kind == entity.kind and cls != kind:
                    entity.classes.add(cls)

    # --- pronouns ------------------------------------------------------------------------------------------
    def _pronoun(self, index: int, doc, token, mentions: list[Mention]) -> Mention | None:
        low = token.lower_
        vocab = self.vocab
        if token.tag_ in ("WDT", "WP", "WP$") and low in vocab.relative:
            return self._relative(index, token, mentions)
        if token.tag_ not in ("PRP", "PRP$") or low not in vocab.pronouns:
            return None
        kind = vocab.pronouns[low]
        if kind in ("speaker", "self"):
            entity, why = self._speaker(index, doc, token, mentions, kind == "self")
        elif kind == "thing" and _pleonastic(token):
            return None
        elif kind in ("person", "thing") and (fronted := _fronted_subject(token, mentions, self.out.entities, kind)) \
                is not None:
            entity, why = fronted, f"the {kind} its clause is about, named after it"
        elif kind == "person" and (quoted := self._quoted_before(index, doc, token)) is not None:
            entity, why = quoted, "the person quoted just before"
        elif low.endswith(("self", "selves")) and (own := _reflexive_subject(token, mentions, self.out.entities)) is not None:
            entity, why = own, "the subject of its own clause"
        elif kind == "plural" and token.dep_ in ("dobj", "obj") \
                and (plural := _plural_before(doc, token, mentions, self.out.entities)) is not None:
            entity, why = plural[0], "the plural noun before it in its sentence"
            if entity is None:
                return None  # "makes apps and sells them": a thing the article does not track
        else:
            entity = _antecedent(kind, token, index, mentions, self.history, self.out.entities)
            why = {"person": "the person named last before it", "thing": "the thing named last before it",
                   "plural": "the organisation named last before it"}[kind]
            if kind != "person" and self.antecedents is not None and self.antecedents.decides("pronoun"):
                entity, why = self._learned("pronoun", kind, kind, low, token, index, mentions, entity, why)
            if entity is not None and kind == "person" and entity.kind is None:
                entity.kind = "person"  # "he" or "she" said of a name the article did not type
        if entity is None:
            return None
        return Mention(index, token.i, token.i + 1, token.i, token.text, "pronoun", entity.id, token.dep_ in _SUBJECTS,
                       why)

    def _relative(self, index: int, token, mentions: list[Mention]) -> Mention | None:
        """ "Acme, which makes phones": "which" is Acme (the noun its clause describes)."""
        clause = token.head
        while clause.dep_ not in ("relcl", "ROOT") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ != "relcl":
            return None
        noun = clause.head
        target = next((m for m in mentions if m.start <= noun.i < m.end or m.head == noun.i), None)
        if target is None and self.vocab.description(lemma(noun).lower(), _compound_word(noun)) is not None:
            # "the Zephyr X200 airliner, which ...": the name the noun calls by its class
            named = {c.i for c in noun.lefts if c.dep_ in ("compound", "nmod")}
            target = next((m for m in mentions if m.form == "name" and (m.end == noun.i or m.head in named)), None)
        if target is None:
            return None
        return Mention(index, token.i, token.i + 1, token.i, token.text, "relative", target.entity,
                       token.dep_ in _SUBJECTS, "the noun its relative clause describes")

    def _speaker(self, index: int, doc, token, mentions: list[Mention], person: bool) -> tuple[Entity | None, str]:
        """ "We will", said Acme CEO Jane Doe: inside a quotation, the speaker's organisation (or the speaker, an
        organisation itself); "I will", said Jane Doe: the speaker (``person``). The speaker is the subject of a
        verb of saying outside the quotation, in its sentence or, for a quotation of several sentences, the
        nearest of the two before or after it; for a quotation that opened in an earlier sentence (its sentence
        only closes it), those before it first."""
        marks = _marks(doc)
        if not _quoted(doc, token, marks):
            return self._reproduced(index, doc, token, mentions, person)
        for back in (0, -1, -2, 1, 2) if _runs_on(doc, token, marks) else (0, 1, -1, 2, -2):
            other = self.sentences.get(index + back) if back else doc
            if other is None:
                continue
            speaker = self._sayer(index + back, other, mentions if not back else None)
            if speaker is None:
                continue
            found = self._side(speaker, person)
            if found[0] is not None:
                return found
        return None, ""

    def _reproduced(self, index: int, doc, token, mentions: list[Mention], person: bool) -> tuple[Entity | None, str]:
        """ "Doe's email, which reads: Team, at my request ... I will stay": outside quotation marks, "I" (and
        "we") in a text the article reproduces after a colon is its writer (their side): the subject of the verb
        of saying or reading the colon follows, in its sentence before the pronoun or up to REPRODUCED sentences
        before it, each since in the first person too (the reproduced text going on); nobody otherwise."""
        for back in range(REPRODUCED + 1):
            other = self.sentences.get(index - back) if back else doc
            if other is None:
                break
            tokens = token_list(other)
            colon = next((t for t in tokens if t.text == ":" and (back or t.i < token.i)
                          and t.head.pos_ in ("VERB", "AUX") and lemma(t.head).lower() in _INTRODUCING),
                         None)
            if colon is not None:
                speaker = self._sayer(index - back, other, mentions if not back else None)
                return self._side(speaker, person) if speaker is not None else (None, "")
            if back and not any(t.lower_ in _FIRST_PERSON | _FIRST_PLURAL and t.tag_ in ("PRP", "PRP$") for t in tokens):
                break  # the reproduced text ended before this sentence
        return None, ""

    def _quoted_before(self, index: int, doc, token) -> Entity | None:
        """ '"We will miss him," she added.': "she" saying more of a quotation is the person quoted in the sentence
        before (not a person named inside the quotation)."""
        verb = token.head
        if token.dep_ not in _SUBJECTS or lemma(verb).lower() not in _SAYING or _quoted(doc, token) \
                or not any(_quote_mark(t) for t in token_list(doc)):
            return None
        before = self.sentences.get(index - 1)
        speaker = self._sayer(index - 1, before, None) if before is not None else None
        return speaker[0] if speaker is not None and speaker[0].kind == "person" else None

    def _sayer(self, index: int, doc, mentions: list[Mention] | None) -> tuple[Entity, str] | None:
        """Who says what is quoted in a sentence: the subject of its verb of saying outside quotation marks, with
        the form it is named in (the mentions of an earlier sentence, or the names of a later one)."""
        entities = self.out.entities
        for verb in token_list(doc):
            if verb.pos_ != "VERB" or lemma(verb).lower() not in _SAYING | {"read"} or _quoted(doc, verb):
                continue
            for child in children(verb):
                if child.dep_ not in _SUBJECTS:
                    continue
                if lemma(child).lower() in _DOCUMENTS or lemma(verb).lower() == "read":
                    # "Acme's statement said", "an email from Doe, which reads": who wrote it
                    child = _writer(child)
                    if child is None:
                        continue
                pool = mentions if mentions is not None else self.out.by_sentence.get(index)
                named = [child] + [c for c in children(child) if c.dep_ == "appos"]  # "Acme's spokesman, Tom Poe,"
                if pool is not None:
                    found = next((m for t in named for m in pool if m.start <= t.i < m.end or m.head == t.i), None)
                    if found is not None and found.entity >= 0:
                        return entities[found.entity], found.form
                    continue
                for span in self.found.get(index, ()):  # a later sentence: its names are known, not yet its mentions
                    if any(span.start <= t.i < span.end for t in named):
                        return self.entity_for(clean(doc[span.start : span.end].text)), "name"
        return None

    def _side(self, speaker: tuple[Entity, str], person: bool) -> tuple[Entity | None, str]:
        entities = self.out.entities
        entity, form = speaker
        if person:
            if entity.kind == "person" or _may_be_person(entity):
                return entity, "the person quoted"
            return None, ""
        if entity.kind == "person" and entity.affiliation is not None:
            return entities[entity.affiliation], "the organisation of the person quoted"
        if entity.kind == "person" or _may_be_person(entity):
            return entity, "the side of the person quoted"
        if entity.kind in ("org", None) and form == "name":
            return entity, "the organisation quoted"
        return None, ""

    # --- descriptions --------------------------------------------------------------------------------------
    def _description(self, index: int, doc, token, mentions: list[Mention]) -> Mention | None:
        vocab = self.vocab
        title = token.pos_ == "PROPN" and token.lower_ in vocab.role_nouns and any(
            c.dep_ == "det" and c.lower_ == "the" for c in children(token))  # "the Prime Minister", a title in capitals
        if not title and (token.pos_ != "NOUN" or token.tag_ not in ("NN", "NNS", "NNP")):
            return None
        if _predicative(token):
            # said of something, not referring back: "Acme is the largest carmaker" is Acme; "overtook Orion as the
            # largest carmaker" may be either
            if token.dep_ != "attr":
                return None
            subject = next((c for c in children(token.head) if c.dep_ == "nsubj"), None)
            target = next((m for m in mentions if subject is not None and m.head == subject.i), None)
            if target is not None:
                return self._description_mention(index, doc, token, self.out.entities[target.entity],
                                                 "what its subject is said to be")
        word = lemma(token).lower()
        found = vocab.description(word, _compound_word(token) if word in vocab.compound_heads else None)
        role = word in vocab.role_nouns
        if (found is not None or role) and token.dep_ == "appos" and token.head.i != token.i:
            target = next((m for m in mentions if m.head == token.head.i), None)  # "Jane Doe, the Acme CEO,"
            if target is not None:
                self.out.entities[target.entity].origins |= _origins(token)
                start = min([token.i] + [c.i for c in token.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nmod")])
                return Mention(index, start, token.i + 1, token.i, doc[start : token.i + 1].text, "description",
                               target.entity, False, "an apposition to its name")
        if found is None and not role:
            entity = self._repeated_word(word)  # "the store" for "the Online Music Store", whatever the noun
            if entity is None or not _definite(token, self._is_place):
                return None
            return self._description_mention(index, doc, token, entity, _REPEATED_WHY)
        kind, cls = found if found is not None else ("person", "person")
        if not _definite(token, self._is_place):
            if index == self.headline and kind != "person" and _headline_noun(token, self._is_place):
                self._ahead.append((index, token, kind, cls))  # "Carmaker to cut jobs": the headline's bare noun
            return None
        entity, why = self._described(token, word, kind, cls, index, [m for m in mentions if m.start < token.i])
        if entity is None:
            if index == self.headline and kind != "person":
                self._ahead.append((index, token, kind, cls))
            return None
        if kind != "person":
            entity.origins |= _origins(token)
        if why == _REPEATED_WHY and kind == entity.kind == "org" and cls != kind and cls not in self.vocab.maker_classes:
            # what the article calls it, in its own name's word: "the agency" of the "Nordic Air Agency" is no
            # planemaker (a maker of one kind may be called by another's name, a product by any of its classes)
            entity.classes.add(cls)
        return self._description_mention(index, doc, token, entity, why)

    def _description_mention(self, index: int, doc, token, entity: Entity, why: str) -> Mention:
        start = min([token.i] + [c.left_edge.i if c.dep_ == "poss" else c.i for c in token.lefts
                                 if c.dep_ in ("det", "amod", "compound", "poss")])
        return Mention(index, start, token.i + 1, token.i, doc[start : token.i + 1].text, "description", entity.id,
                       token.dep_ in _SUBJECTS, why)

    def _repeated_word(self, word: str) -> Entity | None:
        """The most mentioned entity whose longest name ends in ``word`` (or its plural): "the store" for "the
        Online Music Store", "the bank" for "Harbor Savings Bank"."""
        counts: dict[int, int] = {}
        for key in (word, word + "s"):
            for eid, count in self._last_words.get(key, {}).items():
                counts[eid] = counts.get(eid, 0) + count
        return self.out.entities[max(counts, key=lambda eid: (counts[eid], eid))] if counts else None

    def _is_place(self, token) -> bool:
        text = clean(token.text)  # as names are kept: "U.S" of "U.S."
        mention = None
        for m in self.history[-40:]:
            if m.text == text:
                mention = m
        if mention is not None:
            return self.out.entities[mention.entity].kind == "place" or mention.text in self.names.places
        return text in self.names.places

    def _described(self, token, word: str, kind: str, cls: str, index: int,
                   before: list[Mention]) -> tuple[Entity | None, str]:
        """The entity a definite description refers back to: the person the same words introduced ("the Chinese
        leader"), the most mentioned name whose last word the description repeats ("the store" for "the Online
        Music Store"), else the most salient entity so far of its kind and class."""
        entities = self.out.entities
        modifiers = [c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound") and c.text[:1].isupper()]
        if kind == "person" or word in self.vocab.role_nouns:
            for modifier in modifiers:
                person = self.introduced.get(modifier)
                if person is not None and person in self.entity_of_name:
                    return entities[self.entity_of_name[person]], "the person introduced with these words"
            if modifiers:
                return None, ""  # "the Iranian leader" when no Iranian was introduced: not whoever was named most
        repeated = self._repeated_word(word)
        if kind == "person":
            return (repeated, _REPEATED_WHY) if repeated is not None else (None, "")
        speaker = self._speakers_organisation(token, before, cls) if kind == "org" else None
        rule: Entity | None
        if speaker is not None:
            rule, why = speaker, "the organisation of the person who says it"
        elif repeated is not None:
            rule, why = repeated, _REPEATED_WHY
        else:
            rule, why = self._salient(kind, cls, index, before, _clause_subject(token, before), _origins(token))
        if self.antecedents is not None and self.antecedents.decides("description"):
            return self._learned("description", kind, cls, word, token, index, before, rule, why)
        return rule, why

    def _speakers_organisation(self, token, before: list[Mention], cls: str = "org") -> Entity | None:
        """ "Jane Doe, the Acme chief executive, said the company would ...": the company a person speaks for is
        their organisation, when a title tied them to one; so is "the carmaker" when nothing says the organisation
        is of another class ("Acme's chief executive said the carmaker would ...")."""
        entities = self.out.entities
        for verb in token.ancestors:
            if verb.pos_ != "VERB" or lemma(verb).lower() not in _SAYING:
                continue
            for child in children(verb):
                if child.dep_ in _SUBJECTS:
                    said = next((m for m in before if m.start <= child.i < m.end or m.head == child.i), None)
                    if said is None and lemma(child).lower() in self.vocab.role_nouns:
                        # "Acme's chief executive, Jane Doe, said": the name in apposition to the title
                        said = next((m for m in before for c in children(child) if c.dep_ == "appos" and m.head == c.i), None)
                    person = entities[said.entity] if said is not None else None
                    if person is not None and person.kind == "person" and person.affiliation is not None:
                        organisation = entities[person.affiliation]
                        if cls == "org" or not organisation.classes or cls in organisation.classes:
                            return organisation
                        return None
            return None
        return None

    # --- the learned choice -----------------------------------------------------------------------------------
    def _learned(self, form: str, kind: str, cls: str, word: str, token, index: int, before: list[Mention],
                 rule: Entity | None, why: str) -> tuple[Entity | None, str]:
        """What ``self.antecedents`` picks among the entities mentioned within the rules' reach (and the rules'
        own choice), with why: the rules' words where it agrees with them."""
        modified = form == "description" and any(c.dep_ in ("amod", "compound") and c.text[:1].isupper()
                                                 for c in token.lefts)
        decision = Decision(form, kind, cls, word, token.tag_ in ("NNS", "NNPS") or kind == "plural",
                            token.dep_ in _SUBJECTS, modified, index, token.i, rule=rule.id if rule is not None else None)
        reach = DESCRIPTION_REACH if form == "description" else PRONOUN_REACH
        decision.candidates = self._candidates(index, token, [m for m in before if m.start < token.i], reach, rule)
        assert self.antecedents is not None  # asked only when a chooser was handed in
        chosen = self.antecedents.choose(decision)
        if chosen is None:
            return None, ""
        if rule is not None and chosen == rule.id:
            return rule, why
        return self.out.entities[chosen], _LEARNED_WHY.get(kind, _LEARNED_WHY["org"])

    def _candidates(self, index: int, token, before: list[Mention], reach: int, rule: Entity | None) -> list[Candidate]:
        """The entities mentioned in the ``reach`` sentences before (and in this one before the word), with how
        the article mentioned each so far; the rules' choice among them even when its last mention is further."""
        history, entities = self.history, self.out.entities
        start = len(history)
        while start > 0 and history[start - 1].sentence >= index - reach:
            start -= 1
        found: dict[int, Candidate] = {}
        first_subject = next((m.entity for m in history[start:] if m.sentence == index - 1 and m.subject), None)
        recent = history[start:] + before
        if rule is not None and all(m.entity != rule.id for m in recent):
            earlier = next((m for m in reversed(history[:start]) if m.entity == rule.id), None)
            recent = ([earlier] if earlier is not None else []) + recent
        for order, mention in enumerate(recent):
            candidate = found.get(mention.entity)
            if candidate is None:
                candidate = found[mention.entity] = Candidate(entities[mention.entity])
            distance = index - mention.sentence
            candidate.distance, candidate.order, candidate.last_form = distance, order, mention.form
            candidate.count += 1
            candidate.last_subject = mention.subject
            candidate.subject = candidate.subject or mention.subject
            candidate.salience += (1.5 if mention.subject else 1.0) * 0.5 ** distance
        above = {t.i for t in token.ancestors}
        doc = token.doc
        for mention in before:
            if mention.subject and doc[mention.head].head.i in above:
                found[mention.entity].governs = True
        places = self.names.places
        for rank, candidate in enumerate(sorted(found.values(), key=lambda c: -c.salience)):
            candidate.salience_rank = rank
        out = sorted(found.values(), key=lambda c: -c.order)
        for rank, candidate in enumerate(out):
            entity = candidate.entity
            candidate.rank = rank
            candidate.total = entity.mentions + sum(1 for m in before if m.entity == entity.id)
            candidate.first_subject_before = entity.id == first_subject
            candidate.place = entity.kind == "place" or any(n in places for n in entity.names)
            candidate.person_like = _may_be_person(entity)
        return out

    def _aside(self, mention: Mention) -> bool:
        """Whether a mention stands inside parentheses."""
        key = (mention.sentence, mention.start)
        found = self._asides.get(key)
        if found is None:
            doc = self.sentences.get(mention.sentence)
            depth = 0
            for t in token_list(doc)[: mention.start] if doc is not None else ():
                depth += (t.text == "(") - (t.text == ")")
            found = self._asides[key] = depth > 0
        return found

    def _fits(self, entity: Entity, kind: str, cls: str) -> bool:
        """Whether a description of ``kind`` and class ``cls`` may refer to ``entity``: one of its kind that the
        article gave no other class, or an organisation or index it did not type (not one that may be a person's
        name, nor a place an organisation is described by)."""
        if entity.kind == kind:
            return cls == kind or not entity.classes or cls in entity.classes or (
                cls == "maker" and bool(entity.classes & self.vocab.maker_classes))  # "the manufacturer" of a carmaker
        return entity.kind is None and kind in ("org", "index") and not _may_be_person(entity) \
            and entity.name not in self.seats

    def _salient(self, kind: str, cls: str, index: int, before: list[Mention], not_this: int | None = None,
                 origins: frozenset[str] = frozenset()) -> tuple[Entity | None, str]:
        """The entity of ``kind`` (and of class ``cls`` where the article gave classes) the mentions before
        weigh most: each counts, halving with each sentence back (its own sentence's earlier ones count whole),
        a subject more, an entity no article typed less; never ``not_this`` (the subject of the description's
        own clause: "Fiat will take a stake in the company" is not Fiat's stake in itself), nor one the article
        said is from elsewhere than ``origins`` say ("the Japanese carmaker" is not the one called German),
        and one it said is from there counts double."""
        entities = self.out.entities
        specific = cls != kind
        fits = lambda entity: self._fits(entity, kind, cls)  # noqa: E731
        scores: dict[int, float] = {}
        for mention in self.history + before:
            distance = index - mention.sentence
            if distance > DESCRIPTION_REACH and scores:
                continue
            entity = entities[mention.entity]
            if not fits(entity) or entity.id == not_this or origins and entity.origins and not origins & entity.origins:
                continue
            weight = (1.5 if mention.subject else 1.0) * 0.5 ** max(0, distance)
            if origins & entity.origins:
                weight *= 2
            if self._aside(mention):
                weight *= 0.5  # "(550 for a Boeing 747)": said in passing
            if specific and cls in entity.classes:
                weight *= 2
            elif cls in self.vocab.maker_classes and entity.name.split()[0] in self.makers:
                weight *= 2  # "the planemaker": the maker of a model the article named
            if entity.kind is None:
                weight *= 0.5
            scores[entity.id] = scores.get(entity.id, 0.0) + weight
        if not scores:
            return None, ""
        best = max(scores, key=lambda eid: (scores[eid], eid))
        return entities[best], f"the {_KIND_WORDS.get(kind, kind)} the article was about just before"


def _headline_noun(token, is_place) -> bool:
    """A singular noun a headline writes without its article ("Carmaker to cut jobs", "World's largest airliner
    makes first flight"): no determiner but a definite one, no name of its own."""
    if token.tag_ not in ("NN", "NNP"):
        return False
    if any(c.dep_ in ("det", "nummod", "predet") and c.lower_ not in _DEFINITE for c in children(token)):
        return False
    possessors = load().definite_possessors
    return not any(c.dep_ in ("poss", "compound", "nmod") and is_name_token(c) and not is_place(c)
                   and c.lower_ not in possessors for c in children(token))


def _compound_word(token) -> str | None:
    compounds = [c for c in children(token) if c.dep_ == "compound" and c.i == token.i - 1]
    return compounds[0].lower_ if compounds else None


def _predicative(token) -> bool:
    """A noun phrase said of something rather than referring to it: a copula's complement ("Acme is the largest
    carmaker"), what "as" makes it ("overtook Orion as the largest carmaker"), a rank "for" gives it."""
    if token.dep_ == "attr" and lemma(token.head).lower() in _COPULAS:
        return True
    if token.dep_ != "pobj":
        return False
    if token.head.lower_ == "for" and any(c.lower_ in load().number_signs for c in children(token)):
        return True  # "passed Orion for the No. 2 retailer": the rank taken
    return token.head.lower_ == "as" and token.head.head.pos_ in ("VERB", "AUX")


def _definite(token, is_place) -> bool:
    """ "the company", "this aircraft", "the US carmaker", "the world's largest carmaker", "Europe's biggest
    planemaker": a definite noun phrase with no name of its own (a place before it is no name of the noun's:
    "the US company" is not "US")."""
    own = children(token)
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in own) and not any(
            c.dep_ == "poss" and (c.pos_ == "NOUN" and any(d.dep_ == "det" and d.lower_ == "the" for d in children(c))
                                  or is_name_token(c) and is_place(c))
            for c in own):
        return False
    vocab = load()
    for child in children(token):
        if child.dep_ in ("poss", "compound", "nmod") and is_name_token(child) and not is_place(child) \
                and child.lower_ not in vocab.title_modifiers and child.lower_ not in vocab.role_nouns:
            return False  # a name of its own; not a title's word: "the Prime Minister", "the Vice President"
    return True


def _quote_mark(token) -> bool:
    return token.text in _QUOTES or token.tag_ in ("``", "''")


def _marks(doc) -> list[Token]:
    marks: list[Token] = []
    for t in token_list(doc):
        if _quote_mark(t):
            if marks and marks[-1].i == t.i - 1 and not marks[-1].whitespace_:
                continue  # "``" written as two backquotes is one mark
            marks.append(t)
    return marks


def _quoted(doc, token, marks: list[Token] | None = None) -> bool:
    """Whether the token lies inside a quotation: after an opening mark its sentence has not closed, or before a
    closing mark when the sentence opens none before it (a quotation running on from an earlier sentence)."""
    marks = _marks(doc) if marks is None else marks
    before = [t for t in marks if t.i < token.i]
    if len(before) % 2 == 1:
        return True
    return not before and _runs_on(doc, token, marks)


def _runs_on(doc, token, marks: list[Token] | None = None) -> bool:
    """Whether the token lies in a quotation that opened in an earlier sentence: no mark before it, and the
    first after it closes."""
    marks = _marks(doc) if marks is None else marks
    if any(t.i < token.i for t in marks):
        return False
    after = [t for t in marks if t.i > token.i]
    return bool(after) and _closing(after[0])


def _closing(mark) -> bool:
    return mark.tag_ == "''" or mark.text in ("”", "''")


def _pleonastic(token) -> bool:
    """ "It is expected that ...", "it is difficult to say", "it seems that": an "it" that stands for the
    clause after its verb, not for anything the article named; not the raised subject of an infinitive ("it is
    likely to cut jobs", "it was due to land", "it is expected to report": lexicon.toml's raising_predicates)."""
    if token.dep_ == "expl":
        return True
    if token.lower_ != "it" or token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    passive = any(c.dep_ == "auxpass" for c in children(verb))
    if not (passive or lemma(verb).lower() in _RAISING):
        return False
    raising = load().raising_predicates
    for c in children(verb):
        if c.dep_ in ("ccomp", "csubj") and c.i > verb.i:
            return True
        if c.dep_ == "xcomp" and c.i > verb.i and lemma(verb).lower() not in raising:
            return True
        if c.dep_ in ("acomp", "attr"):
            for g in children(c):
                if g.dep_ == "ccomp" or (g.dep_ == "xcomp" and lemma(c).lower() not in raising):
                    return True
    return False


def _fits(entity: Entity, kind: str) -> bool:
    if kind == "person":
        return entity.kind == "person"
    if kind == "plural":
        return entity.kind == "org" or (entity.kind is None and not _may_be_person(entity))
    return entity.kind != "person"


def _may_be_person(entity: Entity | Named) -> bool:
    """A name of two or three capitalised words that nothing says is not a person's ("Tim Cook")."""
    words = entity.name.split()
    return entity.kind is None and 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words)


_FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
_FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
REPRODUCED = 3  # how many sentences before a first-person pronoun the colon opening a reproduced text may be


def _antecedent(kind: str, pronoun, sentence: int, before: list[Mention], history: list[Mention],
                entities: list[Entity]) -> Entity | None:
    """The entity a pronoun refers back to: in its own sentence the nearest fitting mention before it (a
    subject first), else the subject, then the nearest mention, of the sentences before it."""
    def known(mention: Mention) -> bool:
        return _fits(entities[mention.entity], kind)

    def maybe_person(mention: Mention) -> bool:  # not "the Harbor Point office"
        return _may_be_person(entities[mention.entity]) and not mention.modifier

    def made(mention: Mention) -> bool:  # "it was unveiled": a product first
        return entities[mention.entity].kind == "product"

    fits = [known] + ([maybe_person] if kind == "person" else [])
    if kind == "thing" and pronoun.dep_ == "nsubjpass" and lemma(pronoun.head).lower() in load().making_verbs:
        fits.insert(0, made)
    reach = PERSON_REACH if kind == "person" else PRONOUN_REACH
    # "I owe him a lot": inside a quotation "him" is not who says "I"
    speaking = {m.entity for m in before if m.form == "pronoun" and m.text.lower() in _FIRST_PERSON}
    clause = _clause_of(pronoun)
    tokens = token_list(pronoun.doc)
    # "Doe described him": an object pronoun is not its own clause's subject (that would be "himself"); "them" and
    # "it" as objects refer as often to what is no entity ("would deliver them": the jets), so they are left be
    bound = _clause_subjects(pronoun, clause, before) if kind == "person" else set()
    for fit in fits:  # a known person first; else a name that may be one
        here = [m for m in before if m.start < pronoun.i and fit(m) and m.entity not in speaking and m.entity not in bound]
        # in its own clause first ("the firm said songs were sold on the Acme store since its launch": the store)
        own = [m for m in here if (c := _clause_of(tokens[m.head])) is not None and c.i == clause.i] \
            if clause is not None else []
        for pool in ([m for m in own if m.subject], own, [m for m in here if m.subject], here):
            if pool:
                return entities[pool[-1].entity]
        for back in range(1, reach + 1):
            earlier = [m for m in history if m.sentence == sentence - back and fit(m) and m.entity not in bound]
            subjects = [m for m in earlier if m.subject]
            if subjects:
                return entities[subjects[0].entity]  # the first subject: the main clause's, as a rule
            if earlier:
                return entities[earlier[-1].entity]
    return None


def _reflexive_subject(pronoun, before: list[Mention], entities: list[Entity]) -> Entity | None:
    """"Doe praised himself": a reflexive pronoun is the subject of its own clause."""
    clause = _clause_of(pronoun)
    subject = next((c for c in children(clause) if c.dep_ in _SUBJECTS), None) if clause is not None else None
    if subject is None:
        return None
    own = next((m for m in before if m.head == subject.i or m.start <= subject.i < m.end), None)
    return entities[own.entity] if own is not None and entities[own.entity].kind != "place" else None


def _clause_subjects(pronoun, clause, before: list[Mention]) -> set[int]:
    """The entities of the subject of the clause a pronoun is the object of (its verb's, or the object of a
    preposition of its verb): what a pronoun that is not reflexive does not refer to."""
    if clause is None or pronoun.lower_.endswith(("self", "selves")):
        return set()
    if pronoun.dep_ in ("dobj", "dative", "obj"):
        verb = pronoun.head
    elif pronoun.dep_ == "pobj" and pronoun.head.dep_ == "prep" and pronoun.head.head.pos_ in ("VERB", "AUX"):
        verb = pronoun.head.head
    else:
        return set()
    if verb.i != clause.i:
        return set()
    subjects = [c for c in children(verb) if c.dep_ in _SUBJECTS]
    node = verb
    while not subjects and node.dep_ in ("conj", "xcomp") and node.head.i != node.i and node.head.pos_ in ("VERB", "AUX"):
        node = node.head  # "Doe praised Moss and thanked her", "Doe wanted to thank her": Doe's clause still
        subjects = [c for c in children(node) if c.dep_ in _SUBJECTS]
    return {m.entity for m in before for c in subjects if m.head == c.i or m.start <= c.i < m.end}


def _origins(noun) -> frozenset[str]:
    """Where a noun phrase says something is from: its capitalised adjectives ("the Japanese carmaker", "the
    German group's"), lower-cased."""
    return frozenset(c.lower_ for c in children(noun) if c.dep_ == "amod" and c.i < noun.i and c.text[:1].isupper()
                     and c.pos_ in ("ADJ", "PROPN") and c.i > 0)


def _writer(noun):
    """Who wrote a statement, a letter or an email: its possessor or the name before it ("Acme's statement", "an
    Acme statement"), or the object of its "from" ("a letter from Doe"); a relative pronoun stands for its noun."""
    if noun.lower_ in ("which", "that") and noun.head.dep_ == "relcl":
        noun = noun.head.head
        if noun.pos_ == "PROPN":
            return noun  # "an email from Doe, which reads": the clause hung on the writer's name
    if lemma(noun).lower() not in _DOCUMENTS:
        return None
    for child in children(noun):
        if child.dep_ in ("poss", "compound") and child.i < noun.i and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep" and child.lower_ == "from":
            return next((c for c in children(child) if c.dep_ == "pobj"), None)
    return None


def _clause_subject(token, before: list[Mention]) -> int | None:
    """The entity of the subject of the clause a noun phrase is the object (or a preposition's object) in:
    "Fiat will take a stake in the company" gives Fiat, which "the company" is not."""
    if token.dep_ in _SUBJECTS or token.tag_ == "NNS":
        return None  # "the two companies" may well include it
    node = token
    while node.dep_ in ("pobj", "prep", "dobj", "dative") and node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            if lemma(node).lower() in _COPULAS:
                return None  # "Acme is by far the biggest retailer": said of Acme
            subject = next((c for c in children(node) if c.dep_ in _SUBJECTS), None)
            found = next((m for m in before if subject is not None and (m.head == subject.i or m.start <= subject.i < m.end)), None)
            return found.entity if found is not None else None
    return None


_PLURAL_DETERMINERS = {"these", "those", "both"}


def _plural(noun) -> bool:
    """A noun in the plural: tagged so ("jets"), or where its plural is its singular, counted or pointed at as
    many ("12 new aircraft", "these aircraft") or the subject of a plural verb ("the aircraft were")."""
    if noun.tag_ == "NNS" or any(c.lower_ in _PLURAL_DETERMINERS or (c.dep_ == "nummod" and c.lower_ not in ("one", "1"))
                                 for c in children(noun)):
        return True
    verb = noun.head
    return noun.dep_ == "nsubj" and verb.i != noun.i and (verb.tag_ == "VBP" or verb.lower_ in _PLURAL_VERBS or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _PLURAL_VERBS for c in children(verb)))


_PLURAL_VERBS = {"are", "were", "have"}


def _plural_before(doc, pronoun, before: list[Mention], entities: list[Entity]) -> tuple[Entity | None] | None:
    """ "Nordair bought six of these jets and will fit them with beds": "them" as a verb's object is the nearest
    plural noun before it in its sentence that is not its own clause's subject — that noun's entity, or None
    when the noun is none the article tracks ("Acme makes apps and sells them"); no answer (None) where the
    sentence has no plural noun before it."""
    clause = _clause_of(pronoun)
    own = {c.i for c in children(clause) if c.dep_ in _SUBJECTS} if clause is not None else set()
    for k in range(pronoun.i - 1, -1, -1):
        noun = doc[k]
        if noun.pos_ != "NOUN" or noun.dep_ == "compound" or k in own or not _plural(noun):
            continue  # a plural noun ("jets", "these aircraft")
        found = next((m for m in before if m.head == k and m.entity >= 0), None)
        return (entities[found.entity] if found is not None else None,)
    return None


def _clause_of(token):
    """The verb of the clause a token stands in (None outside any)."""
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") and node is not token:
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _fronted_subject(pronoun, mentions: list[Mention], entities: list[Entity], kind: str = "person") -> Entity | None:
    """ "In his speech on Monday, Jane Doe said ...", "Five years after its launch, the Acme Music store passed
    ...": a possessive in a phrase put before its clause's subject refers forward to that subject; so does the
    subject of a concessive clause put before it ("Even though it uses a faster chip, the Zephyr X200 ...")."""
    if pronoun.tag_ == "PRP" and pronoun.dep_ in _SUBJECTS and pronoun.head.dep_ == "advcl" \
            and any(c.dep_ == "mark" and c.lower_ in load().concessive_marks for c in children(pronoun.head)) \
            and pronoun.head.head.i > pronoun.head.i:
        verb = pronoun.head.head  # the main clause the fronted subordinate clause belongs to
    elif pronoun.tag_ != "PRP$":
        return None
    else:
        verb = pronoun
    while verb.dep_ not in ("ROOT", "ccomp", "advcl", "conj", "relcl", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in children(verb) if c.dep_ in _SUBJECTS), None)
    if subject is None or not pronoun.i < subject.left_edge.i <= subject.i < verb.i:
        return None
    named = next((m for m in mentions if m.form == "name" and (m.head == subject.i or m.start <= subject.i < m.end)), None)
    if named is None and kind == "thing":  # "after its launch, the Acme Music service passed ...": the service
        named = next((m for m in mentions if m.form == "name" and m.head in
                      {c.i for c in children(subject) if c.dep_ == "compound"}), None)
    if named is None:
        return None
    entity = entities[named.entity]
    if kind == "person" and not (_fits(entity, "person") or _may_be_person(entity)):
        return None
    return entity if kind == "person" or _fits(entity, kind) else None

