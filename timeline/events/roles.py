"""Who fills an event's roles, read from the dependency parse: the words whose mentions take part.

- a verb: its subject (or, for an infinitive, a participle clause or a second coordinated verb without one,
  the subject of the verb it depends on: "Doe started by hinting", "unveiled the phone and demoed it"; the
  object of that verb when it has one: "Acme asked Orion to build it", Orion builds; for a
  relative clause, the noun it describes when the relative pronoun is its subject), its objects, the object
  of its "by" agent, and the objects of its prepositions ("met with Erdogan", "sued Acme over the name");
- an event noun: its possessor ("Boeing's delivery"), a name in compound before it ("the Walkman sales"), the
  objects of its prepositions ("the sale of Chrysler to Fiat", "talks with Erdogan") and of a participle after
  it ("a deal struck between Acme and Orion"), and, when it stands in a phrase that situates a verb ("In a
  meeting with Tokayev, Xi said ..."), the subject of that verb; "the deal" with none of these refers back to the
  event of its kind told before (extract.py: it takes that event's participants);
- a predicative state: the subject of its copula ("the airline is bankrupt").

Conjoined fillers all fill the role ("Putin and Xi met"). A common noun filler brings the names compounded
with it ("Acme shares fell": Acme), and a role noun its possessor too ("Acme's chief executive said");
extract.py leaves out a place's name and a maker's before what it makes ("bought ten Acme jets").
"""

from __future__ import annotations

from timeline.entities.vocabulary import load
from timeline.events.vocabulary import load as event_vocabulary
from timeline.nlp import children, lemma, token_list

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
_OBJECTS = ("dobj", "dative", "attr", "oprd", "obj")
_RELATIVE = {"which", "who", "that", "whom", "whose"}
# verbs whose object does not do what their infinitive says: "Acme promised Orion to pay" (Acme pays)
_SUBJECT_CONTROL = {"promise", "threaten", "vow", "pledge"}
_SEQUENCE = {"after", "before", "since", "until", "till", "despite", "amid", "like", "unlike", "than"}


def _hyphen_partners(token) -> list:
    """ "the Harlow-Orion talks": the word before the hyphen names a party as the one after does."""
    compounds = [c for c in children(token) if c.dep_ == "compound" and c.i < token.i]
    if not compounds:
        return []
    tokens = token_list(token.doc)
    return [c for c in compounds if any(t.text in ("-", "–") for t in tokens[c.i + 1 : token.i])]


def _with_conjuncts(token) -> list:
    out = [token] + _hyphen_partners(token)
    for child in children(token):
        if child.dep_ == "conj":
            out.extend(_with_conjuncts(child))
        elif child.dep_ == "appos":
            out.append(child)
    return out


def subject_of(token):
    """The subject of a verb, or of the verb an infinitive, participle or second conjunct depends on."""
    node = token
    for _ in range(4):
        first = before = None
        for c in children(node):
            if c.dep_ in _SUBJECTS:
                if first is None:
                    first = c
                if c.i < node.i:
                    before = c
        if first is not None:
            # two subjects are a misparse: the one nearest before the verb is its own ("the strategies of A and
            # B, whose jet first flew": the jet)
            child = before if before is not None else first
            if child.lower_ in _RELATIVE and node.dep_ == "relcl":
                return node.head  # "the frame, which acts as an antenna": the frame
            return child
        if node.dep_ == "xcomp" and node.head.pos_ == "NOUN" and node.head.i != node.i:
            return _agent_of_control_noun(node.head)  # "the Acme and Orion plan to build it", read as a clause
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp") and node.head.i != node.i:
            if node.dep_ == "ccomp":
                return None
            if (node.dep_ == "xcomp" and lemma(node.head).lower() not in _SUBJECT_CONTROL) or (
                    node.dep_ == "advcl" and lemma(node.head).lower() in event_vocabulary().object_control_verbs
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(node))):
                controller = next((c for c in children(node.head) if c.dep_ in ("dobj", "obj") and c.i < node.i), None)
                given = next((c for c in children(node.head) if c.dep_ == "dative" and c.i < node.i), None)
                if given is not None:
                    return given  # "Acme gave Orion 30 days to respond": Orion responds
                if controller is not None and lemma(controller).lower() in event_vocabulary().control_nouns:
                    return _agent_of_control_noun(controller)  # "Acme took two years to build it": Acme builds
                if controller is not None:
                    # "Acme asked Orion to build it", "prompting Orion to sue": Orion builds, sues; also where the
                    # parser takes the infinitive for a purpose ("selected Orion on Monday to build it")
                    return controller
            if node.dep_ == "pcomp" and node.head.dep_ in ("prep", "conj") and node.head.head.i != node.head.i:
                node = node.head  # "unveiled it by walking onto the stage", "after lifting off": the verb's subject
                while node.dep_ == "conj" and node.head.pos_ == "ADP" and node.head.i != node.i:
                    node = node.head  # "after the vote and for backing Russia": the first preposition's verb
            node = node.head
            if node.pos_ == "ADJ" and node.dep_ == "acomp" and node.head.i != node.i:
                node = node.head  # "Acme is willing to work with Orion": the copula's subject
            if node.pos_ not in ("VERB", "AUX"):
                return None
        elif node.dep_ == "acl" and node.tag_ == "VBG":
            return _predicated(node.head)  # "a company making phones"
        elif node.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(node)):
            agent = _agent_of_control_noun(node.head)  # "Acme's plan to cut jobs": Acme cuts them
            if agent is not None:
                return agent
            return _predicated(node.head)  # "the first airline to fly the jet": the airline flies it
        else:
            return None
    return None


