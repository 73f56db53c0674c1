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

const LINE_CLASSES = [
  [/^(ERROR|error:|build failed|plat: build failed|Traceback|\w*Error:|npm ERR!)/, 'log-error'],
  [/^(WARNING|warn)/i, 'log-warn'],
  [/^Step \d+\/\d+ :/, 'log-step'],
  [/^ ---> /, 'log-dim'],
  [/^plat: /, 'log-plat'],
];

/**
 * A writer of streamed text into a log panel: whole lines become spans coloured by their kind,
 * the panel keeps at most maxLines and follows the end unless the reader scrolled up.
 */
export function logWriter(pre, maxLines = 5000) {
  let partial = '';
  const line = (text) => {
    const found = LINE_CLASSES.find(([re]) => re.test(text));
    pre.append(found ? h(`span.${found[1]}`, text + '\n') : text + '\n');
  };
  const write = (text, end = false) => {
    const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40;
    const lines = (partial + text).split('\n');
    partial = lines.pop();
    if (end && partial) {
      lines.push(partial);
      partial = '';
    }
    lines.forEach(line);
    while (pre.childNodes.length > maxLines) pre.firstChild.remove();
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  };
  /** Writes what is left of an unfinished last line (the stream ended). */
  write.flush = () => write('', true);
  return write;
}
