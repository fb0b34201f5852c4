"""Which name of an article is a short form of which: the longest name each name stands for.

A name stands for the longest name of the article it is a short form of: its last words ("Putin" for
"Vladimir Putin", "Dreamliner" for "Boeing 787 Dreamliner"), the same without its legal form ("Boeing" for
"Boeing Co") or, unless the article uses it for a place, another organisation word ("Ryanair" for "Ryanair
Holdings", but not "Singapore" for "Singapore Airlines" where the article says "in Singapore"), a person's
first word ("Xi" for "Xi Jinping"), an index's first words ("S&P" for "the S&P 500 index", "the Dow" for
"the Dow Jones Industrial Average"), its initials ("SCO"), the short name given in parentheses after it
("Big Company Corporation (BigCo)"), or, for a
product, its model number ("787" and "Boeing 787" for "Boeing 787 Dreamliner"). A short form two longer names
share ("Acme" with "Acme Records" and "Acme Motors") stays itself: the article does not say which.
"""

from __future__ import annotations

from collections.abc import Collection

from timeline.entities.names import ampersand_initials, designator, initials, initials_forms, is_acronym
from timeline.entities.vocabulary import load

# why a name was taken for another, in words a reader sees (the registry keeps them with each alias)
WHY = {
    "tail": "its last words",
    "legal form": "the name without its legal form",
    "org word": "the name without its organisation word",
    "index": "an index by its first words",
    "first name": "a person's first name word",
    "initials": "its initials",
    "acronym": "the short name given in parentheses after it",
    "model": "the same model number",
}


