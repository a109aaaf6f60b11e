import {
  type DrizzleTransactionLike,
  fromDrizzle,
  fromPglite,
  type Job,
  PgBoss,
  type ConstructorOptions as PgBossOptions,
} from 'pg-boss';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, sql } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { EnqueueOptions, Queue, TaskCtx, TaskDef } from './task.ts';

/**
 * The background-task runtime: pg-boss 12 on the product's own database.
 *
 * Choices (see also the options below):
 * - Embedded mode runs pg-boss on the same PGlite session (`fromPglite` over the worker-thread handle's
 *   `queueClient` view, `backend: 'pglite'`); server mode
 *   gives pg-boss its own small node-postgres pool on `database.url`. Either way the job tables live in the
 *   `pgboss` schema, which pg-boss creates and migrates itself on `start()` (not drizzle migrations).
 * - Enqueueing goes through `fromDrizzle(executor, sql)`, so a job sent inside a transaction commits or rolls
 *   back with it. Every queue is `notify: true` and the instance listens (LISTEN/NOTIFY; PGlite delivers it
 *   from its worker thread to this one), so workers wake on commit and polling is only a slow backstop:
 *   cheap on PGlite, where every query waits for the single session.
 * - Idempotency key: a task with `key` gets a queue of policy `short`, whose unique index is
 *   (name, singletonKey) WHERE state = 'created'. So while a job with key K is waiting (including deferred
 *   with `startAfter`), enqueueing K again is a no-op returning null; once it is active, retrying or done, a
 *   new K is accepted (the change that triggered it may postdate the run in progress). `standard` queues
 *   ignore a bare singletonKey (it only counts with singletonSeconds), and `short` without a key would let
 *   just one keyless job wait per queue, so tasks without `key` get `standard` queues.
 *   `stately` (one waiting AND one active per key) was not chosen: it serialises runs per key, which
 *   handlers do not need (they are idempotent) and which holds back a new job behind a long run.
 * - Several processes on one PostgreSQL never run a job twice: pg-boss claims with
 *   `FOR UPDATE SKIP LOCKED` and fences completion on the claimed attempt (see runtime.pg.int.test.ts).
 * - A payload is validated with the task's zod schema when enqueued (a caller's mistake throws in the
 *   caller's transaction) and again before the handler runs (a job written by another version of the
 *   code). A payload that does not parse fails that attempt like a thrown error, so a rolling deploy where
 *   an old worker meets a new payload still gets retried by a new worker.
 */

/** A task of any payload type: handlers are contravariant in the payload, so no narrower type accepts them all. */
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous task list (see above); each task parses its own payload.
export type AnyTask = TaskDef<any>;

export interface TaskRuntimeOptions {
  database: Database;
  log: Logger;
  clock: Clock;
  tasks: AnyTask[];
  systemActor(workspaceId: string): Actor;
  /** Jobs of one task run at the same time in this process (pg-boss localConcurrency, per task). */
  concurrency: number;
  /** Seconds between fetches when LISTEN/NOTIFY is unavailable. Default 2 (pg-boss's own default). */
  pollingIntervalSeconds?: number;
  /** Seconds between backstop fetches while LISTEN/NOTIFY works. Default 300 on PGlite, 15 on PostgreSQL. */
  notifyPollingIntervalSeconds?: number;
  /** pg-boss schema. Default `pgboss`; tests may isolate with another one. */
  schema?: string;
  /** Server mode: size of pg-boss's own pool (plus one LISTEN connection). Default 4. */
  poolMax?: number;
  /** Run pg-boss's cron scheduler in this process (for `boss.schedule`). Default false. */
  schedule?: boolean;
  /** A name for this process in pg-boss's instance registry, such as `worker` or `serve`. */
  instanceName?: string;
}

export interface DrainOptions {
  /** Stop (and throw) after this many runs, so a task that re-enqueues itself cannot loop forever. Default 10000. */
  maxRuns?: number;
}

export interface StopOptions {
  /** Wait for in-flight handlers (default true). */
  graceful: boolean;
  /** How long to wait for them (default 30000, at least 1000: pg-boss's floor). */
  timeoutMs?: number;
}

