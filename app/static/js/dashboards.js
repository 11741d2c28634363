// The programme dashboards (templates/dashboards/): every <canvas data-chart> becomes a bar
// chart of its committed and spent euros (Chart.js, vendored, loaded as window.Chart; the
// table beside it holds the same numbers), and the totals marked data-dashboard-counter
// follow their `programme` topic (shared/REALTIME.md): committed and spent as euros in the
// page's language, and the share spent recomputed from them.
import { announce, connect, follow } from "./live.js";
import { t } from "./i18n.js";

const lang = document.documentElement.lang || "it";
const euros = (value) => new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" }).format(Number(value));
const compactEuros = (value) =>
  new Intl.NumberFormat(lang, { style: "currency", currency: "EUR", notation: "compact", maximumFractionDigits: 1 }).format(Number(value));
const percent = (value) => `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value)} %`;
const COLOURS = ["#0066cc", "#f2a100"];

function drawCharts() {
  if (!window.Chart) return; // the tables are there anyway
  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    let data;
    try {
      data = JSON.parse(canvas.dataset.chart);
    } catch {
      continue;
    }
    const show = data.money ? euros : (v) => new Intl.NumberFormat(lang).format(v);
    const tick = data.money ? compactEuros : show;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map((s, i) => ({ label: s.name, data: s.values.map(Number), backgroundColor: COLOURS[i % COLOURS.length] })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => tick(v) } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${show(c.raw)}` } } },
      },
    });
  }
}

function followTotals() {
  for (const box of document.querySelectorAll("[data-dashboard-topic]")) {
    const topic = box.dataset.dashboardTopic;
    follow(topic);
    connect().on("counter:changed", ({ topic: from, name, value }) => {
      if (from !== topic) return;
      const cell = box.querySelector(`[data-dashboard-counter="${CSS.escape(name)}"]`);
      if (!cell) return;
      cell.dataset.value = value;
      cell.textContent = euros(value);
      const committed = Number(box.querySelector("[data-dashboard-counter='committed']")?.dataset.value || 0);
      const spent = Number(box.querySelector("[data-dashboard-counter='spent']")?.dataset.value || 0);
      const pct = box.querySelector("[data-dashboard-pct]");
      if (pct) pct.textContent = committed ? percent((spent * 100) / committed) : "—";
      announce(t(`dashboards_${name}_changed`, { value: euros(value) }));
    });
  }
}

drawCharts();
followTotals();
