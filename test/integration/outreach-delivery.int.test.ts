import type { LightMyRequestResponse } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceSystemActor } from '../../src/modules/identity/index.ts';
import {
  configureDelivery,
  dispatchDue,
  handOffDue,
  verifyLinkToken,
} from '../../src/modules/outreach/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { type Client, createTestApp, type TestApp } from '../support/app.ts';

// Monday 2026-03-09 14:00Z = 10:00 in New York (EDT since 8 March).
const NOW = new Date('2026-03-09T14:00:00Z');
const clock = fixedClock(NOW);
const HOUR = 3_600_000;

let t: TestApp;
let admin: Client;
let recruiter: Client;
let sourcer: Client;
let workspaceId: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const base = () => ({ db: t.database.db, clock, log: t.systemCtx(workspaceId).log, queue: t.tasks.queue });
const handOff = () => handOffDue(base(), workspaceSystemActor);
const dispatch = () => dispatchDue(base(), workspaceSystemActor);
const q = <R>(s: ReturnType<typeof sql>) => queryRows<R>(t.database.db, s);

let n = 0;
async function candidate(first: string, over: Record<string, unknown> = {}): Promise<string> {
  n += 1;
  return (
    await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: first,
        lastName: 'Tester',
        emails: [{ address: `${first.toLowerCase()}.${n}@example.com` }],
        phones: [{ number: '+12025550142' }],
        location: { country: 'US' },
        timeZone: 'America/New_York',
        ...over,
      }),
      201,
    )
  ).id;
}

const window = { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] };
let intro: string;
let follow: string;
let call: string;
let seqA: string;
let single1: string;
let single2: string;
let oneStep: unknown[];

async function sequence(
  name: string,
  steps: unknown[],
  by: Client = recruiter,
  w: typeof window = window,
): Promise<string> {
  return (
    await ok(
      await by.post('/api/v1/outreach/sequences', {
        name,
        status: 'active',
        window: w,
        stopStatuses: ['hired'],
        steps,
      }),
      201,
    )
  ).id;
}
async function enroll(seq: string, ids: string[], by: Client = recruiter) {
  const r = await ok(
    await by.post(`/api/v1/outreach/sequences/${seq}/enrollments`, { selection: { candidateIds: ids } }),
    200,
  );
  expect(r.enrolled, JSON.stringify(r)).toBe(ids.length);
  return r.results.map((x: { enrollmentId: string }) => x.enrollmentId) as string[];
}
async function settings(over: Record<string, unknown>) {
  const cur = await ok(await admin.get('/api/v1/outreach/settings'));
  return ok(
    await admin.put('/api/v1/outreach/settings', {
      frequencyCap: cur.frequencyCap,
      senderDailyLimit: cur.senderDailyLimit,
      domainThrottle: { perMinute: 0, perHour: 0 },
      version: cur.version,
      ...over,
    }),
  );
}

