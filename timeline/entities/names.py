"""The names of one parsed sentence: runs of proper nouns, with the titles before them taken off and what
they say about the name's kind kept.

A name is a run of proper nouns ("Vladimir Putin", "S&P 500", "Kassym-Jomart Tokayev", "Galaxy S5"), joined
across connectors ("Bank of England") and model designators the tokenizer split ("3G", "787-8"), without the
titles before it ("President", "Acme CEO"), which say the name is a person's, and without an ordinal that picks
one of a product line ("First A380 delivered": the A380). A model number that stands alone as a noun ("the 787
landed", "two 737s") is a name too: a product's. The tagger's proper nouns are read, not a statistical entity
recognizer, so that every sentence can be read at the cost of a parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.entities.vocabulary import load
from timeline.nlp import children, token_list, token_words

_CONNECTORS = {"&", "of", "de", "du", "von", "van", "der", "al", "bin", "la"}
_FUNCTION_WORDS = {"of", "and", "the", "&", "for", "de", "du", "la", "on", "in"}
_MODEL = re.compile(r"^\d+[A-Za-z][\w-]*$")  # "3G", "787-8", "4S": a model designator
# "787", "A380", "737s", "777-200LR", "A400M" (not "US100M", money)
_NUMBER_MODEL = re.compile(r"^(?:[A-Z]{0,2}\d{3,}(?:-\w+)?|[A-Z]?\d{3,}[A-Z]{1,3}|\d{3,}[A-Z]{0,3})s?$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
_CAPITALS_NUMBER = re.compile(r"^[A-Z]{2,}-?\d+$")  # "CAC-40", "MD-95": an index's or a model's name
_NAME_TAGS = {"NNP", "NNPS"}
_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative", "poss", "compound", "ROOT"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our", "each",
                "every", "one"}


def is_name_token(token) -> bool:
    """A proper noun, or a name written with an inner capital ("eBay", "YouTube") or as capitals joined to a
    number ("CAC-40", "MD-95") whatever its tag."""
    text = token.text
    if token.tag_ in _NAME_TAGS:
        return not text.islower() and (text[:1].isalnum() or any(c.isalnum() for c in text))
    if text[-1:].isdigit() and text[:1].isupper() and _CAPITALS_NUMBER.match(text):
        return True
    # a string in lower case holds no upper-case letter: most words are decided without a look at each letter
    return len(text) > 2 and text[0].islower() and not text[1:].islower() and any(c.isupper() for c in text[1:]) \
        and text.isalnum() and token.pos_ in ("NOUN", "PROPN", "ADJ", "X")


def model_word(text: str) -> bool:
    """A word shaped like a model number ("787", "A380", "737s", "777-200LR", "3G"), a year excepted."""
    if not (_NUMBER_MODEL.match(text) or _MODEL.match(text)) or _ORDINAL.match(text):
        return False
    digits = text[:-1] if text.endswith("s") else text
    return not (digits.isdigit() and 1800 <= int(digits) <= 2100)  # a year or a decade


def is_model_number(token) -> bool:
    """A number that names a product where it stands as a noun: "the 787 landed", "two 737s", "its 777
    airliner", "the A380"; not a quantity ("sold 300 planes", "300 of them"), a year or a price."""
    text = token.text
    if not _NUMBER_MODEL.match(text) or not model_word(text):
        return False
    if token.dep_ == "nummod" and token.head.tag_ == "NN" and token.head.i == token.i + 1 \
            and any(c.dep_ in ("det", "poss") and c.lower_ in _DETERMINERS for c in token.head.lefts):
        return True  # "its 777 airliner": a number before a singular noun names which one, not how many
    if token.dep_ == "nummod" and token.head.i == token.i + 1 and token.i > 0 and _model_position(token.doc[token.i - 1], token):
        return True  # "ten 990 jets", "its larger 777 planes": not how many, which
    definite = any(c.lower_ in _DETERMINERS and c.dep_ in ("det", "poss") for c in token.lefts)
    if token.dep_ in ("nummod", "quantmod", "npadvmod") or (token.dep_ == "pobj" and token.head.lower_ in ("of", "than")
                                                           and not definite):
        return False  # "300 of them"; but "the first flight of the 777"
    if token.dep_ not in _ARGUMENT_DEPS:
        return False
    if text[0].isalpha() or text.endswith("s") and text[-2].isdigit():
        return True  # "A380", "737s"
    left = [c for c in token.lefts]
    return any(c.lower_ in _DETERMINERS and c.dep_ in ("det", "poss") for c in left) or token.dep_ == "compound" \
        and token.head.pos_ in ("NOUN", "PROPN")


