// Catalogue: search the newest items, see an item's record and engagement, take one down.
import { call, enc, maybe } from '../api.js';
import { confirmDialog, fmt, h, heading, lookupForm, notice, pct, table } from '../dom.js';

export async function render(view, { params, overview, navigate }) {
  const q = params.get('q') || '';
  const itemId = params.get('item') || '';
  view.append(...heading('Catalogue', 'Find an item, see how it does, take it down.'));
  const { form } = lookupForm({ id: 'catalogue-q', label: 'Search', value: q, placeholder: 'id, author, text or hashtag', button: 'Search', onsubmit: (v) => v && navigate('catalogue', { q: v }) });
  view.append(form);
  if (q) {
    const found = await call(`console/api/items/search?q=${enc(q)}&limit=20`);
    view.append(h('section', { id: 'results' }, h('h2', {}, `Items matching “${q}”`),
      found.length ? table(null, ['Item', 'Author', 'Text', 'Hashtags', 'Impressions', 'Likes'], found.map((c) => [
        [h('a', { href: `#/catalogue?q=${enc(q)}&item=${enc(c.id)}` }, c.id), c.taken_down_at ? h('span', { class: 'badge warn' }, 'taken down') : null], c.author_id || '–', c.content || '', (c.hashtags || []).map((t) => '#' + t).join(' '), fmt(c.impressions), fmt(c.likes)]))
        : notice('info', 'No item among the newest this API knows matches.')));
  }
  if (itemId) view.append(await item(itemId, () => navigate('catalogue', { q, item: itemId })));
}

async function item(id, reload) {
  const section = h('section', { id: 'item', dataset: { item: id } }, h('h2', {}, `Item ${id}`));
  let view = null;
  try {
    view = await maybe('items/' + enc(id));
  } catch (e) {
    if (e.status === 410) { section.append(notice('info', e.message.replace(/^410: /, ''))); return section; }
    throw e;
  }
  if (!view) { // no record, but events named it: the engagement the store counted
    const [c] = await call('console/api/items?id=' + enc(id));
    if (!c.known && !c.impressions) { section.append(notice('info', `Nothing is stored about item ${id}.`)); return section; }
    view = { id, catalogued: c.known, author_id: c.author_id, content: c.content, hashtags: c.hashtags, media_types: c.media_types, created_at: c.created_at, stats: { impressions: c.impressions, likes: c.likes, shares: c.shares, comments: c.comments } };
  }
  const st = view.stats || {};
  section.append(
    h('dl', { class: 'facts' },
      h('dt', {}, 'Author'), h('dd', {}, view.author_id || '–'),
      h('dt', {}, 'Text'), h('dd', {}, view.content || '–'),
      h('dt', {}, 'Hashtags'), h('dd', {}, (view.hashtags || []).map((t) => '#' + t).join(' ') || '–'),
      h('dt', {}, 'Media'), h('dd', {}, (view.media_types || []).join(', ') || '–'),
      h('dt', {}, 'Created'), h('dd', {}, view.created_at || '–')),
    table('Engagement (all users)', ['Measure', 'Value'], Object.entries(st).map(([k, v]) => [k.replace(/_/g, ' '), /rate/.test(k) ? pct(v, 2) : fmt(v)]), { id: 'item-stats' }));
  const status = h('div', { 'aria-live': 'polite' });
  section.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', id: 'takedown', onclick: async () => {
    const ok = await confirmDialog({ title: `Take ${id} down?`, body: 'It is never served again and is removed from every index. Posting it again restores it.', confirm: 'Take down', danger: true });
    if (!ok) return;
    try {
      const r = await call('items/' + enc(id), { method: 'DELETE' });
      status.replaceChildren(notice('ok', `${id} taken down${r.applied ? '' : ' (queued: applied when the consumer reads it)'}.`));
    } catch (e) { status.replaceChildren(notice('error', e.message)); }
  } }, 'Take down…')), status);
  return section;
}
