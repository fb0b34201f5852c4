// The timeline widget: one per host element (<div data-timeline-src="https://HOST/api/timeline?...">),
// each inside its own shadow root so the host page's CSS cannot break it and its CSS cannot leak out.
//
// The root is open, not closed: everything in it is the public timeline, which the host page could
// fetch from the API itself, so closing it would hide nothing and would only lock out the tools that
// read the page for people (accessibility checkers, extensions, tests).
//
// Host attributes: data-timeline-src (the API URL with its filters), data-title, data-heading-level
// (1-5, default 2), data-theme (light | dark | auto: the host page's color-scheme; default: the reader's
// system setting), data-height (any CSS height; or the --tl-height custom property), data-locale (default:
// the page's lang), data-first-view (story, the default: the dense stretch of time, the events that carry
// the story with the day's chatter folded; whole: the whole timeline, every event), data-whole-up-to (a
// timeline of up to this many dated events is read whole, default 5,000; a larger one a window at a time).
// Brand colours, font and
// radius are CSS custom properties set on the host (--tl-accent, --tl-font, ...; see widget.css).
//
// It reports to the host page through bubbling events: timeline-widget:render (first page drawn),
// timeline-widget:load (all read), timeline-widget:error, timeline-widget:select (the current event changed)
// and timeline-widget:window (the window of time changed); and host.timeline is a small API (select an
// event, set the window, show every event or the story, read the current event).
import { Api } from "./api.js";
import { Axis } from "./axis.js";
import { baseSheet } from "./base.js";
import { computeBars } from "./dates.js";
import { cellsRange, countIn, firstWindow, monthCells } from "./firstview.js";
import { dayText, readFragment, writeFragment } from "./fragment.js";
import { Messages } from "./i18n.js";
import { axisAction, keyAction } from "./keys.js";
import { EntityPicker } from "./picker.js";
import { el, eventItem, setActive, setExpanded } from "./render.js";
import { civilFromDays, clampWindow, dayNumber, zoomWindow } from "./scale.js";
import { VirtualList } from "./virtual-list.js";
// Named here too, though only other modules use them, so that a browser loading the modules one by one (not
// as the service's bundle.js) fetches every module in one round after this one instead of a level at a time.
import "./data.js";
import "./messages/en.js";
import "./reasons.js";
import "./ticks.js";

const LANES = 3;
const OTHERS_AT_ONCE = 100;
const MIN_SPAN = 1 / 12; // the closest zoom: two hours across the axis
const NARROW_EVERY = 120; // ms: while a zoom or pan gesture goes on, the list follows this often
const ALL_AT_ONCE = 5000; // a timeline of up to this many dated events is read whole; a larger one a window at a time
const WINDOW_ROWS = 1000; // a window read from the server holds about this many events at first
const WINDOW_PAGE = 200; // the first page of a window (then pages of 1,000 as the list scrolls)
const MORE_WITHIN = 40; // rows from the end of what is loaded: read the window's next page
const mounted = new WeakSet();

// assets: the URL of the widget's files; early: the requests embed.js made for it (api.js: Api); prepared: the
// shadow root and stylesheet embed.js made for it ({shadow, link, styled: a promise of whether it loaded, loaded}).
export function mount(host, { assets, early = null, prepared = null }) {
  if (mounted.has(host) || (host.shadowRoot && !(prepared && prepared.shadow === host.shadowRoot))) return null;
  let src;
  try {
    src = new URL(host.getAttribute("data-timeline-src") || "", document.baseURI).href;
  } catch {
    console.warn("timeline widget: data-timeline-src is not a URL", host);
    return null;
  }
  mounted.add(host);
  const shadow = prepared ? prepared.shadow : host.attachShadow({ mode: "open" });
  const widget = new TimelineWidget(host, shadow, src, assets, early, prepared);
  widget.start();
  return widget;
}

class TimelineWidget {
  constructor(host, shadow, src, assets, early, prepared) {
    this.host = host;
    this.api = new Api(src, early);
    this.assets = assets;
    this.events = [];
    this.matched = []; // the events the filter keeps
    this.shown = []; // and of those, what the first view shows (chatter folded): what the axis draws
    this.rows = []; // and of those, the ones in the zoomed window: what the list shows
    this.others = [];
    this.othersTotal = 0;
    this.terms = [];
    this.statedOnly = false; // hide events whose date was inferred from their context
    this.total = 0;
    this.loading = true;
    this.started = false;
    this.allOthers = false;
    this.expanded = new Set();
    this.recOf = new WeakMap();
    this.seq = 0;
    this.current = -1; // the list's current row: its one Tab stop, and the axis's value
    this.otherCurrent = 0;
    this.full = null; // [first, last] day numbers of the timeline, with a margin
    this.window = null; // the zoomed window, or null for the whole timeline
    this.cells = []; // events per month (the API's axis), when the server gives them
    this.windowed = false; // read a window at a time (a large timeline) rather than whole
    this.loadedRange = null; // windowed: the stretch of time whose events are loaded
    this.nextCursor = null; // windowed: the loaded window's next page
    this.windowTotal = 0; // windowed: how many events the loaded window holds
    this.firstView = host.dataset.firstView === "whole" ? "whole" : "story";
    this.fold = this.firstView === "story"; // publication-day chatter folded under the story
    this.prefix = host.id || "tl";
    this.shadow = shadow;
    this.style(shadow, assets, prepared);
  }

