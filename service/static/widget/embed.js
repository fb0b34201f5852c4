/* Timeline embed: include this script on any page, after one or more
     <div data-timeline-src="https://HOST/api/timeline?entity=Putin&from=2022"></div>
   and each such div becomes the timeline widget. This file is a classic script so that a plain
   <script src> works everywhere; it loads the widget's ES modules from the same place it came from
   (nothing from any other server) and defines no globals: all of them at once, as the one module the
   service puts together from them (static/widget/bundle.js; the files in static/widget/ are the source). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return; // the widget's files are found relative to this script's URL
  var assets = new URL("static/widget/", script.src).href;

  // A widget's first two requests, asked for while its code travels rather than after: the counts per month
  // of its timeline (/api/timeline/axis) and the first page of rows (/api/timeline/compact, 100 events), as the
  // widget asks for them (api.js: Api.axis, Api.firstPage; it takes an answer only for the very URL it would
  // ask for, so a difference costs a request, never a wrong answer). No credentials, as every request of it.
  function early(host) {
    var asked = new Map();
    try {
      var src = new URL(host.getAttribute("data-timeline-src") || "", document.baseURI);
      if (!/\/api\/timeline$/.test(src.pathname) || !window.fetch) return asked;
      var axis = new URL(src.href);
      axis.pathname = src.pathname + "/axis";
      var page = new URL(src.href);
      page.pathname = src.pathname + "/compact";
      page.searchParams.delete("format");
      page.searchParams.delete("cursor");
      if (!src.searchParams.has("limit")) page.searchParams.set("limit", "100");
      [axis.href, page.href].forEach(function (url) {
        var answer = fetch(url, { credentials: "omit", mode: "cors", headers: { Accept: "application/json" } });
        answer.catch(function () {}); // the widget sees the error when it reads the answer
        asked.set(url, answer);
      });
    } catch (err) {
      // not a URL: the widget says so
    }
    return asked;
  }

  // The widget's shadow root and its stylesheet, made now so that widget.css travels with the code (the widget
  // shows once it is styled); the widget takes them over (widget.js: mount, style). The slot keeps whatever
  // the host put in the div in view until the widget is drawn (or if its code cannot load).
  function prepare(host) {
    if (host.shadowRoot || !host.attachShadow) return null;
    try {
      new URL(host.getAttribute("data-timeline-src") || "", document.baseURI);
    } catch (err) {
      return null; // not a URL: the widget says so
    }
    var shadow = host.attachShadow({ mode: "open" });
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.crossOrigin = "anonymous"; // no cookies, as every request of the widget
    link.href = assets + "widget.css";
    var prepared = { shadow: shadow, link: link, loaded: false };
    prepared.styled = new Promise(function (resolve) {
      link.addEventListener("load", function () { prepared.loaded = true; resolve(true); }, { once: true });
      link.addEventListener("error", function () { resolve(false); }, { once: true });
    });
    shadow.appendChild(link);
    shadow.appendChild(document.createElement("slot"));
    return prepared;
  }

  function start() {
    var hosts = document.querySelectorAll("[data-timeline-src]");
    if (!hosts.length) return;
    var asked = Array.prototype.map.call(hosts, early);
    var prepared = Array.prototype.map.call(hosts, prepare);
    import(assets + "bundle.js").then(function (module) {
      hosts.forEach(function (host, i) {
        module.mount(host, { assets: assets, early: asked[i], prepared: prepared[i] });
      });
    }, function (err) {
      console.error("timeline widget: could not load its modules from " + assets, err);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
