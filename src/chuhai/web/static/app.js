// Chuhai front-end glue: charts from data attributes (no inline scripts: CSP script-src 'self').
(function () {
  "use strict";
  // Twelve distinct colours: the belts have eleven product categories, and a repeated colour in a pie reads as one slice.
  var palette = ["#c2410c", "#0f766e", "#1d4ed8", "#a16207", "#7c3aed", "#be123c", "#15803d", "#0369a1", "#78716c",
                 "#db2777", "#65a30d", "#334155"];

  // Map outlines are fetched once, when the first map chart appears (GeoJSON served locally).
  var maps = {};
  function withMap(name, then) {
    if (echarts.getMap(name)) return then();
    if (!maps[name]) {
      maps[name] = fetch("/static/vendor/" + name + ".json").then(function (r) { return r.json(); })
        .then(function (geo) { echarts.registerMap(name, geo); });
    }
    maps[name].then(then);
  }

  function initChart(el) {
    if (el.dataset.chartReady) return;
    var spec;
    try { spec = JSON.parse(el.dataset.chart); } catch (e) { return; }
    var map = (spec.series || []).map(function (s) { return s.type === "map" ? s.map : null; }).filter(Boolean)[0];
    if (map && !echarts.getMap(map)) {
      el.dataset.chartReady = "pending";
      withMap(map, function () { delete el.dataset.chartReady; initChart(el); });
      return;
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    spec.color = spec.color || palette;
    spec.textStyle = spec.textStyle || { fontFamily: "inherit" };
    chart.setOption(spec);
    el.dataset.chartReady = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function initAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(initChart);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:afterSwap", function (evt) { initAll(evt.target); });
  // Every htmx request carries the CSRF token of the page.
  document.addEventListener("htmx:configRequest", function (evt) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) evt.detail.headers["X-CSRF-Token"] = meta.content;
  });
  // The menu button of narrow screens opens and closes the navigation.
  document.addEventListener("click", function (evt) {
    var toggle = evt.target.closest(".nav-toggle");
    if (!toggle) return;
    var open = toggle.closest(".sidebar").classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // A download that takes a few seconds to build says so: <a data-busy="Preparing…">.
  document.addEventListener("click", function (evt) {
    var link = evt.target.closest("a[data-busy]");
    if (!link || link.dataset.label) return;
    link.dataset.label = link.textContent;
    link.textContent = link.dataset.busy;
    link.setAttribute("aria-busy", "true");
    setTimeout(function () {
      link.textContent = link.dataset.label;
      delete link.dataset.label;
      link.removeAttribute("aria-busy");
    }, 6000);
  });
  // Confirm buttons: <button data-confirm="...">
  document.addEventListener("click", function (evt) {
    var target = evt.target.closest("[data-confirm]");
    if (target && !window.confirm(target.dataset.confirm)) evt.preventDefault();
  });
})();
