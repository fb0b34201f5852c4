// What the widget needs to be readable and bounded before (or without) its stylesheet: a host page whose
// Content-Security-Policy does not let widget.css in still gets a box of the set height that scrolls inside
// itself, rows that do not overlap, small marks and hidden helper text. It is a constructed stylesheet (no
// <style> element, no style attribute), and widget.css, when it loads, says everything here again and more.
export const BASE_CSS = `
:host { display: flow-root; }
[hidden] { display: none !important; }
.tl { all: initial; float: left; width: 100%; display: flex; flex-direction: column; box-sizing: border-box;
  height: var(--tl-height, 36em); min-height: 16em; overflow: clip; position: relative;
  font: medium/1.45 var(--tl-font, system-ui, sans-serif); color: CanvasText; background: Canvas; }
.tl * { box-sizing: border-box; max-width: 100%; }
.sr-only, .tl-skip:not(:focus), .tl-axis-keys { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
.tl-head, .tl-axis-wrap { flex: none; padding: .3em .6em; }
.tl-axis-svg { display: block; width: 100%; height: 92px; }
.tl-viewport { position: relative; flex: 1 1 auto; min-height: 0; overflow: auto; }
.tl-track { position: relative; }
.tl-bars, .ev-marker, .tl-legend svg { display: none; }
.tl-list { position: absolute; inset: 0; }
.ev { position: absolute; left: 0; right: 0; padding: .4em .6em; }
.ev-other { position: relative; }
.ev p, .ev ol { margin: .1em 0; }
.ev-head { display: block; width: 100%; text-align: start; font: inherit; font-weight: 600; background: none; border: 0; padding: 0; color: inherit; }
.ev-media img { width: 96px; height: 72px; object-fit: cover; }
.tl-print { display: none; }
`;

// The stylesheet as a constructed sheet, or null where the browser has none.
export function baseSheet() {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(BASE_CSS);
    return sheet;
  } catch {
    return null;
  }
}
