import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSystemActor } from '../../src/modules/identity/index.ts';
import {
  applyTracking,
  configureDelivery,
  dispatchDue,
  handOffDue,
  signToken,
  startInboundSmtp,
  trackingFor,
} from '../../src/modules/outreach/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

// Monday 2026-03-09 13:00Z (09:00 in New York); the Gmail reply fixture is dated Tuesday 14:41Z.
const NOW = new Date('2026-03-09T13:00:00Z');
const clock = fixedClock(NOW);
const BASE_URL = 'http://prospector.test';

let t: TestApp;
let admin: Client;
let recruiter: Client;
let gateway: Client;
let otherGateway: Client;
let workspaceId: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const base = () => ({ db: t.database.db, clock, log: t.systemCtx(workspaceId).log, queue: t.tasks.queue });
const q = <R>(s: ReturnType<typeof sql>) => queryRows<R>(t.database.db, s);
const fixture = (name: string, messageId: string) =>
  readFileSync(path.join(import.meta.dirname, '../fixtures/mail', name), 'utf8').replaceAll(
    '{{ORIGINAL_MESSAGE_ID}}',
    messageId,
  );

async function token(by: Client, scopes: string[]): Promise<Client> {
  const r = await ok(
    await by.post('/api/v1/api-tokens', { name: 'Mail gateway', scopes, expiresInDays: 30 }),
    201,
  );
  return new Client(
    t.app,
    { bearer: r.secret },
    { userId: by.info.userId, workspaceId: by.info.workspaceId, email: '' },
  );
}

function postMail(by: Client | null, raw: string | Buffer, contentType = 'message/rfc822') {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/inbound/email',
    headers: { 'content-type': contentType, ...(by ? { authorization: `Bearer ${by.auth.bearer}` } : {}) },
    payload: raw,
  });
}

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

interface Sent {
  id: string;
  message_id: string;
  enrollment_id: string;
  candidate_id: string;
  recipient: string;
}
const sent = new Map<string, Sent>();
let seq: string;
let seq2: string;
const names = ['Nia', 'Gus', 'Una', 'Otto', 'Cora', 'Tia'] as const;
const ids: Record<string, string> = {};

beforeAll(async () => {
  configureDelivery({ smtpUrl: undefined, transport: undefined, baseUrl: BASE_URL });
  t = await createTestApp({ clock, env: { PROSPECTOR_BASE_URL: BASE_URL } });
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  gateway = await token(admin, ['outreach:inbound']);
  const other = await t.workspace('Elsewhere');
  otherGateway = await token(other.admin, ['outreach:inbound']);
  const tpl = async (body: Record<string, unknown>) =>
    (await ok(await recruiter.post('/api/v1/outreach/templates', { shared: true, ...body }), 201))
      .id as string;
  const intro = await tpl({
    name: 'Intro',
    kind: 'email',
    subject: 'Hello {{ first_name }}',
    html: '<p>Hi {{ first_name }}, <a href="https://jobs.example.com/role?id=1&amp;src=mail">the role</a></p>',
    body: 'Hi {{ first_name }}',
  });
  const follow = await tpl({ name: 'Follow', kind: 'email', subject: '', html: '<p>Bump</p>', body: 'Bump' });
  const window = { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] };
  const steps = [
    { kind: 'email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: intro }] },
    { kind: 'reply_email', delay: { amount: 3, unit: 'business_days' }, variants: [{ templateId: follow }] },
  ];
  seq = (
    await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'Main',
        status: 'active',
        window,
        stopStatuses: [],
        steps,
      }),
      201,
    )
  ).id;
  seq2 = (
    await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'Second',
        status: 'active',
        window,
        stopStatuses: [],
        steps: [
          { kind: 'email', delay: { amount: 2, unit: 'business_days' }, variants: [{ templateId: intro }] },
        ],
      }),
      201,
    )
  ).id;
  for (const name of names) ids[name] = await candidate(name);
  await ok(
    await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
      selection: { candidateIds: Object.values(ids) },
    }),
  );
  // Nia and Una are in a second sequence too (its first email is two days away).
  await ok(
    await recruiter.post(`/api/v1/outreach/sequences/${seq2}/enrollments`, {
      selection: { candidateIds: [ids.Nia, ids.Una] },
    }),
  );
  await handOffDue(base(), workspaceSystemActor);
  await dispatchDue(base(), workspaceSystemActor);
  const rows = await q<Sent>(
    sql`select id, message_id, enrollment_id, candidate_id, recipient from outreach_outbox
        where workspace_id = ${workspaceId} and status = 'sent'`,
  );
  for (const name of names) sent.set(name, rows.find((r) => r.candidate_id === ids[name])!);
  expect(rows).toHaveLength(names.length);
  clock.set(new Date('2026-03-10T15:00:00Z'));
});
afterAll(async () => {
  await t?.close();
});

