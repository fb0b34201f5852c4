// Dates as the API gives them, shown honestly: no Date objects anywhere (a bare "2013" must not
// become milliseconds, "2022-08" must not become 1 August at local midnight). The server has already
// turned every value into an interval [start, end) of ISO strings and a reader's label; this module
// only decides how an interval is drawn and compares ISO strings, which sort as text.

// The widget's one month table (the server's is the lexicon's, timeline/timex/lexicon.toml; a test checks
// that they agree). Short names are the first three letters.
export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
export const MONTH_ABBREVIATIONS = MONTHS.map((name) => name.slice(0, 3));

// Coarser than a day: drawn as a bar that covers the events inside it, never as a point.
const SPANS = new Set(["week", "month", "season", "quarter", "half", "year", "decade", "century", "millennium"]);

export function isSpan(date) {
  return SPANS.has(date.granularity);
}

// A valid HTML datetime value at the event's own precision ("2022-08", "2001", "2022-W37"), or null
// where HTML has none (seasons, quarters, decades): then the label alone carries the date.
const FORMS = {
  day: [/^\d{4}-\d{2}-\d{2}$/, "start", 10],
  time: [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "start", 16],
  month: [/^\d{4}-\d{2}$/, "start", 7],
  year: [/^\d{4}$/, "start", 4],
  week: [/^\d{4}-W\d{2}$/, "value", 8],
};

export function datetimeAttr(date) {
  const form = FORMS[date.granularity];
  if (!form) return null;
  const raw = (date[form[1]] || "").slice(0, form[2]);
  return form[0].test(raw) ? raw : null;
}

// "2022-09-15" → "15 September 2022"; anything else is returned as given.
export function longDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!m || +m[2] < 1 || +m[2] > 12) return iso || "";
  return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}`;
}

// The bars of the date rail. Rows come in the API's order (by interval start, longer first), so the
// events inside a span are the rows after it that start before it ends: one binary search each.
// Rows with the same interval ("August 2022" twice) share one bar. Bars take the first free lane;
// when all are taken the span keeps only its own marker (its label still says what it is).
export function computeBars(rows, maxLanes) {
  const bars = [];
  const laneEnds = [];
  let previous = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!r.span || !r.start || !r.end) { previous = null; continue; }
    if (previous && previous.start === r.start && previous.end === r.end) continue;
    previous = r;
    let lo = i, hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const s = rows[mid].start;
      if (s && s < r.end) lo = mid; else hi = mid - 1;
    }
    let lane = laneEnds.findIndex((last) => last < i);
    if (lane < 0 && laneEnds.length < maxLanes) { lane = laneEnds.length; laneEnds.push(-1); }
    if (lane < 0) continue;
    laneEnds[lane] = lo;
    bars.push({ first: i, last: lo, lane, scheduled: r.scheduled });
  }
  return bars;
}
