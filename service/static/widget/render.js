// The DOM of one event. Built with createElement and textContent only: article text (headlines,
// sentences, titles, names) is never parsed as HTML, so "<script>" in a headline shows as text.
import { datetimeAttr } from "./dates.js";

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
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

function sourceItem(source, M) {
  const item = el("li", "ev-source");
  const cite = el("cite", "ev-cite");
  cite.dir = "auto";
  const title = source.title || source.sourceName || source.documentId || M.t("article");
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
  const meta = [source.sourceName, M.longDate(source.dct)].filter(Boolean).join(", ");
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
export function accessibleName(rec, M) {
  const label = M.dateLabel(rec.date);
  const date = rec.inferred ? M.t("dateInferred", { date: label }) : label;
  const scheduled = rec.scheduled ? `, ${M.t("scheduled")}` : "";
  return `${date}${scheduled}: ${rec.headline}, ${M.count("sources", rec.sourceCount)}`;
}

// The event's picture: lazy (the browser fetches it when the row nears the view), decoded off the main
// thread, in a box of fixed size so the row's height never waits for it; its words are its alt text, its
// credit is said beside it. It never blocks the list: a picture that fails leaves the row as it is.
function figure(media, M) {
  const fig = el("figure", "ev-media");
  const img = el("img", "ev-img");
  img.loading = "lazy";
  img.decoding = "async";
  img.alt = media.alt;
  img.referrerPolicy = "no-referrer";
  img.crossOrigin = "anonymous";
  img.width = 96;
  img.height = 72;
  img.addEventListener("error", () => { fig.hidden = true; }, { once: true });
  img.src = media.src;
  fig.append(img);
  if (media.credit) fig.append(el("figcaption", "ev-credit", M.t("photo", { credit: media.credit })));
  return fig;
}

// One event: a grid row (WAI-ARIA grid pattern, one column) whose one cell holds the button that
// opens its sources. key: a prefix unique in this widget, for the ids that tie the parts together.
// Article text gets dir="auto": a headline in Arabic or Hebrew reads right to left inside the
// widget's own layout, whichever direction the reader's language gives it.
export function eventItem(rec, key, expanded, M, folded = 0) {
  const classes = ["ev", rec.span ? "ev-span" : "ev-point"];
  if (rec.scheduled) classes.push("ev-scheduled");
  if (rec.inferred) classes.push("ev-inferred");
  if (rec.group !== "events") classes.push("ev-other");
  if (rec.media) classes.push("has-media");
  const li = el("div", classes.join(" "));
  li.setAttribute("role", "row");
  const cell = el("div", "ev-cell");
  cell.setAttribute("role", "gridcell");
  const marker = el("span", "ev-marker");
  marker.setAttribute("aria-hidden", "true");

  const when = el("p", "ev-when");
  const stamp = datetimeAttr(rec.date);
  const date = el(stamp ? "time" : "span", "ev-date", M.dateLabel(rec.date));
  if (stamp) date.dateTime = stamp;
  when.append(date);
  if (rec.scheduled) when.append(" ", el("span", "ev-badge", M.t("scheduled")));
  if (rec.inferred) when.append(" ", el("span", "ev-badge ev-badge-inferred", M.t("inferred")));

  const main = el("div", "ev-main");
  const head = el("button", "ev-head");
  head.type = "button";
  head.tabIndex = -1;
  head.setAttribute("aria-label", accessibleName(rec, M));
  head.setAttribute("aria-expanded", String(expanded));
  head.setAttribute("aria-controls", `${key}-src`);
  const title = el("span", "ev-title", rec.headline);
  title.dir = "auto";
  head.append(title, " ", el("span", "ev-count", M.count("sources", rec.sourceCount)));
  main.append(head);
  const described = [];
  if (rec.inferred) {
    const why = el("p", "ev-why", M.t("whyInferred", { reason: rec.reason }));
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
  if (folded > 0) main.append(el("p", "ev-folded", M.count("foldedNote", folded)));
  if (described.length) head.setAttribute("aria-describedby", described.join(" "));
  const sources = el("ol", "ev-sources");
  sources.id = `${key}-src`;
  sources.setAttribute("aria-label", M.t("sourcesOf", { headline: rec.headline }));
  main.append(sources);
  cell.append(marker, when, main);
  if (rec.media) cell.append(figure(rec.media, M));
  li.append(cell);
  setExpanded(li, rec, expanded, M);
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

// Sources are built when first opened: most rows scroll past without ever being opened (and, read in the
// compact form, their sentences are fetched then: rec.sources is null until they came).
export function setExpanded(li, rec, open, M) {
  const head = li.querySelector(".ev-head");
  const sources = li.querySelector(".ev-sources");
  head.setAttribute("aria-expanded", String(open));
  if (open && rec.sources && !sources.querySelector(".ev-source")) {
    sources.replaceChildren(...rec.sources.map((source) => sourceItem(source, M)));
    setActive(li, li.classList.contains("is-current"));
  } else if (open && !rec.sources && !sources.firstChild) {
    sources.append(el("li", "ev-loading", M.t("sourcesLoading")));
  }
  sources.hidden = !open;
  li.classList.toggle("is-open", open);
}