const enrollmentOf = async (name: string) =>
  ok(await recruiter.get(`/api/v1/enrollments/${sent.get(name)!.enrollment_id}`));
const timeline = async (name: string) =>
  (await ok(await recruiter.get(`/api/v1/candidates/${ids[name]}/activities?limit=100`))).items as {
    kind: string;
    summary: string;
  }[];

describe('inbound mail endpoint', () => {
  it('needs an API token holding outreach:inbound', async () => {
    const raw = fixture('gmail-reply.eml', sent.get('Nia')!.message_id);
    expect((await postMail(null, raw)).statusCode).toBe(401);
    const reader = await token(recruiter, ['outreach:read']);
    expect((await postMail(reader, raw)).statusCode).toBe(403);
  });

  it('refuses a body over 10 MB with 413', async () => {
    const res = await postMail(gateway, Buffer.alloc(10 * 1024 * 1024 + 1, 'a'), 'text/plain');
    expect(res.statusCode).toBe(413);
  });

  it('a reply: replied event with the response time, stored reply, every live enrollment stopped, timeline', async () => {
    const nia = sent.get('Nia')!;
    const raw = fixture('gmail-reply.eml', nia.message_id);
    // Another workspace's gateway cannot thread to this workspace's message.
    expect((await ok(await postMail(otherGateway, raw))).outcome).toBe('unmatched');
    const r = await ok(await postMail(gateway, raw, 'text/plain'));
    expect(r).toMatchObject({
      outcome: 'reply',
      outboxId: nia.id,
      enrollmentId: nia.enrollment_id,
      stoppedEnrollments: 2,
    });
    const e = await enrollmentOf('Nia');
    expect(e).toMatchObject({ status: 'stopped', stopReason: 'replied' });
    expect(e.steps[1].status).toBe('cancelled');
    const others = await ok(await recruiter.get(`/api/v1/enrollments?candidateId=${ids.Nia}`));
    expect(others.items.map((x: { status: string }) => x.status)).toEqual(['stopped', 'stopped']);
    const reply = await ok(await recruiter.get(`/api/v1/outreach/replies/${r.replyId}`));
    const sentAt = (
      await q<{ sent_at: Date }>(sql`select sent_at from outreach_outbox where id = ${nia.id}`)
    )[0]!.sent_at;
    expect(reply).toMatchObject({
      subject: 'Re: Hello Nia',
      fromAddress: 'nia@example.com',
      receivedAt: '2026-03-10T14:41:00.000Z',
      responseSeconds: Math.round((Date.parse('2026-03-10T14:41:00Z') - new Date(sentAt).getTime()) / 1000),
      classification: null,
    });
    expect(reply.excerpt).toContain("I'd be happy to talk");
    expect(reply.excerpt).not.toContain('Staff Engineer');
    const kinds = (await timeline('Nia')).map((a) => a.kind);
    expect(kinds).toContain('outreach.replied');
    expect(kinds).toContain('outreach.stopped');
    // The gateway retrying the same message records nothing again.
    expect((await ok(await postMail(gateway, raw))).outcome).toBe('duplicate');
    const n = await q<{ n: number }>(
      sql`select count(*)::int as n from outreach_replies where outbox_id = ${nia.id}`,
    );
    expect(n[0]!.n).toBe(1);
  });

  it('a reply shown to someone without contact access has no sender address', async () => {
    const manager = await t.user(workspaceId, { roles: ['hiring_manager'] });
    const list = await ok(await manager.get(`/api/v1/outreach/replies?candidateId=${ids.Nia}`));
    expect(list.items).toHaveLength(1);
    expect(list.items[0].fromAddress).toBeUndefined();
    expect(list.items[0].redactedFields).toEqual(['fromAddress']);
  });

  it('an out-of-office answer is recorded as auto_reply and stops nothing', async () => {
    const otto = sent.get('Otto')!;
    const r = await ok(await postMail(gateway, fixture('outlook-auto-reply.eml', otto.message_id)));
    expect(r).toMatchObject({ outcome: 'auto_reply', stoppedEnrollments: 0, replyId: null });
    expect((await enrollmentOf('Otto')).status).toBe('active');
    expect((await timeline('Otto')).map((a) => a.kind)).toContain('outreach.auto_reply');
  });

  it('a read receipt (MDN) is an auto_reply: no reply stored, nothing stops', async () => {
    const cora = sent.get('Cora')!;
    const r = await ok(await postMail(gateway, fixture('outlook-read-receipt.eml', cora.message_id)));
    expect(r).toMatchObject({
      outcome: 'auto_reply',
      outboxId: cora.id,
      stoppedEnrollments: 0,
      replyId: null,
    });
    expect((await enrollmentOf('Cora')).status).toBe('active');
    const ev = await q<{ reason: string }>(
      sql`select detail->>'reason' as reason from outreach_events where outbox_id = ${cora.id} and kind = 'auto_reply'`,
    );
    expect(ev.map((e) => e.reason)).toEqual(['multipart/report; report-type=disposition-notification']);
  });

  it('a permanent DSN bounce suppresses the address and stops that enrollment; a delay stops nothing', async () => {
    const gus = sent.get('Gus')!;
    const dsn = fixture('postfix-dsn-permanent.eml', gus.message_id).replaceAll(
      'ghost@example.org',
      gus.recipient.toUpperCase(),
    );
    const r = await ok(await postMail(gateway, dsn));
    expect(r).toMatchObject({ outcome: 'bounce', permanentBounce: true, stoppedEnrollments: 1 });
    expect(await enrollmentOf('Gus')).toMatchObject({ status: 'stopped', stopReason: 'bounced' });
    const sup = await q<{ address: string }>(
      sql`select address from outreach_suppressions where workspace_id = ${workspaceId}`,
    );
    expect(sup.map((s) => s.address)).toEqual([gus.recipient.toLowerCase()]);
    expect((await timeline('Gus')).find((a) => a.kind === 'outreach.bounced')?.summary).toMatch(/5\.1\.1/);

    const cora = sent.get('Cora')!;
    const d = await ok(await postMail(gateway, fixture('postfix-dsn-delayed.eml', cora.message_id)));
    expect(d).toMatchObject({ outcome: 'bounce', permanentBounce: false, stoppedEnrollments: 0 });
    expect((await enrollmentOf('Cora')).status).toBe('active');
  });

  it('a permanent DSN naming another recipient (a forwarded copy) is recorded but suppresses nothing', async () => {
    const cora = sent.get('Cora')!;
    const dsn = fixture('postfix-dsn-permanent.eml', cora.message_id).replace(
      /^Message-Id: .*$/m,
      'Message-Id: <20260310090000.forwarded@mx1.acme-talent.example>',
    );
    const r = await ok(await postMail(gateway, dsn));
    expect(r).toMatchObject({ outcome: 'bounce', permanentBounce: false, stoppedEnrollments: 0 });
    expect((await enrollmentOf('Cora')).status).toBe('active');
    const sup = await q<{ address: string }>(
      sql`select address from outreach_suppressions where address = ${cora.recipient.toLowerCase()}`,
    );
    expect(sup).toEqual([]);
    const ev = await q<{ detail: Record<string, unknown> }>(
      sql`select detail from outreach_events where id = ${r.eventId}`,
    );
    expect(ev[0]!.detail).toMatchObject({ permanent: false, recipientMismatch: true });
    expect(ev[0]!.detail.note).toMatch(/ghost@example\.org.*forwarded copy/);
  });

  it('mail naming nothing we sent is unmatched; a non-message is a 400', async () => {
    const r = await ok(await postMail(gateway, fixture('gmail-reply.eml', '<nothing@nowhere.example>')));
    expect(r.outcome).toBe('unmatched');
    expect((await postMail(gateway, '', 'text/plain')).statusCode).toBe(415);
  });
});

