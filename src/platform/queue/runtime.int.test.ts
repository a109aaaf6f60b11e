import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemActor } from '../auth/actor.ts';
import { systemClock } from '../clock.ts';
import { type Database, openPglite, queryRows, sql } from '../db/client.ts';
import { createTaskRuntime, type TaskRuntime } from './runtime.ts';
import { defineTask } from './task.ts';

// One PGlite per file (pg-boss schema install is the slow part); every test uses its own tasks' queues.
let database: Database;
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }, process.stderr);
const runtimes: TaskRuntime[] = [];

beforeAll(async () => {
  database = await openPglite(undefined);
  await database.db.execute(sql`create table queue_test_effects (id serial primary key, task text, n int)`);
}, 60_000);

afterAll(async () => {
  for (const r of runtimes) await r.stop({ graceful: false });
  await database?.close();
});

beforeEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop({ graceful: false });
  await database.db.execute(sql`truncate queue_test_effects`);
});

async function runtimeFor(tasks: Parameters<typeof createTaskRuntime>[0]['tasks'], concurrency = 1) {
  const runtime = await createTaskRuntime({
    database,
    log,
    clock: systemClock,
    tasks,
    systemActor: (ws) => systemActor(ws, []),
    concurrency,
  });
  runtimes.push(runtime);
  await runtime.start();
  return runtime;
}

async function effects(task: string): Promise<number[]> {
  const rows = await queryRows<{ n: number }>(
    database.db,
    sql`select n from queue_test_effects where task = ${task} order by id`,
  );
  return rows.map((r) => r.n);
}

