import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSystemActor } from '../../src/modules/identity/index.ts';
import { configureDelivery, dispatchDue, handOffDue } from '../../src/modules/outreach/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { type Client, createTestApp, type TestApp } from '../support/app.ts';

// The dispatcher records sends in batches (outbox, send log, timeline, enrollment advance in one transaction):
// the next step is planned from the real send time, the last send completes the enrollment.

// Monday 2026-03-09 14:00Z = 10:00 in New York.
const NOW = new Date('2026-03-09T14:00:00Z');
const clock = fixedClock(NOW);
const HOUR = 3_600_000;
const N = 30;

let t: TestApp;
let admin: Client;
let recruiter: Client;
let seq: string;
let workspaceId: string;
let enrollments: string[];
let candidates: string[];

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
/** `n` candidates in New York with addresses at `domain`. */
async function people(prefix: string, domain: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await recruiter.post('/api/v1/candidates', {
      firstName: `${prefix}${i}`,
      lastName: 'Dispatch',
      emails: [{ address: `${prefix.toLowerCase()}${i}@${domain}` }],
      location: { country: 'US' },
      timeZone: 'America/New_York',
    });
    ids.push((await ok(res, 201)).id);
  }
  return ids;
}
const base = () => ({ db: t.database.db, clock, log: t.systemCtx(workspaceId).log, queue: t.tasks.queue });
const q = <R>(s: ReturnType<typeof sql>) => queryRows<R>(t.database.db, s);

beforeAll(async () => {
  configureDelivery({
    smtpUrl: undefined,
    transport: undefined,
    baseUrl: 'http://prospector.test',
  });
  t = await createTestApp({ clock });
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  await ok(await admin.patch('/api/v1/candidate-settings', { defaultTimeZone: 'America/New_York' }));
  const tpl = (
    await ok(
      await recruiter.post('/api/v1/outreach/templates', {
        shared: true,
        name: 'Intro',
        kind: 'email',
        subject: 'Hello {{ first_name }}',
        html: '<p>Hi {{ first_name }}</p>',
        body: 'Hi {{ first_name }}',
      }),
      201,
    )
  ).id;
  seq = (
    await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'Two emails',
        status: 'active',
        window: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
        stopStatuses: ['hired'],
        steps: [
          { kind: 'email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: tpl }] },
          { kind: 'email', delay: { amount: 3, unit: 'hours' }, variants: [{ templateId: tpl }] },
        ],
      }),
      201,
    )
  ).id;
  candidates = await people('A', 'advance.example.com', N);
  const r = await ok(
    await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
      selection: { candidateIds: candidates },
    }),
  );
  expect(r.enrolled).toBe(N);
  enrollments = r.results.map((x: { enrollmentId: string }) => x.enrollmentId);
});
afterAll(async () => {
  await t?.close();
});

// Times as ISO text (the engines' drivers disagree on timestamptz in raw queries); `first` the first step.
const steps = () =>
  q<{
    enrollmentId: string;
    first: boolean;
    status: string;
    plannedAt: string | null;
    doneAt: string | null;
  }>(
    sql`select enrollment_id as "enrollmentId", position = min(position) over (partition by enrollment_id) as first,
               status, to_char(planned_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "plannedAt",
               to_char(done_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "doneAt"
        from outreach_enrollment_steps where workspace_id = ${workspaceId} order by enrollment_id, position`,
  );

