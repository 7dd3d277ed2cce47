// System: each service's own Prometheus metrics, read every few seconds while the page is open:
// ranking latency per stage, request and error rates, consumer lag, throughput and freshness, the
// serving node's index state.
import { fmt, h, heading, notice, table } from '../dom.js';
import { sparkline } from '../charts.js';
import { by, has, quantile, scrape, select, sum } from '../prom.js';

const PERIOD_MS = 5000;
const KEEP = 60;
const history = { api: [], consumer: [], serving: [] };

export async function render(view, { overview }) {
  view.append(...heading('System', `From the services' own /metrics, read every ${PERIOD_MS / 1000} s while this page is open.`));
  const sources = overview.metrics || { api: 'this process' };
  const panels = h('div', { class: 'panels' });
  view.append(panels);
  let timer = null;
  let stopped = false;
  const tick = async () => {
    const reads = await Promise.all(Object.entries(sources).map(([svc, src]) => (src ? scrape(svc) : Promise.resolve({ service: svc, unset: true }))));
    if (stopped) return;
    for (const r of reads) if (r.samples) { history[r.service].push(r); if (history[r.service].length > KEEP) history[r.service].shift(); }
    panels.replaceChildren(...reads.map((r) => panel(r, overview)));
    panels.dataset.reads = String((Number(panels.dataset.reads) || 0) + 1);
    timer = setTimeout(tick, PERIOD_MS);
  };
  await tick();
  return () => { stopped = true; clearTimeout(timer); };
}

function panel(r, overview) {
  const title = { api: 'API', consumer: 'Consumer', serving: 'Serving node' }[r.service] || r.service;
  const section = (...c) => h('section', { class: 'panel', id: 'system-' + r.service, 'aria-labelledby': `system-${r.service}-title` }, h('h2', { id: `system-${r.service}-title` }, title), ...c);
  if (r.unset) {
    const why = overview.mode === 'standalone'
      ? (r.service === 'consumer' ? 'Standalone: events are applied in-process by the API.' : 'Standalone: retrieval runs in-process in the API.')
      : `Not configured: set OVERDRIVE_CONSOLE_${r.service.toUpperCase()}_METRICS_URL on the API.`;
    return section(notice('info', why));
  }
  if (r.error) return section(notice('error', r.error));
  const hist = history[r.service];
  const prev = hist.length > 1 ? hist[hist.length - 2] : null;
  if (r.service === 'api') return section(...api(r, prev, hist));
  if (r.service === 'consumer') return section(...consumer(r, prev, hist));
  return section(...serving(r, prev));
}

/** Per-second increase of a counter between the previous read and this one (null on first read). */
function rate(now, prev, name, where) {
  if (!prev) return null;
  const dt = (now.at - prev.at) / 1000;
  return dt > 0 ? Math.max(0, sum(now.samples, name, where) - sum(prev.samples, name, where)) / dt : null;
}

function series(hist, f) {
  const out = [];
  for (let i = 1; i < hist.length; i++) out.push(f(hist[i], hist[i - 1]));
  return out;
}

const ms = (sec) => (sec === null || sec === undefined ? '–' : (sec * 1000).toFixed(2) + ' ms');
const perSec = (v) => (v === null ? 'after the next read' : v.toFixed(2) + '/s');