  // The stylesheet is asked for at once (by embed.js, while this code travels; else here), while the axis and
  // the first page travel. Until it comes (or when a host's CSP keeps it out) a constructed base sheet keeps the
  // widget readable and bounded.
  style(shadow, assets, prepared) {
    const { link, styled } = prepared || stylesheet(assets);
    if (!prepared) shadow.append(link);
    const base = prepared && prepared.loaded ? null : baseSheet(); // (loaded already: widget.css says it all)
    if (base) shadow.adoptedStyleSheets = [base];
    // widget.css says it all (and adopted sheets would come after it)
    styled.then((loaded) => { if (loaded) shadow.adoptedStyleSheets = []; });
    // Shown once styled, so the reader never sees an unstyled flash of 5,000 rows' worth of layout.
    this.styling = Promise.race([styled, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }

  build(M) {
    const host = this.host, shadow = this.shadow;
    this.M = M;
    for (const slot of shadow.querySelectorAll("slot")) slot.remove(); // the host's own content, shown until now
    const level = Math.min(5, Math.max(1, parseInt(host.dataset.headingLevel, 10) || 2));
    this.styled = this.styling.then(() => { this.tl.hidden = false; });

    const tl = (this.tl = el("section", "tl"));
    tl.hidden = true;
    // The widget's own direction and language: the reader's (data-locale, else the page's lang). A host
    // page's `direction` is inherited through the shadow boundary (even `all: initial` leaves it alone).
    tl.dir = M.locale.dir;
    tl.lang = M.locale.tag;
    tl.setAttribute("aria-labelledby", "tl-title");
    this.applyTheme();
    const height = host.dataset.height;
    if (height && CSS.supports("height", height)) tl.style.setProperty("--tl-height", height);

    // A button, not a link to #tl-end: the target is inside the shadow root, which the document's
    // fragment navigation (and axe's skip-link check) cannot see into.
    const skip = el("button", "tl-skip", M.t("skip"));
    skip.type = "button";

    const header = el("header", "tl-head");
    const line = el("div", "tl-line");
    const title = el(`h${level}`, "tl-title", host.dataset.title || M.t("title"));
    title.id = "tl-title";
    const tools = el("div", "tl-tools");
    const label = el("label", "tl-filter-label", M.t("filter"));
    label.htmlFor = "tl-filter";
    this.filter = el("input", "tl-filter");
    Object.assign(this.filter, { id: "tl-filter", type: "search", autocomplete: "off", spellcheck: false,
      placeholder: M.t("filterPlaceholder") });
    // The picker of entities (people, organisations...) beside the filter: it sets the service's entity filter.
    this.picker = el("div", "tl-picker");
    this.picker.hidden = true;
    tools.append(label, this.filter, this.picker);
    if (this.api.axisSrc) {
      this.entityPicker = new EntityPicker(this.picker, {
        src: this.api.src, M, value: new URL(this.api.src).searchParams.get("entity") || "",
        announce: (text) => this.announce(text), onPick: (option) => this.setEntity(option),
      });
    }
    // On narrow screens the summary and the key fold away behind this button (one header line).
    this.infoToggle = el("button", "tl-info-toggle", M.t("about"));
    this.infoToggle.type = "button";
    this.infoToggle.setAttribute("aria-expanded", "false");
    this.infoToggle.setAttribute("aria-controls", "tl-info");
    line.append(title, tools, this.infoToggle);
    const info = (this.info = el("div", "tl-info"));
    info.id = "tl-info";
    this.summary = el("p", "tl-summary", M.t("loading"));
    // The story and the full list, one control apart.
    this.foldButton = el("button", "tl-fold");
    this.foldButton.type = "button";
    this.foldButton.hidden = true;
    this.jump = el("button", "tl-jump");
    this.jump.type = "button";
    this.jump.hidden = true;
    // Dates the text does not give are inferred (hollow marks); a reader may keep only the stated ones.
    const stated = el("label", "tl-stated");
    this.stated = el("input", "tl-stated-box");
    Object.assign(this.stated, { type: "checkbox", id: "tl-stated" });
    stated.append(this.stated, ` ${M.t("stated")}`);
    info.append(this.summary, this.foldButton, this.jump, stated, legend(M));
    header.append(line, info);

    const axisWrap = el("div", "tl-axis-wrap");
    this.slider = el("div", "tl-axis");
    this.slider.tabIndex = 0;
    this.slider.dir = "ltr"; // time runs left to right on the axis whatever the language's direction
    this.slider.setAttribute("role", "slider");
    this.slider.setAttribute("aria-label", M.t("axis"));
    this.slider.setAttribute("aria-orientation", "horizontal");
    this.slider.setAttribute("aria-describedby", "tl-axis-keys");
    this.setSlider(0, 0, M.t("noEventsYet"));
    const keysHint = el("p", "tl-axis-keys", M.t("axisKeys"));
    keysHint.id = "tl-axis-keys";
    const zoom = el("div", "tl-zoom");
    this.zoomOut = zoomButton("−", M.t("zoomOut"));
    this.zoomIn = zoomButton("+", M.t("zoomIn"));
    this.zoomAll = zoomButton(M.t("zoomAll"), M.t("zoomAll"));
    this.zoomAll.title = M.t("zoomAllTitle");
    this.zoomStatus = el("p", "tl-zoom-status");
    zoom.append(this.zoomOut, this.zoomIn, this.zoomAll, this.zoomStatus);
    axisWrap.append(this.slider, zoom, keysHint);

    this.viewport = el("div", "tl-viewport");
    const track = el("div", "tl-track");
    const bars = el("div", "tl-bars");
    bars.setAttribute("aria-hidden", "true");
    this.list = el("div", "tl-list");
    this.list.setAttribute("role", "grid");
    this.list.setAttribute("aria-label", M.t("eventsInOrder"));
    this.list.setAttribute("aria-busy", "true");
    track.append(bars, this.list);
    this.empty = el("p", "tl-empty", M.t("noMatch"));
    this.empty.hidden = true;
    this.othersSection = el("section", "tl-others");
    this.othersSection.hidden = true;
    this.othersSection.setAttribute("aria-labelledby", "tl-others-title");
    this.othersTitle = el(`h${level + 1}`, "tl-others-title", M.t("othersTitle"));
    this.othersTitle.id = "tl-others-title";
    this.othersTitle.tabIndex = -1;
    this.otherList = el("div", "tl-other-list");
    this.otherList.setAttribute("role", "grid");
    this.otherList.setAttribute("aria-labelledby", "tl-others-title");
    this.more = el("button", "tl-more");
    this.more.type = "button";
    this.more.hidden = true;
    this.othersSection.append(this.othersTitle, el("p", "tl-others-note", M.t("othersNote")), this.otherList, this.more);
    this.viewport.append(track, this.empty, this.othersSection);

    // Every event of the current filter, in order, for paper (built when the page is printed).
    this.printList = el("div", "tl-print");
    this.end = el("p", "tl-end sr-only", M.t("end"));
    this.end.id = "tl-end";
    this.end.tabIndex = -1;
    this.live = el("p", "sr-only");
    this.live.setAttribute("role", "status");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    tl.append(skip, header, axisWrap, this.viewport, this.printList, this.end, this.live);
    shadow.append(tl);

    this.vl = new VirtualList({
      viewport: this.viewport, track, list: this.list, bars, render: (i) => this.rowNode(i),
      onView: (first, last) => this.onView(first, last),
    });
    this.axis = new Axis(this.slider, {
      pick: (t) => this.pick(t),
      pan: (dt) => this.pan(dt),
      zoom: (factor, t) => this.zoom(factor, t),
      settle: () => this.settle(true),
    });
    this.axis.say = (c, parts) => M.short(c, parts);

    // Every listener sits on the widget's own elements: none on the host's document or window (the print
    // and colour-scheme media queries are watched through their own MediaQueryList objects).
    tl.addEventListener("keydown", (e) => this.onKey(e));
    tl.addEventListener("click", (e) => this.onClick(e));
    this.list.addEventListener("focusin", (e) => {
      const li = e.target.closest("div.ev");
      if (li && li.parentElement === this.list) this.setCurrent(Number(li.dataset.index), { user: true });
    });
    this.otherList.addEventListener("focusin", (e) => {
      const li = e.target.closest("div.ev");
      if (li) this.setOtherCurrent(Array.prototype.indexOf.call(this.otherList.children, li));
    });
    this.filter.addEventListener("input", () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.applyFilter(this.filter.value), this.windowed ? 300 : 150);
    });
    this.stated.addEventListener("change", () => {
      this.statedOnly = this.stated.checked;
      this.applyFilter(this.filter.value);
    });
    const print = matchMedia("print");
    print.addEventListener("change", () => { if (print.matches) this.buildPrint(); });
    const dark = matchMedia("(prefers-color-scheme: dark)");
    dark.addEventListener("change", () => this.applyTheme());
    if (host.dataset.theme === "auto") {
      // The host page may switch its colour scheme by a class or an attribute on <html> or <body>.
      const watch = new MutationObserver(() => this.applyTheme());
      for (const node of [document.documentElement, document.body]) {
        if (node) watch.observe(node, { attributes: true, attributeFilter: ["class", "style", "data-theme", "data-color-scheme"] });
      }
    }
    host.timeline = this.publicApi();
  }

