"""The widget in a real headless Chromium: the seeds (plus a hostile article) served by waitress on a
free port, the page itself and an embed on another origin, the keyboard, escaping, axe-core, and a
5,000-event timeline from a fake API. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from widget_browser import (ARTIFACTS, count_live_updates, document_key_listeners, focused, in_widget, live_updates,
                            rendered_rows, run_axe, settled, SHADOW, tab_stops, wait_for, wait_live, wait_loaded)
from widget_feed import SCRIPT
from widget_fixtures import api, browser, open_page, service  # noqa: F401 (pytest fixtures)
from widget_servers import embed_page, fake_service, make_timeline, static_site

# these tests read the whole timeline, every event unfolded (the first view that tells the story: test_widget_story.py)
WHOLE = 'data-first-view="whole"'


IFRAME_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framed</title></head>
<body><main><h1>A site that frames the page</h1>
<iframe title="Timeline" src="{service}/widget?entity=Putin&theme=dark&view=whole" width="360" height="600"></iframe>
</main></body></html>"""


@pytest.fixture(scope="module")
def host_site(service):
    pages = {"/embed.html": embed_page(service.url, attrs=WHOLE),
             "/embed-filtered.html": embed_page(service.url, "?entity=Xi&from=2022-09", attrs=WHOLE),
             "/embed-bad.html": embed_page(service.url, "?from=yesterday", attrs=WHOLE),
             "/embed-rtl.html": embed_page(service.url, extra="<style>body { direction: rtl; }</style>", attrs=WHOLE),
             "/iframe.html": IFRAME_PAGE.format(service=service.url)}
    with static_site(pages) as site:
        yield site


def test_page_shows_events_in_date_order_with_honest_dates(open_page, service, api):
    page = open_page(f"{service.url}/widget?view=whole")
    loaded = wait_loaded(page)
    events = api["events"]
    assert loaded["events"] == len(events) == api["total"]
    rows = settled(lambda: rendered_rows(page), lambda rows: any(r["label"] == "Thursday 15 September 2022" for r in rows))
    assert len(rows) >= 8
    assert [r["pos"] for r in rows] == list(range(1, len(rows) + 1))  # the DOM is in date order
    assert all(r["size"] == len(events) for r in rows)
    assert [r["headline"] for r in rows] == [e["headline"] for e in events[: len(rows)]]
    starts = [e["date"]["start"] for e in events]
    assert starts == sorted(starts)
    by_label = {r["label"]: r for r in rows}
    # A year is the year, a month the month (a span, not the 1st), early February keeps its label.
    assert by_label["2001"]["span"] and by_label["2001"]["datetime"] == "2001"
    assert by_label["August 2022"]["span"] and by_label["August 2022"]["datetime"] == "2022-08"
    assert by_label["early February 2022"]["span"]
    assert not by_label["Thursday 15 September 2022"]["span"]
    assert by_label["Thursday 15 September 2022"]["datetime"] == "2022-09-15"
    for row in rows:
        event = events[row["pos"] - 1]
        assert row["label"] == event["date"]["label"]
        assert row["scheduled"] == event["date"]["scheduled"]
        assert row["participants"] == ", ".join(p["name"] for p in event["participants"])
    # The August 2022 events share one bar that runs down past them all.
    august = [r for r in rows if r["label"] == "August 2022"]
    assert len(august) >= 2
    bars = in_widget(page, "return Array.from(root.querySelectorAll('.tl-bar')).map(b => "
                           "{const r = b.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; });")
    assert any(b["top"] <= august[0]["top"] + 24 and b["bottom"] >= august[-1]["bottom"] - 24 for b in bars)
    # Vague and undated events are listed apart.
    others = in_widget(page, "return Array.from(root.querySelectorAll('.tl-other-list .ev-date')).map(e => e.textContent);")
    # the first of them (a "Show all" button brings the rest when there are many)
    assert others and others == [e["date"]["label"] for e in api["vague"] + api["undated"]][: len(others)]
    assert page.errors == [] and page.dialogs == []