def _agent_of_control_noun(noun):
    """Who is to do what a control noun's infinitive says: its possessor ("Acme's plan", "its decision"), the
    name before it ("the Acme and Orion bid"), else the subject of the light verb or the verb of owning that
    takes it as object ("Orion made a decision", "Acme announced plans"); None for another noun."""
    vocab = event_vocabulary()
    if lemma(noun).lower() not in vocab.control_nouns:
        return None
    kids = children(noun)
    owner = next((c for c in kids if c.dep_ == "poss"), None) or next(
        (c for c in kids if c.i < noun.i and ((c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN")
                                              or c.dep_ in _SUBJECTS)), None)
    if owner is not None:
        return owner
    verb = noun.head
    if noun.dep_ in ("dobj", "obj") and verb.i != noun.i and verb.pos_ in ("VERB", "AUX"):
        word = lemma(verb).lower()
        if (word in vocab.light_verbs and word != "give") or word in vocab.owning_verbs:
            return subject_of(verb)
    return None


def _object_gap(verb):
    """The noun a relative clause with no relative pronoun and no object describes, which is the object of its
    verb or of the infinitive it governs: "the aircraft Acme bought", "the jet they plan to fly"."""
    node = verb
    while node.dep_ == "xcomp" and node.head.i != node.i:
        node = node.head
    if node.dep_ != "relcl" or node.head.i == node.i:
        return None
    for clause in {node, verb}:
        if any(c.dep_ in _OBJECTS or c.lower_ in _RELATIVE for c in children(clause)):
            return None
    return node.head


def _predicated(noun):
    """What a predicate noun is said of: "Acme is the first airline to fly it" — the airline is Acme."""
    head = noun.head
    if noun.dep_ == "attr" and head.i != noun.i and lemma(head).lower() == "be":
        subject = next((c for c in children(head) if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.lower_ in _RELATIVE and head.dep_ == "relcl":
                return head.head  # "Acme, which is the first airline to fly it"
            return subject
    return noun


def _partitive(filler):
    """ "six of these aircraft", "one of the A380s", "the first of the new airliners", "a new version of its
    777": the phrase after "of" names what takes part (a number, a quantifier, an ordinal or a noun of kind
    or quantity before it does not)."""
    if filler.pos_ in ("NUM", "PRON", "DET", "ADJ") or filler.tag_ == "CD" or lemma(filler).lower() in load().partitive_nouns:
        for child in children(filler):
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in children(child) if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return filler


def fillers(trigger) -> list:
    """The head tokens of the phrases that fill the trigger's roles."""
    token = trigger.token
    heads: list = []
    if trigger.kind == "verb":
        subject = subject_of(token)
        if subject is not None:
            heads.append(subject)
        if token.dep_ in ("acl", "amod") and token.tag_ in ("VBN", "VBG") and token.head.i != token.i:
            heads.append(token.head)  # "a phone made by Acme", "the recently announced phone": the phone
        elif _object_gap(token) is not None:
            heads.append(_object_gap(token))  # "the jet they plan to fly", "the aircraft Acme bought": the jet, the aircraft
        for child in children(token):
            if child.dep_ in _OBJECTS:
                heads.append(child)
            elif child.dep_ in ("prep", "agent"):
                heads.extend(c for c in children(child) if c.dep_ == "pobj")
    elif trigger.kind == "noun":
        for child in children(token):
            if child.dep_ in ("poss", "compound", "nmod") or (child.dep_ in _SUBJECTS and child.i < token.i):
                heads.append(child)  # a subject: the noun read as a clause ("the Acme and Orion plan to ...")
            elif child.dep_ == "prep":
                heads.extend(c for c in children(child) if c.dep_ == "pobj")
            elif child.dep_ == "acl" and child.tag_ in _PARTICIPLE:
                # "a deal struck between Acme and Orion", "the contract awarded to Orion": the participle's arguments
                for grand in children(child):
                    if grand.dep_ in ("prep", "agent") and grand.lower_ not in _SEQUENCE:
                        heads.extend(c for c in children(grand) if c.dep_ == "pobj")
        own = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "by")) for c in children(token))
        first = token
        while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ == "NOUN":
            first = first.head
        if first is not token and not own:
            # "Acme's sales, profits and market share": the first noun's possessor is every conjunct's
            heads.extend(c for c in children(first) if c.dep_ == "poss")
        placer = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
        if placer is not None and not own and placer.i != token.head.i \
                and lemma(placer).lower() in event_vocabulary().aspectual_nouns:
            # "Doe's third period of leave", "Acme's first year of production": whose time it is, is whose event
            heads.extend(c for c in children(placer) if c.dep_ == "poss")
        if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ not in _SEQUENCE \
                and token.head.head.pos_ in ("VERB", "AUX") and not own:
            # "In a meeting with Tokayev, Xi said": Xi's meeting; "it is slated for release": its release
            subject = subject_of(token.head.head)
            if subject is not None:
                heads.append(subject)
        elif token.dep_ == "dobj" and token.head.pos_ == "VERB":
            subject = subject_of(token.head)  # "Acme announced the sale": Acme's sale
            if subject is not None:
                heads.append(subject)
            for child in children(token.head):  # "signed a deal with Orion": Orion is a party to the deal
                if child.dep_ == "prep" and child.lower_ in ("with", "between") and child.i > token.i:
                    heads.extend(c for c in children(child) if c.dep_ == "pobj")
                elif child.dep_ == "dative" and child.i < token.i:
                    heads.append(child)  # "the board granted Doe a leave", "awarded Orion a contract": Doe's leave
            if trigger.verb is not None:  # "held talks with Erdogan": the light verb's arguments are the noun's
                for child in children(trigger.verb):
                    if child.dep_ in ("prep", "agent"):
                        heads.extend(c for c in children(child) if c.dep_ == "pobj")
                    elif child.dep_ == "dative":
                        heads.append(child)
    else:
        copula = token.head if token.dep_ == "acomp" else token
        subject = subject_of(copula)
        if subject is not None:
            heads.append(subject)
    out = []
    seen: set[int] = set()
    for head in heads:
        for filler in _with_conjuncts(_partitive(head)):
            if filler.i not in seen and filler.i != token.i:
                seen.add(filler.i)
                out.append(filler)
    return out


