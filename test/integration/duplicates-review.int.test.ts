import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/platform/db/client.ts';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

/** Review fixes of duplicate control: redaction by field group, hidden merge choices, evidence sides... */
let t: TestApp;
let admin: Client;
let recruiter: Client;
let workspaceId: string;
let bandFieldId: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return status === 204 ? null : res.json();
}
const fields = (res: LightMyRequestResponse) => (problem(res).errors ?? []).map((e) => e.field).sort();

type PairJson = {
  id: string;
  a: { id: string };
  b: { id: string };
  evidence: {
    exactKeys: { kind: string; value: string | null }[];
    items: { field: string; a: string | null; b: string | null; hidden?: boolean }[];
  };
};
/** Import a CSV as the recruiter, run it, and return the finished run. */
async function importCsv(csv: string) {
  const run = await ok(
    await recruiter.request('POST', '/api/v1/imports?format=csv&source=spreadsheet', Buffer.from(csv), {
      'content-type': 'text/csv',
    }),
    201,
  );
  await t.drain();
  return ok(await recruiter.get(`/api/v1/imports/${run.id}`));
}
async function pairsOf(c: Client, candidateId: string): Promise<PairJson[]> {
  return (await ok(await c.get(`/api/v1/duplicates/pairs?candidateId=${candidateId}`))).items;
}

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  bandFieldId = (
    await ok(await admin.post('/api/v1/custom-fields', { key: 'band', label: 'Band', type: 'text' }), 201)
  ).id;
  const rules = await ok(await admin.get('/api/v1/duplicates/rules'));
  const { version: _v, updatedAt: _u, ...body } = rules;
  await ok(
    await admin.put('/api/v1/duplicates/rules', {
      ...body,
      comparisons: [...body.comparisons, { field: 'customFields.band', comparator: 'code', m: 0.9, u: 0.01 }],
    }),
  );
});
afterAll(() => t?.close());

describe('rules', () => {
  it('refuse long text fields in comparisons, naming the field', async () => {
    await ok(
      await admin.post('/api/v1/custom-fields', { key: 'notes', label: 'Notes', type: 'long_text' }),
      201,
    );
    const { version: _v, updatedAt: _u, ...body } = await ok(await admin.get('/api/v1/duplicates/rules'));
    const res = await admin.put('/api/v1/duplicates/rules', {
      ...body,
      comparisons: [
        ...body.comparisons,
        { field: 'customFields.notes', comparator: 'text', m: 0.9, u: 0.01 },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual([`comparisons.${body.comparisons.length}.field`]);
    expect(problem(res).errors![0]!.message).toContain('long text');
  });
});

describe('evidence redaction by field group', () => {
  it('follows the field group and the reader permissions now', async () => {
    const a = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Greta',
        lastName: 'Lindqvist',
        emails: [{ address: 'greta@example.se' }],
        customFields: { band: 'B7' },
      }),
      201,
    );
    await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Greta',
        lastName: 'Lindqvist',
        emails: [{ address: 'greta@example.se' }],
        customFields: { band: 'B7' },
      }),
      201,
    );
    const reader = await t.user(workspaceId, {
      permissions: ['duplicates:review', 'candidates:read', 'fields.contact:read'],
    });
    const band = (p: PairJson) => p.evidence.items.find((i) => i.field === 'customFields.band')!;
    let [pair] = await pairsOf(reader, a.id);
    // No group yet: the reader sees the values; contact is readable, so is the shared email.
    expect(band(pair!)).toMatchObject({ a: 'B7', b: 'B7' });
    expect(pair!.evidence.exactKeys).toEqual([{ kind: 'email', value: 'greta@example.se' }]);

    // The field moves into the compensation group: its evidence values are hidden from this reader, even once
    // the records no longer hold a value (the evidence keeps the values compared when the pair was found).
    await ok(await admin.patch(`/api/v1/custom-fields/${bandFieldId}`, { fieldGroup: 'compensation' }));
    for (const id of [pair!.a.id, pair!.b.id])
      await ok(await recruiter.patch(`/api/v1/candidates/${id}`, { customFields: { band: null } }));
    [pair] = await pairsOf(reader, a.id);
    expect(band(pair!)).toMatchObject({ a: null, b: null, hidden: true });
    expect(JSON.stringify(pair)).not.toContain('B7');
    // ...and shown to a reader of that group (the recruiter role reads compensation).
    [pair] = await pairsOf(recruiter, a.id);
    expect(band(pair!)).toMatchObject({ a: 'B7', b: 'B7' });

    // Without the contact group, the shared email's value is left out.
    const noContact = await t.user(workspaceId, { permissions: ['duplicates:review', 'candidates:read'] });
    [pair] = await pairsOf(noContact, a.id);
    expect(pair!.evidence.exactKeys).toEqual([{ kind: 'email', value: null }]);
  });
});