export interface TaskRuntime {
  queue: Queue;
  /** The underlying pg-boss instance, for platform code that needs more (cron schedules, queue stats). */
  boss: PgBoss;
  /** Install or migrate the pg-boss schema and create every task's queue with its policy; starts no worker. */
  start(): Promise<void>;
  /** Start polling workers for every task (`concurrency` each). */
  work(): Promise<void>;
  /**
   * Tests: run, in this process, every job that is due now (following up on jobs the handlers enqueue),
   * until none is left. Jobs deferred to later, or whose retry delay has not passed, are left. Returns the
   * number of runs, failed attempts included.
   */
  drain(opts?: DrainOptions): Promise<number>;
  /**
   * Stop fetching, wait up to `timeoutMs` for in-flight handlers, then stop pg-boss (closing its own pool in
   * server mode; the database itself is the caller's). A handler still running at the deadline has its job
   * returned to the queue (state `retry`; the interrupted attempt counts, but is never the one that makes a
   * job fail for good) and its `job.signal` aborted; its late completion is ignored.
   */
  stop(opts?: StopOptions): Promise<void>;
}

const DEFAULT_RETRY = { limit: 2, delaySeconds: 5, backoff: true } as const;
const DEFAULT_EXPIRE_SECONDS = 15 * 60;

interface QueueSettings {
  policy: 'short' | 'standard';
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  notify: true;
}

export function queueSettings(task: AnyTask): QueueSettings {
  const retry = task.retry ?? DEFAULT_RETRY;
  return {
    policy: task.key ? 'short' : 'standard',
    retryLimit: retry.limit,
    retryDelay: retry.delaySeconds,
    retryBackoff: retry.backoff,
    expireInSeconds: task.expireSeconds ?? DEFAULT_EXPIRE_SECONDS,
    notify: true,
  };
}

/**
 * `Executor.execute` is typed as resolving to the driver's result (unknown at this level); both drivers
 * resolve to an object with `rows`, which is all fromDrizzle reads.
 */
function asDrizzleTx(db: Executor): DrizzleTransactionLike {
  return {
    execute: (query) =>
      db.execute(query as Parameters<Executor['execute']>[0]) as Promise<{ rows: unknown[] }>,
  };
}

type RunOutcome = { ok: true } | { ok: false; error: Error };