def test_click_opens_an_events_sources_with_title_and_sentence(open_page, service, api):
    page = open_page(f"{service.url}/widget?view=whole")
    wait_loaded(page)
    event = next(e for e in api["events"] if len(e["sources"]) == 2)
    head = page.locator(".ev-head", has_text=event["headline"])
    assert head.get_attribute("aria-expanded") == "false"
    head.click()
    assert head.get_attribute("aria-expanded") == "true"
    wait_live(page, "2 sources shown.")  # rendered (on a loaded machine the list may still be filling at the click)
    sources = page.locator(f"#{head.get_attribute('aria-controls')} > li")
    assert sources.count() == 2
    for item, source in zip(sources.all(), event["sources"]):
        assert item.is_visible()
        assert item.locator("cite").inner_text() == source["title"]
        assert item.locator(".ev-quote").inner_text() == source["sentence"]
    head.click()
    assert head.get_attribute("aria-expanded") == "false" and not sources.first.is_visible()


def test_keyboard_reaches_every_event_and_enter_opens_sources(open_page, service, api):
    page = open_page(f"{service.url}/widget?view=whole")
    wait_loaded(page)
    headlines = [e["headline"] for e in api["events"]]
    for _ in range(12):  # Tab from the top of the page: skip link, filter, jump link, axis, zoom, then the list
        page.keyboard.press("Tab")
        if (focused(page) or {}).get("pos"):
            break
    assert focused(page)["pos"] == 1 and "ev-head" in focused(page)["cls"]
    outline = in_widget(page, "const s = getComputedStyle(root.activeElement); return [s.outlineStyle, s.outlineWidth];")
    assert outline == ["solid", "3px"]  # the focus is visible
    # One Tab stop for the whole list (roving tabindex): only the current event's button.
    stops = "return Array.from(root.querySelectorAll('.tl-list .ev-head')).filter(b => b.tabIndex === 0).length;"
    assert in_widget(page, stops) == 1
    count_live_updates(page)
    seen = [focused(page)]
    for _ in headlines[1:]:  # arrows walk every event in order
        page.keyboard.press("ArrowDown")
        seen.append(focused(page))
    assert [f["headline"] for f in seen] == headlines
    # The date comes first in each event's name, with no stray space before the comma.
    for f, event in zip(seen, api["events"]):
        inferred = " (date inferred)" if event["inferred"] else ""
        assert f["name"] == f"{event['date']['label']}{inferred}{', scheduled' if event['date']['scheduled'] else ''}: " \
                           f"{event['headline']}, {len(event['sources'])} source{'s' if len(event['sources']) != 1 else ''}"
        assert f["tabindex"] == 0
    assert in_widget(page, stops) == 1
    assert live_updates(page) == []  # each move is announced once: by the focus, not the live region too
    page.keyboard.press("ArrowDown")  # past the end: stays, and says so once
    assert focused(page)["pos"] == len(headlines)
    assert live_updates(page) == ["Last event."]
    page.keyboard.press("Home")
    assert focused(page)["pos"] == 1
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert focused(page)["pos"] == 2
    page.keyboard.press("Control+End")
    assert focused(page)["pos"] == len(headlines)
    page.keyboard.press("Control+Home")
    page.keyboard.press("ArrowDown")
    assert live_updates(page) == []
    page.keyboard.press("Enter")  # opens the sources
    assert focused(page)["expanded"] == "true"
    # the sources come with the event (GET /api/events/<id>) when the row opens: wait for them
    quote = wait_for(page, f"() => {{ const q = {SHADOW}.activeElement.closest('.ev').querySelector('.ev-quote'); "
                           "return q && q.textContent; }")
    assert quote == api["events"][1]["sources"][0]["sentence"]
    has_link = bool(api["events"][1]["sources"][0].get("url"))
    if has_link:  # Tab goes into the open event's source link
        page.keyboard.press("Tab")
        assert in_widget(page, "return root.activeElement.tagName;") == "A"
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Escape")
    assert focused(page)["expanded"] == "false" and focused(page)["pos"] == 2
    # Leaving: Tab goes to the events not placed on the timeline (their own single Tab stop), then out.
    presses = 0
    while in_widget(page, "return root.activeElement !== null;") and presses < 10:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 3
    page.keyboard.press("Shift+Tab")
    if in_widget(page, "return !!root.activeElement && root.activeElement.classList.contains('tl-more');"):
        page.keyboard.press("Shift+Tab")  # many events not placed: their "Show all" button is the last stop
    assert focused(page)["grid"] == "tl-other-list"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["pos"] == 2  # back on the event the list was left on
    page.keyboard.press("End")
    assert focused(page)["headline"] == headlines[-1]


