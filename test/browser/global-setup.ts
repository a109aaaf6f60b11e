import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'browser-journeys-admin-password-0001';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminEmail: string;
    adminPassword: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${output()}`);
}

/** Build the web UI, start the real server on a fresh data dir and a free port; stop it afterwards. */
export default async function setup(project: TestProject) {
  if (!process.env.SKIP_WEB_BUILD) {
    const build = spawnSync('npm', ['run', 'build:web'], { cwd: repo, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build:web failed:\n${build.stdout}\n${build.stderr}`);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'prospector-browser-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(
    process.execPath,
    // The package's bin (tsx registered in-process), as `npm start` runs it.
    ['bin/prospector.js', 'start', '--data-dir', join(dataDir, 'db'), '--port', String(port)],
    {
      cwd: repo,
      // DATABASE_URL, when set, passes through and the same command runs against PostgreSQL.
      env: {
        ...process.env,
        PROSPECTOR_ADMIN_EMAIL: ADMIN_EMAIL,
        PROSPECTOR_ADMIN_PASSWORD: ADMIN_PASSWORD,
        PROSPECTOR_AUTH_RATE_LIMIT: process.env.PROSPECTOR_AUTH_RATE_LIMIT ?? '100',
      },
      // Own process group, so that stopping it stops anything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitReady(baseUrl, child, () => log, 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('adminEmail', ADMIN_EMAIL);
  project.provide('adminPassword', ADMIN_PASSWORD);
  return stop;
}