def _model_position(before, number) -> bool:
    """Whether the word before a number that modifies the noun after it makes the number a model's: another
    quantity ("ten 990 jets") or an adjective of that noun a quantity does not follow ("larger 777 planes",
    not "the remaining 300 jets" nor "the first 20 cars")."""
    noun = number.head
    if before.head.i != noun.i:
        return False
    if before.dep_ == "nummod" and before.tag_ == "CD":
        return True
    vocab = load()
    word = before.lower_
    return before.dep_ == "amod" and before.tag_ in ("JJ", "JJR", "JJS") and word not in vocab.quantity_adjectives \
        and word not in vocab.ordinals


def clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"“”'’-")
    return re.sub(r"(?:'s|’s)$", "", text)


@dataclass
class NameSpan:
    start: int  # token span [start, end) in the sentence's doc
    end: int
    kind: str | None  # person, org, index, product, place; None when nothing in the sentence says
    keys: tuple[str, ...] = ()  # the words that introduced a person ("chinese leader")
    affiliation: tuple[int, int] | None = None  # the span of the organisation a title tied a person to
    title: str | None = None  # the title that introduced a person ("spokeswoman", "ceo"), when one did


def name_spans(sentence, skip: set[int]) -> list[NameSpan]:
    """The names of one parsed sentence, titles taken off (tokens in ``skip``, the timexes, are never names)."""
    doc = token_list(sentence)
    words = token_words(sentence)[0]
    vocab = load()
    roles = vocab.role_nouns
    n = len(doc)
    out: list[NameSpan] = []
    capitalised = _capitalised_nouns(doc, words)
    i = 0
    while i < n:
        if words[i].islower() and words[i].isalpha():  # a word in lower case: no name or model number begins here
            i += 1
            continue
        if words[i].lower() in vocab.number_signs:
            k = i + 2 if i + 1 < n and words[i + 1] == "." else i + 1
            if k < n and doc[k].tag_ == "CD":
                i = k + 1  # "the No. 1 automaker": a rank
                continue
        token = doc[i]
        if i not in skip and _model_before_name(doc, i, skip):
            pass  # "the 787 Dreamliner": the model number begins the name it stands before
        elif i in skip or not (is_name_token(token) or i in capitalised):
            hyphened = not token.whitespace_ and i + 1 < n and doc[i + 1].text == "-" and token.text[:1].isdigit()
            model = i not in skip and is_model_number(token)
            if i not in skip and (hyphened or model) and not (i > 0 and is_name_token(doc[i - 1])):
                end, word = _glued(doc, i)
                if hyphened and end > i + 1 and _NUMBER_MODEL.match(word) and not any(k in skip for k in range(i, end)) \
                        and (model or any(c.isalpha() for c in word)):
                    out.append(NameSpan(i, end, "product"))  # "the 990-200LR", "five 990-200LRs": one model
                    i = end
                    continue
                if model:
                    out.append(NameSpan(i, i + 1, "product"))  # "the 787 landed"
            i += 1
            continue
        j = i + 1
        operated = None  # "American Airlines 777": the model an organisation operates, a name of its own
        while j < n and j not in skip:
            t = doc[j]
            if t.text[:1].isalnum() and doc[j - 1].lower_.rstrip(".") in vocab.org_words \
                    and model_word((glued := _glued(doc, j))[1]):
                operated = NameSpan(j, glued[0], "product")
                break
            if is_name_token(t) or j in capitalised:
                j += 1
            elif t.tag_ == "HYPH" and j + 1 < n and is_name_token(doc[j + 1]) and not t.whitespace_ and not doc[j - 1].whitespace_:
                j += 2
            elif t.lower_ in _CONNECTORS and j + 1 < n and j + 1 not in skip and is_name_token(doc[j + 1]) \
                    and doc[j - 1].lower_ not in roles:
                j += 2
            elif t.tag_ == "POS" and j + 1 < n and not doc[j - 1].whitespace_ and any(doc[k].text == "&" for k in range(i, j)) \
                    and (is_name_token(doc[j + 1]) or doc[j + 1].tag_ == "CD"):
                # "Standard & Poor's 500": a firm's name in the possessive is part of the name
                if doc[j + 1].tag_ == "CD":
                    j += 2
                    break
                j += 1
            elif t.lower_ == "and" and j + 2 < n and is_name_token(doc[j + 1]) and doc[j - 1].head.i > j + 1 \
                    and is_name_token(doc[j - 1].head) and doc[j - 1].dep_ in ("compound", "nmod", "amod"):
                j += 2  # "the Belt and Road Initiative": the first word names the same thing as the last
            elif (split := _split_model(doc, j)) is not None:
                j = split  # a model designator the tokenizer split: "3G", "4S", "787-8", "A400M"
                break
            elif (t.tag_ == "CD" or _MODEL.match(t.text) or _NUMBER_MODEL.match(t.text)) and t.text[:1].isalnum() and (
                    t.head.i in range(i, j) or doc[j - 1].head.i == j
                    or (t.head.i == doc[j - 1].head.i and t.dep_ in ("nummod", "compound", "npadvmod"))):
                j += 1  # a model or index number: "Galaxy S5", "Model 3G", "S&P 500", "the Harbor 300 index"
                k = j
                while k < n and k not in skip and is_name_token(doc[k]):
                    k += 1
                if any(doc[m].lower_ in vocab.index_words for m in range(j, k)):
                    j = k  # the index's name goes on in capitals: "the Harbor 300 Stock Average", "FTSE 100 Index"
                break
            else:
                break
        if j - i > 1 and doc[i].lower_ in vocab.ordinals:
            i += 1  # "First A380 delivered": which one of the line, not its name
        start = i
        for k in range(i, j - 1):  # "Acme Inc. Jane Doe": an organisation's name ends at its org word
            if doc[k].lower_.rstrip(".") in vocab.org_words and doc[k].tag_ in _NAME_TAGS and is_name_token(doc[k + 1]) \
                    and doc[k + 1].lower_.rstrip(".") not in vocab.org_words:
                out.extend(_run(doc, start, k + 1, roles))
                start = k + 1
        out.extend(_run(doc, start, j, roles))
        i = j
        if operated is not None:
            out.append(operated)
            i = operated.end
    return out


