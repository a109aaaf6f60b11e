import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let recruiter: Client;
let workspaceId: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return status === 204 ? null : res.json();
}
const fields = (res: LightMyRequestResponse) => (problem(res).errors ?? []).map((e) => e.field).sort();

async function create(c: Client, body: Record<string, unknown>) {
  return ok(await c.post('/api/v1/candidates', body), 201);
}
async function pendingFor(c: Client, candidateId: string) {
  return (await ok(await c.get(`/api/v1/duplicates/pairs?candidateId=${candidateId}`))).items as {
    id: string;
    score: number;
    a: { id: string };
    b: { id: string };
    evidence: { items: { field: string; outcome: string; note?: string }[]; exactKeys: { kind: string }[] };
  }[];
}

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  await ok(
    await admin.post('/api/v1/custom-fields', { key: 'employee_no', label: 'Employee number', type: 'text' }),
    201,
  );
  await ok(
    await admin.post('/api/v1/custom-fields', { key: 'birth_date', label: 'Birth date', type: 'text' }),
    201,
  );
});
afterAll(() => t?.close());

describe('rules', () => {
  it('start from defaults, are validated and only admins change them', async () => {
    const rules = await ok(await recruiter.get('/api/v1/duplicates/rules'));
    expect(rules.version).toBe(0);
    expect(rules.exactKeys.map((k: { kind: string }) => k.kind)).toContain('email');
    const { version: _v, updatedAt: _u, ...body } = rules;
    expect((await recruiter.put('/api/v1/duplicates/rules', body)).statusCode).toBe(403);

    const bad = await admin.put('/api/v1/duplicates/rules', {
      ...body,
      comparisons: [
        ...body.comparisons,
        { field: 'customFields.nope', comparator: 'exact', m: 0.9, u: 0.1 },
        { field: 'customFields.employee_no', comparator: 'code', m: 0.1, u: 0.5 },
        { field: 'shoeSize', comparator: 'exact', m: 0.9, u: 0.1 },
      ],
      thresholds: { merge: 5, review: 10 },
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['comparisons.8.field']);
    const bad2 = await admin.put('/api/v1/duplicates/rules', {
      ...body,
      comparisons: [
        ...body.comparisons,
        { field: 'customFields.nope', comparator: 'exact', m: 0.9, u: 0.1 },
        { field: 'customFields.employee_no', comparator: 'code', m: 0.1, u: 0.5 },
      ],
      thresholds: { merge: 5, review: 10 },
    });
    expect(bad2.statusCode).toBe(400);
    expect(fields(bad2)).toEqual(['comparisons.6.field', 'comparisons.7.m', 'thresholds.review']);

    const saved = await ok(
      await admin.put('/api/v1/duplicates/rules', {
        ...body,
        comparisons: [
          ...body.comparisons,
          { field: 'customFields.employee_no', comparator: 'code', m: 0.95, u: 0.0001, block: 'value' },
          { field: 'customFields.birth_date', comparator: 'date', m: 0.9, u: 0.001, block: 'value' },
        ],
      }),
    );
    expect(saved.version).toBe(1);
    expect((await ok(await admin.get('/api/v1/duplicates/rules'))).comparisons).toHaveLength(8);
  });
});

describe('detection', () => {
  it('finds a nickname with the same email on create, with its evidence', async () => {
    const a = await create(recruiter, {
      firstName: 'Robert',
      lastName: 'Müller',
      emails: [{ address: 'rob.mueller@example.org' }],
    });
    const b = await create(recruiter, {
      firstName: 'Bob',
      lastName: 'Muller',
      emails: [{ address: 'Rob.Mueller@example.org' }],
    });
    const [pair] = await pendingFor(recruiter, b.id);
    expect(pair).toBeDefined();
    expect([pair!.a.id, pair!.b.id].sort()).toEqual([a.id, b.id].sort());
    expect(pair!.evidence.exactKeys.map((k) => k.kind)).toEqual(['email']);
    const first = pair!.evidence.items.find((i) => i.field === 'firstName');
    expect(first?.note).toBe('nickname');
    expect(pair!.evidence.items.find((i) => i.field === 'lastName')?.outcome).toBe('exact');
  });

  it('keeps a compact match record per candidate and still finds one stored without it (read whole)', async () => {
    const a = await create(recruiter, {
      firstName: 'Margaret',
      lastName: 'Okonkwo',
      location: { city: 'Leeds' },
      emails: [{ address: 'peggy.okonkwo@example.org' }],
    });
    const rec = await t.database.db.execute(
      sql`select rec from duplicate_match_records where candidate_id = ${a.id}`,
    );
    const stored = (rec as unknown as { rows: { rec: { v: Record<string, string> } }[] }).rows[0]!.rec;
    expect(stored.v.lastName).toBe('Okonkwo');
    // As if stored before the records existed: matching reads the candidate row itself.
    await t.database.db.execute(sql`delete from duplicate_match_records where candidate_id = ${a.id}`);
    const b = await create(recruiter, {
      firstName: 'Peggy',
      lastName: 'Okonkwo',
      location: { city: 'Leeds' },
      emails: [{ address: 'peggy.okonkwo@example.org' }],
    });
    const [pair] = await pendingFor(recruiter, b.id);
    expect([pair!.a.id, pair!.b.id].sort()).toEqual([a.id, b.id].sort());
    expect(pair!.evidence.items.find((i) => i.field === 'firstName')?.note).toBe('nickname');
  });

  it('applies rules over custom fields (transposed birth date, same employee number)', async () => {
    const a = await create(recruiter, {
      firstName: 'Katherine',
      lastName: 'Smyth',
      customFields: { employee_no: 'E-77812', birth_date: '1984-03-12' },
    });
    const b = await create(recruiter, {
      firstName: 'Catherine',
      lastName: 'Smith',
      customFields: { employee_no: 'e77812', birth_date: '1984-12-03' },
    });
    const [pair] = await pendingFor(recruiter, a.id);
    expect(pair?.b.id ?? pair?.a.id).toBeDefined();
    expect([pair!.a.id, pair!.b.id]).toContain(b.id);
    const byField = Object.fromEntries(pair!.evidence.items.map((i) => [i.field, i]));
    expect(byField['customFields.employee_no']?.outcome).toBe('exact');
    expect(byField['customFields.birth_date']?.note).toBe('day_month_swap');
  });

  it('hides evidence values of fields the reader may not see', async () => {
    const hm = await t.user(workspaceId, { permissions: ['duplicates:review', 'candidates:read'] });
    const res = await ok(await hm.get('/api/v1/duplicates/pairs'));
    const withEmail = res.items.find(
      (p: { evidence: { exactKeys: unknown[] } }) => p.evidence.exactKeys.length,
    );
    expect(withEmail.evidence.exactKeys[0].value).toBeNull();
    expect(withEmail.a.emails).toBeUndefined();
  });
});

describe('decisions', () => {
  it('remembers "not a duplicate": a re-scan does not propose the pair again', async () => {
    const a = await create(recruiter, {
      firstName: 'Jan',
      lastName: 'Kowalski',
      emails: [{ address: 'shared@family.pl' }],
    });
    const b = await create(recruiter, {
      firstName: 'Janina',
      lastName: 'Kowalski',
      emails: [{ address: 'shared@family.pl' }],
    });
    const [pair] = await pendingFor(recruiter, a.id);
    expect([pair!.a.id, pair!.b.id].sort()).toEqual([a.id, b.id].sort());
    const decided = await ok(
      await recruiter.post(`/api/v1/duplicates/pairs/${pair!.id}/decision`, { decision: 'not_duplicate' }),
    );
    expect(decided.status).toBe('not_duplicate');
    expect(
      (await recruiter.post(`/api/v1/duplicates/pairs/${pair!.id}/decision`, { decision: 'skip' }))
        .statusCode,
    ).toBe(409);

    expect((await recruiter.post('/api/v1/duplicates/rescan')).statusCode).toBe(403);
    const scan = await ok(await admin.post('/api/v1/duplicates/rescan'), 202);
    await t.drain();
    const done = await ok(await admin.get(`/api/v1/duplicates/scans/${scan.id}`));
    expect(done.status).toBe('done');
    expect(await pendingFor(recruiter, a.id)).toEqual([]);
    const timeline = await ok(
      await recruiter.get(`/api/v1/candidates/${a.id}/activities?kind=duplicate.not_duplicate`),
    );
    expect(timeline.items).toHaveLength(1);
    const audit = await ok(await admin.get('/api/v1/audit-events?action=duplicates.not_duplicate'));
    expect(audit.items.length).toBeGreaterThan(0);
  });
});

describe('merge and undo', () => {
  it('merges through the queue, keeps a tombstone, and undo restores both even after a later edit', async () => {
    const a = await create(recruiter, {
      firstName: 'Elizabeth',
      lastName: 'Taylor',
      headline: 'Staff engineer',
      emails: [{ address: 'liz@old.example' }],
      location: { city: 'Leeds', country: 'GB' },
    });
    const b = await create(recruiter, {
      firstName: 'Liz',
      lastName: 'Taylor',
      summary: 'Likes Rust',
      emails: [{ address: 'liz@old.example' }, { address: 'liz@new.example' }],
      phones: [{ number: '+44 20 7946 0958' }],
      location: { city: 'Leeds', country: 'GB' },
    });
    await ok(await recruiter.post(`/api/v1/candidates/${b.id}/notes`, { body: 'Called her' }), 204);
    const pool = await ok(await recruiter.post('/api/v1/pools', { name: 'Rustaceans' }), 201);
    await ok(await recruiter.post(`/api/v1/pools/${pool.id}/members`, { candidateIds: [b.id] }));
    const [pair] = await pendingFor(recruiter, a.id);
    const merged = await ok(
      await recruiter.post(`/api/v1/duplicates/pairs/${pair!.id}/decision`, {
        decision: 'merge',
        survivorId: a.id,
        choices: { headline: 'survivor' },
      }),
    );
    expect(merged.status).toBe('merged');
    const survivor = await ok(await recruiter.get(`/api/v1/candidates/${a.id}`));
    expect(survivor.emails.map((e: { address: string }) => e.address)).toEqual([
      'liz@old.example',
      'liz@new.example',
    ]);
    expect(survivor.summary).toBe('Likes Rust');
    expect(survivor.headline).toBe('Staff engineer');
    const notes = await ok(await recruiter.get(`/api/v1/candidates/${a.id}/activities?kind=note.added`));
    expect(notes.items[0].data.mergedFrom).toBe(b.id);
    const tomb = await ok(await recruiter.get(`/api/v1/candidates/${b.id}/merges`));
    expect(tomb.mergedInto).toBe(a.id);
    expect((await ok(await recruiter.get(`/api/v1/candidates/${b.id}`))).status).toBe('archived');
    const history = await ok(await recruiter.get(`/api/v1/pools/${pool.id}/history`));
    expect(history.items.map((m: { candidateId: string }) => m.candidateId)).toEqual([a.id]);

    // A later edit to the survivor stays after undo.
    await ok(await recruiter.patch(`/api/v1/candidates/${a.id}`, { summary: 'Likes Rust and Go' }));
    const { merges } = await ok(await recruiter.get(`/api/v1/candidates/${a.id}/merges`));
    const undone = await ok(await recruiter.post(`/api/v1/merges/${merges[0].id}/undo`));
    expect(undone.undoneAt).not.toBeNull();
    expect((await recruiter.post(`/api/v1/merges/${merges[0].id}/undo`)).statusCode).toBe(409);
    const a2 = await ok(await recruiter.get(`/api/v1/candidates/${a.id}`));
    const b2 = await ok(await recruiter.get(`/api/v1/candidates/${b.id}`));
    expect(a2.emails.map((e: { address: string }) => e.address)).toEqual(['liz@old.example']);
    expect(a2.summary).toBe('Likes Rust and Go');
    // Back as it was, but at a newer version: an edit based on the record before the merge is refused.
    const strip = ({ lastActivityAt: _l, version: _v, ...c }: Record<string, unknown>) => c;
    expect(strip(b2)).toEqual(strip(b));
    expect(b2.version).toBeGreaterThan(b.version);
    const bNotes = await ok(await recruiter.get(`/api/v1/candidates/${b.id}/activities?kind=note.added`));
    expect(bNotes.items).toHaveLength(1);
    expect(bNotes.items[0].data.mergedFrom).toBeUndefined();
    const afterPair = await ok(await recruiter.get(`/api/v1/duplicates/pairs/${pair!.id}`));
    expect(afterPair.status).toBe('pending');
    const audit = await ok(await admin.get('/api/v1/audit-events?action=candidate.unmerged'));
    expect(audit.items.length).toBe(1);
  });

  it('refuses bad merges with the field named', async () => {
    const a = await create(recruiter, { firstName: 'Solo' });
    const same = await recruiter.post('/api/v1/duplicates/merge', { survivorId: a.id, loserId: a.id });
    expect(same.statusCode).toBe(400);
    expect(fields(same)).toEqual(['loserId']);
    const badChoice = await recruiter.post('/api/v1/duplicates/merge', {
      survivorId: a.id,
      loserId: a.id,
      choices: { password: 'loser' },
    });
    expect(badChoice.statusCode).toBe(400);
  });
});

describe('access', () => {
  it('keeps workspaces apart and checks permissions', async () => {
    const other = await t.workspace('Other');
    const x = await create(recruiter, {
      firstName: 'Iso',
      lastName: 'Lated',
      emails: [{ address: 'iso@x.test' }],
    });
    await create(recruiter, { firstName: 'Iso', lastName: 'Lated', emails: [{ address: 'iso@x.test' }] });
    const [pair] = await pendingFor(recruiter, x.id);
    expect((await other.admin.get(`/api/v1/duplicates/pairs/${pair!.id}`)).statusCode).toBe(404);
    expect((await ok(await other.admin.get('/api/v1/duplicates/pairs'))).items).toEqual([]);
    expect((await other.admin.get(`/api/v1/candidates/${x.id}/merges`)).statusCode).toBe(404);
    const merge = await other.admin.post('/api/v1/duplicates/merge', {
      survivorId: pair!.a.id,
      loserId: pair!.b.id,
    });
    expect(merge.statusCode).toBe(404);
    const hm = await t.user(workspaceId, { roles: ['hiring_manager'] });
    expect((await hm.get('/api/v1/duplicates/pairs')).statusCode).toBe(403);
    const reviewer = await t.user(workspaceId, { permissions: ['duplicates:review', 'candidates:read'] });
    const denied = await reviewer.post(`/api/v1/duplicates/pairs/${pair!.id}/decision`, {
      decision: 'merge',
    });
    expect(denied.statusCode).toBe(403);
    expect((await recruiter.put('/api/v1/duplicates/rules', {})).statusCode).toBe(403);
  });
});