def test_skip_link_jumps_past_the_timeline(open_page, host_site):
    page = open_page(f"{host_site.url}/embed.html")
    wait_loaded(page)
    page.locator("#host-input").focus()
    page.keyboard.press("Tab")
    skip = in_widget(page, "const a = root.activeElement; const r = a.getBoundingClientRect(); "
                           "return {text: a.textContent, visible: r.width > 1 && r.top >= 0};")
    assert skip == {"text": "Skip past the timeline", "visible": True}
    page.keyboard.press("Enter")
    assert in_widget(page, "return root.activeElement.id;") == "tl-end"
    page.keyboard.press("Tab")
    assert in_widget(page, "const a = root.activeElement; return a && (a.className || a.tagName);") is None
    assert page.evaluate("document.activeElement.id") == "after"  # the host's next link


def test_embed_on_another_origin_is_isolated_and_sends_no_credentials(browser, open_page, service, host_site, api):
    requests = []
    context_page = open_page("about:blank")
    context_page.context.add_cookies([{"name": "session", "value": "secret", "domain": "127.0.0.1", "path": "/"}])
    # the handler only keeps the request: reading its headers there (a call back into the browser from
    # inside an event) could fail unseen and leave the list empty
    context_page.on("request", lambda r: requests.append(r) if r.url.startswith(service.url) else None)
    page = context_page
    page.goto(f"{host_site.url}/embed.html")
    loaded = wait_loaded(page)
    assert loaded["events"] == api["total"]
    api_requests = [r for r in requests if "/api/" in r.url]
    assert api_requests and all("cookie" not in r.all_headers() for r in api_requests)  # credentials: "omit"
    # The stylesheet is fetched in CORS mode without credentials too (crossorigin="anonymous"): the
    # host is the same site (127.0.0.1, another port), so a plain <link> would send the cookie.
    css = [r for r in requests if r.url.endswith("/widget.css")]
    assert len(css) == 1 and "cookie" not in css[0].all_headers()
    assert in_widget(page, "return root.querySelector('link').getAttribute('crossorigin');") == "anonymous"
    modules = [r for r in requests if r.url.endswith(".js") and not r.url.endswith("/embed.js")]
    assert modules and all("cookie" not in r.all_headers() for r in modules)
    # Host CSS does not reach in, widget CSS does not leak out.
    inside = in_widget(page, "const s = getComputedStyle(root.querySelector('.ev-title')); return [s.color, s.fontSize, s.letterSpacing];")
    assert inside[0] != "rgb(255, 0, 0)" and inside[1] != "30px" and inside[2] == "normal"
    outside = page.evaluate("getComputedStyle(document.querySelector('main > p:last-child')).color")
    assert outside == "rgb(255, 0, 0)"
    # No key listener on the host's document or window; the host's text field keeps its arrows.
    assert document_key_listeners(page) == []
    field = page.locator("#host-input")
    field.focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "host-input"
    assert page.evaluate("document.activeElement.selectionStart") == 1
    # And the widget's keys work there too.
    page.locator(".ev-head").first.focus()
    page.keyboard.press("ArrowDown")
    assert focused(page)["pos"] == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-embed-cross-origin.png"))
    assert run_axe(page, "document.querySelector('#tl')") == []


