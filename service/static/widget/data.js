// The API's JSON comes from another server: read it defensively, keep only what the widget shows,
// and let no wrong type reach the DOM code. Text stays text: the renderer only ever assigns it to
// textContent, and links pass safeUrl first.
import { isSpan } from "./dates.js";
import { inferredReason } from "./reasons.js";
import { dayNumber } from "./scale.js";

const str = (v) => (typeof v === "string" ? v : v == null ? "" : String(v));
const arr = (v) => (Array.isArray(v) ? v : []);
const obj = (v) => (v && typeof v === "object" ? v : {});
const int = (v) => (Number.isInteger(v) ? v : null);

// Only http(s) links: a feed could carry javascript: or data: URLs.
export function safeUrl(url) {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

// A source as the full API gives it (an event's sources[], or /api/events/<id>).
function normalizeSource(s) {
  s = obj(s);
  const t = obj(s.timex);
  return {
    title: str(s.title), url: safeUrl(str(s.url)), sourceName: str(s.source_name), dct: str(s.dct),
    documentId: str(s.document_id), sentence: str(s.sentence), sentenceStart: int(s.sentence_start),
    timex: s.timex ? { text: str(t.text), start: int(t.start), end: int(t.end) } : null,
  };
}

// A picture the article gives for the event: only an http(s) image, with its words (alt) and credit.
function normalizeMedia(m) {
  m = obj(m);
  const src = safeUrl(str(m.src || m.url));
  if (!src) return null;
  return { src, alt: str(m.alt), credit: str(m.credit), width: int(m.width), height: int(m.height) };
}

// An event of a full page (sources with their sentences) or of a compact one (how many sources, which
// documents: the sentences come when its row is opened). documents: id → {title, url, sourceName, dct}.
export function normalizeEvent(raw, group, documents) {
  raw = obj(raw);
  const d = obj(raw.date);
  const date = {
    label: str(d.label),
    granularity: str(d.granularity),
    value: str(d.value),
    mod: str(d.mod),
    start: typeof d.start === "string" ? d.start : null,
    end: typeof d.end === "string" ? d.end : null,
    scheduled: d.scheduled === true,
    status: str(d.status) || group,
  };
  if (!date.label) date.label = group === "undated" ? "undated" : date.value || "date unknown";
  const participants = arr(raw.participants).map((p) => (typeof p === "string" ? p : str(obj(p).name))).filter(Boolean);
  const compact = typeof raw.sources === "number";
  const sources = compact ? null : arr(raw.sources).map(normalizeSource);
  const docIds = compact ? arr(raw.documents).map(str) : [...new Set(sources.map((s) => s.documentId))];
  const docs = docIds.map((id) => (documents && documents.get(id)) || { id, title: "", url: null, sourceName: "", dct: "" });
  const headline = str(raw.headline) || str(raw.trigger) || "(no headline)";
  const inferred = raw.inferred === true;
  const why = obj(compact ? raw.why : d.why);
  // Day numbers for the time axis; an interval that does not parse is not drawn there.
  let t0 = dayNumber(date.start), t1 = dayNumber(date.end);
  if (t0 == null || t1 == null) t0 = t1 = null;
  else if (t1 <= t0) t1 = t0 + 1 / 1440;
  return {
    id: str(raw.id),
    group,
    headline,
    date,
    participants,
    sources, // null until the row is opened (compact)
    sourceCount: compact ? (Number.isInteger(raw.sources) ? raw.sources : 0) : sources.length,
    documents: docs,
    inferred,
    // In words: why a date the event's own sentence did not give was given to it.
    reason: inferred ? inferredReason({ rule: str(why.rule), explanation: str(why.explanation) }) : "",
    start: date.start,
    end: date.end,
    span: group === "events" && isSpan(date),
    scheduled: date.scheduled,
    // The story: publication-day chatter is folded under the events that carry it (pinned never is).
    chatter: raw.chatter === true && raw.pinned !== true,
    pinned: raw.pinned === true,
    weight: Number.isFinite(raw.weight) ? raw.weight : 0,
    media: raw.media ? normalizeMedia(raw.media) : null,
    t0,
    t1,
    mid: t0 == null ? null : (t0 + t1) / 2,
    // What the filter box searches: everything the reader can see on the event.
    text: [headline, date.label, inferred ? "inferred" : "", ...participants,
      ...docs.flatMap((doc) => [doc.title, doc.sourceName]),
      ...(sources || []).flatMap((s) => [s.title, s.sourceName, s.sentence])].join("\n").toLowerCase(),
  };
}

export function normalizePage(data) {
  data = obj(data);
  if (data.schema_version !== 1) throw new Error("this server speaks another timeline format");
  const documents = new Map(arr(data.documents).map((doc) => {
    doc = obj(doc);
    return [str(doc.id), { id: str(doc.id), title: str(doc.title), url: safeUrl(str(doc.url)), sourceName: str(doc.source_name), dct: str(doc.dct) }];
  }));
  return {
    total: Number.isInteger(data.total) ? data.total : arr(data.events).length,
    nextCursor: typeof data.next_cursor === "string" && data.next_cursor ? data.next_cursor : null,
    vagueCursor: typeof data.vague_next_cursor === "string" && data.vague_next_cursor ? data.vague_next_cursor : null,
    undatedCursor: typeof data.undated_next_cursor === "string" && data.undated_next_cursor ? data.undated_next_cursor : null,
    othersTotal: (Number.isInteger(data.vague_total) ? data.vague_total : 0) + (Number.isInteger(data.undated_total) ? data.undated_total : 0),
    events: arr(data.events).map((e) => normalizeEvent(e, "events", documents)),
    others: [...arr(data.vague).map((e) => normalizeEvent(e, "vague", documents)),
      ...arr(data.undated).map((e) => normalizeEvent(e, "undated", documents))],
  };
}
