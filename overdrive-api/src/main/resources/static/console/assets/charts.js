// Small SVG charts: a sparkline and a forest plot of estimates with 95% intervals.
import { h, s } from './dom.js';

/** A line of values; `min` / `max` fix the vertical scale (default: the values' own, from 0). */
export function sparkline(values, label, { width = 160, height = 32, min: lo, max: hi } = {}) {
  const pts = values.filter((v) => v !== null && Number.isFinite(v));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, class: 'spark' });
  if (pts.length < 2) return svg;
  const max = hi ?? Math.max(...pts, 1e-9); const min = lo ?? Math.min(...pts, 0);
  const step = width / (pts.length - 1);
  const y = (v) => height - 2 - ((v - min) / (max - min || 1)) * (height - 4);
  svg.append(s('polyline', { points: pts.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' '), fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }));
  return svg;
}

/**
 * Rows of {label, value, low, high} drawn as points with interval whiskers on one axis; a dashed
 * line at `reference` (e.g. the control's value or 0 for a lift).
 */
export function intervals(rows, { title, format = (v) => v.toFixed(3), reference } = {}) {
  const width = 520; const rowH = 30; const left = 120; const right = 20;
  const height = rows.length * rowH + 30;
  const vals = rows.flatMap((r) => [r.value, r.low, r.high]).filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  if (reference !== undefined) vals.push(reference);
  let lo = Math.min(...vals); let hi = Math.max(...vals);
  if (!vals.length) { lo = 0; hi = 1; }
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
  const x = (v) => left + ((v - lo) / (hi - lo)) * (width - left - right);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'intervals', preserveAspectRatio: 'xMinYMin meet' });
  svg.append(s('title', {}, title));
  if (reference !== undefined) svg.append(s('line', { x1: x(reference), x2: x(reference), y1: 4, y2: height - 24, class: 'ref' }));
  rows.forEach((r, i) => {
    const y = 16 + i * rowH;
    svg.append(s('text', { x: 4, y: y + 4, class: 'lbl' }, r.label));
    if (r.low !== null && r.low !== undefined && r.high !== null && r.high !== undefined) {
      svg.append(s('line', { x1: x(r.low), x2: x(r.high), y1: y, y2: y, class: 'ci' }));
      svg.append(s('line', { x1: x(r.low), x2: x(r.low), y1: y - 5, y2: y + 5, class: 'ci' }));
      svg.append(s('line', { x1: x(r.high), x2: x(r.high), y1: y - 5, y2: y + 5, class: 'ci' }));
    }
    if (r.value !== null && r.value !== undefined && Number.isFinite(r.value)) svg.append(s('circle', { cx: x(r.value), cy: y, r: 4, class: 'pt' }));
  });
  svg.append(s('text', { x: left, y: height - 6, class: 'axis' }, format(lo)));
  svg.append(s('text', { x: width - right, y: height - 6, class: 'axis', 'text-anchor': 'end' }, format(hi)));
  return h('figure', { class: 'chart' }, svg, h('figcaption', {}, title));
}