def _model_before_name(doc, i: int, skip: set[int]) -> bool:
    """A model number that modifies the one name right after it ("the 787 Dreamliner", "first A380
    Superjumbo"), not a quantity of what comes after ("300 Boeing jets", "two 777s") nor a measure ("150px")."""
    token = doc[i]
    text = token.text
    if i + 1 >= len(doc) or i + 1 in skip or not text[:1].isalnum() or not model_word(text) \
            or any(c.islower() for c in text):
        return False
    after = doc[i + 1]
    return token.head.i == i + 1 and after.tag_ == "NNP" and is_name_token(after) \
        and not (i > 0 and is_name_token(doc[i - 1]))


def _capitalised_nouns(doc, texts: list[str]) -> set[int]:
    """Nouns written with a capital inside a sentence written in sentence case ("flights to Nordair", where the
    tagger read "Nordair" as a common noun): names. In a headline written in title case every word has one,
    so none counts there; nor does the first word of a sentence or of a quotation. ``texts``: the tokens' texts."""
    words = [text for text in texts if len(text) > 3 and text.isalpha()]
    if not words or sum(1 for text in words if text[0].isupper()) > 0.5 * len(words):
        return set()
    out = set()
    for i in range(1, len(texts)):
        text = texts[i]
        if not (text[0].isupper() and text[1:].islower() and text.isalpha()):
            continue
        t, before = doc[i], doc[i - 1]
        if t.pos_ == "NOUN" and before.text not in ('"', "“", "``", "'", "‘", ":", "(") and before.tag_ != "HYPH" \
                and t.lower_ not in load().role_nouns:
            out.add(i)
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


def _split_model(doc, j: int) -> int | None:
    """The end of a model designator that begins at token ``j`` and the tokenizer split ("3G", "4S", "787-8",
    "A400M" as "A400" and "M"); None where none begins there."""
    end, word = _glued(doc, j)
    if (doc[j].text[:1].isdigit() and _MODEL.match(word)) or (end > j + 1 and _NUMBER_MODEL.match(word)):
        return end
    return None


def role_word(token) -> str:
    """A word as the list of titles holds it: lower case, without dots ("C.E.O." is "ceo", "Gen." "gen")."""
    return token.lower_.replace(".", "")


def _run(doc, start: int, end: int, roles: frozenset[str]) -> list[NameSpan]:
    if all(role_word(doc[k]) in roles for k in range(start, end)):
        return []  # "President" alone is no name
    return _strip_titles(doc, start, end, roles)


