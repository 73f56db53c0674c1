// The dashboard's entry: sign-in, the hash router (#/, #/deploy, #/functions/<name>, #/secrets), the live
// connection and its indicator. Each view is a function (ctx) -> cleanup, mounted into <main>.

import { session } from './api.js';
import { LiveEvents } from './events.js';
import { Store } from './store.js';
import { clear } from './dom.js';
import { signInView } from './views/signin.js';
import { functionsView } from './views/functions.js';
import { deployView } from './views/deploy.js';
import { detailView } from './views/detail.js';
import { secretsView } from './views/secrets.js';

const main = document.getElementById('main');
const topbar = document.getElementById('topbar');
const store = new Store();
const events = new LiveEvents(() => session.token);
events.onMessage((msg) => store.apply(msg));

let cleanup = null;
let signInMessage = null;

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const fn = hash.match(/^\/functions\/([^/]+)$/);
  if (fn) return { name: 'function', fn: decodeURIComponent(fn[1]) };
  if (hash === '/deploy') return { name: 'deploy' };
  if (hash === '/secrets') return { name: 'secrets' };
  return { name: 'functions' };
}

function render() {
  if (cleanup) cleanup();
  cleanup = null;
  clear(main);
  if (!session.token) {
    topbar.hidden = true;
    document.title = 'Sign in · Plat';
    cleanup = signInView(main, { message: signInMessage, onSignedIn: signedIn });
    signInMessage = null;
    return;
  }
  topbar.hidden = false;
  const r = route();
  document.querySelectorAll('[data-nav]').forEach((a) => {
    const current = a.dataset.nav === (r.name === 'function' ? 'functions' : r.name);
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const ctx = { store, events, navigate };
  if (r.name === 'deploy') cleanup = deployView(main, ctx);
  else if (r.name === 'secrets') cleanup = secretsView(main, ctx);
  else if (r.name === 'function') cleanup = detailView(main, ctx, r.fn);
  else cleanup = functionsView(main, ctx);
}

function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function signedIn(token) {
  session.token = token;
  startLive();
  if (!location.hash || location.hash === '#') location.hash = '#/';
  render();
  main.focus();
}

function signOut(message) {
  session.token = null;
  events.stop();
  store.functions.clear();
  store.builds.clear();
  store.loaded = false;
  signInMessage = message || null;
  render();
}

function startLive() {
  store.load();
  events.start();
}

// connection indicator and offline banner
const conn = document.getElementById('conn');
const offline = document.getElementById('offline');
const retryIn = document.getElementById('offline-retry-in');
let countdown = null;
let offlineAttempts = 0;
events.onState((state) => {
  conn.dataset.state = state;
  conn.querySelector('.conn-label').textContent = { live: 'Live', connecting: 'Connecting', offline: 'Offline' }[state];
  offline.hidden = state !== 'offline';
  clearInterval(countdown);
  // the socket cannot say why it was refused: every third failure, ask the API (a 401 signs out)
  if (state === 'offline' && ++offlineAttempts % 3 === 0) store.load();
  if (state === 'live') offlineAttempts = 0;
  if (state === 'offline') {
    const tick = () => {
      const s = Math.max(0, Math.ceil((events.nextAttemptAt - Date.now()) / 1000));
      retryIn.textContent = s > 0 ? `Reconnecting in ${s} s…` : 'Reconnecting…';
    };
    tick();
    countdown = setInterval(tick, 250);
  }
});
document.getElementById('offline-retry').addEventListener('click', () => events.retryNow());
document.getElementById('signout').addEventListener('click', () => signOut());

session.onUnauthorized = () => signOut('Your token is no longer accepted. Sign in again.');
window.addEventListener('hashchange', render);
// a nav entry clicked on its own page shows it afresh (the secrets list is read again, for one)
document.querySelectorAll('[data-nav]').forEach((a) => a.addEventListener('click', () => {
  if (location.hash === a.getAttribute('href')) render();
}));
if (session.token) startLive();
render();