describe('unsubscribe (RFC 8058)', () => {
  const unsubToken = async (name: string) => {
    const ctx = t.systemCtx(workspaceId);
    const s = await trackingFor(ctx, BASE_URL);
    return signToken(s.tokenSecret, { purpose: 'unsubscribe', workspaceId, outboxId: sent.get(name)!.id });
  };

  it('the link in the dev mailbox shows a confirmation page; a forged token does not', async () => {
    const mail = await ok(await recruiter.get('/api/v1/outreach/dev-mailbox?limit=50'));
    const una = mail.items.find((m: { messageId: string }) => m.messageId === sent.get('Una')!.message_id);
    const full = await ok(await recruiter.get(`/api/v1/outreach/dev-mailbox/${una.id}`));
    const header = full.headers['List-Unsubscribe'] as string;
    expect(full.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = header.slice(1, -1).replace(BASE_URL, '');
    const page = await t.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    const forged = `${url.slice(0, -3)}${url.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`;
    expect((await t.app.inject({ method: 'GET', url: forged })).statusCode).toBe(404);
  });

  it('one-click POST with no session writes the ledger, stops enrollments and blocks further sends', async () => {
    const tok = await unsubToken('Una');
    const post = (body: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/unsubscribe/${tok}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });
    expect((await post('List-Unsubscribe=Maybe')).statusCode).toBe(400);
    const res = await post('List-Unsubscribe=One-Click');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
    const list = await ok(await recruiter.get(`/api/v1/enrollments?candidateId=${ids.Una}`));
    expect(list.items.map((x: { status: string; stopReason: string }) => [x.status, x.stopReason])).toEqual([
      ['stopped', 'unsubscribed'],
      ['stopped', 'unsubscribed'],
    ]);
    const ledger = await ok(await recruiter.get(`/api/v1/candidates/${ids.Una}/consents`));
    expect(ledger.decisions.find((d: { channel: string }) => d.channel === 'email')).toMatchObject({
      allowed: false,
      reason: 'withdrawn',
    });
    const kinds = (await timeline('Una')).map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(['outreach.unsubscribed', 'consent.withdrawn']));
    // A second click changes nothing.
    expect((await post('List-Unsubscribe=One-Click')).statusCode).toBe(200);
    const w = await q<{ n: number }>(
      sql`select count(*)::int as n from consents where candidate_id = ${ids.Una} and withdrawn_at is not null`,
    );
    expect(w[0]!.n).toBe(1);
    // Re-enrolling is refused by the consent ledger.
    const again = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
        selection: { candidateIds: [ids.Una] },
      }),
    );
    expect(again.results[0]).toMatchObject({ outcome: 'skipped', reason: 'no_consent' });
  });

  it('a consent withdrawal by a recruiter stops live email enrollments too', async () => {
    await ok(
      await recruiter.post(`/api/v1/candidates/${ids.Tia}/consents/withdraw`, {
        purpose: 'contact',
        channel: 'email',
        reason: 'Asked on the phone',
      }),
    );
    expect(await enrollmentOf('Tia')).toMatchObject({ status: 'stopped', stopReason: 'consent_withdrawn' });
  });
});

