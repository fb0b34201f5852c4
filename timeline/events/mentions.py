"""Who an article talks about: the mentions of each entity in one document, grouped into entities.

Three kinds of mention, found over the parsed sentences (the tagger's proper nouns, not a statistical entity
recognizer, so that every sentence can be read at the cost of a parse):

- names: runs of proper nouns ("Vladimir Putin", "S&P 500", "Kassym-Jomart Tokayev", "Galaxy S5"), without
  the titles before them ("President", "Acme CEO"), which say the name is a person's. A name stands for the
  longest name of the article it is a short form of: its last words ("Putin" for "Vladimir Putin"), the same
  without its legal form ("Boeing" for "Boeing Co") or, unless the article uses it for a place, another
  organisation word ("Ryanair" for "Ryanair Holdings", but not "Singapore" for "Singapore Airlines" where the
  article says "in Singapore"), a person's first word ("Xi" for "Xi Jinping"), an index's first words ("S&P"
  for "the S&P 500 index", "the Dow" for "the Dow Jones Industrial Average"), its initials ("SCO") or the
  acronym given in parentheses after it. A short form two longer names share ("Acme" with "Acme Records" and "Acme Motors")
  stays itself: the article does not say which.
- definite descriptions ("the company", "the planemaker", "the index", "the Russian leader"): the most
  mentioned entity of their kind so far; a description made of the words that introduced a person
  ("Chinese leader Xi Jinping") is that person.
- pronouns ("he", "its"): the nearest fitting entity before them, a subject first, in the same sentence or
  the two before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from timeline.events.vocabulary import load
from timeline.nlp import lemma, token_list

_KIND_LABELS = {"person": "PERSON", "org": "ORG", "index": "ORG", "product": "PRODUCT", "place": "GPE"}
_CONNECTORS = {"&", "of", "de", "du", "von", "van", "der", "al", "bin", "la"}
_FUNCTION_WORDS = {"of", "and", "the", "&", "for", "de", "du", "la", "on", "in"}
_SUBJECTS = ("nsubj", "nsubjpass")
_DEFINITE = {"the", "this", "that"}
_MODEL = re.compile(r"^\d+[A-Za-z][\w-]*$")  # "3G", "787-8", "4S": a model designator
_LOCATIVE = {"in", "at", "from", "to", "into", "across", "throughout", "near", "outside", "inside"}
_NAME_TAGS = {"NNP", "NNPS"}
PRONOUN_REACH = 2  # sentences back that a pronoun may refer to


@dataclass
class Mention:
    sentence: int  # the sentence's index in the document (the analysis' index)
    start: int  # token span [start, end) in the sentence's doc
    end: int
    head: int  # the token that stands for the mention in the parse
    text: str
    form: str  # "name", "description" or "pronoun"
    entity: int = -1
    subject: bool = False


@dataclass
class Entity:
    id: int
    name: str  # the longest name the article gives it
    names: list[str] = field(default_factory=list)  # every name the article uses for it, first use first
    kind: str | None = None  # person, org, index, product, place; None when the article does not say
    mentions: int = 0

    @property
    def label(self) -> str:
        return _KIND_LABELS.get(self.kind or "", "NAME")

    @property
    def aliases(self) -> list[str]:
        return [n for n in self.names if n != self.name]


def is_name_token(token) -> bool:
    """A proper noun, or a name written with an inner capital ("eBay", "YouTube") whatever its tag."""
    text = token.text
    if token.tag_ in _NAME_TAGS:
        return any(c.isalnum() for c in text) and not text.islower()
    return len(text) > 2 and text[0].islower() and any(c.isupper() for c in text[1:]) and text.isalnum() \
        and token.pos_ in ("NOUN", "PROPN", "ADJ", "X")


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"“”'’-")
    return re.sub(r"(?:'s|’s)$", "", text)


@dataclass
class _Span:
    start: int
    end: int
    kind: str | None
    keys: tuple[str, ...] = ()  # the words that introduced a person ("chinese leader")


def name_spans(sentence, skip: set[int]) -> list[_Span]:
    """The names of one parsed sentence, titles taken off (tokens in ``skip``, the timexes, are never names)."""
    doc = token_list(sentence)
    vocab = load()
    roles = vocab.role_nouns
    n = len(doc)
    out: list[_Span] = []
    i = 0
    while i < n:
        token = doc[i]
        if i in skip or not is_name_token(token):
            i += 1
            continue
        j = i + 1
        while j < n and j not in skip:
            t = doc[j]
            if is_name_token(t):
                j += 1
            elif t.tag_ == "HYPH" and j + 1 < n and is_name_token(doc[j + 1]) and not t.whitespace_ and not doc[j - 1].whitespace_:
                j += 2
            elif t.lower_ in _CONNECTORS and j + 1 < n and j + 1 not in skip and is_name_token(doc[j + 1]) \
                    and doc[j - 1].lower_ not in roles:
                j += 2
            elif t.lower_ == "and" and j + 2 < n and is_name_token(doc[j + 1]) and doc[j - 1].head.i > j + 1 \
                    and is_name_token(doc[j - 1].head) and doc[j - 1].dep_ in ("compound", "nmod", "amod"):
                j += 2  # "the Belt and Road Initiative": the first word names the same thing as the last
            elif t.text[:1].isdigit() and _MODEL.match(_glued(doc, j)[1]):
                j = _glued(doc, j)[0]  # a model designator the tokenizer split: "3G", "4S", "787-8"
                break
            elif (t.tag_ == "CD" or _MODEL.match(t.text)) and t.text[:1].isalnum() and (
                    t.head.i in range(i, j) or doc[j - 1].head.i == j
                    or (t.head.i == doc[j - 1].head.i and t.dep_ in ("nummod", "compound", "npadvmod"))):
                j += 1  # a model or index number: "Galaxy S5", "Model 3G", "S&P 500", "the Harbor 300 index"
                break
            else:
                break
        start = i
        for k in range(i, j - 1):  # "Acme Inc. Jane Doe": an organisation's name ends at its org word
            if doc[k].lower_.rstrip(".") in vocab.org_words and doc[k].tag_ in _NAME_TAGS and is_name_token(doc[k + 1]) \
                    and doc[k + 1].lower_.rstrip(".") not in vocab.org_words:
                out.extend(_run(doc, start, k + 1, roles))
                start = k + 1
        out.extend(_run(doc, start, j, roles))
        i = j
    return out


def _text(tokens, start: int, end: int) -> str:
    """The text of tokens [start, end) of a sentence given as its list of tokens."""
    return "".join(t.text_with_ws for t in tokens[start:end]).strip()


def _glued(doc, start: int) -> tuple[int, str]:
    """The end of the word that begins at token ``start`` (tokens with no space between them) and its text."""
    end = start + 1
    while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].text.isalnum() or doc[end].text == "-"):
        end += 1
    return end, _text(doc, start, end)


def _run(doc, start: int, end: int, roles: frozenset[str]) -> list[_Span]:
    if all(doc[k].lower_.rstrip(".") in roles for k in range(start, end)):
        return []  # "President" alone is no name
    return _strip_titles(doc, start, end, roles)


def _strip_titles(doc, start: int, end: int, roles: frozenset[str]) -> list[_Span]:
    """A run of proper nouns split at its titles: "US House Speaker Nancy Pelosi" is the affiliation "US
    House" and the person "Nancy Pelosi"; a role noun just before the run ("leader Xi Jinping") makes it a
    person too, and its modifiers ("Chinese leader") the words a later description may use."""
    last_title = -1
    for k in range(start, end - 1):
        if doc[k].lower_.rstrip(".") in roles:
            last_title = k
    spans = []
    if last_title >= 0:
        if last_title > start and any(is_name_token(doc[k]) and doc[k].lower_.rstrip(".") not in roles
                                      for k in range(start, last_title)):
            head = start
            while head < last_title and doc[head].lower_.rstrip(".") not in roles:
                head += 1
            if head > start:
                spans.append(_Span(start, head, None))
        title_words = [doc[k].lower_.rstrip(".") for k in range(start, last_title + 1) if doc[k].lower_.rstrip(".") in roles]
        spans.append(_Span(last_title + 1, end, "person", _keys(doc, last_title, title_words)))
        return spans
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.lower_.rstrip(".") in roles and before.pos_ in ("NOUN", "PROPN"):
        return [_Span(start, end, "person", _keys(doc, start - 1, [before.lower_.rstrip(".")]))]
    head = doc[_span_head(doc, start, end)]
    if any(c.dep_ == "appos" and c.lower_ in roles for c in head.children) or (
            head.dep_ == "appos" and head.head.lower_ in roles):
        return [_Span(start, end, "person")]  # "Jane Doe, the chief executive of Acme", "its founder, Doe"
    kind = None
    words = [doc[k].lower_.rstrip(".") for k in range(start, end)]
    vocab = load()
    if words and words[-1] in vocab.org_words:
        kind = "org"
    elif any(w in vocab.index_words for w in words) or (end < len(doc) and doc[end].lower_ in vocab.index_words
                                                        and doc[end].pos_ == "NOUN"):
        kind = "index"
    elif len(words) > 1 and _text(doc, start, end).split()[-1][:1].isdigit():
        kind = "product"  # a model number: "Galaxy S5", "Boeing 787", "Model 3G"
    return [_Span(start, end, kind)]


def _keys(doc, title: int, title_words: list[str]) -> tuple[str, ...]:
    """ "Chinese leader" before "Xi Jinping": the capitalised adjectives that came with the title ("chinese"),
    which a later description ("the Chinese leader", "the Chinese president") may use."""
    return tuple(doc[k].lower_ for k in range(max(0, title - 3), title)
                 if doc[k].pos_ in ("ADJ", "PROPN") and doc[k].text[:1].isupper())


def initials(name: str) -> str:
    """ "Shanghai Cooperation Organization" → "SCO"; function words do not count."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _FUNCTION_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class _Names:
    """The article's names and which longer name each is a short form of."""

    def __init__(self, spans: list[tuple[str, str | None]], acronyms: dict[str, str], places: set[str] = frozenset()):
        self.kinds: dict[str, set[str]] = {}
        for text, kind in spans:
            self.kinds.setdefault(text, set())
            if kind:
                self.kinds[text].add(kind)
        vocab = load()
        self.org_words = vocab.org_words
        self.legal_forms = vocab.legal_forms
        self.places = places
        self.acronyms = acronyms
        # a name the article also calls by its last word alone is a person's ("Jane Doe" ... "Doe")
        singles = {text for text in self.kinds if len(text.split()) == 1}
        for text, kinds in self.kinds.items():
            words = text.split()
            if 2 <= len(words) <= 4 and words[-1] in singles and not kinds & {"org", "index", "product"} \
                    and words[-1].lower() not in self.org_words and all(w[:1].isupper() for w in words):
                kinds.add("person")
        self.canonical: dict[str, str] = {}
        words = {name: tuple(name.lower().split()) for name in self.kinds}
        for name in self.kinds:
            self.canonical[name] = self._longest(name, words)
        for name in list(self.canonical):  # follow chains: "Doe" → "Jane Doe" → ...
            seen = {name}
            while self.canonical[name] not in seen and self.canonical.get(self.canonical[name], self.canonical[name]) != self.canonical[name]:
                seen.add(self.canonical[name])
                self.canonical[name] = self.canonical[self.canonical[name]]

    def _person(self, name: str) -> bool:
        return "person" in self.kinds.get(name, ())

    def _short_form(self, short: tuple[str, ...], long: tuple[str, ...], long_name: str, short_name: str) -> bool:
        n = len(short)
        if n >= len(long):
            return False
        if long[-n:] == short:
            return True  # the head kept: "Putin", "Doe"
        if long[:n] == short:
            rest = long[n:]
            if all(w.rstrip(".") in self.legal_forms for w in rest):
                return True  # "Boeing" for "Boeing Co"
            if all(w.rstrip(".") in self.org_words for w in rest) and short_name not in self.places:
                return True  # "Ryanair" for "Ryanair Holdings"; not "Singapore" where it is a place
            if "index" in self.kinds.get(long_name, ()):
                return True  # an index by its first words: "the Dow" for "Dow Jones Industrial Average"
            if n == 1 and len(long) <= 3 and self._person(long_name):
                return all(w[:1].isalpha() for w in rest)  # a person's first name word: "Xi" for "Xi Jinping"
        return False

    def _longest(self, name: str, words: dict[str, tuple[str, ...]]) -> str:
        mine = words[name]
        if name in self.acronyms:
            return self.acronyms[name]
        candidates = [other for other in self.kinds if other != name and self._short_form(mine, words[other], other, name)]
        if _is_acronym(name):
            candidates += [other for other in self.kinds if other != name and len(words[other]) > 1
                           and initials(other) == name.replace(".", "")]
        if not candidates:
            return name
        longest = max(len(words[c]) for c in candidates)
        best = {c for c in candidates if len(words[c]) == longest}
        # two different longer names: the short one is ambiguous, unless one contains every other candidate
        if len(best) > 1:
            return name
        (only,) = best
        if any(not _inside(words[c], words[only]) for c in candidates):
            return name
        return only


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


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
            self._by_token[(mention.sentence, k)] = mention
        self._by_token[(mention.sentence, mention.head)] = mention


