"""The widget with 5,000 events in headless Chromium: load time and frame rate.

A generated timeline in the API's shape is served by a small local server, paged the way the widget
fetches it (a first page of 100, then pages of 1,000 by cursor) and with CORS; the widget's own files
come from the same server and the page that embeds it from another origin, as on a real site.

Measured, per run:
- first render: navigation start → the first page drawn (the widget's timeline-widget:render event);
- all loaded: → every page fetched, parsed and in the list (timeline-widget:load);
- DOM: elements in the widget's shadow root once loaded (virtualization keeps it small);
- scrolling: frames counted with requestAnimationFrame while the list scrolls from top to bottom
  at a steady speed, and while it jumps to a random place every frame (the worst case: every row new);
- the time axis: frames counted while it pans (a sideways wheel event every frame, zoomed to a
  sixteenth of the range) and while it zooms in and out (a wheel event every frame), the list
  narrowing to the window as it goes;
- keyboard: time from an ArrowDown keydown to the next frame, averaged over 100 steps; and how many
  Tab presses it takes to leave the widget from an event in the list (the host page's next link).

    python benchmarks/bench_widget.py [--events 5000] [--runs 3] [--cpu-slowdown 4] [--json]

Needs Debian's chromium (/usr/bin/chromium) and the Python playwright package; downloads nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from widget_browser import CHROMIUM, RECORDER, in_widget, launch, wait_loaded  # noqa: E402
from widget_servers import embed_page, fake_service, make_timeline, static_site  # noqa: E402

# Scroll the widget for a while inside the page, counting frames; returns fps and frame times.
SCROLL = """async ({mode, seconds, step}) => {
  const root = document.querySelector('[data-timeline-src]').shadowRoot;
  const viewport = root.querySelector('.tl-viewport');
  viewport.scrollTop = 0;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const gaps = [];
  let last = performance.now();
  const start = last;
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  await new Promise((resolve) => {
    function frame(now) {
      gaps.push(now - last);
      last = now;
      const max = viewport.scrollHeight - viewport.clientHeight;
      if (mode === 'jump') viewport.scrollTop = random() * max;
      else viewport.scrollTop = Math.min(max, viewport.scrollTop + step);
      if (now - start >= seconds * 1000 || (mode !== 'jump' && viewport.scrollTop >= max)) resolve();
      else requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  });
  gaps.shift();
  gaps.sort((a, b) => a - b);
  const total = gaps.reduce((a, b) => a + b, 0);
  return {fps: gaps.length / (total / 1000), frames: gaps.length, p95_ms: gaps[Math.floor(gaps.length * 0.95)],
          worst_ms: gaps[gaps.length - 1], rows: root.querySelectorAll('.tl-list > .ev').length};
}"""

# Wheel events on the axis, one per frame: sideways (pan, after zooming in 4 steps) or up and down
# (zoom in for a second, then out). Frames counted as for scrolling.
AXIS = """async ({mode, seconds}) => {
  const root = document.querySelector('[data-timeline-src]').shadowRoot;
  const svg = root.querySelector('.tl-axis-svg');
  const box = svg.getBoundingClientRect();
  const wheel = (dx, dy, x) => svg.dispatchEvent(new WheelEvent('wheel', {deltaX: dx, deltaY: dy, deltaMode: 0,
    clientX: x, clientY: box.top + box.height / 2, bubbles: true, cancelable: true, composed: true}));
  if (mode === 'pan') for (let i = 0; i < 4; i++) wheel(0, -350, box.left + box.width / 2);
  await new Promise(r => setTimeout(r, 300));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const gaps = [];
  let last = performance.now(), n = 0, dir = 1;
  const start = last;
  await new Promise((resolve) => {
    function frame(now) {
      gaps.push(now - last);
      last = now;
      n++;
      if (mode === 'pan') {
        if (n % 90 === 0) dir = -dir;  // back and forth, so it never stops at an end
        wheel(dir * 40, 0, box.left + box.width / 2);
      } else {
        if (n % 60 === 0) dir = -dir;
        wheel(0, dir * -60, box.left + box.width * (0.2 + 0.6 * ((n * 37) % 100) / 100));
      }
      if (now - start >= seconds * 1000) resolve();
      else requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  });
  gaps.shift();
  gaps.sort((a, b) => a - b);
  const total = gaps.reduce((a, b) => a + b, 0);
  return {fps: gaps.length / (total / 1000), frames: gaps.length, p95_ms: gaps[Math.floor(gaps.length * 0.95)],
          worst_ms: gaps[gaps.length - 1], marks: svg.querySelectorAll('path, rect, text, line').length,
          rows: Number(root.querySelector('.tl-list').getAttribute('aria-rowcount'))};
}"""

# ArrowDown on the focused event, timed to the frame after it.
KEYS = """async (steps) => {
  const root = document.querySelector('[data-timeline-src]').shadowRoot;
  root.querySelector('.tl-viewport').scrollTop = 0;
  await new Promise(r => requestAnimationFrame(() => r()));
  root.querySelector('.ev-head').focus();
  const times = [], handler = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    root.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true, composed: true}));
    handler.push(performance.now() - t0);
    await new Promise(r => requestAnimationFrame(() => r()));
    times.push(performance.now() - t0);
  }
  const pos = Number(root.activeElement.closest('.ev').getAttribute('aria-posinset'));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {mean_ms: mean(times), max_ms: Math.max(...times), handler_mean_ms: mean(handler),
          handler_max_ms: Math.max(...handler), reached: pos};
}"""


def one_run(browser, url: str, slowdown: float, events: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if slowdown > 1:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.add_init_script(RECORDER)
    page.goto(url)
    loaded = wait_loaded(page, timeout=120000)
    assert loaded["events"] == events, loaded
    render = page.evaluate("window.__tl.render")
    result = {
        "first_render_ms": round(render["at"], 1),
        "all_loaded_ms": round(loaded["at"], 1),
        "dom_elements": in_widget(page, "return root.querySelectorAll('*').length;"),
        "rows_in_dom": in_widget(page, "return root.querySelectorAll('.tl-list > .ev').length;"),
    }
    result["scroll"] = page.evaluate(SCROLL, {"mode": "steady", "seconds": 4, "step": 60})
    result["jump"] = page.evaluate(SCROLL, {"mode": "jump", "seconds": 3, "step": 0})
    result["axis_pan"] = page.evaluate(AXIS, {"mode": "pan", "seconds": 3})
    result["axis_zoom"] = page.evaluate(AXIS, {"mode": "zoom", "seconds": 3})
    in_widget(page, "root.querySelector('.tl-axis').focus();")
    page.keyboard.press("0")  # the whole timeline again
    result["keys"] = page.evaluate(KEYS, 100)
    # From an event in the list, Tab until the host page's link after the widget has the focus.
    page.locator(".ev-head").first.focus()
    page.keyboard.press("End")
    presses = 0
    while page.evaluate("document.activeElement.id") != "after" and presses < 50:
        page.keyboard.press("Tab")
        presses += 1
    result["tab_presses_to_leave"] = presses
    context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu-slowdown", type=float, default=1.0, help="CPU throttling, e.g. 4 for a mid-range phone")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    timeline = make_timeline(args.events)
    with fake_service(timeline) as api, static_site({"/host.html": embed_page(api.url)}) as site, \
            sync_playwright() as playwright:
        browser = launch(playwright)
        version = browser.version
        runs = [one_run(browser, f"{site.url}/host.html", args.cpu_slowdown, args.events) for _ in range(args.runs)]
        browser.close()
    if args.json:
        print(json.dumps({"chromium": version, "events": args.events, "cpu_slowdown": args.cpu_slowdown, "runs": runs}, indent=2))
        return 0

    def med(get):
        return statistics.median(get(r) for r in runs)

    print(f"widget, {args.events:,} events, headless Chromium {version}, CPU slowdown {args.cpu_slowdown:g}x, "
          f"median of {len(runs)} runs")
    print(f"  first render (first page of 100 drawn)   {med(lambda r: r['first_render_ms']):8.0f} ms after navigation")
    print(f"  all {args.events:,} events loaded               {med(lambda r: r['all_loaded_ms']):8.0f} ms")
    print(f"  elements in the widget's DOM           {med(lambda r: r['dom_elements']):8.0f}   "
          f"({med(lambda r: r['rows_in_dom']):.0f} rows drawn)")
    for key, name in (("scroll", "steady scroll, top to bottom"), ("jump", "random jump every frame"),
                      ("axis_pan", "axis: panning (zoomed in)"), ("axis_zoom", "axis: zooming in and out")):
        print(f"  {name:<33} {med(lambda r: r[key]['fps']):6.1f} fps   p95 frame {med(lambda r: r[key]['p95_ms']):5.1f} ms, "
              f"worst {med(lambda r: r[key]['worst_ms']):5.1f} ms")
    print(f"  ArrowDown: handler (draw + focus)      {med(lambda r: r['keys']['handler_mean_ms']):8.1f} ms mean, "
          f"{med(lambda r: r['keys']['handler_max_ms']):.1f} ms worst; to the next frame "
          f"{med(lambda r: r['keys']['mean_ms']):.1f} ms mean")
    print(f"  Tab presses to leave the widget from an event in the list: {max(r['tab_presses_to_leave'] for r in runs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
