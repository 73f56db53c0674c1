'use strict';
// Plat node shim: serves the user's function over HTTP on the instance's unix socket
// ($PLAT_SOCKET, default /run/plat/fn.sock).
//
// The user's code lives in $PLAT_FUNCTION_DIR (/function) and is one of:
//   * handler.js exporting async handle(req)   (module.exports = fn, exports.handle, export default,
//                                               export function handle)  -> called for every request
//   * handler.js or app.js exporting a (req, res) listener (an express app, ...) -> served as is
//     (handler.js: as `app`; app.js: module.exports / default export / `app`)
// GET /_/health is answered here with 200 {"status":"ok"}.
// WebSocket (any HTTP upgrade): handler.js or app.js may also export upgrade(req, socket, head), the
// http server's 'upgrade' listener (for example `ws`'s handleUpgrade); without one an upgrade gets 426.
//
// Pool mode (PLAT_POOL=1): a generic container with no function yet. It listens at once and
// answers health; every other request gets 503 not_specialized until the controller has laid the
// function's code at $PLAT_CODE_DIR/function (its npm-installed dependencies, if any, at
// $PLAT_CODE_DIR/deps/node_modules), written {"function","version","env"} to $PLAT_SPEC_FILE and
// called POST /_/specialize: the env is applied, then the code loaded (200 {"status":"specialized"},
// or 500 specialize_failed with the stack on stderr). From then on the process is the function's.
const http = require('http');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const SOCKET = process.env.PLAT_SOCKET || '/run/plat/fn.sock';
const FUNCTION_DIR = process.env.PLAT_FUNCTION_DIR || '/function';
const HEALTH_PATH = '/_/health';
const POOL = process.env.PLAT_POOL === '1';
const SPEC_FILE = process.env.PLAT_SPEC_FILE || '/plat/code/function.json';
const CODE_DIR = process.env.PLAT_CODE_DIR || '/plat/code';
const SPECIALIZE_PATH = '/_/specialize';
const HEALTH_BODY = Buffer.from('{"status":"ok"}');

function envInt(name, dflt) {
  const v = parseInt(process.env[name] || '', 10);
  return Number.isFinite(v) && v >= 0 ? v : dflt;
}
// let: a pool container reads them again once the function's env is applied
let TIMEOUT_S = envInt('PLAT_TIMEOUT', 300);
let KEEPALIVE_S = envInt('PLAT_KEEPALIVE', 75);
let GRACE_S = envInt('PLAT_GRACEFUL_TIMEOUT', 30);
let MAX_BODY = envInt('PLAT_MAX_BODY_BYTES', 64 * 1024 * 1024); // 0 = no limit
function readLimits() {
  TIMEOUT_S = envInt('PLAT_TIMEOUT', 300);
  KEEPALIVE_S = envInt('PLAT_KEEPALIVE', 75);
  GRACE_S = envInt('PLAT_GRACEFUL_TIMEOUT', 30);
  MAX_BODY = envInt('PLAT_MAX_BODY_BYTES', 64 * 1024 * 1024);
}

const log = (msg) => process.stderr.write(`[plat] ${msg}\n`);