def test_a_right_to_left_host_does_not_flip_the_widget(open_page, host_site):
    page = open_page(f"{host_site.url}/embed-rtl.html")
    wait_loaded(page)
    layout = in_widget(page, """
        const tl = root.querySelector('.tl'), li = root.querySelector('.tl-list > .ev');
        const when = li.querySelector('.ev-when').getBoundingClientRect(), main = li.querySelector('.ev-main').getBoundingClientRect();
        const title = li.querySelector('.ev-title');
        return {dir: tl.getAttribute('dir'), direction: getComputedStyle(tl).direction,
                dateFirst: when.left < main.left, titleDir: title.getAttribute('dir'),
                head: getComputedStyle(li.querySelector('.ev-head')).direction};
    """)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"  # the host is right to left
    assert layout == {"dir": "ltr", "direction": "ltr", "dateFirst": True, "titleDir": "auto", "head": "ltr"}
    assert run_axe(page, "document.querySelector('#tl')") == []


def test_embed_passes_its_filters_through(open_page, service, host_site):
    page = open_page(f"{host_site.url}/embed-filtered.html")
    loaded = wait_loaded(page)
    with urllib.request.urlopen(f"{service.url}/api/timeline?entity=Xi&from=2022-09") as response:
        expected = json.load(response)
    with urllib.request.urlopen(f"{service.url}/api/timeline") as response:
        everything = json.load(response)
    assert loaded["events"] == expected["total"] < everything["total"]
    rows = rendered_rows(page)  # the rows in view, in order
    assert rows and [r["headline"] for r in rows] == [e["headline"] for e in expected["events"][: len(rows)]]


def test_embed_says_what_went_wrong(open_page, host_site):
    page = open_page(f"{host_site.url}/embed-bad.html")
    assert wait_for(page, "() => window.__tl && window.__tl.error")["status"] == 400
    summary = in_widget(page, "return root.querySelector('.tl-summary').textContent;")
    assert summary.startswith("The timeline could not be loaded:") and "must be a date" in summary


def test_page_works_framed_by_another_origin(open_page, service, host_site):
    page = open_page(f"{host_site.url}/iframe.html")
    frame = page.frame_locator("iframe")
    heads = frame.locator(".tl-list .ev-head")  # the events on the timeline (not those kept apart)
    heads.first.wait_for()
    with urllib.request.urlopen(f"{service.url}/api/timeline?entity=Putin") as response:
        expected = json.load(response)
    shown = heads.count()  # the rows in view (the list draws only those)
    assert 2 <= shown <= expected["total"]
    assert heads.locator(".ev-title").all_inner_texts() == [e["headline"] for e in expected["events"][:shown]]
    heads.first.focus()
    page.keyboard.press("ArrowDown")
    assert heads.nth(1).evaluate("el => el === el.getRootNode().activeElement")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-iframe-dark.png"))


def test_article_text_shows_as_text_and_runs_nothing(open_page, service, host_site, api):
    hostile = next(e for e in api["events"] if SCRIPT in e["sources"][0]["sentence"])
    assert "<script" in hostile["headline"]
    for url in (f"{service.url}/widget?view=whole", f"{host_site.url}/embed.html"):  # with our CSP, and without one
        page = open_page(url)
        wait_loaded(page)
        page.locator(".tl-filter").fill("council")  # the widget's own filter box
        head = page.locator(".ev-head", has_text=hostile["headline"])
        head.click()
        item = page.locator(f"#{head.get_attribute('aria-controls')} > li")
        assert item.locator(".ev-quote").inner_text() == hostile["sources"][0]["sentence"]
        assert item.locator("cite").inner_text() == hostile["sources"][0]["title"]
        assert item.locator("cite a").count() == 0  # its javascript: URL is not made a link
        assert head.locator(".ev-title").inner_text() == hostile["headline"]
        assert in_widget(page, "return root.querySelectorAll('script, [onerror], [onload]').length;") == 0
        page.wait_for_timeout(200)
        assert page.dialogs == [] and page.errors == []


