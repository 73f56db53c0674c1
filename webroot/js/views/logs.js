// A live tail of the function's container output (GET /api/functions/<name>/logs?follow=true).

import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { logWriter } from './parts.js';

const MAX_LINES = 2000;

export function logPanel(name) {
  let abort = null;
  let following = false;
  let ended = false;
  let startedAt = 0;
  const log = h('pre.log.tall#fn-logs', { tabindex: '0', 'aria-label': `Logs of ${name}` });
  const append = logWriter(log, MAX_LINES);
  const state = h('span.log-state.muted.small', { role: 'status' });
  const toggle = h('button#logs-toggle.btn.small', { type: 'button', onclick: () => (following ? pause() : follow()) });
  const clearBtn = h('button.btn.small.ghost', { type: 'button', onclick: () => { log.textContent = ''; } }, 'Clear');

  function setState(text, live) {
    clear(state, live ? h('span.live-dot', { 'aria-hidden': 'true' }) : null, text);
    toggle.textContent = following ? 'Pause' : 'Follow';
  }

  function follow() {
    abort = new AbortController();
    following = true;
    ended = false;
    startedAt = Date.now();
    setState('Following', true);
    const mine = abort;
    api.functionLogs(name, append, abort.signal, log.childNodes.length ? 0 : 200)
      .then(() => {
        append.flush();
        if (mine !== abort) return;
        following = false;
        ended = true;
        setState('Stream ended: no running instance. It resumes when one starts.');
      })
      .catch((err) => {
        if (err.name === 'AbortError' || mine !== abort) return;
        following = false;
        ended = true;
        setState(err.status === 404 || err.status === 409 ? err.message : `Log stream failed: ${err.message}`);
      });
  }

  function pause() {
    following = false;
    if (abort) abort.abort();
    abort = null;
    setState('Paused');
  }

  const element = h('section.card.logs#logs', { 'aria-labelledby': 'logs-title' },
    h('div.card-header', h('div.title-row', h('h2.card-title#logs-title', 'Logs'), state), h('div.btn-group', toggle, clearBtn)),
    log);
  follow();
  /** Follows again after the server ended the stream (not after the user paused it). */
  const resume = () => { if (ended && !following && Date.now() - startedAt > 3000) follow(); };
  return { element, resume, dispose: () => { following = false; if (abort) abort.abort(); abort = null; } };
}
