// What the page knows of the functions: loaded over REST, kept current by the WebSocket's status
// and build events, changed optimistically by the page's own actions (and put back when they fail).
//
// A function whose first build runs (or failed) is not registered yet: it is kept here as a
// "pending" entry so the table shows it. Builds are an overlay per function: a redeploy shows
// "building" while the old version keeps serving.

import { api } from './api.js';

const ACTIVE_BUILD = new Set(['queued', 'building', 'pushing']);

export class Store {
  constructor() {
    this.functions = new Map();
    this.builds = new Map();
    this.loaded = false;
    this.loadError = null;
    this.listeners = new Set();
    this.refreshTimers = new Map();
    this.eventSeq = new Map();
  }

  subscribe(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  emit() { this.listeners.forEach((fn) => fn(this)); }

  list() {
    return [...this.functions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name) { return this.functions.get(name); }

  /** The function's build in progress or its last failed one, else undefined. */
  build(name) { return this.builds.get(name); }

  buildActive(name) { return ACTIVE_BUILD.has(this.builds.get(name)?.state); }

  async load() {
    try {
      const list = await api.list();
      const next = new Map();
      list.forEach((f) => next.set(f.name, f));
      this.functions.forEach((f, name) => {
        if (!next.has(name) && f.pending) next.set(name, f);
      });
      this.functions = next;
      this.loadError = null;
    } catch (err) {
      this.loadError = err;
    }
    this.loaded = true;
    this.emit();
  }

  /** Puts a function's status as the server returned it. */
  put(status) {
    if (!status || !status.name) return;
    this.functions.set(status.name, status);
    this.emit();
  }

  remove(name) {
    this.functions.delete(name);
    this.builds.delete(name);
    this.emit();
  }

  /** A copy to put back if an optimistic change fails. */
  snapshot(name) {
    const f = this.functions.get(name);
    return f ? structuredClone(f) : null;
  }

  restore(name, snapshot) {
    if (snapshot) this.functions.set(name, snapshot);
    else this.functions.delete(name);
    this.emit();
  }

  update(name, change) {
    const f = this.functions.get(name);
    if (!f) return;
    this.functions.set(name, { ...f, ...change });
    this.emit();
  }

  /** A deploy accepted by the server: shows the function as building at once. */
  deployed(accepted, runtime) {
    this.builds.set(accepted.name, { buildId: accepted.buildId, version: accepted.version, state: 'queued' });
    this.ensure(accepted.name, { state: 'building', version: accepted.version, runtime, updatedAt: Date.now() });
    this.emit();
  }

  /** One WebSocket message. */
  apply(msg) {
    if (msg.topic === 'ready' || msg.topic === 'lagged') {
      this.load();
    } else if (msg.topic === 'build') {
      this.applyBuild(msg);
    } else if (msg.topic === 'status' && msg.type === 'function') {
      this.applyFunction(msg);
    } else if (msg.topic === 'status' && msg.type === 'instance') {
      this.applyInstance(msg);
    } else if (msg.topic === 'status' && msg.type === 'metrics') {
      this.applyMetrics(msg);
    }
  }

  /** Every function's requests per minute and p95, pushed when any changed. */
  applyMetrics(e) {
    const all = e.functions || {};
    let changed = false;
    this.functions.forEach((f, name) => {
      const m = all[name];
      if (m && JSON.stringify(m) !== JSON.stringify(f.metrics)) {
        this.functions.set(name, { ...f, metrics: m });
        changed = true;
      }
    });
    if (changed) this.emit();
  }

  applyBuild(e) {
    const name = e.function;
    if (!name || e.type === 'log') return;
    if (e.type === 'done') {
      this.builds.delete(name);
    } else if (e.type === 'failed') {
      this.builds.set(name, { buildId: e.buildId, version: e.version, state: 'failed', error: e.error, code: e.code });
      const f = this.functions.get(name);
      if (f && f.pending) this.functions.set(name, { ...f, state: 'build_failed', lastError: e.error });
    } else if (e.type === 'state') {
      this.builds.set(name, { buildId: e.buildId, version: e.version, state: e.state });
      this.ensure(name, { state: 'building', version: e.version, runtime: e.runtime });
    }
    this.emit();
  }

  applyFunction(e) {
    const name = e.function;
    if (e.state === 'deleted') {
      this.remove(name);
      return;
    }
    if (e.state === 'building' || e.state === 'build_failed') {
      const failed = e.state === 'build_failed';
      const build = this.builds.get(name) || {};
      this.builds.set(name, { ...build, version: e.version, state: failed ? 'failed' : 'building', error: e.error });
      this.ensure(name, { state: e.state, version: e.version, lastError: e.error, runtime: e.runtime });
      const f = this.functions.get(name);
      if (f.pending) this.functions.set(name, { ...f, state: e.state, lastError: e.error });
      this.emit();
      return;
    }
    const build = this.builds.get(name);
    if (build && (build.version ?? 0) <= (e.version ?? 0)) this.builds.delete(name);
    const known = this.functions.get(name) || { name, instances: [] };
    // the event names the runtime: a row first drawn from an event is whole, not blank until a refresh
    const change = { state: e.state, version: e.version ?? known.version, runtime: e.runtime ?? known.runtime, pending: false };
    if (e.state === 'failing') Object.assign(change, { lastError: e.error, lastLogs: e.logs });
    this.functions.set(name, { ...known, ...change });
    this.emit();
    this.refreshSoon(name);
  }

  applyInstance(e) {
    const f = this.functions.get(e.function);
    if (f) {
      const old = (f.instances || []).find((i) => i.id === e.instance) || {};
      const instances = (f.instances || []).filter((i) => i.id !== e.instance);
      if (e.state !== 'stopped') instances.push({ ...old, id: e.instance, state: e.state, version: e.version, node: e.node });
      this.functions.set(e.function, { ...f, instances });
      this.emit();
    }
    this.refreshSoon(e.function);
  }

  ensure(name, fields) {
    if (!this.functions.has(name)) this.functions.set(name, { name, instances: [], pending: true, ...fields });
  }

  /** Re-reads one function's full status shortly after events about it (coalesced). */
  refreshSoon(name) {
    const seq = (this.eventSeq.get(name) || 0) + 1;
    this.eventSeq.set(name, seq);
    clearTimeout(this.refreshTimers.get(name));
    this.refreshTimers.set(name, setTimeout(async () => {
      this.refreshTimers.delete(name);
      try {
        const status = await api.get(name);
        // an event that came while the answer was on its way is newer, and schedules its own refresh
        if (this.eventSeq.get(name) === seq) this.put(status);
      } catch (err) {
        const current = this.functions.get(name);
        if (err.status === 404 && current && !current.pending && this.eventSeq.get(name) === seq) this.remove(name);
      }
    }, 250));
  }
}