describe('tracking', () => {
  it('applyTracking rewrites links through signed redirects and adds the pixel; both record events', async () => {
    const cora = sent.get('Cora')!;
    const s = await trackingFor(t.systemCtx(workspaceId), BASE_URL);
    const html = applyTracking(
      '<html><body><p><a href="https://jobs.example.com/role?id=1&amp;src=mail">role</a> <a href="mailto:x@y.z">mail</a></p></body></html>',
      cora.id,
      s,
    );
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links[1]).toBe('mailto:x@y.z');
    const click = links[0]!.replace(BASE_URL, '');
    expect(click).toMatch(/^\/api\/v1\/t\/c\//);
    const pixel = /<img src="([^"]+)"/.exec(html)![1]!.replace(BASE_URL, '');
    expect(html.indexOf('<img')).toBeLessThan(html.indexOf('</body>'));

    const open = await t.app.inject({ method: 'GET', url: pixel });
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-type']).toBe('image/gif');
    expect(open.headers['cache-control']).toMatch(/no-store/);
    expect(open.rawPayload.subarray(0, 6).toString()).toBe('GIF89a');
    await t.app.inject({ method: 'GET', url: pixel }); // the same hour: counted once
    const go = await t.app.inject({ method: 'GET', url: click });
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe('https://jobs.example.com/role?id=1&src=mail');
    const ev = await q<{ kind: string; n: number }>(
      sql`select kind, count(*)::int as n from outreach_events where outbox_id = ${cora.id}
          and kind in ('opened', 'clicked') group by kind order by kind`,
    );
    expect(ev).toEqual([
      { kind: 'clicked', n: 1 },
      { kind: 'opened', n: 1 },
    ]);
    expect((await timeline('Cora')).map((a) => a.kind)).toEqual(
      expect.arrayContaining(['outreach.opened', 'outreach.clicked']),
    );
  });

  it('refuses forged and unsigned targets (no open redirect)', async () => {
    const cora = sent.get('Cora')!;
    const forged = signToken('not-the-secret', {
      purpose: 'click',
      workspaceId,
      outboxId: cora.id,
      data: 'https://evil.example',
    });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/c/${forged}` })).statusCode).toBe(404);
    const s = await trackingFor(t.systemCtx(workspaceId), BASE_URL);
    const js = signToken(s.tokenSecret, {
      purpose: 'click',
      workspaceId,
      outboxId: cora.id,
      data: 'javascript:alert(1)',
    });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/c/${js}` })).statusCode).toBe(404);
    // An open token is not a click token.
    const open = signToken(s.tokenSecret, { purpose: 'open', workspaceId, outboxId: cora.id });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/c/${open}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/o/${forged}.gif` })).statusCode).toBe(404);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/t/c/abc?url=https://evil.example' });
    expect(res.statusCode).toBe(404);
  });

  it('switched off per workspace: nothing is added or recorded, links still work', async () => {
    expect(
      (await recruiter.put('/api/v1/outreach/tracking', { opens: false, clicks: false })).statusCode,
    ).toBe(403);
    await ok(await admin.put('/api/v1/outreach/tracking', { opens: false, clicks: false }));
    expect(await ok(await recruiter.get('/api/v1/outreach/tracking'))).toEqual({
      opens: false,
      clicks: false,
    });
    const otto = sent.get('Otto')!;
    const s = await trackingFor(t.systemCtx(workspaceId), BASE_URL);
    const html = '<p><a href="https://jobs.example.com/x">x</a></p>';
    expect(applyTracking(html, otto.id, s)).toBe(html);
    const tok = signToken(s.tokenSecret, {
      purpose: 'click',
      workspaceId,
      outboxId: otto.id,
      data: 'https://jobs.example.com/x',
    });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/c/${tok}` })).statusCode).toBe(302);
    const ev = await q<{ n: number }>(
      sql`select count(*)::int as n from outreach_events where outbox_id = ${otto.id} and kind = 'clicked'`,
    );
    expect(ev[0]!.n).toBe(0);
    await ok(await admin.put('/api/v1/outreach/tracking', { opens: true, clicks: true }));
  });
});

