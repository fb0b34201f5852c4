// Reading the API. The widget is given /api/timeline with its filters (data-timeline-src); it reads the axis
// (/api/timeline/axis: events per month, a few kilobytes whatever the size of the timeline) and the events in
// their compact form (/api/timeline/compact: what a row draws), and an event's sources (/api/events/<id>) when
// its row is opened. A server without those (an older service, or another implementation of /api/timeline)
// answers 404 and the widget reads the full pages of /api/timeline instead.
//
// Requests carry no cookies or credentials (credentials: "omit"): the widget only ever reads the public
// timeline, whatever page it is embedded in.
import { normalizeEvent, normalizePage } from "./data.js";

const FIRST_PAGE = 100;
const NEXT_PAGES = 1000;
const RETRY_SECONDS = [2, 5, 10, 30, 60];

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function pageUrl(src, cursor, first) {
  const url = new URL(src);
  url.searchParams.delete("format"); // the widget reads JSON whatever the embed line says
  url.searchParams.delete("cursor");
  if (cursor) url.searchParams.set("cursor", cursor);
  // A limit set in the embed line is the host's choice; otherwise pick ours.
  if (!new URL(src).searchParams.has("limit")) url.searchParams.set("limit", String(first ? FIRST_PAGE : NEXT_PAGES));
  return url.href;
}

function getJson(url, signal) {
  return readJson(fetch(url, { credentials: "omit", mode: "cors", signal, headers: { Accept: "application/json" } }));
}

// The JSON of a response (a promise of one), or an HttpError.
async function readJson(answer) {
  const response = await answer;
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error && typeof body.error.message === "string" ? body.error.message : response.statusText;
    throw new HttpError(response.status, message || `HTTP ${response.status}`);
  }
  return body;
}

const sleep = (seconds, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, seconds * 1000);
  signal && signal.addEventListener("abort", () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
});

// The endpoints of one embed: src is the /api/timeline URL with its filters. early: responses the embed script
// asked for already (a Map of URL to a promise of a Response), each taken once, by the request for that URL.
export class Api {
  constructor(src, early = null) {
    this.src = src;
    this.early = early;
    const url = new URL(src);
    this.compactSrc = url.pathname.endsWith("/api/timeline") ? withPath(url, "/compact") : null;
    this.axisSrc = url.pathname.endsWith("/api/timeline") ? withPath(url, "/axis") : null;
    this.eventBase = url.pathname.endsWith("/api/timeline") ? new URL(url.pathname.replace(/timeline$/, "events/"), url) : null;
    this.compact = this.compactSrc != null; // until the server says it has no compact view
  }

  // GET url's JSON: the embed's answer if it asked for this URL already, else a request of our own.
  json(url, signal) {
    const answer = this.early && this.early.get(url);
    if (!answer) return getJson(url, signal);
    this.early.delete(url);
    return readJson(answer);
  }

  // The source URL with other filters (q, dated, from, to) set or taken away (null).
  with(params) {
    const url = new URL(this.src);
    for (const [k, v] of Object.entries(params)) {
      if (v == null || v === "") url.searchParams.delete(k);
      else url.searchParams.set(k, v);
    }
    const api = new Api(url.href);
    api.compact = this.compact;
    return api;
  }

  // Counts per month ({total, vague, undated, months: [[YYYY-MM, n, inferred]]}), or null where the server
  // has none. Waits while the server has no timeline yet (503), telling onWait(seconds).
  async axis({ signal, onWait } = {}) {
    if (!this.axisSrc) return null;
    let attempt = 0;
    for (;;) {
      try {
        return await this.json(this.axisSrc, signal);
      } catch (err) {
        if (err instanceof HttpError && (err.status === 404 || err.status === 405)) {
          this.compact = false;
          return null;
        }
        if (err instanceof HttpError && err.status === 503 && onWait) {
          const wait = RETRY_SECONDS[Math.min(attempt++, RETRY_SECONDS.length - 1)];
          onWait(wait);
          await sleep(wait, signal);
          continue;
        }
        throw err;
      }
    }
  }

  pageUrl(cursor, first, limit) {
    const base = this.compact ? this.compactSrc : this.src;
    const url = new URL(pageUrl(base, cursor, first));
    if (limit && !new URL(this.src).searchParams.has("limit")) url.searchParams.set("limit", String(limit));
    return url.href;
  }

  // Calls onPage(page, isFirst) for every page, then for the vague and undated events past the first page
  // (their own cursors). A 410 (the timeline changed between two pages) starts over with onRestart(); a 503
  // (no timeline yet) waits and tries again, telling onWait(seconds). stop(): true to stop after a page (the
  // rest is read later with more()).
  // ahead: the first page's JSON, already asked for (a promise), or null.
  async walk({ onPage, onRestart, onWait, signal, firstLimit, stop, ahead = null }) {
    let attempt = 0;
    for (;;) {
      let cursor = null;
      let first = true;
      let side = [];
      try {
        do {
          const asked = first && ahead ? ahead : getJson(this.pageUrl(cursor, first, first ? firstLimit : null), signal);
          ahead = null;
          const page = normalizePage(await asked);
          if (first) side = [page.vagueCursor, page.undatedCursor];
          await onPage(page, first);
          first = false;
          cursor = page.nextCursor;
          if (cursor && stop && stop()) break;
        } while (cursor);
        // The vague and undated events past the first page have cursors of their own.
        for (let next of side) {
          while (next) {
            const page = normalizePage(await getJson(this.pageUrl(next, false), signal));
            await onPage(page, false);
            next = page.vagueCursor || page.undatedCursor;
          }
        }
        return cursor;
      } catch (err) {
        if (err instanceof HttpError && err.status === 404 && this.compact && first) {
          this.compact = false; // a server without the compact view: its full pages then
          continue;
        }
        if (err instanceof HttpError && err.status === 410) {
          onRestart();
          continue;
        }
        if (err instanceof HttpError && err.status === 503 && first && onWait) {
          const wait = RETRY_SECONDS[Math.min(attempt++, RETRY_SECONDS.length - 1)];
          onWait(wait);
          await sleep(wait, signal);
          continue;
        }
        throw err;
      }
    }
  }

  // The first page, asked for now (read by walk({ahead})): it travels while the axis does.
  firstPage(signal) {
    const asked = this.json(this.pageUrl(null, true), signal);
    asked.catch(() => {}); // walk() sees the error, if the page is used at all
    return asked;
  }

  // The next page of dated events after cursor (a window read a page at a time).
  async more(cursor, signal) {
    return normalizePage(await getJson(this.pageUrl(cursor, false), signal));
  }

  // One event in full (its sources and their sentences), normalized.
  async event(id, signal) {
    if (!this.eventBase) return null;
    const raw = await getJson(new URL(encodeURIComponent(id), this.eventBase).href, signal);
    return normalizeEvent(raw, "events", new Map());
  }
}

function withPath(url, tail) {
  const out = new URL(url.href);
  out.pathname = url.pathname + tail;
  return out.href;
}
