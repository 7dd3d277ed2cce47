// Models: the versions in the model directory with the trainer's metrics tables (beside PopRec,
// EASE and the other baselines when the report has them), training curves, and which version each
// service serves (from their own metrics).
import { call, enc } from '../api.js';
import { fmt, h, heading, notice, table } from '../dom.js';
import { scrape, select } from '../prom.js';

const BASELINES = ['poprec', 'ease'];
const COLUMNS = ['hr@10', 'ndcg@10', 'hr@20', 'ndcg@20'];

export async function render(view, { overview }) {
  view.append(...heading('Models', 'Trained versions, how each did against the baselines, and who serves which.'));
  const [models, ...scrapes] = await Promise.all([
    call('console/api/models'),
    ...Object.entries(overview.metrics || { api: 'this process' }).filter(([, src]) => src).map(([svc]) => scrape(svc))]);
  view.append(serving(models, scrapes));
  if (!models.configured) {
    view.append(notice('info', 'This API has no model directory (OVERDRIVE_MODEL_DIR): it ranks with the rules and real-time signals only.'));
    return;
  }
  if (!models.versions.length) {
    view.append(notice('info', 'No model version yet: run the trainer with --output-dir pointing at the model directory.'));
    return;
  }
  models.versions.forEach((v, i) => view.append(version(v, models, i === 0)));
}

function serving(models, scrapes) {
  const rows = [['LATEST (model directory)', models.configured ? models.latest || 'none' : 'no model directory', '']];
  for (const s of scrapes) {
    if (s.error) { rows.push([s.service, h('span', { class: 'muted' }, 'unknown'), s.error]); continue; }
    const info = select(s.samples, 'overdrive_model_info').filter((x) => x.value > 0).map((x) => x.labels.version);
    const v = info.length ? info.join(', ') : (s.service === 'api' && models.in_use) || '';
    rows.push([s.service, v || h('span', { class: 'muted' }, s.service === 'consumer' ? 'no model (not needed)' : 'none loaded'), v && models.latest && v !== models.latest ? 'behind LATEST' : '']);
  }
  return h('section', { id: 'serving-versions' }, h('h2', {}, 'Served versions'), table(null, ['Service', 'Version', 'Note'], rows));
}

function version(v, models, open) {
  const tags = [];
  if (v.version === models.latest) tags.push(h('span', { class: 'badge' }, 'LATEST'));
  if (v.version === models.in_use) tags.push(h('span', { class: 'badge ok' }, 'in use here'));
  const data = v.data || {};
  return h('details', { class: 'version', open, dataset: { version: v.version } },
    h('summary', {}, h('strong', {}, v.version), ' ', tags, ' ', h('span', { class: 'muted small' }, `${v.created_at || ''} · ${fmt(v.item_count)} items · ${v.models.join(' + ') || 'no models'}`)),
    data.source ? h('p', { class: 'hint' }, `Trained on ${data.source}${data.users ? ` (${fmt(data.users)} users, ${fmt(data.items)} items, ${fmt(data.interactions)} interactions)` : ''}.`) : null,
    metricsTables(v.metrics),
    v.training_curves ? h('figure', {}, h('img', { src: `../console/api/models/${enc(v.version)}/training-curves.png`, alt: `Training curves of ${v.version}: loss and validation NDCG@10 per epoch`, loading: 'lazy' }), h('figcaption', {}, 'Training loss and validation NDCG@10 per epoch')) : null);
}

function metricsTables(rows) {
  if (!rows || !rows.length) return notice('info', 'This version\'s report has no metrics rows.');
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  return protocols.map((p) => {
    const these = rows.filter((r) => r.protocol === p);
    const pop = these.find((r) => r.model === 'poprec');
    const missing = BASELINES.filter((b) => !these.some((r) => r.model === b));
    const body = these.map((r) => {
      const base = BASELINES.includes(r.model);
      return {
        attrs: { class: base ? 'baseline' : '', dataset: { model: r.model } },
        cells: [r.model + (base ? ' (baseline)' : ''), ...COLUMNS.map((c) => fmt(r[c], 4)),
          pop && !base && pop['hr@10'] > 0 ? `×${(r['hr@10'] / pop['hr@10']).toFixed(2)}` : '–', fmt(r.users)],
      };
    });
    return h('div', { class: 'metrics' },
      table(`Test metrics, ${p} protocol`, ['Model', 'HR@10', 'NDCG@10', 'HR@20', 'NDCG@20', 'HR@10 vs PopRec', 'Users'], body, { class: 'metrics-table' }),
      missing.length ? h('p', { class: 'hint' }, `Not in this report: ${missing.join(', ')}.`) : null);
  });
}
