import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { enqueue, inTransaction } from '../../platform/context.ts';
import { defineTask, type TaskCtx } from '../../platform/queue/task.ts';
import { recordAudit } from '../audit/index.ts';
import { deleteChunksOf } from './chunks.ts';
import { expiredAwaiting, getRun, stalledRuns, updateRun } from './imports.repository.ts';
import { DEFAULT_AWAITING_MAPPING_HOURS } from './limits.ts';
import { processRunSlice } from './process.service.ts';

/** Slice length: a job processes chunks for about this long, then queues its continuation. */
const SLICE_MS = 60_000;

/**
 * Process an import run from its committed position. Long runs are cut into slices of about a minute (each one
 * job), so a stopping worker gives back little and a killed one is retried when its job expires; any worker
 * process can take the next slice (the file is in the database).
 */
export const processImport = defineTask({
  name: 'imports.process',
  payload: z.object({ workspaceId: z.uuid(), runId: z.uuid() }),
  key: (p) => p.runId,
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  expireSeconds: 10 * 60,
  handler: async (t, p) => {
    const ctx: Ctx = {
      db: t.db,
      clock: t.clock,
      log: t.log,
      queue: t.queue,
      actor: t.systemActor(p.workspaceId),
    };
    const r = await processRunSlice(ctx, p.runId, { budgetMs: SLICE_MS });
    if (r === 'more') await enqueue(ctx, processImport, p);
  },
});

/** A run not updated for this long is considered stalled (a slice updates it at least every chunk). */
const STALL_MS = 20 * 60_000;
const UPLOAD_STALL_MS = 6 * 60 * 60_000;

/**
 * Every 10 minutes: queued or running runs that stopped moving (a worker killed after its job's retries ran out,
 * a lost job) get a new job, and resume from their committed position; uploads that never finished are failed
 * and their pieces deleted. Safe to run twice.
 */
/** A task's context acting as a workspace's system actor. */
const asWorkspace = (t: TaskCtx, workspaceId: string): Ctx => ({
  db: t.db,
  clock: t.clock,
  log: t.log,
  queue: t.queue,
  actor: t.systemActor(workspaceId),
});

export const sweepImports = defineTask({
  name: 'imports.sweep',
  payload: z.object({}),
  key: () => 'imports.sweep',
  cron: { expression: '*/10 * * * *', payload: {} },
  handler: async (t) => {
    const now = t.clock.now();
    const stalled = await stalledRuns(t.db, new Date(now.getTime() - STALL_MS), 500);
    for (const r of stalled) {
      const ctx = asWorkspace(t, r.workspaceId);
      if (r.status === 'uploading') {
        // A large upload over a slow link writes no run update while it streams: give it hours, not minutes.
        if (r.updatedAt.getTime() > now.getTime() - UPLOAD_STALL_MS) continue;
        await inTransaction(ctx, async (tx) => {
          await updateRun(tx.db, r.workspaceId, r.id, {
            status: 'failed',
            error: 'The upload did not complete',
            finishedAt: now,
            updatedAt: now,
          });
          await deleteChunksOf(tx.db, r.workspaceId, r.id);
        });
      } else await enqueue(ctx, processImport, { workspaceId: r.workspaceId, runId: r.id });
    }
    if (stalled.length) t.log.warn({ runs: stalled.length }, 'import runs resumed or failed by the sweeper');
    // Uploads left waiting for their mapping past their expiry: cancelled, their file deleted.
    const expired = await expiredAwaiting(
      t.db,
      now,
      new Date(now.getTime() - DEFAULT_AWAITING_MAPPING_HOURS * 3_600_000),
      500,
    );
    for (const r of expired) {
      const ctx = asWorkspace(t, r.workspaceId);
      await inTransaction(ctx, async (tx) => {
        const run = await getRun(tx.db, r.workspaceId, r.id, true);
        if (run?.status !== 'awaiting_mapping') return;
        await updateRun(tx.db, r.workspaceId, r.id, {
          status: 'cancelled',
          error: 'Expired: the upload waited too long for its mapping; upload the file again',
          finishedAt: now,
          updatedAt: now,
        });
        await deleteChunksOf(tx.db, r.workspaceId, r.id);
        await recordAudit(tx, {
          action: 'import_run.expired',
          entityType: 'import_run',
          entityId: r.id,
          before: { status: 'awaiting_mapping', expiresAt: run.options.expiresAt ?? null },
        });
      });
    }
    if (expired.length) t.log.info({ runs: expired.length }, 'uploads awaiting their mapping expired');
  },
});
