"""How the widget loads, in a real headless Chromium: its code as one module, its first requests (the axis's
counts, the first page, the stylesheet) asked for by embed.js while that code travels, each once, and the rows
drawn before the events not placed on the timeline. Speed itself is measured in benchmarks/bench_widget.py."""

from __future__ import annotations

import pytest

from widget_browser import RECORDER, in_widget, wait_for, wait_loaded
from widget_fixtures import browser, service  # noqa: F401 (pytest fixtures)
from widget_servers import embed_page, static_site

# At the widget's render event (the first page drawn): the rows in the list and the events not placed drawn.
AT_RENDER = """
document.addEventListener("timeline-widget:render", (e) => {
  const root = e.target.shadowRoot;
  window.__atRender = {rows: root.querySelectorAll(".tl-list > .ev").length,
                       others: root.querySelectorAll(".tl-other-list > .ev").length};
});
"""

FALLBACK = '<p id="fallback">The timeline is loading.</p>'


@pytest.fixture(scope="module")
def host_site(service):  # noqa: F811 (a fixture)
    page = embed_page(service.url).replace('data-height="600px" ></div>', f'data-height="600px" >{FALLBACK}</div>')
    assert FALLBACK in page
    with static_site({"/embed.html": page}) as site:
        yield site


def _open(browser, url, *, block_bundle=False):  # noqa: F811 (a fixture's value)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sent = []

    def on_sent(event):
        frames = (event.get("initiator", {}).get("stack") or {}).get("callFrames") or []
        sent.append({"url": event["request"]["url"], "by": frames[0]["url"] if frames else None})

    cdp.on("Network.requestWillBeSent", on_sent)
    if block_bundle:
        context.route("**/bundle.js", lambda route: route.abort())
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.add_init_script(RECORDER)
    page.add_init_script(AT_RENDER)
    page.goto(url)
    return context, page, sent


def test_the_code_is_one_module_and_the_first_requests_are_the_embeds_each_asked_once(browser, service, host_site):  # noqa: F811
    context, page, sent = _open(browser, f"{host_site.url}/embed.html")
    try:
        wait_loaded(page)
        ours = [r for r in sent if r["url"].startswith(service.url)]
        paths = [r["url"][len(service.url):] for r in ours]
        # the code: embed.js and one module (no module discovered a level at a time), the stylesheet once
        assert sorted(p for p in paths if p.endswith(".js")) == ["/embed.js", "/static/widget/bundle.js"]
        assert paths.count("/static/widget/widget.css") == 1
        # the axis's counts and the first page: asked for once each, by embed.js, and taken by the widget
        axis = [r for r in ours if r["url"].split("?")[0].endswith("/api/timeline/axis")]
        first = [r for r in ours if r["url"].endswith("/api/timeline/compact?limit=100")]
        assert len(axis) == 1 and len(first) == 1
        assert axis[0]["by"].endswith("/embed.js") and first[0]["by"].endswith("/embed.js")
        # the requests embed.js made go before the module's (while it travels)
        assert paths.index("/api/timeline/axis") < paths.index("/static/widget/bundle.js")
        assert page.evaluate("window.__tl.render.events") > 0
        # the first rows were drawn before the events not placed on the timeline (drawn after the next frame)
        at_render = page.evaluate("window.__atRender")
        assert at_render["rows"] > 0 and at_render["others"] == 0
        assert in_widget(page, "return root.querySelectorAll('.tl-other-list > .ev').length;") > 0
        # the host's own content in the div is shown until the widget is drawn, then not
        assert page.evaluate("document.getElementById('fallback').getClientRects().length") == 0
        assert in_widget(page, "return root.querySelectorAll('slot').length;") == 0
        assert in_widget(page, "return root.adoptedStyleSheets.length;") == 0  # widget.css alone styles it
        assert page.errors == []
    finally:
        context.close()


def test_when_the_code_cannot_load_the_hosts_own_content_stays(browser, host_site):  # noqa: F811
    context, page, _ = _open(browser, f"{host_site.url}/embed.html", block_bundle=True)
    try:
        wait_for(page, "() => document.getElementById('tl').shadowRoot !== null")
        page.wait_for_timeout(300)
        assert page.evaluate("document.getElementById('fallback').getClientRects().length") > 0
        assert page.evaluate("window.__tl.seen") == []
    finally:
        context.close()


def test_english_numbers_are_written_as_intl_writes_them(browser, service):  # noqa: F811
    """The English locales' whole numbers skip Intl.NumberFormat (its first use costs a page 40-80 ms): the
    same text as Intl's, and every other locale (and a fraction) still goes through Intl."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{service.url}/widget")
        found = page.evaluate("""async (base) => {
            const { COMMA_GROUPED, Messages, commaGrouped, resolveLocale } = await import(base + "/static/widget/i18n.js");
            const numbers = [0, 1, 7, -7, 999, 1000, -1000, 12345, 123456, 1234567, -98765432, 2 ** 40, -0];
            const wrong = [];
            for (const tag of COMMA_GROUPED) {
                const intl = new Intl.NumberFormat(tag);
                for (const n of numbers) if (commaGrouped(n) !== intl.format(n)) wrong.push([tag, n, commaGrouped(n), intl.format(n)]);
                const M = new Messages(resolveLocale(tag));
                if (M.num(1234.5) !== intl.format(1234.5)) wrong.push([tag, 1234.5]);
            }
            const others = {};
            for (const tag of ["en-IN", "en-ZA", "fr", "ar"]) others[tag] = new Messages(resolveLocale(tag)).num(1234567) ===
                new Intl.NumberFormat(tag).format(1234567);
            return { wrong, tags: [...COMMA_GROUPED], others };
        }""", service.url)
        assert found["wrong"] == [] and "en" in found["tags"] and "en-US" in found["tags"]
        assert found["others"] == {"en-IN": True, "en-ZA": True, "fr": True, "ar": True}
    finally:
        context.close()
