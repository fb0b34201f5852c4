// Which keys the widget uses. It listens on its own root only (never on the document or window), and
// leaves alone every key typed into a field, with a modifier it does not use, or that it does not
// use at all: a host page keeps its keys, and the widget's own filter box keeps its caret keys.

// The event list: a one-column grid (WAI-ARIA APG grid pattern). With one cell per row, Home and End
// go to the first and last row, as Ctrl+Home and Ctrl+End do.
const LIST = {
  ArrowDown: { move: 1 }, ArrowUp: { move: -1 },
  PageDown: { page: 1 }, PageUp: { page: -1 }, Home: { to: "first" }, End: { to: "last" },
  Escape: { close: true },
};

// The time axis: a slider (WAI-ARIA APG slider pattern) whose value is the current event. Right and
// Up go to the next event, Left and Down to the one before; Page Up and Page Down jump a tenth of
// the time shown later or earlier; Home and End go to the first and last event in view; + and -
// zoom in and out around the current event, 0 shows the whole timeline again; Enter goes to the
// event in the list.
const AXIS = {
  ArrowRight: { move: 1 }, ArrowUp: { move: 1 }, ArrowLeft: { move: -1 }, ArrowDown: { move: -1 },
  PageUp: { jump: 1 }, PageDown: { jump: -1 }, Home: { to: "first" }, End: { to: "last" },
  "+": { zoom: 2 }, "=": { zoom: 2 }, "-": { zoom: 0.5 }, _: { zoom: 0.5 }, 0: { reset: true },
  Enter: { enter: true },
};

function typing(event) {
  const target = event.target;
  return event.isComposing || !target || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

export function keyAction(event) {
  if (typing(event) || event.altKey || event.metaKey || event.shiftKey) return null;
  if (event.ctrlKey) return event.key === "Home" || event.key === "End" ? LIST[event.key] : null;
  return LIST[event.key] || null;
}

// Shift is allowed: "+" is Shift+= on many keyboards.
export function axisAction(event) {
  if (typing(event) || event.altKey || event.metaKey || event.ctrlKey) return null;
  return AXIS[event.key] || null;
}
