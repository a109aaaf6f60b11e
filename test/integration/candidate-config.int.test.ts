import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_CACHE_TTL_MS, CONFIG_CHANNEL } from '../../src/modules/candidates/config-cache.ts';
import { configCache } from '../../src/modules/candidates/settings.service.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let recruiter: Client;
let workspaceId: string;

const fields = (res: LightMyRequestResponse) => (problem(res).errors ?? []).map((e) => e.field).sort();

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
});
afterAll(() => t?.close());

describe('custom fields', () => {
  it('are defined by admins only, typed and validated on every write', async () => {
    const denied = await recruiter.post('/api/v1/custom-fields', { key: 'x', label: 'X', type: 'text' });
    expect(denied.statusCode).toBe(403);
    await ok(
      await admin.post('/api/v1/custom-fields', {
        key: 'seniority',
        label: 'Seniority',
        type: 'single_select',
        options: [
          { code: 'junior', label: 'Junior' },
          { code: 'senior', label: 'Senior' },
        ],
      }),
      201,
    );
    await ok(
      await admin.post('/api/v1/custom-fields', {
        key: 'notice_weeks',
        label: 'Notice (weeks)',
        type: 'number',
      }),
      201,
    );
    await ok(
      await admin.post('/api/v1/custom-fields', {
        key: 'salary_band',
        label: 'Salary band',
        type: 'text',
        fieldGroup: 'compensation',
      }),
      201,
    );
    const bad = await recruiter.post('/api/v1/candidates', {
      firstName: 'Custom',
      customFields: { seniority: 'wizard', notice_weeks: 'four', nope: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['customFields.nope', 'customFields.notice_weeks', 'customFields.seniority']);
    expect(problem(bad).errors?.find((e) => e.field === 'customFields.seniority')?.message).toContain(
      'junior, senior',
    );

    const c = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Custom',
        customFields: { seniority: 'senior', notice_weeks: 4, salary_band: 'B3' },
      }),
      201,
    );
    expect(c.customFields).toEqual({ seniority: 'senior', notice_weeks: 4, salary_band: 'B3' });
    const hm = await t.user(workspaceId, { roles: ['hiring_manager'] });
    const seen = await ok(await hm.get(`/api/v1/candidates/${c.id}`));
    expect(seen.customFields).toEqual({ seniority: 'senior', notice_weeks: 4 });
    expect(seen.redactedFields).toContain('customFields.salary_band');
  });

  it('renaming an option keeps its history and the stored code; retiring stops new values', async () => {
    const list = await ok(await admin.get('/api/v1/custom-fields'));
    const field = list.items.find((f: { key: string }) => f.key === 'seniority');
    const updated = await ok(
      await admin.patch(`/api/v1/custom-fields/${field.id}`, {
        options: [
          { code: 'senior', label: 'Senior+' },
          { code: 'staff', label: 'Staff' },
        ],
      }),
    );
    const senior = updated.options.find((o: { code: string }) => o.code === 'senior');
    expect(senior.label).toBe('Senior+');
    expect(senior.labelHistory.map((h: { label: string }) => h.label)).toEqual(['Senior']);
    expect(updated.options.find((o: { code: string }) => o.code === 'junior').retired).toBe(true);
    const res = await recruiter.post('/api/v1/candidates', {
      firstName: 'Junior',
      customFields: { seniority: 'junior' },
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.[0]?.message).toContain('retired');
  });

  it('required fields are required on create', async () => {
    await ok(
      await admin.post('/api/v1/custom-fields', {
        key: 'referrer',
        label: 'Referrer',
        type: 'text',
        required: true,
      }),
      201,
    );
    const res = await recruiter.post('/api/v1/candidates', { firstName: 'NoRef' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['customFields.referrer']);
    const list = await ok(await admin.get('/api/v1/custom-fields'));
    const field = list.items.find((f: { key: string }) => f.key === 'referrer');
    await ok(await admin.patch(`/api/v1/custom-fields/${field.id}`, { retired: true }));
    await ok(await recruiter.post('/api/v1/candidates', { firstName: 'NoRef' }), 201);
  });
});

describe('status terminology', () => {
  it('labels per team and locale and legacy aliases map onto codes; the API speaks codes', async () => {
    const denied = await recruiter.put('/api/v1/status-terminology', { labels: [], aliases: [] });
    expect(denied.statusCode).toBe(403);
    const res = await ok(
      await admin.put('/api/v1/status-terminology', {
        labels: [
          { status: 'interested', label: 'Warm lead' },
          { status: 'interested', locale: 'de', label: 'Interessiert' },
        ],
        aliases: [{ alias: 'Hot Prospect', status: 'interested' }],
      }),
    );
    const interested = res.items.find((s: { code: string }) => s.code === 'interested');
    expect(interested.labels).toHaveLength(2);
    expect(interested.aliases).toEqual(['hot prospect']);
    const conflict = await admin.put('/api/v1/status-terminology', {
      labels: [],
      aliases: [
        { alias: 'x', status: 'new' },
        { alias: 'X', status: 'hired' },
      ],
    });
    expect(conflict.statusCode).toBe(400);
    expect(fields(conflict)).toEqual(['aliases.1.alias']);
  });
});

describe('consent ledger', () => {
  it('answers may-we-contact per channel with reasons, and honours withdrawal and do-not-contact', async () => {
    const us = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Uma',
        emails: [{ address: 'uma@example.com' }],
        location: { country: 'US', region: 'NY' },
      }),
      201,
    );
    const de = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Dieter',
        emails: [{ address: 'dieter@example.de' }],
        location: { country: 'DE' },
      }),
      201,
    );
    const check = async (id: string, channel: string) =>
      ok(await recruiter.get(`/api/v1/candidates/${id}/contactability?channel=${channel}`));
    expect(await check(us.id, 'email')).toMatchObject({
      allowed: true,
      reason: 'policy_allows',
      jurisdiction: 'other',
    });
    expect(await check(us.id, 'sms')).toMatchObject({ allowed: false, reason: 'no_address' });
    expect(await check(de.id, 'email')).toMatchObject({
      allowed: false,
      reason: 'no_lawful_basis',
      jurisdiction: 'gdpr',
    });

    const consent = await ok(
      await recruiter.post(`/api/v1/candidates/${de.id}/consents`, {
        purpose: 'contact',
        channel: 'email',
        lawfulBasis: 'consent',
        evidence: 'Ticked the box on the careers site form',
      }),
      201,
    );
    expect(consent.jurisdiction).toBe('gdpr');
    expect(await check(de.id, 'email')).toMatchObject({
      allowed: true,
      reason: 'consent_on_record',
      consentId: consent.id,
    });

    const ledger = await ok(
      await recruiter.post(`/api/v1/candidates/${de.id}/consents/withdraw`, {
        purpose: 'contact',
        channel: 'email',
        reason: 'Asked by email to stop',
      }),
    );
    expect(ledger.items[0].withdrawnAt).not.toBeNull();
    expect(await check(de.id, 'email')).toMatchObject({ allowed: false, reason: 'withdrawn' });

    await recruiter.post(`/api/v1/candidates/${us.id}/consents/withdraw`, {
      purpose: 'contact',
      channel: 'any',
      reason: 'Unsubscribed',
    });
    expect(await check(us.id, 'email')).toMatchObject({ allowed: false, reason: 'withdrawn' });

    const dnc = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Never',
        emails: [{ address: 'never@example.com' }],
        status: 'do_not_contact',
      }),
      201,
    );
    expect(await check(dnc.id, 'email')).toMatchObject({ allowed: false, reason: 'do_not_contact' });

    const kinds = (await ok(await recruiter.get(`/api/v1/candidates/${de.id}/activities`))).items.map(
      (a: { kind: string }) => a.kind,
    );
    expect(kinds).toEqual(['consent.withdrawn', 'consent.given', 'candidate.created']);
  });

  it('a workspace requiring a lawful basis everywhere blocks contact without one', async () => {
    await ok(await admin.patch('/api/v1/candidate-settings', { contactPolicy: 'require_basis' }));
    const c = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Basis',
        emails: [{ address: 'basis@example.com' }],
      }),
      201,
    );
    const d = await ok(await recruiter.get(`/api/v1/candidates/${c.id}/contactability?channel=email`));
    expect(d).toMatchObject({ allowed: false, reason: 'no_lawful_basis' });
    await ok(await admin.patch('/api/v1/candidate-settings', { contactPolicy: 'allow' }));
    const bad = await admin.patch('/api/v1/candidate-settings', { defaultTimeZone: 'Nowhere/Land' });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['defaultTimeZone']);
  });
});