def _strip_titles(doc, start: int, end: int, roles: frozenset[str]) -> list[NameSpan]:
    """A run of proper nouns split at its titles: "US House Speaker Nancy Pelosi" is the affiliation "US
    House" and the person "Nancy Pelosi"; a role noun just before the run ("leader Xi Jinping") makes it a
    person too, and its modifiers ("Chinese leader") the words a later description may use."""
    vocab = load()
    if doc[end - 1].lower_.rstrip(".") in vocab.org_words:
        return [NameSpan(start, end, "org")]  # an organisation named with a title word: "General Motors Corp."
    if role_word(doc[end - 1]) in roles:
        # a run ending in a title names no person: "Acme CEO", "the Acme Chief Executive Officer"; what comes
        # before the first title is a name
        first = start
        while first < end and role_word(doc[first]) not in roles:
            first += 1
        while first > start and role_word(doc[first - 1]) in vocab.title_modifiers:
            first -= 1  # "Prime Minister", "Acme Deputy Director": part of the title
        return [NameSpan(start, first, None)] if first > start else []
    last_title = -1
    for k in range(start, end - 1):
        if role_word(doc[k]) in roles:
            last_title = k
    spans = []
    if last_title >= 0:
        affiliation = None
        if last_title > start and any(is_name_token(doc[k]) and role_word(doc[k]) not in roles
                                      for k in range(start, last_title)):
            head = start
            while head < last_title and role_word(doc[head]) not in roles:
                head += 1
            while head > start and role_word(doc[head - 1]) in vocab.title_modifiers:
                head -= 1  # "Harbor Prime Minister Jane Doe": the affiliation is "Harbor"
            if head > start:
                spans.append(NameSpan(start, head, None))
                affiliation = (start, head)
        title_words = [role_word(doc[k]) for k in range(start, last_title + 1) if role_word(doc[k]) in roles]
        if affiliation is None and (before := _role_before(doc, start, roles)) is not None:
            affiliation = _owner(doc, before)  # "Acme's chief of staff General Jane Doe"
        spans.append(NameSpan(last_title + 1, end, "person", _keys(doc, last_title, title_words), affiliation,
                              title_words[-1]))
        return spans
    before = _role_before(doc, start, roles)
    if before is not None:
        return [NameSpan(start, end, "person", _keys(doc, before.i, [role_word(before)]), _owner(doc, before),
                         role_word(before))]
    head = doc[_span_head(doc, start, end)]
    title = next((c for c in children(head) if c.dep_ == "appos" and c.lower_ in roles), None)
    if title is None and head.dep_ == "appos" and head.head.lower_ in roles:
        title = head.head
    if title is not None:  # "Jane Doe, the chief executive of Acme", "Jane Doe, the Acme CEO", "its founder, Doe"
        return [NameSpan(start, end, "person", (), _owner(doc, title) or _owner_after(doc, title), title.lower_)]
    kind = None
    words = [doc[k].lower_.rstrip(".") for k in range(start, end)]
    vocab = load()
    if words and words[-1] in vocab.org_words:
        kind = "org"
    elif any(w in vocab.index_words for w in words) or (end < len(doc) and doc[end].lower_ in vocab.index_words
                                                        and doc[end].pos_ == "NOUN") or _names_an_index(doc, start, end):
        kind = "index"
    elif any(model_word(doc[k].text) for k in range(start, end)) \
            or (len(words) > 1 and _text(doc, start, end).split()[-1][:1].isdigit()):
        # a model number: "Galaxy S5", "Boeing 787", "Model 3G", "A380"; but a name with a number that gains or
        # loses points or per cent is an index's ("the Harbor 300 fell 2 %", "Oslo's HBX-40 lost 90 points")
        kind = "index" if _moves_by_points(doc[span_head(doc, start, end)]) else "product"
    return [NameSpan(start, end, kind)]


def _role_before(doc, start: int, roles: frozenset[str]):
    """The role noun written just before a name ("spokesman Tom Poe"), or before the "of" phrase that ends right
    before it ("chief of staff Ann Lee", "secretary of state Jane Doe")."""
    if start == 0:
        return None
    before = doc[start - 1]
    if before.dep_ == "pobj" and before.head.dep_ == "prep" and before.head.lower_ == "of" \
            and before.head.head.i < before.i:
        before = before.head.head
    if role_word(before) in roles and before.pos_ in ("NOUN", "PROPN"):
        return before
    return None


_MEASURES = {"%", "percent", "per", "points", "point"}


