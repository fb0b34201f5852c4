"""Driving Debian's Chromium with Playwright for the widget tests and benchmark: launch (never a
downloaded browser), reach into the widget's shadow root, inject axe-core from node_modules."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"

# Recorded by the host page: the widget's events, and every dialog (there must be none).
RECORDER = """
window.__tl = {seen: []};
for (const name of ["render", "load", "error"]) {
  document.addEventListener("timeline-widget:" + name, (e) => {
    window.__tl[name] = Object.assign({at: performance.now()}, e.detail);
    window.__tl.seen.push(name);
  });
}
"""


# JavaScript run in the page, relative to the first widget's shadow root.
SHADOW = "document.querySelector('[data-timeline-src]').shadowRoot"


def require_chromium() -> None:
    """Skip when this machine has no Chromium, but never in CI (CI=true), where .ci/run installs it."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def wait_for(page, function: str, timeout: float = 5000, arg=None):
    """Poll `function` until it returns something truthy. (Playwright's wait_for_function evaluates
    its predicate with eval, which the page's CSP rightly forbids; evaluate() calls a function.)"""
    waited = 0.0
    while True:
        value = page.evaluate(function, arg)
        if value:
            return value
        if waited >= timeout:
            raise AssertionError(f"still false after {timeout} ms: {function} (last value {value!r})")
        page.wait_for_timeout(25)
        waited += 25


def wait_loaded(page, timeout: float = 15000) -> dict:
    """The detail of the widget's load event (events, total; at: ms since navigation)."""
    result = wait_for(page, "() => window.__tl && (window.__tl.load || window.__tl.error) && window.__tl", timeout)
    assert "error" not in result, result
    return result["load"]


def wait_live(page, text: str) -> None:
    """Wait until the widget's live region says `text`."""
    wait_for(page, f"(text) => {SHADOW}.querySelector('[role=status]').textContent === text", arg=text)



def in_widget(page, body: str, arg=None):
    """Evaluate `body` (a function body using `root`, the shadow root, and `arg`)."""
    return page.evaluate(f"(arg) => {{ const root = {SHADOW}; {body} }}", arg)


def focused(page) -> dict | None:
    """The focused element inside the widget: its event's position and headline, and what it is."""
    return in_widget(page, """
        const el = root.activeElement;
        if (!el) return null;
        const li = el.closest('.ev');
        return {tag: el.tagName, cls: el.className, pos: li && Number(li.getAttribute('aria-rowindex')),
                headline: li && li.querySelector('.ev-title').textContent,
                name: el.getAttribute('aria-label'), expanded: el.getAttribute('aria-expanded'),
                tabindex: el.tabIndex, grid: li && li.parentElement.className};
    """)


def settled(read, done, seconds: float = 10.0):
    """``read()`` once ``done(value)`` holds, or its last value after ``seconds``: the axis and the list are
    redrawn on the next frames after a load or a key, which a busy machine (the whole suite on 2 cores)
    makes later than the assertion that follows."""
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def rendered_rows(page) -> list[dict]:
    return in_widget(page, """
        const size = Number(root.querySelector('.tl-list').getAttribute('aria-rowcount'));
        return Array.from(root.querySelectorAll('.tl-list > .ev')).map((li) => ({
            pos: Number(li.getAttribute('aria-rowindex')), size,
            headline: li.querySelector('.ev-title').textContent, label: li.querySelector('.ev-date').textContent,
            datetime: li.querySelector('time') && li.querySelector('time').getAttribute('datetime'),
            span: li.classList.contains('ev-span'), scheduled: !!li.querySelector('.ev-badge:not(.ev-badge-inferred)'),
            participants: (li.querySelector('.ev-who') || {}).textContent || '',
            name: li.querySelector('.ev-head').getAttribute('aria-label'),
            inferred: !!li.querySelector('.ev-badge-inferred'),
            why: (li.querySelector('.ev-why') || {}).textContent || '',
            top: li.getBoundingClientRect().top, bottom: li.getBoundingClientRect().bottom}));
    """)


def tab_stops(page) -> int:
    """How many elements inside the widget Tab can reach (tabindex >= 0, not disabled, rendered)."""
    return in_widget(page, """
        return Array.from(root.querySelectorAll('a[href], button, input, [tabindex]')).filter((el) =>
            el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0).length;
    """)


def count_live_updates(page) -> None:
    """Start counting changes to the widget's live region (read them with live_updates)."""
    in_widget(page, """
        const live = root.querySelector('[role=status]');
        window.__live = [];
        if (window.__liveObserver) window.__liveObserver.disconnect();
        window.__liveObserver = new MutationObserver(() => window.__live.push(live.textContent));
        window.__liveObserver.observe(live, {childList: true, characterData: true, subtree: true});
    """)


def live_updates(page) -> list[str]:
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))")
    return page.evaluate("() => window.__live.splice(0)")


def run_axe(page, context: str = "document", rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations (all rules it runs by default, WCAG 2.2 AA and best practices); ``rules``: only
    these, enabled even where axe marks them experimental (label-content-name-mismatch)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in the repository root")
    # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not apply.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    options = {"resultTypes": ["violations"]}
    if rules:
        options.update(runOnly={"type": "rule", "values": rules}, rules={r: {"enabled": True} for r in rules})
    result = page.evaluate(f"async (options) => (await axe.run({context}, options)).violations", options)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result]


def document_key_listeners(page) -> list[str]:
    """Key listeners on the host's document and window (the widget must add none)."""
    cdp = page.context.new_cdp_session(page)
    found = []
    for expression in ("document", "window"):
        handle = cdp.send("Runtime.evaluate", {"expression": expression})["result"]["objectId"]
        listeners = cdp.send("DOMDebugger.getEventListeners", {"objectId": handle})["listeners"]
        found += [f"{expression}:{item['type']}" for item in listeners if item["type"].startswith("key")]
    cdp.detach()
    return found
