/**
 * Outreach dispatch: (1) the sustained rate of the product's dispatcher (claim, started-before-send log,
 * domain throttle, SMTP, then sent + send log + timeline + enrollment advance in one transaction per 25)
 * to a local smtp-server sink, against raw nodemailer to the same sink in the same run (same connection
 * count, no database); hand-off (guards, rendering, outbox rows) is timed separately. (2) Kill cycles: a
 * dispatch worker child process is killed with SIGKILL `--cycles` times during the dispatch of `--kill-n`
 * messages and restarted; duplicates and losses are counted by Message-ID at the sink.
 *
 *   npx tsx bench/outreach-dispatch.bench.ts [--engine pglite|postgres|both] [--n 2000] [--lanes 1]
 *                                            [--kill-n 10000] [--cycles 10]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { workspaceSystemActor } from '../src/modules/identity/index.ts';
import { loadOutreachSettings, outboxByIds } from '../src/modules/outreach/delivery.repository.ts';
import { messageOf } from '../src/modules/outreach/dispatch.service.ts';
import { configureDelivery, dispatchDue } from '../src/modules/outreach/index.ts';
import { type OutgoingMessage, smtpTransport } from '../src/modules/outreach/transports.ts';
import { systemClock } from '../src/platform/clock.ts';
import { type Database, openPglite, openPostgres, queryRows, sql } from '../src/platform/db/client.ts';
import { migrateDatabase } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/logger.ts';
import { seedOutbox, startDispatchWorker } from '../test/support/outreach-delivery-fixture.ts';
import { ROOT, runCleanups, startCluster, tempDir } from './support.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const log = (s: string) => process.stdout.write(`${s}\n`);

/** A sink that counts messages by Message-ID and can kill a process after the Nth. */
async function sink() {
  const seen = new Map<string, number>();
  let total = 0;
  let kill: { at: number; pid: number } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 4000) head += c.toString();
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `?${total}`;
        seen.set(id, (seen.get(id) ?? 0) + 1);
        total += 1;
        cb();
        if (kill && total >= kill.at) {
          const pid = kill.pid;
          kill = null;
          setImmediate(() => {
            try {
              process.kill(-pid, 'SIGKILL');
            } catch {}
          });
        }
      });
    },
  });
  // A killed worker resets its connection: expected here.
  server.on('error', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  return {
    url,
    seen,
    total: () => total,
    killAfter: (at: number, pid: number) => {
      kill = { at, pid };
    },
    close: () => new Promise<void>((r) => server.close(r)),
  };
}

/** Self time by function of a V8 CPU profile (top `n`), for `--profile`. */
function topSelf(
  profile: {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
  },
  n = 30,
) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.replace(/^.*node_modules\//, '~/').replace(/^.*\/main\//, '')}:${f.lineNumber + 1}`;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const byLib = new Map<string, number>();
  for (const [k, v] of self) {
    const lib = /~\/(@[^/]+\/[^/]+|[^/]+)/.exec(k)?.[1] ?? (k.includes(' src/') ? 'src' : k.split(' ')[0]!);
    byLib.set(lib, (byLib.get(lib) ?? 0) + v);
  }
  log(`  profile: ${total.toFixed(0)} ms sampled`);
  for (const [k, v] of [...byLib].sort((a, b) => b[1] - a[1]).slice(0, 12))
    log(`    lib ${v.toFixed(0).padStart(6)} ms  ${k}`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n))
    log(`    ${v.toFixed(0).padStart(6)} ms  ${k}`);
}

async function openEngine(
  engine: 'pglite' | 'postgres',
  name: string,
): Promise<{ db: Database; target: string }> {
  if (engine === 'postgres') {
    const cluster = await startCluster();
    const admin = await openPostgres(cluster.url('postgres'), { max: 1 });
    await admin.pool!.query(`create database ${name}`);
    await admin.close();
    const target = cluster.url(name);
    const db = await openPostgres(target, { max: 4 });
    await migrateDatabase(db);
    return { db, target };
  }
  const target = tempDir(`prospector-${name}-`);
  const db = await openPglite(target);
  await migrateDatabase(db);
  return { db, target };
}

