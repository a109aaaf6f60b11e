import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidatesByIdentity, entryContext, prepareEntry } from '../../src/modules/candidates/index.ts';
import { mergeIncoming } from '../../src/modules/duplicates/index.ts';
import { inTransaction } from '../../src/platform/context.ts';
import { type Client, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let workspaceId: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return status === 204 ? null : res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  await ok(await admin.post('/api/v1/custom-fields', { key: 'ref', label: 'Ref', type: 'text' }), 201);
});
afterAll(() => t?.close());

const record = fc.record({
  firstName: fc.constantFrom('Ann', 'Anna', 'Bob', 'Robert', 'José'),
  lastName: fc.constantFrom('Lee', 'Li', 'Müller', ''),
  headline: fc.option(fc.constantFrom('Engineer', 'Designer', 'PM'), { nil: undefined }),
  summary: fc.option(fc.constantFrom('Short', 'Longer text'), { nil: undefined }),
  emails: fc.subarray(['a@x.test', 'b@x.test', 'c@x.test']),
  phones: fc.subarray(['+441134960000', '+441134960001']),
  tags: fc.subarray(['java', 'remote', 'senior']),
  city: fc.option(fc.constantFrom('Leeds', 'York'), { nil: undefined }),
  ref: fc.option(fc.constantFrom('R1', 'R2'), { nil: undefined }),
  note: fc.boolean(),
});
type Rec = typeof record extends fc.Arbitrary<infer T> ? T : never;

function body(r: Rec) {
  return {
    firstName: r.firstName,
    lastName: r.lastName,
    ...(r.headline ? { headline: r.headline } : {}),
    ...(r.summary ? { summary: r.summary } : {}),
    emails: r.emails.map((address) => ({ address })),
    phones: r.phones.map((number) => ({ number })),
    tags: r.tags,
    location: { city: r.city ?? null, country: 'GB' },
    ...(r.ref ? { customFields: { ref: r.ref } } : {}),
  };
}

async function state(id: string) {
  const c = await ok(await admin.get(`/api/v1/candidates/${id}`));
  const acts = await ok(await admin.get(`/api/v1/candidates/${id}/activities?limit=200`));
  return {
    c,
    acts: (acts.items as { id: string; data: unknown }[]).map((a) => ({ id: a.id, data: a.data })),
  };
}
const strip = ({ version: _v, updatedAt: _u, lastActivityAt: _l, ...c }: Record<string, unknown>) => c;

describe('merge then undo', () => {
  it('gives back the same two records and their links', async () => {
    await fc.assert(
      fc.asyncProperty(
        record,
        record,
        fc.constantFrom('survivor', 'loser'),
        fc.constantFrom('survivor', 'loser', 'both'),
        async (x, y, headlineChoice, emailsChoice) => {
          const a = await ok(await admin.post('/api/v1/candidates', body(x)), 201);
          const b = await ok(await admin.post('/api/v1/candidates', body(y)), 201);
          if (y.note) await ok(await admin.post(`/api/v1/candidates/${b.id}/notes`, { body: 'hello' }), 204);
          const before = { a: await state(a.id), b: await state(b.id) };
          const merge = await ok(
            await admin.post('/api/v1/duplicates/merge', {
              survivorId: a.id,
              loserId: b.id,
              choices: { headline: headlineChoice, emails: emailsChoice },
            }),
            201,
          );
          await ok(await admin.post(`/api/v1/merges/${merge.id}/undo`));
          const after = { a: await state(a.id), b: await state(b.id) };
          expect(strip(after.a.c)).toEqual(strip(before.a.c));
          expect(strip(after.b.c)).toEqual(strip(before.b.c));
          // Every timeline row is back where it was, untagged; undo adds one row to each.
          const ids = (s: { acts: { id: string }[] }) => s.acts.map((r) => r.id);
          expect(ids(after.b)).toEqual(expect.arrayContaining(ids(before.b)));
          expect(ids(after.a)).toEqual(expect.arrayContaining(ids(before.a)));
          for (const r of after.b.acts)
            expect((r.data as { mergedFrom?: string }).mergedFrom).toBeUndefined();
          const ctx = t.systemCtx(workspaceId);
          for (const e of y.emails) expect(await candidatesByIdentity(ctx, 'email', e)).toContain(b.id);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe('mergeIncoming', () => {
  it('fills empty fields, adds new entries, and is idempotent', async () => {
    const c = await ok(
      await admin.post('/api/v1/candidates', {
        firstName: 'Ina',
        lastName: 'Import',
        emails: [{ address: 'ina@x.test' }],
      }),
      201,
    );
    const existing = await ok(await admin.get(`/api/v1/candidates/${c.id}`));
    const ctx = t.systemCtx(workspaceId);
    // The record as an import prepares it: the candidates entry rules (normalised fields).
    const entry = prepareEntry(
      await entryContext(ctx.db, workspaceId),
      {
        firstName: 'Ina',
        lastName: 'Import',
        headline: 'Data engineer',
        emails: [{ address: 'ina@new.test' }],
        location: { city: 'Leeds', country: 'GB' },
        source: 'csv',
        customFields: { ref: 'R9' },
      },
      new Date(),
    );
    if (!entry.ok) throw new Error(JSON.stringify(entry.errors));
    const fields = entry.fields;
    const first = await inTransaction(ctx, (tx) => mergeIncoming(tx, c.id, { fields }, { source: 'csv' }));
    expect(first.changed).toBe(true);
    expect(first.fields.sort()).toEqual(['customFields.ref', 'emails', 'headline', 'location'].sort());
    const again = await inTransaction(ctx, (tx) => mergeIncoming(tx, c.id, { fields }, { source: 'csv' }));
    expect(again).toEqual({ changed: false, fields: [] });
    const now = await ok(await admin.get(`/api/v1/candidates/${c.id}`));
    expect(now.emails.map((e: { address: string }) => e.address)).toEqual(['ina@x.test', 'ina@new.test']);
    expect(now.headline).toBe('Data engineer');
    expect(now.version).toBe(existing.version + 1);
  });
});
