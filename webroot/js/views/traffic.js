// How a function's invocations are shared among its versions: the split in effect as bars, and a
// form with a share per kept version (whole percentages summing to 100) or "All to latest".
// Re-read when the function's version changes; the split comes with the function's status.

import { api } from '../api.js';
import { h, clear, toast, toastError } from '../dom.js';

export function trafficCard(store, name) {
  const card = h('section.card#traffic', { 'aria-labelledby': 'traffic-title' });
  let fn = null;
  let versions = null;
  let shownFor = null;
  let editing = false;
  let busy = false;
  let saveError = null;
  let disposed = false;

  async function loadVersions() {
    try {
      versions = (await api.versions(name)).versions || [];
    } catch (err) {
      versions = [];
    }
    if (!disposed) draw();
  }

  async function save(body) {
    busy = true;
    saveError = null;
    draw();
    try {
      store.put(await api.traffic(name, body));
      toast(body.latest ? `${name}: every invocation to the latest version` : `${name}: traffic split saved`, 'ok');
      editing = false;
    } catch (err) {
      saveError = err;
      toastError(`Could not change the traffic of ${name}`, err);
    } finally {
      busy = false;
      fn = store.get(name) || fn;
      if (!disposed) draw();
    }
  }

  function split() {
    return (fn && fn.traffic) || {};
  }

  function bars() {
    const entries = Object.entries(split()).sort((a, b) => Number(b[0]) - Number(a[0]));
    return h('ul.traffic-bars#traffic-split', { 'aria-label': 'Traffic split in effect' }, entries.map(([v, w]) =>
      h('li.traffic-row', { dataset: { version: v } },
        h('span.traffic-version.mono', `v${v}`, String(fn.version) === v ? h('span.chip.ok.current-marker', 'current') : null),
        h('span.traffic-track', { 'aria-hidden': 'true' }, h('span.traffic-fill', { style: `width: ${w}%` })),
        h('span.traffic-share.num', `${w}%`))));
  }

  function form() {
    const shares = split();
    const inputs = (versions || []).map((v) => h('input.input.narrow.traffic-input', {
      type: 'number', min: 0, max: 100, step: 1, id: `traffic-v${v.version}`,
      value: shares[String(v.version)] || 0, dataset: { version: String(v.version) }, disabled: busy,
    }));
    const sum = h('span.muted.small#traffic-sum');
    const submit = h('button#traffic-save.btn', { type: 'submit', disabled: busy }, 'Save split');
    const update = () => {
      const total = inputs.reduce((s, i) => s + (Number(i.value) || 0), 0);
      sum.textContent = `Total ${total}%`;
      submit.disabled = busy || total !== 100;
    };
    inputs.forEach((i) => i.addEventListener('input', () => { editing = true; update(); }));
    update();
    const refused = saveError ? h('p.field-error#traffic-error', { role: 'alert' },
      `Could not save: ${saveError.message}`, saveError.code ? h('span.code-tag', saveError.code) : null) : null;
    return h('form.inline-form#traffic-form', {
      onsubmit: (e) => {
        e.preventDefault();
        const traffic = {};
        inputs.forEach((i) => { if (Number(i.value) > 0) traffic[i.dataset.version] = Number(i.value); });
        save({ traffic });
      },
    },
    (versions || []).map((v, n) => h('div.field',
      h('label.label', { for: `traffic-v${v.version}` }, `v${v.version}${v.current ? ' (current)' : ''}`), inputs[n])),
    submit,
    h('button#traffic-latest.btn.ghost', { type: 'button', disabled: busy, onclick: () => save({ latest: true }) }, 'All to latest'),
    sum, refused);
  }

  function draw() {
    const header = h('div.card-header', h('h2.card-title#traffic-title', 'Traffic'),
      h('span.muted.small', Object.keys(split()).length > 1 ? 'split' : 'all to one version'));
    if (!fn) {
      clear(card, header, h('p.muted.small', 'Loading…'));
      return;
    }
    clear(card, header, bars(), versions ? form() : h('p.muted.small', 'Loading versions…'));
  }

  /** Redraws with the function's split (not while a share is being edited); versions again when the version changes. */
  function render(next) {
    if (!next || next.pending) return;
    const before = fn && JSON.stringify(fn.traffic);
    fn = next;
    const key = String(next.version);
    if (key !== shownFor) {
      shownFor = key;
      loadVersions();
    } else if (!editing && before !== JSON.stringify(next.traffic)) {
      draw();
    }
  }

  draw();
  return { element: card, render, dispose: () => { disposed = true; } };
}