def _moves_by_points(head) -> bool:
    """Whether a name is the subject of a verb that moves it by points or per cent ("fell 2 %", "closed down 3.9
    per cent", "lost 504 points")."""
    if head.dep_ != "nsubj" or head.head.pos_ != "VERB":
        return False
    verb = head.head
    doc = head.doc
    return any(doc[k].lower_ in _MEASURES and verb in doc[k].ancestors for k in range(verb.i + 1, min(len(doc), verb.i + 7)))


def _owner(doc, title) -> tuple[int, int] | None:
    """ "Acme's chief executive Jane Doe", "Acme Bank chief executive Jane Doe": the name the title belongs to."""
    for child in children(title):
        if child.dep_ in ("poss", "nmod", "compound") and is_name_token(child) and child.i < title.i:
            return _name_extent(doc, child)
    return None


def _owner_after(doc, title) -> tuple[int, int] | None:
    """ "the chief executive of Acme", "a spokesman for Acme", "president and CEO of Acme": the name after the
    title (or after a title joined to it) that it belongs to."""
    for role in [title] + [c for c in children(title) if c.dep_ == "conj"]:
        for prep in children(role):
            if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "at"):
                for noun in children(prep):
                    if noun.dep_ == "pobj" and is_name_token(noun):
                        return _name_extent(doc, noun)
    return None


def _name_extent(doc, token) -> tuple[int, int]:
    start = end = token.i
    while start > 0 and is_name_token(doc[start - 1]) and doc[start - 1].head.i in range(start, token.i + 1):
        start -= 1
    return start, end + 1


def _keys(doc, title: int, title_words: list[str]) -> tuple[str, ...]:
    """ "Chinese leader" before "Xi Jinping": the capitalised adjectives that came with the title ("chinese"),
    which a later description ("the Chinese leader", "the Chinese president") may use."""
    return tuple(doc[k].lower_ for k in range(max(0, title - 3), title)
                 if doc[k].pos_ in ("ADJ", "PROPN") and doc[k].text[:1].isupper())


def _names_an_index(doc, start: int, end: int) -> bool:
    """Whether the name modifies, through other nouns, an index word: "the Harbor 300 stock average"."""
    node = doc[span_head(doc, start, end)]
    for _ in range(3):
        if node.dep_ not in ("compound", "nmod") or node.head.i == node.i or node.head.i < end:
            return False
        node = node.head
        if node.pos_ == "NOUN" and node.lower_ in load().index_words:
            return True
    return False


def span_head(doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside the span: the word that stands for it in the parse."""
    for k in range(start, end):
        if not start <= doc[k].head.i < end or doc[k].head.i == k:
            return k
    return end - 1


_span_head = span_head


def initials(name: str) -> str:
    """ "Shanghai Cooperation Organization" → "SCO"; function words do not count."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _FUNCTION_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def initials_forms(name: str) -> set[str]:
    """The initials a name is written as, with or without its legal form: "General Motors Corp." is "GMC" or
    "GM"."""
    words = name.split()
    out = {initials(name)}
    legal = load().legal_forms
    while len(words) > 2 and words[-1].lower().rstrip(".") in legal:
        words = words[:-1]
        out.add(initials(" ".join(words)))
    return out


def ampersand_initials(name: str) -> str | None:
    """The short form of a name joined by "&": "Standard & Poor's 500" is "S&P 500", "Harlow & Gray" "H&G"."""
    words = name.split()
    if len(words) < 3 or words[1] != "&" or not (words[0][:1].isupper() and words[2][:1].isupper()):
        return None
    return " ".join([f"{words[0][0]}&{words[2][0]}", *words[3:]])


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def series(name: str) -> str | None:
    """The model a variant's name belongs to: "777-200LR" → "777", "Airbus A380-800" → "A380"; None for a name
    whose model number carries no variant after a hyphen ("Boeing 777", "F-16", "737s")."""
    for word in name.split():
        word = word.strip(",.")
        if model_word(word) and "-" in word:
            base, variant = word.split("-", 1)
            if any(c.isdigit() for c in base) and model_word(base) and variant[:1].isdigit():
                return base.upper()
    return None


def designator(name: str) -> str | None:
    """The model number a product's name carries, without a plural or a variant suffix: "Boeing 787
    Dreamliner" → "787", "737s" → "737", "A380-800" → "A380", "777-200LR" → "777"; None without one."""
    for word in name.split():
        word = word.strip(",.")
        if model_word(word):
            base = word.split("-")[0]
            if base.endswith("s") and base[-2:-1].isdigit():
                base = base[:-1]
            if any(c.isdigit() for c in base):
                return base.upper()
    return None
