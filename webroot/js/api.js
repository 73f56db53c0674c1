// The gateway's REST API, called with the signed-in token. Errors become ApiError with the
// server's own message and code ({"error","code"}) so the page can show them as they are.

const TOKEN_KEY = 'plat.token';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  /** Called when the server refuses the token (401): set by the app. */
  onUnauthorized: () => {},
};

async function errorOf(response) {
  const text = await response.text().catch(() => '');
  try {
    const json = JSON.parse(text);
    if (json && json.error) return new ApiError(response.status, json.code || 'error', json.error);
  } catch { /* not JSON */ }
  const message = text.trim() || `${response.status} ${response.statusText || 'error'}`;
  return new ApiError(response.status, 'http_' + response.status, message);
}

/** fetch with the token; throws ApiError for a non-2xx answer or a network failure. */
export async function request(path, { method = 'GET', headers = {}, body, signal, token = session.token } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method, body, signal,
      headers: { Authorization: `Bearer ${token}`, ...headers },
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Cannot reach the gateway. Is it running?');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && token === session.token) session.onUnauthorized(error);
    throw error;
  }
  return response;
}

async function json(path, options) {
  const response = await request(path, options);
  return response.status === 204 ? null : response.json();
}

const fn = (name) => `/api/functions/${encodeURIComponent(name)}`;
const secret = (name) => `/api/secrets/${encodeURIComponent(name)}`;

export const api = {
  /** Checks a token without keeping it. */
  verify: (token) => json('/api/functions', { token }),
  list: () => json('/api/functions').then((r) => r.functions || []),
  get: (name) => json(fn(name)),
  start: (name) => json(`${fn(name)}/start`, { method: 'POST' }),
  stop: (name) => json(`${fn(name)}/stop`, { method: 'POST' }),
  remove: (name, removeImage = false) => json(`${fn(name)}${removeImage ? '?image=true' : ''}`, { method: 'DELETE' }),
  patch: (name, changes) => json(fn(name), {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(changes),
  }),
  /** Uploads the zip as the raw body (the browser streams the File). */
  deploy: (file, name, runtime) => json(
    `/api/functions?name=${encodeURIComponent(name)}&runtime=${encodeURIComponent(runtime)}`,
    { method: 'POST', headers: { 'Content-Type': 'application/zip' }, body: file }),
  build: (id) => json(`/api/builds/${encodeURIComponent(id)}`),
  buildLogs: (id, onText, signal) => stream(`/api/builds/${encodeURIComponent(id)}/logs`, onText, signal),
  functionLogs: (name, onText, signal, tail = 200) =>
    stream(`${fn(name)}/logs?follow=true&tail=${tail}`, onText, signal),
  versions: (name) => json(`${fn(name)}/versions`),
  rollback: (name, to) => json(`${fn(name)}/rollback`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ to }),
  }),
  /** {traffic: {version: percent}} or {latest: true}; answers the function's status. */
  traffic: (name, body) => json(`${fn(name)}/traffic`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }),
  invocations: (name, limit = 50) =>
    json(`/api/invocations?function=${encodeURIComponent(name)}&limit=${limit}`).then((r) => r.invocations || []),
  schedules: () => json('/api/schedules').then((r) => r.schedules || []),
  secrets: () => json('/api/secrets').then((r) => r.secrets || []),
  /** Values go out and never come back: no API answers them. */
  createSecret: (name, data) => json('/api/secrets', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, data }),
  }),
  rotateSecret: (name, data) => json(secret(name), {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data }),
  }),
  deleteSecret: (name) => json(secret(name), { method: 'DELETE' }),
};

/** Reads a chunked text response as it arrives; resolves when the server ends it. */
export async function stream(path, onText, signal) {
  const response = await request(path, { signal });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onText(decoder.decode(value, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest) onText(rest);
}
