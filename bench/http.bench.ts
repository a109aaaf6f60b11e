/**
 * HTTP benchmark of the real app against a bare-Fastify baseline, on PGlite and on native PostgreSQL 15.
 *
 *   npm run bench -- [--engine pglite|postgres|both] [--duration <s>] [--rounds <n>] [--users <n>] [--profile]
 *
 * Per engine, with data generated in the run:
 * 1. cold start to GET /readyz = 200 of `prospector start` as a child process: first run (empty data dir or
 *    database: initdb/migrations/first workspace) and restart (same data). PostgreSQL runs in server mode
 *    after the first run: the restart and every later figure are `prospector serve`'s, with a
 *    `prospector worker` process beside it (docs/benchmarks.md);
 * 2. idle RSS of the server process (ready + 2 s idle);
 * 3. req/s, p99 and CPU per request (autocannon, in this process) of GET /api/v1/users?limit=20 with a Bearer
 *    API token and with a session cookie, on 2 and 32 connections, after seeding users through the API;
 * 4. the same against bench/baseline-server.ts (bare Fastify, same driver, same data, the app's own query
 *    and response body), up at the same time: app and baseline runs alternate, `--rounds` times, and the
 *    medians are reported;
 * 5. on PostgreSQL, queries per request from pg_stat_statements; with --profile, V8 CPU profiles of the app
 *    and of the baseline under load, summarised by where the time goes (and kept in bench/results/).
 * Prints a table per engine and writes bench/results/http-<timestamp>.json. Every child process, cluster and
 * temp directory is cleaned up, also on failure or Ctrl-C.
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import {
  type Cluster,
  childEnv,
  cpuMs,
  freePort,
  type ProfileSummary,
  ROOT,
  rssMb,
  runCleanups,
  type Server,
  serverPid,
  sleep,
  startCluster,
  startServer,
  startWorker,
  stopServer,
  summariseProfile,
  tempDir,
  withClient,
} from './support.ts';

type Engine = 'pglite' | 'postgres';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    users: { type: 'string', default: '50' },
    profile: { type: 'boolean', default: false },
    'log-level': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    'npm run bench -- [--engine pglite|postgres|both] [--duration <s>] [--rounds <n>] [--users <n>] [--profile] [--log-level <level>]\n',
  );
  process.exit(0);
}
if (!['pglite', 'postgres', 'both'].includes(args.engine)) {
  process.stderr.write('--engine must be pglite, postgres or both\n');
  process.exit(2);
}
const DURATION = Number(args.duration);
const USERS = Number(args.users);
const ROUNDS = Number(args.rounds);
if (!(DURATION > 0) || !Number.isInteger(USERS) || USERS < 0 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  process.stderr.write(
    '--duration must be a positive number of seconds, --users a whole number, --rounds at least 1\n',
  );
  process.exit(2);
}
const ENGINES: Engine[] = args.engine === 'both' ? ['pglite', 'postgres'] : [args.engine as Engine];
const WARMUP_S = 2;
const IDLE_MS = 2000;
const ADMIN = { email: 'admin@bench.test', password: 'bench-admin-password-1' };
const LIST_PATH = '/api/v1/users?limit=20';
const STARTED = new Date();
const STAMP = STARTED.toISOString().slice(0, 19).replace(/:/g, '-');
const OUT_DIR = path.join(ROOT, 'bench', 'results');

const log = (msg: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// ---- HTTP set-up through the public API

interface Creds {
  workspaceId: string;
  cookie: string;
  token: string;
}

async function api<T>(
  base: string,
  method: string,
  url: string,
  o: { cookie?: string; csrf?: string; body?: unknown } = {},
): Promise<{ json: T; res: Response }> {
  const headers: Record<string, string> = {};
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.cookie) headers.cookie = o.cookie;
  if (o.csrf) headers['x-csrf-token'] = o.csrf;
  const res = await fetch(base + url, {
    method,
    headers,
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text.slice(0, 400)}`);
  return { json: (text ? JSON.parse(text) : null) as T, res };
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Leslie'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman'];

/** Sign in as the first-run admin, seed users (deterministic), create an API token with all its permissions. */
async function setUp(base: string): Promise<Creds> {
  const signIn = await api<unknown>(base, 'POST', '/api/v1/auth/sign-in', { body: ADMIN });
  const set = signIn.res.headers.getSetCookie().find((c) => c.startsWith('prospector_session='));
  if (!set) throw new Error('sign-in set no prospector_session cookie');
  const cookie = set.split(';')[0]!;
  const { json: session } = await api<{
    workspace: { id: string };
    permissions: string[];
    csrfToken: string;
  }>(base, 'GET', '/api/v1/auth/session', { cookie });
  const csrf = session.csrfToken;
  const { json: roleList } = await api<
    { items?: { id: string; key: string }[] } | { id: string; key: string }[]
  >(base, 'GET', '/api/v1/roles', { cookie });
  const roles = Array.isArray(roleList) ? roleList : (roleList.items ?? []);
  const role = roles.find((r) => r.key === 'recruiter') ?? roles.find((r) => r.key !== 'admin');
  for (let i = 0; i < USERS; i++) {
    await api(base, 'POST', '/api/v1/users', {
      cookie,
      csrf,
      body: {
        email: `bench-user-${String(i).padStart(3, '0')}@bench.test`,
        name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`,
        roleIds: role && i % 3 !== 2 ? [role.id] : [],
        password: `bench-user-password-${i}`,
      },
    });
  }
  const { json: created } = await api<{ secret: string }>(base, 'POST', '/api/v1/api-tokens', {
    cookie,
    csrf,
    body: { name: 'bench', scopes: session.permissions, expiresInDays: 1 },
  });
  return { workspaceId: session.workspace.id, cookie, token: created.secret };
}

// ---- load

interface Load {
  rps: number;
  p50: number;
  p99: number;
  meanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /**
   * CPU time per request (ms, user + system) of the server process and, on PostgreSQL, of the database
   * cluster: less noisy than req/s on a shared machine, since other load changes the time but not the work.
   */
  cpuMsPerRequest?: { server: number; database?: number };
}

/** Whose CPU time a load run reports: the server process's, and the database cluster's (PostgreSQL). */
interface Watch {
  server: number;
  database?: () => { user: number; system: number };
}

async function load(
  url: string,
  connections: number,
  duration: number,
  headers: Record<string, string> = {},
  watch?: Watch,
) {
  const cpu0 = watch && { server: cpuMs([watch.server]), database: watch.database?.() };
  // Latency percentiles from each 2xx response's own time (autocannon's histogram rounds to whole
  // milliseconds, too coarse for a 3 ms p99).
  const times: number[] = [];
  const run = autocannon({ url, connections, duration, headers, pipelining: 1, timeout: 30 });
  run.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const r: Result = await run;
  times.sort((a, b) => a - b);
  const pct = (q: number) =>
    times.length
      ? Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]! * 100) / 100
      : 0;
  const perRequest = (a: { user: number; system: number }, b: { user: number; system: number }) =>
    Math.round((1000 * (b.user + b.system - a.user - a.system)) / Math.max(1, r.requests.total)) / 1000;
  const out: Load = {
    rps: Math.round(r.requests.average),
    p50: pct(0.5),
    p99: pct(0.99),
    meanMs: Math.round(r.latency.average * 100) / 100,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    ...(watch && cpu0
      ? {
          cpuMsPerRequest: {
            server: perRequest(cpu0.server, cpuMs([watch.server])),
            ...(watch.database && cpu0.database
              ? { database: perRequest(cpu0.database, watch.database()) }
              : {}),
          },
        }
      : {}),
  };
  if (out.non2xx || out.errors || out.timeouts) {
    log(
      `WARNING ${url} c=${connections}: ${out.non2xx} non-2xx, ${out.errors} errors, ${out.timeouts} timeouts`,
    );
  }
  return out;
}

const warmUp = (url: string, headers: Record<string, string> = {}) => load(url, 32, WARMUP_S, headers);

async function idleRss(s: Server): Promise<number> {
  await sleep(IDLE_MS);
  return Math.round(rssMb(serverPid(s.pid)) * 10) / 10;
}

// ---- query counting (PostgreSQL: pg_stat_statements)

interface StatementStat {
  query: string;
  perRequest: number;
  meanMs: number;
}

async function resetStatements(c: Cluster) {
  await withClient(c.url('postgres'), (cl) => cl.query('select pg_stat_statements_reset()'));
}

async function readStatements(c: Cluster, database: string, requests: number) {
  const rows = await withClient(c.url('postgres'), async (cl) => {
    const r = await cl.query<{ query: string; calls: string; mean: number }>(
      `select query, calls, mean_exec_time as mean from pg_stat_statements
        where dbid = (select oid from pg_database where datname = $1) order by calls desc`,
      [database],
    );
    return r.rows;
  });
  const statements: StatementStat[] = rows
    .map((r) => ({
      query: r.query.replace(/\s+/g, ' ').slice(0, 300),
      perRequest: Math.round((100 * Number(r.calls)) / requests) / 100,
      meanMs: Math.round(r.mean * 1000) / 1000,
    }))
    .filter((s) => s.perRequest >= 0.01);
  const perRequest = Math.round(100 * statements.reduce((n, s) => n + s.perRequest, 0)) / 100;
  return { perRequest, statements };
}

// ---- one engine

interface EngineResult {
  engine: Engine;
  /** 1-minute load average before and after: a busy machine makes the figures noisy. */
  loadAverage: { before: number; after: number };
  clusterInitMs?: number;
  coldStart: { firstRunMs: number; restartMs: number; baselineOpenMs: number };
  rssMb: { appFirstRun: number; app: number; baseline: number };
  runs: {
    name: string;
    auth: 'token' | 'session';
    connections: number;
    /** Medians over the rounds. */
    app: Load;
    baseline: Load;
    /** Median over the rounds of the overhead of each app run against the baseline run next to it. */
    overhead: { rps: number; p99: number };
    rounds: { app: Load[]; baseline: Load[] };
  }[];
  queriesPerRequest?: {
    app: Awaited<ReturnType<typeof readStatements>>;
    baseline: Awaited<ReturnType<typeof readStatements>>;
  };
  profile?: { app?: ProfileSummary; baseline?: ProfileSummary };
}

async function benchEngine(engine: Engine): Promise<EngineResult> {
  const loadBefore = Math.round(os.loadavg()[0]! * 100) / 100;
  const work = tempDir(`prospector-bench-${engine}-`);
  const dataDir = path.join(work, 'data');
  let cluster: Cluster | undefined;
  let databaseUrl: string | undefined;
  const database = 'bench_app';
  if (engine === 'postgres') {
    cluster = await startCluster();
    log(`PostgreSQL 15 cluster on port ${cluster.port} (initdb + start ${Math.round(cluster.initMs)} ms)`);
    await withClient(cluster.url('postgres'), async (c) => {
      await c.query(`create database ${database}`);
      await c.query('create extension pg_stat_statements');
    });
    databaseUrl = cluster.url(database);
  }
  const appEnv = () =>
    childEnv({
      PROSPECTOR_ADMIN_EMAIL: ADMIN.email,
      PROSPECTOR_ADMIN_PASSWORD: ADMIN.password,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(args['log-level'] ? { PROSPECTOR_LOG_LEVEL: args['log-level'] } : {}),
    });
  // PostgreSQL is measured in server mode as the README deploys it: `serve` (the HTTP process measured here)
  // with a `worker` process beside it on the same database and machine, started after the first run
  // (`start`: migrations and the first workspace). PGlite: `start`, the one embedded process.
  const serverMode = engine === 'postgres';
  let worker: Server | undefined;
  const startApp = async (label: string, nodeFlags: string[] = []) => {
    const port = await freePort();
    const cli =
      serverMode && label !== 'first-run'
        ? ['src/apps/cli/main.ts', 'serve', '--port', String(port)]
        : ['src/apps/cli/main.ts', 'start', '--data-dir', dataDir, '--port', String(port)];
    return startServer({
      name: `prospector (${engine}, ${label})`,
      // With node flags (--cpu-prof is refused in NODE_OPTIONS) run node with tsx's loader: one process.
      ...(nodeFlags.length
        ? { command: process.execPath, args: [...nodeFlags, '--import', 'tsx', ...cli] }
        : { args: cli }),
      env: appEnv(),
      port,
      logFile: path.join(work, `app-${label}.log`),
    });
  };
  const stopApp = async (s: Server) => {
    await stopServer(s);
    // The pid lock is the app's to remove; after it has exited a leftover one would only be stale.
    rmSync(path.join(dataDir, 'prospector.lock'), { force: true });
  };

  // 1. first run, then seed through the API
  log(`${engine}: first run (empty ${engine === 'pglite' ? 'data dir' : 'database'})`);
  let app = await startApp('first-run');
  const firstRunMs = app.readyMs;
  const appFirstRunRss = await idleRss(app);
  log(`${engine}: ready in ${Math.round(firstRunMs)} ms; seeding ${USERS} users, creating an API token`);
  const creds = await setUp(app.url);
  await stopApp(app);
  const baselineDataDir = path.join(work, 'baseline-data');
  if (!databaseUrl) cpSync(path.join(dataDir, 'pg'), path.join(baselineDataDir, 'pg'), { recursive: true });

  // 2. restart on the same data; idle RSS
  if (serverMode) {
    worker = await startWorker({
      name: 'prospector worker (postgres)',
      args: ['src/apps/cli/main.ts', 'worker'],
      env: appEnv(),
      logFile: path.join(work, 'worker.log'),
      settleMs: 5000,
    });
    log(`${engine}: server mode: a worker process runs beside the serve process`);
  }
  app = await startApp('restart');
  const restartMs = app.readyMs;
  const appRss = await idleRss(app);
  log(`${engine}: restart ready in ${Math.round(restartMs)} ms, idle RSS ${appRss} MB`);

  const tokenHeaders = { authorization: `Bearer ${creds.token}` };
  const cookieHeaders = { cookie: creds.cookie };
  const check = await fetch(app.url + LIST_PATH, { headers: tokenHeaders });
  const page = (await check.json()) as { items?: unknown[] };
  if (check.status !== 200 || page.items?.length !== Math.min(20, USERS + 1)) {
    throw new Error(`GET ${LIST_PATH} answered ${check.status} with ${page.items?.length} items`);
  }

  // 3. the baseline, up at the same time as the app so that their runs can alternate. PGlite is one
  // process per data directory: the baseline opens a copy of the app's, taken while the app was stopped.
  const baselineArgs = databaseUrl
    ? ['--database-url', databaseUrl]
    : ['--pglite-dir', path.join(baselineDataDir, 'pg')];
  const startBaseline = async (label: string, nodeFlags: string[] = []) => {
    const port = await freePort();
    const script = [
      'bench/baseline-server.ts',
      '--port',
      String(port),
      '--workspace',
      creds.workspaceId,
      ...baselineArgs,
    ];
    return startServer({
      name: `baseline (${engine}, ${label})`,
      ...(nodeFlags.length
        ? { command: process.execPath, args: [...nodeFlags, '--import', 'tsx', ...script] }
        : { args: script }),
      env: childEnv({}),
      port,
      logFile: path.join(work, `baseline-${label}.log`),
    });
  };
  const baseline = await startBaseline('load');
  const baselineRss = await idleRss(baseline);
  log(`${engine}: baseline ready in ${Math.round(baseline.readyMs)} ms, idle RSS ${baselineRss} MB`);

  // Same page, same bytes: the baseline answers what the app answers, so the difference is the framework.
  const [appBody, baseBody] = await Promise.all([
    fetch(app.url + LIST_PATH, { headers: tokenHeaders }).then((r) => r.text()),
    fetch(`${baseline.url}/users`).then((r) => r.text()),
  ]);
  if (appBody !== baseBody) {
    throw new Error(
      `the baseline's page differs from the app's:\napp:      ${appBody.slice(0, 300)}\nbaseline: ${baseBody.slice(0, 300)}`,
    );
  }

  // 4. load: every plan item on the app and on the baseline back to back, in alternating order, ROUNDS
  // times; the medians are reported (a shared machine's background load drifts from minute to minute).
  const plan = [
    { name: 'token, 2 connections', auth: 'token' as const, connections: 2 },
    { name: 'token, 32 connections', auth: 'token' as const, connections: 32 },
    { name: 'session cookie, 2 connections', auth: 'session' as const, connections: 2 },
    { name: 'session cookie, 32 connections', auth: 'session' as const, connections: 32 },
  ];
  const appWatch: Watch = { server: serverPid(app.pid), ...(cluster ? { database: cluster.cpuMs } : {}) };
  const baseWatch: Watch = {
    server: serverPid(baseline.pid),
    ...(cluster ? { database: cluster.cpuMs } : {}),
  };
  await warmUp(app.url + LIST_PATH, tokenHeaders);
  await warmUp(`${baseline.url}/users`);
  const appLoads: Load[][] = plan.map(() => []);
  const baseLoads: Load[][] = plan.map(() => []);
  let appQueries: Awaited<ReturnType<typeof readStatements>> | undefined;
  let baseQueries: Awaited<ReturnType<typeof readStatements>> | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, p] of plan.entries()) {
      const count = cluster && round === 0 && p.auth === 'token' && p.connections === 2;
      const runApp = async () => {
        if (count) await resetStatements(cluster!);
        const r = await load(
          app.url + LIST_PATH,
          p.connections,
          DURATION,
          p.auth === 'token' ? tokenHeaders : cookieHeaders,
          appWatch,
        );
        if (count) appQueries = await readStatements(cluster!, database, r.requests);
        appLoads[i]!.push(r);
        return r;
      };
      const runBase = async () => {
        if (count) await resetStatements(cluster!);
        const r = await load(`${baseline.url}/users`, p.connections, DURATION, {}, baseWatch);
        if (count) baseQueries = await readStatements(cluster!, database, r.requests);
        baseLoads[i]!.push(r);
        return r;
      };
      let ra: Load;
      let rb: Load;
      if ((round + i) % 2 === 0) {
        ra = await runApp();
        rb = await runBase();
      } else {
        rb = await runBase();
        ra = await runApp();
      }
      log(
        `${engine}: round ${round + 1}/${ROUNDS} ${p.name}: app ${ra.rps} req/s p99 ${ra.p99} ms` +
          ` | baseline ${rb.rps} req/s p99 ${rb.p99} ms`,
      );
    }
  }
  await stopServer(baseline);
  await stopApp(app);

  // optional: where the time goes, from CPU profiles of the app and of the baseline under load
  let profile: { app?: ProfileSummary; baseline?: ProfileSummary } | undefined;
  if (args.profile) {
    profile = {};
    for (const which of ['app', 'baseline'] as const) {
      try {
        const summary = await profileServer(which);
        if (summary) profile[which] = summary;
      } catch (err) {
        log(`${engine}: profiling the ${which} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  async function profileServer(which: 'app' | 'baseline'): Promise<ProfileSummary | undefined> {
    const profDir = path.join(work, `cpu-prof-${which}`);
    mkdirSync(profDir, { recursive: true });
    const flags = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
    const prof = which === 'app' ? await startApp('profile', flags) : await startBaseline('profile', flags);
    const [url, headers] = which === 'app' ? [prof.url + LIST_PATH, tokenHeaders] : [`${prof.url}/users`, {}];
    let loadStart = 0;
    let loadEnd = 0;
    try {
      await warmUp(url, headers);
      loadStart = performance.now();
      const r = await load(url, 32, Math.min(DURATION, 10), headers);
      loadEnd = performance.now();
      log(`${engine}: profiled ${which} run: ${r.rps} req/s (profiling slows it down)`);
    } finally {
      if (which === 'app') await stopApp(prof);
      else await stopServer(prof);
    }
    const exitAt = performance.now();
    // One file per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile). The summary is the main
    // thread's (the event loop: HTTP, framework, app); on PGlite the database runs in a worker thread, whose
    // profile is kept next to it (`-db`). Largest first: tsx's loader thread writes a small one too.
    const files = readdirSync(profDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(profDir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size);
    const isMain = (f: string) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f);
    const main = files.find(isMain) ?? files[0];
    if (!main) {
      log(`${engine}: no CPU profile of the ${which} was written`);
      return undefined;
    }
    // Keep the profiles (the work directory goes): open them in Chrome DevTools or speedscope.
    const kept = path.join(OUT_DIR, `http-${STAMP}-${engine}-${which}.cpuprofile`);
    mkdirSync(OUT_DIR, { recursive: true });
    copyFileSync(main, kept);
    const db = files.find((f) => f !== main);
    if (db && engine === 'pglite') {
      const keptDb = path.join(OUT_DIR, `http-${STAMP}-${engine}-${which}-db.cpuprofile`);
      copyFileSync(db, keptDb);
      log(`${engine}: ${which}'s database worker thread profile: ${path.relative(ROOT, keptDb)}`);
    }
    // Only the measured load: the profile ends when the process exits.
    return summariseProfile(kept, { fromEndMs: exitAt - loadStart, toEndMs: exitAt - loadEnd });
  }
  if (worker) await stopServer(worker);
  if (cluster) await cluster.stop();

  return {
    engine,
    loadAverage: { before: loadBefore, after: Math.round(os.loadavg()[0]! * 100) / 100 },
    ...(cluster ? { clusterInitMs: Math.round(cluster.initMs) } : {}),
    coldStart: {
      firstRunMs: Math.round(firstRunMs),
      restartMs: Math.round(restartMs),
      baselineOpenMs: Math.round(baseline.readyMs),
    },
    rssMb: { appFirstRun: appFirstRunRss, app: appRss, baseline: baselineRss },
    runs: plan.map((p, i) => ({
      ...p,
      app: median(appLoads[i]!),
      baseline: median(baseLoads[i]!),
      overhead: {
        rps: medianOf(appLoads[i]!.map((a, k) => overhead(a.rps, baseLoads[i]![k]!.rps, true))),
        p99: medianOf(appLoads[i]!.map((a, k) => overhead(a.p99, baseLoads[i]![k]!.p99, false))),
      },
      rounds: { app: appLoads[i]!, baseline: baseLoads[i]! },
    })),
    ...(appQueries && baseQueries ? { queriesPerRequest: { app: appQueries, baseline: baseQueries } } : {}),
    ...(profile ? { profile } : {}),
  };
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : Math.round(((s[m - 1]! + s[m]!) / 2) * 1000) / 1000;
}

/** Field by field median of several runs (so the figures of one row may come from different runs). */
function median(runs: Load[]): Load {
  const pick = (f: (l: Load) => number) => medianOf(runs.map(f));
  const cpu = runs.every((r) => r.cpuMsPerRequest)
    ? {
        cpuMsPerRequest: {
          server: pick((r) => r.cpuMsPerRequest!.server),
          ...(runs.every((r) => r.cpuMsPerRequest?.database !== undefined)
            ? { database: pick((r) => r.cpuMsPerRequest!.database!) }
            : {}),
        },
      }
    : {};
  return {
    rps: pick((r) => r.rps),
    p50: pick((r) => r.p50),
    p99: pick((r) => r.p99),
    meanMs: pick((r) => r.meanMs),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    timeouts: runs.reduce((n, r) => n + r.timeouts, 0),
    ...cpu,
  };
}

// ---- report

/** Extra cost over the baseline, in %: time per request for req/s (baseline/app - 1), app/baseline - 1 otherwise. */
function overhead(app: number, base: number, higherIsBetter: boolean): number {
  const ratio = higherIsBetter ? base / app : app / base;
  return Math.round((ratio - 1) * 1000) / 10;
}

function table(r: EngineResult): string {
  const rows: [string, string, string, string][] = [];
  const pct = (n: number) => `${n > 0 ? '+' : ''}${n}%`;
  rows.push(['cold start, first run (ms)', String(r.coldStart.firstRunMs), '-', '-']);
  rows.push([
    'cold start, restart (ms)',
    String(r.coldStart.restartMs),
    String(r.coldStart.baselineOpenMs),
    pct(overhead(r.coldStart.restartMs, r.coldStart.baselineOpenMs, false)),
  ]);
  rows.push([
    'idle RSS (MB)',
    String(r.rssMb.app),
    String(r.rssMb.baseline),
    pct(overhead(r.rssMb.app, r.rssMb.baseline, false)),
  ]);
  for (const run of r.runs) {
    rows.push([`${run.name}: req/s`, String(run.app.rps), String(run.baseline.rps), pct(run.overhead.rps)]);
    rows.push([
      `${run.name}: p99 (ms)`,
      String(run.app.p99),
      String(run.baseline.p99),
      pct(run.overhead.p99),
    ]);
    const a = run.app.cpuMsPerRequest;
    const b = run.baseline.cpuMsPerRequest;
    if (a && b) {
      rows.push([
        `${run.name}: server CPU ms/request`,
        a.server.toFixed(3),
        b.server.toFixed(3),
        pct(overhead(a.server, b.server, false)),
      ]);
      if (a.database !== undefined && b.database !== undefined) {
        rows.push([
          `${run.name}: database CPU ms/request`,
          a.database.toFixed(3),
          b.database.toFixed(3),
          pct(overhead(a.database, b.database, false)),
        ]);
      }
    }
  }
  if (r.queriesPerRequest) {
    rows.push([
      'SQL statements per request',
      String(r.queriesPerRequest.app.perRequest),
      String(r.queriesPerRequest.baseline.perRequest),
      '-',
    ]);
  }
  const head: [string, string, string, string] = ['metric', 'prospector', 'baseline', 'overhead'];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[head, ...rows].map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const title = r.engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL 15 (native)';
  return [
    `\n${title} (1-min load average ${r.loadAverage.before} before, ${r.loadAverage.after} after)`,
    line(head),
    `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

function goal(r: EngineResult): string {
  const misses = r.runs
    .filter((run) => run.auth === 'token')
    .flatMap((run) => [
      { what: `${run.name} req/s`, o: run.overhead.rps },
      { what: `${run.name} p99`, o: run.overhead.p99 },
    ])
    .filter((m) => m.o > 30);
  return misses.length
    ? `goal (< 30% over baseline) NOT met: ${misses.map((m) => `${m.what} +${m.o}%`).join(', ')}`
    : 'goal (< 30% over baseline) met';
}

function printExtras(r: EngineResult) {
  if (r.queriesPerRequest) {
    for (const which of ['app', 'baseline'] as const) {
      process.stdout.write(`\nstatements per request (${which}, 2 connections, pg_stat_statements):\n`);
      for (const s of r.queriesPerRequest[which].statements.slice(0, 8)) {
        process.stdout.write(`  ${s.perRequest.toFixed(2)} x  ${s.meanMs} ms  ${s.query.slice(0, 150)}\n`);
      }
    }
  }
  for (const which of ['app', 'baseline'] as const) {
    const prof = r.profile?.[which];
    if (!prof) continue;
    process.stdout.write(`\nCPU profile of the ${which} under load (${prof.busyMs} ms busy):\n`);
    for (const c of prof.categories.slice(0, 10)) {
      process.stdout.write(`  ${String(c.pctOfBusy).padStart(5)}%  ${c.name}\n`);
    }
    process.stdout.write('  top functions (self time):\n');
    for (const f of prof.topFunctions.slice(0, 10)) {
      process.stdout.write(`  ${String(f.pctOfBusy).padStart(5)}%  ${f.fn}  ${f.where}\n`);
    }
    process.stdout.write('  who calls the heaviest ones (innermost caller first):\n');
    for (const c of prof.callers.slice(0, 3)) {
      process.stdout.write(`    ${c.fn}\n`);
      for (const p of c.paths) process.stdout.write(`    ${String(p.pctOfBusy).padStart(5)}%  < ${p.path}\n`);
    }
    process.stdout.write(`  profile: ${path.relative(ROOT, prof.file)}\n`);
  }
}

// ---- main

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${sig}: cleaning up`);
    runCleanups().finally(() => process.exit(130));
  });
}

const started = STARTED;
const results: EngineResult[] = [];
const failures: { engine: Engine; error: string }[] = [];
try {
  for (const engine of ENGINES) {
    try {
      results.push(await benchEngine(engine));
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      failures.push({ engine, error });
      log(`${engine} FAILED: ${error}`);
    } finally {
      await runCleanups();
    }
  }
} finally {
  await runCleanups();
}

for (const r of results) {
  process.stdout.write(`${table(r)}\n${goal(r)}\n`);
  printExtras(r);
}
process.stdout.write(
  '\noverhead: req/s as extra time per request (baseline/app - 1); p99, start and RSS as app/baseline - 1.\n' +
    "baseline: bare Fastify, no auth/validation/logging; the app's query and body, same driver and data.\n" +
    `figures: medians of ${ROUNDS} alternating rounds of ${DURATION} s per server.\n`,
);

const cpus = os.cpus();
const report = {
  benchmark: 'http',
  startedAt: started.toISOString(),
  seconds: Math.round((Date.now() - started.getTime()) / 1000),
  machine: {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  },
  settings: {
    durationS: DURATION,
    warmupS: WARMUP_S,
    users: USERS,
    path: LIST_PATH,
    appLogLevel: args['log-level'] ?? 'default (info)',
  },
  results,
  failures,
};
mkdirSync(OUT_DIR, { recursive: true });
const outFile = path.join(OUT_DIR, `http-${STAMP}.json`);
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nresults: ${path.relative(ROOT, outFile)} (${report.seconds} s)\n`);
process.exitCode = failures.length ? 1 : 0;
