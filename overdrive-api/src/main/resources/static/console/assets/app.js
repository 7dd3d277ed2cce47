// The console's shell: a hash router over the pages, the wiring line and the token dialog.
import { call, onAuthNeeded, setToken, token } from './api.js';
import { h, notice } from './dom.js';
import * as feed from './pages/feed.js';
import * as user from './pages/user.js';
import * as experiments from './pages/experiments.js';
import * as models from './pages/models.js';
import * as catalogue from './pages/catalogue.js';
import * as system from './pages/system.js';

const pages = { feed, user, experiments, models, catalogue, system };
const main = document.getElementById('main');
let overview = null;
let cleanup = null;
let rendering = 0;

/** '#/feed?user=u3' -> {page: 'feed', params: URLSearchParams} */
export function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  return { page: pages[path] ? path : 'feed', params: new URLSearchParams(query || '') };
}

/** Changes the current page's parameters (kept in the address, so a view can be shared). */
export function navigate(page, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')).toString();
  const target = '#/' + page + (q ? '?' + q : '');
  if (location.hash === target) render(); else location.hash = target;
}

async function loadOverview() {
  try {
    overview = await call('console/api/overview');
    const w = document.getElementById('wiring');
    w.textContent = `${overview.mode} · store: ${overview.store} · events: ${overview.events}`;
    document.getElementById('token-button').hidden = !overview.auth;
  } catch (e) {
    overview = null;
    if (e.status !== 401 && e.status !== 403) document.getElementById('wiring').textContent = e.message;
  }
  return overview;
}

async function render() {
  const id = ++rendering;
  delete main.dataset.ready;
  if (cleanup) { try { cleanup(); } catch { /* page already gone */ } cleanup = null; }
  const { page, params } = route();
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  document.title = `${page[0].toUpperCase()}${page.slice(1)} · Overdrive console`;
  if (!overview) await loadOverview();
  if (id !== rendering) return;
  const view = h('div', { class: 'page', id: 'page-' + page });
  try {
    const done = await pages[page].render(view, { params, overview: overview || {}, navigate });
    if (id !== rendering) { if (typeof done === 'function') done(); return; }
    cleanup = typeof done === 'function' ? done : null;
    main.replaceChildren(view);
  } catch (e) {
    if (id !== rendering) return;
    main.replaceChildren(view);
    view.append(notice('error', e.message));
  }
  const title = document.getElementById('page-title');
  if (title && document.activeElement === document.body) title.focus({ preventScroll: true });
  main.dataset.ready = page;
}

function askToken() {
  const dialog = document.getElementById('token-dialog');
  if (dialog.open) return;
  document.getElementById('token-input').value = token();
  dialog.showModal();
}

document.getElementById('token-button').addEventListener('click', askToken);
document.getElementById('token-dialog').addEventListener('close', async (e) => {
  if (e.target.returnValue !== 'save') return;
  setToken(document.getElementById('token-input').value.trim());
  overview = null;
  render();
});
onAuthNeeded(() => {
  document.getElementById('token-button').hidden = false;
  askToken();
});
document.querySelectorAll('#nav a').forEach((a) => a.addEventListener('click', () => {
  // focus the new page's heading once it is drawn, as a page load would
  document.activeElement.blur();
}));
window.addEventListener('hashchange', render);
render();
