'use strict';
// Build step of the node runtime's dependency layer: installs package.json "dependencies" with
// npm into /node_modules when the base image has npm; otherwise explains that they must be
// vendored. Usage: node deps.js DIR (DIR holds the copied package.json / package-lock.json).
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const dir = process.argv[2] || '/opt/deps';
const pkgFile = path.join(dir, 'package.json');
if (!fs.existsSync(pkgFile)) {
  console.log('plat: no package.json, no dependencies to install');
  process.exit(0);
}
let pkg;
try {
  pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
} catch (e) {
  console.error(`plat: package.json is not valid JSON: ${e.message}`);
  process.exit(1);
}
const deps = Object.keys((pkg && pkg.dependencies) || {});
if (deps.length === 0) {
  console.log('plat: package.json declares no dependencies');
  process.exit(0);
}
const npm = (process.env.PATH || '').split(':').map((d) => path.join(d, 'npm')).find((f) => {
  try { fs.accessSync(f, fs.constants.X_OK); return true; } catch (e) { return false; }
});
if (!npm) {
  console.log(`plat: package.json declares dependencies (${deps.join(', ')}) but this base image has no npm: ` +
    'they are NOT installed. Vendor them: run `npm install --omit=dev` in the function folder and deploy ' +
    'node_modules/ with the code (or build with a base image that has npm and network access).');
  process.exit(0);
}
const lock = fs.existsSync(path.join(dir, 'package-lock.json'));
const args = [lock ? 'ci' : 'install', '--omit=dev', '--no-audit', '--no-fund', '--no-update-notifier',
  '--fetch-retries=0', '--fetch-timeout=5000'];
console.log(`plat: npm ${args.join(' ')}`);
const r = spawnSync(npm, args, { cwd: dir, stdio: 'inherit' });
if (r.status !== 0) {
  console.error(`plat: npm failed (${r.error ? r.error.message : 'exit ' + r.status})`);
  process.exit(1);
}
// /node_modules is on the resolution path of /function/* for both require() and import.
fs.renameSync(path.join(dir, 'node_modules'), '/node_modules');
