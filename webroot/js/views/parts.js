// Pieces shared by the views: status pill, instance chips, page header.

import { h } from '../dom.js';
import { describe, instanceCounts, instanceTone } from '../status.js';

export function pill(state) {
  const d = describe(state);
  return h(`span.pill.${d.tone}`, { dataset: { state }, class: d.live ? 'live' : '' },
    h('span.pill-dot', { 'aria-hidden': 'true' }), d.label);
}

export function instanceChips(fn) {
  const counts = instanceCounts(fn);
  const states = Object.keys(counts).sort();
  if (!states.length) return h('span.muted', 'none');
  return h('span.chips', states.map((s) => h(`span.chip.${instanceTone(s)}`, { title: `${counts[s]} ${s}` },
    h('strong', String(counts[s])), ` ${s}`)));
}

export function pageHeader(title, subtitle, ...actions) {
  return h('div.page-header',
    h('div', h('h1.page-title', title), subtitle ? h('p.page-subtitle', subtitle) : null),
    actions.length ? h('div.page-actions', actions) : null);
}
