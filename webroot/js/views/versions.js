// A function's kept versions (newest first) with a rollback per version that does not run.
// Re-read when the function's version changes (a deploy or rollback, from here or elsewhere).

import { api } from '../api.js';
import { h, clear, toast, toastError, confirmDialog } from '../dom.js';
import { relativeTime, absoluteTime } from '../status.js';

export function versionsCard(store, name) {
  const card = h('section.card#versions', { 'aria-labelledby': 'versions-title' });
  let shownFor = null;
  let versions = null;
  let error = null;
  let rollbackError = null;
  let busy = false;
  let disposed = false;

  async function load() {
    try {
      const answer = await api.versions(name);
      versions = answer.versions || [];
      error = null;
    } catch (err) {
      error = err;
    }
    if (!disposed) draw();
  }

  async function rollback(v) {
    const ok = await confirmDialog({
      title: `Roll ${name} back to v${v.version}?`,
      message: `A new version is registered with the image and settings of v${v.version} (no rebuild); its instances replace the current ones.`,
      confirmLabel: `Roll back to v${v.version}`,
    });
    if (!ok) return;
    busy = true;
    rollbackError = null;
    draw();
    try {
      const answer = await api.rollback(name, v.version);
      toast(`${name} rolled back: v${answer.version} runs v${answer.rolledBackFrom}`, 'ok');
      store.refreshSoon(name);
    } catch (err) {
      rollbackError = err;
      toastError(`Could not roll ${name} back`, err);
    } finally {
      busy = false;
      await load();
    }
  }

  function draw() {
    const header = h('div.card-header', h('h2.card-title#versions-title', 'Versions'),
      versions ? h('span.muted.small', `${versions.length} kept`) : null);
    const refused = rollbackError ? h('p.field-error#rollback-error', { role: 'alert' },
      `Could not roll back: ${rollbackError.message}`, rollbackError.code ? h('span.code-tag', rollbackError.code) : null) : null;
    if (error) {
      clear(card, header, h('p.field-error#versions-error', { role: 'alert' }, error.message));
    } else if (!versions) {
      clear(card, header, h('p.muted.small', 'Loading…'));
    } else if (!versions.length) {
      clear(card, header, h('p.muted.small', 'No version kept.'));
    } else {
      clear(card, header, refused, h('table.table.compact.stacked#versions-table',
        h('caption.visually-hidden', 'Versions'),
        h('thead', h('tr', ['Version', 'Created', 'Digest', 'Origin', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', versions.map((v) => row(v)))));
    }
  }

  function row(v) {
    return h('tr', { dataset: { version: String(v.version) }, class: v.current ? 'current' : '' },
      h('td.num', { 'data-label': 'Version' }, `v${v.version}`,
        v.current ? h('span.chip.ok.current-marker', { title: 'The version that runs' }, 'current') : null),
      h('td', { 'data-label': 'Created', title: absoluteTime(v.createdAt) }, relativeTime(v.createdAt)),
      h('td.mono', { 'data-label': 'Digest', title: v.digest || v.image || '' }, shortDigest(v.digest)),
      h('td', { 'data-label': 'Origin' }, v.origin || '—'),
      h('td.actions', { 'data-label': '' }, v.current ? null : h('button.btn.small.rollback', {
        type: 'button', disabled: busy, 'aria-label': `Roll back to v${v.version}`, onclick: () => rollback(v),
      }, 'Roll back')));
  }

  /** Loads again when the function's version is not the one drawn. */
  function render(fn) {
    if (!fn || fn.pending) return;
    const key = String(fn.version);
    if (key === shownFor) return;
    shownFor = key;
    load();
  }

  draw();
  return { element: card, render, dispose: () => { disposed = true; } };
}

function shortDigest(digest) {
  if (!digest) return '—';
  const hex = digest.replace(/^sha256:/, '');
  return hex.slice(0, 12);
}
