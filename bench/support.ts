/**
 * Helpers for the benchmarks: child servers (started, found, measured and stopped by pid), a throwaway
 * PostgreSQL 15 cluster, temp directories, and a cleanup list that runs even when the benchmark fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../src/platform/db/client.ts';
import { migrateDatabase } from '../src/platform/db/migrate.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const PG_BIN = '/usr/lib/postgresql/15/bin';

// ---- cleanup: every resource registers how to release itself; run in reverse order, once.

type Cleanup = { name: string; fn: () => void | Promise<void> };
const cleanups: Cleanup[] = [];

export function onCleanup(name: string, fn: () => void | Promise<void>): () => void {
  const entry = { name, fn };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const c = cleanups.pop()!;
    try {
      await c.fn();
    } catch (err) {
      process.stderr.write(`cleanup ${c.name} failed: ${String(err)}\n`);
    }
  }
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(`rm ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- child servers

export interface Server {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  logFile: string;
  /** Milliseconds from spawn to the first 200 from the ready path. */
  readyMs: number;
  exited: Promise<number | null>;
}

/** Environment for a child: ours without anything that would change which database the app opens. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'DATABASE_URL' || k.startsWith('PROSPECTOR_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Spawn `tsx <args>` in its own process group, with stdout/stderr to a log file, and wait until
 * GET <readyPath> answers 200. The time measured runs from just before spawn to that answer.
 */
