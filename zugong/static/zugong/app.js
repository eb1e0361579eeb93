/* Zugong page behaviour: no inline scripts (CSP), everything served from this server. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // fragments answered with 400 (a form's errors) or 409 (a conflict) still carry the message to show
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("select[data-autosubmit]")) {
      el.form.submit();
    }
  });

  // data-confirm on the form, or on the button that submits it
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var text = (button && button.dataset && button.dataset.confirm) || (form && form.dataset && form.dataset.confirm);
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-back]");
    if (link) {
      event.preventDefault();
      if (window.history.length > 1) { window.history.back(); } else { window.location.href = "/"; }
    }
  });

  // briefing editor: a click on an indicator inserts its placeholder at the cursor in the body
  document.addEventListener("click", function (event) {
    var btn = event.target.closest && event.target.closest("[data-insert]");
    if (!btn) { return; }
    var area = document.querySelector("textarea[data-placeholder-target]");
    if (!area || area.disabled) { return; }
    var text = btn.getAttribute("data-insert");
    var start = area.selectionStart || 0, end = area.selectionEnd || 0;
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + text.length;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });

  var palette = ["#206bc4", "#4299e1", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#17a2b8", "#74b816"];

  function drawChart(el) {
    if (!window.echarts || el.dataset.drawn) { return; }
    var source = document.getElementById(el.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var option;
    if (el.dataset.chart === "line") {
      option = {
        color: palette,
        tooltip: { trigger: "axis" },
        grid: { left: 48, right: 16, top: 16, bottom: 32 },
        xAxis: { type: "category", data: data.map(function (d) { return d.name; }) },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "line", smooth: true, areaStyle: { opacity: 0.15 }, data: data.map(function (d) { return d.value; }) }]
      };
    } else if (el.dataset.chart === "bar") {
      option = {
        color: palette,
        tooltip: { trigger: "axis" },
        grid: { left: 48, right: 16, top: 16, bottom: 80 },
        xAxis: { type: "category", data: data.map(function (d) { return d.name; }), axisLabel: { rotate: 40, interval: 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: data.map(function (d) { return d.value; }), name: "人数", barMaxWidth: 36,
                   label: { show: data.length <= 20, position: "top" } }]
      };
    } else {
      option = {
        color: palette,
        tooltip: { trigger: "item", formatter: "{b}：{c}人（{d}%）" },
        legend: { bottom: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
        series: [{ type: "pie", radius: ["32%", "56%"], center: ["50%", "44%"], data: data,
                   avoidLabelOverlap: true, minShowLabelAngle: 4,
                   label: { formatter: "{b}\n{c}", fontSize: 11, overflow: "none" },
                   labelLine: { length: 8, length2: 6 } }]
      };
    }
    chart.setOption(option);
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll(root) {
    (root || document).querySelectorAll(".zg-chart").forEach(drawChart);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
