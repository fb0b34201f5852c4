"""The widget's time axis in a real headless Chromium: marks placed in proportion to their dates, the
axis as a keyboard control (slider) that moves and narrows the list, pointer and wheel zoom, inferred
dates, the small-screen layout, and our TimelineJS export rendered by TimelineJS3 itself."""

from __future__ import annotations

import datetime as dt
import html
import json
import urllib.request

import pytest

from widget_browser import (ARTIFACTS, ROOT, count_live_updates, in_widget, live_updates, run_axe, settled, wait_for,
                            wait_loaded)
from widget_fixtures import api, browser, open_page, service  # noqa: F401 (pytest fixtures)
from widget_servers import INFERRED_RULES, embed_page, fake_service, make_timeline, static_site

# these tests read the whole timeline, every event unfolded (the first view that tells the story: test_widget_story.py)
WHOLE = 'data-first-view="whole"'

EPOCH = dt.date(1970, 1, 1).toordinal()
TIMELINEJS = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"


def day_number(iso: str) -> float:
    """Days since 1970-01-01, the axis's unit, computed here independently of the widget's code."""
    day = dt.date.fromisoformat(iso[:10]).toordinal() - EPOCH
    if "T" in iso:
        hours, minutes = iso[11:16].split(":")
        day += (int(hours) * 60 + int(minutes)) / 1440
    return day


def axis_marks(page) -> dict:
    """What the axis draws: single marks and spans by event id with their pixel positions, clusters,
    tick lines, and the window of time shown."""
    return in_widget(page, """
        const svg = root.querySelector('.tl-axis-svg');
        const shown = (n) => n.style.display !== 'none';
        const box = (n) => n.getBoundingClientRect();
        return {
          window: svg.dataset.window.split(' ').map(Number), left: box(svg).left, width: box(svg).width,
          dots: Array.from(svg.querySelectorAll('.ax-mark')).filter(shown).map((n) => ({
            id: n.dataset.id, x: box(n).left + box(n).width / 2, cls: n.getAttribute('class'),
            fill: getComputedStyle(n).fill})),
          spans: Array.from(svg.querySelectorAll('.ax-span')).filter(shown).map((n) => ({
            id: n.dataset.id, x0: box(n).left, x1: box(n).right, cls: n.getAttribute('class')})),
          clusters: Array.from(svg.querySelectorAll('.ax-cluster')).filter(shown).map((n) => ({
            count: Number(n.dataset.count), t0: Number(n.dataset.t0), t1: Number(n.dataset.t1)})),
          ticks: Array.from(svg.querySelectorAll('.ax-tick')).filter(shown).map((n) => ({
            t: Number(n.dataset.t), x: box(n).left + box(n).width / 2})),
          background: getComputedStyle(root.querySelector('.tl')).backgroundColor,
        };
    """)