describe('configuration cache', () => {
  afterEach(() => {
    configCache.ttlMs = CONFIG_CACHE_TTL_MS;
  });
  // A legacy label in a query means its status only when the terminology knows it (else it is a plain word).
  const byAlias = async (alias: string) => {
    const q = `status:"${alias}" Cachetest`;
    const body = await ok(await recruiter.get(`/api/v1/candidates?q=${encodeURIComponent(q)}`));
    return body.total as number;
  };
  beforeAll(async () => {
    await ok(await recruiter.post('/api/v1/candidates', { firstName: 'Ina', lastName: 'Cachetest' }), 201);
    const [c] = (await ok(await recruiter.get('/api/v1/candidates?q=Cachetest'))).items;
    await ok(
      await recruiter.patch(`/api/v1/candidates/${c.id}`, { status: 'interested', version: c.version }),
    );
  });
  const aliasBehindTheBack = (alias: string) =>
    queryRows(
      t.database.db,
      sql`insert into status_aliases (workspace_id, alias, status) values (${workspaceId}, ${alias}, 'interested')`,
    );

  it('a change through the API is seen by the next request', async () => {
    expect(await byAlias('cachetest warm')).toBe(0); // also fills the cache
    const current = await ok(await admin.get('/api/v1/status-terminology'));
    await ok(
      await admin.put('/api/v1/status-terminology', {
        labels: current.items.flatMap((i: { code: string; labels: object[] }) =>
          i.labels.map((l) => ({ ...l, status: i.code })),
        ),
        aliases: [
          ...current.items.flatMap((i: { code: string; aliases: string[] }) =>
            i.aliases.map((alias) => ({ alias, status: i.code })),
          ),
          { alias: 'cachetest warm', status: 'interested' },
        ],
      }),
    );
    expect(await byAlias('cachetest warm')).toBe(1);
  });

  it('a change another process announces is seen at once; one nobody announces, after the TTL', async () => {
    expect(await byAlias('cachetest hot')).toBe(0);
    await aliasBehindTheBack('cachetest hot');
    expect(await byAlias('cachetest hot')).toBe(0); // cached: nobody said it changed
    // What another serving process does in the transaction of its change.
    await queryRows(t.database.db, sql`select pg_notify(${CONFIG_CHANNEL}, ${workspaceId})`);
    await until(async () => (await byAlias('cachetest hot')) === 1);

    configCache.ttlMs = 300;
    configCache.clear(); // entries stored from now on live 300 ms
    expect(await byAlias('cachetest cold')).toBe(0);
    await aliasBehindTheBack('cachetest cold');
    expect(await byAlias('cachetest cold')).toBe(0);
    await new Promise((r) => setTimeout(r, 350));
    expect(await byAlias('cachetest cold')).toBe(1);
  });
});

async function until(check: () => Promise<boolean>, ms = 5_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
