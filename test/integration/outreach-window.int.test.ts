import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSystemActor } from '../../src/modules/identity/index.ts';
import { configureDelivery, dispatchDue, handOffDue } from '../../src/modules/outreach/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { type Client, createTestApp, type TestApp } from '../support/app.ts';

// The hand-off checks the sending window again at hand-off time: a step that became due inside its window
// but is handed off after the window closed (backlog, workers down) waits for the next slot.
// Monday 2026-03-09 14:00Z = 10:00 in New York (EDT since 8 March).
const clock = fixedClock(new Date('2026-03-09T14:00:00Z'));

let t: TestApp;
let admin: Client;
let recruiter: Client;
let workspaceId: string;
let mailSeq: string;
let callSeq: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const base = () => ({ db: t.database.db, clock, log: t.systemCtx(workspaceId).log, queue: t.tasks.queue });
const handOff = () => handOffDue(base(), workspaceSystemActor);
const q = <R>(s: ReturnType<typeof sql>) => queryRows<R>(t.database.db, s);

let n = 0;
async function candidate(first: string): Promise<string> {
  n += 1;
  return (
    await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: first,
        lastName: 'Window',
        emails: [{ address: `${first.toLowerCase()}.${n}@example.com` }],
        phones: [{ number: '+12025550142' }],
        location: { country: 'US' },
        timeZone: 'America/New_York',
      }),
      201,
    )
  ).id;
}
async function enroll(seq: string, id: string): Promise<string> {
  const r = await ok(
    await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
      selection: { candidateIds: [id] },
    }),
  );
  expect(r.enrolled, JSON.stringify(r)).toBe(1);
  return r.results[0].enrollmentId;
}
const firstStep = async (enrollmentId: string) =>
  (await ok(await recruiter.get(`/api/v1/enrollments/${enrollmentId}`))).steps[0] as {
    status: string;
    statusReason: string | null;
    plannedAt: string;
    plannedLocal: string;
  };

beforeAll(async () => {
  configureDelivery({ smtpUrl: undefined, transport: undefined, baseUrl: 'http://prospector.test' });
  t = await createTestApp({ clock });
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  await ok(await admin.patch('/api/v1/candidate-settings', { defaultTimeZone: 'America/New_York' }));
  // No cap or limit in the way: only the window decides here.
  const cur = await ok(await admin.get('/api/v1/outreach/settings'));
  await ok(
    await admin.put('/api/v1/outreach/settings', {
      frequencyCap: { touches: 0, days: 7 },
      senderDailyLimit: 0,
      domainThrottle: { perMinute: 0, perHour: 0 },
      version: cur.version,
    }),
  );
  // Monday 16 March is a holiday.
  await ok(await admin.put('/api/v1/outreach/holidays', { days: [{ date: '2026-03-16', name: 'Closed' }] }));
  const tpl = async (body: Record<string, unknown>) =>
    (await ok(await recruiter.post('/api/v1/outreach/templates', { shared: true, ...body }), 201))
      .id as string;
  const intro = await tpl({
    name: 'Intro',
    kind: 'email',
    subject: 'Hi',
    html: null,
    body: 'Hi {{ first_name }}',
  });
  const call = await tpl({ name: 'Call', kind: 'call_task', body: 'Call {{ first_name }}' });
  const sequence = async (name: string, kind: string, templateId: string) =>
    (
      await ok(
        await recruiter.post('/api/v1/outreach/sequences', {
          name,
          status: 'active',
          window: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
          stopStatuses: ['hired'],
          steps: [{ kind, delay: { amount: 0, unit: 'hours' }, variants: [{ templateId }] }],
        }),
        201,
      )
    ).id as string;
  mailSeq = await sequence('Mail', 'email', intro);
  callSeq = await sequence('Call', 'phone_task', call);
});
afterAll(async () => {
  await t?.close();
});