describe('only sent messages take replies and tracking', () => {
  it('a reply, an open or a click for an outbox row that is not sent attaches nothing; unsubscribe still works', async () => {
    const tia = sent.get('Tia')!;
    const s = await trackingFor(t.systemCtx(workspaceId), BASE_URL);
    for (const status of ['failed', 'cancelled', 'pending', 'dead']) {
      await q(sql`update outreach_outbox set status = ${status} where id = ${tia.id}`);
      const raw = fixture('gmail-reply.eml', tia.message_id).replace(
        /^Message-ID: .*$/m,
        `Message-ID: <not-sent-${status}@mail.gmail.com>`,
      );
      expect((await ok(await postMail(gateway, raw))).outcome).toBe('unmatched');
      const open = signToken(s.tokenSecret, { purpose: 'open', workspaceId, outboxId: tia.id });
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/o/${open}.gif` })).statusCode).toBe(200);
      const click = signToken(s.tokenSecret, {
        purpose: 'click',
        workspaceId,
        outboxId: tia.id,
        data: 'https://jobs.example.com/x',
      });
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/c/${click}` })).statusCode).toBe(302);
    }
    const ev = await q<{ n: number }>(
      sql`select count(*)::int as n from outreach_events where outbox_id = ${tia.id}
          and kind in ('opened', 'clicked', 'replied', 'auto_reply', 'bounced')`,
    );
    expect(ev[0]!.n).toBe(0);
    const unsub = signToken(s.tokenSecret, { purpose: 'unsubscribe', workspaceId, outboxId: tia.id });
    const u = await t.app.inject({
      method: 'POST',
      url: `/api/v1/unsubscribe/${unsub}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(u.statusCode, u.body).toBe(200);
    await q(sql`update outreach_outbox set status = 'sent' where id = ${tia.id}`);
  });
});

describe('a reply naming messages sent to different candidates', () => {
  it('goes to the candidate the sender is, and records the mismatch', async () => {
    const cora = sent.get('Cora')!;
    const tia = sent.get('Tia')!;
    const raw = [
      `From: Cora Tester <${cora.recipient}>`,
      'To: nora.sourcer@acme-talent.example',
      'Subject: Re: Hello Tia',
      'Message-ID: <two-candidates-1@mail.example.com>',
      `In-Reply-To: ${tia.message_id}`,
      `References: ${cora.message_id} ${tia.message_id}`,
      '',
      'Tia forwarded this to me, I am interested too.',
      '',
    ].join('\r\n');
    const r = await ok(await postMail(gateway, raw));
    expect(r).toMatchObject({ outcome: 'reply', outboxId: cora.id, candidateId: ids.Cora });
    const ev = await q<{ detail: Record<string, unknown> }>(
      sql`select detail from outreach_events where id = ${r.eventId}`,
    );
    expect(ev[0]!.detail.threading).toMatchObject({ candidateMismatch: true, chosenBy: 'sender' });
    expect((ev[0]!.detail.threading as { candidates: string[] }).candidates.sort()).toEqual(
      [ids.Cora, ids.Tia].sort(),
    );
  });
});

describe('long message ids', () => {
  it('a reply with a very long non-ASCII Message-ID is stored and deduplicated (no index overflow)', async () => {
    const gus = sent.get('Gus')!;
    const raw = Buffer.from(
      [
        `From: Gus Tester <${gus.recipient}>`,
        'To: nora.sourcer@acme-talent.example',
        'Subject: Re: Hello',
        `Message-ID: <${'日本語'.repeat(1500)}@mail.example.com>`,
        `In-Reply-To: ${gus.message_id}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Happy to talk.',
        '',
      ].join('\r\n'),
      'utf8',
    );
    const r = await ok(await postMail(gateway, raw));
    expect(r.outcome).toBe('reply');
    expect((await ok(await postMail(gateway, raw))).outcome).toBe('duplicate');
    const row = await q<{ n: number }>(
      sql`select octet_length(message_id)::int as n from outreach_replies where id = ${r.replyId}`,
    );
    expect(row[0]!.n).toBeLessThanOrEqual(1000);
  });
});

