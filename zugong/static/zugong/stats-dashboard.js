/* Statistics dashboard charts that app.js does not draw: completion gauges and the ranking bars
   (本期 beside 上年同期). Data comes from json_script blocks; no inline script (CSP). */
(function () {
  "use strict";

  var palette = ["#206bc4", "#a8b8cc"];

  function fmt(v) {
    return v === null || v === undefined ? "—" : Number(v).toLocaleString("zh-CN", { maximumFractionDigits: 1 });
  }

  function gaugeOption(d) {
    var over = d.value > 100;
    return {
      series: [{
        type: "gauge", min: 0, max: d.max, startAngle: 210, endAngle: -30, radius: "92%", center: ["50%", "56%"],
        progress: { show: true, width: 12, itemStyle: { color: over ? "#2fb344" : "#206bc4" } },
        axisLine: { lineStyle: { width: 12, color: [[1, "#e6ebf1"]] } },
        pointer: { show: false }, anchor: { show: false },
        axisTick: { show: false },
        splitLine: { length: 6, distance: 4, lineStyle: { width: 1, color: "#9aa6b5" } },
        splitNumber: 5,
        axisLabel: { distance: 16, fontSize: 10, color: "#6c7a91" },
        title: { show: false },
        detail: { offsetCenter: [0, "0%"], fontSize: 22, fontWeight: 600, color: "#1d273b",
                  formatter: function (v) { return fmt(v) + "%"; } },
        data: [{ value: d.value, name: d.name }]
      }]
    };
  }

  function rankingOption(d) {
    var n = d.categories.length;
    return {
      color: palette,
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        valueFormatter: function (v) { return fmt(v) + (d.unit === "%" ? "%" : d.unit); }
      },
      legend: { show: d.series.length > 1, top: 0, itemWidth: 12, itemHeight: 8 },
      grid: { left: 8, right: 48, top: d.series.length > 1 ? 28 : 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: d.unit === "%" ? 0 : 1, splitNumber: 4 },
      yAxis: {
        type: "category", inverse: true, data: d.categories,
        axisLabel: { width: 110, overflow: "truncate", interval: 0 }
      },
      series: d.series.map(function (s) {
        return {
          type: "bar", name: s.name, data: s.data, barMaxWidth: 18, barGap: "15%",
          label: { show: n <= 20, position: "right", fontSize: 11, formatter: function (p) { return fmt(p.value); } }
        };
      })
    };
  }

  function draw(el) {
    if (!window.echarts || el.dataset.drawn) { return; }
    var source = document.getElementById(el.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(el.dataset.kind === "gauge" ? gaugeOption(data) : rankingOption(data));
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".zg-dash-chart").forEach(draw);
  });
})();