function recordTask(name: string, extra: Partial<Parameters<typeof defineTask<{ n: number }>>[0]> = {}) {
  return defineTask<{ n: number }>({
    name,
    payload: z.object({ n: z.number().int() }),
    retry: { limit: 0, delaySeconds: 0, backoff: false },
    handler: async (ctx, p) => {
      await ctx.db.execute(sql`insert into queue_test_effects (task, n) values (${name}, ${p.n})`);
    },
    ...extra,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('task runtime on PGlite', () => {
  it('drops a job enqueued in a transaction that rolls back, and runs one that commits', async () => {
    const task = recordTask('qtest.tx');
    const runtime = await runtimeFor([task]);

    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into queue_test_effects (task, n) values ('domain-row', 1)`);
        const id = await runtime.queue.enqueue(tx, task, { n: 1 });
        expect(id).toEqual(expect.any(String));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await runtime.boss.findJobs(task.name)).toHaveLength(0);
    expect(await effects('domain-row')).toEqual([]);
    expect(await runtime.drain()).toBe(0);

    const id = await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into queue_test_effects (task, n) values ('domain-row', 2)`);
      return runtime.queue.enqueue(tx, task, { n: 2 });
    });
    expect(id).toEqual(expect.any(String));
    expect(await runtime.drain()).toBe(1);
    expect(await effects(task.name)).toEqual([2]);
    expect(await effects('domain-row')).toEqual([2]);
    const [job] = await runtime.boss.findJobs(task.name, { id: id! });
    expect(job?.state).toBe('completed');
  });

  it('validates payloads on enqueue and again before the handler runs', async () => {
    const task = recordTask('qtest.payload');
    const runtime = await runtimeFor([task]);
    // A caller's mistake throws where it is made.
    await expect(
      runtime.queue.enqueue(database.db, task, { n: 'x' } as unknown as { n: number }),
    ).rejects.toThrow(/invalid payload for task qtest.payload/);
    expect(await runtime.boss.findJobs(task.name)).toHaveLength(0);

    // A job written by other code (an older or newer version) is checked before the handler runs: it fails.
    const id = await runtime.boss.send(task.name, { n: 'not a number' });
    expect(await runtime.drain()).toBe(1);
    expect(await effects(task.name)).toEqual([]);
    const [job] = await runtime.boss.findJobs(task.name, { id: id! });
    expect(job?.state).toBe('failed');
    expect(JSON.stringify(job?.output)).toContain('invalid payload');
  });

  it('retries a failing handler per the task retry policy, then succeeds', async () => {
    let calls = 0;
    const task = defineTask<{ n: number }>({
      name: 'qtest.retry',
      payload: z.object({ n: z.number() }),
      retry: { limit: 3, delaySeconds: 0, backoff: false },
      expireSeconds: 42,
      handler: async (ctx, p) => {
        calls++;
        if (calls < 3) throw new Error(`transient ${calls}`);
        await ctx.db.execute(sql`insert into queue_test_effects (task, n) values ('qtest.retry', ${p.n})`);
      },
    });
    const runtime = await runtimeFor([task]);
    const q = await runtime.boss.getQueue(task.name);
    expect(q).toMatchObject({
      policy: 'standard',
      retryLimit: 3,
      retryDelay: 0,
      retryBackoff: false,
      expireInSeconds: 42,
    });

    const id = await runtime.queue.enqueue(database.db, task, { n: 7 });
    expect(await runtime.drain()).toBe(3);
    expect(calls).toBe(3);
    expect(await effects(task.name)).toEqual([7]);
    const [job] = await runtime.boss.findJobs(task.name, { id: id! });
    expect(job).toMatchObject({ state: 'completed', retryCount: 2, expireInSeconds: 42 });
  });

  it('gives up after the retry limit, and leaves a delayed retry for later', async () => {
    let calls = 0;
    const task = defineTask<{ n: number }>({
      name: 'qtest.giveup',
      payload: z.object({ n: z.number() }),
      retry: { limit: 1, delaySeconds: 0, backoff: false },
      handler: async () => {
        calls++;
        throw new Error('always');
      },
    });
    const delayed = defineTask<{ n: number }>({
      name: 'qtest.delayed',
      payload: z.object({ n: z.number() }),
      retry: { limit: 1, delaySeconds: 3600, backoff: false },
      handler: async () => {
        calls++;
        throw new Error('always');
      },
    });
    const runtime = await runtimeFor([task, delayed]);
    const id = await runtime.queue.enqueue(database.db, task, { n: 1 });
    const id2 = await runtime.queue.enqueue(database.db, delayed, { n: 1 });
    expect(await runtime.drain()).toBe(3);
    expect(calls).toBe(3); // giveup: 2 attempts; delayed: 1, its retry is an hour away
    expect((await runtime.boss.findJobs(task.name, { id: id! }))[0]?.state).toBe('failed');
    expect((await runtime.boss.findJobs(delayed.name, { id: id2! }))[0]?.state).toBe('retry');
  });

  it('does not queue the same key twice while a job with it waits', async () => {
    const task = recordTask('qtest.keyed', { key: (p) => `k${p.n % 10}` });
    const runtime = await runtimeFor([task]);
    expect((await runtime.boss.getQueue(task.name))?.policy).toBe('short');

    const first = await runtime.queue.enqueue(database.db, task, { n: 1 });
    expect(first).toEqual(expect.any(String));
    // Same key: refused (null), also inside a transaction, which stays usable.
    await database.db.transaction(async (tx) => {
      expect(await runtime.queue.enqueue(tx, task, { n: 11 })).toBeNull();
      await tx.execute(sql`insert into queue_test_effects (task, n) values ('in-tx', 1)`);
    });
    expect(await effects('in-tx')).toEqual([1]);
    // Another key: accepted; deferred jobs hold their key too.
    expect(
      await runtime.queue.enqueue(
        database.db,
        task,
        { n: 2 },
        { startAfter: new Date(Date.now() + 3_600_000) },
      ),
    ).toEqual(expect.any(String));
    expect(await runtime.queue.enqueue(database.db, task, { n: 12 })).toBeNull();

    expect(await runtime.drain()).toBe(1); // the deferred k2 is not due
    expect(await effects(task.name)).toEqual([1]);
    // Once the waiting job has run, the key is free again.
    expect(await runtime.queue.enqueue(database.db, task, { n: 21 })).toEqual(expect.any(String));
    expect(await runtime.drain()).toBe(1);
    expect(await effects(task.name)).toEqual([1, 21]);
  });

  it('gives handlers a TaskCtx: child logger, job id, clock, queue for follow-ups, system actor', async () => {
    const seen: Record<string, unknown> = {};
    const follow = recordTask('qtest.follow');
    const task = defineTask<{ ws: string }>({
      name: 'qtest.ctx',
      payload: z.object({ ws: z.string() }),
      handler: async (ctx, p) => {
        seen.jobId = ctx.jobId;
        seen.bindings = ctx.log.bindings();
        seen.actor = ctx.systemActor(p.ws).kind;
        seen.now = ctx.clock.now() instanceof Date;
        await ctx.queue.enqueue(ctx.db, follow, { n: 5 });
      },
    });
    const runtime = await runtimeFor([task, follow]);
    const id = await runtime.queue.enqueue(database.db, task, { ws: 'w1' });
    expect(await runtime.drain()).toBe(2);
    expect(seen).toEqual({
      jobId: id,
      bindings: expect.objectContaining({ task: 'qtest.ctx', jobId: id }),
      actor: 'system',
      now: true,
    });
    expect(await effects(follow.name)).toEqual([5]);
  });

  it('refuses to enqueue a task it does not know', async () => {
    const runtime = await runtimeFor([recordTask('qtest.known')]);
    await expect(runtime.queue.enqueue(database.db, recordTask('qtest.unknown'), { n: 1 })).rejects.toThrow(
      /not registered/,
    );
  });

  it('workers pick up committed jobs without waiting for a poll', async () => {
    const task = recordTask('qtest.worker');
    const runtime = await runtimeFor([task], 2);
    await runtime.work();
    const t0 = Date.now();
    for (let n = 0; n < 20; n++) await runtime.queue.enqueue(database.db, task, { n });
    await waitFor(async () => (await effects(task.name)).length === 20);
    const ms = Date.now() - t0;
    // LISTEN/NOTIFY wakes the workers: far below the 30 s backstop poll.
    expect(ms).toBeLessThan(5_000);
    expect((await effects(task.name)).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it('a worker drains a backlog without waiting out the poll interval between jobs', async () => {
    const task = recordTask('qtest.backlog');
    const runtime = await runtimeFor([task], 1);
    for (let n = 0; n < 50; n++) await runtime.queue.enqueue(database.db, task, { n });
    const t0 = Date.now();
    await runtime.work();
    await waitFor(async () => (await effects(task.name)).length === 50);
    // One job per 30 s backstop poll would take 25 minutes; back to back it is well under a second.
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('graceful stop waits for an in-flight handler to finish', async () => {
    let started = false;
    let finished = false;
    const task = defineTask<{ n: number }>({
      name: 'qtest.slow',
      payload: z.object({ n: z.number() }),
      handler: async (ctx, p) => {
        started = true;
        await sleep(800);
        await ctx.db.execute(sql`insert into queue_test_effects (task, n) values ('qtest.slow', ${p.n})`);
        finished = true;
      },
    });
    const runtime = await runtimeFor([task]);
    await runtime.work();
    const id = await runtime.queue.enqueue(database.db, task, { n: 1 });
    await waitFor(() => started);
    await runtime.stop({ graceful: true, timeoutMs: 10_000 });
    expect(finished).toBe(true);
    expect(await effects(task.name)).toEqual([1]);
    const [job] = await queryRows<{ state: string }>(
      database.db,
      sql`select state::text from pgboss.job where id = ${id}::uuid`,
    );
    expect(job?.state).toBe('completed');
  });

  it('graceful stop that times out returns the interrupted job to the queue', async () => {
    let started = false;
    let release: () => void = () => {};
    const task = defineTask<{ n: number }>({
      name: 'qtest.stuck',
      payload: z.object({ n: z.number() }),
      retry: { limit: 0, delaySeconds: 0, backoff: false },
      handler: async () => {
        started = true;
        await new Promise<void>((r) => {
          release = r;
        });
      },
    });
    const runtime = await runtimeFor([task]);
    await runtime.work();
    const id = await runtime.queue.enqueue(database.db, task, { n: 1 });
    await waitFor(() => started);
    const t0 = Date.now();
    await runtime.stop({ graceful: true, timeoutMs: 1000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    release();
    // Even with no retries left, the job is waiting again for the next worker.
    const [job] = await queryRows<{ state: string }>(
      database.db,
      sql`select state::text from pgboss.job where id = ${id}::uuid`,
    );
    expect(job?.state).toBe('retry');

    const again = await runtimeFor([task]);
    let reran = false;
    task.handler = async () => {
      reran = true;
    };
    expect(await again.drain()).toBe(1);
    expect(reran).toBe(true);
  });
});
