import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceEnrollment } from '../../src/modules/outreach/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

// Friday 2026-03-06 23:00Z: evening in New York (18:00 EST), Saturday morning in Sydney and Kolkata.
const NOW = new Date('2026-03-06T23:00:00Z');
const clock = fixedClock(NOW);

let t: TestApp;
let admin: Client;
let recruiter: Client;
let sourcer: Client;
let manager: Client;
let other: Client;
let workspaceId: string;

const errs = (res: LightMyRequestResponse) =>
  (problem(res).errors ?? []) as { field: string; message: string; position?: number }[];

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function candidate(body: Record<string, unknown>, by: Client = recruiter): Promise<string> {
  return (await ok(await by.post('/api/v1/candidates', { lastName: 'Tester', ...body }), 201)).id;
}

const emailTemplate = (over: Record<string, unknown> = {}) => ({
  name: 'Intro',
  kind: 'email',
  shared: true,
  subject: 'Hello {{ first_name | default: "there" }}',
  html: '<p>Hi {{ first_name }}, {{ current_title | default: "engineer" }} at {{ current_company }}?</p><p>{{ sender.name }}, {{ sender.title }}</p>',
  body: 'Hi {{ first_name }}, {{ current_title | default: "engineer" }} at {{ current_company }}? {{ sender.name }}',
  ...over,
});

let ny: string;
let berlin: string;
let sydney: string;
let kolkata: string;
let noZone: string;
let noEmail: string;
let dnc: string;
let gdprNoBasis: string;
let intro: string;
let introB: string;
let followUp: string;
let call: string;
let seq: string;

beforeAll(async () => {
  t = await createTestApp({ clock });
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  sourcer = await t.user(workspaceId, { roles: ['sourcer'] });
  manager = await t.user(workspaceId, { roles: ['hiring_manager'] });
  ({ admin: other } = await t.workspace('Elsewhere'));
  await ok(await admin.patch('/api/v1/candidate-settings', { defaultTimeZone: 'Asia/Kolkata' }));
  await ok(
    await admin.post('/api/v1/custom-fields', {
      key: 'expected_salary',
      label: 'Expected salary',
      type: 'text',
      fieldGroup: 'compensation',
    }),
    201,
  );
  await ok(
    await admin.post('/api/v1/custom-fields', {
      key: 'years_in_role',
      label: 'Years in role',
      type: 'number',
    }),
    201,
  );
  const work = [{ title: 'Staff Engineer', company: 'Acme', startDate: '2020-01', current: true }];
  ny = await candidate({
    firstName: 'Nia',
    emails: [{ address: 'nia@example.com' }],
    timeZone: 'America/New_York',
    location: { country: 'US' },
    work,
    tags: ['seq'],
    customFields: { expected_salary: '200k', years_in_role: 6 },
  });
  berlin = await candidate({
    firstName: 'Bert',
    emails: [{ address: 'bert@example.de' }],
    location: { city: 'Berlin', country: 'DE' },
    tags: ['seq'],
  });
  await ok(
    await recruiter.post(`/api/v1/candidates/${berlin}/consents`, {
      purpose: 'contact',
      channel: 'email',
      lawfulBasis: 'legitimate_interest',
      evidence: 'LinkedIn reply',
    }),
    201,
  );
  sydney = await candidate({
    firstName: 'Syd',
    emails: [{ address: 'syd@example.au' }],
    location: { country: 'AU' },
    timeZone: 'Australia/Sydney',
    tags: ['seq'],
  });
  kolkata = await candidate({
    firstName: 'Kiran',
    emails: [{ address: 'kiran@example.in' }],
    location: { country: 'IN' },
  });
  noZone = await candidate({ firstName: 'Zed', emails: [{ address: 'zed@example.com' }], timeZone: null });
  noEmail = await candidate({ firstName: 'Nemo', phones: [{ number: '+12025550142' }] });
  dnc = await candidate({
    firstName: 'Dana',
    emails: [{ address: 'dana@example.com' }],
    status: 'do_not_contact',
  });
  gdprNoBasis = await candidate({
    firstName: 'Greta',
    emails: [{ address: 'greta@example.fr' }],
    location: { country: 'FR' },
  });
});
afterAll(() => t?.close());

