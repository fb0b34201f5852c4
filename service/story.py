"""Whether an event carries the story or is publication-day chatter, and how much it weighs, from the event's
JSON as the API serves it (pure functions; the rules are data in story.toml)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from timeline.events.vocabulary import load as load_vocabulary


@dataclass(frozen=True)
class StoryRules:
    publication_day_rules: frozenset[str]
    reporting_is_chatter: bool
    reporting_verbs: frozenset[str]
    weights: dict


@functools.lru_cache(maxsize=1)
def rules() -> StoryRules:
    with Path(__file__).with_name("story.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return StoryRules(frozenset(data["publication_day_rules"]), bool(data["reporting_is_chatter"]),
                      load_vocabulary().reporting_verbs, dict(data["weights"]))


def _publication_days(event: dict) -> set[str]:
    return {s["dct"] for s in event.get("sources") or () if isinstance(s, dict) and s.get("dct")}


def is_chatter(event: dict, r: StoryRules | None = None) -> bool:
    """Publication-day chatter: dated to its article's own day because it was said or told there.

    >>> is_chatter({"inferred": True, "date": {"start": "2022-09-15", "why": {"rule": "reporting-verb"}},
    ...             "sources": [{"dct": "2022-09-15"}]})
    True
    """
    r = r or rules()
    date = event.get("date") or {}
    start = (date.get("start") or "")[:10]
    if not start or date.get("granularity") not in ("day", "time"):
        return False
    on_publication_day = start in _publication_days(event)
    if not on_publication_day:
        return False
    why = date.get("why") or {}
    if event.get("inferred") and why.get("rule") in r.publication_day_rules:
        return True
    return r.reporting_is_chatter and event.get("lemma") in r.reporting_verbs


def weight(event: dict, r: StoryRules | None = None) -> int:
    """How much an event carries the story: a stated date, named participants, several sources."""
    r = r or rules()
    w = r.weights
    score = 0 if event.get("inferred") else w["stated_date"]
    if any(isinstance(p, dict) and p.get("name") for p in event.get("participants") or ()):
        score += w["named_participants"]
    documents = {s.get("document_id") for s in event.get("sources") or () if isinstance(s, dict)}
    if len(documents) >= 2:
        score += w["several_sources"] + min(w["most_for_sources"], (len(documents) - 2) * w["each_more_source"])
    return score
