"""Context checks that reject false hits: words that are temporal only in some uses.

Each check sees the candidate's text and neighbours and, when the sentence was tagged, its
tokens. ``TAGGED`` lists the checks that need part-of-speech tags; the extractor tags the
sentences of those candidates (and of the ones whose date depends on tense) and no others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from timeline.nlp import Tok
from timeline.timex.lexicon import load

_NEXT_WORD = re.compile(r"\s*([\w'$%.-]+)")
_PREV_WORD = re.compile(r"([\w'$%.-]+)[\s]*$")


@dataclass(slots=True)
class Candidate:
    """A matched span with the rule that matched it and the spec the rule built."""

    start: int
    end: int
    rule: str
    spec: object
    priority: int = 0
    check: str | None = None

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class View:
    """What a check may look at."""

    text: str
    cand: Candidate
    tokens: list[Tok] | None

    @property
    def surface(self) -> str:
        return self.text[self.cand.start : self.cand.end]

    def next_word(self) -> str:
        m = _NEXT_WORD.match(self.text, self.cand.end, min(len(self.text), self.cand.end + 40))
        return m.group(1) if m else ""

    def prev_word(self) -> str:
        m = _PREV_WORD.search(self.text, max(0, self.cand.start - 40), self.cand.start)
        return m.group(1) if m else ""

    def prev_char(self) -> str:
        """The character before the candidate; "" at the start of the text (test it with ``==`` or
        against a set: ``"" in "$€"`` is true)."""
        return self.text[self.cand.start - 1] if self.cand.start > 0 else ""

    def next_char(self) -> str:
        return self.text[self.cand.end] if self.cand.end < len(self.text) else ""

    def inner(self) -> list[Tok]:
        if not self.tokens:
            return []
        return [t for t in self.tokens if t.start < self.cand.end and t.end > self.cand.start]

    def after(self, k: int = 1) -> list[Tok]:
        if not self.tokens:
            return []
        return [t for t in self.tokens if t.start >= self.cand.end][:k]

    def before(self, k: int = 1) -> list[Tok]:
        if not self.tokens:
            return []
        return [t for t in self.tokens if t.end <= self.cand.start][-k:]


CHECKS: dict[str, Callable[[View], bool]] = {}
# check name -> which surfaces need part-of-speech tags (the others are judged from the words alone)
TAGGED: dict[str, Callable[[str], bool]] = {}


def check(name: str, tagged: Callable[[str], bool] | None = None):
    def register(fn):
        CHECKS[name] = fn
        if tagged is not None:
            TAGGED[name] = tagged
        return fn

    return register


def needs_tags(name: str | None, surface: str) -> bool:
    predicate = TAGGED.get(name) if name else None
    return bool(predicate and predicate(surface))


def passes(name: str | None, view: View) -> bool:
    if name is None:
        return True
    return CHECKS[name](view)


_CURRENCY = frozenset("$£€¥")  # sets: the "" of the text's edges is not in them
_NUMBER_SIGNS = _CURRENCY | {"#"}
_MONEY_OR_MEASURE = re.compile(r"^(?:%|percent|per|cents?|dollars?|yen|euros?|pounds|points?|shares?|barrels|tons|feet|meters|miles|kilometers|people|votes|troops|soldiers|members|workers|employees|units|acres|pages|words|calories|bps|basis|jobs|deaths|cases|students|patients|residents|passengers|seats|copies|yards|degrees|signatures|refugees|migrants|homes|households)$", re.I)
_YEAR_CONTEXT = re.compile(r"^(?:in|since|of|from|to|until|till|by|during|before|after|between|and|through|early|late|mid|fiscal|calendar|year|the|around|circa|for|summer|winter|spring|fall|autumn|season|end|beginning|start|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?$", re.I)


@check("year")
def _year(v: View) -> bool:
    """A four-digit number is a year unless it is money, a count or a measure."""
    prev, nxt = v.prev_word(), v.next_word()
    if v.prev_char() in _NUMBER_SIGNS or v.next_char() == "%":
        return False
    if re.match(r"[\d,.]", v.next_char() or " ") and v.next_char() not in ".,":
        return False
    if re.match(r"\.\d", v.text[v.cand.end : v.cand.end + 2]):
        return False  # an index level: "closed at 2082.1"
    if v.next_char() == "," and re.match(r",\d{3}", v.text[v.cand.end : v.cand.end + 4]):
        return False
    if _MONEY_OR_MEASURE.match(nxt.rstrip(".,;:!?")):
        return False
    if prev.lower() in ("no.", "number", "flight", "route", "room", "page", "pages", "chapter", "section", "model", "rule", "resolution", "article", "paragraph", "item", "boeing", "airbus", "highway", "interstate", "channel", "vol.", "volume", "form") or prev.lower().startswith("$"):
        return False
    if re.match(r"^\d", prev) and prev.rstrip(",").replace(",", "").replace(".", "").isdigit() and not _YEAR_CONTEXT.match(prev):
        return False  # a list of numbers
    value = int(v.surface[-4:]) if v.surface[-4:].isdigit() else 0
    if value < 1600 and not _YEAR_CONTEXT.match(prev):
        return False
    if value > 2100:
        return False
    return True


@check("spelled_year")
def _spelled_year(v: View) -> bool:
    """ "nineteen ninety-six" is a year unless it counts something."""
    nxt = v.next_word().lower()
    if nxt in ("people", "dollars", "percent", "times", "points", "years", "days", "hours", "of", "million", "billion", "thousand"):
        return False
    if nxt.endswith("s") and v.after() and v.after()[0].tag == "NNS":
        return False
    return True


@check("season")
def _season(v: View) -> bool:
    nxt = v.next_word().lower()
    surface = v.surface.lower()
    if "fall" in surface or "spring" in surface:
        # "the fall of the Berlin wall", "in the spring of 1990" (handled by another rule)
        if nxt in ("of", "in", "from", "to"):
            return False
    if v.surface.split()[-1][:1].isupper() and v.next_word()[:1].isupper():
        return False  # "the Winter Olympic Games", "Spring Festival": a name
    return nxt.rstrip(".,;:") not in ("season", "collection", "olympics", "olympic", "games", "school", "camp", "semester", "session", "term", "sale", "sales", "storm", "line", "of")


@check("day_month")
def _day_month(v: View) -> bool:
    return v.prev_char() not in _CURRENCY and not re.match(r"\s*(?:%|percent)", v.text[v.cand.end : v.cand.end + 9])


@check("month", tagged=lambda surface: surface.lower().rstrip(".") in ("may", "march"))
def _month(v: View) -> bool:
    """A month name standing alone: "May" the modal and "March" the verb are not months."""
    word = v.surface.rstrip(".")
    lower = word.lower()
    nxt = v.next_word()
    prev = v.prev_word()
    if lower in ("may", "march"):
        if v.tokens is None:
            return False
        inner = v.inner()
        if not inner or inner[0].tag not in ("NNP", "NN"):
            return False
        if lower == "may" and (not prev or prev[0] in "\"'“" or nxt.lower() in ("be", "have", "not", "also", "well", "i", "we", "you")):
            return False
        after = v.after()
        if after and after[0].tag in ("VB", "VBN") or (after and after[0].lower in ("be", "have")):
            return False
    if prev.lower() in ("the", "a", "an", "annual", "this") and not re.match(r"\s*\d", v.text[v.cand.end : v.cand.end + 3]):
        # "the June agreement", "the October slaying" are dates; "the March for Life", "the March of the
        # Combatant Mothers" are names
        # "the March accession" is the month; "the May government" is Theresa May's
        if nxt.lower() in ("of", "for", "to", "on", "against", "in", "through", "across", "from") or nxt[:1].isupper() or lower == "may":
            return False
        if lower == "march":  # before a common noun only: "the March accession", not "join the March today"
            after = v.after()
            return bool(after) and after[0].tag in ("NN", "NNS") and bool(re.match(r"[a-z]", nxt)) and \
                nxt.lower().rstrip(".,;:!?") not in ("today", "tonight", "yesterday", "tomorrow", "now")
        return bool(re.match(r"[a-z]", nxt)) or prev.lower() == "this"
    if nxt[:1].isupper() and nxt.lower() not in ("and", "or", "to", "the", "through", "until", "by") and lower in ("may", "march", "june", "august", "april") and not re.match(r"\d", nxt):
        return False  # a name: "April Smith", "June Carter", "Theresa May" is caught by the previous word
    if prev[:1].isupper() and prev.lower() not in ("in", "since", "on", "by", "until", "from", "of", "during", "before", "after", "through", "last", "next", "this", "early", "late", "mid", "and", "or", "between", "till", "to", "that") and lower in ("may", "march", "june", "august", "april", "june"):
        return False
    return True


@check("weekday")
def _weekday(v: View) -> bool:
    return v.next_word().lower() not in ("night live", "times", "telegraph", "mirror", "express", "star")


@check("holiday")
def _holiday(v: View) -> bool:
    nxt = v.next_word().lower()
    surface = v.surface.lower()
    if surface.endswith("easter") or surface == "christmas":
        return nxt not in ("island", "islands", "bunny", "egg", "eggs", "tree", "trees", "card", "cards", "carol", "carols", "rising", "offensive")
    return True


@check("bare_part_of_day")
def _bare_part_of_day(v: View) -> bool:
    return v.next_word().lower() not in ("of", "news", "show", "paper", "papers", "edition", "star", "session", "shift", "sessions", "post", "prayers", "prayer", "light", "sky", "club", "clubs", "life")


@check("clock")
def _clock(v: View) -> bool:
    surface = v.surface.lower()
    if surface.startswith("noon") and v.prev_word().lower() == "high":
        return False  # "High Noon", "high noon comes today": the film and the idiom
    if re.fullmatch(r"\d{1,2}:\d\d", surface):
        # "2:1" scores or ratios; a bare 24-hour time needs a clue that it is a time
        return bool(re.match(r"(?:at|by|until|before|after|from|since|around|about)$", v.prev_word().lower()))
    return True


def _title_mid_sentence(v: View) -> bool:
    """A capitalized name in the middle of a sentence: "ABC's 'This Week'", "CBS's '60 Minutes'"."""
    words = v.surface.split()
    if not all(w[:1].isupper() or w[:1].isdigit() for w in words) or not any(w[:1].isupper() for w in words[1:] or words):
        return False
    before = v.text[max(0, v.cand.start - 3) : v.cand.start].strip()
    return bool(before) and before[-1] not in ".!?\n:" and not (before[-1] in "\"'“‘`" and len(words) < 2)


_VERB_LAST = {"to", "will", "would", "could", "can", "may", "might", "should", "must", "shall", "won't", "wo", "'ll",
              "did", "does", "do", "not", "cannot", "never", "still", "only"}


@check("past_n_units")
def _past_n_units(v: View) -> bool:
    """ "expected to last several weeks", "could last two years": "last" the verb, not the adjective."""
    return not (v.surface.lower().startswith("last ") and v.prev_word().lower() in _VERB_LAST)


@check("relative_unit")
def _relative_unit(v: View) -> bool:
    surface = v.surface.lower()
    nxt = v.next_word().lower()
    if len(v.surface.split()) > 1 and _title_mid_sentence(v):
        return False
    if surface.endswith("day") and nxt in ("of",):
        return False
    if "current" in surface and nxt in ("account", "accounts"):
        return False
    return True


_SPENDING = {"spent", "spend", "spends", "spending"}  # "spent the weekend touring flooded streets"


@check("the_unit")
def _the_unit(v: View) -> bool:
    nxt = v.next_word().lower()
    prev = v.prev_word().lower()
    surface = v.surface.lower()
    if nxt == "to" and re.match(r"\s+to\s+(?:[$#€£¥]|C\$|US\$|\d)", v.text[v.cand.end : v.cand.end + 12]):
        nxt = ""  # "revenue inched up 3.7% in the quarter to $2.35 billion": "to" begins the amount
    if nxt in ("before", "after", "of", "earlier", "later", "when", "that", "in", "which", "ago", "ended", "ending", "ends", "end", "to"):
        return False
    if surface.endswith("day"):
        before = v.text[max(0, v.cand.start - 20) : v.cand.start].lower()
        return bool(re.search(r"\b(?:later|earlier|early|late)\s+in\s+$", before)) or (prev in ("during", "for", "on") and nxt in (",", ".", ""))
    if v.text.startswith("'s", v.cand.end):
        return True  # "the week's most active session"
    if prev in ("of", "a", "per") and not surface.endswith("year") and not surface.endswith("weekend"):
        return False
    if surface.endswith("weekend") and prev == "at":
        return True  # "At the weekend, thousands marched"
    if surface.endswith("week") or surface.endswith("month") or surface.endswith("weekend"):
        return prev in ("for", "during", "this", "in", "over", "throughout", "within", "that", "by", "on", "since", "of", "until", "through") \
            or prev in _SPENDING or nxt in (".", ",")
    if surface.endswith("year"):
        return prev in ("for", "during", "in", "over", "throughout", "within", "by", "since", "of", "through", "until", "to") \
            or prev in _SPENDING or nxt in (".", ",")
    return True


@check("period_phrase")
def _period_phrase(v: View) -> bool:
    nxt = v.next_word().lower()
    return nxt not in ("ended", "ending", "ends", "of")


@check("year_ago")
def _year_ago(v: View) -> bool:
    nxt = v.next_word().lower()
    return nxt in ("period", "quarter", "level", "levels", "figure", "figures", "results", "loss", "profit", "earnings", "sales", "net", "revenue", "income", "month", "period,", "quarter,", "rate", "volume", "total", "") or nxt.endswith((",", "."))


@check("duration")
def _duration(v: View) -> bool:
    surface = v.surface.lower()
    prev, nxt = v.prev_word(), v.next_word()
    if _title_mid_sentence(v) and not re.fullmatch(r"[\d\s-]+\w+", v.surface.split()[0] + " x"):
        return False
    if re.match(r"^\d+ [A-Z]", v.surface) and v.surface.split()[-1][:1].isupper():
        return False  # "60 Minutes", a name
    if re.search(r"-quarters?$", surface) or (surface.endswith("quarters") and nxt.lower() == "of"):
        return False  # "three-quarters of its food": a fraction
    if v.prev_char() in _CURRENCY or prev.startswith("$"):
        return False
    if re.search(r"-(?:old)$", surface):
        return False
    if re.match(r"^\s*-?old\b", v.text[v.cand.end : v.cand.end + 6]):
        return False  # "a 5-year-old", "8 months old"
    if re.match(r"^\s*old\b", v.text[v.cand.end : v.cand.end + 5]):
        return False
    if surface.split()[-1] in ("second", "seconds") and re.match(r"^(?:a|one|the)$", surface.split()[0]):
        return nxt.lower() in (".", ",", "") or nxt.lower() in ("later", "ago", "earlier", "before", "after", "and", "or", "to", "in", "of", "for")
    if re.fullmatch(r"(?:a|an)\s+\S+", surface):
        return False  # "a year": the "a unit" rule and its check take it
    if surface.startswith("one ") and nxt.lower() in ("of",):
        return False
    return True


@check("vague_duration")
def _vague_duration(v: View) -> bool:
    surface = v.surface.lower()
    if surface.endswith("early hours") and v.next_word().lower() == "of":
        return False  # "in the early hours of Thursday morning": a time of that day, not a stretch of hours
    return not surface.startswith(("some ", "many "))


@check("bare_units")
def _bare_units(v: View) -> bool:
    prev = v.prev_word().lower()
    nxt = v.next_word().lower()
    if nxt in ("later", "earlier", "ago", "before", "after", "old"):
        return nxt in ("later", "earlier", "ago")
    if nxt == "of" and prev in ("early", "wee", "small"):
        return False  # "the early hours of Thursday", "the wee hours of the morning": a time of that day
    if nxt == "of" and prev not in ("the", "these", "those", "many", "few", "several", "some", "its", "his", "her", "their", "our"):
        return True  # "months of twists and turns"
    return prev in ("for", "in", "within", "over", "took", "take", "takes", "taking", "lasted", "last", "lasting", "spent", "spend", "after", "than", "about", "nearly", "almost", "some")


@check("a_unit")
def _a_unit(v: View) -> bool:
    nxt = v.next_word().lower()
    if _rate(v):
        return False  # a rate: "$5 a year" is a SET
    if nxt in ("'s", "old", "when", "that", "which"):
        return False
    return True


# a quantity just before: "20% annually", "10,000 units annually" (not "Smith, 45, jogs daily")
_MEASURED = re.compile(r"(?:\d(?:[\d.,]*\d)?\s*(?:%|percent\b)|\d(?:[\d,]*\d)?\s+[a-z]+)\s*$", re.I)
# amounts counted per period: "its quarterly dividend", "average daily volume", "the quarterly results"
_PER_PERIOD_AMOUNT = re.compile(
    r"\s+(?:(?:cash|share|trading|net|operating|common|stock)\s+)?(?:dividends?|payouts?|loss(?:es)?|profits?|earnings|results|"
    r"income|revenues?|sales|volumes?|turnover|output|production|averages?|yields?)\b", re.I)


@check("set_adverb")
def _set_adverb(v: View) -> bool:
    """ "paid monthly", "his daily life", "the weekly radio address" are SETs. Not: an amount counted per
    period ("its quarterly dividend", "average daily volume"), a rate ("grow 20% annually", "10,000
    units annually"), or a name ("the Daily News")."""
    nxt = v.next_word().lower()
    if nxt in ("news", "newspaper", "newspapers", "mail", "telegraph", "express", "star", "show"):
        return False
    following = nxt.rstrip(".,;:")
    if v.surface.islower() and v.next_word()[:1].isupper() and following not in load().weekdays \
            and following not in load().months:
        return False  # "the Communist Party daily Granma", "the business weekly Nikkei": a newspaper
    if _MEASURED.search(v.text[max(0, v.cand.start - 30) : v.cand.start]):
        return False
    return not _PER_PERIOD_AMOUNT.match(v.text, v.cand.end, v.cand.end + 40)


_RATE_WORDS = ("percent", "cents", "dollars", "times", "twice", "once", "%", "million", "billion", "thousand", "hundred", "barrels", "tons", "pounds")


def _rate(v: View) -> bool:
    """A rate: "$5 a year", "four flights a week", "358,000 a month" (but not "$10 million a year ago")."""
    if v.next_word().lower().rstrip(".,;:!?") in ("ago", "earlier", "later", "before", "after", "back", "previously"):
        return False
    before = v.text[max(0, v.cand.start - 40) : v.cand.start]
    before = re.split(r"[.!?;:]\s", before)[-1]  # the same sentence only
    words = re.findall(r"[\w$%.,'-]+", before)[-3:]
    for word in words:
        w = word.lower().strip(",")
        if w.startswith("$") or re.fullmatch(r"[\d.,]+%?", w) or w in _RATE_WORDS or w in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "dozens", "hundreds"):
            return True
    return False


