// A link to one event and one window of time: the widget keeps the current event and the window it shows in
// the page's URL fragment (#tl-event=ID&tl-window=2022-09-01~2022-10-01; the prefix is the host element's id,
// "tl" by default, so two widgets on a page keep theirs apart), and opens on them when the link is followed.
// The fragment is replaced, never pushed: moving through events does not fill the reader's history.
import { civilFromDays, dayNumber } from "./scale.js";

const pad = (n, w = 2) => String(n).padStart(w, "0");

export function dayText(t) {
  const c = civilFromDays(t);
  return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}`;
}

function params() {
  return new URLSearchParams(location.hash.replace(/^#/, ""));
}

// {event, window: [t0, t1] | null} from the fragment, for this prefix.
export function readFragment(prefix) {
  let p;
  try {
    p = params();
  } catch {
    return { event: null, window: null };
  }
  const event = p.get(`${prefix}-event`) || null;
  const raw = p.get(`${prefix}-window`) || "";
  const m = /^(\d{4}-\d{2}-\d{2})~(\d{4}-\d{2}-\d{2})$/.exec(raw);
  let window = null;
  if (m) {
    const t0 = dayNumber(m[1]), t1 = dayNumber(m[2]);
    if (t0 != null && t1 != null && t1 > t0) window = [t0, t1];
  }
  return { event, window, whole: raw === "all" };
}

// Writes the current event and window (null: the whole timeline) into the fragment, keeping the rest of it.
export function writeFragment(prefix, event, window) {
  let p;
  try {
    p = params();
  } catch {
    p = new URLSearchParams();
  }
  if (event) p.set(`${prefix}-event`, event);
  else p.delete(`${prefix}-event`);
  p.set(`${prefix}-window`, window ? `${dayText(window[0])}~${dayText(Math.ceil(window[1]))}` : "all");
  // encodeURIComponent, not URLSearchParams.toString(): it leaves "~" alone, so the link stays readable
  const hash = `#${Array.from(p, ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
  if (hash === location.hash) return;
  try {
    history.replaceState(history.state, "", hash);
  } catch { /* a sandboxed frame without history: the link is not kept */ }
}