describe('the sending window at hand-off', () => {
  it('a step handed off after its window closed is deferred to the next slot, recorded like the cap', async () => {
    clock.set(new Date('2026-03-09T14:00:00Z')); // Monday 10:00 EDT: inside
    const c = await candidate('Late');
    const e = await enroll(mailSeq, c);
    expect((await firstStep(e)).plannedAt).toBe('2026-03-09T14:00:00.000Z');
    // The workers were down; the hand-off runs at 19:30 EDT, after the window closed at 17:00.
    clock.set(new Date('2026-03-09T23:30:00Z'));
    expect(await handOff()).toMatchObject({ scheduled: 0, deferred: 1 });
    const s = await firstStep(e);
    expect(s).toMatchObject({
      status: 'planned',
      plannedAt: '2026-03-10T13:00:00.000Z',
      plannedLocal: '2026-03-10T09:00:00-04:00',
    });
    expect(s.statusReason).toMatch(/^deferred: Outside the sending window \(09:00-17:00/);
    expect(await q(sql`select 1 from outreach_outbox where candidate_id = ${c}`)).toHaveLength(0);
    const [line] = await q<{ data: { reason: string; until: string } }>(
      sql`select data from candidate_activities where candidate_id = ${c} and kind = 'outreach.step_deferred'`,
    );
    expect(line!.data).toMatchObject({ reason: 'outside_window', until: '2026-03-10T13:00:00.000Z' });
    // Still night: nothing is due.
    clock.set(new Date('2026-03-10T12:59:00Z'));
    expect(await handOff()).toMatchObject({ scheduled: 0, deferred: 0 });
    // The window opens: it leaves.
    clock.set(new Date('2026-03-10T13:00:30Z'));
    expect(await handOff()).toMatchObject({ scheduled: 1, deferred: 0 });
    await dispatchDue(base(), workspaceSystemActor);
    const [sent] = await q<{ status: string; sent_at: Date }>(
      sql`select status, sent_at from outreach_outbox where candidate_id = ${c}`,
    );
    expect(sent!.status).toBe('sent');
  });

  it('inside the window the hand-off goes ahead at once', async () => {
    clock.set(new Date('2026-03-11T20:59:00Z')); // Wednesday 16:59 EDT
    const c = await candidate('Onepm');
    const e = await enroll(mailSeq, c);
    expect(await handOff()).toMatchObject({ scheduled: 1, deferred: 0 });
    expect((await firstStep(e)).status).toBe('scheduled');
  });

  it('manual steps are not held: the work item shows when it was due', async () => {
    clock.set(new Date('2026-03-12T14:00:00Z')); // Thursday 10:00 EDT
    const c = await candidate('Caller');
    const e = await enroll(callSeq, c);
    clock.set(new Date('2026-03-13T02:00:00Z')); // 22:00 EDT
    expect(await handOff()).toMatchObject({ workItems: 1, deferred: 0 });
    const [item] = await q<{ due_at: Date }>(
      sql`select due_at from outreach_work_items where enrollment_id = ${e}`,
    );
    expect(new Date(item!.due_at).toISOString()).toBe('2026-03-12T14:00:00.000Z');
  });
  it('a Friday evening backlog waits over the weekend and the holiday Monday', async () => {
    clock.set(new Date('2026-03-13T20:50:00Z')); // Friday 16:50 EDT
    const c = await candidate('Weekend');
    const e = await enroll(mailSeq, c);
    expect((await firstStep(e)).plannedAt).toBe('2026-03-13T20:50:00.000Z');
    clock.set(new Date('2026-03-13T21:05:00Z')); // 17:05 EDT: closed five minutes ago
    expect(await handOff()).toMatchObject({ scheduled: 0, deferred: 1 });
    expect(await firstStep(e)).toMatchObject({ plannedLocal: '2026-03-17T09:00:00-04:00' });
    clock.set(new Date('2026-03-16T14:00:00Z')); // the holiday, 10:00: still nothing
    expect(await handOff()).toMatchObject({ scheduled: 0, deferred: 0 });
    clock.set(new Date('2026-03-17T13:00:00Z'));
    expect(await handOff()).toMatchObject({ scheduled: 1, deferred: 0 });
  });
});