export async function createTaskRuntime(opts: TaskRuntimeOptions): Promise<TaskRuntime> {
  const { database, log, clock } = opts;
  const qlog = log.child({ component: 'queue' });
  const tasks = new Map<string, AnyTask>();
  for (const task of opts.tasks) {
    if (tasks.has(task.name)) throw new Error(`task ${task.name} is defined twice`);
    tasks.set(task.name, task);
  }
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) {
    throw new Error(`task concurrency must be a positive integer, got ${opts.concurrency}`);
  }

  const embedded = database.engine === 'pglite';
  const common: PgBossOptions = {
    schema: opts.schema ?? 'pgboss',
    useListenNotify: true,
    schedule: opts.schedule ?? false,
    ...(opts.instanceName ? { instanceName: opts.instanceName } : {}),
    // On PGlite every background query holds every request's query for its duration (one session, in its
    // worker thread), so pg-boss's housekeeping runs less often there: schedules are checked every 30 s instead of 5
    // (a cron run starts up to 30 s late), supervision and queue statistics every 5 minutes instead of 1.
    ...(embedded
      ? {
          cronWorkerIntervalSeconds: 30,
          superviseIntervalSeconds: 300,
          monitorIntervalSeconds: 300,
          queueCacheIntervalSeconds: 300,
        }
      : {}),
  };
  let bossOptions: PgBossOptions;
  if (embedded) {
    if (!database.queueClient) throw new Error('embedded database without a PGlite instance');
    bossOptions = { ...common, db: fromPglite(database.queueClient), backend: 'pglite' };
  } else {
    if (!database.url) throw new Error('server-mode database without a connection string');
    bossOptions = {
      ...common,
      connectionString: database.url,
      max: opts.poolMax ?? 4,
      application_name: opts.instanceName ? `prospector-${opts.instanceName}-queue` : 'prospector-queue',
    };
  }
  const boss = new PgBoss(bossOptions);
  boss.on('error', (err) => qlog.error({ err }, 'pg-boss error'));
  boss.on('warning', (w) => qlog.warn({ data: w.data }, `pg-boss warning: ${w.message}`));

  const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 2;
  // PGlite delivers NOTIFY within the process and every job is sent by this process, so the backstop poll is rare.
  const notifyPollingIntervalSeconds = opts.notifyPollingIntervalSeconds ?? (embedded ? 300 : 15);

  let started = false;
  let stopping = false;
  let stopped = false;
  /** Handlers running now, by job id: what a graceful stop waits for and gives back on timeout. */
  const inFlight = new Map<string, string>();

  const queue: Queue = {
    async enqueue<P>(db: Executor, task: TaskDef<P>, payload: P, enqueueOpts?: EnqueueOptions) {
      if (!tasks.has(task.name)) {
        // Not only a clear message: pg-boss would look an unknown queue up on its own connection, which on
        // PGlite waits for the caller's open transaction and deadlocks.
        throw new Error(`task ${task.name} is not registered with the task runtime`);
      }
      if (!started || stopped) throw new Error(`task runtime is not running: cannot enqueue ${task.name}`);
      const parsed = task.payload.safeParse(payload);
      if (!parsed.success) {
        throw new Error(`invalid payload for task ${task.name}: ${parsed.error.message}`, {
          cause: parsed.error,
        });
      }
      return boss.send(task.name, payload as object, {
        db: fromDrizzle(asDrizzleTx(db), sql),
        ...(task.key ? { singletonKey: task.key(payload) } : {}),
        ...(enqueueOpts?.startAfter ? { startAfter: enqueueOpts.startAfter } : {}),
      });
    },
  };

  async function runJob(task: AnyTask, job: Job<unknown>): Promise<RunOutcome> {
    const jlog = log.child({ task: task.name, jobId: job.id, attempt: job.retryCount });
    const parsed = task.payload.safeParse(job.data);
    if (!parsed.success) {
      jlog.error({ issues: parsed.error.issues }, 'task payload does not match its schema');
      return { ok: false, error: new Error(`invalid payload: ${parsed.error.message}`) };
    }
    const ctx: TaskCtx = {
      db: database.db,
      clock,
      log: jlog,
      queue,
      jobId: job.id,
      systemActor: opts.systemActor,
    };
    inFlight.set(job.id, task.name);
    const t0 = performance.now();
    try {
      await task.handler(ctx, parsed.data);
      jlog.debug({ ms: Math.round(performance.now() - t0) }, 'task done');
      return { ok: true };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      jlog.error({ err: error, ms: Math.round(performance.now() - t0) }, 'task failed');
      return { ok: false, error };
    } finally {
      inFlight.delete(job.id);
    }
  }

  async function start(): Promise<void> {
    if (started) return;
    if (stopped) throw new Error('task runtime was stopped; create a new one');
    const t0 = performance.now();
    await boss.start();
    for (const task of tasks.values()) {
      const { policy, ...settings } = queueSettings(task);
      await boss.createQueue(task.name, { policy, ...settings });
      const existing = await boss.getQueue(task.name);
      if (existing && existing.policy !== policy) {
        // pg-boss cannot change a queue's policy. A task that gained (or lost) a key keeps its old queue
        // semantics until the queue is recreated: say so loudly rather than fail the start.
        qlog.warn(
          { task: task.name, expected: policy, actual: existing.policy },
          'queue policy differs from the task definition (key dedup needs policy short); recreate the queue',
        );
      }
      // createQueue leaves an existing queue alone: bring its retry/expiry settings up to the definition.
      await boss.updateQueue(task.name, settings);
      // Schedules live in the database (one row per task, upserted), so any number of processes may
      // declare them; pg-boss sends each due run once, from whichever process has `schedule` on.
      if (task.cron) {
        await boss.schedule(task.name, task.cron.expression, task.cron.payload as object, {
          tz: task.cron.tz ?? 'UTC',
        });
      } else {
        await boss.unschedule(task.name);
      }
    }
    started = true;
    qlog.info(
      { engine: database.engine, tasks: tasks.size, ms: Math.round(performance.now() - t0) },
      'task queues ready',
    );
  }

  async function work(): Promise<void> {
    if (!started) throw new Error('call start() before work()');
    for (const task of tasks.values()) {
      // One pg-boss worker per slot, each fetching one job at a time, so that a worker can wake itself.
      for (let slot = 0; slot < opts.concurrency; slot++) {
        let workerId: string | undefined;
        workerId = await boss.work<unknown>(
          task.name,
          { batchSize: 1, pollingIntervalSeconds, notifyPollingIntervalSeconds },
          async ([job]) => {
            if (!job) return;
            // pg-boss waits out the polling interval after every fetch unless notified (its burst modes
            // need batchSize > 1 or stale cached counts), so a backlog would drain one job per interval.
            // A worker that got a job fetches again at once; only an empty fetch makes it wait for
            // NOTIFY or the backstop poll.
            if (workerId) boss.notifyWorker(workerId);
            const outcome = await runJob(task, job);
            // Thrown, pg-boss fails the attempt: retried per the queue's policy, then failed for good.
            if (!outcome.ok) throw outcome.error;
          },
        );
      }
    }
    qlog.info({ tasks: tasks.size, concurrency: opts.concurrency }, 'task workers polling');
  }

  async function drain(drainOpts: DrainOptions = {}): Promise<number> {
    if (!started || stopping) throw new Error('task runtime is not running');
    const maxRuns = drainOpts.maxRuns ?? 10_000;
    let runs = 0;
    for (;;) {
      let progressed = false;
      for (const task of tasks.values()) {
        const jobs = await boss.fetch<unknown>(task.name, { batchSize: 20 });
        for (const job of jobs) {
          progressed = true;
          if (++runs > maxRuns)
            throw new Error(`drain: more than ${maxRuns} runs; a task may enqueue itself`);
          const outcome = await runJob(task, job);
          const attempt = { id: job.id, retryCount: job.retryCount };
          if (outcome.ok) await boss.complete(task.name, attempt);
          else await boss.fail(task.name, attempt, { message: outcome.error.message });
        }
      }
      if (!progressed) return runs;
    }
  }

  let stopPromise: Promise<void> | undefined;
  function stop(stopOpts: StopOptions = { graceful: true }): Promise<void> {
    stopPromise ??= doStop(stopOpts);
    return stopPromise;
  }

  async function doStop(stopOpts: StopOptions): Promise<void> {
    stopping = true;
    const timeout = Math.max(1000, stopOpts.timeoutMs ?? 30_000);
    const t0 = performance.now();
    if (!started) {
      // Never started: pg-boss holds no connection and runs no timer yet.
      stopped = true;
      return;
    }
    // pg-boss: stop fetching, wait for handlers up to the timeout, then fail what is still active and abort
    // its signal. The pool stays open so those jobs can be given back below.
    await boss.stop({ graceful: stopOpts.graceful, timeout, close: false });
    const abandoned = new Map<string, string[]>();
    let interrupted = 0;
    for (const [jobId, name] of inFlight) {
      abandoned.set(name, [...(abandoned.get(name) ?? []), jobId]);
      interrupted++;
    }
    for (const [name, ids] of abandoned) {
      // A job with retries left is already back in `retry`; one whose last attempt was cut off was failed:
      // retry() returns it to the queue with that attempt given back.
      try {
        await boss.retry(name, ids);
      } catch (err) {
        qlog.error({ err, task: name, jobIds: ids }, 'could not return interrupted jobs to the queue');
      }
      qlog.warn(
        { task: name, jobIds: ids },
        'handlers still running at shutdown; their jobs were returned to the queue',
      );
    }
    await boss.stop({ close: true });
    stopped = true;
    qlog.info({ ms: Math.round(performance.now() - t0), interrupted }, 'task runtime stopped');
  }

  return { queue, boss, start, work, drain, stop };
}
