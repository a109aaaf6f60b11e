/**
 * A dispatch worker as a process of its own, for the kill test and the bench:
 *   tsx test/support/outreach-dispatch-worker.ts <pglite-dir | postgres://...> <smtp-url> [leaseMs]
 * Sends until the outbox has nothing pending or claimed, prints `sent N recovered M`, exits 0.
 */
import { workspaceSystemActor } from '../../src/modules/identity/index.ts';
import { configureDelivery, dispatchDue } from '../../src/modules/outreach/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { openPglite, openPostgres, queryRows, sql } from '../../src/platform/db/client.ts';
import { createLogger } from '../../src/platform/logger.ts';

const [target, smtpUrl, lease] = process.argv.slice(2);
if (!target || !smtpUrl) throw new Error('usage: outreach-dispatch-worker <db> <smtp-url> [leaseMs]');
const db = target.startsWith('postgres') ? await openPostgres(target) : await openPglite(target);
configureDelivery({
  smtpUrl,
  leaseMs: Number(lease ?? 1000),
  worker: `worker:${process.pid}`,
  // As the runtime configures it for each engine.
  asyncStartedCommit: db.engine === 'postgres',
  attemptJournal: db.engine === 'pglite' ? `${target}.attempts` : undefined,
});
const base = {
  db: db.db,
  clock: systemClock,
  log: createLogger('silent'),
  queue: { enqueue: async () => null },
};
const total = { sent: 0, recovered: 0 };
for (;;) {
  const r = await dispatchDue(base, workspaceSystemActor, { batch: 50 });
  total.sent += r.sent;
  total.recovered += r.recovered;
  const [left] = await queryRows<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from outreach_outbox where status in ('pending', 'sending')`,
  );
  if (left!.n === 0) break;
  // Rows claimed by a killed worker wait for their lease to run out.
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write(`sent ${total.sent} recovered ${total.recovered}\n`);
await db.close();
process.exit(0);
