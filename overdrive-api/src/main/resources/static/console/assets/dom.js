// Small DOM helpers. Text always goes in as text nodes: item content and ids come from users.

/** h('div', {class: 'x', onclick: f}, child, 'text', [more]) -> element */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export function fmt(v, digits = 3) {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en');
  return v.toFixed(digits);
}

export function pct(v, digits = 1) {
  return v === undefined || v === null || Number.isNaN(v) ? '–' : (v * 100).toFixed(digits) + '%';
}

export function notice(kind, ...text) {
  return h('p', { class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status' }, ...text);
}

/** A table from header names and rows of cells (strings, numbers or nodes). */
export function table(caption, headers, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', attrs,
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows.map((r) => h('tr', r.attrs || {}, (r.cells || r).map((c, i) =>
        i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

/** A page's heading, focused after navigation so keyboard and screen-reader users land on it. */
export function heading(text, intro) {
  return [h('h1', { tabindex: '-1', id: 'page-title' }, text), intro ? h('p', { class: 'intro' }, intro) : null];
}

/** A form with one labelled text field and a button; Enter submits. */
export function lookupForm({ id, label, value, placeholder, button, list, onsubmit }) {
  const input = h('input', { id, name: id, type: 'text', value: value || '', placeholder, list, autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { class: 'lookup', role: 'search' },
    h('label', { for: id }, label), input, h('button', { type: 'submit' }, button));
  form.addEventListener('submit', (e) => { e.preventDefault(); onsubmit(input.value.trim()); });
  return { form, input };
}

/** Asks a yes/no question in a modal dialog (keyboard: Tab, Enter, Escape). */
export function confirmDialog({ title, body, confirm, danger, typed }) {
  return new Promise((resolve) => {
    const input = typed ? h('input', { type: 'text', id: 'confirm-typed', autocomplete: 'off', spellcheck: 'false' }) : null;
    const ok = h('button', { type: 'submit', value: 'ok', class: danger ? 'danger' : '', disabled: typed ? true : null }, confirm);
    const cancel = h('button', { type: 'submit', value: 'cancel', class: 'secondary', formnovalidate: true }, 'Cancel');
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'confirm-title' }, title), h('p', {}, body),
      typed ? [h('label', { for: 'confirm-typed' }, `Type ${typed} to confirm`), input] : null,
      h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' }, form);
    if (input) {
      input.addEventListener('input', () => { ok.disabled = input.value.trim() !== typed; });
      // Enter in the field confirms once the id matches (the form's default button is Cancel)
      input.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        if (!ok.disabled) dialog.close('ok');
      });
    }
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'ok'); });
    document.body.append(dialog);
    dialog.showModal();
    (input || cancel).focus();
  });
}
