import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../auth/actor.ts';
import { systemClock } from '../clock.ts';
import { type Database, openPostgres, queryRows, sql } from '../db/client.ts';
import { fixtureTask } from './fixtures/fixture-task.ts';
import { createTaskRuntime, type TaskRuntime } from './runtime.ts';

const baseUrl = process.env.TEST_DATABASE_URL;
const here = path.dirname(fileURLToPath(import.meta.url));
const fixturePath = path.join(here, 'fixtures', 'worker-fixture.ts');
const repoRoot = path.resolve(here, '../../..');

/** A worker process and what it printed. */
interface Fixture {
  child: ChildProcess;
  ready: Promise<void>;
  runs: Promise<number>;
  stderr: string[];
}

function spawnWorker(url: string): Fixture {
  const child = spawn(process.execPath, ['--import', 'tsx', fixturePath], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url, CONCURRENCY: '4' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  let out = '';
  let onReady: () => void = () => {};
  let onRuns: (n: number) => void = () => {};
  const ready = new Promise<void>((r) => {
    onReady = r;
  });
  const runs = new Promise<number>((resolve, reject) => {
    onRuns = resolve;
    child.on('exit', (code) =>
      reject(new Error(`worker exited (${code}) before reporting: ${stderr.join('')}`)),
    );
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) onReady();
    const m = /runs (\d+)\n/.exec(out);
    if (m) onRuns(Number(m[1]));
  });
  return { child, ready, runs, stderr };
}

describe.skipIf(!baseUrl)('task runtime on PostgreSQL', () => {
  const dbName = `queue_test_${randomBytes(4).toString('hex')}`;
  let url = '';
  let database: Database;
  let runtime: TaskRuntime;
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }, process.stderr);

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(baseUrl!);
    u.pathname = `/${dbName}`;
    url = u.toString();
    database = await openPostgres(url, { max: 4 });
    await database.db.execute(
      sql`create table queue_fixture_runs (job_id uuid not null unique, n int not null, pid int not null)`,
    );
    // This process only enqueues: start() installs pg-boss and creates the queue, no workers.
    runtime = await createTaskRuntime({
      database,
      log,
      clock: systemClock,
      tasks: [fixtureTask],
      systemActor: (ws) => systemActor(ws, []),
      concurrency: 1,
    });
    await runtime.start();
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop({ graceful: false });
    await database?.close();
    if (!baseUrl) return;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  it('enqueues inside the caller transaction (fromDrizzle on node-postgres)', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await runtime.queue.enqueue(tx, fixtureTask, { n: -1 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await runtime.boss.findJobs(fixtureTask.name)).toHaveLength(0);
  });

  it('two worker processes run each of 200 jobs exactly once', async () => {
    const workers = [spawnWorker(url), spawnWorker(url)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const t0 = Date.now();
      // In transactions of 20, as a service enqueueing follow-ups would.
      for (let batch = 0; batch < 10; batch++) {
        await database.db.transaction(async (tx) => {
          for (let i = 0; i < 20; i++) await runtime.queue.enqueue(tx, fixtureTask, { n: batch * 20 + i });
        });
      }
      const count = async () =>
        (
          await queryRows<{ c: number }>(database.db, sql`select count(*)::int as c from queue_fixture_runs`)
        )[0]!.c;
      const until = Date.now() + 30_000;
      while ((await count()) < 200 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const elapsedMs = Date.now() - t0;

      for (const w of workers) w.child.stdin?.end();
      const runs = await Promise.all(workers.map((w) => w.runs));

      const perPid = await queryRows<{ pid: number; c: number; distinct_n: number }>(
        database.db,
        sql`select pid, count(*)::int as c, count(distinct n)::int as distinct_n from queue_fixture_runs group by pid`,
      );
      const jobs = await queryRows<{ state: string; retried: number; c: number }>(
        database.db,
        sql`select state::text, (retry_count > 0)::int as retried, count(*)::int as c
            from pgboss.job where name = ${fixtureTask.name} group by 1, 2`,
      );
      log.info({ elapsedMs, runs, perPid, jobs }, '200 jobs on two workers');

      expect(await count()).toBe(200);
      // Every handler call of both processes inserted a row: no job ran twice, not even one that failed.
      expect(runs[0]! + runs[1]!).toBe(200);
      expect(perPid).toHaveLength(2);
      expect(perPid.every((p) => p.c > 0)).toBe(true);
      const distinct = await queryRows<{ c: number }>(
        database.db,
        sql`select count(distinct n)::int as c from queue_fixture_runs`,
      );
      expect(distinct[0]!.c).toBe(200);
      expect(jobs).toEqual([{ state: 'completed', retried: 0, c: 200 }]);
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    }
  }, 90_000);
});
