// Draws the dashboard's charts from the JSON the page carries; the tables hold the same data.
"use strict";

(function () {
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas && window.Chart) { new window.Chart(canvas, config); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("chart-data");
    if (!node) { return; }
    var data = JSON.parse(node.textContent);
    // A new object for each chart: Chart.js fills in the options it is given, and scales
    // merged into options another chart had already filled were overwritten by its own.
    function options(scales) {
      return { responsive: true, maintainAspectRatio: false, animation: false, scales: scales };
    }
    // Counts of claims: only whole numbers are labelled on the axis, not 0.1, 0.2, ...
    var whole = { precision: 0 };
    draw("turnaround-chart", { type: "bar", options: options({}), data: {
      labels: data.turnaround.labels,
      datasets: [{ label: "median (h)", data: data.turnaround.median },
                 { label: "p90 (h)", data: data.turnaround.p90 }] } });
    draw("checkers-chart", { type: "bar", options: options({ y: { ticks: whole } }), data: {
      labels: data.checkers.labels,
      datasets: [{ label: "submitted", data: data.checkers.submitted },
                 { label: "holding now", data: data.checkers.open }] } });
    var series = data.published.series;
    draw("published-chart", { type: "bar",
      options: options({ x: { stacked: true }, y: { stacked: true, ticks: whole } }),
      data: { labels: data.published.labels,
              datasets: Object.keys(series).map(function (label) {
                return { label: label, data: series[label] }; }) } });
  });
})();