class FunctionBadRequest extends Error {
  constructor(message, status = 400, code = 'bad_request') {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// ---------------------------------------------------------------------------- loading the code
function exists(f) {
  try { return fs.statSync(f).isFile(); } catch (e) { return false; }
}

async function importFile(file) {
  try {
    return await import(pathToFileURL(file).href);
  } catch (e) {
    if (e && (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_MODULE_NOT_FOUND')) {
      e.message += '\n[plat] hint: dependencies must be vendored in node_modules/ next to the handler ' +
        '(the offline base image has no npm), see runtimes/README.md';
    }
    throw e;
  }
}

// The module's upgrade(req, socket, head) export, if any, beside its request handler.
function withUpgrade(fn, mod) {
  const def = mod.default;
  const upgrade = typeof mod.upgrade === 'function' ? mod.upgrade
    : def && typeof def.upgrade === 'function' ? def.upgrade : null;
  return upgrade ? { ...fn, upgrade } : fn;
}

// The loaded function's upgrade listener (none before a pool container is specialized).
let upgradeListener = null;

function onUpgrade(req, socket, head) {
  if (!upgradeListener) {
    const body = JSON.stringify({ error: 'this function does not accept upgrades (export upgrade(req, socket, head))',
      code: 'upgrade_not_supported' });
    socket.end(`HTTP/1.1 426 Upgrade Required\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}` +
      `\r\nconnection: close\r\n\r\n${body}`);
    return;
  }
  Promise.resolve().then(() => upgradeListener(req, socket, head)).catch((e) => {
    log(`upgrade error on ${req.url}\n${e && e.stack ? e.stack : e}`);
    socket.destroy();
  });
}

async function loadFunction(dir) {
  const handlerFile = path.join(dir, 'handler.js');
  const appFile = path.join(dir, 'app.js');
  if (exists(handlerFile)) {
    const mod = await importFile(handlerFile);
    const def = mod.default;
    const handle = typeof mod.handle === 'function' ? mod.handle
      : def && typeof def.handle === 'function' ? def.handle
      : typeof def === 'function' ? def : null;
    if (handle) return withUpgrade({ kind: 'handle', fn: handle }, mod);
    const app = typeof mod.app === 'function' ? mod.app : def && typeof def.app === 'function' ? def.app : null;
    if (app) return withUpgrade({ kind: 'app', fn: app }, mod);
    throw new Error('handler.js exports neither a handle(req) function nor a (req, res) listener named app');
  }
  if (exists(appFile)) {
    const mod = await importFile(appFile);
    const def = mod.default;
    const app = typeof def === 'function' ? def
      : typeof mod.app === 'function' ? mod.app : def && typeof def.app === 'function' ? def.app : null;
    if (app) return withUpgrade({ kind: 'app', fn: app }, mod);
    throw new Error('app.js does not export a (req, res) listener (module.exports = app)');
  }
  throw new Error(`no handler.js or app.js in ${dir}`);
}

// ---------------------------------------------------------------------------- pool mode
let specializing = null; // the one load of the function (shared by concurrent requests)

// Applies the spec's env (before the code loads, so module-level reads see it), then loads the code.
function specialize() {
  if (!specializing) {
    specializing = (async () => {
      const spec = JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8'));
      for (const [k, v] of Object.entries(spec.env || {})) process.env[k] = String(v);
      process.env.PLAT_FUNCTION = String(spec.function ?? '');
      process.env.PLAT_VERSION = String(spec.version ?? '');
      const dir = path.join(CODE_DIR, 'function');
      process.env.PLAT_FUNCTION_DIR = dir;
      const deps = path.join(CODE_DIR, 'deps', 'node_modules');
      if (fs.existsSync(deps)) { // installed by npm into the image's /node_modules: found by require()
        process.env.NODE_PATH = process.env.NODE_PATH ? `${deps}${path.delimiter}${process.env.NODE_PATH}` : deps;
        require('module')._initPaths();
      }
      process.chdir(dir);
      readLimits();
      return loadFunction(dir);
    })();
  }
  return specializing;
}

function poolListener(server) {
  let served = null;
  return async (req, res) => {
    if (served) { served(req, res); return; }
    const pathname = (req.url || '').split('?')[0];
    if (req.method === 'GET' && pathname === HEALTH_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': HEALTH_BODY.length, 'Cache-Control': 'no-store' });
      res.end(HEALTH_BODY);
      return;
    }
    const asked = req.method === 'POST' && pathname === SPECIALIZE_PATH;
    if (!asked && !specializing && !fs.existsSync(SPEC_FILE)) {
      sendError(res, 503, 'no function loaded yet', 'not_specialized');
      return;
    }
    let fn;
    try {
      fn = await specialize();
    } catch (e) {
      log(`cannot load the function from ${CODE_DIR}: ${e && e.stack ? e.stack : e}`);
      sendError(res, 500, e && e.name && e.message !== undefined ? `${e.name}: ${e.message}` : String(e), 'specialize_failed');
      return;
    }
    if (!served) {
      served = serve(fn);
      upgradeListener = fn.upgrade || null;
      applyLimits(server);
      log(`${fn.kind === 'app' ? 'app' : 'handler'} of ${process.env.PLAT_FUNCTION} v${process.env.PLAT_VERSION} loaded`);
    }
    if (asked) {
      sendJson(res, 200, { status: 'specialized' });
      return;
    }
    served(req, res);
  };
}

// ---------------------------------------------------------------------------- request / response
function readBody(req) {
  return new Promise((resolve, reject) => {
    const declared = parseInt(req.headers['content-length'] || '', 10);
    if (MAX_BODY && declared > MAX_BODY) {
      reject(new FunctionBadRequest(`request body larger than ${MAX_BODY} bytes`, 413, 'payload_too_large'));
      req.resume();
      return;
    }
    const chunks = [];
    let total = 0;
    let failed = false;
    req.on('data', (c) => {
      if (failed) return;
      total += c.length;
      if (MAX_BODY && total > MAX_BODY) {
        failed = true;
        reject(new FunctionBadRequest(`request body larger than ${MAX_BODY} bytes`, 413, 'payload_too_large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks, total)); });
    req.on('error', reject);
  });
}

function safeDecode(s) {
  try { return decodeURIComponent(s); } catch (e) { return s; }
}

function makeRequest(req, url, body) {
  const query = {};
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return {
    method: req.method,
    path: safeDecode(url.pathname),
    url: req.url,
    query,
    searchParams: url.searchParams,
    headers,
    body,
    text() { return body.toString('utf8'); },
    json() {
      const s = body.toString('utf8');
      if (!s.trim()) return null;
      try { return JSON.parse(s); } catch (e) {
        throw new FunctionBadRequest(`request body is not valid JSON: ${e.message}`);
      }
    },
    raw: req,
  };
}

function sendJson(res, status, value) {
  const buf = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': buf.length });
  res.end(buf);
}

function sendError(res, status, message, code) {
  if (res.headersSent) { res.destroy(); return; }
  sendJson(res, status, { error: message, code });
}

const ENVELOPE_KEYS = new Set(['status', 'statusCode', 'headers', 'body']);
function isEnvelope(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) &&
    (typeof v.status === 'number' || typeof v.statusCode === 'number') &&
    Object.keys(v).every((k) => ENVELOPE_KEYS.has(k));
}

function isStream(v) {
  return v !== null && typeof v === 'object' && typeof v.pipe === 'function' && typeof v.on === 'function';
}

function send(res, rv) {
  if (stopping) res.setHeader('Connection', 'close');
  let status = 200;
  let headers = {};
  let body = rv;
  let explicit = false;
  if (isEnvelope(rv)) {
    status = typeof rv.status === 'number' ? rv.status : rv.statusCode;
    headers = rv.headers || {};
    body = rv.body;
    explicit = true;
  }
  let contentType = null;
  let buf = null;
  if (body === undefined || body === null) {
    if (!explicit) status = 204;
  } else if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    contentType = 'application/octet-stream';
  } else if (typeof body === 'string') {
    buf = Buffer.from(body, 'utf8');
    contentType = 'text/plain; charset=utf-8';
  } else if (isStream(body)) {
    contentType = 'application/octet-stream';
  } else {
    buf = Buffer.from(JSON.stringify(body));
    contentType = 'application/json';
  }
  res.statusCode = status;
  if (contentType) res.setHeader('Content-Type', contentType);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, Array.isArray(v) ? v.map(String) : String(v));
  if (isStream(body)) {
    body.on('error', (e) => { log(`response stream failed: ${e.stack || e}`); res.destroy(e); });
    body.pipe(res);
    return;
  }
  if (buf) res.setHeader('Content-Length', buf.length);
  res.end(buf || undefined);
}

// ---------------------------------------------------------------------------- server
let stopping = false;

function serve(fn) {
  return async (req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
    let url;
    try {
      url = new URL(req.url, 'http://function');
    } catch (e) {
      sendError(res, 400, 'bad request target', 'bad_request');
      return;
    }
    if (req.method === 'GET' && url.pathname === HEALTH_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': HEALTH_BODY.length, 'Cache-Control': 'no-store' });
      res.end(HEALTH_BODY);
      return;
    }
    try {
      if (fn.kind === 'app') {
        await fn.fn(req, res);
        return;
      }
      const body = await readBody(req);
      const rv = await fn.fn(makeRequest(req, url, body));
      send(res, rv);
    } catch (e) {
      if (e instanceof FunctionBadRequest) {
        sendError(res, e.status, e.message, e.code);
        return;
      }
      log(`function error on ${req.method} ${req.url}\n${e && e.stack ? e.stack : e}`);
      sendError(res, 500, e && e.name && e.message !== undefined ? `${e.name}: ${e.message}` : String(e), 'function_error');
    }
  };
}

function prepareSocket() {
  fs.mkdirSync(path.dirname(SOCKET), { recursive: true });
  let st = null;
  try { st = fs.lstatSync(SOCKET); } catch (e) { if (e.code !== 'ENOENT') throw e; }
  if (st) {
    if (!st.isSocket()) throw new Error(`${SOCKET} exists and is not a socket`);
    fs.unlinkSync(SOCKET); // stale socket from a previous run
  }
}

function applyLimits(server) {
  server.keepAliveTimeout = KEEPALIVE_S * 1000;
  server.requestTimeout = TIMEOUT_S * 1000;
  server.headersTimeout = 60 * 1000;
  if (server.requestTimeout && server.headersTimeout > server.requestTimeout) server.headersTimeout = server.requestTimeout;
}

async function main() {
  const fn = POOL ? null : await loadFunction(FUNCTION_DIR);
  prepareSocket();
  const server = http.createServer();
  server.on('request', POOL ? poolListener(server) : serve(fn));
  if (!POOL) upgradeListener = fn.upgrade || null;
  server.on('upgrade', onUpgrade);
  applyLimits(server);

  const shutdown = (sig) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: closing (in-flight requests may finish for up to ${GRACE_S} s)`);
    server.close(() => { log('closed'); process.exit(0); });
    // node 18 keeps idle keep-alive connections open after close(): drop them as they go idle
    if (server.closeIdleConnections) {
      server.closeIdleConnections();
      setInterval(() => server.closeIdleConnections(), 100).unref();
    }
    setTimeout(() => {
      log('grace period over, exiting');
      process.exit(0);
    }, GRACE_S * 1000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const oldUmask = process.umask(0o111); // the socket is created 0666: connectable by the host
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(SOCKET, () => { server.off('error', reject); resolve(); });
  });
  process.umask(oldUmask);
  fs.chmodSync(SOCKET, 0o666);
  log(`${POOL ? 'pool container, no function yet,' : fn.kind === 'app' ? 'app' : 'handler'} of ` +
    `${process.env.PLAT_FUNCTION || 'function'}${process.env.PLAT_VERSION ? ' v' + process.env.PLAT_VERSION : ''}` +
    ` listening on ${SOCKET} (node ${process.version})`);
}

process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e && e.stack ? e.stack : e}`));

main().catch((e) => {
  log(`cannot start ${POOL ? 'the pool container' : 'the function from ' + FUNCTION_DIR}: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
