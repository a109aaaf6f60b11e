import { z } from 'zod';
import { defineTask } from '../../platform/queue/task.ts';

/** Enrollments re-planned per run; each run enqueues the next chunk (short transactions). */
export const REPLAN_CHUNK = 500;

/**
 * Re-plan the live enrollments of a sequence after it changed (steps, window) or the holiday calendar did.
 * Only rows still `planned` move; safe to run twice.
 */
export const replanTask = defineTask({
  name: 'outreach.replan',
  payload: z.object({ workspaceId: z.uuid(), sequenceId: z.uuid(), after: z.uuid().nullable() }),
  key: (p) => `outreach.replan:${p.sequenceId}:${p.after ?? ''}`,
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireSeconds: 600,
  handler: async (ctx, p) => {
    const { replanChunk } = await import('./enrollments.service.ts');
    await replanChunk(
      { db: ctx.db, clock: ctx.clock, log: ctx.log, queue: ctx.queue, actor: ctx.systemActor(p.workspaceId) },
      p.sequenceId,
      p.after,
    );
  },
});
