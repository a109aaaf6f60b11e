import type { Actor } from './auth/actor.ts';
import type { Clock } from './clock.ts';
import type { Executor } from './db/client.ts';
import type { Logger } from './logger.ts';
import type { EnqueueOptions, Queue, TaskDef } from './queue/task.ts';

/** What every service call receives: the database (or open transaction), who acts, time, logs and the queue. */
export interface Ctx {
  db: Executor;
  actor: Actor;
  clock: Clock;
  log: Logger;
  queue: Queue;
}

/**
 * Run `fn` in one transaction: the rows it writes, the audit entries it appends and the tasks it enqueues
 * (through `enqueue(ctx, ...)`) commit together or not at all. Nested calls become savepoints.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx }));
}

/** Enqueue a task on the caller's executor, so that inside `inTransaction` it commits with the change. */
export function enqueue<P>(
  ctx: Ctx,
  task: TaskDef<P>,
  payload: P,
  opts?: EnqueueOptions,
): Promise<string | null> {
  return ctx.queue.enqueue(ctx.db, task, payload, opts);
}
