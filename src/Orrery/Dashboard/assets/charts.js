// Inline SVG charts: no library, no network.
import { label } from './dom.js';

const svgNs = 'http://www.w3.org/2000/svg';
const palette = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1', '#b83280', '#2c7a7b', '#975a16', '#4a5568'];

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Horizontal bars of games per status; the counts are also in the list beside it for screen readers. */
export function statusBars(counts) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const rowHeight = 22;
  const chart = svg('svg', {
    viewBox: `0 0 320 ${Math.max(1, entries.length) * rowHeight}`, class: 'chart status-chart', role: 'img',
    'aria-label': entries.map(([s, n]) => `${label(s)}: ${n}`).join(', ') || 'no games',
  });
  entries.forEach(([status, n], i) => {
    const y = i * rowHeight;
    chart.append(
      svg('text', { x: 0, y: y + 15, class: 'axis' }, label(status)),
      svg('rect', { x: 150, y: y + 4, width: Math.max(2, (n / max) * 140), height: 14, class: `bar status-${status}` }),
      svg('text', { x: 150 + Math.max(2, (n / max) * 140) + 4, y: y + 15, class: 'axis' }, String(n)),
    );
  });
  return chart;
}

/**
 * Lines per series over turns: series is [{ name, points: [[turn, value], ...] }].
 * Returns the SVG and a legend; an accessible summary goes in the aria-label.
 */
export function lineChart(title, series) {
  const width = 480, height = 200, pad = { left: 48, right: 12, top: 10, bottom: 24 };
  const all = series.flatMap((s) => s.points);
  const maxTurn = Math.max(1, ...all.map(([t]) => t));
  const minTurn = Math.min(maxTurn - 1, ...all.map(([t]) => t));
  const maxValue = Math.max(1, ...all.map(([, v]) => v));
  const x = (t) => pad.left + ((t - minTurn) / (maxTurn - minTurn)) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - (v / maxValue) * (height - pad.top - pad.bottom);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, class: 'chart line-chart', role: 'img',
    'aria-label': `${title}: ${series.map((s) => `${s.name} ${s.points.at(-1)?.[1] ?? 0}`).join(', ')} at turn ${maxTurn}`,
  });
  chart.append(
    svg('line', { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom, class: 'axis-line' }),
    svg('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, class: 'axis-line' }),
    svg('text', { x: pad.left - 4, y: pad.top + 8, 'text-anchor': 'end', class: 'axis' }, String(maxValue)),
    svg('text', { x: pad.left - 4, y: height - pad.bottom, 'text-anchor': 'end', class: 'axis' }, '0'),
    svg('text', { x: pad.left, y: height - 6, class: 'axis' }, `turn ${minTurn}`),
    svg('text', { x: width - pad.right, y: height - 6, 'text-anchor': 'end', class: 'axis' }, `turn ${maxTurn}`),
  );
  series.forEach((s, i) => {
    const points = s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { points, fill: 'none', stroke: palette[i % palette.length], 'stroke-width': 2 }));
  });
  const legend = document.createElement('ul');
  legend.className = 'legend';
  series.forEach((s, i) => {
    const item = document.createElement('li');
    item.style.setProperty('--swatch', palette[i % palette.length]);
    item.textContent = s.name;
    legend.append(item);
  });
  return [chart, legend];
}
