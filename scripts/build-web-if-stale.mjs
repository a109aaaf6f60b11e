#!/usr/bin/env node
// Build the web UI only when web/dist/index.html is missing or older than a file under web/ (web/dist aside).
// Plain Node ESM, no dependencies: `npm start` runs it before the server. Prints one line saying what it did.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(repo, 'web');
const dist = path.join(web, 'dist');
const builtIndex = path.join(dist, 'index.html');
const viteConfig = path.join(web, 'vite.config.ts');
const SKIP = new Set([dist, path.join(web, 'node_modules')]);

if (!existsSync(viteConfig)) {
  process.stderr.write(
    'build-web-if-stale: warning: web/vite.config.ts not found; not building the web UI\n',
  );
  process.exit(0);
}

/** The newest modification time under dir (skipping web/dist), and the file it belongs to. */
function newest(dir) {
  let best = { mtime: 0, file: '' };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (SKIP.has(full)) continue;
    if (entry.isDirectory()) {
      const sub = newest(full);
      if (sub.mtime > best.mtime) best = sub;
    } else if (entry.isFile()) {
      const mtime = statSync(full).mtimeMs;
      if (mtime > best.mtime) best = { mtime, file: full };
    }
  }
  return best;
}

let reason = '';
if (!existsSync(builtIndex)) {
  reason = 'web/dist/index.html is missing';
} else {
  const built = statSync(builtIndex).mtimeMs;
  const src = newest(web);
  if (src.mtime > built) reason = `${path.relative(repo, src.file)} changed since the last build`;
}

if (!reason) {
  process.stdout.write('build-web-if-stale: web UI is up to date (web/dist), not rebuilding\n');
  process.exit(0);
}

const bin = path.join(repo, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite');
const t0 = Date.now();
const res = spawnSync(bin, ['build', '--config', viteConfig, '--logLevel', 'warn'], {
  cwd: repo,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (res.error || res.status !== 0) {
  process.stderr.write(
    `build-web-if-stale: web UI build failed (${res.error ? res.error.message : `exit ${res.status}`})\n`,
  );
  process.exit(res.status || 1);
}
process.stdout.write(
  `build-web-if-stale: built the web UI into web/dist in ${Date.now() - t0} ms (${reason})\n`,
);
