import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSystemActor } from '../../src/modules/identity/index.ts';
import {
  configureDelivery,
  dispatchDue,
  handOffDue,
  verifyLinkToken,
} from '../../src/modules/outreach/index.ts';
import { replaceVariants, updateStep } from '../../src/modules/outreach/outreach.repository.ts';
import { signToken } from '../../src/modules/outreach/tokens.ts';
import { SendFailure } from '../../src/modules/outreach/transports.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { type Client, createTestApp, type TestApp } from '../support/app.ts';

// Messages handed to delivery and then withdrawn (stop, suppression), link tokens from strangers, send-time
// refusals as bounces, tracking at hand-off.
const NOW = new Date('2026-03-09T14:00:00Z');
const clock = fixedClock(NOW);

let t: TestApp;
let admin: Client;
let recruiter: Client;
let workspaceId: string;
let seq: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const base = () => ({ db: t.database.db, clock, log: t.systemCtx(workspaceId).log, queue: t.tasks.queue });
const handOff = () => handOffDue(base(), workspaceSystemActor);
const dispatch = () => dispatchDue(base(), workspaceSystemActor);
const q = <R>(s: ReturnType<typeof sql>) => queryRows<R>(t.database.db, s);

let n = 0;
async function candidate(first: string): Promise<string> {
  n += 1;
  return (
    await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: first,
        lastName: 'Tester',
        emails: [{ address: `${first.toLowerCase()}.${n}@example.com` }],
        location: { country: 'US' },
        timeZone: 'America/New_York',
      }),
      201,
    )
  ).id;
}
async function enroll(ids: string[]) {
  const r = await ok(
    await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
      selection: { candidateIds: ids },
    }),
  );
  expect(r.enrolled, JSON.stringify(r)).toBe(ids.length);
  return r.results.map((x: { enrollmentId: string }) => x.enrollmentId) as string[];
}
const outboxOf = async (enrollmentId: string) =>
  (
    await q<{ id: string; status: string }>(
      sql`select id, status from outreach_outbox where enrollment_id = ${enrollmentId}`,
    )
  )[0];
const mailTo = async (candidateId: string) =>
  q<{ html: string | null }>(
    sql`select d.html from outreach_dev_mailbox d join outreach_outbox o on o.id = d.outbox_id
        where o.candidate_id = ${candidateId}`,
  );

beforeAll(async () => {
  configureDelivery({ smtpUrl: undefined, transport: undefined, baseUrl: 'http://prospector.test' });
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
        html: '<html><body><p>Hi {{ first_name }}, see <a href="https://jobs.example.org/role?id=1&amp;x=2">the role</a> or <a href="mailto:me@example.com">write</a></p></body></html>',
        body: 'Hi {{ first_name }}',
      }),
      201,
    )
  ).id;
  seq = (
    await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'One',
        status: 'active',
        window: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
        stopStatuses: ['hired'],
        steps: [{ kind: 'email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: tpl }] }],
      }),
      201,
    )
  ).id;
  // No frequency cap or throttle in the way.
  const cur = await ok(await admin.get('/api/v1/outreach/settings'));
  await ok(
    await admin.put('/api/v1/outreach/settings', {
      frequencyCap: { touches: 0, days: 7 },
      senderDailyLimit: 0,
      domainThrottle: { perMinute: 0, perHour: 0 },
      version: cur.version,
    }),
  );
});
afterAll(async () => {
  await t?.close();
});

