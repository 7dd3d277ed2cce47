// User: what Overdrive knows about one user (declared vs learned interests and authors, now and
// over time, recent items, maturity, experiment arm) and the erase / export buttons, each behind a
// confirmation.
import { call, enc, maybe } from '../api.js';
import { sparkline } from '../charts.js';
import { confirmDialog, fmt, h, heading, lookupForm, notice, pct, table } from '../dom.js';

export async function render(view, { params, overview, navigate }) {
  const userId = params.get('user') || '';
  view.append(...heading('User', 'Declared and learned interests, recent items, maturity and experiment arm.'));
  const { form } = lookupForm({
    id: 'user-id', label: 'User', value: userId, placeholder: 'user id', button: 'Look up',
    list: 'user-demo-users', onsubmit: (u) => u && navigate('user', { user: u }),
  });
  view.append(form, h('datalist', { id: 'user-demo-users' }, (overview.demo_users || []).slice(0, 200).map((u) => h('option', { value: u.id }))));
  if (!userId) return;
  const u = enc(userId);
  const [profile, features, interests, history] = await Promise.all([
    maybe('users/' + u), maybe('features/' + u), maybe('interests/' + u), maybe('interests/' + u + '/history')]);
  const status = h('div', { id: 'user-status', 'aria-live': 'polite' });
  if (!profile && !features) {
    view.append(notice('info', `Nothing is stored about ${userId}: their ranking is a cold start on global signals.`));
    return;
  }
  view.append(h('div', { class: 'actions page-actions' },
    h('a', { href: `#/feed?user=${u}`, class: 'button secondary' }, 'Preview feed'),
    h('button', { type: 'button', id: 'export-user', class: 'secondary', onclick: () => exportUser(userId, status) }, 'Export…'),
    h('button', { type: 'button', id: 'erase-user', class: 'danger', onclick: () => eraseUser(userId, status) }, 'Erase…')), status);

  const p = features ? features.personalization : 0;
  view.append(h('section', { class: 'summary', 'aria-label': 'Maturity and arm' },
    h('dl', { class: 'facts' },
      h('dt', {}, 'Maturity'), h('dd', { id: 'maturity' }, features ? `${fmt(features.meaningful_interactions)} meaningful interactions · ${pct(p, 0)} learned` : 'no interactions yet'),
      h('dt', {}, 'Experiment arm'), h('dd', { id: 'arm' }, features ? `${features.experiment} / ${features.variant}` : '–'),
      h('dt', {}, 'Sessions'), h('dd', {}, features ? fmt(features.sessions) : '–'),
      h('dt', {}, 'Last event'), h('dd', {}, (features && features.last_event_at) || '–'),
      h('dt', {}, 'Signup'), h('dd', {}, profile ? `${(profile.interests || []).join(', ') || 'no interests'}${profile.bio ? ' · “' + profile.bio + '”' : ''}` : 'no profile'))));

  if (interests) view.append(interestTable(interests));
  if (history) view.append(historySection(history));
  if (features) {
    const authors = Object.entries(features.author_affinity || {}).slice(0, 10);
    view.append(h('section', {}, h('h2', {}, 'Authors'),
      authors.length ? table(null, ['Author', 'Affinity'], authors.map(([a, w]) => [a, bar(w, 1)])) : notice('info', 'No learned author affinity yet.')));
    view.append(h('section', {}, h('h2', {}, 'Recent items'),
      features.recent_items.length ? h('ol', { class: 'sequence', id: 'sequence' }, features.recent_items.map((i) => h('li', {}, i))) : notice('info', 'No recent items.')));
    view.append(h('section', {}, h('h2', {}, 'Interactions'),
      table(null, ['Type', 'Count'], Object.entries(features.counts || {}).map(([k, v]) => [k, fmt(v)]))));
  }
}

function interestTable(i) {
  const names = [...new Set([...Object.keys(i.declared || {}), ...Object.keys(i.learned || {})])];
  const combined = new Map((i.combined || []).map((c) => [c.name, c.weight]));
  names.sort((a, b) => (combined.get(b) || 0) - (combined.get(a) || 0));
  const rows = names.slice(0, 20).map((n) => [n, bar(i.declared[n], 1, 'declared'), bar(i.learned[n], 1, 'learned'), fmt(combined.get(n), 3)]);
  return h('section', { id: 'interests' }, h('h2', {}, 'Interests: declared vs learned'),
    h('p', { class: 'hint' }, `Combined by the user's blend (${pct(i.personalization, 0)} learned). Negative learned = aversion.`),
    rows.length ? table(null, ['Interest', 'Declared', 'Learned', 'Combined'], rows) : notice('info', 'No interests yet.'));
}