def find_mentions(sentences: dict[int, object], skip: dict[int, set[int]]) -> Mentions:
    """The mentions of a document given its parsed sentences (index → Doc) and, per sentence, the tokens that
    are never names (timexes)."""
    vocab = load()
    found: dict[int, list[_Span]] = {index: name_spans(sentences[index], skip.get(index, set())) for index in sentences}
    places = set()  # names the article uses as places: "in Singapore", "from Detroit"
    for index in sorted(sentences):
        doc = sentences[index]
        for span in found[index]:
            head = doc[_span_head(doc, span.start, span.end)]
            if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
                places.add(_clean(doc[span.start : span.end].text))
    for index in sorted(sentences):  # "the President of Uzbekistan Shavkat Mirziyoyev": a place, then a person
        doc = sentences[index]
        split = []
        for span in found[index]:
            if span.end - span.start >= 3 and doc[span.start].text in places and doc[span.start + 1].text[:1].isupper():
                split += [_Span(span.start, span.start + 1, None), _Span(span.start + 1, span.end, span.kind, span.keys)]
            else:
                split.append(span)
        found[index] = split
    texts: list[tuple[str, str | None]] = []
    acronyms: dict[str, str] = {}
    keys: dict[str, set[str]] = {}
    for index in sorted(sentences):
        doc = sentences[index]
        spans = found[index]
        for k, span in enumerate(spans):
            text = _clean(doc[span.start : span.end].text)
            texts.append((text, span.kind))
            for key in span.keys:
                keys.setdefault(key, set()).add(text)
            # "Worldwide Developers Conference (WWDC)": the acronym in parentheses is the name before it
            if k + 1 < len(spans) and spans[k + 1].start == span.end + 1 and doc[span.end].text == "(":
                inner = _clean(doc[spans[k + 1].start : spans[k + 1].end].text)
                if _is_acronym(inner):
                    acronyms[inner] = text
    # a capitalised word the tagger did not take for a name ("Banks" read as a plural noun) is one where the
    # article uses it as a name elsewhere, or it is the last word of a person's name
    known = {text for text, _ in texts}
    surnames = {text.split()[-1] for text, kind in texts if kind == "person" and len(text.split()) > 1}
    for text, kind in texts:  # "Contoso" for "Contoso Ltd"
        words = text.split()
        while len(words) > 1 and words[-1].lower().rstrip(".") in vocab.org_words:
            words.pop()
            known.add(" ".join(words))
    for index in sorted(sentences):
        doc = sentences[index]
        taken = {k for span in found[index] for k in range(span.start, span.end)} | skip.get(index, set())
        extra = [_Span(t.i, t.i + 1, None) for t in token_list(doc) if t.i not in taken and t.text[:1].isupper()
                 and t.pos_ in ("NOUN", "PROPN", "ADJ") and (t.text in known or t.text in surnames)]
        if extra:
            found[index] = sorted(found[index] + extra, key=lambda span: span.start)
            texts.extend((doc[span.start].text, None) for span in extra)
    names = _Names(texts, acronyms, places)
    out = Mentions()
    entity_of_name: dict[str, int] = {}

    def entity_for(text: str) -> Entity:
        canonical = names.canonical.get(text, text)
        eid = entity_of_name.get(canonical)
        if eid is None:
            eid = entity_of_name[canonical] = len(out.entities)
            out.entities.append(Entity(eid, canonical, [canonical]))
        entity = out.entities[eid]
        if text not in entity.names:
            entity.names.append(text)
        kinds = names.kinds.get(text, set()) | names.kinds.get(canonical, set())
        if entity.kind is None and len(kinds) == 1:
            entity.kind = next(iter(kinds))
        return entity

    # descriptions a person was introduced with ("chinese leader" → "Xi Jinping"), when only one person had them
    introduced = {key: names.canonical.get(next(iter(people)), next(iter(people)))
                  for key, people in keys.items() if len({names.canonical.get(p, p) for p in people}) == 1}
    history: list[Mention] = []
    for index in sorted(sentences):
        doc = sentences[index]
        mentions: list[Mention] = []
        for span in found[index]:
            text = _clean(doc[span.start : span.end].text)
            if not text:
                continue
            head = _span_head(doc, span.start, span.end)
            entity = entity_for(text)
            mentions.append(Mention(index, span.start, span.end, head, text, "name", entity.id,
                                    doc[head].dep_ in _SUBJECTS))
        covered = {k for m in mentions for k in range(m.start, m.end)}
        for token in token_list(doc):
            tag = token.tag_
            if token.i in covered or tag not in ("PRP", "PRP$", "NN", "NNP"):
                continue
            low = token.lower_
            if tag in ("PRP", "PRP$") and low in vocab.pronouns:
                entity = _antecedent(vocab.pronouns[low], token, index, mentions, history, out.entities)
                if entity is not None:
                    if vocab.pronouns[low] == "person" and entity.kind is None:
                        entity.kind = "person"  # "he" or "she" said of a name the article did not type
                    mentions.append(Mention(index, token.i, token.i + 1, token.i, token.text, "pronoun", entity.id,
                                            token.dep_ in _SUBJECTS))
            elif token.pos_ == "NOUN" and (low in vocab.descriptions or low in vocab.role_nouns or tag == "NNP") \
                    and _definite(token):
                word = lemma(token).lower()
                kind = vocab.descriptions.get(word)
                if kind is None and word not in vocab.role_nouns:
                    continue
                entity = _described(token, word, kind, introduced, entity_of_name, out.entities, history)
                if entity is not None:
                    start = min([token.i] + [c.i for c in token.lefts if c.dep_ in ("det", "amod", "compound")])
                    mentions.append(Mention(index, start, token.i + 1, token.i, doc[start : token.i + 1].text,
                                            "description", entity.id, token.dep_ in _SUBJECTS))
        mentions.sort(key=lambda m: m.start)
        for mention in mentions:
            out.entities[mention.entity].mentions += 1
            out._add(mention)
        history.extend(mentions)
    return out


