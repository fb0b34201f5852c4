"""Dates from context: an event with no date in its own clause gets one where the text supports it, marked as
inferred with the rule that gave it (the rules and their words are in dating.toml).

- sentence-date: the date of another event of its sentence governs it when it is a coordinated or subordinate
  clause of that event ("unveiled the phone on Monday and demoed its camera"; "Citing the cost, the ministry
  said ...", where "said" is itself dated by a rule; "unveiled it on Monday by walking onto the stage", which
  tells how), or when it is situated in that event ("In a meeting with Tokayev on Wednesday, Xi said ...");
- same-event: an event noun that refers back to an event told before ("the deal" after "agreed to buy") is
  that event, on its date;
- headline-at-publication: an event of the article's headline with no date of its own ("Acme buys Orion",
  "Orion takeover approved") is the news of the day it was published; a headline's infinitive ("Acme to buy
  Orion") lies ahead;
- reporting-verb: a past or present statement ("Acme said", "the ministry says") was made on the day the
  report was published;
- present-perfect-at-publication: what "has happened" is done by the day of the report;
- present-at-publication: what the report tells in the present ("the phone has two cameras", "the company
  owns three plants") holds on the day it was published;
- lead-event-at-publication: the main event of a news report's first sentence, told in the past with no
  date, is the news of the day;
- past-at-publication (off): any past event without a date is the news of the publication day;
- narrative-continues: a past event continues the narrative of the last date the same paragraph gave (a day,
  as dating.toml says), while every sentence since is told in the past; a coarser, earlier date said in passing
  ("In April, a blog had obtained a prototype") is a look back, after which the narrative returns to its day.

Negated events, and events in the future or under a modal, are never dated by inference (they did not, or
not yet, happen); only sentence-date dates a future event, from a date that lies ahead. Events in direct speech
("'We are ready,' she said") are dated only by their sentence: their tenses are the speaker's, told when the
reporting verb says, not the report's.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import tomllib
from dataclasses import dataclass, field, replace

from timeline.events.dates import event_date, inferred_date
from timeline.language import language
from timeline.model import EventDate, Timex
from timeline.timex.discourse import Mention as DateMention

_PAST = {"past", "past-perfect"}
# what breaks a narrative (dating.toml's tense_chain): any sentence not told in the past, or only one told in the
# future or under a modal (a sentence describing in the present — "the phone is 9 mm thick" — does not)
_BREAKS = {"past": {"present", "present-perfect", "future", "conditional"}, "future": {"future", "conditional"}}
_NOT_HAPPENED = {"future", "conditional"}
_DAY_GRANULARITIES = {"day", "part_of_day", "hour", "minute", "second"}
_MONTH_GRANULARITIES = _DAY_GRANULARITIES | {"week", "month"}


@dataclass(frozen=True)
class Rule:
    name: str
    explanation: str
    enabled: bool
    settings: dict = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """The dating rules of dating.toml, by name."""
    with language().file("dating").open("rb") as handle:
        raw = tomllib.load(handle)["rules"]
    out = {}
    for name, table in raw.items():
        settings = {k: v for k, v in table.items() if k not in ("explanation", "enabled")}
        out[name] = Rule(name, table["explanation"], bool(table.get("enabled", True)), settings)
    return out


_ALL_RULES: contextvars.ContextVar[bool] = contextvars.ContextVar("all_dating_rules", default=False)


@contextlib.contextmanager
def all_rules_enabled():
    """Run every dating rule, enabled or not (to measure the ones dating.toml keeps off)."""
    token = _ALL_RULES.set(True)
    try:
        yield
    finally:
        _ALL_RULES.reset(token)


CROSS_DOCUMENT = "reported-elsewhere"  # applied where several articles' events meet (timeline/assemble.py)


def rule_order() -> tuple[str, ...]:
    """The rules that read one document, in the order dating.toml writes them, the order they are tried in."""
    return tuple(name for name in rules() if name != CROSS_DOCUMENT)


def enabled(rule: str) -> bool:
    found = rules().get(rule)
    return found is not None and (found.enabled or _ALL_RULES.get())


def explanation(rule: str) -> str:
    found = rules().get(rule)
    return found.explanation if found else ""


@dataclass
class Placed:
    """What the dating rules read of one event, and what they decide."""

    sentence: int  # the sentence's index in the document
    paragraph: int
    start: int  # character offset of the trigger
    tense: str | None
    reporting: bool
    negated: bool
    lede: bool  # a main-clause event of the report's first sentence
    headline: bool = False  # in the article's title (one giving no date), not an infinitive ("Acme to buy Orion")
    quoted: bool = False  # in direct speech: its tense is the speaker's, not the report's
    governor: "Placed | None" = None  # the event whose date its sentence gives it
    antecedent: "Placed | None" = None  # the event told before that this one refers back to ("the deal")
    clause: bool = True  # told by a verb (or a light verb's noun); False for an event noun
    date: EventDate | None = None
    timex: Timex | None = None  # the expression the date was read from (its own, or the context's)
    rule: str | None = None  # None: dated by its own timex (or undated); else the inference rule


def _with_rule(date: EventDate, rule: str) -> EventDate:
    why = dict(date.why)
    why["rule"] = rule
    why["explanation"] = explanation(rule)
    return replace(date, why=why)


def _from_timex(timex: Timex, dct: dt.date, rule: str) -> EventDate:
    return _with_rule(event_date(timex, dct, "on"), rule)


def _at_publication(dct: dt.date, rule: str) -> EventDate:
    return _with_rule(inferred_date(dct, rule), rule)


def _happened(event: Placed) -> bool:
    return not event.negated and event.tense not in _NOT_HAPPENED


def infer_dates(events: list[Placed], mentions: list[DateMention], timexes: dict[tuple[int, int], Timex],
                dct: dt.date, sentence_tense: dict[int, str | None], enabled: set[str] | None = None) -> None:
    """Date the undated ``events`` (in text order) from their context, in place. ``mentions``: the document's
    date mentions in text order; ``timexes`` by (start, end); ``sentence_tense``: the tense of each sentence's
    main verb; ``enabled``: the rules to run (default: those dating.toml enables)."""
    table = rules()
    if enabled is None:
        enabled = {name for name, rule in table.items() if rule.enabled or _ALL_RULES.get()}
    settings = table.get("narrative-continues", Rule("", "", False)).settings
    precise = _DAY_GRANULARITIES if settings.get("coarsest", "day") == "day" else _MONTH_GRANULARITIES
    # the dates the narrative moves to, in order: the date mentions that date an event told in the past (a
    # deadline ahead or "the past decade" said in passing does not move it); a narrative continues from the last
    # one, if it is precise enough and not after the report was published
    narrating = {(e.timex.start, e.timex.end) for e in events if e.rule is None and e.timex is not None
                 and e.date is not None and e.date.status == "dated" and e.tense in _PAST}
    narrative = [m for m in mentions if not m.comparison and (m.start, m.end) in timexes and (m.start, m.end) in narrating]
    usable = {id(m) for m in narrative if m.point.granularity in precise
              and (m.point.interval() or (dt.datetime.max,))[0].date() <= dct}
    tense_chain = settings.get("tense_chain", "past")
    looks_back = bool(settings.get("returns_after_looking_back", False))
    for event in events:
        if event.date is not None and event.date.status != "undated":
            continue
        for name in rule_order():
            if name not in enabled:
                continue
            found = _apply(name, event, narrative, usable, tense_chain, timexes, dct, sentence_tense, looks_back)
            if found is not None:
                event.date, event.timex = found
                event.rule = name
                break
    if "sentence-date" in enabled:  # a clause before its verb ("Citing the cost, the ministry said"): now dated
        for event in events:
            if event.date is None or event.date.status == "undated":
                found = _apply("sentence-date", event, narrative, usable, tense_chain, timexes, dct, sentence_tense, looks_back)
                if found is not None:
                    event.date, event.timex = found
                    event.rule = "sentence-date"


def _earlier(mention: DateMention, than: DateMention) -> bool:
    """Whether a coarser date lies before the day the narrative is at ("In April, a blog had obtained it" told of
    a launch on June 7): a look back, after which the narrative returns to its day."""
    a, b = mention.point.interval(), than.point.interval()
    return a is not None and b is not None and a[1] <= b[0]


def _apply(name: str, event: Placed, narrative: list[DateMention], usable: set[int], tense_chain: str, timexes,
           dct: dt.date, sentence_tense: dict[int, str | None], looks_back: bool = False
           ) -> tuple[EventDate, Timex | None] | None:
    if name == "sentence-date":
        governor = event.governor
        if governor is None or governor.date is None or governor.date.status != "dated":
            return None
        if governor.rule is not None and not event.clause:
            return None  # a noun takes a date the text gives, not one a rule gave its verb ("at the talks, Xi said")
        if event.negated or (event.tense in _NOT_HAPPENED and not governor.date.scheduled):
            return None
        if event.tense in _PAST | {"present-perfect"} and governor.date.scheduled:
            return None
        return _with_rule(governor.date, name), governor.timex
    if name == "same-event":
        earlier = event.antecedent
        if earlier is None or earlier.date is None or earlier.date.status != "dated":
            return None
        return _with_rule(earlier.date, name), earlier.timex
    if not _happened(event) or event.quoted:
        return None  # not happened; or said in a quotation, whose present is the speaker's, not the report's
    if name == "headline-at-publication":
        return (_at_publication(dct, name), None) if event.headline else None
    if name == "reporting-verb":
        if event.reporting and event.tense in ("past", "present", "present-perfect"):
            return _at_publication(dct, name), None
        return None
    if name == "present-perfect-at-publication":
        return (_at_publication(dct, name), None) if event.tense == "present-perfect" else None
    if name == "present-at-publication":
        return (_at_publication(dct, name), None) if event.tense == "present" else None
    if name == "past-at-publication":
        return (_at_publication(dct, name), None) if event.tense == "past" else None
    if name == "lead-event-at-publication":
        return (_at_publication(dct, name), None) if event.lede and event.tense in _PAST else None
    if name == "narrative-continues":
        if event.tense not in _PAST:
            return None
        last = None
        for mention in narrative:
            if mention.start >= event.start:
                break
            if id(mention) in usable or not looks_back or last is None or id(last) not in usable \
                    or not _earlier(mention, last):
                last = mention
        if last is None or id(last) not in usable or last.paragraph != event.paragraph or last.sentence == event.sentence:
            return None
        if tense_chain and any(sentence_tense.get(k) in _BREAKS[tense_chain]
                               for k in range(last.sentence, event.sentence + 1)):
            return None
        timex = timexes[(last.start, last.end)]
        return _from_timex(timex, dct, name), timex
    return None
