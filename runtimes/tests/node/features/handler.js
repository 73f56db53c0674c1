// Test fixture for runtimes/test-runtimes.sh: exercises the handle(req) contract.
const { Readable } = require('stream');

exports.handle = async (req) => {
  const p = req.path;
  if (p === '/echo') {
    return { method: req.method, path: p, query: req.query, x_test: req.headers['x-test'], version: 'v2' };
  }
  if (p === '/status') return { status: 201, headers: { 'X-Plat': 'yes' }, body: 'created' };
  if (p === '/bytes') return Buffer.from([0, 1, 2]);
  if (p === '/none') return undefined;
  if (p === '/boom') throw new Error('boom');
  if (p === '/env') {
    return { function: process.env.PLAT_FUNCTION, version: process.env.PLAT_VERSION, user: process.env.MY_VAR, uid: process.getuid() };
  }
  if (p === '/size') return { size: req.body.length };
  if (p === '/slow') {
    await new Promise((r) => setTimeout(r, parseInt(req.query.ms || '1000', 10)));
    return 'slow done';
  }
  if (p === '/json') return { json: req.json() };
  if (p === '/stream') return { status: 200, body: Readable.from(['a', 'b', 'c']) };
  if (p === '/write') {
    const fs = require('fs');
    try {
      fs.writeFileSync('/function/x', '');
      return { rootfs: 'writable' };
    } catch (e) {
      fs.writeFileSync('/tmp/x', '');
      return { rootfs: 'read-only' };
    }
  }
  return { method: req.method, path: p };
};
