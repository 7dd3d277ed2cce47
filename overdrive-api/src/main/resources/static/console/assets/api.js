// Calls to the API the console is served by. Paths are relative to the API's root, so the console
// also works behind a proxy that mounts the API under a prefix.

const TOKEN_KEY = 'overdrive.console.token';
const listeners = new Set();

export function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }
export function setToken(t) {
  if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY);
}
/** Called with (status) when the API refuses a call for want of a (good) token. */
export function onAuthNeeded(f) { listeners.add(f); }

export class ApiError extends Error {
  constructor(status, message, body) { super(message); this.status = status; this.body = body; }
}

export function url(path) { return new URL('../' + path.replace(/^\//, ''), location.href).toString(); }

/** fetch + JSON; throws ApiError with the API's own message on a non-2xx answer. */
export async function call(path, { method = 'GET', body, headers = {}, text = false } = {}) {
  const h = { Accept: text ? 'text/plain' : 'application/json', ...headers };
  if (token()) h.Authorization = 'Bearer ' + token();
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let r;
  try {
    r = await fetch(url(path), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'the API cannot be reached: ' + e.message);
  }
  const raw = await r.text();
  let data = raw;
  if (!text) { try { data = raw ? JSON.parse(raw) : null; } catch { data = raw; } }
  if (!r.ok) {
    if (r.status === 401 || r.status === 403) listeners.forEach((f) => f(r.status));
    const msg = (data && typeof data === 'object' && (data.message || data.error)) || raw || r.statusText;
    throw new ApiError(r.status, `${r.status}: ${msg}`, data);
  }
  return data;
}

/** Like call, but a 404 answers null (for "nothing stored about X"). */
export async function maybe(path, opts) {
  try { return await call(path, opts); } catch (e) { if (e.status === 404) return null; throw e; }
}

export const enc = encodeURIComponent;
