// The secrets: names, keys, the functions using each; create, rotate (replace every value) and
// delete. Values are write-only: typed into password fields, sent once, never shown or kept here.

import { api } from '../api.js';
import { h, clear, toast, toastError, confirmDialog } from '../dom.js';
import { relativeTime, absoluteTime } from '../status.js';
import { pageHeader } from './parts.js';

export function secretsView(main) {
  document.title = 'Secrets · Plat';
  const count = h('span.count');
  const formSlot = h('div.secret-form-slot');
  const alert = h('div.detail-alerts');
  const body = h('div.card.table-card');
  let secrets = null;
  let loadError = null;
  let disposed = false;

  main.append(
    pageHeader(h('span', 'Secrets ', count),
      'Values functions read as files under /run/secrets/<name>/. Never shown again once saved.',
      h('button#secret-new.btn.primary', { type: 'button', onclick: () => openForm() },
        h('span', { 'aria-hidden': 'true' }, '+ '), 'New secret')),
    alert, formSlot, body);

  async function load() {
    try {
      secrets = await api.secrets();
      loadError = null;
    } catch (err) {
      loadError = err;
    }
    if (!disposed) render();
  }

  function showError(prefix, err) {
    toastError(prefix, err);
    clear(alert, h('div.alert.danger#secrets-error', { role: 'alert' },
      h('strong', `${prefix}: `), err.message, err.code && err.code !== 'network' ? h('span.code-tag', err.code) : null));
  }

  /** The form to create a secret, or to rotate one (its name fixed, its keys listed with empty values). */
  function openForm(existing) {
    clear(alert);
    const rows = h('div.env-rows');
    const addRow = (key = '') => {
      const row = h('div.env-row.secret-row',
        h('input.input.mono.secret-key', { 'aria-label': 'Key', value: key, placeholder: 'key', spellcheck: 'false', autocomplete: 'off' }),
        h('input.input.mono.secret-value', { type: 'password', 'aria-label': `Value${key ? ` of ${key}` : ''}`, placeholder: 'value', autocomplete: 'new-password' }),
        h('button.btn.small.ghost', { type: 'button', 'aria-label': `Remove ${key || 'key'}`, onclick: () => row.remove() }, 'Remove'));
      rows.append(row);
      return row;
    };
    (existing ? existing.keys : ['']).forEach((k) => addRow(k));
    const nameInput = existing ? null : h('input#secret-name.input.mono', {
      required: true, placeholder: 'db', spellcheck: 'false', autocomplete: 'off', title: 'a-z, 0-9 and -, at most 63 characters',
    });
    const error = h('p.field-error#secret-form-error', { role: 'alert', hidden: true });
    const close = () => { clear(formSlot); document.getElementById('secret-new')?.focus(); };
    const submit = h('button#secret-submit.btn.primary', { type: 'submit' }, existing ? 'Rotate' : 'Create');
    const form = h('form.card.secret-form#secret-form', {
      'aria-labelledby': 'secret-form-title',
      onkeydown: (e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } },
      onsubmit: async (e) => {
        e.preventDefault();
        const data = {};
        for (const row of rows.children) {
          const k = row.querySelector('.secret-key').value.trim();
          if (k) data[k] = row.querySelector('.secret-value').value;
        }
        const secretName = existing ? existing.name : nameInput.value.trim();
        form.querySelectorAll('button, input').forEach((el) => { el.disabled = true; });
        submit.textContent = existing ? 'Rotating…' : 'Creating…';
        try {
          // names and keys are checked by the server, whose refusal is shown as it is
          if (existing) await api.rotateSecret(secretName, data);
          else await api.createSecret(secretName, data);
          close();
          toast(existing ? `Secret ${secretName} rotated` : `Secret ${secretName} created`, 'ok');
          await load();
        } catch (err) {
          form.querySelectorAll('button, input').forEach((el) => { el.disabled = false; });
          submit.textContent = existing ? 'Rotate' : 'Create';
          error.textContent = err.code && err.code !== 'network' ? `${err.message} (${err.code})` : err.message;
          error.hidden = false;
        }
      },
    },
    h('div.card-header', h('h2.card-title#secret-form-title', existing ? `Rotate ${existing.name}` : 'New secret')),
    existing
      ? h('p.muted.small', 'Every value is replaced; the functions using it are rolled onto the new values.')
      : h('div.field', h('label.label', { for: 'secret-name' }, 'Name'), nameInput),
    h('div.label', 'Keys and values'),
    rows,
    error,
    h('div.form-actions.split',
      h('button#secret-add-key.btn.small.ghost', { type: 'button', onclick: () => addRow().querySelector('input').focus() }, '+ Add key'),
      h('div.btn-group',
        h('button#secret-cancel.btn', { type: 'button', onclick: close }, 'Cancel'),
        submit)));
    clear(formSlot, form);
    (nameInput || rows.querySelector('.secret-value')).focus();
  }

  async function remove(s) {
    const ok = await confirmDialog({
      title: `Delete secret ${s.name}?`,
      message: 'Its values are deleted. A secret a function lists cannot be deleted. This cannot be undone.',
      confirmLabel: 'Delete secret', danger: true,
    });
    if (!ok) return;
    clear(alert);
    try {
      await api.deleteSecret(s.name);
      toast(`Secret ${s.name} deleted`);
    } catch (err) {
      showError(`Could not delete ${s.name}`, err);
    }
    await load();
  }

  function render() {
    count.textContent = secrets ? String(secrets.length) : '';
    if (!secrets && !loadError) {
      clear(body, h('div.skeleton', { 'aria-busy': 'true', 'aria-label': 'Loading secrets' }, h('div.skeleton-row', h('span'), h('span'), h('span'), h('span'))));
    } else if (loadError && !secrets) {
      clear(body, h('div.empty',
        h('h2', 'Could not load the secrets'),
        h('p.muted', loadError.message),
        h('button.btn', { type: 'button', onclick: () => load() }, 'Try again')));
    } else if (!secrets.length) {
      clear(body, h('div.empty#empty-secrets',
        h('div.empty-icon', { 'aria-hidden': 'true' }, '•••'),
        h('h2', 'No secrets yet'),
        h('p.muted', 'Passwords, API keys and certificates belong here rather than in a function\'s environment.')));
    } else {
      clear(body, h('table.table.stacked#secrets-table',
        h('thead', h('tr', ['Name', 'Keys', 'Used by', 'Updated', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', secrets.map((s) => row(s)))));
    }
  }

  function row(s) {
    const used = s.functions || [];
    return h('tr', { dataset: { secret: s.name } },
      h('td.cell-name', { 'data-label': 'Name' }, h('span.fn-link', s.name)),
      h('td', { 'data-label': 'Keys' }, h('span.chips', (s.keys || []).map((k) => h('span.tag', k)))),
      h('td', { 'data-label': 'Used by' }, used.length
        ? h('span.chips.secret-users', used.map((f) => h('a.tag', { href: `#/functions/${encodeURIComponent(f)}` }, f)))
        : h('span.muted', 'no function')),
      h('td', { 'data-label': 'Updated', title: absoluteTime(s.updatedAt) }, relativeTime(s.updatedAt)),
      h('td.actions', { 'data-label': '' }, h('span.btn-group',
        h('button.btn.small.secret-rotate', { type: 'button', 'aria-label': `Rotate ${s.name}`, onclick: () => openForm(s) }, 'Rotate'),
        h('button.btn.small.danger-outline.secret-delete', { type: 'button', 'aria-label': `Delete ${s.name}`, onclick: () => remove(s) }, 'Delete'))));
  }

  render();
  load();
  return () => { disposed = true; };
}