  // light | dark as asked; auto: what the host page's color-scheme says (light, dark, or both: then the
  // reader's system setting, as without data-theme).
  applyTheme() {
    const asked = this.host.dataset.theme;
    let theme = asked === "light" || asked === "dark" ? asked : null;
    if (asked === "auto") {
      const scheme = getComputedStyle(this.host).colorScheme || "";
      const light = /\blight\b/.test(scheme), dark = /\bdark\b/.test(scheme);
      if (dark && !light) theme = "dark";
      else if (light && !dark) theme = "light";
      else if (light && dark) theme = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
      else theme = "light"; // "normal": the host is a light page
    }
    if (!this.tl) return;
    if (theme) this.tl.dataset.theme = theme;
    else delete this.tl.dataset.theme;
  }

  async start() {
    const first = new AbortController();
    this.reading = first;
    try {
      const locale = this.host.dataset.locale || document.documentElement.lang || "en";
      // The axis, the first page and the reader's messages travel together (the page is dropped if the axis
      // says the timeline is too large to read whole); the requests first, then the messages' set-up.
      const compact = this.api.compact ? this.api.firstPage(first.signal) : null;
      const counts = this.api.axis({ onWait: (seconds) => this.summary && this.waiting(seconds) }).catch((err) => err);
      // A service without the axis (nor the compact view): its first full page, asked for as soon as that is known.
      const ahead = counts.then((axis) => ({ page: axis === null && !this.api.compact ? this.api.firstPage(first.signal)
        : axis && this.api.compact ? compact : null }));
      const [M, axis] = await Promise.all([Messages.load(locale, this.assets), counts]);
      this.build(M);
      if (axis instanceof Error) throw axis;
      this.linked = readFragment(this.prefix);
      await this.read(axis, this.linked, first, (await ahead).page);
    } catch (err) {
      if (first.signal.aborted) return; // a pick of the entity picker read the timeline again
      if (!this.tl) this.build(await Messages.load("en", this.assets));
      await this.styled;
      this.fail(err);
    }
  }

  // Read the timeline the axis counts: a large one a window at a time, else whole (abort: a newer read
  // takes over; ahead: the first page, already asked for).
  async read(axis, linked, abort, ahead = null) {
    this.reading = abort;
    if (axis) this.setAxis(axis);
    const wholeUpTo = parseInt(this.host.dataset.wholeUpTo, 10);
    this.windowed = !!axis && axis.total > (wholeUpTo >= 0 ? wholeUpTo : ALL_AT_ONCE);
    let window = linked.window || (linked.whole || this.firstView === "whole" ? null
      : firstWindow(this.cells, this.windowed ? WINDOW_ROWS : Infinity));
    if (this.windowed) {
      // A large timeline: the axis from the counts, the rows of the window the reader looks at.
      if (!window) window = firstWindow(this.cells, WINDOW_ROWS) || this.full;
      this.window = window;
      await this.loadWindow(window, true);
    } else {
      this.window = window;
      await this.api.walk({
        ahead,
        signal: abort.signal,
        onPage: (page, first) => (abort.signal.aborted ? null : this.onPage(page, first)),
        onRestart: () => this.restart(),
        onWait: (seconds) => this.waiting(seconds),
      });
    }
    if (abort.signal.aborted) return;
    await this.styled;
    if (this.othersSoon) await this.othersSoon; // "load" says everything is drawn
    if (abort.signal.aborted) return;
    this.finish();
  }

  // The entity picker's choice (null: none): the service's timeline of that entity, read again from the
  // top (the service knows every name an entity goes by; the id names the one picked).
  async setEntity(option) {
    if (this.reading) this.reading.abort();
    if (this.windowAbort) this.windowAbort.abort();
    const abort = new AbortController();
    this.reading = abort;
    this.api = this.api.with({ entity: option ? option.id || option.name : null });
    Object.assign(this, { events: [], others: [], othersTotal: 0, total: 0, loading: true, started: false,
      allOthers: false, current: -1, otherCurrent: 0, full: null, window: null, cells: [], cellFull: null,
      loadedRange: null, nextCursor: null, windowTotal: 0, chatterByDay: null, linked: {} });
    this.expanded.clear();
    this.list.setAttribute("aria-busy", "true");
    this.summary.textContent = this.M.t("loading");
    this.refreshRows(true);
    this.renderOthers();
    try {
      const axis = await this.api.axis({ signal: abort.signal, onWait: (seconds) => this.waiting(seconds) });
      if (!abort.signal.aborted) await this.read(axis, {}, abort);
    } catch (err) {
      if (!abort.signal.aborted) this.fail(err);
    }
  }

  setAxis(axis) {
    this.cells = monthCells(axis.months);
    const range = cellsRange(this.cells);
    this.axisTotal = axis.total;
    this.othersTotal = (axis.vague || 0) + (axis.undated || 0);
    if (range) {
      const margin = Math.max((range[1] - range[0]) * 0.02, 0.5);
      this.cellFull = [range[0] - margin, range[1] + margin];
    }
  }

  adopt(rec) {
    rec.key = `e${this.seq++}`;
    return rec;
  }

  async onPage(page, first) {
    await this.styled;
    if (first) {
      this.started = true;
      this.total = page.total;
      this.others = page.others.map((r) => this.adopt(r));
      this.othersTotal = page.othersTotal || this.others.length;
      this.renderOthersSoon();
    } else if (page.others.length) {
      for (const rec of page.others) this.others.push(this.adopt(rec));
      this.renderOthersSoon();
    }
    for (const rec of page.events) this.events.push(this.adopt(rec));
    if (first && this.window && this.cellFull) this.full = this.cellFull;
    this.refreshRows(false);
    this.updateSummary();
    if (first) {
      this.restoreEvent();
      this.emit("render", { events: this.events.length, total: this.total });
    }
  }

  // --- a large timeline, read a window at a time ------------------------------------------------------

