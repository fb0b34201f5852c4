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

And the real service (`--service`): the widget as a newsroom embeds it, reading `timeline serve`'s app under
waitress (gzip, the axis counts, the compact pages) over the seeds, a synthetic store of --events events and,
with --million PATH, a synthetic store of a million events (benchmarks/bench_store.py builds one:
`python benchmarks/bench_store.py --backends sqlite` keeps it in /tmp/timeline-bench-store/sqlite-1000000/). Per
store: bytes over the wire (the encoded sizes Chromium received: the embed script, the modules, the stylesheet,
the API's answers; the host page not counted) when the first event is visible and once the widget has read what
it reads; the time to the first event visible (a row drawn in the list, from navigation start); the dated
events the list shows; frames while the axis pans (zoomed in, a sideways wheel event every frame).

    python benchmarks/bench_widget.py [--events 5000] [--runs 3] [--cpu-slowdown 4] [--json]
    python benchmarks/bench_widget.py --service [--events 5000] [--million PATH] [--compare COMMIT] [--runs 3]

Needs Debian's chromium (/usr/bin/chromium) and the Python playwright package; downloads nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from widget_browser import CHROMIUM, RECORDER, in_widget, launch, wait_for, wait_loaded  # noqa: E402
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


# The first frame in which a row of the widget's list is drawn in view (a rAF poll from navigation start).
FIRST_VISIBLE = """
(() => {
  function look() {
    const host = document.querySelector('[data-timeline-src]');
    const root = host && host.shadowRoot;
    const tl = root && root.querySelector('.tl');
    const row = root && root.querySelector('.tl-list > .ev');
    if (tl && !tl.hidden && row && row.getBoundingClientRect().height > 0) {
      window.__firstVisible = performance.now();
      return;
    }
    requestAnimationFrame(look);
  }
  requestAnimationFrame(look);
})();
"""


def service_run(browser, url: str, slowdown: float) -> dict:
    """One load of the embed page against the real service: bytes, first event visible, panning."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if slowdown > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    received: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))

    def widget_bytes() -> int:
        return int(sum(n for rid, n in received.items() if not urls.get(rid, "").endswith(".html")))

    page.add_init_script(RECORDER)
    page.add_init_script(FIRST_VISIBLE)
    page.goto(url)
    first = float(wait_for(page, "() => window.__firstVisible", 60000))
    at_first = widget_bytes()
    loaded = wait_loaded(page, timeout=120000)
    page.wait_for_timeout(300)
    result = {
        "first_event_visible_ms": round(first, 1),
        "bytes_at_first_event": at_first,
        "all_read_ms": round(loaded["at"], 1),
        "bytes_all_read": widget_bytes(),
        "requests": len([u for u in urls.values() if not u.endswith(".html")]),
        "rows": int(in_widget(page, "return Number(root.querySelector('.tl-list').getAttribute('aria-rowcount'));")),
        "total": loaded.get("total"),
    }
    result["axis_pan"] = page.evaluate(AXIS, {"mode": "pan", "seconds": 3})
    context.close()
    return result


MILLION = "synthetic store of --million"


def _synthetic_store(workdir: Path, events: int) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_store  # noqa: E402 (benchmarks/ on the path above)

    database = workdir / f"synthetic-{events}.db"
    if not database.exists():
        print(f"  building a synthetic store of {events:,} events...", file=sys.stderr, flush=True)
        bench_store.build(str(database), events)
    return str(database)


def service_stores(args, workdir: Path) -> list[tuple[str, str, str]]:
    """(name, database, feed directory) of the stores measured."""
    from widget_feed import built_feed

    feed, database = built_feed()
    empty = workdir / "feed"
    empty.mkdir(exist_ok=True)
    stores = [("seeds", str(database), str(feed)),
              (f"synthetic {args.events:,}", _synthetic_store(workdir, args.events), str(empty))]
    if args.million:
        stores.append((MILLION, str(args.million), str(empty)))  # (a smaller store given there says its size below)
    return stores


def _widget_at(commit: str, workdir: Path) -> Path:
    """The widget's files as they were at ``commit`` (git show), in a directory of their own."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    out = workdir / f"widget-{commit}"
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", commit, "service/static/widget/"], cwd=root,
                           capture_output=True, text=True, check=True).stdout.split()
    bundled = False
    for name in names:  # laid out as the service serves them: /embed.js and /static/widget/...
        data = subprocess.run(["git", "show", f"{commit}:{name}"], cwd=root, capture_output=True, check=True).stdout
        target = out / "static" / "widget" / name[len("service/static/widget/"):]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if target.name == "embed.js":
            (out / "embed.js").write_bytes(data)
            if b"bundle.js" in data:  # a widget loaded as one module: put together as the service does
                bundled = True
    if bundled:
        from service.widget_bundle import NAME, build

        (out / "static" / "widget" / NAME).write_text(build(out / "static" / "widget"), encoding="utf-8")
    return out


