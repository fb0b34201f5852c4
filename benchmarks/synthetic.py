"""Synthetic documents and events for the store benchmark: plausible news events in the shape extraction
gives them (the same JSON), made by a seeded generator instead of by extraction, so a store of a million
events is built in minutes.

What they look like: 1990-2022, mostly days (also times of day, weeks, months, quarters, years, and a few
decades and centuries); one to three participants drawn from 200,000 people and organisations, one in ten
from 500 famous ones (the first of them in about 1.5% of events), first and last names shared across people
as in real names (the merge's link keys are name words; the famous have surnames of their own); one
event in four is a report of a story other documents report too (same date, people and verb), so merging
has real work; a few vague and undated events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

FIRST = ("Anna Boris Carla Dmitri Elena Farid Grace Hiro Ines Jamal Karin Liu Maria Nikolai Olga Pedro Qasim Rosa "
         "Sergei Tomas Uma Viktor Wei Xenia Yusuf Zara Ahmed Beatriz Chen Dalia Emil Fatima Georg Hana Ivan Julia "
         "Kemal Lena Marco Nadia Omar Paula Rafael Sofia Tariq Ursula Vera Walter Yasmin Zoltan").split()
LAST = ("Abe Bauer Costa Diaz Eriksen Fischer Garcia Haddad Ito Jensen Kowalski Lopez Muller Novak Okafor Petrov "
        "Quinn Rossi Sato Tanaka Ueda Vargas Weber Xu Yilmaz Zhang Ahmadi Becker Cohen Dubois Esposito Fontaine "
        "Gomez Horvat Ivanov Jovanovic Kim Larsen Moreau Nagy Olsen Park Ramos Schmidt Torres Varga Wagner "
        "Yamamoto Zielinski Andersen Bianchi Castro Dimitrov Engel Ferrari Gruber Hansen Ibrahim Jung Keller "
        "Lindqvist Mendes Nielsen Ortiz Popescu Reyes Silva Teixeira Vogel Wolf").split()
ORG_WORDS = ("National Federal United Central Northern Southern Eastern Western Royal People's Democratic Green "
             "Liberal Workers Farmers Energy Steel Rail Water Health Trade Ocean Mountain River Valley City").split()
ORG_KINDS = "Party Union Council Ministry Bank Agency Court Assembly Committee Company Institute Front".split()
PLACES = ("Samarkand Astana Bishkek Tashkent Baku Tbilisi Yerevan Minsk Riga Vilnius Tallinn Helsinki Oslo Lisbon "
          "Porto Seville Lyon Turin Krakow Brno Graz Basel Ghent Leeds Cork Malmo Aarhus Split Varna Izmir").split()
VERBS = (("meet", "met"), ("visit", "visited"), ("sign", "signed"), ("criticize", "criticized"), ("call", "called"),
         ("open", "opened"), ("close", "closed"), ("approve", "approved"), ("reject", "rejected"),
         ("announce", "announced"), ("hold", "held"), ("win", "won"), ("lose", "lost"), ("arrest", "arrested"))
MONTHS = ("January February March April May June July August September October November December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
FIRST_DAY = dt.date(1990, 1, 1)
DAYS = (dt.date(2022, 12, 31) - FIRST_DAY).days
KINDS = (("day", 62), ("time", 8), ("month", 14), ("week", 5), ("year", 7), ("quarter", 3), ("decade", 0.3),
         ("century", 0.05))
FAMOUS = 500  # one participant in ten is one of the famous few (the first of them in 1.5% of events)
FAMOUS_SHARE = 0.1
N_PEOPLE = 200_000
_SYLLABLES = ("ka ri mo sa le na to vi de lu an be co da el fa go ha in jo ke la mi no pa qu ra si te ul "
              "va we xi ya zo bar den fir gal hon ker lin mar nor pel ros tam vor").split()


def _coined(n: int, parts: int, salt: int) -> list[str]:
    """``n`` distinct made-up names of ``parts`` syllables (many more than a list could hold)."""
    out, seen, k = [], set(), 0
    while len(out) < n:
        h = int(hashlib.sha1(f"{salt}:{k}".encode()).hexdigest(), 16)
        word = "".join(_SYLLABLES[(h >> (8 * i)) % len(_SYLLABLES)] for i in range(parts)).capitalize()
        k += 1
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


# real first names are shared widely, last names less: 50 listed + 350 coined first names, 3,000 last names
FIRST = FIRST + tuple(_coined(350, 2, 1)) if isinstance(FIRST, tuple) else FIRST + _coined(350, 2, 1)
LAST = LAST + _coined(3000, 3, 2)


@dataclass
class Story:
    date: dict
    people: list[tuple[str, str]]
    verb: tuple[str, str]
    place: str


def person(i: int) -> tuple[str, str]:
    """The i-th participant: a person, an organisation or a place (names share words, as real ones do)."""
    if i % 10 == 9:
        return (f"{ORG_WORDS[i % len(ORG_WORDS)]} {ORG_WORDS[(i // 7) % len(ORG_WORDS)]} "
                f"{ORG_KINDS[(i // 13) % len(ORG_KINDS)]}", "ORG")
    # the famous few have surnames of their own, as the famous do; the others share them a few dozen apiece
    last = LAST[(i * 97) % len(LAST)] if i < FAMOUS else LAST[(i // len(FIRST)) % len(LAST)]
    return f"{FIRST[i % len(FIRST)]} {last}", "PERSON"


_FAMOUS_WEIGHTS = [1 / (r + 1) for r in range(FAMOUS)]


def _zipf(rng: random.Random, n: int) -> int:
    """A participant's rank: one in ten from the famous few (Zipf: the first of them in 1.5% of events, the
    500th rarely), the others from the long tail of everyone else."""
    if rng.random() < FAMOUS_SHARE:
        return rng.choices(range(FAMOUS), _FAMOUS_WEIGHTS)[0]
    return rng.randrange(FAMOUS, n)


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def random_date(rng: random.Random) -> dict:
    """A dated interval of a random granularity, as timeline.events.dates writes one."""
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    mod = None
    if kind == "day":
        start, end, value = day.isoformat(), (day + dt.timedelta(days=1)).isoformat(), day.isoformat()
        label = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
    elif kind == "time":
        start, end, value = f"{day.isoformat()}T18:00", f"{day.isoformat()}T22:00", f"{day.isoformat()}TEV"
        label = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}, evening"
    elif kind == "month":
        first = day.replace(day=1)
        start, end, value, label = first.isoformat(), _next_month(first).isoformat(), first.isoformat()[:7], f"{MONTHS[day.month - 1]} {day.year}"
        if rng.random() < 0.3:
            mod, word, lo, hi = rng.choice([("START", "early", 1, 11), ("MID", "mid-", 11, 21), ("END", "late", 21, 0)])
            start = first.replace(day=lo).isoformat()
            end = _next_month(first).isoformat() if hi == 0 else first.replace(day=hi).isoformat()
            label = f"{word}{'' if word.endswith('-') else ' '}{label}"
    elif kind == "week":
        year, week, _ = day.isocalendar()
        monday = dt.date.fromisocalendar(year, week, 1)
        start, end, value = monday.isoformat(), (monday + dt.timedelta(days=7)).isoformat(), f"{year}-W{week:02d}"
        label = f"the week of {monday.day} {MONTHS[monday.month - 1]} {monday.year}"
    elif kind == "quarter":
        q = (day.month - 1) // 3
        first = dt.date(day.year, 3 * q + 1, 1)
        last = dt.date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)
        start, end, value, label = first.isoformat(), last.isoformat(), f"{day.year}-Q{q + 1}", f"the {('first', 'second', 'third', 'fourth')[q]} quarter of {day.year}"
    elif kind == "year":
        start, end, value, label = f"{day.year}-01-01", f"{day.year + 1}-01-01", str(day.year), str(day.year)
    elif kind == "decade":
        d = day.year // 10 * 10
        start, end, value, label = f"{d}-01-01", f"{d + 10}-01-01", str(d)[:3], f"the {d}s"
    else:
        c = day.year // 100 * 100
        start, end, value, label = f"{c}-01-01", f"{c + 100}-01-01", str(c)[:2], f"the {c // 100 + 1}th century"
    return {"value": value, "mod": mod, "type": "TIME" if kind == "time" else "DATE", "granularity": kind,
            "start": start, "end": end, "label": label, "scheduled": False, "status": "dated", "relation": "on",
            "why": {"expression": label, "rule": kind, "anchor": "absolute", "reference": None, "direction": None}}


def make_stories(rng: random.Random, n: int) -> list[Story]:
    return [Story(random_date(rng), [person(_zipf(rng, N_PEOPLE)) for _ in range(rng.randint(1, 3))],
                  rng.choice(VERBS), rng.choice(PLACES)) for _ in range(n)]


def event_json(doc_id: str, k: int, title: str, url: str, story: Story | None, rng: random.Random) -> dict:
    """One event of a document, in the JSON extraction writes (Event.to_json())."""
    if story is None:
        story = Story(random_date(rng), [person(_zipf(rng, N_PEOPLE)) for _ in range(rng.randint(1, 3))],
                      rng.choice(VERBS), rng.choice(PLACES))
    status = rng.choices(["dated", "vague", "undated"], [94, 5, 1])[0]
    date = dict(story.date)
    if status == "vague":
        date = {**date, "value": "PAST_REF", "granularity": None, "start": None, "end": None, "label": "in the past",
                "status": "vague", "mod": None}
    elif status == "undated":
        date = {**date, "value": "XXXX-XX-XX", "granularity": None, "start": None, "end": None, "label": "some day",
                "status": "undated", "mod": None}
    lemma, verb = story.verb
    who = story.people
    headline = f"{who[0][0]} {verb} {who[1][0] if len(who) > 1 else 'officials'} in {story.place}"
    sentence = (f"{who[0][0]} {verb} {' and '.join(p for p, _ in who[1:]) or 'local officials'} in {story.place} "
                f"{date['label'] if date['start'] else 'at some point'}, according to people familiar with the matter.")
    start = 200 + 180 * k
    ident = hashlib.sha1(f"{doc_id}:{k}".encode()).hexdigest()[:16]
    return {
        "id": ident, "headline": headline, "trigger": verb, "lemma": lemma, "sentence": sentence,
        "participants": [{"name": name, "label": label} for name, label in who], "date": date, "inferred": False,
        "sources": [{"document_id": doc_id, "title": title, "url": url, "source_name": "Synthetic Wire",
                     "dct": "2022-12-31", "sentence": sentence, "sentence_start": start, "sentence_end": start + len(sentence),
                     "trigger": {"text": verb, "start": start + len(who[0][0]) + 1, "end": start + len(who[0][0]) + 1 + len(verb)},
                     "timex": {"text": date["label"], "start": start + 60, "end": start + 60 + len(date["label"]),
                               "value": date["value"]}}],
    }


def documents(n_events: int, seed: int = 7, events_per_document: int = 5):
    """Yield (path, document JSON, [event JSON]) until ``n_events`` events have been made."""
    rng = random.Random(seed)
    stories = make_stories(rng, max(1000, n_events // 12))
    made = i = 0
    while made < n_events:
        doc_id = f"syn{i:07d}"
        path = f"synthetic/{i // 1000:04d}/story-{i:07d}.md"
        title = f"Synthetic report {i}"
        url = f"https://news.invalid/{i}"
        count = min(n_events - made, rng.randint(1, 2 * events_per_document - 1))
        events = [event_json(doc_id, k, title, url, rng.choice(stories) if rng.random() < 0.25 else None, rng)
                  for k in range(count)]
        document = {"id": doc_id, "title": title, "url": url, "source_name": "Synthetic Wire", "dct": "2022-12-31",
                    "dct_source": "front-matter:published", "dct_time": None, "path": path}
        yield path, document, events
        made += count
        i += 1


def _share(*parts: str) -> int:
    """A number in 0..99 fixed by the text: which of the ways of naming a participant a document takes."""
    return int(hashlib.sha1(":".join(parts).encode()).hexdigest()[:8], 16) % 100


def with_entities(doc_id: str, events: list[dict]) -> list[dict]:
    """The document's entities (``DocumentEntity.to_json()``) made from its events' participants, each
    participant given its entity's key, as extraction gives them: a person by the full name, with the surname
    as a short form in one document in three, or by the surname alone in one in a hundred; an organisation by
    its name, or by its initials alone in one in a hundred. Fixed by the document id and the names, so the
    same documents get the same entities."""
    keys: dict[str, dict] = {}
    for event in events:
        for participant in event["participants"]:
            name, label = participant["name"], participant["label"]
            entity = keys.get(name)
            if entity is None:
                share = _share(doc_id, name)
                words = name.split()
                kind = "person" if label == "PERSON" else "org"
                names, why, own = [name], [], name
                if kind == "person" and share < 1:
                    own = names[0] = words[-1]
                elif kind == "person" and share < 34:
                    names.append(words[-1])
                    why.append([words[-1], "its last words"])
                elif kind == "org" and share < 1:
                    own = names[0] = "".join(w[0] for w in words).upper()
                entity = keys[name] = {"key": f"e{len(keys) + 1}", "name": own, "kind": kind, "names": names,
                                       "why": why, "classes": [], "acronyms": [], "mentions": []}
            participant["entity"] = entity["key"]
            participant["name"] = entity["name"]
    return list(keys.values())