describe('templates', () => {
  it('are saved with the fields they use; unknown fields and filters are named with their position', async () => {
    const tpl = await ok(await recruiter.post('/api/v1/outreach/templates', emailTemplate()), 201);
    intro = tpl.id;
    expect(tpl.fields).toEqual([
      'current_company',
      'current_title',
      'first_name',
      'sender.name',
      'sender.title',
    ]);
    introB = (
      await ok(
        await recruiter.post(
          '/api/v1/outreach/templates',
          emailTemplate({ name: 'Intro B', subject: 'Quick question, {{ first_name }}' }),
        ),
        201,
      )
    ).id;
    followUp = (
      await ok(
        await recruiter.post(
          '/api/v1/outreach/templates',
          emailTemplate({ name: 'Follow-up', subject: null }),
        ),
        201,
      )
    ).id;
    call = (
      await ok(
        await recruiter.post('/api/v1/outreach/templates', {
          name: 'Call',
          kind: 'call_task',
          body: 'Call {{ full_name }} about the role',
        }),
        201,
      )
    ).id;

    const body = 'Hi {{ first_name }} {{ shoe_size }} {{ first_name | shout }}';
    const bad = await recruiter.post(
      '/api/v1/outreach/templates',
      emailTemplate({ body, subject: '{{ requisition.title }}' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).code).toBe('invalid_template');
    const e = errs(bad);
    expect(e.find((x) => x.field === 'subject')?.message).toMatch(/reserved/);
    const b = e.find((x) => x.field === 'body');
    expect(b?.message).toBe('undefined filter: shout');
    expect(b?.position).toBe(body.indexOf('{{ first_name | shout'));
    const unknown = await recruiter.post(
      '/api/v1/outreach/templates',
      emailTemplate({ body: 'Hi {{ shoe_size }}' }),
    );
    expect(errs(unknown)).toEqual([
      { field: 'body', message: 'unknown field shoe_size', position: 6, length: 9 },
    ]);
  });

  it('validates shape per kind and refuses oversize and runaway templates', async () => {
    const res = await recruiter.post('/api/v1/outreach/templates', {
      name: 'SMS',
      kind: 'sms',
      subject: 'x',
      body: '',
    });
    expect(res.statusCode).toBe(400);
    expect(errs(res).map((x) => x.field)).toContain('body');
    const sub = await recruiter.post('/api/v1/outreach/templates', {
      name: 'SMS',
      kind: 'sms',
      subject: 'x',
      body: 'hi',
    });
    expect(errs(sub)).toEqual([{ field: 'subject', message: 'is for email templates only' }]);
    const big = await recruiter.post('/api/v1/outreach/templates', {
      name: 'Big',
      kind: 'sms',
      body: 'x'.repeat(20_001),
    });
    expect(errs(big)[0]?.field).toBe('body');
    const started = Date.now();
    const loop = await recruiter.post('/api/v1/outreach/templates', {
      name: 'Loop',
      kind: 'linkedin_task',
      body: '{% for a in (1..100000000) %}{% for b in (1..100000000) %}{{ a }}{% endfor %}{% endfor %}',
    });
    expect(errs(loop)[0]?.message).toMatch(/limit/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('need the permission; private templates stay private; the library lists shared ones', async () => {
    expect((await manager.post('/api/v1/outreach/templates', emailTemplate())).statusCode).toBe(403);
    const mine = await ok(
      await sourcer.post('/api/v1/outreach/templates', emailTemplate({ name: 'Mine', shared: false })),
      201,
    );
    expect((await recruiter.get(`/api/v1/outreach/templates/${mine.id}`)).statusCode).toBe(404);
    const lib = await ok(await recruiter.get('/api/v1/outreach/templates'));
    expect(lib.items.map((x: { name: string }) => x.name)).not.toContain('Mine');
    expect(
      (await ok(await manager.get('/api/v1/outreach/templates'))).items.map((x: { name: string }) => x.name),
    ).toEqual(['Follow-up', 'Intro', 'Intro B']);
    // Only the owner (or an outreach manager) changes a template.
    expect(
      (await sourcer.patch(`/api/v1/outreach/templates/${intro}`, { name: 'Mine now', version: 1 }))
        .statusCode,
    ).toBe(403);
    expect(
      (await admin.patch(`/api/v1/outreach/templates/${mine.id}`, { name: 'Renamed', version: 1 }))
        .statusCode,
    ).toBe(200);
    expect(
      (await sourcer.patch(`/api/v1/outreach/templates/${mine.id}`, { name: 'Again', version: 1 }))
        .statusCode,
    ).toBe(409);
    // Other workspaces do not see it.
    expect((await other.get(`/api/v1/outreach/templates/${intro}`)).statusCode).toBe(404);
  });

  it('preview against a real candidate, with fallbacks and as a permitted sender only', async () => {
    await ok(await recruiter.put('/api/v1/outreach/senders/me', { title: 'Lead Recruiter', delegates: [] }));
    const p = await ok(
      await recruiter.post(`/api/v1/outreach/templates/${intro}/preview`, { candidateId: ny }),
    );
    expect(p.subject).toBe('Hello Nia');
    expect(p.body).toContain('Staff Engineer at Acme?');
    expect(p.html).toContain('Lead Recruiter');
    const z = await ok(
      await recruiter.post(`/api/v1/outreach/templates/${intro}/preview`, { candidateId: noZone }),
    );
    expect(z.body).toContain('engineer at ?');
    // Sending as a colleague needs their allowance.
    const as = await sourcer.post(`/api/v1/outreach/templates/${intro}/preview`, {
      candidateId: ny,
      senderId: recruiter.info.userId,
    });
    expect(as.statusCode).toBe(403);
    expect(problem(as).code).toBe('not_a_delegate');
    expect(
      (await other.post(`/api/v1/outreach/templates/${intro}/preview`, { candidateId: ny })).statusCode,
    ).toBe(404);
  });

  it('a field hidden from the author cannot be saved; hidden from the sender, it cannot be rendered', async () => {
    const bad = await sourcer.post(
      '/api/v1/outreach/templates',
      emailTemplate({ body: '{{ custom.expected_salary }}' }),
    );
    expect(errs(bad)[0]?.message).toBe('custom.expected_salary is in a field group you may not read');
    const salary = await ok(
      await recruiter.post(
        '/api/v1/outreach/templates',
        emailTemplate({
          name: 'Salary',
          body: 'Around {{ custom.expected_salary }}, {{ custom.years_in_role }} years',
        }),
      ),
      201,
    );
    const mine = await ok(
      await recruiter.post(`/api/v1/outreach/templates/${salary.id}/preview`, { candidateId: ny }),
    );
    expect(mine.body).toBe('Around 200k, 6 years');
    const theirs = await sourcer.post(`/api/v1/outreach/templates/${salary.id}/preview`, { candidateId: ny });
    expect(theirs.statusCode).toBe(403);
    expect(problem(theirs).code).toBe('field_hidden');
    const draft = await recruiter.post('/api/v1/outreach/templates/preview', {
      candidateId: ny,
      template: { ...emailTemplate(), body: '{{ nope }}' },
    });
    expect(errs(draft)[0]?.field).toBe('template.body');
  });
});

describe('sequences', () => {
  const window = { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5] };
  it('name every bad field', async () => {
    const res = await recruiter.post('/api/v1/outreach/sequences', {
      name: 'Broken',
      window: { start: '17:00', end: '09:00', days: [1] },
      steps: [
        { kind: 'reply_email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: intro }] },
        { kind: 'sms', delay: { amount: 1, unit: 'business_days' }, variants: [{ templateId: call }] },
        { kind: 'email', delay: { amount: 1, unit: 'weeks' }, variants: [] },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(
      errs(res)
        .map((x) => x.field)
        .sort(),
    ).toEqual(['steps.2.delay.unit', 'steps.2.variants']);
    const rules = await recruiter.post('/api/v1/outreach/sequences', {
      name: 'Broken',
      window: { start: '17:00', end: '09:00', days: [1] },
      steps: [
        { kind: 'reply_email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: intro }] },
        { kind: 'sms', delay: { amount: 1, unit: 'business_days' }, variants: [{ templateId: call }] },
      ],
    });
    expect(
      errs(rules)
        .map((x) => x.field)
        .sort(),
    ).toEqual(['steps.0.kind', 'steps.1.variants.0.templateId', 'window.end']);
    expect((await manager.post('/api/v1/outreach/sequences', { name: 'x', steps: [] })).statusCode).toBe(403);
  });

  it('are created with steps and A/B variants; templates list their users', async () => {
    const s = await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'Backend engineers',
        status: 'active',
        window,
        steps: [
          {
            kind: 'email',
            delay: { amount: 0, unit: 'hours' },
            variants: [{ templateId: intro }, { templateId: introB }],
          },
          {
            kind: 'reply_email',
            delay: { amount: 2, unit: 'business_days' },
            variants: [{ templateId: followUp }],
          },
          { kind: 'phone_task', delay: { amount: 4, unit: 'hours' }, variants: [{ templateId: call }] },
        ],
      }),
      201,
    );
    seq = s.id;
    expect(s.steps.map((x: { variants: { label: string }[] }) => x.variants.map((v) => v.label))).toEqual([
      ['A', 'B'],
      ['A'],
      ['A'],
    ]);
    const tpl = await ok(await recruiter.get(`/api/v1/outreach/templates/${intro}`));
    expect(tpl.usedBy).toEqual([{ id: seq, name: 'Backend engineers', status: 'active' }]);
    expect((await recruiter.delete(`/api/v1/outreach/templates/${intro}`)).statusCode).toBe(409);
    // A template of another workspace is not usable.
    const foreign = await ok(await other.post('/api/v1/outreach/templates', emailTemplate()), 201);
    const res = await recruiter.post('/api/v1/outreach/sequences', {
      name: 'x',
      steps: [{ kind: 'email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: foreign.id }] }],
    });
    expect(errs(res)).toEqual([{ field: 'steps.0.variants.0.templateId', message: 'no such template' }]);
  });
});

describe('enrollments', () => {
  let nyEnrollment: string;

  it('preview shows who is eligible and the first sends in local time', async () => {
    const p = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollment-preview`, {
        selection: { candidateIds: [ny, noEmail, kolkata] },
      }),
    );
    const byId = new Map(p.items.map((i: { candidateId: string }) => [i.candidateId, i]));
    expect(byId.get(ny)).toMatchObject({
      eligible: true,
      timeZone: 'America/New_York',
      timeZoneSource: 'candidate',
    });
    expect((byId.get(ny) as { steps: { plannedLocal: string }[] }).steps[0]?.plannedLocal).toBe(
      '2026-03-09T08:30:00-04:00',
    );
    expect(byId.get(noEmail)).toMatchObject({ eligible: false, reason: 'no_address' });
    expect(byId.get(kolkata)).toMatchObject({ eligible: true, timeZone: 'Asia/Kolkata' });
  });

  it('enroll by ids with a clear result per candidate', async () => {
    const res = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
        selection: {
          candidateIds: [
            ny,
            berlin,
            sydney,
            kolkata,
            noZone,
            noEmail,
            dnc,
            gdprNoBasis,
            '0190a000-0000-7000-8000-000000000000',
          ],
        },
      }),
    );
    const by = Object.fromEntries(
      res.results.map((r: { candidateId: string; outcome: string; reason: string | null }) => [
        r.candidateId,
        r.reason ?? r.outcome,
      ]),
    );
    expect(by).toEqual({
      [ny]: 'enrolled',
      [berlin]: 'enrolled',
      [sydney]: 'enrolled',
      [kolkata]: 'enrolled',
      [noZone]: 'enrolled',
      [noEmail]: 'no_address',
      [dnc]: 'do_not_contact',
      [gdprNoBasis]: 'no_consent',
      '0190a000-0000-7000-8000-000000000000': 'not_found',
    });
    expect(res.enrolled).toBe(5);
    nyEnrollment = res.results.find((r: { candidateId: string }) => r.candidateId === ny).enrollmentId;
    const again = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
        selection: { candidateIds: [ny] },
      }),
    );
    expect(again.results[0]).toMatchObject({ outcome: 'skipped', reason: 'already_enrolled' });
  });

  it("shows the schedule in the candidate's zone and in UTC", async () => {
    const e = await ok(await manager.get(`/api/v1/enrollments/${nyEnrollment}`));
    expect(e).toMatchObject({
      status: 'active',
      timeZone: 'America/New_York',
      senderId: recruiter.info.userId,
    });
    // Enrolled Fri 18:00 EST: first email Mon 08:30 (after the DST change, EDT), +2 business days, +4 h.
    expect(
      e.steps.map((s: { plannedLocal: string; plannedAt: string; status: string; kind: string }) => [
        s.kind,
        s.plannedLocal,
        s.plannedAt,
        s.status,
      ]),
    ).toEqual([
      ['email', '2026-03-09T08:30:00-04:00', '2026-03-09T12:30:00.000Z', 'planned'],
      ['reply_email', '2026-03-11T08:30:00-04:00', '2026-03-11T12:30:00.000Z', 'planned'],
      ['phone_task', '2026-03-11T12:30:00-04:00', '2026-03-11T16:30:00.000Z', 'planned'],
    ]);
    expect(['A', 'B']).toContain(e.steps[0].variant);
    const list = await ok(await recruiter.get(`/api/v1/enrollments?sequenceId=${seq}`));
    expect(list.items).toHaveLength(5);
    const zones = await Promise.all(
      list.items.map(
        async (i: { id: string }) =>
          (await ok(await recruiter.get(`/api/v1/enrollments/${i.id}`))).steps[0].plannedLocal,
      ),
    );
    expect(zones.sort()).toEqual([
      '2026-03-09T08:30:00+01:00', // Berlin
      '2026-03-09T08:30:00+05:30', // Kolkata
      '2026-03-09T08:30:00+05:30', // no zone: the workspace's (Kolkata)
      '2026-03-09T08:30:00+11:00', // Sydney
      '2026-03-09T08:30:00-04:00', // New York
    ]);
    expect((await other.get(`/api/v1/enrollments/${nyEnrollment}`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/enrollments')).json().items).toEqual([]);
  });

  it('pause, resume (re-planned from now) and stop, each on the timeline and in the audit log', async () => {
    expect((await manager.post(`/api/v1/enrollments/${nyEnrollment}/pause`)).statusCode).toBe(403);
    expect((await ok(await recruiter.post(`/api/v1/enrollments/${nyEnrollment}/pause`))).status).toBe(
      'paused',
    );
    expect((await recruiter.post(`/api/v1/enrollments/${nyEnrollment}/pause`)).statusCode).toBe(409);
    // A week later (Fri 2026-03-13 15:00Z = 11:00 EDT), resuming plans the first step from now.
    clock.set(new Date('2026-03-13T15:00:00Z'));
    const resumed = await ok(await recruiter.post(`/api/v1/enrollments/${nyEnrollment}/resume`));
    expect(resumed.status).toBe('active');
    expect(resumed.steps.map((s: { plannedLocal: string }) => s.plannedLocal)).toEqual([
      '2026-03-13T11:00:00-04:00',
      '2026-03-17T11:00:00-04:00',
      '2026-03-17T15:00:00-04:00',
    ]);
    const stopped = await ok(
      await recruiter.post(`/api/v1/enrollments/${nyEnrollment}/stop`, { reason: 'found a role' }),
    );
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'manual' });
    expect(stopped.steps.every((s: { status: string }) => s.status === 'cancelled')).toBe(true);
    const timeline = await ok(await recruiter.get(`/api/v1/candidates/${ny}/activities`));
    const kinds = timeline.items.map((a: { kind: string }) => a.kind);
    for (const k of ['outreach.enrolled', 'outreach.paused', 'outreach.resumed', 'outreach.stopped'])
      expect(kinds).toContain(k);
    const audit = await ok(await admin.get('/api/v1/audit-events?limit=200'));
    const actions = audit.items.map((a: { action: string }) => a.action);
    for (const a of [
      'outreach.enrolled',
      'outreach.enrollment.paused',
      'outreach.enrollment.resumed',
      'outreach.enrollment.stopped',
    ])
      expect(actions).toContain(a);
    // Stopped: it may be enrolled again.
    const again = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
        selection: { candidateIds: [ny] },
      }),
    );
    expect(again.enrolled).toBe(1);
    clock.set(NOW);
  });

  it('a status that stops the sequence (hired) ends the enrollment', async () => {
    const list = await ok(await recruiter.get(`/api/v1/enrollments?candidateId=${sydney}`));
    await ok(await recruiter.patch(`/api/v1/candidates/${sydney}`, { status: 'hired' }));
    const e = await ok(await recruiter.get(`/api/v1/enrollments/${list.items[0].id}`));
    expect(e).toMatchObject({ status: 'stopped', stopReason: 'hired' });
  });

  it('enroll from a search, a pool and a segment, capped per call', async () => {
    const s2 = await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'SMS nudge',
        status: 'active',
        steps: [{ kind: 'email', delay: { amount: 1, unit: 'hours' }, variants: [{ templateId: intro }] }],
      }),
      201,
    );
    const fromSearch = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${s2.id}/enrollments`, {
        selection: { criteria: { tags: 'seq' } },
      }),
    );
    expect(fromSearch.results.map((r: { candidateId: string }) => r.candidateId).sort()).toEqual(
      [ny, berlin, sydney].sort(),
    );
    expect(fromSearch.results.find((r: { candidateId: string }) => r.candidateId === sydney).reason).toBe(
      'stopping_status',
    );
    const pool = await ok(await recruiter.post('/api/v1/pools', { name: 'Warm' }), 201);
    await ok(await recruiter.post(`/api/v1/pools/${pool.id}/members`, { candidateIds: [kolkata, noZone] }));
    const fromPool = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${s2.id}/enrollments`, {
        selection: { poolId: pool.id },
      }),
    );
    expect(fromPool.enrolled).toBe(2);
    const segment = await ok(
      await recruiter.post('/api/v1/saved-searches', {
        name: 'Berliners',
        isSegment: true,
        visibility: 'team',
        criteria: { country: 'DE' },
      }),
      201,
    );
    const fromSegment = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${s2.id}/enrollments`, {
        selection: { segmentId: segment.id },
      }),
    );
    expect(fromSegment.results).toEqual([
      expect.objectContaining({ candidateId: berlin, reason: 'already_enrolled' }),
    ]);
    const tooMany = await recruiter.post(`/api/v1/outreach/sequences/${s2.id}/enrollments`, {
      selection: { candidateIds: Array.from({ length: 1001 }, () => ny) },
    });
    expect(errs(tooMany)[0]?.field).toMatch(/^selection/);
    const draft = await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'Draft',
        steps: [{ kind: 'email', delay: { amount: 1, unit: 'hours' }, variants: [{ templateId: intro }] }],
      }),
      201,
    );
    expect(
      (
        await recruiter.post(`/api/v1/outreach/sequences/${draft.id}/enrollments`, {
          selection: { candidateIds: [ny] },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('send on behalf of a colleague only with their allowance', async () => {
    const s = await ok(await recruiter.get(`/api/v1/outreach/sequences/${seq}`));
    const denied = await sourcer.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
      selection: { candidateIds: [gdprNoBasis] },
      senderId: recruiter.info.userId,
    });
    expect(denied.statusCode).toBe(403);
    await ok(
      await recruiter.put('/api/v1/outreach/senders/me', {
        title: 'Lead Recruiter',
        delegates: [sourcer.info.userId],
      }),
    );
    expect((await ok(await sourcer.get('/api/v1/outreach/senders/me'))).mayActFor).toEqual([
      { id: recruiter.info.userId, name: expect.any(String) },
    ]);
    const allowed = await ok(
      await sourcer.post(`/api/v1/outreach/sequences/${seq}/enrollments`, {
        selection: { candidateIds: [noEmail] },
        senderId: recruiter.info.userId,
      }),
    );
    expect(allowed.results[0].reason).toBe('no_address');
    expect(s.senderId).toBeNull();
  });

  it('editing a live sequence re-plans only steps not yet handed on; holidays re-plan too', async () => {
    const berlinE = (
      await ok(await recruiter.get(`/api/v1/enrollments?candidateId=${berlin}&sequenceId=${seq}`))
    ).items[0].id;
    const before = await ok(await recruiter.get(`/api/v1/enrollments/${berlinE}`));
    expect(before.steps.map((s: { plannedLocal: string }) => s.plannedLocal)).toEqual([
      '2026-03-09T08:30:00+01:00',
      '2026-03-11T08:30:00+01:00',
      '2026-03-11T12:30:00+01:00',
    ]);
    // The first email goes out (delivery will call this): Mon 2026-03-09 09:10 Berlin.
    await t
      .systemCtx(workspaceId)
      .db.transaction(async (tx) =>
        advanceEnrollment(
          { ...t.systemCtx(workspaceId), db: tx },
          before.steps[0].id,
          'sent',
          new Date('2026-03-09T08:10:00Z'),
        ),
      );
    const s = await ok(await recruiter.get(`/api/v1/outreach/sequences/${seq}`));
    const steps = s.steps.map(
      (st: { id: string; kind: string; delay: unknown; variants: { templateId: string }[] }) => ({
        id: st.id,
        kind: st.kind,
        delay: st.delay,
        variants: st.variants.map((v) => ({ templateId: v.templateId })),
      }),
    );
    steps[0].variants = [{ templateId: introB }]; // already sent: unaffected
    steps[1].delay = { amount: 3, unit: 'business_days' };
    const changed = await ok(
      await recruiter.put(`/api/v1/outreach/sequences/${seq}`, {
        name: s.name,
        description: s.description,
        status: s.status,
        senderId: s.senderId,
        window: s.window,
        stopStatuses: s.stopStatuses,
        steps: steps.slice(0, 2),
        version: s.version,
      }),
    );
    expect(changed.steps).toHaveLength(2);
    await t.drain();
    const after = await ok(await recruiter.get(`/api/v1/enrollments/${berlinE}`));
    expect(
      after.steps.map((x: { status: string; plannedLocal: string | null; variant: string }) => [
        x.status,
        x.plannedLocal,
      ]),
    ).toEqual([
      ['sent', '2026-03-09T08:30:00+01:00'],
      ['planned', '2026-03-12T09:10:00+01:00'],
      ['cancelled', '2026-03-11T13:10:00+01:00'], // re-planned after the send, then cancelled
    ]);
    expect(after.steps[0].variant).toBe(before.steps[0].variant);
    // A holiday on the 12th moves the follow-up to the 13th.
    expect((await recruiter.put('/api/v1/outreach/holidays', { days: [] })).statusCode).toBe(403);
    const bad = await admin.put('/api/v1/outreach/holidays', { days: [{ date: '2026-02-30', name: 'x' }] });
    expect(errs(bad)[0]?.field).toBe('days.0.date');
    await ok(
      await admin.put('/api/v1/outreach/holidays', { days: [{ date: '2026-03-12', name: 'Company day' }] }),
    );
    await t.drain();
    const moved = await ok(await recruiter.get(`/api/v1/enrollments/${berlinE}`));
    expect(moved.steps[1].plannedLocal).toBe('2026-03-13T09:10:00+01:00');
  });
});