export async function startServer(o: {
  name: string;
  /** Defaults to node_modules/.bin/tsx. */
  command?: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  logFile: string;
  readyPath?: string;
  timeoutMs?: number;
}): Promise<Server> {
  const url = `http://127.0.0.1:${o.port}`;
  const t0 = performance.now();
  const { server, exitCode } = spawnLogged({ ...o, url });
  const deadline = t0 + (o.timeoutMs ?? 120_000);
  for (;;) {
    if (exitCode() !== undefined) {
      throw new Error(`${o.name} exited (${exitCode()}) before it was ready:\n${tail(o.logFile)}`);
    }
    try {
      const res = await fetch(url + (o.readyPath ?? '/readyz'), { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${o.name} not ready in time:\n${tail(o.logFile)}`);
    await sleep(20);
  }
  server.readyMs = performance.now() - t0;
  return server;
}

/**
 * A process without an HTTP port (`prospector worker`), taken as running once it has stayed up for
 * `settleMs` (its log is buffered, so no line can be waited for). Stopped with `stopServer` like a server.
 */
export async function startWorker(o: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  settleMs: number;
}): Promise<Server> {
  const t0 = performance.now();
  const { server, exitCode } = spawnLogged({ ...o, url: '' });
  await Promise.race([server.exited, sleep(o.settleMs)]);
  if (exitCode() !== undefined) throw new Error(`${o.name} exited (${exitCode()}):\n${tail(o.logFile)}`);
  server.readyMs = performance.now() - t0;
  return server;
}

/** Spawn a detached child (its own process group) logging to `logFile`, stopped at cleanup if still up. */
function spawnLogged(o: {
  name: string;
  command?: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  url: string;
}): { server: Server; exitCode: () => number | null | undefined } {
  const out = openSync(o.logFile, 'a');
  const child = spawn(o.command ?? TSX, o.args, {
    cwd: ROOT,
    env: o.env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  const pid = child.pid;
  if (!pid) throw new Error(`${o.name}: could not spawn`);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (c, signal) => {
      code = c ?? (signal ? -1 : null);
      resolve(code);
    }),
  );
  const server: Server = { name: o.name, child, pid, url: o.url, logFile: o.logFile, readyMs: 0, exited };
  const unregister = onCleanup(`stop ${o.name}`, () => stopServer(server));
  exited.then(unregister);
  return { server, exitCode: () => code };
}

/** SIGTERM (tsx relays it to the server, which shuts down gracefully); SIGKILL the group if it lingers. */
export async function stopServer(s: Server, timeoutMs = 20_000): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  try {
    process.kill(s.pid, 'SIGTERM');
  } catch {
    return;
  }
  const done = await Promise.race([s.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!done) {
    try {
      process.kill(-s.pid, 'SIGKILL');
    } catch {
      // gone
    }
    await s.exited;
  }
  // The group may still hold the real server if tsx died first: make sure nothing of ours survives.
  try {
    process.kill(-s.pid, 0);
    await sleep(500);
    process.kill(-s.pid, 'SIGKILL');
  } catch {
    // group empty
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Every descendant of `rootPid` (children, their children, ...), read from /proc. */
export function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * The process that actually serves: tsx runs the script in a node child of the spawned pid (beside an
 * esbuild service process), so take the largest node process among the descendants.
 */
export function serverPid(rootPid: number): number {
  const nodes = descendants(rootPid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'node';
    } catch {
      return false; // exited meanwhile
    }
  });
  if (!nodes.length) return rootPid;
  return nodes.sort((a, b) => rssMb(b) - rssMb(a))[0]!;
}

const TICK_MS = 1000 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100);

/**
 * CPU time (user and system, ms) used so far by these processes (those that have exited count as 0), or,
 * with `children`, by the children they have waited for.
 */
export function cpuMs(pids: number[], o: { children?: boolean } = {}): { user: number; system: number } {
  let user = 0;
  let system = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields 14-17 of stat (utime, stime, cutime, cstime), counted from field 3 (state) here
      user += Number(f[o.children ? 13 : 11]) * TICK_MS;
      system += Number(f[o.children ? 14 : 12]) * TICK_MS;
    } catch {
      // exited
    }
  }
  return { user, system };
}

/** Resident set size of a process in MB (VmRSS). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb / 1024;
}

// ---- a throwaway PostgreSQL 15 cluster

/**
 * Server settings for clusters holding a large data set (search and import benches): what a small production
 * server on this 24 GB machine would get (shared buffers about a quarter of the data, SSD page costs, room for
 * bulk loads in the WAL), not the initdb defaults (128 MB buffers).
 */
export const LARGE_DATA_PG_SETTINGS = [
  'shared_buffers=2GB',
  'effective_cache_size=8GB',
  'random_page_cost=1.1',
  'work_mem=16MB',
  'max_wal_size=4GB',
];

export interface Cluster {
  port: number;
  /**
   * CPU time used so far by the whole cluster: the postmaster, its live children (backends, background
   * processes) and the children it has reaped (a backend that exits moves its time to the postmaster's
   * cutime/cstime), so that the difference of two readings counts backends that came and went between.
   */
  cpuMs(): { user: number; system: number };
  url(database: string): string;
  initMs: number;
  stop(): Promise<void>;
}

function pgUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const r = spawnSync('id', ['-u', 'pgtest'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'pgtest'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('running as root needs a user "pgtest" to run PostgreSQL');
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

function runPg(bin: string, args: string[], as: { uid: number; gid: number } | undefined) {
  const r = spawnSync(path.join(PG_BIN, bin), args, {
    encoding: 'utf8',
    ...(as ? { uid: as.uid, gid: as.gid } : {}),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
    cwd: '/',
  });
  if (r.status !== 0) throw new Error(`${bin} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/**
 * initdb + pg_ctl start on a free loopback port (as pgtest when we are root), trust auth, socket in the
 * cluster's directory. pg_stat_statements is preloaded so the benchmark can count queries per request.
 * `dir` keeps the cluster in that directory across runs (created on first use, never deleted; the server is
 * still stopped at the end); `settings` are extra server settings (`name=value`).
 */
export async function startCluster(o: { dir?: string; settings?: string[] } = {}): Promise<Cluster> {
  const as = pgUser();
  let dir: string;
  if (o.dir) {
    dir = path.resolve(o.dir);
    mkdirSync(dir, { recursive: true });
  } else {
    dir = mkdtempSync(path.join(os.tmpdir(), 'prospector-bench-pg-'));
    onCleanup(`rm ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  }
  if (as) chownSync(dir, as.uid, as.gid);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const t0 = performance.now();
  if (!existsSync(path.join(dataDir, 'PG_VERSION')))
    runPg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], as);
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    runPg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'], as);
  };
  const unregister = onCleanup('stop PostgreSQL', stop);
  const extra = (o.settings ?? []).map((s) => ` -c ${s}`).join('');
  runPg(
    'pg_ctl',
    [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c shared_preload_libraries=pg_stat_statements -c max_connections=100${extra}`,
      'start',
    ],
    as,
  );
  const initMs = performance.now() - t0;
  return {
    port,
    initMs,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    cpuMs: () => {
      const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const live = cpuMs([postmaster, ...descendants(postmaster)]);
      const reaped = cpuMs([postmaster], { children: true });
      return { user: live.user + reaped.user, system: live.system + reaped.system };
    },
    stop: async () => {
      unregister();
      await stop();
    },
  };
}

/** Run statements on one database of the cluster with a short-lived client. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// ---- CPU profiles (V8 .cpuprofile written by --cpu-prof)

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a sample's own time goes, by the code it runs in. */
function category(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8/native (program)';
  const u = url.replaceAll('\\', '/');
  if (u.includes('@electric-sql/pglite') || u.startsWith('wasm://')) return 'PGlite (WASM + glue)';
  if (u.includes('/pino') || u.includes('sonic-boom') || u.includes('fast-redact')) return 'logging (pino)';
  if (u.includes('drizzle-orm')) return 'drizzle-orm';
  if (u.includes('/pg/') || u.includes('pg-protocol') || u.includes('pg-types') || u.includes('pg-pool'))
    return 'node-postgres';
  if (u.includes('/zod/') || u.includes('fastify-type-provider-zod')) return 'zod (validate/serialize)';
  if (u.includes('@fastify/helmet') || u.includes('/helmet/')) return 'helmet';
  if (u.includes('@fastify/cookie') || u.includes('/cookie')) return 'cookie';
  if (
    u.includes('fastify') ||
    u.includes('find-my-way') ||
    u.includes('avvio') ||
    u.includes('light-my-request')
  )
    return 'fastify';
  if (u.includes('/pg-boss/')) return 'pg-boss';
  if (u.includes('/src/')) return 'app code (src/)';
  if (u.includes('node_modules')) return 'other dependencies';
  if (u.startsWith('node:') || u === '') return 'node core (http, net, streams)';
  return 'other';
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  busyMs: number;
  categories: { name: string; ms: number; pctOfBusy: number }[];
  topFunctions: { fn: string; where: string; ms: number; pctOfBusy: number }[];
  /** For the heaviest self-time functions: the call paths that lead to them (innermost caller first). */
  callers: { fn: string; paths: { path: string; pctOfBusy: number }[] }[];
}

/**
 * Self time by category and by function. `window` keeps only the samples taken between `fromEndMs` and
 * `toEndMs` before the end of the profile (the process exit), to leave start-up and shutdown out.
 */
export function summariseProfile(
  file: string,
  window?: { fromEndMs: number; toEndMs: number },
): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  const from = window ? prof.endTime - window.fromEndMs * 1000 : Number.NEGATIVE_INFINITY;
  const to = window ? prof.endTime - window.toEndMs * 1000 : Number.POSITIVE_INFINITY;
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i]!;
    const delta = prof.timeDeltas[i] ?? 0;
    t += delta;
    if (t < from || t > to) continue;
    self.set(id, (self.get(id) ?? 0) + delta / 1000);
  }
  const where = (n: ProfileNode) =>
    `${n.callFrame.url.replace(/^.*node_modules\//, '').replace(`file://${ROOT}/`, '')}:${n.callFrame.lineNumber + 1}`;
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}\t${where(n)}`;
  const cats = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const cat = category(n.callFrame.url, n.callFrame.functionName);
    total += ms;
    if (cat === 'idle') idle += ms;
    cats.set(cat, (cats.get(cat) ?? 0) + ms);
    const key = keyOf(n);
    fns.set(key, (fns.get(key) ?? 0) + ms);
  }
  const busy = total - idle;
  const pct = (ms: number) => Math.round((1000 * ms) / busy) / 10;
  const frame = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n)}`;
  const heaviest = [...fns]
    .filter(([key]) => !key.startsWith('(idle)') && !key.startsWith('(garbage'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([key]) => key);
  const paths = new Map<string, Map<string, number>>(heaviest.map((k) => [k, new Map()]));
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const byPath = paths.get(keyOf(n));
    if (!byPath) continue;
    // Up to 8 callers, innermost first.
    const chain: string[] = [];
    for (let p = parent.get(id); p !== undefined && chain.length < 8; p = parent.get(p)) {
      const pn = byId.get(p)!;
      if (pn.callFrame.functionName === '(root)') break;
      chain.push(frame(pn));
    }
    const key = chain.join(' < ');
    byPath.set(key, (byPath.get(key) ?? 0) + ms);
  }
  return {
    file,
    totalMs: Math.round(total),
    busyMs: Math.round(busy),
    categories: [...cats]
      .filter(([name]) => name !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({ name, ms: Math.round(ms), pctOfBusy: pct(ms) })),
    topFunctions: [...fns]
      .filter(([key]) => !key.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([key, ms]) => {
        const [fn, where] = key.split('\t') as [string, string];
        return { fn, where, ms: Math.round(ms), pctOfBusy: pct(ms) };
      }),
    callers: heaviest.map((key) => ({
      fn: key.replace('\t', ' '),
      paths: [...paths.get(key)!]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([path, ms]) => ({ path, pctOfBusy: pct(ms) })),
    })),
  };
}

/**
 * A fresh, migrated database for a benchmark: a throwaway PostgreSQL 15 cluster with database `name`, or PGlite
 * in a temp directory. The cluster and directory go at cleanup; the caller closes the database.
 */
export async function openBenchDatabase(engine: 'pglite' | 'postgres', name: string): Promise<Database> {
  let db: Database;
  if (engine === 'postgres') {
    const cluster = await startCluster();
    const admin = await openPostgres(cluster.url('postgres'), { max: 1 });
    await admin.pool!.query(`create database ${name}`);
    await admin.close();
    db = await openPostgres(cluster.url(name), { max: 4 });
  } else db = await openPglite(tempDir(`prospector-${name}-`));
  await migrateDatabase(db);
  return db;
}
