import { afterAll, beforeAll, expect, it } from 'vitest';
import { purgeExpired } from '../../src/modules/identity/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { enqueue } from '../../src/platform/context.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const clock = fixedClock(new Date('2026-03-01T09:00:00Z'));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock, env: { PROSPECTOR_SESSION_TTL_HOURS: '1' } });
});
afterAll(() => t?.close());

const count = async (table: 'sessions') =>
  Number(
    (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!
      .n,
  );

it('schedules the purge hourly, and a run deletes only expired sessions', async () => {
  const schedules = await t.tasks.boss.getSchedules();
  expect(schedules.map((s) => [s.name, s.cron])).toContainEqual(['identity.purge_expired', '17 * * * *']);

  const { workspaceId, admin } = await t.workspace();
  await admin.get('/api/v1/auth/session');
  clock.advance(2 * 3600_000); // the first session is now expired
  const fresh = await t.user(workspaceId, { roles: ['recruiter'] });
  expect(await count('sessions')).toBe(2);

  await enqueue(t.systemCtx(workspaceId), purgeExpired, {});
  expect(await t.drain()).toBe(1);

  expect(await count('sessions')).toBe(1);
  expect((await fresh.get('/api/v1/auth/session')).statusCode).toBe(200);
  expect((await admin.get('/api/v1/auth/session')).statusCode).toBe(401);
});