describe('a message handed to delivery is withdrawn when the enrollment stops', () => {
  it('stop after hand-off: the pending outbox row and its step are cancelled, nothing is sent', async () => {
    const c = await candidate('Stopper');
    const [e] = await enroll([c]);
    expect(await handOff()).toMatchObject({ scheduled: 1 });
    expect(await outboxOf(e!)).toMatchObject({ status: 'pending' });
    await ok(await recruiter.post(`/api/v1/enrollments/${e}/stop`, { reason: 'changed my mind' }));
    expect(await outboxOf(e!)).toMatchObject({ status: 'cancelled' });
    const got = await ok(await recruiter.get(`/api/v1/enrollments/${e}`));
    expect(got.steps[0]).toMatchObject({ status: 'cancelled' });
    expect(await dispatch()).toMatchObject({ sent: 0, recovered: 0 });
    expect(await mailTo(c)).toHaveLength(0);
    const list = await ok(await recruiter.get('/api/v1/outreach/outbox?status=cancelled'));
    expect(list.items.map((i: { enrollmentId: string }) => i.enrollmentId)).toContain(e);
  });

  it('an enrollment stopped behind the outbox (no stop path) is not sent: re-checked at claim time', async () => {
    const c = await candidate('Behind');
    const [e] = await enroll([c]);
    expect(await handOff()).toMatchObject({ scheduled: 1 });
    await q(sql`update outreach_enrollments set status = 'stopped' where id = ${e!}`);
    expect(await dispatch()).toMatchObject({ sent: 0 });
    expect(await mailTo(c)).toHaveLength(0);
    expect(await outboxOf(e!)).toMatchObject({ status: 'cancelled' });
  });

  it('a paused enrollment holds its pending message; resumed, it goes', async () => {
    const c = await candidate('Pauser');
    const [e] = await enroll([c]);
    expect(await handOff()).toMatchObject({ scheduled: 1 });
    await ok(await recruiter.post(`/api/v1/enrollments/${e}/pause`, {}));
    expect(await dispatch()).toMatchObject({ sent: 0 });
    expect(await outboxOf(e!)).toMatchObject({ status: 'pending' });
    await ok(await recruiter.post(`/api/v1/enrollments/${e}/resume`, {}));
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect(await mailTo(c)).toHaveLength(1);
  });

  it('a recipient suppressed after hand-off is not sent: cancelled, step blocked, enrollment stopped', async () => {
    const c = await candidate('Suppressed');
    const [e] = await enroll([c]);
    expect(await handOff()).toMatchObject({ scheduled: 1 });
    await q(
      sql`insert into outreach_suppressions (workspace_id, address, reason, created_at)
          select workspace_id, lower(recipient), '550 no such user', now() from outreach_outbox
          where enrollment_id = ${e!}`,
    );
    expect(await dispatch()).toMatchObject({ sent: 0 });
    expect(await mailTo(c)).toHaveLength(0);
    expect(await outboxOf(e!)).toMatchObject({ status: 'cancelled' });
    const got = await ok(await recruiter.get(`/api/v1/enrollments/${e}`));
    expect(got).toMatchObject({ status: 'stopped', stopReason: 'bounced' });
    expect(got.steps[0]).toMatchObject({ status: 'blocked' });
  });
});

describe('link tokens from strangers', () => {
  const settingsRows = async () =>
    (await q<{ n: number }>(sql`select count(*)::int as n from outreach_settings`))[0]!.n;
  const forge = (w: string, o: string) =>
    `${Buffer.from(JSON.stringify({ p: 'unsubscribe', w, o, d: null })).toString('base64url')}.${Buffer.from(
      'x'.repeat(32),
    ).toString('base64url')}`;

  it('a forged token naming an unknown workspace is a 404 and creates no settings row', async () => {
    const before = await settingsRows();
    const token = signToken('attacker-secret', {
      purpose: 'unsubscribe',
      workspaceId: randomUUID(),
      outboxId: randomUUID(),
    });
    for (const path of [`/api/v1/unsubscribe/${token}`, `/api/v1/t/o/${token}.gif`])
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/unsubscribe/${token}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'List-Unsubscribe=One-Click',
        })
      ).statusCode,
    ).toBe(404);
    expect(await verifyLinkToken(t.database.db, token, 'unsubscribe')).toBeNull();
    expect(await settingsRows()).toBe(before);
  });

  it('ids that are not UUIDs (36 dashes) are a 404, not a 500', async () => {
    const dashes = '-'.repeat(36);
    for (const token of [forge(dashes, dashes), forge(workspaceId, dashes), forge(dashes, randomUUID())]) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/unsubscribe/${token}` })).statusCode).toBe(
        404,
      );
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/c/${token}` })).statusCode).toBe(404);
    }
  });
});