beforeAll(async () => {
  configureDelivery({ smtpUrl: undefined, transport: undefined, baseUrl: 'http://prospector.test' });
  t = await createTestApp({ clock });
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  sourcer = await t.user(workspaceId, { roles: ['sourcer'] });
  await ok(await admin.patch('/api/v1/candidate-settings', { defaultTimeZone: 'America/New_York' }));
  const tpl = async (body: Record<string, unknown>) =>
    (await ok(await recruiter.post('/api/v1/outreach/templates', { shared: true, ...body }), 201))
      .id as string;
  intro = await tpl({
    name: 'Intro',
    kind: 'email',
    subject: 'Hello {{ first_name }}',
    html: '<p>Hi {{ first_name }}</p>',
    body: 'Hi {{ first_name }}, {{ sender.name }}',
  });
  follow = await tpl({ name: 'Follow', kind: 'email', subject: '', html: '<p>Bump</p>', body: 'Bump' });
  call = await tpl({ name: 'Call', kind: 'call_task', body: 'Call {{ first_name }} about the role' });
  seqA = await sequence('Three touches', [
    { kind: 'email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: intro }] },
    { kind: 'reply_email', delay: { amount: 1, unit: 'business_days' }, variants: [{ templateId: follow }] },
    { kind: 'phone_task', delay: { amount: 2, unit: 'hours' }, variants: [{ templateId: call }] },
  ]);
  const one = [{ kind: 'email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: intro }] }];
  oneStep = one;
  single1 = await sequence('Single one', one);
  single2 = await sequence('Single two', one);
});
afterAll(async () => {
  await t?.close();
  configureDelivery({ transport: undefined, smtpUrl: undefined });
});

describe('settings', () => {
  it('read by outreach readers, changed by managers only, with the version', async () => {
    const s = await ok(await recruiter.get('/api/v1/outreach/settings'));
    expect(s).toMatchObject({ frequencyCap: { touches: 3, days: 7 }, delivery: 'dev_mailbox', version: 1 });
    expect((await recruiter.put('/api/v1/outreach/settings', { ...s, version: 1 })).statusCode).toBe(403);
    const bad = await admin.put('/api/v1/outreach/settings', {
      frequencyCap: { touches: -1, days: 0 },
      senderDailyLimit: 10,
      domainThrottle: { perMinute: 0, perHour: 0 },
      version: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['frequencyCap.days', 'frequencyCap.touches']);
    const saved = await settings({ frequencyCap: { touches: 5, days: 7 } });
    expect(saved.version).toBe(2);
    expect((await admin.put('/api/v1/outreach/settings', { ...saved, version: 1 })).statusCode).toBe(409);
  });
});

let c1: string;
let c2: string;
let c3: string;
let e3: string;

describe('hand-off, guards and the dev mailbox', () => {
  it('hands due steps to the outbox and the dev mailbox receives them with stable ids and unsubscribe headers', async () => {
    // A GDPR candidate whose lawful basis lapses tomorrow (no write happens then: only the send-time guard sees it).
    c1 = await candidate('Una', { location: { country: 'DE' }, timeZone: 'Europe/Berlin' });
    await ok(
      await recruiter.post(`/api/v1/candidates/${c1}/consents`, {
        purpose: 'contact',
        channel: 'email',
        lawfulBasis: 'legitimate_interest',
        evidence: 'Replied on LinkedIn',
        expiresAt: new Date(NOW.getTime() + 20 * HOUR).toISOString(),
      }),
      201,
    );
    c2 = await candidate('Dov');
    c3 = await candidate('Tia');
    e3 = (await enroll(seqA, [c1, c2, c3]))[2]!;
    expect(await handOff()).toMatchObject({ scheduled: 3, blocked: 0 });
    const out = await ok(await recruiter.get('/api/v1/outreach/outbox?status=pending'));
    expect(out.items).toHaveLength(3);
    expect(await dispatch()).toMatchObject({ sent: 3, recovered: 0 });
    expect(await dispatch()).toMatchObject({ sent: 0 });
    const box = await ok(await recruiter.get('/api/v1/outreach/dev-mailbox'));
    expect(box.items).toHaveLength(3);
    const mail = await ok(await recruiter.get(`/api/v1/outreach/dev-mailbox/${box.items[0].id}`));
    const sent = await ok(await recruiter.get('/api/v1/outreach/outbox?status=sent'));
    expect(sent.items.map((i: { messageId: string }) => i.messageId)).toContain(mail.messageId);
    expect(mail.messageId).toMatch(/^<[0-9a-f.-]+@example\.com>$/);
    expect(mail.subject).toMatch(/^Hello (Una|Dov|Tia)$/);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = /^<http:\/\/prospector\.test\/api\/v1\/unsubscribe\/([^>]+)>$/.exec(
      mail.headers['List-Unsubscribe'],
    )!;
    expect(url).not.toBeNull();
    expect(await verifyLinkToken(t.database.db, url[1]!, 'unsubscribe')).toMatchObject({
      workspaceId,
      outboxId: mail.outboxId,
    });
    expect(await verifyLinkToken(t.database.db, `${url[1]!}x`, 'unsubscribe')).toBeNull();
    expect(await verifyLinkToken(t.database.db, url[1]!, 'click')).toBeNull();
    const e = await ok(await recruiter.get(`/api/v1/enrollments/${e3}`));
    expect(e.steps.map((s: { status: string }) => s.status)).toEqual(['sent', 'planned', 'planned']);
    const tl = await ok(await recruiter.get(`/api/v1/candidates/${c3}/activities`));
    expect(tl.items.map((a: { kind: string }) => a.kind)).toContain('outreach.sent');
  });

  it('consent lapsed after enrollment and do-not-contact block the next send and stop the enrollment', async () => {
    const cand2 = await ok(await recruiter.get(`/api/v1/candidates/${c2}`));
    await ok(
      await recruiter.patch(`/api/v1/candidates/${c2}`, { status: 'do_not_contact', version: cand2.version }),
    );
    clock.advance(26 * HOUR);
    expect(await handOff()).toMatchObject({ scheduled: 1, blocked: 2 });
    const list = await ok(await recruiter.get(`/api/v1/enrollments?candidateId=${c1}`));
    const e1 = await ok(await recruiter.get(`/api/v1/enrollments/${list.items[0].id}`));
    expect(e1).toMatchObject({ status: 'stopped', stopReason: 'consent_withdrawn' });
    expect(e1.steps[1]).toMatchObject({ status: 'blocked' });
    expect(e1.steps[1].statusReason).toMatch(/^no_consent: .*expired/i);
    const list2 = await ok(await recruiter.get(`/api/v1/enrollments?candidateId=${c2}`));
    expect(list2.items[0]).toMatchObject({ status: 'stopped', stopReason: 'do_not_contact' });
    const tl = await ok(await recruiter.get(`/api/v1/candidates/${c1}/activities`));
    expect(tl.items.map((a: { kind: string }) => a.kind)).toContain('outreach.step_blocked');
    // The reply goes in the same thread.
    expect(await dispatch()).toMatchObject({ sent: 1 });
    const [reply] = await q<{ thread: string; subject: string; first: string }>(
      sql`select o.thread_message_id as thread, o.subject, f.message_id as first from outreach_outbox o
          join outreach_outbox f on f.enrollment_id = o.enrollment_id and f.id <> o.id
          where o.enrollment_id = ${e3} and o.created_at > f.created_at`,
    );
    expect(reply!.thread).toBe(reply!.first);
    expect(reply!.subject).toBe('Re: Hello Tia');
    const [dev] = await q<{ headers: Record<string, string> }>(
      sql`select headers from outreach_dev_mailbox where message_id <> ${reply!.first} and to_address like 'tia.%'`,
    );
    expect(dev!.headers['In-Reply-To']).toBe(reply!.first);
  });

  it('a phone step becomes a work item of the sender; completing it advances (and completes) the enrollment', async () => {
    clock.advance(3 * HOUR);
    expect(await handOff()).toMatchObject({ workItems: 1 });
    expect((await ok(await sourcer.get('/api/v1/outreach/work-items?mine=1'))).items).toHaveLength(0);
    const mine = await ok(await recruiter.get('/api/v1/outreach/work-items?mine=1&status=open'));
    expect(mine.items).toHaveLength(1);
    const item = mine.items[0];
    expect(item).toMatchObject({ kind: 'phone_task', candidateId: c3, timeZone: 'America/New_York' });
    expect(item.instructions).toBe('Call Tia about the role');
    expect((await sourcer.post(`/api/v1/outreach/work-items/${item.id}/complete`, {})).statusCode).toBe(403);
    const done = await ok(
      await recruiter.post(`/api/v1/outreach/work-items/${item.id}/complete`, { note: 'voicemail' }),
    );
    expect(done).toMatchObject({ status: 'done', note: 'voicemail' });
    expect((await recruiter.post(`/api/v1/outreach/work-items/${item.id}/skip`, {})).statusCode).toBe(409);
    const e = await ok(await recruiter.get(`/api/v1/enrollments/${e3}`));
    expect(e.status).toBe('completed');
    expect(e.steps.map((s: { status: string }) => s.status)).toEqual(['sent', 'sent', 'done']);
  });

  it('the frequency cap across two sequences defers the second touch to when a slot frees', async () => {
    await settings({ frequencyCap: { touches: 1, days: 2 } });
    const c4 = await candidate('Cap');
    await enroll(single1, [c4]);
    await enroll(single2, [c4]);
    expect(await handOff()).toMatchObject({ scheduled: 1, deferred: 1 });
    const [deferred] = await q<{ planned_at: Date; status_reason: string; status: string }>(
      sql`select s.planned_at, s.status_reason, s.status from outreach_enrollment_steps s
          join outreach_enrollments e on e.id = s.enrollment_id
          where e.candidate_id = ${c4} and s.status = 'planned'`,
    );
    expect(deferred!.status_reason).toMatch(/^deferred: Frequency cap/);
    expect(new Date(deferred!.planned_at).getTime()).toBe(clock.now().getTime() + 2 * 24 * HOUR);
    expect(await handOff()).toMatchObject({ scheduled: 0, deferred: 0 });
    clock.advance(2 * 24 * HOUR + 1000);
    expect(await handOff()).toMatchObject({ scheduled: 1 });
    await dispatch();
  });

  it("a sender's daily limit defers the rest to the next day", async () => {
    await settings({ frequencyCap: { touches: 5, days: 7 }, senderDailyLimit: 1 });
    const s1 = await sequence(
      'Sourcer single',
      [{ kind: 'email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: intro }] }],
      sourcer,
    );
    const a = await candidate('Lim');
    const b = await candidate('Lam');
    await enroll(s1, [a, b], sourcer);
    expect(await handOff()).toMatchObject({ scheduled: 1, deferred: 1 });
    const [d] = await q<{ planned_at: Date; status_reason: string }>(
      sql`select s.planned_at, s.status_reason from outreach_enrollment_steps s
          join outreach_enrollments e on e.id = s.enrollment_id
          where e.sequence_id = ${s1} and s.status = 'planned'`,
    );
    expect(d!.status_reason).toMatch(/daily limit/);
    expect(new Date(d!.planned_at).getTime()).toBeGreaterThan(clock.now().getTime());
    await dispatch();
    await settings({ senderDailyLimit: 300 });
  });
});

describe('SMTP delivery (smtp-server as the peer)', () => {
  let server: SMTPServer;
  const received: { id: string; rcpt: string; raw: string }[] = [];
  const rcptFails = new Map<string, number>();
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, cb) {
        const code = rcptFails.get(address.address);
        if (code === 451) {
          rcptFails.delete(address.address);
          const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return cb(err);
        }
        if (code === 550) return cb(Object.assign(new Error('No such user'), { responseCode: 550 }));
        cb();
      },
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (c: Buffer) => {
          raw += c.toString();
        });
        stream.on('end', () => {
          const id = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '';
          received.push({
            id,
            rcpt: session.envelope.rcptTo[0]!.address,
            raw: raw.replace(/\r\n[ \t]+/g, ' '),
          });
          cb();
        });
      },
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.server.address() as { port: number }).port;
    configureDelivery({ smtpUrl: `smtp://127.0.0.1:${port}`, retryBaseMs: 60_000 });
  });
  afterAll(async () => {
    configureDelivery({ smtpUrl: undefined });
    await new Promise<void>((res) => server.close(res));
  });

  it('delivers with the stable Message-ID and headers, retries 4xx with backoff, and a 5xx marks the address', async () => {
    const ok1 = await candidate('Smtp');
    const later = await candidate('Later');
    const bad = await candidate('Bounce');
    const addr = async (id: string) =>
      (await ok(await recruiter.get(`/api/v1/candidates/${id}`))).emails[0].address;
    rcptFails.set(await addr(later), 451);
    rcptFails.set(await addr(bad), 550);
    const eBad = (await enroll(single1, [ok1, later, bad]))[2]!;
    expect(await handOff()).toMatchObject({ scheduled: 3 });
    expect(await dispatch()).toMatchObject({ sent: 1, retried: 1, failed: 1 });
    expect(received).toHaveLength(1);
    const [row] = await q<{ message_id: string }>(
      sql`select message_id from outreach_outbox where candidate_id = ${ok1}`,
    );
    expect(received[0]!.id).toBe(row!.message_id);
    expect(received[0]!.raw).toMatch(
      /^List-Unsubscribe: <http:\/\/prospector\.test\/api\/v1\/unsubscribe\//m,
    );
    expect(received[0]!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    const [retry] = await q<{ status: string; attempts: number; next_attempt_at: Date }>(
      sql`select status, attempts, next_attempt_at from outreach_outbox where candidate_id = ${later}`,
    );
    expect(retry).toMatchObject({ status: 'pending', attempts: 1 });
    expect(new Date(retry!.next_attempt_at).getTime()).toBe(clock.now().getTime() + 60_000);
    expect(await dispatch()).toMatchObject({ sent: 0 });
    clock.advance(61_000);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect(received.map((r) => r.rcpt)).toEqual([await addr(ok1), await addr(later)]);
    const [failed] = await q<{ status: string; permanent: boolean }>(
      sql`select status, permanent from outreach_outbox where candidate_id = ${bad}`,
    );
    expect(failed).toMatchObject({ status: 'failed', permanent: true });
    const e = await ok(await recruiter.get(`/api/v1/enrollments/${eBad}`));
    expect(e).toMatchObject({ status: 'stopped', stopReason: 'bounced' });
    // The address is suppressed: a new enrollment is blocked at hand-off, nothing is sent.
    await enroll(single2, [bad]);
    expect(await handOff()).toMatchObject({ scheduled: 0, blocked: 1 });
    const logs = await q<{ outcome: string; n: number }>(
      sql`select outcome, count(*)::int as n from outreach_send_log group by outcome order by outcome`,
    );
    expect(logs.find((l) => l.outcome === 'started')).toBeUndefined();
  });

  it('puts a retry whose backoff ends after the window off to the next sending slot, in local time', async () => {
    // 09:00-17:00 Monday to Friday, New York; Friday 13 March 2026, noon there (daylight time; the earlier
    // tests left the clock on Thursday evening).
    expect(clock.now().getTime()).toBeLessThan(Date.parse('2026-03-13T16:00:00Z'));
    clock.set(new Date('2026-03-13T16:00:00Z'));
    const office = await sequence('Office hours', oneStep, recruiter, {
      start: '09:00',
      end: '17:00',
      days: [1, 2, 3, 4, 5],
    });
    const late = await candidate('Backoff');
    const address = (await ok(await recruiter.get(`/api/v1/candidates/${late}`))).emails[0].address;
    rcptFails.set(address, 451);
    await enroll(office, [late]);
    // (Steps of the earlier tests' enrollments may fall due with the clock too.)
    expect((await handOff()).scheduled).toBeGreaterThanOrEqual(1);
    configureDelivery({ retryBaseMs: 6 * 3_600_000 }); // 18:00 local: after the window
    try {
      expect((await dispatch()).retried).toBe(1);
    } finally {
      configureDelivery({ retryBaseMs: 60_000 });
    }
    const [retry] = await q<{ status: string; next_attempt_at: Date }>(
      sql`select status, next_attempt_at from outreach_outbox where candidate_id = ${late}`,
    );
    expect(retry?.status).toBe('pending');
    // Monday 09:00 in New York, not 18:00 on Friday.
    expect(new Date(retry!.next_attempt_at).toISOString()).toBe('2026-03-16T13:00:00.000Z');
  });
});