def _span_head(doc, start: int, end: int) -> int:
    for k in range(start, end):
        if not start <= doc[k].head.i < end or doc[k].head.i == k:
            return k
    return end - 1


def _definite(token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.children) and not any(
        c.dep_ in ("poss", "compound") and is_name_token(c) for c in token.children)


def _fits(entity: Entity, kind: str) -> bool:
    if kind == "person":
        return entity.kind == "person"
    return entity.kind != "person"


def _may_be_person(entity: Entity) -> bool:
    """A name of two or three capitalised words that nothing says is not a person's ("Tim Cook")."""
    words = entity.name.split()
    return entity.kind is None and 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words)


def _antecedent(kind: str, pronoun, sentence: int, before: list[Mention], history: list[Mention],
                entities: list[Entity]) -> Entity | None:
    """The entity a pronoun refers back to: in its own sentence the nearest fitting mention before it (a
    subject first), else the subject, then the nearest mention, of the sentences before it."""
    fits = [lambda e: _fits(e, kind)] + ([_may_be_person] if kind == "person" else [])
    for fit in fits:  # a known person first; else a name that may be one
        here = [m for m in before if m.start < pronoun.i and fit(entities[m.entity])]
        for pool in ([m for m in here if m.subject], here):
            if pool:
                return entities[pool[-1].entity]
        for back in range(1, PRONOUN_REACH + 1):
            earlier = [m for m in history if m.sentence == sentence - back and fit(entities[m.entity])]
            subjects = [m for m in earlier if m.subject]
            if subjects:
                return entities[subjects[0].entity]  # the first subject: the main clause's, as a rule
            if earlier:
                return entities[earlier[-1].entity]
    return None


