/* Timeline chart: draws the server-built Plotly figure, opens drill-downs on click, and fetches
 * detail for the visible window when the reader zooms or pans. No inline scripts, no eval (strict CSP). */
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;
  var config = {
    responsive: true,
    displaylogo: false,
    scrollZoom: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
  };

  function adapt(figure) {
    var legend = figure.layout && figure.layout.legend;
    if (window.innerWidth < 700) {
      // Phones: one legend entry per row and smaller lane names, so the plot keeps most of the width.
      if (legend && legend.entrywidthmode === "fraction") legend.entrywidth = 1;
      if (legend) legend.font = { size: 11 };
      if (figure.layout.yaxis) figure.layout.yaxis.tickfont = { size: 11 };
      if (figure.layout.margin) figure.layout.margin.r = 4;
    }
    return figure;
  }

  function meta(figure) {
    return (figure.layout && figure.layout.meta) || { mode: "empty" };
  }

  function urlFor(template, id) {
    // Templates come from {% url ... 0 %}: the only "/0/" segment is the id.
    return template.replace("/0/", "/" + encodeURIComponent(id) + "/");
  }

  function isoDay(value) {
    // Plotly gives "2019-02-03", "2019-02-03 12:34:56.7" or a number; clamp to years 1..9999.
    var d = new Date(typeof value === "string" ? value.replace(" ", "T") + (value.length <= 10 ? "T00:00:00Z" : "Z") : value);
    if (isNaN(d.getTime())) return null;
    var year = Math.min(9999, Math.max(1, d.getUTCFullYear()));
    var m = String(d.getUTCMonth() + 1).padStart(2, "0");
    var day = String(d.getUTCDate()).padStart(2, "0");
    return String(year).padStart(4, "0") + "-" + m + "-" + day;
  }

  function addDay(iso) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  function openEvent(gd, id) {
    var sources = urlFor(gd.dataset.sourcesUrl, id);
    // Keep the filters in the shared URL: /events/<id>/?kind=summit reopens this view.
    var page = urlFor(gd.dataset.eventUrl, id) + location.search;
    return htmx
      .ajax("GET", sources, { target: "#drilldown", swap: "innerHTML show:#drilldown:top" })
      .then(function () {
        var panel = document.querySelector("#drilldown [data-event-id]");
        if (!panel || panel.getAttribute("data-event-id") !== String(id)) return;
        // Mark the current entry as htmx's so Back restores it (htmx reloads it from the server).
        history.replaceState({ htmx: true }, "", location.href);
        history.pushState({ htmx: true }, "", page);
      });
  }

  function Chart(gd, figure) {
    this.gd = gd;
    this.timer = null;
    this.controller = null;
    // What the current traces cover: mode "events" with no bounds means every matching event is drawn.
    this.loaded = { mode: meta(figure).mode, start: null, end: null };
    this.query = new URLSearchParams(gd.dataset.query || "");
  }

  Chart.prototype.covers = function (start, end) {
    if (this.loaded.mode !== "events" && this.loaded.mode !== "empty") return false;
    if (!this.loaded.start && !this.loaded.end) return true;
    return this.loaded.start <= start && end <= this.loaded.end;
  };

  Chart.prototype.onRelayout = function (ev) {
    var self = this;
    var start = null;
    var end = null;
    if (ev["xaxis.range[0]"] !== undefined) {
      start = ev["xaxis.range[0]"];
      end = ev["xaxis.range[1]"];
    } else if (ev["xaxis.range"]) {
      start = ev["xaxis.range"][0];
      end = ev["xaxis.range"][1];
    } else if (!ev["xaxis.autorange"]) {
      return;
    }
    if (start !== null) {
      start = isoDay(start);
      end = isoDay(end);
      if (!start || !end || start > end) return;
      if (this.covers(start, end)) return;
    } else if (this.covers("0001-01-01", "9999-12-31")) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.fetchWindow(start, end);
    }, DEBOUNCE_MS);
  };

  Chart.prototype.fetchWindow = function (start, end) {
    var self = this;
    var params = new URLSearchParams(this.query.toString());
    if (start && end) {
      // The window narrows the page's own date filter, never widens it.
      var fs = params.get("start");
      var fe = params.get("end");
      if (fs && fs.length === 10 && fs > start) start = fs;
      if (fe && fe.length === 10 && fe < end) end = fe;
      params.set("start", start);
      params.set("end", end);
    }
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    this.gd.classList.add("chart-loading");
    return fetch(this.gd.dataset.windowUrl + "?" + params.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: this.controller.signal,
    })
      .then(function (response) {
        if (!response.ok) throw new Error("chart window: HTTP " + response.status);
        return response.json();
      })
      .then(function (figure) {
        figure = adapt(figure);
        var m = meta(figure);
        self.loaded = { mode: m.mode, start: start && end ? start : null, end: start && end ? end : null };
        self.gd.dataset.mode = m.mode;
        return Plotly.react(self.gd, figure.data, figure.layout, config);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        console.warn(error);
      })
      .finally(function () {
        self.gd.classList.remove("chart-loading");
      });
  };

  Chart.prototype.onClick = function (ev) {
    var point = ev && ev.points && ev.points[0];
    if (!point) return;
    var data = point.customdata;
    if (Array.isArray(data)) {
      // Aggregated bar: zoom into its period; the relayout handler then fetches its events.
      Plotly.relayout(this.gd, { "xaxis.range": [data[0], addDay(data[1])] });
      return;
    }
    if (data !== undefined && data !== null) openEvent(this.gd, data);
  };

  function init() {
    var gd = document.getElementById("timeline-chart");
    var source = document.getElementById("timeline-figure");
    if (!gd || !source || gd.dataset.ready === "1" || !window.Plotly) return;
    gd.dataset.ready = "1";
    var figure = adapt(JSON.parse(source.textContent));
    var chart = new Chart(gd, figure);
    gd.dataset.mode = meta(figure).mode;
    Plotly.newPlot(gd, figure.data, figure.layout, config).then(function () {
      gd.on("plotly_click", function (ev) {
        chart.onClick(ev);
      });
      gd.on("plotly_relayout", function (ev) {
        chart.onRelayout(ev);
      });
      gd.dataset.rendered = "1";
      gd.dispatchEvent(new CustomEvent("timeline:rendered", { bubbles: true }));
    });
  }

  function highlightSelected() {
    var panel = document.querySelector("#drilldown [data-event-id]");
    var id = panel ? panel.getAttribute("data-event-id") : null;
    document.querySelectorAll(".event-link[aria-current]").forEach(function (a) {
      a.removeAttribute("aria-current");
    });
    if (id) {
      var link = document.querySelector('.event-link[data-event-id="' + CSS.escape(id) + '"]');
      if (link) link.setAttribute("aria-current", "true");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Phones: start with the filters folded so the chart is on the first screen.
    var toggle = document.getElementById("filters-toggle");
    if (toggle && window.matchMedia("(max-width: 999px)").matches && !location.search) toggle.open = false;
    init();
    document.body.addEventListener("htmx:configRequest", function (ev) {
      // Keep pushed URLs short and bookmarkable: drop empty filter fields.
      var params = ev.detail.parameters;
      try {
        var names = typeof params.keys === "function" ? Array.from(params.keys()) : Object.keys(params);
        names.forEach(function (name) {
          var value = typeof params.getAll === "function" ? params.getAll(name) : params[name];
          var isDefault = name === "lane" && (value === "kind" || (Array.isArray(value) && value.join() === "kind"));
          if (isDefault || value === "" || (Array.isArray(value) && value.every(function (v) { return v === ""; }))) {
            if (typeof params.delete === "function") params.delete(name);
            else delete params[name];
          }
        });
      } catch (e) {
        /* leave the parameters as they are */
      }
    });
    document.body.addEventListener("htmx:beforeSwap", function (ev) {
      if (ev.detail.target && ev.detail.target.querySelector && ev.detail.target.querySelector("#timeline-chart")) {
        var old = document.getElementById("timeline-chart");
        if (old && window.Plotly) Plotly.purge(old);
      }
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      init(); // no-op unless a new chart container arrived
      highlightSelected();
    });
  });
})();
