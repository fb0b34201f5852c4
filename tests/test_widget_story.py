"""The widget a newsroom publishes, in headless Chromium over the seeds served by waitress: a first view that
tells the story (the dense stretch of time, no cluster hiding events the window can draw apart, the day's
chatter folded with the full list one control away), the compact reads (sources fetched when a row opens),
the reader's language and direction, the host's colour scheme, a link to an event and a window, the host
page's JavaScript API, the printed page, and a host whose CSP keeps the stylesheet out."""

from __future__ import annotations

import json
import urllib.request

import pytest

from widget_browser import ARTIFACTS, in_widget, run_axe, settled, wait_for, wait_loaded
from widget_fixtures import browser, open_page, service  # noqa: F401 (pytest fixtures)
from widget_servers import embed_page, static_site

EPOCH_2022_08 = 19205  # day numbers (days since 1970-01-01) of 1 August 2022 and 1 November 2022
EPOCH_2022_11 = 19297


def _json(url: str):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def compact(service):
    return _json(f"{service.url}/api/timeline/compact?limit=1000")


def _csp(service_url: str, style: str) -> str:
    return (f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src {service_url}; '
            f'connect-src {service_url}; img-src {service_url}; style-src {style}">')


@pytest.fixture(scope="module")
def host_site(service):
    u = service.url
    pages = {
        "/story.html": embed_page(u),
        "/windowed.html": embed_page(u, attrs='data-whole-up-to="20"'),
        "/fr.html": embed_page(u, lang="fr"),
        "/ar.html": embed_page(u, attrs='data-locale="ar"'),
        "/dark-host.html": embed_page(u, attrs='data-theme="auto"', head="<style>:root { color-scheme: dark; }</style>"),
        "/light-host.html": embed_page(u, attrs='data-theme="auto"', head="<style>:root { color-scheme: light; }</style>"),
        "/strict.html": embed_page(u, head=_csp(u, "'unsafe-inline'")),
        "/strict-readme.html": embed_page(u, head=_csp(u, f"'unsafe-inline' {u}")),
    }
    with static_site(pages) as site:
        yield site


def _axis(page) -> dict:
    return in_widget(page, """
        const svg = root.querySelector('.tl-axis-svg');
        const [w0, w1] = svg.dataset.window.split(' ').map(Number);
        const width = svg.getBoundingClientRect().width - 28;
        const clusters = Array.from(svg.querySelectorAll('.ax-cluster')).filter(g => g.style.display !== 'none')
            .map(g => ({t0: Number(g.dataset.t0), t1: Number(g.dataset.t1), n: Number(g.dataset.count)}));
        return {w0, w1, k: width / (w1 - w0), clusters};""")


def _rows(page) -> int:
    return int(in_widget(page, "return root.querySelector('.tl-list').getAttribute('aria-rowcount');"))


def test_the_first_view_tells_the_story_and_the_full_list_is_one_control_away(open_page, service, compact):
    requests = []
    page = open_page(f"{service.url}/widget", on_request=requests.append)
    wait_loaded(page)
    events = compact["events"]
    chatter = [e for e in events if e.get("chatter")]
    assert 0 < len(chatter) < len(events)
    # it opens on the dense stretch (September 2022, where 54 of the 64 dated events are), not on 2001-2022
    axis = settled(lambda: _axis(page), lambda a: a["w0"] >= EPOCH_2022_08)
    assert EPOCH_2022_08 <= axis["w0"] and axis["w1"] <= EPOCH_2022_11
    # no cluster holds events a mark's width apart or more: those the window can draw apart are drawn apart
    for cluster in axis["clusters"]:
        assert (cluster["t1"] - cluster["t0"]) * axis["k"] <= 12.5, cluster
    # the story first: the day's chatter folded (and said under the day's last story event)
    in_window = [e for e in events if e["date"]["end"] > "2022-08-31" and e["date"]["start"] < "2022-10-02"]
    story = [e for e in in_window if not e.get("chatter")]
    assert settled(lambda: _rows(page), lambda n: n == len(story)) == len(story)
    # the day's chatter is said under that day's last story event
    days = {e["date"]["start"][:10] for e in chatter}
    last = [e for e in story if e["date"]["start"][:10] in days and e["date"]["granularity"] in ("day", "time")]
    assert last
    page.evaluate("(id) => document.querySelector('[data-timeline-src]').timeline.select(id)", last[-1]["id"])
    note = settled(lambda: in_widget(page, "const n = root.querySelector('.ev.is-current .ev-folded'); return n && n.textContent;"), bool)
    assert note and note.startswith("and ") and "that day" in note
    assert run_axe(page) == []  # the first view, alone, light, 1280 px (embedded, dark, 320 px, fr, ar: below)
    fold = page.locator(".tl-fold")
    assert fold.get_attribute("aria-pressed") == "false" and f"{len(events)}" in fold.inner_text()
    fold.click()
    assert settled(lambda: _rows(page), lambda n: n == len(in_window)) == len(in_window)
    page.locator(".tl-zoom-button", has_text="All").click()
    assert settled(lambda: _rows(page), lambda n: n == len(events)) == len(events)  # every event reachable
    # read in the compact form: never the full pages
    assert any("/api/timeline/compact" in r for r in requests)
    assert not any("/api/timeline?" in r for r in requests)
    assert page.errors == []


