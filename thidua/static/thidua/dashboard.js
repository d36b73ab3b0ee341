/* Draws the home page's charts (Chart.js, served from the project's own static files) from
   the figures the page carries in <script id="dashboard-data" type="application/json">.
   The tables beneath stay the record: without JavaScript the page shows them alone. */
(function () {
  "use strict";

  function draw(data) {
    var colours = { collective: "#9b1c1c", individual: "#174ea6" };
    data.charts.forEach(function (chart) {
      var canvas = document.getElementById("chart-" + chart.slug);
      if (!canvas) {
        return;
      }
      var box = canvas.parentElement;
      var horizontal = chart.slug === "don-vi";
      if (horizontal) {
        // One bar a unit: the box grows with the number of units, names stay readable.
        box.style.height = Math.max(256, 28 * chart.labels.length + 60) + "px";
      }
      box.hidden = false;
      canvas.chart = new Chart(canvas, {
        type: "bar",
        data: {
          labels: chart.labels,
          datasets: [
            { label: data.series.collective, data: chart.collective_times, backgroundColor: colours.collective },
            { label: data.series.individual, data: chart.individual_times, backgroundColor: colours.individual }
          ]
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          locale: "vi-VN", // 1.027: the dot groups thousands
          maintainAspectRatio: false,
          animation: false,
          scales: {
            x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
            y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
          },
          plugins: { legend: { position: "bottom" } }
        }
      });
    });
  }

  function start() {
    var source = document.getElementById("dashboard-data");
    if (source && window.Chart) {
      draw(JSON.parse(source.textContent));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