describe('embedded SMTP listener', () => {
  it('refuses a message over the size limit with 552 without keeping it', async () => {
    const limit = 64 * 1024;
    const smtp = await startInboundSmtp({
      host: '127.0.0.1',
      port: 0,
      maxBytes: limit,
      base: base(),
      asWorkspace: (ws) => ({ ...base(), actor: workspaceSystemActor(ws) }),
    });
    try {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        ignoreTLS: true,
      });
      const line = `${'x'.repeat(76)}\r\n`;
      const raw = `From: a@example.com\r\nTo: b@example.com\r\nSubject: big\r\n\r\n${line.repeat(30_000)}`;
      // The client does not announce the size (nodemailer sends no SIZE= for a raw message without it).
      const err = await transport
        .sendMail({ envelope: { from: 'a@example.com', to: ['replies@acme.example'] }, raw })
        .then(
          () => null,
          (e: { responseCode?: number }) => e,
        );
      transport.close();
      expect(err?.responseCode).toBe(552);
      expect(smtp.stats().maxBuffered).toBeLessThanOrEqual(limit);
    } finally {
      await smtp.close();
    }
  });

  it('takes a reply over SMTP and handles it like the endpoint, in the workspace of the message', async () => {
    const otto = sent.get('Otto')!;
    const smtp = await startInboundSmtp({
      host: '127.0.0.1',
      port: 0,
      base: base(),
      asWorkspace: (ws) => ({ ...base(), actor: workspaceSystemActor(ws) }),
    });
    try {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        ignoreTLS: true,
      });
      const raw = fixture('gmail-reply.eml', otto.message_id).replace(
        /^Message-ID: .*$/m,
        'Message-ID: <smtp-reply-1@mail.gmail.com>',
      );
      await transport.sendMail({ envelope: { from: 'otto@example.com', to: ['replies@acme.example'] }, raw });
      transport.close();
      expect(await enrollmentOf('Otto')).toMatchObject({ status: 'stopped', stopReason: 'replied' });
      // Mail naming nothing we sent is accepted and dropped.
      const t2 = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        ignoreTLS: true,
      });
      await t2.sendMail({
        envelope: { from: 'x@example.com', to: ['replies@acme.example'] },
        raw: fixture('gmail-reply.eml', '<unknown@nowhere.example>'),
      });
      t2.close();
    } finally {
      await smtp.close();
    }
  });
});
