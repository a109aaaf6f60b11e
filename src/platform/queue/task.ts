import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import type { Executor } from '../db/client.ts';
import type { Logger } from '../logger.ts';

/**
 * A background task: a stable name, a zod payload, a retry policy, an optional idempotency key and a
 * handler that is safe to run twice. One file per task in the module that owns it (`*.tasks.ts`).
 */
export interface TaskDef<P = unknown> {
  /** Stable queue name, `module.verb` (e.g. `audit.verify`). Renaming it orphans queued jobs. */
  name: string;
  payload: z.ZodType<P>;
  retry?: { limit: number; delaySeconds: number; backoff: boolean };
  /** Jobs with the same key are not queued twice while one is waiting (pg-boss singletonKey). */
  key?: (payload: P) => string;
  /** Seconds a single run may take before it is considered failed and retried. */
  expireSeconds?: number;
  /** Run on a schedule too: a 5-field cron expression (UTC unless `tz`), with the payload of each run. */
  cron?: { expression: string; payload: P; tz?: string };
  handler: (ctx: TaskCtx, payload: P) => Promise<void>;
}

export interface TaskCtx {
  db: Executor;
  clock: Clock;
  log: Logger;
  queue: Queue;
  jobId: string;
  /** The system actor of a workspace: tasks act on behalf of the workspace, and are audited as such. */
  systemActor(workspaceId: string): Actor;
}

export function defineTask<P>(def: TaskDef<P>): TaskDef<P> {
  if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$/.test(def.name)) throw new Error(`bad task name ${def.name}`);
  return def;
}

export interface EnqueueOptions {
  startAfter?: Date;
}

/** Enqueueing: `db` is the executor of the caller, so a job enqueued inside a transaction commits with it. */
export interface Queue {
  enqueue<P>(db: Executor, task: TaskDef<P>, payload: P, opts?: EnqueueOptions): Promise<string | null>;
}