@pytest.mark.parametrize("width,height", [(1280, 800), (320, 640)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_and_screenshots(open_page, service, api, width, height, scheme):
    page = open_page(f"{service.url}/widget?view=whole", width=width, height=height, scheme=scheme)
    wait_loaded(page)
    event = next(e for e in api["events"] if len(e["sources"]) == 2)
    page.locator(".ev-head", has_text=event["headline"]).click()  # so the sources are checked too
    page.keyboard.press("Home")  # by keyboard, so the screenshot shows the focus ring
    page.mouse.move(0, 0)
    background = in_widget(page, "return getComputedStyle(root.querySelector('.tl')).backgroundColor;")
    assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(21, 23, 26)")
    # Readable at 320 px: nothing wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert in_widget(page, "const v = root.querySelector('.tl-viewport'); return v.scrollWidth <= v.clientWidth;")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-{width}-{scheme}.png"))
    assert run_axe(page) == []
    # axe can only judge the contrast of what is in view: look at the end too (scheduled events, the
    # events not placed on the timeline).
    in_widget(page, "const v = root.querySelector('.tl-viewport'); v.scrollTop = v.scrollHeight;")
    page.wait_for_timeout(100)
    assert run_axe(page) == []


def test_without_javascript_the_server_list_reads(open_page, service, api):
    page = open_page(f"{service.url}/widget?view=whole", width=320, height=640, java_script_enabled=False)
    items = page.locator("ol.events > li")
    assert items.count() == len(api["events"])
    assert items.locator(".headline").all_inner_texts() == [e["headline"] for e in api["events"]]
    from service.widget import NOSCRIPT_PAGE  # the server list's page: as many vague and undated events at most

    assert page.locator("ul.events > li").count() == (min(len(api["vague"]), NOSCRIPT_PAGE)
                                                      + min(len(api["undated"]), NOSCRIPT_PAGE))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-noscript-320.png"))
    # axe needs timers, which do not run with JavaScript off: check the same markup, as a no-script
    # reader gets it (the noscript element unwrapped, the embed script gone), in a scripting page.
    html = re.sub(r"</?noscript>", "", page.content()).replace('<script src="/embed.js"></script>', "")
    checked = open_page("about:blank", width=320, height=640)
    copy = f"{service.url}/noscript-copy"
    checked.route(copy, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    checked.goto(copy)
    assert checked.locator("ol.events > li").count() == len(api["events"])
    assert run_axe(checked) == []


def test_five_thousand_events_stay_few_in_the_dom_and_all_reachable(open_page):
    timeline = make_timeline(5000)
    with fake_service(timeline) as api_server, static_site({"/big.html": embed_page(api_server.url)}) as site:
        page = open_page(f"{site.url}/big.html")
        loaded = wait_loaded(page, timeout=30000)
        assert loaded["events"] == 5000
        rows = rendered_rows(page)
        assert 5 < len(rows) < 120 and rows[0]["size"] == 5000
        assert in_widget(page, "return root.querySelectorAll('*').length;") < 2500
        page.locator(".ev-head").first.focus()
        page.keyboard.press("End")
        last = focused(page)
        assert last["pos"] == 5000 and last["headline"] == timeline["events"][-1]["headline"]
        page.keyboard.press("PageUp")
        page.keyboard.press("ArrowUp")
        position = focused(page)["pos"]
        assert 4900 < position < 5000
        assert focused(page)["headline"] == timeline["events"][position - 1]["headline"]
        # The list is one Tab stop: Tab leaves it for the events not placed (one stop too), then the
        # host page's next link; Shift+Tab comes back to the same event.
        presses = 0
        while page.evaluate("document.activeElement.id") != "after" and presses < 10:
            page.keyboard.press("Tab")
            presses += 1
        assert presses <= 3
        assert tab_stops(page) <= 12
        for _ in range(presses):
            page.keyboard.press("Shift+Tab")
        assert focused(page)["pos"] == position
        rows = rendered_rows(page)
        assert [r["pos"] for r in rows] == sorted(r["pos"] for r in rows)
        assert any(r["span"] for r in rows) and in_widget(page, "return root.querySelectorAll('.tl-bar').length;") > 0
        assert page.errors == []
