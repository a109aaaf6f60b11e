import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import { enqueue } from '../../platform/context.ts';
import { defineTask } from '../../platform/queue/task.ts';
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
