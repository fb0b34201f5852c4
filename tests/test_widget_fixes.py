"""The widget's bugs a reader and a newsroom developer met (issue: "a timeline a newsroom can publish"), each
shown in headless Chromium over the seeds served by waitress: nothing of the widget outside its own box when
embedded, every event not placed on the timeline reachable however the API pages them, the axis's value and
announcements after a zoom, the host's text decoration kept out, buttons named by what they show."""

from __future__ import annotations

import json
import urllib.request

import pytest

from widget_browser import SHADOW, in_widget, run_axe, settled, wait_live, wait_loaded
from widget_fixtures import browser, open_page, service  # noqa: F401 (pytest fixtures)
from widget_servers import embed_page, static_site

UNDERLINED = "<style>main { text-decoration: underline overline line-through; }</style>"


@pytest.fixture(scope="module")
def host_site(service):
    pages = {"/embed.html": embed_page(service.url),
             "/embed-small-pages.html": embed_page(service.url, "?limit=3"),
             "/embed-underlined.html": embed_page(service.url, extra=UNDERLINED)}
    with static_site(pages) as site:
        yield site


def test_nothing_of_the_widget_lies_outside_its_box_nor_takes_the_hosts_clicks(open_page, host_site):
    page = open_page(f"{host_site.url}/embed.html")
    wait_loaded(page)
    outside = page.evaluate(f"""() => {{
        const host = document.querySelector('#tl').getBoundingClientRect();
        const out = [];
        for (const el of {SHADOW}.querySelectorAll('*')) {{
            const r = el.getBoundingClientRect();
            if (!r.width || !r.height || el.closest('.sr-only')) continue;
            const scroller = el.parentElement && el.parentElement.closest('.tl-viewport');
            if (scroller) continue;  // scrolled content: clipped by the viewport, which is checked itself
            const style = getComputedStyle(el);
            if (style.clipPath === 'inset(50%)' || style.visibility === 'hidden') continue;
            if (r.top < host.top - 1 || r.bottom > host.bottom + 1 || r.left < host.left - 1 || r.right > host.right + 1)
                out.push(el.className || el.tagName);
        }}
        return out;
    }}""")
    assert outside == []
    # the host's heading above the widget is the host's: a click there reaches it
    hit = page.evaluate("""() => { const r = document.querySelector('h1').getBoundingClientRect();
        return document.elementFromPoint(r.left + 20, r.top + r.height / 2).tagName; }""")
    assert hit == "H1"
    # the skip button still shows when Tab reaches it, inside the widget
    page.focus("#host-input")
    page.keyboard.press("Tab")
    box = in_widget(page, "const r = root.querySelector('.tl-skip').getBoundingClientRect(); return [r.top, r.bottom];")
    host = page.evaluate("() => { const r = document.querySelector('#tl').getBoundingClientRect(); return [r.top, r.bottom]; }")
    assert in_widget(page, "return root.activeElement && root.activeElement.className;") == "tl-skip"
    assert host[0] <= box[0] and box[1] <= host[1] and box[1] - box[0] > 10


def test_every_event_not_placed_is_reached_whatever_the_api_pages(open_page, host_site, service):
    with urllib.request.urlopen(f"{service.url}/api/status") as response:
        status = json.load(response)
    others = status["vague"] + status["undated"]
    assert others > 3  # so that pages of 3 leave some behind the cursors
    page = open_page(f"{host_site.url}/embed-small-pages.html")
    wait_loaded(page)
    in_widget(page, "const b = root.querySelector('.tl-more'); if (!b.hidden) b.click();")
    shown = settled(lambda: in_widget(page, "return root.querySelectorAll('.tl-other-list > .ev').length;"),
                    lambda n: n == others)
    assert shown == others
    assert in_widget(page, "return root.querySelector('.tl-jump').textContent;").startswith(f"{others} not placed")


def test_the_axis_says_its_window_after_every_zoom_and_the_keys_announce_it(open_page, service):
    page = open_page(f"{service.url}/widget")
    wait_loaded(page)
    in_widget(page, "root.querySelector('.tl-axis').focus();")
    page.keyboard.press("0")
    for key in ("+", "+", "+", "-", "+"):
        page.keyboard.press(key)
        window = in_widget(page, "return root.querySelector('.tl-zoom-status').textContent;").split(" (")[0]
        text = settled(lambda: in_widget(page, "return root.querySelector('.tl-axis').getAttribute('aria-valuetext');"),
                       lambda t: window in t, 3)  # noqa: B023 - called within this iteration
        assert window in text, (key, window, text)
        live = in_widget(page, "return root.querySelector('[role=status]').textContent;")
        assert window in live, (key, window, live)
    page.keyboard.press("0")
    wait_live(page, in_widget(page, "return root.querySelector('[role=status]').textContent;"))
    assert in_widget(page, "return root.querySelector('[role=status]').textContent;").startswith("Whole timeline")


def _shot(page, selector: str) -> bytes:
    wait_loaded(page)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page.locator(selector).first.screenshot()


def test_the_hosts_text_decoration_stays_out(open_page, host_site):
    plain = _shot(open_page(f"{host_site.url}/embed.html"), ".tl-head")
    underlined = _shot(open_page(f"{host_site.url}/embed-underlined.html"), ".tl-head")
    assert plain == underlined


def test_every_buttons_name_holds_the_text_it_shows(open_page, host_site):
    page = open_page(f"{host_site.url}/embed.html")
    wait_loaded(page)
    violations = run_axe(page, rules=["label-content-name-mismatch"])
    assert violations == []
    names = in_widget(page, "return Array.from(root.querySelectorAll('.tl-zoom button')).map(b => "
                            "[b.textContent.trim(), b.getAttribute('aria-label') || '']);")
    for text, label in names:
        assert not label or text in label, (text, label)