def _described(token, word: str, kind: str | None, introduced: dict[str, str], entity_of_name: dict[str, int],
               entities: list[Entity], history: list[Mention]) -> Entity | None:
    """The entity a definite description refers back to: the person the same words introduced ("the Chinese
    leader"), else the most mentioned entity of its kind so far (the most recent when two are level)."""
    modifiers = [c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound") and c.text[:1].isupper()]
    if kind == "person" or word in load().role_nouns:
        for modifier in modifiers:
            person = introduced.get(modifier)
            if person is not None and person in entity_of_name:
                return entities[entity_of_name[person]]
        if modifiers:
            return None  # "the Iranian leader" when no Iranian was introduced: not whoever was named most
    # "the store" for "the Online Music Store", "the bank" for "Harbor Savings Bank": a description that
    # repeats a name's last word refers to the most mentioned such name
    counts: dict[int, tuple[int, int]] = {}
    for position, mention in enumerate(history):
        entity = entities[mention.entity]
        words = entity.name.lower().split()
        if len(words) > 1 and words[-1] in (word, word + "s"):
            count, _ = counts.get(entity.id, (0, 0))
            counts[entity.id] = (count + 1, position)
    if counts:
        return entities[max(counts, key=lambda eid: counts[eid])]
    if kind is None:
        return None
    for fitting in ((kind,), (None,) if kind in ("org", "index") else ()):
        counts: dict[int, tuple[int, int]] = {}
        for position, mention in enumerate(history):
            entity = entities[mention.entity]
            if entity.kind in fitting:
                count, _ = counts.get(entity.id, (0, 0))
                counts[entity.id] = (count + 1, position)
        if counts:
            return entities[max(counts, key=lambda eid: counts[eid])]
    return None


def name_variants(name: str) -> list[str]:
    """The ways an article may name an entity known by ``name``: the name, its runs of two or more words, a
    person's surname, a brand written with an inner capital when the rest is a common word ("eBay" for
    "eBay store"), its initials. A model number is never dropped ("Galaxy S5" is not every "Galaxy").

    >>> name_variants("Jane Doe"), name_variants("eBay store")
    (['Jane Doe', 'Doe'], ['eBay store', 'eBay'])
    """
    words = name.split()
    variants = [name]
    for size in range(len(words) - 1, 1, -1):
        for i in range(len(words) - size + 1):
            variants.append(" ".join(words[i : i + size]))
    person_like = len(words) == 2 and all(w[:1].isupper() and w[1:].islower() for w in words)
    for i, word in enumerate(words):
        others = words[:i] + words[i + 1 :]
        brand = bool(re.search(r"[a-z][A-Z]", word)) and all(w.islower() for w in others)
        last = i == len(words) - 1
        if (person_like and last) or brand or (last and len(words) > 2 and word[:1].isupper()):
            variants.append(word)
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if len(content) >= 3 and all(w[:1].isupper() for w in content):
        variants.append(initials(name))  # "Shanghai Cooperation Organization": "SCO"
    return list(dict.fromkeys(variants))


def refers_to(names: list[str] | tuple[str, ...], target: str) -> bool:
    """Whether an entity known by ``names`` (its name and aliases) is the entity ``target`` names."""
    wanted = {v.lower() for v in name_variants(target)}
    return any(n.lower() in wanted for n in names)
