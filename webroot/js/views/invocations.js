// A function's asynchronous invocations: the queue (how many wait), the recent ones with their
// state, and its schedule when it has one. Polled every 2 s while the page is open (no event
// carries invocations).

import { api } from '../api.js';
import { h, clear } from '../dom.js';
import { relativeTime, absoluteTime } from '../status.js';

const POLL_MS = 2000;
const TONES = { queued: 'warn', running: 'warn', succeeded: 'ok', failed: 'danger', expired: 'muted' };

export function invocationsCard(name) {
  const card = h('section.card#invocations', { 'aria-labelledby': 'invocations-title' });
  let invocations = null;
  let schedule = null;
  let error = null;
  let drawn = null;
  let inFlight = false;
  let timer = null;

  async function poll() {
    // a tab in the background asks nothing; it reads again as soon as it shows
    if (inFlight || (document.hidden && invocations)) return;
    inFlight = true;
    try {
      const [list, schedules] = await Promise.all([
        api.invocations(name),
        api.schedules().catch(() => null), // 503 while no leader: the line is left out
      ]);
      invocations = list;
      if (schedules) schedule = schedules.find((s) => s.function === name) || null;
      error = null;
    } catch (err) {
      error = err;
    } finally {
      inFlight = false;
    }
    if (timer !== null) draw();
  }

  function draw() {
    // drawn again when the answer changed, when the ages may read differently (30 s), and each poll
    // while a schedule's next run counts down
    const key = JSON.stringify([invocations, schedule, error && error.message, Math.floor(Date.now() / 30000)]);
    if (key === drawn && !schedule) return;
    drawn = key;
    const queued = (invocations || []).filter((i) => i.state === 'queued').length;
    clear(card,
      h('div.card-header', h('h2.card-title#invocations-title', 'Invocations'),
        invocations ? h(`span.chip.${queued ? 'warn' : 'muted'}#inv-queued`, { title: 'Asynchronous invocations waiting to run' },
          `${queued} queued`) : null),
      schedule ? scheduleLine(schedule) : null,
      error ? h('p.field-error#invocations-error', { role: 'alert' }, error.message) : null,
      body());
  }

  function body() {
    if (!invocations) return h('p.muted.small', 'Loading…');
    if (!invocations.length) {
      return h('p.muted.small#invocations-empty', 'No asynchronous invocation yet. ',
        h('code', `POST /async-function/${name}/`), ' queues one.');
    }
    return h('table.table.compact.stacked#invocations-table',
      h('caption.visually-hidden', 'Recent asynchronous invocations'),
      h('thead', h('tr', ['ID', 'State', 'Attempts', 'Status', 'Age'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', invocations.map((i) => h('tr', { dataset: { invocation: i.id } },
        h('td.mono', { 'data-label': 'ID', title: i.id }, String(i.id).slice(0, 8)),
        h('td', { 'data-label': 'State' }, h(`span.chip.${TONES[i.state] || 'muted'}.inv-state`, i.state)),
        h('td.num', { 'data-label': 'Attempts' }, String(i.attempts ?? 0)),
        h('td.num', { 'data-label': 'Status', title: i.result?.error || '' }, statusOf(i)),
        h('td', { 'data-label': 'Age', title: absoluteTime(i.createdAt) }, relativeTime(i.createdAt))))));
  }

  timer = setInterval(poll, POLL_MS);
  poll();
  draw();
  return {
    element: card,
    dispose: () => { clearInterval(timer); timer = null; },
  };
}

function statusOf(i) {
  const status = i.result?.status;
  if (status === undefined || status === null) return '—';
  return status === 0 ? 'no answer' : String(status);
}

function scheduleLine(s) {
  const last = s.lastRun;
  return h('p.schedule-line#fn-schedule',
    h('strong', 'Schedule '), h('code', s.schedule), s.timezone ? ` (${s.timezone})` : '',
    ' · next ', s.nextRun ? h('span', { title: absoluteTime(s.nextRun) }, nextIn(s.nextRun)) : '—',
    ' · last ', last
      ? h(`span.chip.${TONES[last.state] || 'muted'}`, last.state + (last.status ? ` ${last.status}` : ''))
      : 'none yet');
}

function nextIn(ms) {
  const s = Math.round((ms - Date.now()) / 1000);
  if (s <= 0) return 'now';
  if (s < 90) return `in ${s} s`;
  const m = Math.round(s / 60);
  return m < 90 ? `in ${m} min` : absoluteTime(ms);
}