function api(r, prev, hist) {
  const S = r.samples;
  const req = 'http_server_requests_seconds_count';
  const notOwn = (uri) => !(uri || '').startsWith('/console') && uri !== '/metrics';
  const reqRate = rate(r, prev, req, { uri: notOwn });
  const errRate = rate(r, prev, req, { uri: notOwn, status: (s) => /^5/.test(s) });
  const clientErr = rate(r, prev, req, { uri: notOwn, status: (s) => /^4/.test(s) });
  const rank = { uri: '/rank/for-you' };
  const totalRank = sum(S, req, rank);
  const stageCount = by(S, 'overdrive_ranking_stage_seconds_count', 'stage');
  const stageSum = by(S, 'overdrive_ranking_stage_seconds_sum', 'stage');
  const stageMax = by(S, 'overdrive_ranking_stage_seconds_max', 'stage');
  const prevCount = prev ? by(prev.samples, 'overdrive_ranking_stage_seconds_count', 'stage') : {};
  const prevSum = prev ? by(prev.samples, 'overdrive_ranking_stage_seconds_sum', 'stage') : {};
  const stages = Object.keys(stageCount).map((st) => {
    const dc = stageCount[st] - (prevCount[st] || 0);
    const recent = prev && dc > 0 ? (stageSum[st] - (prevSum[st] || 0)) / dc : null;
    return [st, fmt(stageCount[st]), ms(stageCount[st] ? stageSum[st] / stageCount[st] : null), ms(recent), ms(stageMax[st])];
  }).sort((a, b) => parseFloat(b[2]) - parseFloat(a[2]));
  const exposures = by(S, 'overdrive_experiment_exposures_total', 'variant');
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, 'Requests'), h('dd', { id: 'api-request-rate' }, perSec(reqRate), ' ', sparkline(series(hist, (a, b) => rate(a, b, req, { uri: notOwn })), 'request rate over the last reads')),
      h('dt', {}, 'Errors (5xx)'), h('dd', { id: 'api-error-rate' }, perSec(errRate)),
      h('dt', {}, 'Refused (4xx)'), h('dd', {}, perSec(clientErr)),
      h('dt', {}, 'For You p50 / p99'), h('dd', { id: 'rank-latency' }, `${ms(quantile(0.5, S, null, 'http_server_requests_seconds', rank))} / ${ms(quantile(0.99, S, null, 'http_server_requests_seconds', rank))} (${fmt(totalRank)} requests since start)`),
      h('dt', {}, 'Exposures by variant'), h('dd', {}, Object.entries(exposures).map(([k, v]) => `${k}: ${fmt(v)}`).join(' · ') || '–')),
    stages.length
      ? table('Ranking latency per stage', ['Stage', 'Calls', 'Mean since start', 'Mean last 5 s', 'Max (recent)'], stages, { id: 'stage-latency' })
      : notice('info', 'No ranking yet: stage latencies appear after the first For You request.'),
  ];
}

function consumer(r, prev, hist) {
  const S = r.samples;
  const lag = sum(S, 'overdrive_consumer_lag_records');
  const events = 'overdrive_consumer_events_total';
  const ev = rate(r, prev, events);
  return [h('dl', { class: 'facts' },
    h('dt', {}, 'Lag'), h('dd', { id: 'consumer-lag' }, has(S, 'overdrive_consumer_lag_records') ? `${fmt(lag)} records` : '–'),
    h('dt', {}, 'Throughput'), h('dd', {}, perSec(ev), ' ', sparkline(series(hist, (a, b) => rate(a, b, events)), 'events per second over the last reads')),
    h('dt', {}, 'Events by outcome'), h('dd', {}, Object.entries(by(S, events, 'outcome')).map(([k, v]) => `${k || 'all'}: ${fmt(v)}`).join(' · ') || '–'),
    h('dt', {}, 'Freshness p50 / p99'), h('dd', { id: 'consumer-freshness' }, `${ms(quantile(0.5, S, prev && prev.samples, 'overdrive_consumer_freshness_seconds'))} / ${ms(quantile(0.99, S, prev && prev.samples, 'overdrive_consumer_freshness_seconds'))}`),
    h('dt', {}, 'Failed batches'), h('dd', {}, fmt(sum(S, 'overdrive_consumer_batch_failures_total'))))];
}

function serving(r, prev) {
  const S = r.samples;
  const ready = sum(S, 'overdrive_serving_index_ready');
  const methods = [...new Set(select(S, 'overdrive_serving_call_seconds_count').map((x) => x.labels.method))];
  return [h('dl', { class: 'facts' },
    h('dt', {}, 'Index'), h('dd', { id: 'serving-state' }, ready > 0 ? h('span', { class: 'badge ok' }, 'serving') : h('span', { class: 'badge warn' }, 'not ready'), ` ${fmt(sum(S, 'overdrive_serving_index_items'))} items`),
    h('dt', {}, 'Model'), h('dd', {}, select(S, 'overdrive_model_info').filter((x) => x.value > 0).map((x) => x.labels.version).join(', ') || 'none')),
  methods.length ? table('gRPC calls', ['Method', 'Calls', 'p50', 'p99', 'Errors'], methods.map((m) => [m, fmt(sum(S, 'overdrive_serving_call_seconds_count', { method: m })),
    ms(quantile(0.5, S, null, 'overdrive_serving_call_seconds', { method: m })), ms(quantile(0.99, S, null, 'overdrive_serving_call_seconds', { method: m })),
    fmt(sum(S, 'overdrive_serving_call_seconds_count', { method: m, status: (s) => s !== 'OK' }))])) : notice('info', 'No gRPC calls yet.')];
}
