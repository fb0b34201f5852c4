// Walking the paged API: the first page small so something shows at once, then big pages until
// next_cursor is null. Requests carry no cookies or credentials (credentials: "omit"): the widget
// only ever reads the public timeline, whatever page it is embedded in.
import { normalizePage } from "./data.js";

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

async function getJson(url, signal) {
  const response = await fetch(url, {
    credentials: "omit", mode: "cors", signal, headers: { Accept: "application/json" },
  });
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

// Calls onPage(page, isFirst) for every page. A 410 (the timeline changed between two pages: the
// cursor names a snapshot the server no longer keeps) starts over with onRestart(); a 503 (no
// timeline yet) waits and tries again, telling onWait(seconds).
export async function loadTimeline(src, { onPage, onRestart, onWait, signal }) {
  let attempt = 0;
  for (;;) {
    let cursor = null;
    let first = true;
    let side = [];
    try {
      do {
        const page = normalizePage(await getJson(pageUrl(src, cursor, first), signal));
        if (first) side = [page.vagueCursor, page.undatedCursor];
        await onPage(page, first);
        first = false;
        cursor = page.nextCursor;
      } while (cursor);
      // The vague and undated events past the first page have cursors of their own.
      for (let next of side) {
        while (next) {
          const page = normalizePage(await getJson(pageUrl(src, next, false), signal));
          await onPage(page, false);
          next = page.vagueCursor || page.undatedCursor;
        }
      }
      return;
    } catch (err) {
      if (err instanceof HttpError && err.status === 410) {
        onRestart();
        continue;
      }
      if (err instanceof HttpError && err.status === 503 && first) {
        const wait = RETRY_SECONDS[Math.min(attempt++, RETRY_SECONDS.length - 1)];
        onWait(wait);
        await sleep(wait, signal);
        continue;
      }
      throw err;
    }
  }
}
