// The functions table: live status, instances by state, URL, last deploy, traffic when known.

import { h, clear } from '../dom.js';
import { stateOf, relativeTime, absoluteTime, metricsOf } from '../status.js';
import { pill, instanceChips, pageHeader } from './parts.js';

const COLUMNS = ['Name', 'Status', 'Runtime', 'Version', 'Instances', 'Public URL', 'Req/min', 'p95', 'Last deploy'];

export function functionsView(main, { store, navigate }) {
  document.title = 'Functions · Plat';
  const count = h('span.count');
  const body = h('div.card.table-card');
  main.append(
    pageHeader(h('span', 'Functions ', count), 'Everything deployed on this platform, updated live.',
      h('a.btn.primary', { href: '#/deploy' }, h('span', { 'aria-hidden': 'true' }, '+ '), 'Deploy function')),
    body);

  const render = () => {
    const focused = document.activeElement?.dataset?.fnLink;
    const list = store.list();
    count.textContent = store.loaded ? String(list.length) : '';
    if (!store.loaded) {
      clear(body, skeleton());
    } else if (store.loadError && !list.length) {
      clear(body, h('div.empty',
        h('h2', 'Could not load the functions'),
        h('p.muted', store.loadError.message),
        h('button.btn', { type: 'button', onclick: () => store.load() }, 'Try again')));
    } else if (!list.length) {
      clear(body, h('div.empty#empty-functions',
        h('div.empty-icon', { 'aria-hidden': 'true' }, 'λ'),
        h('h2', 'No functions yet'),
        h('p.muted', 'Deploy a zip of your code and Plat builds it, runs it and gives it a URL.'),
        h('a.btn.primary', { href: '#/deploy' }, 'Deploy your first function')));
    } else {
      clear(body, table(list, store, navigate));
      if (focused) body.querySelector(`[data-fn-link="${CSS.escape(focused)}"]`)?.focus();
    }
  };
  const unsubscribe = store.subscribe(render);
  const ticker = setInterval(render, 30000);
  render();
  return () => { unsubscribe(); clearInterval(ticker); };
}

function table(list, store, navigate) {
  return h('table.table#functions-table',
    h('thead', h('tr', COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', list.map((fn) => row(fn, store, navigate))));
}

function row(fn, store, navigate) {
  const state = stateOf(fn, store.buildActive(fn.name));
  const m = metricsOf(fn);
  const deployed = fn.updatedAt || fn.createdAt;
  const href = `#/functions/${encodeURIComponent(fn.name)}`;
  return h('tr.row', {
    dataset: { fn: fn.name },
    onclick: (e) => { if (!e.target.closest('a,button')) navigate(href); },
  },
  h('td.cell-name', { 'data-label': 'Name' }, h('a.fn-link', { href, dataset: { fnLink: fn.name } }, fn.name)),
  h('td', { 'data-label': 'Status' }, pill(state)),
  h('td', { 'data-label': 'Runtime' }, fn.runtime ? h('span.tag', fn.runtime) : h('span.muted', '—')),
  h('td.num', { 'data-label': 'Version' }, fn.version ? `v${fn.version}` : '—'),
  h('td', { 'data-label': 'Instances' }, fn.pending ? h('span.muted', '—') : instanceChips(fn)),
  h('td.cell-url', { 'data-label': 'Public URL' },
    fn.url ? h('a.url', { href: fn.url, target: '_blank', rel: 'noopener', title: fn.url }, shortUrl(fn.url)) : h('span.muted', '—')),
  h('td.num', { 'data-label': 'Req/min' }, m.rpm ?? h('span.muted', '—')),
  h('td.num', { 'data-label': 'p95' }, m.p95 ?? h('span.muted', '—')),
  h('td', { 'data-label': 'Last deploy', title: absoluteTime(deployed) }, relativeTime(deployed)));
}

function shortUrl(url) {
  return url.replace(/^https?:\/\//, '');
}

function skeleton() {
  return h('div.skeleton', { 'aria-busy': 'true', 'aria-label': 'Loading functions' },
    [0, 1, 2].map(() => h('div.skeleton-row', h('span'), h('span'), h('span'), h('span'))));
}
