// Reads Prometheus's text exposition format (what each service's /metrics answers) and computes
// what the console shows from it: rates between two reads, histogram quantiles, gauges.
import { call } from './api.js';

/** text -> [{name, labels: {..}, value}] (comments and malformed lines skipped) */
export function parse(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
    if (!m) continue;
    const labels = {};
    if (m[3]) for (const l of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    const v = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]);
    out.push({ name: m[1], labels, value: v });
  }
  return out;
}

/** Reads one service's metrics through the API: {service, samples, at} or {service, error}. */
export async function scrape(service) {
  try {
    const text = await call('console/api/metrics/' + service, { text: true });
    return { service, samples: parse(text), at: Date.now() };
  } catch (e) {
    return { service, error: e.message, status: e.status };
  }
}

export function select(samples, name, where = {}) {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => (typeof v === 'function' ? v(s.labels[k]) : s.labels[k] === v)));
}

export function sum(samples, name, where) { return select(samples, name, where).reduce((a, s) => a + s.value, 0); }

export function has(samples, name) { return samples.some((s) => s.name === name); }

/** Grouped sums: {labelValue: sum} */
export function by(samples, name, label, where) {
  const out = {};
  for (const s of select(samples, name, where)) out[s.labels[label]] = (out[s.labels[label]] || 0) + s.value;
  return out;
}

/**
 * The q-quantile of a histogram (name without _bucket) from cumulative buckets, or the increase
 * between two reads when prev is given; null without observations. Linear within a bucket, as
 * PromQL's histogram_quantile.
 */
export function quantile(q, now, prev, name, where = {}) {
  const buckets = {};
  const add = (samples, sign) => {
    for (const s of select(samples, name + '_bucket', where)) buckets[s.labels.le] = (buckets[s.labels.le] || 0) + sign * s.value;
  };
  add(now, 1);
  if (prev) add(prev, -1);
  const les = Object.keys(buckets).map((le) => [le === '+Inf' ? Infinity : Number(le), buckets[le]]).sort((a, b) => a[0] - b[0]);
  if (!les.length) return null;
  const total = les[les.length - 1][1];
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0; let below = 0;
  for (const [le, count] of les) {
    if (count >= rank) {
      if (le === Infinity) return lower;
      return lower + (le - lower) * ((rank - below) / Math.max(count - below, 1e-12));
    }
    lower = le; below = count;
  }
  return lower;
}
