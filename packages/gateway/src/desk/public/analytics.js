import { h, replaceChildren } from './dom.js';
import { humanize, millis } from './format.js';

const DAY = 24 * 60 * 60_000;
const els = {
  form: document.getElementById('range'),
  from: document.getElementById('from'),
  to: document.getElementById('to'),
  status: document.getElementById('figures-status'),
  headline: document.getElementById('headline'),
};
const charts = {};

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const percent = (rate) => `${Math.round(rate * 1000) / 10} %`;

/** One chart per canvas, replaced in place; the canvas's label says in words what it draws. */
function draw(id, config, summary) {
  const canvas = document.getElementById(id);
  canvas.setAttribute('aria-label', summary);
  charts[id]?.destroy();
  charts[id] = new globalThis.Chart(canvas, config);
}

function render(report) {
  const tta = report.timeToAnswerMs;
  const rows = [
    ['Handoffs', String(report.handoffs)],
    [
      'Handoff rate',
      `${report.calls.handedOff} of ${report.calls.total} AI calls (${percent(report.calls.handoffRate)})`,
    ],
    ['Time to answer p50', tta.p50 === undefined ? '—' : millis(tta.p50)],
    ['Time to answer p90', tta.p90 === undefined ? '—' : millis(tta.p90)],
    [
      'Abandoned while ringing',
      `${report.abandonedWhileRinging.count} (${percent(report.abandonedWhileRinging.rate)})`,
    ],
    [
      'First-contact resolution',
      `${report.firstContactResolution.resolved} of ${report.firstContactResolution.disposed} (${percent(report.firstContactResolution.rate)})`,
    ],
  ];
  replaceChildren(
    els.headline,
    rows.map(([term, value]) => h('div', { 'data-figure': term }, h('dt', {}, term), h('dd', {}, value))),
  );
  const triggers = Object.entries(report.byTrigger);
  const rules = Object.entries(report.byRule).map(([rule, v]) => [`rule: ${rule}`, v]);
  const bars = [...triggers, ...rules];
  draw(
    'chart-trigger',
    {
      type: 'bar',
      data: {
        labels: bars.map(([k]) => humanize(k)),
        datasets: [{ label: 'Handoffs', data: bars.map(([, v]) => v.count), backgroundColor: '#1d4ed8' }],
      },
      options: { animation: false, plugins: { legend: { display: false } } },
    },
    `Handoffs by trigger: ${bars.map(([k, v]) => `${k} ${v.count}`).join(', ') || 'none'}`,
  );
  const destinations = Object.entries(report.byDestination);
  const outcomeKeys = [...new Set(destinations.flatMap(([, d]) => Object.keys(d.outcomes)))];
  const dispositionKeys = [...new Set(destinations.flatMap(([, d]) => Object.keys(d.dispositions)))];
  const palette = ['#15803d', '#b91c1c', '#b45309', '#475569', '#7c3aed', '#0e7490'];
  draw(
    'chart-destination',
    {
      type: 'bar',
      data: {
        labels: destinations.map(([k]) => k),
        datasets: [
          ...outcomeKeys.map((key, i) => ({
            label: humanize(key),
            stack: 'outcome',
            data: destinations.map(([, d]) => d.outcomes[key] ?? 0),
            backgroundColor: palette[i % palette.length],
          })),
          ...dispositionKeys.map((key, i) => ({
            label: `Disposition: ${humanize(key)}`,
            stack: 'disposition',
            data: destinations.map(([, d]) => d.dispositions[key] ?? 0),
            backgroundColor: palette[(i + 3) % palette.length],
          })),
        ],
      },
      options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true } } },
    },
    `By destination: ${destinations.map(([k, d]) => `${k} ${d.handoffs} handoffs`).join(', ') || 'none'}`,
  );
}

async function load() {
  const from = Date.parse(`${els.from.value}T00:00:00`);
  const to = Date.parse(`${els.to.value}T23:59:59.999`);
  els.status.textContent = 'Loading…';
  const res = await fetch(`api/analytics?from=${from}&to=${to}`, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    els.status.textContent =
      res.status === 401 ? 'Open the desk link first.' : 'The figures are unavailable.';
    return;
  }
  const report = await res.json();
  render(report);
  els.status.textContent = `${report.handoffs} handoffs from ${els.from.value} to ${els.to.value}${report.truncated ? ' (the newest only: narrow the range)' : ''}.`;
}

els.form.addEventListener('submit', (e) => {
  e.preventDefault();
  void load();
});
const now = Date.now();
els.to.value = isoDay(now);
els.from.value = isoDay(now - 6 * DAY);
void load();