/** A CPU profile of one phase (`--profile`): written next to the results, summarised on stdout. */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!process.argv.includes('--profile')) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    const file = path.join(ROOT, 'bench', 'results', `outreach-dispatch-${name}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`  profile of ${name}: ${path.relative(ROOT, file)}`);
    topSelf(profile as never);
    session.disconnect();
  }
}

/** Time spent in PGlite per statement (its first 140 characters), for `--stats` on PGlite. */
function timePglite(db: Database) {
  const times = new Map<string, { calls: number; ms: number }>();
  type Q = (q: string, ...rest: unknown[]) => Promise<unknown>;
  const timed = (query: Q): Q =>
    async function (this: unknown, q, ...rest) {
      const t0 = performance.now();
      try {
        return await query.call(this, q, ...rest);
      } finally {
        // Literals out (statements run with their values written in, `runStatement` on PGlite).
        const key = q
          .replace(/'(?:[^']|'')*'/g, '?')
          .replace(/\s+/g, ' ')
          .slice(0, 140);
        const e = times.get(key) ?? { calls: 0, ms: 0 };
        e.calls += 1;
        e.ms += performance.now() - t0;
        times.set(key, e);
      }
    };
  const pg = db.pglite as unknown as {
    query: Q;
    exec: Q;
    transaction: (fn: (tx: { query: Q }) => Promise<unknown>) => Promise<unknown>;
  };
  pg.query = timed(pg.query.bind(pg));
  pg.exec = timed(pg.exec.bind(pg));
  const transaction = pg.transaction.bind(pg);
  pg.transaction = (fn) =>
    transaction((tx) => {
      tx.query = timed(tx.query.bind(tx));
      return fn(tx);
    });
  return times;
}

/** This process's CPU time (user + system) since `c0`, in ms. */
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
/**
 * CPU time of this process per run: a measure that other work on the machine disturbs less than the rates
 * (on PGlite the database, the dispatcher and the sink all run in this process; on PostgreSQL the server's
 * CPU is not counted).
 */
const cpuOf = { raw: [] as number[], product: [] as number[] };

/** Raw nodemailer: the given messages over `lanes` connections, each lane one message at a time. */
async function rawRun(url: string, lanes: number, messages: readonly OutgoingMessage[]): Promise<number> {
  const raw = smtpTransport(url, lanes);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = lane; i < messages.length; i += lanes) await raw.send(messages[i]!);
    }),
  );
  const ms = performance.now() - t0;
  cpuOf.raw.push(cpuMs(c0));
  await raw.close?.();
  return ms;
}

async function rate(engine: 'pglite' | 'postgres', n: number, lanes: number) {
  const { db, target } = await openEngine(engine, 'dispatch_rate');
  const s = await sink();
  try {
    let t0 = performance.now();
    const { scheduled } = await seedOutbox(db, n);
    const handoffMs = performance.now() - t0; // includes candidates, enrollment and hand-off
    // As the runtime configures it (apps/modules.ts): the `started` commit asynchronous on PostgreSQL, the
    // attempt journal beside the database on PGlite.
    configureDelivery({
      smtpUrl: s.url,
      lanes,
      leaseMs: 120_000,
      asyncStartedCommit: engine === 'postgres',
      attemptJournal: engine === 'pglite' ? `${target}.attempts` : undefined,
    });
    const base = {
      db: db.db,
      clock: systemClock,
      log: createLogger('silent'),
      queue: { enqueue: async () => null },
    };
    // The raw side sends the very messages the product will send (content, headers with their signed
    // unsubscribe link), built beforehand; only the Message-ID differs so the sink can tell the runs apart.
    const rows = await queryRows<{ id: string; ws: string }>(
      db.db,
      sql`select id, workspace_id as ws from outreach_outbox order by next_attempt_at, id`,
    );
    const outbox = await outboxByIds(
      db.db,
      rows[0]!.ws,
      rows.map((r) => r.id),
    );
    const settings = await loadOutreachSettings(db.db, outbox[0]!.workspaceId);
    const messages = outbox.map((o, i) => ({
      ...messageOf(o, settings.tokenSecret),
      messageId: `<raw.${i}@bench.example.com>`,
    }));
    const rawBefore = await profiled(`${engine}-raw`, () => rawRun(s.url, lanes, messages));
    const stats = engine === 'postgres' && process.argv.includes('--stats');
    if (stats) {
      await db.db.execute(sql`create extension if not exists pg_stat_statements`);
      await db.db.execute(sql`select pg_stat_statements_reset()`);
    }
    const sqlTimes = engine === 'pglite' && process.argv.includes('--stats') ? timePglite(db) : null;
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await profiled(`${engine}-product`, () =>
      dispatchDue(base, workspaceSystemActor, { batch: 100 }),
    );
    const productMs = performance.now() - t0;
    const productCpu = cpuMs(c0);
    if (stats) {
      const top = await queryRows<{ calls: number; ms: number; mean: number; q: string }>(
        db.db,
        sql`select calls::int, round(total_exec_time::numeric, 1)::float as ms,
                   round(mean_exec_time::numeric, 3)::float as mean,
                   left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 160) as q
            from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
            order by total_exec_time desc limit 25`,
      );
      log(`  pg_stat_statements (product run, ${Math.round(productMs)} ms):`);
      for (const t of top)
        log(`    ${String(t.ms).padStart(8)} ms ${String(t.calls).padStart(6)}x ${t.mean} ms  ${t.q}`);
    }
    if (sqlTimes) {
      log(`  statements (PGlite, product run, ${Math.round(productMs)} ms):`);
      for (const [q, t] of [...sqlTimes.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
        log(`    ${t.ms.toFixed(1).padStart(8)} ms ${String(t.calls).padStart(6)}x  ${q}`);
    }
    const rawAfter = await rawRun(s.url, lanes, messages);
    // Raw is measured before and after the product (the machine is shared): the ratio uses their mean.
    const rawMs = (rawBefore + rawAfter) / 2;
    const f = {
      engine,
      lanes,
      messages: n,
      scheduled,
      sent: r.sent,
      setupAndHandoffMs: Math.round(handoffMs),
      productPerSecond: Math.round((r.sent / productMs) * 1000),
      rawPerSecond: Math.round((n / rawMs) * 1000),
      rawBeforePerSecond: Math.round((n / rawBefore) * 1000),
      rawAfterPerSecond: Math.round((n / rawAfter) * 1000),
      ratio: Number((r.sent / productMs / (n / rawMs)).toFixed(3)),
      // CPU ms per message of this process (raw: mean of before and after).
      productCpuMsPerMessage: Number((productCpu / n).toFixed(3)),
      rawCpuMsPerMessage: Number(((cpuOf.raw.at(-1)! + cpuOf.raw.at(-2)!) / 2 / n).toFixed(3)),
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
    };
    log(
      `  rate ${engine} lanes=${lanes}: product ${f.productPerSecond}/s, raw nodemailer ${f.rawPerSecond}/s (before ${f.rawBeforePerSecond}, after ${f.rawAfterPerSecond}) (${(f.ratio * 100).toFixed(0)}%); ${r.sent} sent; CPU of this process per message: product ${f.productCpuMsPerMessage} ms, raw ${f.rawCpuMsPerMessage} ms; load ${f.loadAverage.join(' ')}`,
    );
    if (r.sent !== n) throw new Error(`the product sent ${r.sent} of ${n}`);
    const received = [...s.seen.keys()].filter((k) => !k.startsWith('<raw.')).length;
    if (received !== n) throw new Error(`the sink received ${received} product messages of ${n}`);
    return f;
  } finally {
    await s.close();
    await db.close();
  }
}

const worker = (target: string, url: string) => startDispatchWorker(target, url, 300);

async function killCycles(engine: 'pglite' | 'postgres', n: number, cycles: number) {
  const { db, target } = await openEngine(engine, 'dispatch_kill');
  const t0 = performance.now();
  await seedOutbox(db, n);
  log(`  kill ${engine}: ${n} messages in the outbox in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const ids = new Set(
    (await queryRows<{ m: string }>(db.db, sql`select message_id as m from outreach_outbox`)).map((r) => r.m),
  );
  if (engine === 'pglite') await db.close(); // the child opens the directory
  const s = await sink();
  let kills = 0;
  try {
    for (let c = 1; c <= cycles; c++) {
      const w = worker(target, s.url);
      s.killAfter(Math.round((n * c) / (cycles + 1)), w.child.pid!);
      const code = await w.exited;
      if (code === -9) kills += 1;
      else log(`  cycle ${c}: worker exited ${code} before the kill: ${w.output().slice(-300)}`);
    }
    const last = worker(target, s.url);
    const code = await last.exited;
    if (code !== 0) throw new Error(`final worker exited ${code}: ${last.output()}`);
  } finally {
    await s.close();
  }
  const check = engine === 'pglite' ? await openPglite(target) : db;
  const [unknown] = await queryRows<{ n: number }>(
    check.db,
    sql`select count(*)::int as n from outreach_send_log where outcome = 'unknown'`,
  );
  // Each message recorded once: one timeline entry and one attempt per outbox row.
  const [recorded] = await queryRows<{ timeline: number; attempts: number }>(
    check.db,
    sql`select (select count(*)::int from candidate_activities where kind = 'outreach.sent') as timeline,
               (select count(*)::int from outreach_send_log) as attempts`,
  );
  const statuses = await queryRows<{ status: string; n: number }>(
    check.db,
    sql`select status, count(*)::int as n from outreach_outbox group by status`,
  );
  await check.close();
  const duplicates = [...s.seen.values()].filter((v) => v > 1).length;
  const losses = [...ids].filter((id) => !s.seen.has(id)).length;
  const f = {
    engine,
    messages: n,
    kills,
    received: s.total(),
    distinct: s.seen.size,
    duplicates,
    losses,
    recordedSentUnknown: unknown!.n,
    timelineEntries: recorded!.timeline,
    attempts: recorded!.attempts,
    outbox: Object.fromEntries(statuses.map((r) => [r.status, r.n])),
  };
  log(
    `  kill ${engine}: ${kills} kills, ${f.received} received, ${f.distinct} distinct, ${duplicates} duplicates, ${losses} lost, ${f.recordedSentUnknown} recorded sent-unknown, ${f.timelineEntries} timeline entries, ${f.attempts} attempts, outbox ${JSON.stringify(f.outbox)}`,
  );
  return f;
}

async function main() {
  const engines =
    arg('engine', 'both') === 'both'
      ? (['pglite', 'postgres'] as const)
      : [arg('engine', 'pglite') as 'pglite' | 'postgres'];
  const n = Number(arg('n', '2000'));
  const lanes = Number(arg('lanes', '1'));
  const killN = Number(arg('kill-n', '10000'));
  const cycles = Number(arg('cycles', '10'));
  const results: unknown[] = [];
  for (const engine of engines) {
    log(`engine ${engine}`);
    if (n > 0) results.push(await rate(engine, n, lanes));
    if (killN > 0) results.push(await killCycles(engine, killN, cycles));
  }
  const out = path.join(ROOT, 'bench', 'results', `outreach-dispatch-${Date.now()}.json`);
  try {
    writeFileSync(out, JSON.stringify(results, null, 2));
    log(`results in ${out}`);
  } catch {
    log(JSON.stringify(results));
  }
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(runCleanups);
