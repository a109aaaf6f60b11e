import { z } from 'zod';
import { defineTask } from '../../platform/queue/task.ts';

/**
 * Hand due steps to delivery (guards, rendering, outbox rows, work items), every minute and whenever
 * asked; then wake the dispatcher when messages were scheduled.
 */
export const handoffTask = defineTask({
  name: 'outreach.handoff',
  payload: z.object({}),
  key: () => 'outreach.handoff',
  retry: { limit: 3, delaySeconds: 10, backoff: true },
  expireSeconds: 600,
  cron: { expression: '* * * * *', payload: {} },
  handler: async (ctx) => {
    const { handOffDue } = await import('./handoff.service.ts');
    const r = await handOffDue(ctx, ctx.systemActor);
    if (r.scheduled > 0) await ctx.queue.enqueue(ctx.db, dispatchTask, {});
  },
});

/**
 * Send what the outbox holds (SMTP or the dev mailbox), for at most 25 s per run: within the 30 s a graceful
 * stop waits for, so a normal shutdown leaves no attempt unrecorded.
 */
export const dispatchTask = defineTask({
  name: 'outreach.dispatch',
  payload: z.object({}),
  key: () => 'outreach.dispatch',
  retry: { limit: 3, delaySeconds: 10, backoff: true },
  expireSeconds: 600,
  cron: { expression: '* * * * *', payload: {} },
  handler: async (ctx) => {
    const { dispatchDue } = await import('./dispatch.service.ts');
    await dispatchDue(ctx, ctx.systemActor, { deadlineMs: 25_000 });
  },
});