def test_an_opened_row_fetches_its_sources(open_page, service, compact):
    requests = []
    page = open_page(f"{service.url}/widget?view=whole", on_request=requests.append)
    wait_loaded(page)
    event = next(e for e in compact["events"] if e["sources"] == 2)
    full = _json(f"{service.url}/api/events/{event['id']}")
    page.locator(".ev-head", has_text=event["headline"]).click()
    item = page.locator(".ev.is-open")
    wait_for(page, "() => true")
    sentences = settled(lambda: item.locator(".ev-quote").all_inner_texts(), lambda q: len(q) == 2)
    assert sorted(sentences) == sorted(s["sentence"] for s in full["sources"])
    assert any(r.endswith(f"/api/events/{event['id']}") for r in requests)


@pytest.mark.parametrize("path, lang, dir_, skip, day", [
    ("/fr.html", "fr", "ltr", "Passer la chronologie", "mercredi 14 septembre 2022"),
    ("/ar.html", "ar", "rtl", "تخطَّ الخط الزمني", None),
])
def test_the_readers_language_and_direction(open_page, host_site, path, lang, dir_, skip, day):
    page = open_page(f"{host_site.url}{path}", width=320, height=640, scheme="dark" if dir_ == "rtl" else "light")
    wait_loaded(page)
    root = in_widget(page, "const tl = root.querySelector('.tl'); return {lang: tl.lang, dir: tl.dir, "
                           "skip: root.querySelector('.tl-skip').textContent, "
                           "dates: Array.from(root.querySelectorAll('.tl-list .ev-date')).map(d => d.textContent)};")
    assert root["lang"] == lang and root["dir"] == dir_ and root["skip"] == skip
    if day:
        page.evaluate("() => document.querySelector('#tl').timeline.fold(false)")
        dates = settled(lambda: in_widget(page, "return Array.from(root.querySelectorAll('.tl-list .ev-date')).map(d => d.textContent);"),
                        lambda d: day in d)
        assert day in dates
    assert run_axe(page, "document.querySelector('#tl')") == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-{lang}-320.png"))


@pytest.mark.parametrize("path, scheme, theme, background", [
    ("/dark-host.html", "light", "dark", "rgb(21, 23, 26)"),
    ("/light-host.html", "dark", "light", "rgb(255, 255, 255)"),
])
def test_theme_auto_follows_the_hosts_color_scheme(open_page, host_site, path, scheme, theme, background):
    page = open_page(f"{host_site.url}{path}", scheme=scheme)
    wait_loaded(page)
    got = in_widget(page, "const tl = root.querySelector('.tl'); return [tl.dataset.theme, getComputedStyle(tl).backgroundColor];")
    assert got == [theme, background]
    assert run_axe(page, "document.querySelector('#tl')") == []


