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

  function start() {
    var hosts = document.querySelectorAll("[data-timeline-src]");
    if (!hosts.length) return;
    import(assets + "bundle.js").then(function (module) {
      hosts.forEach(function (host) { module.mount(host, { assets: assets }); });
    }, function (err) {
      console.error("timeline widget: could not load its modules from " + assets, err);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