  // Reads the events of window w (from its first day to its last) afresh: the first page soon, the next
  // ones as the list scrolls towards the end of what is loaded.
  async loadWindow(w, first = false) {
    if (this.windowAbort) this.windowAbort.abort();
    const abort = (this.windowAbort = new AbortController());
    const api = this.api.with({ from: dayText(w[0]), to: dayText(Math.max(w[0], Math.ceil(w[1]) - 1)) });
    let done = false;
    const cursor = await api.walk({
      signal: abort.signal,
      firstLimit: WINDOW_PAGE,
      onRestart: () => {},
      onWait: (seconds) => this.waiting(seconds),
      stop: () => true,
      onPage: async (page, isFirst) => {
        if (abort.signal.aborted) return;
        await this.styled;
        if (isFirst && !done) {
          done = true;
          this.started = true;
          this.windowTotal = page.total;
          this.total = this.axisTotal;
          this.events = page.events.map((r) => this.adopt(r));
          this.loadedRange = [w[0], w[1]];
          if (first) {
            this.others = page.others.map((r) => this.adopt(r));
            this.othersTotal = page.othersTotal || this.others.length;
          }
          this.full = this.cellFull;
          this.refreshRows(!first);
          if (first) this.renderOthersSoon();
          this.updateSummary();
          if (first) {
            this.restoreEvent();
            this.emit("render", { events: this.events.length, total: this.total });
          }
        } else if (!isFirst && page.others.length && first) {
          for (const rec of page.others) this.others.push(this.adopt(rec));
          this.renderOthersSoon();
        }
      },
    }).catch((err) => {
      if (abort.signal.aborted) return null;
      throw err;
    });
    if (!abort.signal.aborted) this.nextCursor = cursor || null;
    this.windowApi = api;
  }

