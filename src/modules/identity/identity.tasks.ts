import { z } from 'zod';
import { purgeClosedWindows } from '../../platform/http/rate-limit.ts';
import { defineTask } from '../../platform/queue/task.ts';
import { deleteExpiredSessions } from './identity.repository.ts';

/**
 * Hourly: delete sessions past their expiry and rate-limit windows that have closed. Safe to run twice:
 * it only deletes what is already dead.
 */
export const purgeExpired = defineTask({
  name: 'identity.purge_expired',
  payload: z.object({}),
  key: () => 'identity.purge_expired',
  cron: { expression: '17 * * * *', payload: {} },
  handler: async (ctx) => {
    const now = ctx.clock.now();
    const sessions = await deleteExpiredSessions(ctx.db, now);
    const windows = await purgeClosedWindows(ctx.db, now);
    ctx.log.info({ sessions, rateLimitWindows: windows }, 'purged expired sessions and rate-limit windows');
  },
});