describe('a permanent refusal at send time', () => {
  it('is a bounced event (permanent) that metrics count as a bounce', async () => {
    const c = await candidate('Refused');
    const [e] = await enroll([c]);
    expect(await handOff()).toMatchObject({ scheduled: 1 });
    configureDelivery({
      transport: {
        name: 'refusing',
        send: () => Promise.reject(new SendFailure('permanent', '550 5.1.1 No such user')),
      },
    });
    try {
      expect(await dispatch()).toMatchObject({ sent: 0, failed: 1 });
    } finally {
      configureDelivery({ transport: undefined });
    }
    const events = await q<{ kind: string; detail: Record<string, unknown> }>(
      sql`select kind, detail from outreach_events where enrollment_id = ${e!}`,
    );
    expect(events).toEqual([expect.objectContaining({ kind: 'bounced' })]);
    expect(events[0]!.detail).toMatchObject({ permanent: true });
    const m = await ok(await recruiter.get(`/api/v1/outreach/sequences/${seq}/metrics`));
    expect(m.totals ?? m).toMatchObject({ bounced: 1 });
    const tl = await ok(await recruiter.get(`/api/v1/candidates/${c}/activities`));
    expect(tl.items.filter((a: { kind: string }) => a.kind === 'outreach.bounced')).toHaveLength(1);
  });
});

describe('open and click tracking at hand-off', () => {
  it('a sent message has its web links through the click redirect and the open pixel; switched off, unchanged', async () => {
    const on = await candidate('Tracked');
    await enroll([on]);
    expect(await handOff()).toMatchObject({ scheduled: 1 });
    expect(await dispatch()).toMatchObject({ sent: 1 });
    const [sent] = await mailTo(on);
    const html = sent!.html!;
    expect(html).not.toContain('href="https://jobs.example.org');
    expect(html).toMatch(
      /<a href="http:\/\/prospector\.test\/api\/v1\/t\/c\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+">/,
    );
    expect(html).toContain('href="mailto:me@example.com"');
    expect(html).toMatch(/<img src="http:\/\/prospector\.test\/api\/v1\/t\/o\/[^"]+\.gif"[^>]*\/><\/body>/);
    const link = /href="http:\/\/prospector\.test(\/api\/v1\/t\/c\/[^"]+)"/.exec(html)![1]!;
    const hit = await t.app.inject({ method: 'GET', url: link });
    expect(hit.statusCode).toBe(302);
    expect(hit.headers.location).toBe('https://jobs.example.org/role?id=1&x=2');

    await ok(await admin.put('/api/v1/outreach/tracking', { opens: false, clicks: false }));
    const off = await candidate('Untracked');
    await enroll([off]);
    expect(await handOff()).toMatchObject({ scheduled: 1 });
    expect(await dispatch()).toMatchObject({ sent: 1 });
    const [plain] = await mailTo(off);
    expect(plain!.html).toContain('href="https://jobs.example.org/role?id=1&amp;x=2"');
    expect(plain!.html).not.toContain('/api/v1/t/');
    await ok(await admin.put('/api/v1/outreach/tracking', { opens: true, clicks: true }));
  });
});

describe('responsiveness', () => {
  it('enrolling with a first step due now queues the hand-off, which wakes the dispatcher: sent without the cron', async () => {
    const a = await candidate('Quick');
    const b = await candidate('Quicker');
    await enroll([a]);
    await enroll([b]);
    const [jobs] = await q<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'outreach.handoff' and state = 'created'`,
    );
    expect(jobs!.n).toBe(1);
    await t.drain();
    expect(await mailTo(a)).toHaveLength(1);
    expect(await mailTo(b)).toHaveLength(1);
  });
});

describe('sequence step writes are workspace-scoped', () => {
  it('updateStep and replaceVariants touch nothing of another workspace', async () => {
    const [step] = await q<{ id: string; position: number }>(
      sql`select id, position from outreach_steps where sequence_id = ${seq}`,
    );
    const other = randomUUID();
    await updateStep(t.database.db, other, step!.id, { position: 99 });
    await replaceVariants(t.database.db, other, [step!.id], []);
    const [after] = await q<{ position: number }>(
      sql`select position from outreach_steps where id = ${step!.id}`,
    );
    expect(after!.position).toBe(step!.position);
    const [v] = await q<{ n: number }>(
      sql`select count(*)::int as n from outreach_step_variants where step_id = ${step!.id}`,
    );
    expect(v!.n).toBe(1);
  });
});
