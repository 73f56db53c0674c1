// The invoke console: method, path, headers and body; shows the status, the time and the response.
// Calls /function/<name><path> on this gateway with the signed-in token.

import { session } from '../api.js';
import { h, clear } from '../dom.js';
import { formatBytes } from './deploy.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_SHOWN = 256 * 1024;

export function invokeConsole(name) {
  let abort = null;
  const method = h('select#invoke-method.input.method', { 'aria-label': 'Method' }, METHODS.map((m) => h('option', m)));
  const path = h('input#invoke-path.input.mono', { value: '/', 'aria-label': 'Path', spellcheck: 'false', autocomplete: 'off' });
  const headers = h('textarea#invoke-headers.input.mono', { rows: 2, placeholder: 'Content-Type: application/json', spellcheck: 'false' });
  const body = h('textarea#invoke-body.input.mono', { rows: 5, placeholder: '{"x": 1}', spellcheck: 'false' });
  const send = h('button#invoke-send.btn.primary', { type: 'submit' }, 'Send');
  const result = h('div#invoke-result.invoke-result', { 'aria-live': 'polite' },
    h('p.muted.small.placeholder', 'Send a request to see the response here. Ctrl+Enter sends.'));

  const syncBody = () => {
    const noBody = method.value === 'GET' || method.value === 'DELETE';
    body.disabled = noBody;
    body.placeholder = noBody ? `${method.value} requests send no body` : '{"x": 1}';
  };
  method.addEventListener('change', syncBody);
  syncBody();

  const form = h('form.invoke-form', {
    onkeydown: (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); } },
    onsubmit: async (e) => {
      e.preventDefault();
      if (abort) abort.abort();
      abort = new AbortController();
      let sent;
      try {
        sent = parseHeaders(headers.value);
      } catch (err) {
        clear(result, h('div.alert.danger', { role: 'alert' }, err.message));
        return;
      }
      if (body.value && !body.disabled && !Object.keys(sent).some((k) => k.toLowerCase() === 'content-type')) {
        sent['Content-Type'] = looksLikeJson(body.value) ? 'application/json' : 'text/plain';
      }
      const p = path.value.startsWith('/') ? path.value : `/${path.value}`;
      const url = `/function/${encodeURIComponent(name)}${p === '/' ? '/' : p}`;
      send.disabled = true;
      send.textContent = 'Sending…';
      clear(result, h('p.muted.small', `${method.value} ${url} …`));
      const started = performance.now();
      try {
        const response = await fetch(url, {
          method: method.value, signal: abort.signal,
          headers: { Authorization: `Bearer ${session.token}`, ...sent },
          body: body.disabled || !body.value ? undefined : body.value,
        });
        const text = await response.text();
        show(response, text, performance.now() - started);
      } catch (err) {
        if (err.name !== 'AbortError') {
          clear(result, h('div.alert.danger', { role: 'alert' }, `No response: ${err.message}`));
        }
      } finally {
        send.disabled = false;
        send.textContent = 'Send';
      }
    },
  },
  h('div.request-line', method, h('span.path-prefix.mono', `/function/${name}`), path),
  h('label.label', { for: 'invoke-headers' }, 'Headers ', h('span.muted', '(one "Name: value" per line)')),
  headers,
  h('label.label', { for: 'invoke-body' }, 'Body'),
  body,
  h('div.form-actions', send));

  function show(response, text, ms) {
    const tone = response.status < 300 ? 'ok' : response.status < 500 ? 'warn' : 'danger';
    const type = response.headers.get('content-type') || '';
    let shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n… (${formatBytes(text.length)}, cut)` : text;
    if (type.includes('json')) {
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* as is */ }
    }
    const headerLines = [...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
    clear(result,
      h('div.response-meta',
        h(`span.status-code.${tone}#invoke-status`, String(response.status)),
        h('span', response.statusText || ''),
        h('span.muted#invoke-time', `${Math.round(ms)} ms`),
        h('span.muted', formatBytes(new Blob([text]).size)),
        type ? h('span.muted.mono', type.split(';')[0]) : null),
      h('details.response-headers', h('summary', 'Response headers'), h('pre.log.small', headerLines)),
      h('pre.log.response#invoke-response', { tabindex: '0' }, shown || h('span.muted', '(empty body)')));
  }

  const element = h('section.card.invoke#invoke', { 'aria-labelledby': 'invoke-title' },
    h('div.card-header', h('h2.card-title#invoke-title', 'Invoke')),
    form, result);
  return { element, dispose: () => { if (abort) abort.abort(); } };
}

function parseHeaders(text) {
  const headers = {};
  text.split('\n').map((l) => l.trim()).filter(Boolean).forEach((line) => {
    const i = line.indexOf(':');
    if (i < 1) throw new Error(`Header line "${line}" is not "Name: value".`);
    headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  });
  return headers;
}

function looksLikeJson(text) {
  try { JSON.parse(text); return true; } catch { return false; }
}

