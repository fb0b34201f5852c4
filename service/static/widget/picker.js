// The entity picker: a WAI-ARIA combobox (an editable text box with a list popup, list autocomplete with manual
// selection, as the ARIA Authoring Practices' pattern) fed by the service's /api/entities. Typing asks for the
// entities whose names contain the text (most events first); ↓/↑ move through them (the text box keeps focus,
// aria-activedescendant names the option), Enter picks one (or, with none current, filters by the name as
// typed), Escape closes the list (and, when it is closed, clears the text), Alt+↓ opens and Alt+↑ closes it;
// a click picks too. Picking sets the timeline's entity
// filter to the entity; "Clear" (or an emptied text box and Enter) takes it away. The live region says how many
// entities were found, and what was picked.
//
// Every request carries no credentials, and a request that a newer one made stale is aborted.
import { el } from "./render.js";

const SHOWN = 8; // options at once
const TYPE_WAIT = 150; // ms after the last key before asking the server

let pickers = 0;

export class EntityPicker {
  // slot: the element it lives in; src: the widget's /api/timeline URL (the entities are asked of the same
  // service); M: the widget's messages; announce(text): its live region; onPick({id, name} | null).
  constructor(slot, { src, M, announce, onPick, value = "" }) {
    this.M = M;
    this.announce = announce;
    this.onPick = onPick;
    this.url = entitiesUrl(src);
    this.options = [];
    this.active = -1;
    this.picked = value || "";
    this.abort = null;
    this.timer = null;
    this.asked = null; // the text the shown options answer
    const n = ++pickers;
    const prefix = `tl-picker-${n}`;
    const label = el("label", "tl-picker-label", M.t("entity"));
    label.htmlFor = `${prefix}-input`;
    const box = el("div", "tl-picker-box");
    const input = (this.input = el("input", "tl-picker-input"));
    Object.assign(input, { id: `${prefix}-input`, type: "text", autocomplete: "off", spellcheck: false,
      placeholder: M.t("entityPlaceholder"), value: this.picked });
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", `${prefix}-list`);
    const list = (this.list = el("ul", "tl-picker-list"));
    list.id = `${prefix}-list`;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", M.t("entities"));
    list.hidden = true;
    this.prefix = prefix;
    const clear = (this.clear = el("button", "tl-picker-clear", "×"));
    clear.type = "button";
    clear.setAttribute("aria-label", M.t("entityClear"));
    clear.title = M.t("entityClear");
    clear.hidden = !this.picked;
    box.append(input, clear, list);
    slot.replaceChildren(label, box);
    slot.hidden = false;
    this.slot = slot;

    input.addEventListener("input", () => this.typed());
    input.addEventListener("keydown", (e) => this.key(e));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 0));
    input.addEventListener("click", () => { if (this.list.hidden) this.open(); });
    // mousedown would take the focus from the text box before the click picks
    list.addEventListener("mousedown", (e) => e.preventDefault());
    list.addEventListener("click", (e) => {
      const option = e.target.closest("[role=option]");
      if (option) this.pick(Number(option.dataset.index));
    });
    clear.addEventListener("click", () => {
      input.value = "";
      this.choose(null);
      input.focus();
    });
  }

  key(e) {
    const open = !this.list.hidden;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (e.altKey) return void this.open();
        if (!open) return void this.open(0);
        this.move(this.active + 1 >= this.options.length ? 0 : this.active + 1);
        return;
      case "ArrowUp":
        e.preventDefault();
        if (e.altKey) return void this.close();
        if (!open) return void this.open(-2);
        this.move(this.active <= 0 ? this.options.length - 1 : this.active - 1);
        return;
      case "Enter":
        if (open && this.active >= 0) {
          e.preventDefault();
          this.pick(this.active);
        } else if (this.input.value.trim() !== this.picked) {
          // a typed name is a filter too: the service finds the entities it names (short forms, slips)
          e.preventDefault();
          const text = this.input.value.trim();
          this.close();
          this.choose(text ? { id: null, name: text } : null);
        }
        return;
      case "Escape":
        if (open) {
          e.preventDefault();
          e.stopPropagation(); // the widget's own Escape (closing an event's sources) is not this one
          this.close();
        } else if (this.input.value) {
          e.preventDefault();
          e.stopPropagation();
          this.input.value = "";
          if (this.picked) this.choose(null);
        }
        return;
      case "Home":
      case "End":
      case "ArrowLeft":
      case "ArrowRight":
        this.move(-1); // the caret moves in the text; no option is current
        return;
      default:
    }
  }

  typed() {
    this.move(-1);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), TYPE_WAIT);
  }

  // Show the list for the text as it is (asking the server when the shown options answer another text),
  // then make option `at` current (-1 none, -2 the last).
  async open(at = -1) {
    const text = this.input.value.trim();
    if (this.asked !== text) {
      const found = await this.ask(text);
      if (found == null || this.input.value.trim() !== text) return; // stale: a newer request answers
      this.show(found, text);
    }
    if (!this.options.length) {
      this.close();
      return;
    }
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    if (at !== -1) this.move(at === -2 ? this.options.length - 1 : at);
  }

  async ask(text) {
    if (this.abort) this.abort.abort();
    const abort = (this.abort = new AbortController());
    const url = new URL(this.url);
    url.searchParams.set("limit", String(SHOWN));
    if (text) url.searchParams.set("q", text);
    try {
      const response = await fetch(url.href, { credentials: "omit", mode: "cors", signal: abort.signal,
        headers: { Accept: "application/json" } });
      if (response.status === 404) { // a service without the registry: no picker
        this.slot.hidden = true;
        return null;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = await response.json();
      return { entities: Array.isArray(body.entities) ? body.entities : [], total: Number(body.total) || 0 };
    } catch (err) {
      if (abort.signal.aborted) return null;
      this.announce(this.M.t("entityFailed", { message: err.message || String(err) }));
      return null;
    }
  }

  show({ entities, total }, text) {
    const M = this.M;
    this.asked = text;
    this.options = entities.map((e) => ({ id: String(e.id), name: String(e.name), kind: e.kind || null,
      events: Number(e.events) || 0 }));
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.list.replaceChildren(...this.options.map((o, i) => {
      const item = el("li", "tl-picker-option");
      item.id = `${this.prefix}-option-${i}`;
      item.dataset.index = String(i);
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      const kind = o.kind ? M.t(`kind_${o.kind}`) : null; // a kind with no words in the catalogs is left out
      const details = [kind === `kind_${o.kind}` ? null : kind, M.count("events", o.events)].filter(Boolean).join(", ");
      item.append(el("span", "tl-picker-name", o.name), el("span", "tl-picker-details", details));
      return item;
    }));
    if (text) this.announce(total ? M.count("entitiesFound", total) : M.t("entityNone", { text }));
  }

  move(index) {
    const items = this.list.children;
    if (this.active >= 0 && items[this.active]) items[this.active].setAttribute("aria-selected", "false");
    this.active = index >= 0 && index < items.length ? index : -1;
    if (this.active < 0) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    const item = items[this.active];
    item.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }

  close() {
    clearTimeout(this.timer);
    this.move(-1);
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
  }

  pick(index) {
    const option = this.options[index];
    if (!option) return;
    this.input.value = option.name;
    this.close();
    this.asked = null;
    this.choose(option);
  }

  choose(option) {
    this.picked = option ? option.name : "";
    this.clear.hidden = !option;
    this.announce(option ? this.M.t("entityPicked", { name: option.name }) : this.M.t("entityCleared"));
    this.onPick(option);
  }
}

// /api/entities of the service whose /api/timeline the widget reads.
export function entitiesUrl(src) {
  const url = new URL(src);
  url.search = "";
  url.hash = "";
  url.pathname = url.pathname.replace(/timeline(\/[a-z]*)?$/, "entities");
  return url.href;
}
