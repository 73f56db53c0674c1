// The live event feed: one WebSocket to /api/events that reconnects by itself (backing off up to
// 5 s) after the gateway restarts. Listeners get every message and the connection's state.

const MAX_DELAY_MS = 5000;

export class LiveEvents {
  constructor(tokenSupplier) {
    this.tokenSupplier = tokenSupplier;
    this.socket = null;
    this.state = 'connecting'; // connecting | live | offline
    this.delay = 500;
    this.timer = null;
    this.nextAttemptAt = 0;
    this.messageListeners = new Set();
    this.stateListeners = new Set();
    this.stopped = true;
  }

  onMessage(fn) { this.messageListeners.add(fn); return () => this.messageListeners.delete(fn); }
  onState(fn) { this.stateListeners.add(fn); return () => this.stateListeners.delete(fn); }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(1000, 'signed out');
    this.socket = null;
  }

  /** Try again at once (the offline banner's button). */
  retryNow() {
    if (this.stopped || this.state === 'live') return;
    clearTimeout(this.timer);
    this.connect();
  }

  connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${proto}//${location.host}/api/events?access_token=${encodeURIComponent(this.tokenSupplier())}`;
    if (this.state !== 'offline') this.setState('connecting');
    let socket;
    try {
      socket = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (e) => {
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; }
      if (msg.topic === 'ready') {
        this.delay = 500;
        this.setState('live');
      }
      this.messageListeners.forEach((fn) => fn(msg));
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.stopped) this.scheduleReconnect();
    };
    socket.onerror = () => { /* onclose follows */ };
  }

  scheduleReconnect() {
    this.nextAttemptAt = Date.now() + this.delay;
    this.setState('offline');
    this.timer = setTimeout(() => this.connect(), this.delay);
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
  }

  setState(state) {
    this.state = state;
    this.stateListeners.forEach((fn) => fn(state));
  }
}