def test_a_link_keeps_the_event_and_the_window_and_the_host_page_has_an_api(open_page, host_site, compact):
    page = open_page(f"{host_site.url}/story.html")
    wait_loaded(page)
    page.evaluate("""() => { window.__selected = [];
        document.querySelector('#tl').timeline.on('select', (e) => window.__selected.push(e.detail.id)); }""")
    story = [e for e in compact["events"] if not e.get("chatter") and e["date"]["start"] >= "2022-09"]
    target = story[len(story) // 2]
    assert page.evaluate("(id) => document.querySelector('#tl').timeline.select(id)", target["id"]) is True
    assert page.evaluate("() => document.querySelector('#tl').timeline.current.id") == target["id"]
    assert page.evaluate("() => window.__selected") == [target["id"]]
    page.evaluate("() => document.querySelector('#tl').timeline.setWindow('2022-09-10', '2022-09-20')")
    link = page.evaluate("() => location.href")
    assert f"tl-event={target['id']}" in link and "tl-window=2022-09-10~2022-09-20" in link
    status = in_widget(page, "return root.querySelector('.tl-zoom-status').textContent;")
    again = open_page(link)
    wait_loaded(again)
    current = settled(lambda: again.evaluate("() => (document.querySelector('#tl').timeline.current || {}).id"),
                      lambda c: c == target["id"])
    assert current == target["id"]
    assert in_widget(again, "return root.querySelector('.tl-zoom-status').textContent;") == status


def test_printed_every_event_of_the_filter_is_on_paper_in_order(open_page, service, compact):
    page = open_page(f"{service.url}/widget")
    wait_loaded(page)
    page.emulate_media(media="print")
    items = settled(lambda: in_widget(page, """return Array.from(root.querySelectorAll('.tl-print-event')).map(li => ({
        date: li.querySelector('.tl-print-date').textContent, headline: li.querySelector('.tl-print-headline').textContent,
        sources: li.querySelectorAll('.tl-print-sources li').length, bottom: li.getBoundingClientRect().bottom}));"""),
                    lambda xs: len(xs) > 0)
    everything = compact["events"] + compact["vague"] + compact["undated"]
    assert len(items) == compact["total"] + compact["vague_total"] + compact["undated_total"]
    assert [i["headline"] for i in items][: len(everything)] == [e["headline"] for e in everything]
    assert all(i["date"] and i["sources"] >= 1 for i in items)
    # nothing scrolls or is cut on paper: the widget is as tall as its events, the screen parts are gone
    assert in_widget(page, "return getComputedStyle(root.querySelector('.tl-viewport')).display;") == "none"
    assert items[-1]["bottom"] > 5000
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 10


def test_a_strict_csp_host_gets_a_readable_bounded_widget_and_the_readmes_csp_the_styled_one(open_page, host_site):
    bare = open_page(f"{host_site.url}/strict.html")
    wait_loaded(bare)
    box = bare.evaluate("() => document.querySelector('#tl').getBoundingClientRect().height")
    assert box <= 602  # data-height="600px", not 19,500 px of unstyled rows
    rows = in_widget(bare, """return Array.from(root.querySelectorAll('.tl-list > .ev')).map(li => {
        const r = li.getBoundingClientRect(); return [r.top, r.bottom]; }).sort((a, b) => a[0] - b[0]);""")
    assert len(rows) > 3 and all(a[1] <= b[0] + 1 for a, b in zip(rows, rows[1:]))  # rows do not overlap
    assert in_widget(bare, "return getComputedStyle(root.querySelector('.ev-title')).fontSize;") != "0px"
    styled = open_page(f"{host_site.url}/strict-readme.html")
    wait_loaded(styled)
    assert in_widget(styled, "return getComputedStyle(root.querySelector('.tl-head')).borderBottomStyle;") == "solid"
    assert in_widget(bare, "return getComputedStyle(root.querySelector('.tl-head')).borderBottomStyle;") == "none"


def test_an_events_picture_is_lazy_with_its_words_and_credit_and_never_blocks_the_list(open_page, service, compact):
    with_media = [e for e in compact["events"] if e.get("media")]
    assert with_media and with_media[0]["media"]["alt"] == "Council members <b>voting</b> on the budget"
    page = open_page(f"{service.url}/widget?view=whole")
    wait_loaded(page)
    assert page.evaluate("(id) => document.querySelector('[data-timeline-src]').timeline.select(id)", with_media[0]["id"])
    picture = settled(lambda: in_widget(page, """const img = root.querySelector('.ev.is-current .ev-img');
        return img && {loading: img.loading, alt: img.alt, src: img.src, width: img.width, height: img.height,
                       credit: img.closest('figure').querySelector('figcaption').textContent};"""), bool)
    assert picture == {"loading": "lazy", "alt": "Council members <b>voting</b> on the budget",
                       "src": "https://images.invalid/council.jpg", "width": 96, "height": 72,
                       "credit": "Photo: City photo desk"}
    assert in_widget(page, "return root.querySelectorAll('.tl-list > .ev').length;") > 3
    assert page.errors == []


def test_a_timeline_too_large_to_read_whole_is_read_a_window_at_a_time(open_page, host_site, service):
    """The seeds read as a large timeline is (data-whole-up-to below their size): the axis from the counts, the
    rows of the window from the server, read again when the window changes, the filter asked of the server."""
    requests = []
    page = open_page(f"{host_site.url}/windowed.html", on_request=requests.append)
    wait_loaded(page)
    windows = [r for r in requests if "/api/timeline/compact" in r and "from=" in r]
    assert windows, requests
    start, end = windows[0].split("from=")[1][:10], windows[0].split("to=")[1][:10]
    window = _json(f"{service.url}/api/timeline/compact?from={start}&to={end}&limit=1000")
    story = [e for e in window["events"] if not e.get("chatter")]
    assert settled(lambda: _rows(page), lambda n: n == len(story)) == len(story)
    # the whole timeline: read again (every dated event, the story of it shown)
    page.locator(".tl-zoom-button", has_text="All").click()
    everything = _json(f"{service.url}/api/timeline/compact?limit=1000")["events"]
    whole = [e for e in everything if not e.get("chatter")]
    assert settled(lambda: _rows(page), lambda n: n == len(whole), 15) == len(whole)
    reads = [r for r in requests if "/api/timeline/compact" in r and "from=" in r]
    assert len(reads) > len(windows) and reads[-1].split("from=")[1][:4] <= "2001"  # the new window, from 2001
    # the filter is the server's q
    page.fill("#tl-filter", "Xi")
    asked = _json(f"{service.url}/api/timeline/compact?q=Xi&limit=1000")["events"]
    matching = [e for e in asked if not e.get("chatter")]
    assert settled(lambda: _rows(page), lambda n: n == len(matching), 15) == len(matching)
    assert any("q=Xi" in r for r in requests)
    assert page.errors == []
