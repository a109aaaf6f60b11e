import { z } from 'zod';
import { defineTask } from '../../platform/queue/task.ts';

/**
 * A full duplicate re-scan of a workspace, one chunk per run: each run does one step and enqueues the next
 * (short transactions, progress visible, resumes after a crash from the stored cursor).
 */
export const rescanTask = defineTask({
  name: 'duplicates.rescan',
  payload: z.object({ workspaceId: z.uuid(), scanId: z.uuid() }),
  key: (p) => `duplicates.rescan:${p.scanId}`,
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireSeconds: 900,
  handler: async (ctx, p) => {
    const { rescanStep } = await import('./scan.service.ts');
    await rescanStep(
      { db: ctx.db, clock: ctx.clock, log: ctx.log, queue: ctx.queue, actor: ctx.systemActor(p.workspaceId) },
      p.scanId,
    );
  },
});
