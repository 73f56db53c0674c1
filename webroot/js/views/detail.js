// One function: state and actions (start, stop, delete), overview, versions, traffic, settings, invoke
// console, asynchronous invocations and schedule, logs.

import { api } from '../api.js';
import { h, clear, toast, toastError, confirmDialog, copyButton } from '../dom.js';
import { stateOf, relativeTime, absoluteTime, instanceTone, metricsOf } from '../status.js';
import { pill, instanceChips } from './parts.js';
import { settingsCards } from './settings.js';
import { invokeConsole } from './invoke.js';
import { logPanel } from './logs.js';
import { versionsCard } from './versions.js';
import { trafficCard } from './traffic.js';
import { invocationsCard } from './invocations.js';

export function detailView(main, { store, navigate }, name) {
  document.title = `${name} · Plat`;
  const pillSlot = h('span#fn-state');
  const actions = h('div.page-actions');
  const overview = h('section.card#overview', { 'aria-labelledby': 'overview-title' });
  const failure = h('div.detail-alerts');
  const settings = settingsCards(store, name);
  const invoke = invokeConsole(name);
  const logs = logPanel(name);
  const versions = versionsCard(store, name);
  const traffic = trafficCard(store, name);
  const invocations = invocationsCard(name);
  let busy = null;

  const grid = h('div.detail-grid',
    h('div.col', overview, versions.element, traffic.element, settings.element),
    h('div.col', invoke.element, invocations.element));
  main.append(
    h('nav.breadcrumb', { 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Functions'), h('span', { 'aria-hidden': 'true' }, '/'), h('span', name)),
    h('div.page-header',
      h('div.title-row', h('h1.page-title.mono', name), pillSlot),
      actions),
    failure,
    grid,
    logs.element);

  async function act(kind, optimistic, call, done) {
    const before = store.snapshot(name);
    busy = kind;
    store.update(name, optimistic);
    try {
      const status = await call();
      if (status) store.put(status);
      if (done) done();
    } catch (err) {
      store.restore(name, before);
      toastError(`Could not ${kind} ${name}`, err);
    } finally {
      busy = null;
      render();
    }
  }

  const start = () => act('start', { state: 'starting' }, () => api.start(name), () => toast(`${name} started`, 'ok'));
  const stop = () => act('stop', { state: 'stopping' }, () => api.stop(name), () => toast(`${name} stopped`));
  const remove = async () => {
    const ok = await confirmDialog({
      title: `Delete ${name}?`,
      message: 'Its instances are stopped and removed, and its URL stops answering. This cannot be undone.',
      confirmLabel: 'Delete function', danger: true, option: 'Also remove its images',
    });
    if (!ok) return;
    const before = store.snapshot(name);
    store.update(name, { state: 'deleting' });
    busy = 'delete';
    render();
    try {
      await api.remove(name, ok.option);
      store.remove(name);
      toast(`${name} deleted`);
      navigate('#/');
    } catch (err) {
      busy = null;
      store.restore(name, before);
      toastError(`Could not delete ${name}`, err);
    }
  };

  function render() {
    const fn = store.get(name);
    if (!fn) {
      if (!store.loaded) {
        clear(overview, h('div.skeleton', { 'aria-busy': 'true' }, h('div.skeleton-row', h('span'), h('span'))));
        return;
      }
      clear(main, h('div.card.empty',
        h('h2', `No function named ${name}`),
        h('p.muted', 'It may have been deleted.'),
        h('a.btn', { href: '#/' }, 'Back to functions')));
      return;
    }
    const state = stateOf(fn, store.buildActive(name));
    clear(pillSlot, pill(state));
    const running = ['ready', 'starting', 'paused', 'scaled_to_zero', 'failing'].includes(state);
    if (fn.pending) {
      // not registered: its first build runs or failed
      clear(actions,
        h('a.btn', { href: '#/deploy' }, 'Deploy again'),
        state === 'build_failed'
          ? h('button#fn-dismiss.btn.ghost', { type: 'button', onclick: () => { store.remove(name); navigate('#/'); } }, 'Dismiss')
          : null);
    } else {
      clear(actions,
        running
          ? h('button#fn-stop.btn', { type: 'button', onclick: stop, disabled: !!busy }, busy === 'stop' ? 'Stopping…' : 'Stop')
          : h('button#fn-start.btn', { type: 'button', onclick: start, disabled: !!busy }, busy === 'start' ? 'Starting…' : 'Start'),
        h('button#fn-delete.btn.danger-outline', { type: 'button', onclick: remove, disabled: !!busy }, 'Delete'));
    }
    renderFailure(fn, state);
    grid.hidden = logs.element.hidden = !!fn.pending;
    if (fn.pending) return;
    if (state === 'ready' && (fn.instances || []).some((i) => i.state === 'ready')) logs.resume();
    renderOverview(fn);
    versions.render(fn);
    traffic.render(fn);
    settings.render(fn);
  }

  function renderFailure(fn, state) {
    const build = store.build(name);
    const last = fn.lastFailure;
    if (state === 'failing' || state === 'build_failed') {
      const failed = state === 'failing' && last;
      const logsTail = ((failed ? last.logs : fn.lastLogs) || []).join('\n');
      clear(failure, h('div.alert.danger.failure', { role: 'alert' },
        h('strong', state === 'failing' ? 'The function is failing. ' : 'The build failed. '),
        (failed ? last.reason : fn.lastError) || build?.error || '',
        logsTail ? h('pre.log.small', logsTail) : null));
    } else if (last && !fn.pending) {
      const logsTail = (last.logs || []).join('\n');
      clear(failure, h('div.alert.warn.failure', { role: 'status' },
        h('strong', 'An instance failed: '), last.reason || '',
        last.at ? ` (${new Date(last.at).toLocaleString()})` : '',
        logsTail ? h('pre.log.small', logsTail) : null));
    } else if (fn.pending) {
      clear(failure, h('div.alert.info', { role: 'status' }, h('strong', 'The first build is running. '),
        'The function appears here once its image is built and an instance is ready.'));
    } else if (build && build.state === 'failed') {
      clear(failure, h('div.alert.warn', { role: 'status' }, h('strong', `The build of v${build.version} failed: `),
        build.error || 'see its log', '. The previous version keeps serving.'));
    } else {
      clear(failure);
    }
  }

  function renderOverview(fn) {
    const deployed = fn.updatedAt || fn.createdAt;
    const curl = fn.url ? `curl -H "Authorization: Bearer $AUTH_TOKEN" ${fn.url}` : '';
    clear(overview,
      h('div.card-header', h('h2.card-title#overview-title', 'Overview')),
      h('dl.props',
        prop('Runtime', fn.runtime ? h('span.tag', fn.runtime) : '—'),
        prop('Version', fn.version ? `v${fn.version}` : '—'),
        prop('Last deploy', h('span', { title: absoluteTime(deployed) }, relativeTime(deployed))),
        prop('Instances', fn.pending ? '—' : instanceChips(fn)),
        prop('Requests/min', h('span#fn-rpm', metricsOf(fn).rpm ?? '—')),
        prop('p95 latency', h('span#fn-p95', metricsOf(fn).p95 ?? '—')),
        prop('Public URL', fn.url
          ? h('span.url-row', h('a.url#fn-url', { href: fn.url, target: '_blank', rel: 'noopener' }, fn.url), copyButton(fn.url))
          : '—'),
        fn.public === false || fn.public === undefined ? null : prop('Access', 'Public (no token needed)'),
        fn.description ? prop('Description', h('span#fn-description', fn.description)) : null,
        labelsOf(fn).length ? prop('Labels', h('span#fn-labels', labelsOf(fn).map((l) => h('span.tag', l)))) : null),
      curl ? h('div.snippet', h('code', curl), copyButton(curl)) : null,
      (fn.instances || []).length ? instancesTable(fn) : null);
  }

  const unsubscribe = store.subscribe(() => render());
  render();
  if (store.loaded && !store.get(name)) store.refreshSoon(name);
  return () => { unsubscribe(); invoke.dispose(); logs.dispose(); versions.dispose(); traffic.dispose(); invocations.dispose(); };
}

function labelsOf(fn) {
  return Object.entries(fn.labels || {}).map(([k, v]) => (v === '' ? k : `${k}=${v}`));
}

function prop(label, value) {
  return [h('dt', label), h('dd', value)];
}

function instancesTable(fn) {
  return h('table.table.compact.instances',
    h('caption.visually-hidden', 'Instances'),
    h('thead', h('tr', ['Instance', 'State', 'Version', 'Node'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', fn.instances.map((i) => h('tr',
      h('td.mono', { 'data-label': 'Instance' }, i.id),
      h('td', { 'data-label': 'State' }, h(`span.chip.${instanceTone(i.state)}`, i.state)),
      h('td', { 'data-label': 'Version' }, i.version ? `v${i.version}` : '—'),
      h('td', { 'data-label': 'Node' }, i.node || '—')))));
}
