"""Headlines that say who did what: a check of each event's headline against what it was built from.

A verb's or a state's headline must name its subject (not start with its verb, an auxiliary or "to": "assumed
the role", "has been leading efforts") and name it as the entity it is, not as a pronoun ("he", "they",
"which"); every headline must keep its trigger as the article wrote it ("accorded" for "according", "to plan"
for "is planned" are changed verbs); and none may end where a phrase was cut ("would make", "sanctions on").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from timeline.model import Event

PROBLEMS = ("no subject", "pronoun subject", "changed verb", "cut off")
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "which", "who", "whom",
             "whose"}
_VERB_STARTS = {"to", "has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "will", "would",
                "could", "should", "may", "might", "must", "can", "do", "does", "did", "not"}
_DANGLING = {"to", "of", "on", "in", "at", "for", "with", "by", "from", "and", "or", "but", "the", "a", "an",
             "would", "will", "could", "should", "can", "may", "might", "must", "that", "which", "whose", "than"}
_WORD = re.compile(r"[\w'’-]+")


def problems(event: Event) -> list[str]:
    """What is wrong with the event's headline (an empty list when nothing is)."""
    words = _WORD.findall(event.headline)
    lower = [w.lower() for w in words]
    out = []
    trigger = event.trigger.lower()
    if event.kind in ("verb", "state"):
        before = lower[: lower.index(trigger)] if trigger in lower else lower
        if not before or before[0] in _VERB_STARTS or lower[0] == trigger:
            out.append("no subject")
        elif before[0] in _PRONOUNS:
            out.append("pronoun subject")
    if trigger not in lower and trigger.replace("’", "'") not in lower:
        out.append("changed verb")
    if lower and lower[-1] in _DANGLING and not event.headline.endswith("…"):
        out.append("cut off")
    return out


@dataclass
class Report:
    events: int = 0
    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, events: Iterable[Event], keep: int = 5) -> None:
        for event in events:
            self.events += 1
            for problem in problems(event):
                self.counts[problem] += 1
                listed = self.examples.setdefault(problem, [])
                if len(listed) < keep:
                    listed.append(f"{event.headline}  <- {event.sentence[:120]}")

    def format(self, listing: bool = False) -> str:
        lines = [f"{self.events} events"]
        for problem in PROBLEMS:
            n = self.counts.get(problem, 0)
            lines.append(f"{problem:<16}{n:>6}  {100 * n / self.events if self.events else 0:5.1f} %")
            if listing:
                lines.extend(f"    {example}" for example in self.examples.get(problem, ()))
        return "\n".join(lines)