class NameTable:
    """The article's names, their kinds, and which longer name each is a short form of (``canonical``, with the
    reason in ``why``)."""

    def __init__(self, spans: list[tuple[str, str | None]], acronyms: dict[str, str], places: Collection[str] = frozenset()):
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
        # a name the article also calls by its last word alone is a person's ("Jane Doe" ... "Doe"), as news names
        # a person in full first: not when that word, or the first, stood alone before the full name ("Acme" ...
        # "Acme Zephyr" ... "Zephyr" is a company's product), nor when a word alone has another kind
        first_seen: dict[str, int] = {}
        for position, (text, _) in enumerate(spans):
            first_seen.setdefault(text, position)
        singles = {text for text in self.kinds if len(text.split()) == 1}
        other = {"org", "index", "product", "place"}
        for text, kinds in self.kinds.items():
            words = text.split()
            if 2 <= len(words) <= 4 and words[-1] in singles and not kinds & {"org", "index", "product"} \
                    and words[-1].lower() not in self.org_words and all(w[:1].isupper() for w in words) \
                    and not self.kinds[words[-1]] & other and not self.kinds.get(words[0], set()) & other \
                    and all(first_seen.get(w, len(spans)) > first_seen[text] for w in (words[0], words[-1])):
                kinds.add("person")
        self._ampersands: dict[str, list[str]] = {}
        for name in self.kinds:
            short = ampersand_initials(name) if " & " in name else None
            if short is not None and short != name:
                self._ampersands.setdefault(short, []).append(name)
        self.canonical: dict[str, str] = {}
        self.why: dict[str, str] = {}
        self.first_name_of: dict[str, list[str]] = {}  # a first name several people named in full share
        name_words = {name: tuple(name.lower().split()) for name in self.kinds}
        models = self._models()
        for name in self.kinds:
            self.canonical[name], reason = self._longest(name, name_words, models)
            if reason:
                self.why[name] = reason
        for name in list(self.canonical):  # follow chains: "Doe" → "Jane Doe" → ...
            seen = {name}
            while self.canonical[name] not in seen and self.canonical.get(self.canonical[name], self.canonical[name]) != self.canonical[name]:
                seen.add(self.canonical[name])
                self.canonical[name] = self.canonical[self.canonical[name]]

    def _person(self, name: str) -> bool:
        return "person" in self.kinds.get(name, ())

    def _models(self) -> dict[str, list[str]]:
        """Product names by the model number they carry."""
        out: dict[str, list[str]] = {}
        for name, kinds in self.kinds.items():
            if "product" in kinds or not kinds:
                model = designator(name)
                if model is not None:
                    out.setdefault(model, []).append(name)
        return out

    def short_form(self, short: tuple[str, ...], long: tuple[str, ...], long_name: str, short_name: str) -> str | None:
        """Why ``short`` is a short form of ``long`` (a key of ``WHY``), or None."""
        n = len(short)
        if n >= len(long):
            return None
        if long[-n:] == short:
            return "tail"  # the head kept: "Putin", "Doe"
        if long[:n] == short:
            rest = long[n:]
            if all(w.rstrip(".") in self.legal_forms for w in rest):
                return "legal form"  # "Boeing" for "Boeing Co"
            if all(w.rstrip(".") in self.org_words for w in rest) and short_name not in self.places:
                return "org word"  # "Ryanair" for "Ryanair Holdings"; not "Singapore" where it is a place
            if "index" in self.kinds.get(long_name, ()):
                return "index"  # an index by its first words: "the Dow" for "Dow Jones Industrial Average"
            if n == 1 and len(long) <= 3 and self._person(long_name) and all(w[:1].isalpha() for w in rest):
                return "first name"  # a person's first name word: "Xi" for "Xi Jinping"
        return None

    def _longest(self, name: str, words: dict[str, tuple[str, ...]], models: dict[str, list[str]]) -> tuple[str, str]:
        mine = words[name]
        if name in self.acronyms:
            return self.acronyms[name], "acronym"
        reasons: dict[str, str] = {}
        for other in self.kinds:
            if other != name:
                reason = self.short_form(mine, words[other], other, name)
                if reason:
                    reasons[other] = reason
        for other in self._ampersands.get(name, ()):  # "S&P 500" for "Standard & Poor's 500"
            reasons.setdefault(other, "initials")
        if is_acronym(name):
            for other in self.kinds:
                if other != name and len(words[other]) > 1 and name.replace(".", "") in initials_forms(other):
                    reasons.setdefault(other, "initials")
        model = designator(name)
        if model is not None and name in models.get(model, ()):
            for other in models[model]:
                if other != name and len(words[other]) > len(mine):
                    reasons.setdefault(other, "model")
            if model[:1].isdigit():  # "Acme 380" is "Acme A380": a maker's letter before its model numbers
                for other in models.get(name.split()[0][:1].upper() + model, ()):
                    if other.split()[0] == name.split()[0] and len(words[other]) >= len(mine):
                        reasons.setdefault(other, "model")
        if not reasons:
            return name, ""
        candidates = list(reasons)
        longest = max(len(words[c]) for c in candidates)
        best = {c for c in candidates if len(words[c]) == longest}
        # two different longer names: the short one is ambiguous, unless one contains every other candidate; a
        # first name two people share is the one named last before it (``first_name_of``)
        if len(best) > 1:
            if all(reasons[c] == "first name" for c in candidates):
                self.first_name_of[name] = sorted(candidates)
            return name, ""
        (only,) = best
        if any(not _inside(words[c], words[only]) and reasons[c] != "model" for c in candidates):
            return name, ""
        return only, reasons[only]


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def name_variants(name: str) -> list[str]:
    """The ways an article may name an entity known by ``name``: the name, its runs of two or more words, a
    person's surname, a brand written with an inner capital when the rest is a common word ("eBay" for
    "eBay store"), a product's model number, its initials. A model number is never dropped ("Galaxy S5" is not
    every "Galaxy").

    >>> name_variants("Jane Doe"), name_variants("eBay store")
    (['Jane Doe', 'Doe'], ['eBay store', 'eBay'])
    """
    import re

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
    content = [w for w in words if w.lower() not in {"of", "and", "the", "&", "for", "de", "du", "la", "on", "in"}]
    if len(content) >= 3 and all(w[:1].isupper() for w in content):
        variants.append(initials(name))  # "Shanghai Cooperation Organization": "SCO"
    return list(dict.fromkeys(variants))


def refers_to(names: list[str] | tuple[str, ...], target: str) -> bool:
    """Whether an entity known by ``names`` (its name and aliases) is the entity ``target`` names, by the names
    alone (the registry links entities across articles; this is the test for one entity without it)."""
    wanted = {v.lower() for v in name_variants(target)}
    return any(n.lower() in wanted for n in names)