def check_linear(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Fit x = a + b·t by least squares; every point within 2 px of the line. Returns (a, b)."""
    assert len(points) >= 3, points
    n = len(points)
    mt = sum(t for t, _ in points) / n
    mx = sum(x for _, x in points) / n
    b = sum((t - mt) * (x - mx) for t, x in points) / sum((t - mt) ** 2 for t, _ in points)
    a = mx - b * mt
    worst = max(abs(a + b * t - x) for t, x in points)
    assert b > 0 and worst <= 2, (worst, points)
    return a, b


def positions(marks: dict, events: dict) -> list[tuple[float, float]]:
    """(time, x) for every single mark (the middle of its event's interval) and both ends of every
    span that is not cut off at the edge of the axis."""
    points = []
    for dot in marks["dots"]:
        date = events[dot["id"]]["date"]
        points.append(((day_number(date["start"]) + day_number(date["end"])) / 2, dot["x"]))
    inside = (marks["left"] + 2, marks["left"] + marks["width"] - 2)
    for span in marks["spans"]:
        date = events[span["id"]]["date"]
        if inside[0] < span["x0"] and span["x1"] < inside[1] and span["x1"] - span["x0"] > 4:
            points += [(day_number(date["start"]), span["x0"]), (day_number(date["end"]), span["x1"])]
    return points


def press_on_axis(page, *keys: str) -> None:
    page.locator(".tl-axis").focus()
    for key in keys:
        page.keyboard.press(key)


def slider(page) -> dict:
    return in_widget(page, """
        const s = root.querySelector('[role=slider]');
        const current = root.querySelector('.tl-list > .ev.is-current');
        const view = root.querySelector('.tl-viewport').getBoundingClientRect();
        const box = current && current.getBoundingClientRect();
        return {now: Number(s.getAttribute('aria-valuenow')), max: Number(s.getAttribute('aria-valuemax')),
                text: s.getAttribute('aria-valuetext'), focused: root.activeElement === s,
                current: current && Number(current.getAttribute('aria-rowindex')),
                currentInView: !!box && box.top >= view.top - 1 && box.top < view.bottom,
                rowcount: Number(root.querySelector('.tl-list').getAttribute('aria-rowcount')),
                zoom: root.querySelector('.tl-zoom-status').textContent};
    """)


def overlapping(events: list[dict], window: list[float]) -> list[dict]:
    return [e for e in events if day_number(e["date"]["end"]) > window[0] and day_number(e["date"]["start"]) < window[1]]


def test_marks_and_ticks_sit_in_proportion_to_their_dates(open_page, service, api):
    page = open_page(f"{service.url}/widget?view=whole")
    wait_loaded(page)
    events = {e["id"]: e for e in api["events"]}
    marks = axis_marks(page)
    # Twelve years (2001 to 2013) take twelve times the width of the year 2001.
    spans = {events[s["id"]]["date"]["label"]: s for s in marks["spans"]}
    year = spans["2001"]["x1"] - spans["2001"]["x0"]
    assert 11.5 * year < spans["2013"]["x0"] - spans["2001"]["x0"] < 12.5 * year
    a, b = check_linear(positions(marks, events))
    # The ticks follow the same line: they are dates on the same scale.
    assert all(abs(a + b * tick["t"] - tick["x"]) <= 2 for tick in marks["ticks"]) and len(marks["ticks"]) >= 5
    # Every dated event is drawn once: as a mark, a span, or inside a cluster's count.
    assert len(marks["dots"]) + len(marks["spans"]) + sum(c["count"] for c in marks["clusters"]) == len(events)
    # Zoomed in on September 2022, the days there come apart and stay linear.
    press_on_axis(page, "End", "+", "+", "+", "+", "+", "+")
    zoomed = axis_marks(page)
    assert zoomed["window"][1] - zoomed["window"][0] < (marks["window"][1] - marks["window"][0]) / 30
    _, per_day = check_linear(positions(zoomed, events))
    assert per_day > 30 * b  # the same line, only steeper: days are now pixels apart


def test_axis_marks_stay_linear_with_five_thousand_events(open_page):
    timeline = make_timeline(5000, inferred_every=7)
    events = {e["id"]: e for e in timeline["events"]}
    with fake_service(timeline) as api_server, static_site({"/big.html": embed_page(api_server.url)}) as site:
        page = open_page(f"{site.url}/big.html")
        wait_loaded(page, timeout=30000)
        full = settled(lambda: axis_marks(page), lambda m: sum(c["count"] for c in m["clusters"]) + len(m["dots"])
                       + len(m["spans"]) == 5000)
        # A few hundred elements for 5,000 events: crowded stretches are clusters with counts.
        assert len(full["dots"]) + len(full["spans"]) + len(full["clusters"]) < 400
        assert sum(c["count"] for c in full["clusters"]) + len(full["dots"]) + len(full["spans"]) == 5000
        for step in ("+", "+", "+", "+", "+"):
            press_on_axis(page, step)
            marks = axis_marks(page)
            check_linear(positions(marks, events))
        assert in_widget(page, "return root.querySelectorAll('*').length;") < 2500


def test_axis_keys_move_the_list_and_zoom_narrows_it(open_page, service, api):
    page = open_page(f"{service.url}/widget?view=whole")
    wait_loaded(page)
    events = api["events"]
    count_live_updates(page)
    press_on_axis(page, "ArrowRight")
    state = slider(page)
    assert state["focused"] and state["now"] == 2 and state["max"] == len(events)
    assert state["text"].startswith(f"{events[1]['date']['label']}: {events[1]['headline']} (event 2 of {len(events)}")
    assert state["current"] == 2 and state["currentInView"]
    page.keyboard.press("End")
    assert slider(page)["now"] == len(events) and slider(page)["currentInView"]
    page.keyboard.press("ArrowLeft")
    assert slider(page)["now"] == len(events) - 1
    assert live_updates(page) == []  # the slider's value says where it is: nothing more
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")  # at the first event: said once
    assert live_updates(page) == ["First event."]
    # Page Up goes a tenth of the time shown later: from 2001, past 2002 and before 2013.
    page.keyboard.press("PageUp")
    assert slider(page)["now"] == 2
    # + zooms in around the current event and the list narrows to the events in the window.
    page.keyboard.press("End")
    for _ in range(5):
        page.keyboard.press("+")

        def now():
            state = slider(page)
            return state, overlapping(events, axis_marks(page)["window"])

        state, inside = settled(now, lambda v: v[0]["rowcount"] == len(v[1]) == v[0]["max"])
        assert state["rowcount"] == len(inside) == state["max"]
        assert state["focused"] and events[-1]["headline"] in state["text"] and "zoomed to" in state["text"]
    rows = in_widget(page, "return Array.from(root.querySelectorAll('.tl-list > .ev')).map(n => "
                           "[Number(n.getAttribute('aria-rowindex')), n.querySelector('.ev-title').textContent]);")
    assert rows and all(headline == inside[index - 1]["headline"] for index, headline in rows)
    # each zoom by key says the window it shows and how many events are in it
    said = live_updates(page)
    assert len(said) == 5 and all(s.startswith("Zoomed to ") and " event" in s for s in said), said
    page.keyboard.press("-")
    assert slider(page)["rowcount"] >= len(inside)
    page.keyboard.press("0")  # the whole timeline again
    assert slider(page)["rowcount"] == len(events) and "whole timeline" in slider(page)["zoom"]
    # Enter goes to the current event in the list.
    said = live_updates(page)  # "-" then "0": each said once
    assert len(said) == 2 and said[0].startswith("Zoomed to ") and said[1] == f"Whole timeline: {len(events)} events."
    page.keyboard.press("Enter")
    assert in_widget(page, "return root.activeElement.closest('.ev').getAttribute('aria-rowindex');") == str(len(events))
    # The zoom buttons say what they did, once.
    page.locator(".tl-zoom-button", has_text="+").click()
    assert len(live_updates(page)) == 1
    page.locator(".tl-zoom-button", has_text="All").click()
    assert live_updates(page) == [f"Whole timeline: {len(events)} events."]


def test_clicking_dragging_and_the_wheel_move_the_list(open_page, service, api):
    page = open_page(f"{service.url}/widget?view=whole")
    wait_loaded(page)
    events = api["events"]
    marks = axis_marks(page)
    by_label = {e["date"]["label"]: e for e in events}
    span = next(s for s in marks["spans"] if s["id"] == by_label["2013"]["id"])
    box = page.locator(".tl-axis").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.click((span["x0"] + span["x1"]) / 2, y)  # a click puts the nearest event at the top of the list
    top = in_widget(page, """
        const view = root.querySelector('.tl-viewport').getBoundingClientRect();
        const rows = Array.from(root.querySelectorAll('.tl-list > .ev')).filter(r => r.getBoundingClientRect().bottom > view.top + 2);
        return rows[0].querySelector('.ev-title').textContent;""")
    assert top == by_label["2013"]["headline"] and slider(page)["current"] == events.index(by_label["2013"]) + 1
    # The wheel over the axis zooms in around the pointer; the list narrows to the window.
    x = marks["left"] + marks["width"] * 0.97
    page.mouse.move(x, y)
    for _ in range(6):
        page.mouse.wheel(0, -240)
        page.wait_for_timeout(30)
    window = wait_for(page, f"""() => {{
        const w = document.querySelector('[data-timeline-src]').shadowRoot.querySelector('.tl-axis-svg').dataset.window.split(' ').map(Number);
        return w[1] - w[0] < {(marks["window"][1] - marks["window"][0]) / 3} && w; }}""")
    wait_for(page, f"() => {SHADOW_ROWCOUNT} === {len(overlapping(events, window))}")
    # Dragging a zoomed axis slides the window along (grab and move) and the list follows.
    page.mouse.move(x - 300, y)
    page.mouse.down()
    page.mouse.move(x - 100, y, steps=8)
    page.mouse.up()
    moved = axis_marks(page)["window"]
    assert moved[0] < window[0] and abs((moved[1] - moved[0]) - (window[1] - window[0])) < 1e-6
    wait_for(page, f"() => {SHADOW_ROWCOUNT} === {len(overlapping(events, moved))}")


SHADOW_ROWCOUNT = ("Number(document.querySelector('[data-timeline-src]').shadowRoot.querySelector('.tl-list')"
                   ".getAttribute('aria-rowcount'))")


def test_inferred_dates_are_hollow_on_the_axis_and_say_why_in_the_list(open_page):
    timeline = make_timeline(300, inferred_every=3)
    events = {e["id"]: e for e in timeline["events"]}
    # the API's words for each rule; a rule without words reads as its name
    words = {rule: text or "taken from the article's context (a rule not known yet)"
             for rule, text in INFERRED_RULES.items()}
    with fake_service(timeline) as api_server, static_site({"/h.html": embed_page(api_server.url)}) as site:
        page = open_page(f"{site.url}/h.html")
        wait_loaded(page)
        press_on_axis(page, "+", "+", "+", "+", "+", "+")
        marks = axis_marks(page)
        assert marks["dots"]
        for dot in marks["dots"]:
            hollow = "is-inferred" in dot["cls"]
            assert hollow == events[dot["id"]]["inferred"]
            assert (dot["fill"] == marks["background"]) == hollow  # hollow: filled with the background
        assert any("is-inferred" in d["cls"] for d in marks["dots"])
        rows = in_widget(page, """return Array.from(root.querySelectorAll('.tl-list > .ev')).map((li) => ({
            headline: li.querySelector('.ev-title').textContent, badge: !!li.querySelector('.ev-badge-inferred'),
            why: (li.querySelector('.ev-why') || {}).textContent || null,
            name: li.querySelector('.ev-head').getAttribute('aria-label'),
            described: (li.querySelector('.ev-head').getAttribute('aria-describedby') || '')}));""")
        by_headline = {e["headline"]: e for e in timeline["events"]}
        assert any(r["badge"] for r in rows)
        for row in rows:
            event = by_headline[row["headline"]]
            assert row["badge"] == event["inferred"]
            if event["inferred"]:
                assert row["why"] == f"Date inferred: {words[event['date']['why']['rule']]}."
                assert row["name"].startswith(f"{event['date']['label']} (date inferred)")
                assert row["described"].split()[0].endswith("-why")
            else:
                assert row["why"] is None
        assert run_axe(page, "document.querySelector('#tl')") == []


def test_only_stated_dates_hides_the_inferred_ones_and_brings_them_back(open_page):
    timeline = make_timeline(300, inferred_every=3)
    stated = [e for e in timeline["events"] if not e["inferred"]]
    with fake_service(timeline) as api_server, static_site({"/s.html": embed_page(api_server.url)}) as site:
        page = open_page(f"{site.url}/s.html")
        wait_loaded(page)
        count = "return root.querySelector('.tl-list').getAttribute('aria-rowcount');"
        assert in_widget(page, count) == str(len(timeline["events"]))
        page.get_by_label("Only dates the articles state").check()
        page.wait_for_function("() => document.querySelector('#tl').shadowRoot.querySelector('.tl-list')"
                               ".getAttribute('aria-rowcount') !== '300'")
        assert in_widget(page, count) == str(len(stated))
        assert in_widget(page, "return root.querySelectorAll('.tl-list .ev-badge-inferred').length;") == 0
        assert not [d for d in axis_marks(page)["dots"] if "is-inferred" in d["cls"]]
        summary = in_widget(page, "return root.querySelector('.tl-summary').textContent;")
        assert summary.startswith(f"{len(stated)} of 300 events have a date the articles state")
        assert run_axe(page, "document.querySelector('#tl')") == []
        page.get_by_label("Only dates the articles state").uncheck()
        page.wait_for_function("() => document.querySelector('#tl').shadowRoot.querySelector('.tl-list')"
                               ".getAttribute('aria-rowcount') === '300'")


def test_small_screen_one_line_header_and_four_events(open_page, service, api):
    page = open_page(f"{service.url}/widget?view=whole", width=320, height=640)
    wait_loaded(page)
    layout = in_widget(page, """
        const box = (s) => root.querySelector(s).getBoundingClientRect();
        const view = box('.tl-viewport');
        const rows = Array.from(root.querySelectorAll('.tl-list > .ev')).map(r => r.getBoundingClientRect());
        return {title: box('.tl-title'), filter: box('.tl-filter'), about: box('.tl-info-toggle'), head: box('.tl-head'),
                info: root.querySelector('.tl-info').getClientRects().length,
                whole: rows.filter(r => r.top >= view.top - 1 && r.bottom <= view.bottom + 1).length,
                starting: rows.filter(r => r.top >= view.top - 1 && r.top < view.bottom - 40).length};
    """)
    middles = [b["top"] + b["height"] / 2 for b in (layout["title"], layout["filter"], layout["about"])]
    assert max(middles) - min(middles) < 6 and layout["head"]["height"] < 56  # one line
    assert layout["info"] == 0  # the summary and the key are folded away
    assert layout["starting"] >= 4 and layout["whole"] >= 3
    page.locator(".tl-info-toggle").click()
    assert in_widget(page, "return root.querySelector('.tl-info').getClientRects().length;") > 0
    assert page.locator(".tl-info-toggle").get_attribute("aria-expanded") == "true"
    press_on_axis(page, "End", "+", "+")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-320-zoomed.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert run_axe(page) == []


TIMELINEJS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TimelineJS3</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/tljs/css/timeline.css"></head>
<body><div id="timeline-embed" style="width: 1000px; height: 600px"></div>
<script src="/tljs/js/timeline.js"></script>
<script>
  window.__tljs = {ready: false, errors: []};
  fetch("SERVICE/api/timeline?format=timelinejs").then((r) => r.json()).then((data) => {
    data.title = {text: {headline: "Our timeline"}};
    // script_path: everything (the language, icons) from this server; font: null, no web fonts.
    const timeline = new TL.Timeline("timeline-embed", data,
      {script_path: location.origin + "/tljs/js/", font: null, language: "en", ga_measurement_id: null});
    timeline.on("ready", () => { window.__tljs.ready = true; });
    window.__tljs.timeline = timeline;
  }).catch((e) => window.__tljs.errors.push(String(e)));
</script></body></html>"""


def test_timelinejs3_renders_every_event_of_our_export(open_page, service):
    if not (TIMELINEJS / "js" / "timeline.js").exists():
        pytest.fail(f"{TIMELINEJS} is missing: run `npm ci` in the repository root")
    with urllib.request.urlopen(f"{service.url}/api/timeline?format=timelinejs") as response:
        export = json.load(response)
    page_html = TIMELINEJS_PAGE.replace("SERVICE", service.url)
    with static_site({"/tljs.html": page_html}, files={"/tljs/": TIMELINEJS}) as site:
        page = open_page("about:blank")
        requests, console = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.goto(f"{site.url}/tljs.html")
        wait_for(page, "() => window.__tljs.ready || window.__tljs.errors.length", timeout=15000)
        assert page.evaluate("window.__tljs.errors") == []
        page.wait_for_timeout(500)
        markers = page.evaluate("Array.from(document.querySelectorAll('.tl-timemarker .tl-headline')).map(n => n.textContent)")
        # The export's text is HTML (escaped by us); TimelineJS shows it as text.
        assert sorted(markers) == sorted(html.unescape(e["text"]["headline"]) for e in export["events"])
        slides = page.evaluate("document.querySelectorAll('.tl-slide').length")
        assert slides == len(export["events"]) + 1  # and the title slide
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "timelinejs3-our-export.png"))
    assert console == [] and page.errors == []
    assert requests and all(url.startswith("http://127.0.0.1:") for url in requests), requests


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_embedded_at_320_px_axe_finds_nothing(open_page, service, scheme):
    with static_site({"/narrow.html": embed_page(service.url, attrs=WHOLE)}) as site:
        page = open_page(f"{site.url}/narrow.html", width=320, height=640, scheme=scheme)
        wait_loaded(page)
        page.locator(".tl-info-toggle").click()  # the folded summary and key are checked too
        press_on_axis(page, "+")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert run_axe(page, "document.querySelector('#tl')") == []
