// The DOM of one event. Built with createElement and textContent only: article text (headlines,
// sentences, titles, names) is never parsed as HTML, so "<script>" in a headline shows as text.
import { datetimeAttr, longDate } from "./dates.js";

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function plural(n, word) {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

// The sentence, with the date expression that placed the event marked. Offsets come from Python
// (code points) and JS strings count UTF-16 units, so the slice is checked before it is trusted.
function appendSentence(node, source) {
  const text = source.sentence;
  const timex = source.timex;
  let a = -1;
  if (timex && timex.text) {
    if (source.sentenceStart != null && timex.start != null) {
      a = timex.start - source.sentenceStart;
      if (text.slice(a, a + timex.text.length) !== timex.text) a = -1;
    }
    if (a < 0) a = text.indexOf(timex.text);
  }
  if (a < 0) {
    node.textContent = text;
    return;
  }
  const b = a + timex.text.length;
  node.append(text.slice(0, a), el("mark", "ev-timex", text.slice(a, b)), text.slice(b));
}

function sourceItem(source) {
  const item = el("li", "ev-source");
  const cite = el("cite", "ev-cite");
  cite.dir = "auto";
  const title = source.title || source.sourceName || source.documentId || "Article";
  if (source.url) {
    const link = el("a", null, title);
    link.href = source.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    cite.append(link);
  } else {
    cite.textContent = title;
  }
  item.append(cite);
  const meta = [source.sourceName, longDate(source.dct)].filter(Boolean).join(", ");
  if (meta) item.append(el("span", "ev-meta", meta));
  const quote = el("blockquote", "ev-quote");
  quote.dir = "auto";
  appendSentence(quote, source);
  item.append(quote);
  return item;
}

// The accessible name of an event's button: its date first, then what happened and how many
// sources say so. Set as one string (aria-label) so that no layout quirk of the visible pieces
// adds stray spaces, and so that the date is heard before the headline on every move.
export function accessibleName(rec) {
  const date = rec.inferred ? `${rec.date.label} (date inferred)` : rec.date.label;
  const scheduled = rec.scheduled ? ", scheduled" : "";
  return `${date}${scheduled}: ${rec.headline}, ${plural(rec.sources.length, "source")}`;
}

// One event: a grid row (WAI-ARIA grid pattern, one column) whose one cell holds the button that
// opens its sources. key: a prefix unique in this widget, for the ids that tie the parts together.
// Article text gets dir="auto": a headline in Arabic or Hebrew reads right to left inside the
// widget's own left-to-right layout.
export function eventItem(rec, key, expanded) {
  const classes = ["ev", rec.span ? "ev-span" : "ev-point"];
  if (rec.scheduled) classes.push("ev-scheduled");
  if (rec.inferred) classes.push("ev-inferred");
  if (rec.group !== "events") classes.push("ev-other");
  const li = el("div", classes.join(" "));
  li.setAttribute("role", "row");
  const cell = el("div", "ev-cell");
  cell.setAttribute("role", "gridcell");
  const marker = el("span", "ev-marker");
  marker.setAttribute("aria-hidden", "true");

  const when = el("p", "ev-when");
  const stamp = datetimeAttr(rec.date);
  const date = el(stamp ? "time" : "span", "ev-date", rec.date.label);
  if (stamp) date.dateTime = stamp;
  when.append(date);
  if (rec.scheduled) when.append(" ", el("span", "ev-badge", "scheduled"));
  if (rec.inferred) when.append(" ", el("span", "ev-badge ev-badge-inferred", "inferred"));

  const main = el("div", "ev-main");
  const head = el("button", "ev-head");
  head.type = "button";
  head.tabIndex = -1;
  head.setAttribute("aria-label", accessibleName(rec));
  head.setAttribute("aria-expanded", String(expanded));
  head.setAttribute("aria-controls", `${key}-src`);
  const title = el("span", "ev-title", rec.headline);
  title.dir = "auto";
  head.append(title, " ", el("span", "ev-count", plural(rec.sources.length, "source")));
  main.append(head);
  const described = [];
  if (rec.inferred) {
    const why = el("p", "ev-why", `Date inferred: ${rec.reason}.`);
    why.id = `${key}-why`;
    described.push(why.id);
    main.append(why);
  }
  if (rec.participants.length) {
    const who = el("p", "ev-who", rec.participants.join(", "));
    who.id = `${key}-who`;
    who.dir = "auto";
    described.push(who.id);
    main.append(who);
  }
  if (described.length) head.setAttribute("aria-describedby", described.join(" "));
  const sources = el("ol", "ev-sources");
  sources.id = `${key}-src`;
  sources.setAttribute("aria-label", `Sources: ${rec.headline}`);
  main.append(sources);
  cell.append(marker, when, main);
  li.append(cell);
  setExpanded(li, rec, expanded);
  return li;
}

// The one Tab stop of a grid: this row's button (and the links of its open sources) or none.
export function setActive(li, active) {
  const value = active ? 0 : -1;
  for (const node of li.querySelectorAll(".ev-head, .ev-sources a")) {
    if (node.tabIndex !== value) node.tabIndex = value;
  }
  li.classList.toggle("is-current", active);
}

// Sources are built when first opened: most rows scroll past without ever being opened.
export function setExpanded(li, rec, open) {
  const head = li.querySelector(".ev-head");
  const sources = li.querySelector(".ev-sources");
  head.setAttribute("aria-expanded", String(open));
  if (open && !sources.firstChild) {
    sources.append(...rec.sources.map(sourceItem));
    setActive(li, li.classList.contains("is-current"));
  }
  sources.hidden = !open;
  li.classList.toggle("is-open", open);
}