  async loadMore() {
    if (!this.windowed || !this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    const abort = this.windowAbort;
    try {
      const page = await this.windowApi.more(this.nextCursor, abort && abort.signal);
      if (abort && abort.signal.aborted) return;
      for (const rec of page.events) this.events.push(this.adopt(rec));
      this.nextCursor = page.nextCursor;
      this.refreshRows(false);
    } catch (err) {
      if (!(abort && abort.signal.aborted)) this.announce(this.M.t("failed", { message: err.message || err }));
    } finally {
      this.loadingMore = false;
    }
  }

  // After a zoom or a pan settles: a window that leaves what is loaded is read again.
  reloadWindowSoon() {
    if (!this.windowed) return;
    const w = this.window || this.full;
    const got = this.loadedRange;
    if (got && w[0] >= got[0] && w[1] <= got[1] && (this.windowTotal <= this.events.length || countIn(this.cells, w) <= WINDOW_ROWS * 2)) return;
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      const now = this.window || this.full;
      this.loadWindow(now).then(() => this.emit("load", { events: this.events.length, total: this.total }),
        (err) => this.fail(err));
    }, 250);
  }

  // --- the link to an event and a window, and the host page's API -----------------------------------

  restoreEvent() {
    const id = this.linked && this.linked.event;
    if (!id || this.restored) return;
    const i = this.rows.findIndex((r) => r.id === id);
    if (i >= 0) {
      this.restored = true;
      this.setCurrent(i, { scroll: "top" });
    } else if (!this.loading && !this.windowed) {
      this.restored = true;
    }
  }

  remember() {
    const rec = this.rows[this.current];
    writeFragment(this.prefix, rec ? rec.id : null, this.window);
  }

  publicApi() {
    const self = this;
    return {
      // Makes the event with this id the current one (zooming out or showing every event if it must); true
      // when it is in the timeline.
      select(id) { return self.select(id); },
      // The current event: {id, headline, date, start, end} or null.
      get current() { return self.describe(self.rows[self.current]); },
      // Zooms to [from, to] (YYYY-MM-DD), or to the whole timeline with no arguments.
      setWindow(from, to) {
        const t0 = dayNumber(from), t1 = dayNumber(to);
        self.setWindow(t0 != null && t1 != null && t1 > t0 ? [t0, t1] : self.full || [0, 1], true);
        self.remember();
      },
      // Every event (false), or the story with the day's chatter folded (true).
      fold(on) { self.setFold(!!on); },
      // on("select" | "window" | "load" | "render" | "error", listener): the host's events, by short name.
      on(name, listener) {
        self.host.addEventListener(`timeline-widget:${name}`, listener);
        return () => self.host.removeEventListener(`timeline-widget:${name}`, listener);
      },
    };
  }

  describe(rec) {
    return rec ? { id: rec.id, headline: rec.headline, date: rec.date.label, start: rec.start, end: rec.end } : null;
  }

  select(id) {
    let i = this.rows.findIndex((r) => r.id === id);
    if (i < 0) {
      const rec = this.matched.find((r) => r.id === id);
      if (!rec) return false;
      if (this.fold && rec.chatter) this.setFold(false);
      if (rec.t0 != null && this.window && !(rec.t1 > this.window[0] && rec.t0 < this.window[1])) this.setWindow(this.full, true);
      i = this.rows.findIndex((r) => r.id === id);
    }
    if (i < 0) return false;
    this.setCurrent(i, { scroll: "top", user: true });
    return true;
  }

  // The timeline changed between two pages (410): read it again from the top.
  restart() {
    this.events = [];
    this.expanded.clear();
    this.refreshRows(true);
  }

  waiting(seconds) {
    if (this.summary) this.summary.textContent = this.M.t("waiting", { seconds });
  }

  finish() {
    this.loading = false;
    this.list.setAttribute("aria-busy", "false");
    if (!this.full || (!this.windowed && !this.window)) this.refreshRows(false);
    else this.narrow(false);
    this.updateSummary();
    this.restoreEvent();
    this.announce(this.M.count("loaded", this.windowed ? this.total : this.events.length));
    this.emit("load", { events: this.events.length, total: this.total });
  }

  fail(err) {
    this.loading = false;
    this.list.setAttribute("aria-busy", "false");
    const message = this.M.t("failed", { message: err && err.message ? err.message : err });
    this.summary.textContent = message;
    this.summary.classList.add("is-error");
    this.announce(message);
    this.emit("error", { status: err && err.status ? err.status : null });
  }

  emit(name, detail) {
    this.host.dispatchEvent(new CustomEvent(`timeline-widget:${name}`, { bubbles: true, detail }));
  }

  // One update of the live region per call. The same words twice in a row get a no-break space
  // added or taken away, so that they are announced again without first emptying the region (an
  // empty-then-filled region is two updates, and some screen readers speak both).
  announce(text) {
    if (this.live.textContent.replace(/\u00a0$/, "") === text && !this.live.textContent.endsWith("\u00a0")) text += "\u00a0";
    this.live.textContent = text;
  }

  matches(rec) {
    if (this.windowed) return true; // the server filtered (q, dated=explicit)
    return (!this.statedOnly || !rec.inferred) && this.terms.every((t) => rec.text.includes(t));
  }

  // --- rows: filter, fold, then zoom -------------------------------------------------------------------

  refreshRows(reset) {
    // A new array each time: narrow() tells new rows from more rows by comparing with the old one.
    this.matched = this.filtering() ? this.events.filter((r) => this.matches(r)) : this.events.slice();
    this.folded = this.fold ? this.matched.filter((r) => r.chatter).length : 0;
    this.shown = this.folded ? this.matched.filter((r) => !r.chatter) : this.matched;
    if (!this.windowed) {
      const rowsRange = fullRange(this.matched);
      // The whole span: from the rows once all are read (or when zoomed on the axis's counts, from those).
      if (!this.window || !this.cellFull || !this.loading) this.full = rowsRange || this.full;
      else this.full = this.cellFull;
      this.extent = rowsRange && fullRange(this.matched, 0);
    } else {
      this.full = this.cellFull;
      this.extent = this.cells.length ? cellsRange(this.cells) : null;
      this.axis.setCells(this.cells, this.loadedRange);
    }
    if (this.window) this.window = this.full ? clampWindow(this.window, this.full) : null;
    if (this.window && this.full && this.window[1] - this.window[0] >= (this.full[1] - this.full[0]) * 0.999) this.window = null;
    this.axis.setRows(this.shown);
    this.axis.setWindow(this.window || this.full || [0, 1], this.full ? this.full[0] : null);
    this.narrow(reset);
    this.empty.hidden = this.rows.length > 0 || !this.started || (this.loading && !this.filtering() && !this.window);
    this.updateFold();
  }

  updateFold() {
    const M = this.M;
    const hidden = this.fold ? this.folded : this.matched.filter((r) => r.chatter).length;
    this.foldButton.hidden = hidden === 0;
    this.foldButton.setAttribute("aria-pressed", String(!this.fold));
    this.foldButton.textContent = this.fold ? M.count("showAll", this.matched.length) : M.t("showStory");
  }

  setFold(on) {
    if (on === this.fold) return;
    const keep = this.rows[this.current];
    this.fold = on;
    this.refreshRows(true);
    const i = keep ? this.rows.indexOf(keep) : -1;
    if (i >= 0) this.setCurrent(i, { scroll: "top" });
    this.updateSummary();
    this.announce(on ? `${this.M.count("mainEvents", this.shown.length)}. ${this.M.count("folded", this.folded)}`
      : this.M.t("allShown", { events: this.M.count("events", this.matched.length) }));
  }

  // The list shows the shown events that overlap the zoomed window (all of them when not zoomed).
  // Zooming filters the loaded events here rather than asking the API again with from/to: a timeline
  // read whole has every event already, the list then follows a wheel or pinch at frame rate, and the
  // axis keeps drawing the events outside the window as the context to pan to. (A large timeline, read a
  // window at a time, reads the new window once the gesture settles.)
  narrow(reset) {
    clearTimeout(this.narrowTimer);
    this.narrowTimer = 0;
    this.narrowedAt = performance.now();
    const prev = this.rows;
    const keep = prev[this.current];
    const w = this.window;
    const rows = w ? this.shown.filter((r) => r.t0 != null && r.t1 > w[0] && r.t0 < w[1]) : this.shown;
    const n = prev.length;
    // More of the same rows (a page loaded) keeps what is drawn; other rows start the list afresh.
    const grown = !reset && n <= rows.length && (n === 0 || (rows[0] === prev[0] && rows[n - 1] === prev[n - 1]));
    const same = grown && n === rows.length && (rows === prev || rows.every((r, i) => r === prev[i]));
    this.rows = rows;
    const partial = this.filtering() || w || this.folded;
    this.list.setAttribute("aria-rowcount", String(partial || this.windowed ? rows.length : Math.max(this.total, rows.length)));
    if (!same) {
      this.vl.setBars(computeBars(rows, LANES));
      this.vl.setCount(rows.length, { reset: !grown });
      let index = keep ? rows.indexOf(keep) : -1;
      const found = index >= 0;
      if (!found) index = grown && this.current >= 0 ? this.current : 0;
      this.current = -1;
      if (index < rows.length) this.setCurrent(index, { scroll: found && !grown ? "top" : null });
      else this.updateSlider();
    } else {
      this.updateSlider(); // the same events in another window: the value's text names the window
    }
    this.updateZoom();
    this.updateSummary();
  }

  rowNode(i) {
    const rec = this.rows[i];
    const li = eventItem(rec, rec.key, this.expanded.has(rec.key), this.M, this.foldedAfter(i));
    if (i === this.current) setActive(li, true);
    this.recOf.set(li, rec);
    return li;
  }

  // How many reports of the day are folded under row i: the chatter of its day, said under its last
  // story event of that day.
  foldedAfter(i) {
    if (!this.fold || !this.folded) return 0;
    const rec = this.rows[i];
    const next = this.rows[i + 1];
    const day = (r) => (r && r.start ? r.start.slice(0, 10) : "");
    if (!rec.start || (next && day(next) === day(rec))) return 0;
    if (!this.chatterByDay) {
      this.chatterByDay = new Map();
      for (const r of this.matched) if (r.chatter) this.chatterByDay.set(day(r), (this.chatterByDay.get(day(r)) || 0) + 1);
    }
    return this.chatterByDay.get(day(rec)) || 0;
  }

  // Row i becomes the current one: the list's Tab stop, the axis's value. focus: move the focus to
  // it; scroll: "top" puts it at the top of the list, otherwise it is scrolled just into view when
  // it gets the focus or when the axis chose it. user: the reader chose it (kept in the page's link).
  setCurrent(i, { focus = false, scroll = null, user = false } = {}) {
    if (i < 0 || i >= this.rows.length) return;
    const old = this.current;
    const oldRec = this.rows[old];
    if (old !== i) {
      const oldNode = this.vl.nodes.get(old);
      if (oldNode) setActive(oldNode, false);
    }
    this.current = i;
    let node;
    if (scroll === "top") node = this.vl.showAtTop(i);
    else if (focus || scroll) node = this.vl.show(i);
    else {
      this.vl.pinned = i;
      node = this.vl.nodes.get(i);
    }
    if (node) {
      setActive(node, true);
      if (focus) node.querySelector(".ev-head").focus({ preventScroll: true });
    }
    this.axis.setCurrent(this.rows[i]);
    this.updateSlider();
    if (oldRec !== this.rows[i]) {
      this.emit("select", this.describe(this.rows[i]));
      if (user || focus || scroll === "into") this.remember();
    }
  }

  setSlider(now, max, text) {
    const s = this.slider;
    s.setAttribute("aria-valuemin", max ? "1" : "0");
    s.setAttribute("aria-valuemax", String(max));
    s.setAttribute("aria-valuenow", String(now));
    if (s.getAttribute("aria-valuetext") !== text) s.setAttribute("aria-valuetext", text);
  }

  updateSlider() {
    const M = this.M;
    const n = this.rows.length;
    const rec = this.rows[this.current];
    if (!rec) return this.setSlider(0, 0, this.started ? M.t("noEvents") : M.t("noEventsYet"));
    const zoom = this.window ? M.t("valueZoom", { window: this.windowLabel(this.window) }) : "";
    this.setSlider(this.current + 1, n, M.t("valueText", { date: M.dateLabel(rec.date), headline: rec.headline,
      i: this.current + 1, n, zoom }));
  }

  // A window of time in words, as precise as its length needs: "2001 to 2022", "Aug 2022 to Oct
  // 2022", "14 Sep 2022 to 16 Sep 2022".
  windowLabel([t0, t1]) {
    const a = civilFromDays(t0), b = civilFromDays(Math.max(t0, t1 - 1e-6));
    const span = t1 - t0;
    const parts = span > 3 * 365 ? "y" : span > 62 ? "my" : "dmy";
    const x = this.M.short(a, parts), y = this.M.short(b, parts);
    return x === y ? x : this.M.t("range", { a: x, b: y });
  }

  // The list scrolled or changed: light up the stretch of time it shows on the axis (and, reading a
  // window at a time, read its next page when the end of what is loaded comes near).
  onView(first, last) {
    if (first < 0) return this.axis.setView(null);
    let a = Infinity, b = -Infinity;
    for (let i = first; i <= last; i++) {
      const r = this.rows[i];
      if (!r || r.t0 == null) continue;
      if (r.t0 < a) a = r.t0;
      if (r.t1 > b) b = r.t1;
    }
    this.axis.setView(a < b ? [a, b] : null);
    if (this.windowed && last >= this.rows.length - MORE_WITHIN) this.loadMore();
  }

  // --- the axis -----------------------------------------------------------------------------------

  // The event nearest time t (by the middle of its interval) goes to the top of the list.
  pick(t) {
    let best = -1, gap = Infinity;
    for (let i = 0; i < this.rows.length; i++) {
      const d = Math.abs(this.rows[i].mid - t);
      if (d < gap) { gap = d; best = i; }
    }
    if (best >= 0) this.setCurrent(best, { scroll: "top", user: true });
  }

  // Slides a zoomed window by dt days; false when there is nothing to slide (not zoomed).
  pan(dt) {
    if (!this.window || !this.full) return false;
    this.setWindow(clampWindow([this.window[0] + dt, this.window[1] + dt], this.full), false);
    return true;
  }

  // Zooms by factor (2: twice as close) around time t; false when nothing changed (already at the
  // whole timeline, or as close as it goes).
  zoom(factor, t) {
    if (!this.full) return false;
    const before = this.window || this.full;
    const next = zoomWindow(before, factor, t, this.full, MIN_SPAN);
    if (Math.abs(next[0] - before[0]) < 1e-9 && Math.abs(next[1] - before[1]) < 1e-9) return false;
    this.setWindow(next, false);
    return true;
  }

  setWindow(window, now) {
    const full = this.full;
    const before = this.window;
    this.window = full && window[1] - window[0] < (full[1] - full[0]) * 0.999 ? window : null;
    this.axis.setWindow(this.window || full, full ? full[0] : null);
    if (before !== this.window) this.windowChanged = true;
    if (now) {
      this.narrow(false);
      this.windowSettled();
      return;
    }
    // During a gesture the axis follows every frame and the list every NARROW_EVERY ms.
    const wait = NARROW_EVERY - (performance.now() - (this.narrowedAt || 0));
    if (wait <= 0) this.narrow(false);
    else if (!this.narrowTimer) this.narrowTimer = setTimeout(() => this.narrow(false), wait);
  }

  // The window stopped moving: say so to the host page and the link, and read it if it is not loaded.
  windowSettled() {
    if (!this.windowChanged) return;
    this.windowChanged = false;
    const w = this.window;
    this.emit("window", w ? { from: dayText(w[0]), to: dayText(w[1]) } : { from: null, to: null });
    this.remember();
    this.reloadWindowSoon();
  }

  // A pointer gesture ended (announce: say where it left the list, once).
  settle(announce) {
    this.narrow(false);
    this.windowSettled();
    if (announce) this.announceZoom();
  }

  announceZoom() {
    const M = this.M;
    const events = M.count("events", this.windowed && this.window ? this.windowTotal : this.rows.length);
    this.announce(this.window ? M.t("zoomedTo", { window: this.windowLabel(this.window), events })
      : M.t("wholeTimeline", { events }));
  }

  updateZoom() {
    const M = this.M;
    const full = this.full;
    this.zoomIn.disabled = !full || (this.window && this.window[1] - this.window[0] <= MIN_SPAN * 1.001);
    this.zoomOut.disabled = !this.window;
    this.zoomAll.disabled = !this.window;
    this.zoomStatus.textContent = !full ? "" : this.window
      ? M.t("zoomStatus", { window: this.windowLabel(this.window), events: M.count("events", this.rows.length) })
      : M.t("zoomStatusWhole", { window: this.windowLabel(this.extent || full) });
  }

  // Where zooming centres: the current event, or the middle of what is shown.
  focusTime() {
    const rec = this.rows[this.current];
    if (rec) return rec.mid;
    const w = this.window || this.full;
    return w ? (w[0] + w[1]) / 2 : 0;
  }

  keyOnAxis(action) {
    const M = this.M;
    const n = this.rows.length;
    if (action.zoom || action.reset) {
      if (action.reset) this.setWindow(this.full || [0, 1], true);
      else if (!this.zoom(action.zoom, this.focusTime())) {
        this.announce(action.zoom > 1 ? M.t("zoomMax") : M.t("zoomMin"));
        return true;
      } else {
        this.narrow(false);
        this.windowSettled();
      }
      this.announceZoom();
      return true;
    }
    if (action.enter) {
      if (this.current >= 0) this.setCurrent(this.current, { focus: true });
      return true;
    }
    if (!n) return true;
    let j = this.current;
    if (action.move) j += action.move;
    else if (action.to) j = action.to === "first" ? 0 : n - 1;
    else if (action.jump) j = this.jumpTarget(action.jump);
    j = Math.min(n - 1, Math.max(0, j));
    if (j === this.current) {
      this.announce(j === 0 ? M.t("first") : this.loading ? M.t("lastSoFar") : M.t("last"));
      return true;
    }
    this.setCurrent(j, { scroll: "into" });
    return true;
  }

  // A tenth of the time shown later (dir 1) or earlier: the first event past that time.
  jumpTarget(dir) {
    const w = this.window || this.full;
    const rec = this.rows[this.current];
    if (!rec || !w) return this.current;
    const t = rec.mid + dir * (w[1] - w[0]) / 10;
    if (dir > 0) {
      const i = this.rows.findIndex((r, k) => k > this.current && r.mid >= t);
      return i < 0 ? this.rows.length - 1 : i;
    }
    for (let k = this.current - 1; k >= 0; k--) if (this.rows[k].mid <= t) return k;
    return 0;
  }

  // --- the rest -------------------------------------------------------------------------------------

  // The events not placed on the timeline are drawn below the list, out of sight at first: as a page brings
  // them, after the next frame (the first rows are on screen before a hundred of these are laid out).
  renderOthersSoon() {
    if (this.othersSoon) return;
    const soon = (this.othersSoon = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
      .then(() => { if (this.othersSoon === soon) this.renderOthers(); }));
  }

  renderOthers() {
    this.othersSoon = null;
    const M = this.M;
    const rows = this.filtering() ? this.others.filter((r) => this.matches(r)) : this.others;
    const shown = this.allOthers ? rows : rows.slice(0, OTHERS_AT_ONCE);
    this.otherList.replaceChildren(...shown.map((rec, i) => {
      const li = eventItem(rec, rec.key, this.expanded.has(rec.key), M);
      li.setAttribute("aria-rowindex", String(i + 1));
      this.recOf.set(li, rec);
      return li;
    }));
    // Every one of them: the count the server gave until they are all read.
    const total = this.filtering() ? rows.length : Math.max(rows.length, this.othersTotal || 0);
    this.otherList.setAttribute("aria-rowcount", String(total));
    this.otherCurrent = Math.min(this.otherCurrent, Math.max(0, shown.length - 1));
    if (shown.length) setActive(this.otherList.children[this.otherCurrent], true);
    this.more.hidden = shown.length >= rows.length;
    this.more.textContent = M.count("showAllOthers", rows.length);
    this.othersSection.hidden = rows.length === 0;
    this.jump.hidden = rows.length === 0;
    this.jump.textContent = M.t("notPlaced", { n: total });
  }

  setOtherCurrent(i) {
    const items = this.otherList.children;
    if (i < 0 || i >= items.length || i === this.otherCurrent) return;
    if (items[this.otherCurrent]) setActive(items[this.otherCurrent], false);
    this.otherCurrent = i;
    setActive(items[i], true);
  }

  updateSummary() {
    if (!this.started) return;
    const M = this.M;
    const n = this.rows.length;
    const all = this.windowed ? this.total : this.events.length;
    const events = M.count("events", all);
    let text;
    if (this.terms.length && !this.windowed) {
      text = M.t("matchText", { m: this.matched.length, events, text: this.filter.value.trim() }) +
        (this.statedOnly ? M.t("matchStated") : ".");
    } else if (this.statedOnly && !this.windowed) {
      text = M.t("statedOnly", { m: this.matched.length, events });
    } else {
      // The articles these events come from (the API's document list is the whole feed's), counted once
      // per change of the events, not on every narrowing during a gesture.
      if (this.articlesOf !== this.events || this.articlesCounted !== this.events.length) {
        const ids = new Set();
        for (const e of this.events) for (const d of e.documents) ids.add(d.id);
        this.articlesOf = this.events;
        this.articlesCounted = this.events.length;
        this.articles = ids.size;
      }
      const articles = this.articles;
      text = M.t("fromArticles", { events: M.count("events", Math.max(this.total, all)), articles: M.count("articles", articles) });
      if (!this.loading && this.matched.length && !this.windowed) {
        const first = M.dateLabel(this.matched[0].date), last = M.dateLabel(this.matched[this.matched.length - 1].date);
        text += first === last ? `, ${first}` : `, ${M.t("range", { a: first, b: last })}`;
      }
      text += ".";
    }
    if (this.folded) text += ` ${M.count("mainEvents", this.shown.length)}; ${M.count("folded", this.folded)}`;
    if (this.window) text += M.t("zoomedIn", { events: M.count("events", this.windowed ? this.windowTotal : n) });
    if (this.loading && !this.windowed && all < this.total) text += M.t("loadingCount", { m: all, n: this.total });
    if (this.summary.textContent !== text) this.summary.textContent = text;
  }

  filtering() {
    return this.terms.length > 0 || this.statedOnly;
  }

  applyFilter(value) {
    const M = this.M;
    this.terms = value.toLowerCase().split(/\s+/).filter(Boolean);
    this.chatterByDay = null;
    if (this.windowed) {
      // A large timeline is filtered by the server: its axis and the window read again.
      this.api = this.api.with({ q: value.trim() || null, dated: this.statedOnly ? "explicit" : null });
      this.api.axis().then((axis) => {
        if (axis) this.setAxis(axis);
        return this.loadWindow(this.window || this.full);
      }).then(() => {
        this.announce(M.t("matched", { m: this.windowTotal, events: M.count("events", this.axisTotal) }));
        this.updateSummary();
      }, (err) => this.fail(err));
      return;
    }
    this.refreshRows(true);
    this.renderOthers();
    this.updateSummary();
    this.announce(this.filtering()
      ? M.t("matched", { m: this.matched.length, events: M.count("events", this.events.length) })
      : M.t("allShown", { events: M.count("events", this.events.length) }));
  }

  onClick(event) {
    const target = event.target;
    const head = target.closest(".ev-head");
    if (head) {
      this.toggle(head.closest("div.ev"));
    } else if (target.closest(".tl-skip")) {
      focusHere(this.end);
    } else if (target.closest(".tl-info-toggle")) {
      const open = this.infoToggle.getAttribute("aria-expanded") !== "true";
      this.infoToggle.setAttribute("aria-expanded", String(open));
      this.info.classList.toggle("is-open", open);
    } else if (target.closest(".tl-fold")) {
      this.setFold(!this.fold);
    } else if (target.closest(".tl-jump")) {
      this.viewport.scrollTop = this.othersSection.offsetTop;
      focusHere(this.othersTitle, { preventScroll: true });
    } else if (target.closest(".tl-more")) {
      // The button disappears: the focus goes to the first event it brought in.
      this.allOthers = true;
      const first = this.otherList.children.length;
      this.renderOthers();
      const next = this.otherList.children[first];
      if (next) {
        this.setOtherCurrent(first);
        next.querySelector(".ev-head").focus();
      }
    } else if (target.closest(".tl-zoom button")) {
      const button = target.closest("button");
      if (button === this.zoomAll) this.setWindow(this.full || [0, 1], true);
      else if (!this.zoom(button === this.zoomIn ? 2 : 0.5, this.focusTime())) return;
      else {
        this.narrow(false);
        this.windowSettled();
      }
      this.announceZoom();
    }
  }

  toggle(li, open) {
    const M = this.M;
    const rec = this.recOf.get(li);
    if (!rec) return false;
    if (open === undefined) open = !this.expanded.has(rec.key);
    if (open === this.expanded.has(rec.key)) return false;
    if (open) this.expanded.add(rec.key);
    else this.expanded.delete(rec.key);
    setExpanded(li, rec, open, M);
    if (open && !rec.sources) this.fetchSources(rec);
    else this.announce(open ? M.count("sourcesShown", rec.sourceCount) : M.t("sourcesHidden"));
    return true;
  }

  // A row read in the compact form gets its sources (and their sentences) when it is first opened.
  async fetchSources(rec) {
    const M = this.M;
    this.announce(M.t("sourcesLoading"));
    try {
      const full = await this.api.event(rec.id);
      rec.sources = full ? full.sources : [];
    } catch (err) {
      rec.sources = [];
      this.announce(M.t("failed", { message: err.message || err }));
      return;
    }
    rec.sourceCount = rec.sources.length || rec.sourceCount;
    for (const li of [...this.list.children, ...this.otherList.children]) {
      if (this.recOf.get(li) === rec) setExpanded(li, rec, this.expanded.has(rec.key), M);
    }
    if (this.expanded.has(rec.key)) this.announce(M.count("sourcesShown", rec.sources.length));
  }

  // Paper: every event of the current filter in date order (the story and the chatter alike), with its
  // date, what happened, who, and its sources by title, publisher, day and address.
  buildPrint() {
    const M = this.M;
    const list = el("ol", "tl-print-list");
    for (const rec of [...this.matched, ...this.others.filter((r) => this.matches(r))]) {
      const item = el("li", "tl-print-event");
      item.append(el("p", "tl-print-date", M.dateLabel(rec.date) + (rec.inferred ? ` (${M.t("inferred")})` : "")));
      const h = el("p", "tl-print-headline", rec.headline);
      h.dir = "auto";
      item.append(h);
      if (rec.participants.length) item.append(el("p", "tl-print-who", rec.participants.join(", ")));
      const sources = el("ul", "tl-print-sources");
      const docs = rec.sources ? rec.sources.map((s) => ({ title: s.title, sourceName: s.sourceName, dct: s.dct, url: s.url, id: s.documentId }))
        : rec.documents;
      for (const doc of docs) {
        const words = [doc.title || doc.id, doc.sourceName, M.longDate(doc.dct), doc.url].filter(Boolean).join(" · ");
        sources.append(el("li", null, words));
      }
      item.append(sources);
      list.append(item);
    }
    this.printList.replaceChildren(
      el("p", "tl-print-note", M.t("printed", { url: location.href.split("#")[0], date: M.longDate(new Date().toISOString().slice(0, 10)) })),
      list);
  }

  onKey(event) {
    let handled = false;
    if (event.target === this.slider) {
      const action = axisAction(event);
      handled = action ? this.keyOnAxis(action) : false;
    } else {
      const action = keyAction(event);
      const li = action && event.target.closest("div.ev");
      if (li) handled = li.parentElement === this.list ? this.keyInTimeline(li, action) : this.keyInOthers(li, action);
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  // Escape closes the open sources and brings the focus back to the event.
  close(li) {
    if (!this.toggle(li, false)) return false;
    li.querySelector(".ev-head").focus();
    return true;
  }

  target(i, n, action, perPage) {
    if (action.move) i += action.move;
    else if (action.page) i += action.page * perPage;
    else if (action.to) i = action.to === "first" ? 0 : n - 1;
    return Math.min(n - 1, Math.max(0, i));
  }

  // A move is announced once: by the focus landing on the event (its name starts with its date).
  // Only a key that cannot move (at either end) speaks through the live region.
  keyInTimeline(li, action) {
    const M = this.M;
    if (action.close) return this.close(li);
    const i = Number(li.dataset.index);
    const j = this.target(i, this.rows.length, action, this.vl.rowsPerPage());
    if (j === i) {
      this.announce(i === 0 ? M.t("first") : this.loading || this.nextCursor ? M.t("lastSoFar") : M.t("last"));
      return true;
    }
    this.setCurrent(j, { focus: true });
    return true;
  }

  keyInOthers(li, action) {
    const M = this.M;
    if (action.close) return this.close(li);
    const items = this.otherList.children;
    const i = Array.prototype.indexOf.call(items, li);
    const j = this.target(i, items.length, action, 5);
    if (j === i) {
      this.announce(i === 0 ? M.t("firstOther") : M.t("lastOther"));
      return true;
    }
    this.setOtherCurrent(j);
    items[j].querySelector(".ev-head").focus();
    return true;
  }
}

// The span of time the axis covers: first start to last end, with a margin so that the first and
// last events do not sit on the very edge; at least a day.
function fullRange(rows, share = 0.02) {
  let a = Infinity, b = -Infinity;
  for (const r of rows) {
    if (r.t0 == null) continue;
    if (r.t0 < a) a = r.t0;
    if (r.t1 > b) b = r.t1;
  }
  if (!(a < b)) return null;
  const margin = share ? Math.max((b - a) * share, 0.5) : 0;
  return [a - margin, b + margin];
}

// widget.css in a <link> ({link, styled: a promise of true once loaded, false if it cannot be}), as embed.js
// makes it. CORS mode without credentials: a host on another port of the same host name is the same site, and
// a plain <link> would send that site's cookies along with the request.
function stylesheet(assets) {
  const link = el("link");
  link.rel = "stylesheet";
  link.crossOrigin = "anonymous";
  link.href = new URL("widget.css", assets).href;
  const styled = new Promise((resolve) => {
    link.addEventListener("load", () => resolve(true), { once: true });
    link.addEventListener("error", () => resolve(false), { once: true });
  });
  return { link, styled };
}

// Focus a landmark that is not a Tab stop (a skip link's target), so that the next Tab goes on
// from there. Chromium sends Tab from a tabindex="-1" element inside a shadow root back to the
// first Tab stop of that root, so it is a Tab stop until it loses the focus.
function focusHere(node, options) {
  node.tabIndex = 0;
  node.addEventListener("blur", () => { node.tabIndex = -1; }, { once: true });
  node.focus(options);
}

// A symbol ("−", "+") is seen and the words are heard: the name comes from the button's content (the
// symbol hidden from assistive technology, the words hidden from the eye), so no aria-label names it
// with words the reader cannot see (WCAG 2.5.3, axe's label-content-name-mismatch).
function zoomButton(symbol, words) {
  const button = el("button", "tl-zoom-button");
  button.type = "button";
  if (symbol === words) button.textContent = words;
  else {
    const seen = el("span", null, symbol);
    seen.setAttribute("aria-hidden", "true");
    button.append(seen, el("span", "sr-only", words));
  }
  return button;
}

const KEY_SVG = "http://www.w3.org/2000/svg";

// The key to the marks, in plain words; each mark drawn the way the axis draws it.
function legend(M) {
  const p = el("p", "tl-legend");
  const item = (draw, text) => {
    const svg = document.createElementNS(KEY_SVG, "svg");
    svg.setAttribute("class", "tl-key");
    svg.setAttribute("viewBox", "0 0 24 14");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    draw(svg);
    const span = el("span", "tl-legend-item");
    span.append(svg, text);
    p.append(span, " ");
  };
  const shape = (svg, tag, attrs) => {
    const node = document.createElementNS(KEY_SVG, tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    svg.append(node);
  };
  item((s) => shape(s, "circle", { class: "ax-mark", cx: 12, cy: 7, r: 5 }), M.t("legendDay"));
  item((s) => shape(s, "rect", { class: "ax-span", x: 1, y: 5, width: 22, height: 5, rx: 1.5 }), M.t("legendSpan"));
  item((s) => shape(s, "circle", { class: "ax-mark is-inferred", cx: 12, cy: 7, r: 5 }), M.t("legendInferred"));
  item((s) => shape(s, "path", { class: "ax-mark is-scheduled", d: "M5.5 7L12 .5 18.5 7 12 13.5Z" }), M.t("legendScheduled"));
  item((s) => {
    shape(s, "rect", { class: "ax-cluster-pill", x: 1, y: 0, width: 22, height: 14, rx: 7 });
    shape(s, "text", { class: "ax-cluster-text", x: 12, y: 11 });
    s.lastChild.textContent = "12";
  }, M.t("legendCluster"));
  return p;
}
