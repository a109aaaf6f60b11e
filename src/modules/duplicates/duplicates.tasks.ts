import { z } from 'zod';
import { defineTask } from '../../platform/queue/task.ts';

/**
 * A full duplicate re-scan of a workspace, one chunk per run: each run does one step and enqueues the next
 * (short transactions, progress visible, resumes after a crash from the stored cursor). Each job names the
 * position it expects, so a scan taken over (POST /duplicates/rescan on a scan whose chain of jobs died) never
 * runs as two chains: of two jobs for one position, the second finds the position moved and stops.
 */
export const rescanTask = defineTask({
  name: 'duplicates.rescan',
  payload: z.object({
    workspaceId: z.uuid(),
    scanId: z.uuid(),
    /** The scan position this step expects (`phase:cursor`); a step finding another one does nothing. */
    at: z.string().max(80).optional(),
  }),
  key: (p) => `duplicates.rescan:${p.scanId}`,
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireSeconds: 900,
  handler: async (ctx, p) => {
    const { rescanStep } = await import('./scan.service.ts');
    await rescanStep(
      { db: ctx.db, clock: ctx.clock, log: ctx.log, queue: ctx.queue, actor: ctx.systemActor(p.workspaceId) },
      p.scanId,
      p.at,
    );
  },
});