@check("per_unit")
def _per_unit(v: View) -> bool:
    return v.surface.lower().startswith("per") or _rate(v)


# what "today's" and "tomorrow's" mean as "of our times" rather than a day: "today's youth", "in
# today's world", "many of today's personal computers"
_GENERIC_NOUNS = re.compile(
    r"'s\s+(?:[a-z]+\s+)?(?:world|youth|young|society|societies|generation|generations|children|kids|teenagers|"
    r"standards|economy|technology|technologies|computers|consumers|culture|women|men|students|families|"
    r"workforce|workplace|climate)\b", re.I)


@check("today")
def _today(v: View) -> bool:
    """ "today" and "tomorrow" as a day, not as "our times" ("today's world") or "the future" ("the
    people of tomorrow")."""
    surface = v.surface.lower()
    if surface in ("today", "tomorrow") and _GENERIC_NOUNS.match(v.text, v.cand.end, v.cand.end + 40):
        return False
    if surface == "tomorrow" and v.prev_word().lower() == "of":
        return False
    return True


@check("reference")
def _reference(v: View) -> bool:
    surface = v.surface.lower()
    nxt = v.next_word().lower()
    prev = v.prev_word().lower()
    if surface == "now":
        # "now" as a discourse marker: "Now, ..." at the start of a sentence; "now that" is temporal
        start_of_sentence = not prev or prev.endswith((".", "!", "?", '"', "”", ":")) or v.text[: v.cand.start].rstrip().endswith(("\n",))
        if start_of_sentence and v.next_char() == ",":
            return False
        if prev in ("and", "but") and v.next_char() == ",":
            return False
    if surface in ("the past", "the future") and nxt in ("of",):
        return False
    if surface in ("soon", "shortly") and (prev == "as" or nxt in ("after", "before", "as", "thereafter")):
        return False  # "as soon as", "shortly after the bombings": part of a larger expression
    if surface in ("previously", "formerly", "recently"):
        after = v.after()
        if prev in ("a", "an", "the", "its", "his", "her", "their", "our", "as") and (not after or after[0].tag in ("VBN", "JJ", "VBD")):
            return False  # "a previously announced plan", "as previously planned"
    if surface == "the past" and prev in ("in",) or surface != "the past":
        return True
    return prev in ("in", "from", "than", "of", "into", "to", "with", "like")
