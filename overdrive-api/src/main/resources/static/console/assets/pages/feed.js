// Feed preview: a user's For You feed as cards with the reasons per item, the blend between
// cold-start and learned signals, and the control feed (x-use-overdrive: 0) beside it.
import { call, enc } from '../api.js';
import { fmt, h, heading, lookupForm, notice, pct } from '../dom.js';

export const CONTROL_VARIANT = 'overdrive_off';

export async function render(view, { params, overview, navigate }) {
  const userId = params.get('user') || '';
  const limit = Number(params.get('limit')) || 10;
  const demo = overview.demo_users || [];
  view.append(...heading('Feed preview',
    'A user\'s For You feed as the app would get it, with the reasons each item ranked where it did.'));
  const { form } = lookupForm({
    id: 'feed-user', label: 'User', value: userId, placeholder: 'user id, e.g. u3',
    button: 'Show feed', list: 'demo-users',
    onsubmit: (u) => u && navigate('feed', { user: u, limit }),
  });
  view.append(form, userDatalist(demo));
  if (demo.length) view.append(suggestions(demo, navigate, limit));
  if (!userId) return;

  const body = { user_id: userId, limit, explain: true };
  const [ours, control] = await Promise.allSettled([
    call('rank/for-you', { method: 'POST', body }),
    call('rank/for-you', { method: 'POST', body: { user_id: userId, limit }, headers: { 'x-use-overdrive': '0' } }),
  ]);
  if (ours.status === 'rejected') throw ours.reason;
  const r = ours.value;
  const controlFeed = control.status === 'fulfilled' && control.value.variant === CONTROL_VARIANT ? control.value : null;
  const ids = [...new Set([...r.items, ...(controlFeed ? controlFeed.items : [])].map((i) => i.id))];
  const cards = new Map();
  if (ids.length) {
    for (const c of await call('console/api/items?' + ids.map((i) => 'id=' + enc(i)).join('&'))) cards.set(c.id, c);
  }
  view.append(summary(r));
  const explained = new Map(((r.explanation && r.explanation.items) || []).map((e) => [e.id, e]));
  const columns = h('div', { class: 'columns' },
    column('Overdrive', `variant ${r.variant}`, r.items, cards, explained, 'feed-overdrive'),
    controlFeed
      ? column('Control', `variant ${controlFeed.variant} · x-use-overdrive: 0, not personalised`, controlFeed.items, cards, new Map(), 'feed-control')
      : h('section', { class: 'column', 'aria-labelledby': 'control-title' },
        h('h2', { id: 'control-title' }, 'Control'),
        notice('info', 'No control feed: the request with ', h('code', {}, 'x-use-overdrive: 0'), ' ',
          control.status === 'fulfilled'
            ? `came back as variant "${control.value.variant}" (does a proxy drop the header?)`
            : `failed (${control.reason.message})`,
          ', so only Overdrive\'s feed is shown.')));
  view.append(columns);
}

function userDatalist(demo) {
  return h('datalist', { id: 'demo-users' }, demo.slice(0, 200).map((u) =>
    h('option', { value: u.id }, u.history ? 'has history' : 'cold start')));
}

function suggestions(demo, navigate, limit) {
  const warm = demo.find((u) => u.history);
  const cold = demo.find((u) => !u.history);
  return h('p', { class: 'hint' }, 'Demo world: try ',
    warm ? h('a', { href: `#/feed?user=${enc(warm.id)}&limit=${limit}` }, `${warm.id} (has history)`) : null,
    warm && cold ? ' or ' : null,
    cold ? h('a', { href: `#/feed?user=${enc(cold.id)}&limit=${limit}` }, `${cold.id} (cold start)`) : null, '.');
}

function summary(r) {
  const learned = r.personalization;
  return h('section', { class: 'summary', 'aria-label': 'How this feed was made' },
    h('div', { class: 'blend' },
      h('span', { class: 'label' }, 'Blend'),
      h('div', { class: 'bar', role: 'img', 'aria-label': `${pct(learned, 0)} learned signals, ${pct(1 - learned, 0)} cold-start rules` },
        h('span', { class: 'learned', style: `width:${(learned * 100).toFixed(1)}%` }),
        h('span', { class: 'cold', style: `width:${((1 - learned) * 100).toFixed(1)}%` })),
      h('span', { class: 'blend-text' }, `${pct(learned, 0)} learned · ${pct(1 - learned, 0)} cold start`)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Experiment'), h('dd', {}, `${r.experiment} / ${r.variant}`),
      h('dt', {}, 'Model'), h('dd', {}, r.model_version || 'none'),
      h('dt', {}, 'Candidates'), h('dd', {}, r.candidate_source),
      h('dt', {}, 'Filtered'), h('dd', {}, String(Object.keys(r.filtered || {}).length))));
}

function column(title, subtitle, items, cards, explained, id) {
  return h('section', { class: 'column', id, 'aria-labelledby': id + '-title' },
    h('h2', { id: id + '-title' }, title, ' ', h('span', { class: 'muted small' }, subtitle)),
    items.length
      ? h('ol', { class: 'cards' }, items.map((i) => card(i, cards.get(i.id), explained.get(i.id))))
      : notice('info', 'No items: this user has nothing to rank (no candidates and no model or catalogue).'));
}

function card(item, c, why) {
  c = c || { known: false, hashtags: [], media_types: [] };
  return h('li', { class: 'card', dataset: { item: item.id } },
    h('div', { class: 'card-head' },
      h('span', { class: 'rank' }, '#' + item.rank),
      h('span', { class: 'item-id' }, item.id),
      c.author_id ? h('span', { class: 'author' }, '@' + c.author_id) : null,
      h('span', { class: 'score', title: 'score' }, typeof item.score === 'number' ? item.score.toFixed(3) : '–')),
    c.known ? h('p', { class: 'content' }, c.content || h('span', { class: 'muted' }, '(no text)'))
      : h('p', { class: 'content muted' }, 'No catalogue record for this item.'),
    h('div', { class: 'tags' },
      (c.hashtags || []).map((t) => h('span', { class: 'tag' }, '#' + t)),
      (c.media_types || []).map((m) => h('span', { class: 'media' }, m))),
    h('ul', { class: 'reasons', 'aria-label': 'Reasons' }, (item.reasons || []).map(reason)),
    why ? explanation(why) : null);
}

/** 'DeclaredInterestScorer:declared_interest:travel' -> the signal first, its stage after it. */
function reason(text) {
  const [stage, ...rest] = text.split(':');
  if (!rest.length) return h('li', {}, text);
  return h('li', { title: text }, rest.join(': ').replace(/_/g, ' '), ' ', h('span', { class: 'stage' }, stage));
}

function explanation(why) {
  const rows = [];
  for (const [stage, parts] of Object.entries(why.by_stage || {})) {
    for (const p of parts) rows.push(h('tr', {}, h('td', {}, stage), h('td', {}, p.signal + (p.detail ? ` (${p.detail})` : '')), h('td', { class: 'num' }, fmt(p.part, 4))));
  }
  if (!rows.length) return null;
  return h('details', { class: 'why' }, h('summary', {}, 'How it scored'),
    h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Stage'), h('th', {}, 'Signal'), h('th', {}, 'Part'))), h('tbody', {}, rows))));
}
