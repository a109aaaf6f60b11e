import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../../src/platform/db/client.ts';

export const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const bin = join(repo, 'bin', 'prospector.js');

/** A CLI child process and everything it printed so far. */
export interface Cli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  output(): string;
  /** Resolves with the exit code (a signal counts as -1) once the process has exited. */
  exited: Promise<number>;
}

const children = new Set<Cli>();
const dirs = new Set<string>();

/** A fresh, empty directory under the OS temp dir; removed by cleanup(). */
export function tempDir(prefix = 'prospector-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

/**
 * Run `prospector ...args` (the package's bin: one node process with tsx registered in it) as a real child
 * process in its own process group. Not the `tsx` command: it relays signals to a second node process and,
 * when that process does not acknowledge within 30 ms (a busy machine), kills it, which turned a graceful
 * SIGTERM into exit code 143.
 */
export function cli(args: string[], env: Record<string, string | undefined> = {}): Cli {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repo,
    env: { ...process.env, PROSPECTOR_LOG_LEVEL: 'warn', ...env },
    // Own process group: cleanup stops anything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let all = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    all += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
    all += c.toString();
  });
  const exited = new Promise<number>((res) => {
    child.once('close', (code) => res(code ?? -1));
    child.once('error', () => res(-1));
  });
  const handle: Cli = { child, stdout: () => out, stderr: () => err, output: () => all, exited };
  children.add(handle);
  void exited.then(() => children.delete(handle));
  return handle;
}

/** Run a one-shot command to completion (killed after timeoutMs). */
export async function run(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 90_000,
): Promise<{ code: number; stdout: string; stderr: string; output: string }> {
  const c = cli(args, env);
  const timer = setTimeout(() => killGroup(c, 'SIGKILL'), timeoutMs);
  const code = await c.exited;
  clearTimeout(timer);
  return { code, stdout: c.stdout(), stderr: c.stderr(), output: c.output() };
}

function killGroup(c: Cli, signal: NodeJS.Signals) {
  if (!c.child.pid) return;
  try {
    process.kill(-c.child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Send SIGTERM to the CLI's process and wait for the exit code; after graceMs, kill the whole group.
 */
export async function stop(c: Cli, graceMs = 20_000): Promise<number> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return c.exited;
  c.child.kill('SIGTERM');
  const timer = setTimeout(() => killGroup(c, 'SIGKILL'), graceMs);
  const code = await c.exited;
  clearTimeout(timer);
  return code;
}

/** Kill every child still running and remove every temp dir: call in afterEach. */
export async function cleanup() {
  await Promise.all(
    [...children].map(async (c) => {
      killGroup(c, 'SIGKILL');
      await Promise.race([c.exited, new Promise((r) => setTimeout(r, 5_000))]);
    }),
  );
  children.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

export function freePort(): Promise<number> {
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

/** Wait until GET url/readyz answers 200, failing early if the process exits. */
export async function waitReady(base: string, c: Cli, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (c.child.exitCode !== null) {
      throw new Error(`the server exited with ${c.child.exitCode}:\n${c.output()}`);
    }
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${c.output()}`);
}

/** Start `prospector start` on a free port and wait until it is ready. */
export async function startServer(
  dataDir: string,
  env: Record<string, string | undefined> = {},
): Promise<{ c: Cli; base: string; port: number }> {
  const port = await freePort();
  const c = cli(['--data-dir', dataDir, 'start', '--port', String(port)], env);
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base, c);
  // The sign-in lines are written right after listen(); give stdout a moment to arrive.
  const until = Date.now() + 5_000;
  while (!c.stdout().includes('API docs') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return { c, base, port };
}

/** Open the embedded database of a (stopped) data dir in this process, run fn, close it. */
export async function withPglite<T>(
  dataDir: string,
  fn: (exec: (sql: string) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const db = await openPglite(join(dataDir, 'pg'));
  try {
    return await fn((q) => db.pglite!.exec(q));
  } finally {
    await db.close();
  }
}
