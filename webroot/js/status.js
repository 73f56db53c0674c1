// How a function's state reads on the page: a pill with a label and a tone.

const STATES = {
  building: { label: 'Building', tone: 'info', live: true },
  build_failed: { label: 'Build failed', tone: 'danger' },
  starting: { label: 'Starting', tone: 'warn', live: true },
  stopping: { label: 'Stopping', tone: 'warn', live: true },
  ready: { label: 'Ready', tone: 'ok' },
  paused: { label: 'Paused', tone: 'paused' },
  scaled_to_zero: { label: 'Scaled to zero', tone: 'muted' },
  stopped: { label: 'Stopped', tone: 'muted' },
  failing: { label: 'Failing', tone: 'danger', live: true },
  deleting: { label: 'Deleting', tone: 'warn', live: true },
};

/** The state key shown for a function, given the store's build overlay. */
export function stateOf(fn, buildActive) {
  if (buildActive) return 'building';
  const state = fn.state || 'starting';
  return state === 'scaled-to-zero' ? 'scaled_to_zero' : state;
}

export function describe(state) {
  return STATES[state] || { label: state.replaceAll('_', ' '), tone: 'muted' };
}

/** {"ready": 2, "starting": 1} from a function's instances. */
export function instanceCounts(fn) {
  const counts = {};
  (fn.instances || []).forEach((i) => { counts[i.state] = (counts[i.state] || 0) + 1; });
  return counts;
}

export function instanceTone(state) {
  return { ready: 'ok', starting: 'warn', stopping: 'warn', crashed: 'danger', paused: 'paused' }[state] || 'muted';
}

export function relativeTime(ms) {
  if (!ms) return '—';
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  return d < 30 ? `${d} d ago` : new Date(ms).toLocaleDateString();
}

export function absoluteTime(ms) {
  return ms ? new Date(ms).toLocaleString() : '';
}

function formatMs(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** Requests per minute and p95 latency (null when there was no request), as the status reports them. */
export function metricsOf(fn) {
  const m = fn.metrics || {};
  const rpm = m.requestsPerMinute ?? m.rpm;
  const p95 = m.p95Ms ?? m.latencyP95Ms;
  return {
    rpm: typeof rpm === 'number' ? (rpm >= 100 ? Math.round(rpm).toLocaleString() : rpm.toFixed(rpm % 1 ? 1 : 0)) : null,
    p95: typeof p95 === 'number' ? formatMs(p95) : null,
  };
}
