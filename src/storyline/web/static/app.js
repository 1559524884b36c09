// storyline's pages: sparklines, the story timeline, figure charts and the
// "since my last visit" switch. Data comes from JSON in data- attributes and
// <script type="application/json"> blocks (never executed); no inline script.
(function () {
  "use strict";

  function sparkline(el) {
    var volume = JSON.parse(el.getAttribute("data-volume") || "[]");
    if (!volume.length) return;
    var max = Math.max.apply(null, volume.map(function (v) { return v[1]; }));
    var w = 120, h = 24, step = volume.length > 1 ? w / (volume.length - 1) : 0;
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", w); svg.setAttribute("height", h); svg.setAttribute("class", "spark");
    var pts = volume.map(function (v, i) { return (i * step).toFixed(1) + "," + (h - 2 - (v[1] / max) * (h - 4)).toFixed(1); });
    if (pts.length === 1) pts.push(w + "," + pts[0].split(",")[1]);
    var line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", pts.join(" "));
    svg.appendChild(line);
    var title = document.createElementNS(ns, "title");
    title.textContent = volume.map(function (v) { return v[0] + ": " + v[1]; }).join("\n");
    svg.appendChild(title);
    el.textContent = "";
    el.appendChild(svg);
  }

  function timeline() {
    var box = document.getElementById("timeline-chart");
    var data = document.getElementById("timeline-data");
    if (!box || !data || !window.vis) return;
    var parsed = JSON.parse(data.textContent);
    if (!parsed.items.length) { box.hidden = true; return; }
    var items = new window.vis.DataSet(parsed.items);
    // The axis's month and day names in the page's language (vis-timeline's own locales).
    var locale = document.documentElement.lang === "en" ? "en" : "ru";
    var options = { stack: true, maxHeight: 420, zoomable: true, orientation: "top", locale: locale };
    if (parsed.groups.length) {
      new window.vis.Timeline(box, items, new window.vis.DataSet(parsed.groups), options);
    } else {
      new window.vis.Timeline(box, items, options);
    }
    box.setAttribute("data-ready", "1");
  }

  function charts() {
    if (!window.uPlot) return;
    document.querySelectorAll(".fact-chart").forEach(function (el) {
      var chart = JSON.parse(el.getAttribute("data-chart"));
      var xs = chart.points.map(function (p, i) { return i + 1; });
      var ys = chart.points.map(function (p) { return p[1]; });
      new window.uPlot({ width: 220, height: 90, legend: { show: false }, scales: { x: { time: false } },
        series: [{}, { label: chart.label, stroke: "#b5401f", width: 2, points: { show: true, size: 5 } }],
        axes: [{ show: false }, { size: 40 }] }, [xs, ys], el);
    });
  }

  function sinceSwitch() {
    var body = document.body, storyId = body.getAttribute("data-story-id");
    if (!storyId) return;
    var key = "storyline:visit:" + storyId;
    var previous = null;
    try { previous = window.localStorage.getItem(key); } catch (e) { previous = null; }
    var toggle = document.getElementById("since-toggle");
    var label = document.getElementById("last-visit");
    if (toggle) {
      if (previous) {
        if (label) label.textContent = label.getAttribute("data-label") + ": " + previous;
        toggle.addEventListener("change", function () {
          if (toggle.checked) window.location.href = toggle.getAttribute("data-href") + encodeURIComponent(previous);
        });
      } else {
        toggle.disabled = true;
        if (label) label.textContent = label.getAttribute("data-first");
      }
    }
    var latest = body.getAttribute("data-last-published");
    if (latest && !/[?&]since=/.test(window.location.search)) {
      try { window.localStorage.setItem(key, (latest + "-01-01").slice(0, 10)); } catch (e) { /* private mode */ }
    }
  }

  function init(root) {
    (root || document).querySelectorAll(".sparkline").forEach(sparkline);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    timeline();
    charts();
    sinceSwitch();
    var target = document.getElementById("at");
    if (target) target.scrollIntoView({ block: "center" });
  });
  // A live check waits on the server for news (web/live.py). One that fails (a proxy
  // that cuts long requests, a server restarting) falls back to checking every
  // data-poll seconds; the next update brings a waiting check back.
  function liveCheck(el, wait) {
    var url = el.getAttribute("data-poll-url");
    if (!url || !window.htmx) return;
    el.setAttribute("hx-get", wait ? url + "&wait=" + el.getAttribute("data-wait") : url);
    el.setAttribute("hx-trigger", wait ? "load" : "every " + el.getAttribute("data-poll") + "s");
    window.htmx.process(el);
    if (wait) {  // htmx fires an element's "load" once: the check is sent from here
      window.htmx.ajax("GET", el.getAttribute("hx-get"),
        { source: el, target: el.getAttribute("hx-target"), swap: el.getAttribute("hx-swap") });
    }
  }
  function pollInstead(event) {
    var el = event.target;
    if (!el.classList || !el.classList.contains("live") || !el.getAttribute("data-poll-url")) return;
    liveCheck(el, false);
    el.removeAttribute("data-poll-url");
  }
  document.addEventListener("htmx:responseError", pollInstead);
  document.addEventListener("htmx:sendError", pollInstead);
  document.addEventListener("htmx:timeout", pollInstead);
  // A browser keeps ~6 connections to a server: a hidden tab gives its waiting check
  // up and checks every data-poll seconds, so many open tabs do not hold them all.
  // Shown again, it waits again (answered at once if its page changed meanwhile).
  document.addEventListener("visibilitychange", function () {
    var hidden = document.visibilityState === "hidden";
    document.querySelectorAll(".live[data-poll-url]").forEach(function (el) {
      if (hidden && window.htmx) window.htmx.trigger(el, "htmx:abort");
      liveCheck(el, !hidden);
    });
  });
  // A live update swaps the story list's rows or a story's whole body: draw what
  // the new content holds (the timeline and the charts only exist on a story page).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.classList && target.classList.contains("live")) return; // a renewed check only
    init(document);
    timeline();
    charts();
  });
})();