describe('dispatch records sends in batches and advances enrollments', () => {
  it('plans the next step from the real send time (a late send moves it)', async () => {
    expect(await handOffDue(base(), workspaceSystemActor)).toMatchObject({ scheduled: N });
    // The messages go out 5 hours late (a worker was down): the next step follows the real send.
    clock.advance(5 * HOUR);
    const sentAt = clock.now();
    expect(await dispatchDue(base(), workspaceSystemActor, { finishEvery: 7 })).toMatchObject({
      sent: N,
      recovered: 0,
    });
    const rows = await steps();
    expect(rows).toHaveLength(2 * N);
    expect(rows.filter((x) => x.first)).toHaveLength(N);
    for (const r of rows.filter((x) => x.first)) {
      expect(r.status).toBe('sent');
      expect(r.doneAt).toBe(sentAt.toISOString());
    }
    for (const r of rows.filter((x) => !x.first)) {
      expect(r.status).toBe('planned');
      expect(r.plannedAt).toBe(new Date(sentAt.getTime() + 3 * HOUR).toISOString());
    }
    const live = await q<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from outreach_enrollments where workspace_id = ${workspaceId} group by status`,
    );
    expect(live).toEqual([{ status: 'active', n: N }]);
  });

  it('the last send completes the enrollment at its send time; timeline, outbox and send log agree', async () => {
    clock.advance(3 * HOUR);
    const sentAt = clock.now();
    expect(await handOffDue(base(), workspaceSystemActor)).toMatchObject({ scheduled: N });
    expect(await dispatchDue(base(), workspaceSystemActor, { finishEvery: 4 })).toMatchObject({ sent: N });
    expect((await steps()).every((r) => r.status === 'sent')).toBe(true);
    const ended = await q<{ id: string; status: string; endedAt: string }>(
      sql`select id, status, to_char(ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "endedAt"
          from outreach_enrollments where workspace_id = ${workspaceId} order by id`,
    );
    expect(ended.map((e) => e.id).sort()).toEqual([...enrollments].sort());
    for (const e of ended) {
      expect(e.status).toBe('completed');
      expect(e.endedAt).toBe(sentAt.toISOString());
    }
    const [out] = await q<{ sent: number; other: number }>(
      sql`select count(*) filter (where status = 'sent')::int as sent,
                 count(*) filter (where status <> 'sent')::int as other
          from outreach_outbox where workspace_id = ${workspaceId}`,
    );
    expect(out).toEqual({ sent: 2 * N, other: 0 });
    const log = await q<{ outcome: string; n: number }>(
      sql`select outcome, count(*)::int as n from outreach_send_log where workspace_id = ${workspaceId}
          group by outcome`,
    );
    expect(log).toEqual([{ outcome: 'sent', n: 2 * N }]);
    const [tl] = await q<{ n: number; per: number }>(
      sql`select count(*)::int as n, count(distinct candidate_id)::int as per from candidate_activities
          where workspace_id = ${workspaceId} and kind = 'outreach.sent'`,
    );
    expect(tl).toEqual({ n: 2 * N, per: N });
    const box = await ok(await recruiter.get('/api/v1/outreach/dev-mailbox?limit=100'));
    expect(new Set(box.items.map((m: { messageId: string }) => m.messageId)).size).toBe(2 * N);
  });
});

describe('the recipient-domain throttle', () => {
  it('holds back what exceeds the per-minute, then the per-hour limit, and lets it go when the window frees', async () => {
    const cur = await ok(await admin.get('/api/v1/outreach/settings'));
    await ok(
      await admin.put('/api/v1/outreach/settings', {
        frequencyCap: { touches: 0, days: 7 },
        senderDailyLimit: 0,
        domainThrottle: { perMinute: 2, perHour: 4 },
        version: cur.version,
      }),
    );
    const ids = await people('T', 'throttle.example.com', 5);
    await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
        selection: { candidateIds: ids },
      }),
    );
    expect(await handOffDue(base(), workspaceSystemActor)).toMatchObject({ scheduled: 5 });
    const t0 = clock.now();
    expect(await dispatchDue(base(), workspaceSystemActor)).toMatchObject({ sent: 2, throttled: 3 });
    const waiting = await q<{ next: string }>(
      sql`select to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as next
          from outreach_outbox where workspace_id = ${workspaceId} and status = 'pending'`,
    );
    expect(waiting.map((w) => w.next)).toEqual(Array(3).fill(new Date(t0.getTime() + 60_000).toISOString()));
    const pending = () =>
      q<{ next: string }>(
        sql`select to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as next
            from outreach_outbox where workspace_id = ${workspaceId} and status = 'pending'`,
      );
    // A minute later the minute is free again: 2 more go, the third waits for the next minute.
    clock.advance(61_000);
    const t1 = clock.now();
    expect(await dispatchDue(base(), workspaceSystemActor)).toMatchObject({ sent: 2, throttled: 1 });
    expect((await pending()).map((w) => w.next)).toEqual([new Date(t1.getTime() + 60_000).toISOString()]);
    // Then the hour is full (4): it waits until the first send of the hour leaves the window.
    clock.advance(61_000);
    expect(await dispatchDue(base(), workspaceSystemActor)).toMatchObject({ sent: 0, throttled: 1 });
    expect((await pending()).map((w) => w.next)).toEqual([new Date(t0.getTime() + 3_600_000).toISOString()]);
    clock.advance(3_600_000);
    expect(await dispatchDue(base(), workspaceSystemActor)).toMatchObject({ sent: 1, throttled: 0 });
  });
});

describe('claiming ahead', () => {
  /** `n` people at `domain` enrolled and handed off; the throttle set to `perMinute` (0: off). */
  async function throttle(perMinute: number) {
    const cur = await ok(await admin.get('/api/v1/outreach/settings'));
    await ok(
      await admin.put('/api/v1/outreach/settings', {
        frequencyCap: { touches: 0, days: 7 },
        senderDailyLimit: 0,
        domainThrottle: { perMinute, perHour: 0 },
        version: cur.version,
      }),
    );
  }
  async function due(prefix: string, domain: string, n: number, perMinute: number) {
    // Whatever earlier tests left due (their next steps) goes first; the clock stands still after it.
    await throttle(0);
    await handOffDue(base(), workspaceSystemActor);
    await dispatchDue(base(), workspaceSystemActor);
    await throttle(perMinute);
    const ids = await people(prefix, domain, n);
    await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
        selection: { candidateIds: ids },
      }),
    );
    expect(await handOffDue(base(), workspaceSystemActor)).toMatchObject({ scheduled: n });
  }

  it('the throttle counts this run’s sends that are not recorded yet', async () => {
    clock.advance(2 * 3_600_000);
    await due('U', 'unrecorded.example.com', 6, 3);
    // Batches of 2, nothing recorded before the end of the run: the database alone would see no send of
    // this domain at each claim and let 2 more go every time.
    expect(await dispatchDue(base(), workspaceSystemActor, { batch: 2, finishEvery: 1000 })).toMatchObject({
      sent: 3,
      throttled: 3,
    });
  });

  it('a run whose deadline comes gives back the batch it claimed ahead, for the next run at once', async () => {
    await due('R', 'release.example.com', 6, 0);
    // 40 ms a message: the deadline (60 ms) passes while the first batch goes, after the next was claimed.
    configureDelivery({
      transport: {
        name: 'slow',
        send: () => new Promise((r) => setTimeout(() => r({ providerId: null, response: '250 ok' }), 40)),
      },
    });
    try {
      expect(await dispatchDue(base(), workspaceSystemActor, { batch: 2, deadlineMs: 60 })).toMatchObject({
        sent: 2,
      });
      // The batch claimed ahead went back to `pending`, unclaimed (no attempt was under way).
      const back = await q<{ status: string; claimed: boolean; n: number }>(
        sql`select status, claimed_by is not null as claimed, count(*)::int as n from outreach_outbox
            where workspace_id = ${workspaceId} and recipient_domain = 'release.example.com' and status <> 'sent'
            group by 1, 2`,
      );
      expect(back).toEqual([{ status: 'pending', claimed: false, n: 4 }]);
      // No lease to wait for: the next run takes the 4 left, 2 of them claimed and given back.
      expect(await dispatchDue(base(), workspaceSystemActor, { batch: 2 })).toMatchObject({ sent: 4 });
    } finally {
      configureDelivery({ transport: undefined });
    }
    const [left] = await q<{ n: number }>(
      sql`select count(*)::int as n from outreach_outbox
          where workspace_id = ${workspaceId} and recipient_domain = 'release.example.com' and status <> 'sent'`,
    );
    expect(left).toEqual({ n: 0 });
  });
});
