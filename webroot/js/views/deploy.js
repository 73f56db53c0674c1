// Deploy: pick or drop a zip, choose name and runtime, upload it, then follow the build log live
// and the function's state until it is ready. Server errors are shown as they are.

import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { stateOf } from '../status.js';
import { pill, pageHeader, logWriter } from './parts.js';

const RUNTIMES = [
  { id: 'python-flask', label: 'Python 3 · Flask' },
  { id: 'node', label: 'Node.js' },
];
const NAME_PATTERN = '[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?';

export function deployView(main, { store }) {
  document.title = 'Deploy · Plat';
  let file = null;
  let abort = null;

  const fileInput = h('input#deploy-file.visually-hidden', { type: 'file', accept: '.zip,application/zip' });
  const fileLabel = h('span.drop-file', 'No file chosen');
  const drop = h('label.dropzone', { for: 'deploy-file' },
    fileInput,
    h('span.drop-icon', { 'aria-hidden': 'true' }, '⇪'),
    h('span.drop-title', 'Drop a .zip here, or ', h('span.link', 'browse')),
    h('span.drop-hint', 'Your function\'s folder, zipped: handler and dependencies file at its root.'),
    fileLabel);
  const name = h('input#deploy-name.input', {
    name: 'name', required: true, pattern: NAME_PATTERN, maxLength: 63, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'my-function', 'aria-describedby': 'deploy-name-help',
  });
  const runtime = h('select#deploy-runtime.input', { name: 'runtime' },
    RUNTIMES.map((r) => h('option', { value: r.id }, `${r.label} (${r.id})`)));
  const submit = h('button#deploy-submit.btn.primary', { type: 'submit' }, 'Deploy');
  const error = h('div#deploy-error.alert.danger', { role: 'alert', hidden: true });
  const progress = h('section.card.build-card#build', { hidden: true, 'aria-label': 'Build' });
  const layout = h('div.deploy-layout');

  const choose = (f) => {
    if (!f) return;
    file = f;
    fileLabel.textContent = `${f.name} · ${formatBytes(f.size)}`;
    drop.classList.add('has-file');
    if (!name.value) name.value = suggestName(f.name);
  };
  fileInput.addEventListener('change', () => choose(fileInput.files[0]));
  ['dragenter', 'dragover'].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add('dragging'); }));
  ['dragleave', 'drop'].forEach((t) => drop.addEventListener(t, () => drop.classList.remove('dragging')));
  drop.addEventListener('drop', (e) => { e.preventDefault(); choose(e.dataTransfer.files[0]); });

  const form = h('form.card.deploy-form', {
    novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      error.hidden = true;
      if (!file) return showError('Choose a .zip file to deploy.');
      if (!new RegExp(`^${NAME_PATTERN}$`).test(name.value)) {
        name.focus();
        return showError('The name must be lowercase letters, digits and dashes (a DNS label), like my-function.');
      }
      submit.disabled = true;
      submit.textContent = 'Uploading…';
      try {
        const accepted = await api.deploy(file, name.value, runtime.value);
        store.deployed(accepted, runtime.value);
        follow(accepted);
      } catch (err) {
        showError(err.message, err.code);
      } finally {
        submit.disabled = false;
        submit.textContent = 'Deploy';
      }
    },
  },
  drop,
  h('div.form-row',
    h('div.field', h('label.label', { for: 'deploy-name' }, 'Name'), name,
      h('p#deploy-name-help.hint', 'Lowercase letters, digits and dashes. Deploying an existing name updates it.')),
    h('div.field', h('label.label', { for: 'deploy-runtime' }, 'Runtime'), runtime)),
  error,
  h('div.form-actions', submit));

  function showError(message, code) {
    clear(error, h('strong', 'Deploy failed. '), message, code ? h('code.code-tag', code) : null);
    error.hidden = false;
  }

  function follow(accepted) {
    if (abort) abort.abort();
    abort = new AbortController();
    const log = h('pre.log#build-log', { tabindex: '0', 'aria-label': 'Build log', 'aria-live': 'off' });
    const stateSlot = h('span#build-state');
    const result = h('div.build-result', { role: 'status' });
    clear(progress,
      h('div.card-header',
        h('div', h('h2.card-title', `${accepted.name}`, h('span.muted', ` · v${accepted.version}`)),
          h('p.muted.small', 'Build ', h('code', accepted.buildId))),
        stateSlot),
      log, result);
    progress.hidden = false;
    layout.classList.add('building');

    const showState = () => {
      const fn = store.get(accepted.name);
      const build = store.build(accepted.name);
      let state = 'building';
      if (build && build.state === 'failed' && build.version === accepted.version) state = 'build_failed';
      else if (fn && !store.buildActive(accepted.name) && (fn.version ?? 0) >= accepted.version) state = stateOf(fn, false);
      clear(stateSlot, pill(state));
      if (state === 'ready' || state === 'scaled_to_zero') {
        clear(result, h('div.alert.success', h('strong', `${accepted.name} is ready. `),
          h('a#build-open', { href: `#/functions/${encodeURIComponent(accepted.name)}` }, 'Open the function →')));
      }
    };
    const unsubscribe = store.subscribe(showState);
    abort.signal.addEventListener('abort', unsubscribe);
    showState();

    const append = logWriter(log);
    api.buildLogs(accepted.buildId, append, abort.signal)
      .then(() => { append.flush(); return api.build(accepted.buildId); })
      .then((build) => {
        if (build.state === 'failed') {
          clear(result, h('div.alert.danger#build-failed', { role: 'alert' }, h('strong', 'Build failed. '),
            build.error || 'see the log above', build.code ? h('code.code-tag', build.code) : null));
          clear(stateSlot, pill('build_failed'));
        }
      })
      .catch((err) => {
        if (err.name !== 'AbortError') clear(result, h('div.alert.danger', { role: 'alert' }, err.message));
      });
    if (matchMedia('(max-width: 980px)').matches) progress.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  layout.append(form, progress);
  main.append(
    pageHeader('Deploy a function', 'Upload a zip; Plat builds an image, starts it and routes traffic to it.'),
    layout);
  return () => { if (abort) abort.abort(); };
}

function suggestName(filename) {
  return filename.replace(/\.zip$/i, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '').slice(0, 63);
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