_DEFINITE = {"the", "this", "that", "these", "those"}
_PARTICIPLE = ("VBN", "VBD")  # a past participle after a noun, which the tagger often reads as a past tense


def is_anaphoric_noun(token) -> bool:
    """ "the deal", "this decision": an event noun made definite with no argument of its own (no possessor, no
    name before it, no phrase after it naming who or what: "the deal with Acme"), which refers back to an event
    the text told."""
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in children(token)):
        return False
    contrast = event_vocabulary().contrastive_modifiers
    if any(c.dep_ in ("amod", "det", "predet", "nummod") and c.lower_ in contrast for c in children(token)):
        return False  # "the first lawsuit", "the previous version": another event of the kind
    return not any(c.dep_ in ("poss", "nmod") or (c.dep_ == "compound" and c.pos_ == "PROPN")
                   or (c.dep_ == "prep" and any(g.dep_ == "pobj" and g.pos_ in ("PROPN", "PRON") for g in children(c)))
                   or (c.dep_ == "acl" and c.tag_ in _PARTICIPLE) for c in children(token))


def is_role_noun(token) -> bool:
    """A noun for who holds a role ("officials", "the chief executive"), who stands for what they lead."""
    return lemma(token).lower() in load().role_nouns


def modifiers(filler) -> list:
    """The names that make a common-noun filler one of theirs: a name in compound before it ("a Walkman music
    player" is a Walkman); for a role noun, whose holder stands for what he leads, its possessor and the object
    of its "of" too ("Kyrgyzstan's president", "the leaders of Kyrgyzstan and Turkmenistan"), unless the holder
    is named beside it ("Jane Doe, the Acme CEO,"), and so for a company's stock or a part of it ("Acme's
    shares fell", "Acme's board approved it"). A possessor of any other noun is not a participant ("the
    device's antenna" is not the device)."""
    if filler.pos_ not in ("NOUN", "PROPN"):
        return []
    if is_role_noun(filler) and (filler.dep_ == "appos" or any(c.dep_ == "appos" for c in children(filler))):
        return []  # "Acme CEO, Jane Doe, said", "Jane Doe, the Acme CEO, said": the holder is named, and takes part
    out = [c for c in children(filler) if c.dep_ in ("compound", "nmod") or c.dep_ == "nummod" and c.i == filler.i - 1]
    out += [partner for c in out for partner in _hyphen_partners(c)]
    vocab = load()
    word = lemma(filler).lower()
    if is_role_noun(filler) or word in vocab.stock_nouns or word in vocab.part_nouns:
        out += [c for c in children(filler) if c.dep_ == "poss"]
        for child in children(filler):
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in children(child):
                    if obj.dep_ == "pobj":
                        out.extend(_with_conjuncts(obj))
    return out