describe('merge choices', () => {
  it('refuses a choice on a field group the caller may not read; the rules decide it', async () => {
    const s = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Henrik',
        lastName: 'Aalto',
        customFields: { band: 'C1' },
        compensation: { current: 50000, currency: 'EUR' },
      }),
      201,
    );
    const l = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Henrik',
        lastName: 'Aalto',
        headline: 'Welder',
        customFields: { band: 'C9' },
        compensation: { current: 70000, currency: 'EUR' },
      }),
      201,
    );
    const merger = await t.user(workspaceId, {
      permissions: ['duplicates:review', 'duplicates:merge', 'candidates:read', 'candidates:write'],
    });
    const refused = await merger.post('/api/v1/duplicates/merge', {
      survivorId: s.id,
      loserId: l.id,
      choices: { 'customFields.band': 'loser', compensation: 'loser', headline: 'loser' },
    });
    expect(refused.statusCode).toBe(400);
    expect(fields(refused)).toEqual(['choices.compensation', 'choices.customFields.band']);

    const merge = await ok(
      await merger.post('/api/v1/duplicates/merge', { survivorId: s.id, loserId: l.id }),
      201,
    );
    // The timeline rows of the merge name it (the survivor's change row and the loser's).
    for (const [id, kind] of [
      [s.id, 'candidate.merged'],
      [l.id, 'candidate.merged_away'],
    ])
      expect(
        (await ok(await recruiter.get(`/api/v1/candidates/${id}/activities?kind=${kind}`))).items[0].data
          .mergeId,
      ).toBe(merge.id);
    const after = await ok(await recruiter.get(`/api/v1/candidates/${s.id}`));
    expect(after.customFields.band).toBe('C1');
    expect(after.compensation.current).toBe(50000);
    expect(after.headline).toBe('Welder');
  });
});

describe('pairs flagged by an import', () => {
  it('keep the evidence sides on the pair candidate ids', async () => {
    const existing = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Wilhelmina',
        lastName: 'Brandt',
        location: { city: 'Leeds' },
      }),
      201,
    );
    const csv = 'First Name,Last Name,City\nWilhelmina,Brandt,York\n';
    const done = await importCsv(csv);
    expect(done.counts.heldForReview).toBe(1);
    const [pair] = await pairsOf(recruiter, existing.id);
    const city = pair!.evidence.items.find((i) => i.field === 'city')!;
    const cityOf = async (id: string) =>
      (await ok(await recruiter.get(`/api/v1/candidates/${id}`))).location.city;
    expect(city.a).toBe(await cityOf(pair!.a.id));
    expect(city.b).toBe(await cityOf(pair!.b.id));
  });
});

describe('merge and outreach', () => {
  it("stops the merged-away record's live enrollments in the merge", async () => {
    const tpl = await ok(
      await recruiter.post('/api/v1/outreach/templates', {
        name: 'Hello',
        kind: 'email',
        shared: true,
        subject: 'Hello',
        html: '<p>Hello</p>',
        body: 'Hello',
      }),
      201,
    );
    const seq = await ok(
      await recruiter.post('/api/v1/outreach/sequences', {
        name: 'Merge check',
        status: 'active',
        steps: [
          { kind: 'email', delay: { amount: 5, unit: 'business_days' }, variants: [{ templateId: tpl.id }] },
        ],
      }),
      201,
    );
    const person = {
      firstName: 'Ines',
      lastName: 'Carvalho',
      emails: [{ address: 'ines.carvalho@example.com' }],
      location: { country: 'US' },
      timeZone: 'America/New_York',
    };
    const s = await ok(await recruiter.post('/api/v1/candidates', person), 201);
    const l = await ok(await recruiter.post('/api/v1/candidates', person), 201);
    const enrolled = await ok(
      await recruiter.post(`/api/v1/outreach/sequences/${seq.id}/enrollments`, {
        selection: { candidateIds: [l.id] },
      }),
    );
    const enrollmentId = enrolled.results[0].enrollmentId;
    expect(enrollmentId, JSON.stringify(enrolled)).toBeTruthy();
    await ok(await recruiter.post('/api/v1/duplicates/merge', { survivorId: s.id, loserId: l.id }), 201);
    const e = await ok(await recruiter.get(`/api/v1/enrollments/${enrollmentId}`));
    expect(e.status).toBe('stopped');
  });
});

describe('import matching', () => {
  it('records of one chunk are still compared with each other (the create listener skips the stored ones)', async () => {
    const csv =
      'First Name,Last Name,Email,City\nQuentin,Abernathy,q1@example.org,Leeds\nQuentin,Abernathy,q2@example.org,Leeds\n';
    const done = await importCsv(csv);
    expect(done.counts.created).toBe(2);
    const all = (await ok(await recruiter.get('/api/v1/duplicates/pairs?limit=100'))).items as (PairJson & {
      foundBy: string;
      a: { id: string; firstName: string };
      b: { id: string; firstName: string };
    })[];
    const ours = all.filter((p) => p.a.firstName === 'Quentin' && p.b.firstName === 'Quentin');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.foundBy).toBe('import');
  });
});

describe('re-scan', () => {
  it('a scan whose jobs died is taken over by asking again, and runs as one chain', async () => {
    const scan = await ok(await admin.post('/api/v1/duplicates/rescan'), 202);
    // The worker died and its job is gone: the scan would stay "queued" forever.
    await t.database.db.execute(sql`delete from pgboss.job where name = 'duplicates.rescan'`);
    const again = await ok(await admin.post('/api/v1/duplicates/rescan'), 202);
    expect(again.id).toBe(scan.id);
    // Asking once more while the chain is alive adds a duplicate step that finds the position moved.
    await ok(await admin.post('/api/v1/duplicates/rescan'), 202);
    await t.drain();
    const done = await ok(await admin.get(`/api/v1/duplicates/scans/${scan.id}`));
    expect(done).toMatchObject({ status: 'done', phase: 'pairs' });
    expect(done.processed).toBe(done.total);
  });
});