// The snapshots the API took as the user interacted: each learned weight scaled to its snapshot's
// strongest, so a line shows how an interest's share moved, whatever the volume of events.
function historySection(hist) {
  const pts = hist.points;
  const section = h('section', { id: 'interest-history' }, h('h2', {}, 'Interests and authors over time'));
  if (!pts.length) {
    section.append(notice('info', 'No snapshots yet: they are taken as events are learned.'));
    return section;
  }
  const first = pts[0]; const last = pts[pts.length - 1];
  section.append(h('p', { class: 'hint', id: 'history-span' },
    `${pts.length} snapshot${pts.length > 1 ? 's' : ''} from ${when(first.at)} to ${when(last.at)}: `
    + `${fmt(first.interactions)} → ${fmt(last.interactions)} meaningful interactions. `
    + 'Learned weights are scaled so each snapshot\'s strongest is 1.'));
  const names = [...new Set([...Object.keys(last.interests).slice(0, 6), ...Object.keys(hist.declared).slice(0, 4)])];
  // one scale for every line (0 to a snapshot's strongest), so lines compare with each other
  const line = (key, n) => sparkline(pts.map((p) => p[key][n] ?? 0), `${n}: learned weight over ${pts.length} snapshots`, { min: 0, max: 1 });
  section.append(table('Interests', ['Interest', 'Declared', 'Learned over time', 'Now'],
    names.map((n) => [n, bar(hist.declared[n], 1, 'declared'), line('interests', n), fmt(last.interests[n] ?? 0, 2)]),
    { id: 'interest-history-table' }));
  const authors = Object.keys(last.authors);
  if (authors.length) {
    section.append(table('Authors', ['Author', 'Affinity over time', 'Now'],
      authors.map((a) => [a, line('authors', a), fmt(last.authors[a], 2)])));
  }
  section.append(table('Snapshots, newest first', ['When', 'Interactions', 'Top interests', 'Top author'],
    pts.slice(-10).reverse().map((p) => [when(p.at), fmt(p.interactions),
      Object.keys(p.interests).slice(0, 3).join(', ') || '–', Object.keys(p.authors)[0] || '–']),
    { id: 'snapshots' }));
  return section;
}

function when(iso) { return iso.replace('T', ' ').slice(0, 16) + ' UTC'; }

function bar(v, max, kind = '') {
  if (v === undefined || v === null) return h('span', { class: 'muted' }, '–');
  const w = Math.min(100, Math.abs(v) / max * 100);
  return h('span', { class: 'hbar ' + kind + (v < 0 ? ' negative' : '') },
    h("span", { class: "fill", style: `width:${(w / 20).toFixed(2)}rem` }), h('span', { class: 'v' }, fmt(v, 3)));
}

async function exportUser(userId, status) {
  status.replaceChildren();
  const ok = await confirmDialog({
    title: `Export ${userId}?`, confirm: 'Download JSON',
    body: 'Downloads everything stored about this user (GET /users/{id}/export: profile, features, interests and their history) as one JSON file.',
  });
  if (!ok) return;
  let data;
  try {
    data = await call('users/' + enc(userId) + '/export');
  } catch (e) {
    status.replaceChildren(notice('error', e.message));
    return;
  }
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const a = h('a', { href: URL.createObjectURL(blob), download: `overdrive-user-${userId}.json` });
  document.body.append(a); a.click(); a.remove();
  status.replaceChildren(notice('ok', `Exported ${userId} (overdrive-user-${userId}.json).`));
}

async function eraseUser(userId, status) {
  status.replaceChildren();
  const ok = await confirmDialog({
    title: `Erase ${userId}?`, confirm: 'Erase', danger: true, typed: userId,
    body: 'Removes the profile, counters, learned interests and authors, recent items and event marks. This cannot be undone.',
  });
  if (!ok) return;
  try {
    const r = await call('users/' + enc(userId), { method: 'DELETE' });
    status.replaceChildren(notice('ok', `Erased ${userId}: ${r.interactions} interactions, ${r.learned_interests} learned interests, ${r.author_affinities} author affinities, ${r.recent_items} recent items${r.profile ? ', the profile' : ''}.`));
  } catch (e) {
    status.replaceChildren(notice('error', e.message));
  }
}
