import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSystemActor } from '../../src/modules/identity/index.ts';
import {
  configureDelivery,
  dispatchDue,
  handOffDue,
  signToken,
  suppressAddress,
  trackingFor,
} from '../../src/modules/outreach/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { inTransaction } from '../../src/platform/context.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

const NOW = new Date('2026-03-09T13:00:00Z');
const clock = fixedClock(NOW);
const BASE_URL = 'http://prospector.test';

let t: TestApp;
let admin: Client;
let recruiter: Client;
let gateway: Client;
let workspaceId: string;
let seq: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const base = () => ({ db: t.database.db, clock, log: t.systemCtx(workspaceId).log, queue: t.tasks.queue });
const q = <R>(s: ReturnType<typeof sql>) => queryRows<R>(t.database.db, s);

interface Row {
  id: string;
  message_id: string;
  candidate_id: string;
  variant: string;
  sent_at: Date;
  recipient: string;
}
const people: string[] = [];
let rows: Row[];

function reply(to: Row, at: Date, n: number) {
  return [
    `From: Person ${n} <p${n}@example.com>`,
    'To: sourcer@acme.example',
    `Subject: Re: Hello`,
    `Date: ${at.toUTCString()}`,
    `Message-ID: <reply-${n}@example.com>`,
    `In-Reply-To: ${to.message_id}`,
    '',
    'Sounds good, tell me more.',
    '',
  ].join('\r\n');
}
const post = (raw: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/inbound/email',
    headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${gateway.auth.bearer}` },
    payload: raw,
  });

beforeAll(async () => {
  configureDelivery({ smtpUrl: undefined, transport: undefined, baseUrl: BASE_URL });
  t = await createTestApp({ clock });
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  const tok = await ok(
    await admin.post('/api/v1/api-tokens', { name: 'gw', scopes: ['outreach:inbound'], expiresInDays: 30 }),
    201,
  );
  gateway = new Client(t.app, { bearer: tok.secret }, { userId: '', workspaceId, email: '' });
  const tpl = async (name: string) =>
    (
      await ok(
        await recruiter.post('/api/v1/outreach/templates', {
          name,
          kind: 'email',
          shared: true,
          subject: `Hello ({{ first_name }}) ${name}`,
          html: '<p>Hi</p>',
          body: 'Hi',
        }),
        201,
      )
    ).id as string;
  const [a, b, f] = [await tpl('A'), await tpl('B'), await tpl('F')];
  seq = (
    await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'Metrics',
        status: 'active',
        window: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
        stopStatuses: [],
        steps: [
          {
            kind: 'email',
            delay: { amount: 0, unit: 'hours' },
            variants: [{ templateId: a }, { templateId: b }],
          },
          { kind: 'email', delay: { amount: 5, unit: 'business_days' }, variants: [{ templateId: f }] },
        ],
      }),
      201,
    )
  ).id;
  for (let i = 0; i < 8; i++)
    people.push(
      (
        await ok(
          await recruiter.post('/api/v1/candidates', {
            firstName: `P${i}`,
            lastName: 'Metric',
            emails: [{ address: `p${i}@metrics.example` }],
            location: { country: 'US' },
            timeZone: 'America/New_York',
          }),
          201,
        )
      ).id,
    );
  await ok(
    await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
      selection: { candidateIds: people },
    }),
  );
  // The last one's address is suppressed before the send: the guard blocks that step.
  await inTransaction(t.systemCtx(workspaceId), (tx) => suppressAddress(tx, 'p7@metrics.example', 'test'));
  await handOffDue(base(), workspaceSystemActor);
  await dispatchDue(base(), workspaceSystemActor);
  rows = await q<Row>(
    sql`select o.id, o.message_id, o.candidate_id, es.variant, o.sent_at, o.recipient
        from outreach_outbox o join outreach_enrollment_steps es on es.id = o.enrollment_step_id
        where o.workspace_id = ${workspaceId} and o.status = 'sent' order by o.candidate_id`,
  );
  expect(rows).toHaveLength(7);
  clock.set(new Date('2026-03-09T20:00:00Z'));
});
afterAll(async () => {
  await t?.close();
});

describe('sequence metrics', () => {
  it('counts per sequence, step and variant; median response time; interested', async () => {
    const [r0, r1, r2, r3, r4] = rows as [Row, Row, Row, Row, Row];
    const s = await trackingFor(t.systemCtx(workspaceId), BASE_URL);
    const open = (r: Row) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/t/o/${signToken(s.tokenSecret, { purpose: 'open', workspaceId, outboxId: r.id })}.gif`,
      });
    // Opens: r0 (twice: counted once), r1, r2. Click: r0.
    for (const r of [r0, r0, r1, r2]) expect((await open(r)).statusCode).toBe(200);
    const click = signToken(s.tokenSecret, {
      purpose: 'click',
      workspaceId,
      outboxId: r0.id,
      data: 'https://x.example/',
    });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/c/${click}` })).statusCode).toBe(302);
    // Replies after 1 h and 3 h: median 2 h.
    const first = await ok(await post(reply(r0, new Date(new Date(r0.sent_at).getTime() + 3_600_000), 0)));
    await ok(await post(reply(r1, new Date(new Date(r1.sent_at).getTime() + 3 * 3_600_000), 1)));
    await ok(
      await recruiter.post(`/api/v1/outreach/replies/${first.replyId}/classify`, {
        classification: 'interested',
      }),
    );
    // r2 bounces for good, r3 unsubscribes.
    const dsn = [
      'From: MAILER-DAEMON@mx.example',
      'To: sourcer@acme.example',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'failed',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example',
      '',
      `Final-Recipient: rfc822; ${r2.recipient}`,
      'Action: failed',
      'Status: 5.1.1',
      '',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${r2.message_id}`,
      '',
      '--b--',
      '',
    ].join('\r\n');
    expect((await ok(await post(dsn))).permanentBounce).toBe(true);
    const unsub = signToken(s.tokenSecret, { purpose: 'unsubscribe', workspaceId, outboxId: r3.id });
    const u = await t.app.inject({
      method: 'POST',
      url: `/api/v1/unsubscribe/${unsub}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(u.statusCode).toBe(200);
    void r4;

    const m = await ok(await recruiter.get(`/api/v1/outreach/sequences/${seq}/metrics`));
    expect(m.totals).toEqual({
      enrolled: 8,
      sent: 7,
      delivered: 6,
      opened: 3,
      clicked: 1,
      replied: 2,
      interested: 1,
      bounced: 1,
      unsubscribed: 1,
      blocked: 1,
      medianResponseSeconds: 7200,
    });
    expect(m.steps).toHaveLength(2);
    const [step1, step2] = m.steps;
    expect(step1.totals).toMatchObject({ enrolled: 8, sent: 7, blocked: 1, opened: 3, replied: 2 });
    expect(step2.totals).toMatchObject({ enrolled: 8, sent: 0, opened: 0 });
    // Variants add up to the step, each from its own rows.
    const byVariant = (label: string) =>
      step1.variants.find((v: { label: string }) => v.label === label).counts;
    for (const label of ['A', 'B']) {
      const mine = rows.filter((r) => r.variant === label);
      expect(byVariant(label).sent).toBe(mine.length);
      expect(byVariant(label).opened).toBe(mine.filter((r) => [r0, r1, r2].includes(r)).length);
      expect(byVariant(label).replied).toBe(mine.filter((r) => [r0, r1].includes(r)).length);
    }
    expect(byVariant('A').enrolled + byVariant('B').enrolled).toBe(8);
    // Readers need outreach:read; another workspace sees no such sequence.
    const other = await t.workspace('Other');
    expect((await other.admin.get(`/api/v1/outreach/sequences/${seq}/metrics`)).statusCode).toBe(404);
  });

  it('an empty sequence has zeros and no median', async () => {
    const s = await ok(await recruiter.get(`/api/v1/outreach/sequences/${seq}`));
    const copy = await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'Empty',
        status: 'draft',
        window: s.window,
        stopStatuses: [],
        steps: s.steps.map((x: { kind: string; delay: unknown; variants: { templateId: string }[] }) => ({
          kind: x.kind,
          delay: x.delay,
          variants: x.variants.map((v) => ({ templateId: v.templateId })),
        })),
      }),
      201,
    );
    const m = await ok(await recruiter.get(`/api/v1/outreach/sequences/${copy.id}/metrics`));
    expect(m.totals).toMatchObject({ enrolled: 0, sent: 0, replied: 0, medianResponseSeconds: null });
    expect(m.steps[0].variants).toHaveLength(2);
  });
});
