// Scaling (min/max instances) and environment variables of a function, saved with PATCH;
// the change shows at once and is put back if the server refuses it.

import { api } from '../api.js';
import { h, clear, toast, toastError } from '../dom.js';

export function settingsCards(store, name) {
  const scalingCard = h('section.card#scaling', { 'aria-labelledby': 'scaling-title' });
  const envCard = h('section.card#env', { 'aria-labelledby': 'env-title' });
  let editingScaling = false;
  let editingEnv = false;
  let shownFor = null;

  async function save(changes, what, form) {
    const before = store.snapshot(name);
    store.update(name, changes);
    form.querySelectorAll('button, input').forEach((el) => { el.disabled = true; });
    try {
      store.put(await api.patch(name, changes));
      toast(`${what} saved`, 'ok');
    } catch (err) {
      store.restore(name, before);
      toastError(`Could not save the ${what.toLowerCase()}`, err);
    } finally {
      editingScaling = editingEnv = false;
      render(store.get(name), true);
    }
  }

  function scalingForm(fn) {
    const scaling = fn.scaling || { min: 1, max: 5 };
    const min = h('input#scale-min.input.narrow', { type: 'number', min: 0, max: 100, value: scaling.min, required: true });
    const max = h('input#scale-max.input.narrow', { type: 'number', min: 1, max: 100, value: scaling.max, required: true });
    const error = h('p.field-error', { role: 'alert', hidden: true });
    [min, max].forEach((el) => el.addEventListener('input', () => { editingScaling = true; }));
    const form = h('form.inline-form', {
      onsubmit: (e) => {
        e.preventDefault();
        const next = { min: Number(min.value), max: Number(max.value) };
        if (!Number.isInteger(next.min) || !Number.isInteger(next.max) || next.min < 0 || next.max < 1 || next.min > next.max) {
          error.textContent = 'Min must be 0 or more, max at least 1 and not below min.';
          error.hidden = false;
          return;
        }
        save({ scaling: { ...scaling, ...next } }, 'Scaling', form);
      },
    },
    h('div.field', h('label.label', { for: 'scale-min' }, 'Min instances'), min),
    h('div.field', h('label.label', { for: 'scale-max' }, 'Max instances'), max),
    h('button#scale-save.btn', { type: 'submit' }, 'Save'),
    error);
    return form;
  }

  function envForm(fn) {
    const rows = h('div.env-rows');
    const addRow = (key = '', value = '') => {
      const row = h('div.env-row',
        h('input.input.mono', { 'aria-label': 'Variable name', value: key, placeholder: 'NAME', spellcheck: 'false' }),
        h('input.input.mono', { 'aria-label': 'Value', value, placeholder: 'value', spellcheck: 'false' }),
        h('button.btn.small.ghost', {
          type: 'button', 'aria-label': `Remove ${key || 'variable'}`,
          onclick: () => { editingEnv = true; row.remove(); },
        }, 'Remove'));
      rows.append(row);
      return row;
    };
    Object.entries(fn.env || {}).forEach(([k, v]) => addRow(k, v));
    const error = h('p.field-error', { role: 'alert', hidden: true });
    const form = h('form.env-form', {
      oninput: () => { editingEnv = true; },
      onsubmit: (e) => {
        e.preventDefault();
        const env = {};
        for (const row of rows.children) {
          const [k, v] = row.querySelectorAll('input');
          // names are checked by the server, whose refusal is shown as it is
          if (k.value.trim()) env[k.value.trim()] = v.value;
        }
        save({ env }, 'Environment', form);
      },
    },
    rows,
    Object.keys(fn.env || {}).length ? null : h('p.muted.small.env-empty', 'No variables set.'),
    error,
    h('div.form-actions.split',
      h('button#env-add.btn.small.ghost', { type: 'button', onclick: () => { editingEnv = true; addRow().querySelector('input').focus(); } }, '+ Add variable'),
      h('button#env-save.btn', { type: 'submit' }, 'Save')));
    return form;
  }

  /** Re-draws from the store, but never under the user's unsaved edits. */
  function render(fn, force = false) {
    if (!fn) return;
    const key = JSON.stringify([fn.scaling, fn.env]);
    if (!force && key === shownFor) return;
    shownFor = key;
    if (force || !editingScaling) {
      clear(scalingCard,
        h('div.card-header', h('h2.card-title#scaling-title', 'Scaling'),
          h('span.muted.small', fn.scaling?.min === 0 ? 'Scales to zero when idle' : 'Always warm')),
        scalingForm(fn));
    }
    if (force || !editingEnv) {
      clear(envCard, h('div.card-header', h('h2.card-title#env-title', 'Environment')), envForm(fn));
    }
  }

  return { element: h('div.stack', scalingCard, envCard), render: (fn) => render(fn) };
}