def main_service(args) -> int:
    import tempfile

    from playwright.sync_api import sync_playwright

    from service.app import create_app
    from widget_servers import WaitressThread

    workdir = Path(tempfile.gettempdir()) / "timeline-bench-widget"
    workdir.mkdir(exist_ok=True)
    figures = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for name, database, feed in service_stores(args, workdir):
            app = create_app({"database": database, "feed_dir": feed, "settle_seconds": 0, "log_level": "WARNING"},
                             schedule=False)
            with WaitressThread(app) as server, static_site({"/host.html": embed_page(server.url)}) as site:
                runs = [service_run(browser, f"{site.url}/host.html", args.cpu_slowdown) for _ in range(args.runs)]
                figures[name] = runs
                if args.compare and name != MILLION:  # the earlier widget reads every page: not at a million
                    old = _widget_at(args.compare, workdir)
                    # the earlier widget's files from another origin, reading this service's /api/timeline
                    page = embed_page(server.url).replace(f'src="{server.url}/embed.js"', 'src="/old/embed.js"')
                    with static_site({"/old.html": page}, {"/old/": old}) as before:
                        figures[f"{name}, widget at {args.compare}"] = [
                            service_run(browser, f"{before.url}/old.html", args.cpu_slowdown) for _ in range(args.runs)]
            app.extensions["timeline"].shutdown()
        browser.close()
    if args.json:
        print(json.dumps({"cpu_slowdown": args.cpu_slowdown, "stores": figures}, indent=2))
        return 0
    print(f"widget on the real service (gzip, axis counts, compact pages), headless Chromium, CPU slowdown "
          f"{args.cpu_slowdown:g}x, median of {args.runs} runs")
    for name, runs in figures.items():
        def med(get):
            return statistics.median(get(r) for r in runs)  # noqa: B023 - called within this iteration
        print(f"  {name}: {runs[0]['total']:,} dated events")
        print(f"    first event visible        {med(lambda r: r['first_event_visible_ms']):8.0f} ms   "
              f"{med(lambda r: r['bytes_at_first_event']) / 1024:8.1f} KB over the wire by then")
        print(f"    all the widget reads       {med(lambda r: r['all_read_ms']):8.0f} ms   "
              f"{med(lambda r: r['bytes_all_read']) / 1024:8.1f} KB in {med(lambda r: r['requests']):.0f} requests "
              f"({med(lambda r: r['rows']):,.0f} rows in the list)")
        print(f"    axis panning (zoomed in)   {med(lambda r: r['axis_pan']['fps']):8.1f} fps  "
              f"p95 frame {med(lambda r: r['axis_pan']['p95_ms']):.1f} ms")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu-slowdown", type=float, default=1.0, help="CPU throttling, e.g. 4 for a mid-range phone")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--service", action="store_true", help="measure the widget on the real service instead")
    parser.add_argument("--million", type=Path, help="with --service: a synthetic store of a million events too")
    parser.add_argument("--compare", metavar="COMMIT", help="with --service: the widget as it was at COMMIT too, "
                        "on the same service and stores, in the same run")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    if args.service:
        return main_service(args)
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
        print(f"  {name:<33} {med(lambda r: r[key]['fps']):6.1f} fps   p95 frame {med(lambda r: r[key]['p95_ms']):5.1f} ms, "  # noqa: B023 - called within this iteration
              f"worst {med(lambda r: r[key]['worst_ms']):5.1f} ms")  # noqa: B023 - called within this iteration
    print(f"  ArrowDown: handler (draw + focus)      {med(lambda r: r['keys']['handler_mean_ms']):8.1f} ms mean, "
          f"{med(lambda r: r['keys']['handler_max_ms']):.1f} ms worst; to the next frame "
          f"{med(lambda r: r['keys']['mean_ms']):.1f} ms mean")
    print(f"  Tab presses to leave the widget from an event in the list: {max(r['tab_presses_to_leave'] for r in runs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
