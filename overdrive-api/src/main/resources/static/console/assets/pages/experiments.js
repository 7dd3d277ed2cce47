// Experiments: each arm's engagement rate, like rate and dwell with 95% intervals as charts, the
// lift against control with its verdict, and exposures while the page is open.
import { call, enc } from '../api.js';
import { fmt, h, heading, notice, pct, table } from '../dom.js';
import { intervals, sparkline } from '../charts.js';
import { by, scrape } from '../prom.js';

const RATES = [
  ['engagement_rate', 'Engagement rate per impression', pct],
  ['like_rate', 'Like rate per impression', pct],
  ['mean_dwell_seconds', 'Mean dwell per impression (s)', (v) => fmt(v, 2) + ' s'],
];
const PERIOD_MS = 10000;

export async function render(view, { params, overview, navigate }) {
  view.append(...heading('Experiments', 'Outcomes per arm with 95% confidence intervals, and the lift against control.'));
  const list = await call('experiments');
  const reports = Array.isArray(list) ? list : (list.experiments || []);
  if (!reports.length) {
    view.append(notice('info', 'No experiment: set OVERDRIVE_EXPERIMENTS_FILE to run one.'));
    return exposures(view);
  }
  const name = params.get('name') || reports[0].experiment;
  if (reports.length > 1) {
    view.append(h('nav', { class: 'tabs', 'aria-label': 'Experiments' }, reports.map((r) =>
      h('a', { href: `#/experiments?name=${enc(r.experiment)}`, 'aria-current': r.experiment === name ? 'page' : null }, r.experiment + (r.running ? ' (running)' : '')))));
  }
  const report = await call('experiments/' + enc(name));
  view.append(experiment(report));
  return exposures(view);
}

function estimate(e, f) {
  if (!e) return '–';
  if (e.ci_low === null || e.ci_low === undefined) return `${f(e.value)} (too few users for an interval)`;
  return `${f(e.value)} [${f(e.ci_low)}, ${f(e.ci_high)}]`;
}

function experiment(r) {
  const control = r.control;
  const variants = r.variants || [];
  const rows = variants.map((v) => {
    const lift = v.lift && v.lift.engagement_rate;
    return {
      attrs: { dataset: { variant: v.variant } },
      cells: [v.variant + (v.variant === control && control !== 'control' ? ' (control)' : ''), fmt(v.rankings), fmt(v.users), fmt(v.impressions),
        estimate(v.engagement_rate, pct), estimate(v.like_rate, pct), estimate(v.mean_dwell_seconds, (x) => fmt(x, 2) + ' s'),
        lift && lift.relative !== null && lift.relative !== undefined ? `${pct(lift.relative)}${lift.ci_low !== null && lift.ci_low !== undefined ? ` [${pct(lift.ci_low)}, ${pct(lift.ci_high)}]` : ''}` : '–',
        h('span', { class: 'verdict ' + (v.verdict || '').replace(/\s+/g, '-') }, v.verdict || (v.variant === control ? 'control' : '–'))],
    };
  });
  const charts = RATES.map(([key, title, f]) => {
    const c = variants.find((v) => v.variant === control);
    return intervals(variants.map((v) => ({ label: v.variant, value: v[key] && v[key].value, low: v[key] && v[key].ci_low, high: v[key] && v[key].ci_high })),
      { title, format: (x) => (f === pct ? pct(x) : fmt(x, 2)), reference: c && c[key] ? c[key].value : undefined });
  });
  const lifts = variants.filter((v) => v.lift && v.lift.engagement_rate);
  return h('section', { class: 'experiment', dataset: { experiment: r.experiment } },
    h('h2', {}, r.experiment, r.running ? h('span', { class: 'badge ok' }, 'running') : h('span', { class: 'badge' }, 'finished')),
    table('Per arm (values with 95% intervals)', ['Arm', 'Rankings', 'Users', 'Impressions', 'Engagement rate', 'Like rate', 'Mean dwell', 'Lift vs control', 'Verdict'], rows, { id: 'arms' }),
    h('div', { class: 'charts' }, charts,
      lifts.length ? intervals(lifts.map((v) => ({ label: v.variant, value: v.lift.engagement_rate.relative, low: v.lift.engagement_rate.ci_low, high: v.lift.engagement_rate.ci_high })),
        { title: 'Lift in engagement rate vs control', format: (x) => pct(x), reference: 0 }) : null));
}

/** Exposures per variant from the API's metrics, read while the page is open. */
async function exposures(view) {
  const section = h('section', { id: 'exposures' }, h('h2', {}, 'Exposures over time'));
  view.append(section);
  const seen = [];
  let timer = null; let stopped = false;
  const tick = async () => {
    const r = await scrape('api');
    if (stopped) return;
    if (r.error) { section.replaceChildren(h('h2', {}, 'Exposures over time'), notice('error', r.error)); return; }
    seen.push(by(r.samples, 'overdrive_experiment_exposures_total', 'variant'));
    if (seen.length > 60) seen.shift();
    const variants = Object.keys(seen[seen.length - 1]);
    section.replaceChildren(h('h2', {}, 'Exposures over time'),
      h('p', { class: 'hint' }, `Rankings served per variant since the API started, read every ${PERIOD_MS / 1000} s while this page is open.`),
      variants.length ? table(null, ['Variant', 'Exposures', 'Trend'], variants.map((v) => [v, fmt(seen[seen.length - 1][v]), sparkline(seen.map((s) => s[v] || 0), `exposures of ${v}`)]))
        : notice('info', 'No ranking served yet.'));
    timer = setTimeout(tick, PERIOD_MS);
  };
  await tick();
  return () => { stopped = true; clearTimeout(timer); };
}
