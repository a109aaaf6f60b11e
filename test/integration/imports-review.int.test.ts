import { Readable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileBytes } from '../../src/modules/imports/file-store.ts';
import * as repo from '../../src/modules/imports/imports.repository.ts';
import { createRun, processRunSlice, sweepImports } from '../../src/modules/imports/index.ts';
import { sql } from '../../src/platform/db/client.ts';
import { AppError } from '../../src/platform/errors.ts';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

/** Review fixes of the imports module: redaction, quotas, broken files, races, workspace scoping. */
let t: TestApp;
let admin: Client;
let recruiter: Client;
let workspaceId: string;

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
async function upload(by: Client, file: Buffer | string, query: string, type = 'text/csv') {
  return by.request('POST', `/api/v1/imports?${query}`, Buffer.from(file), { 'content-type': type });
}

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  await ok(
    await admin.post('/api/v1/custom-fields', {
      key: 'salary_band',
      label: 'Salary band',
      type: 'text',
      fieldGroup: 'compensation',
    }),
    201,
  );
});
afterAll(() => t?.close());

describe('preview', () => {
  it('leaves out values of columns mapped to fields the reader may not read', async () => {
    const csv = 'Name,Email,Salary band,Headline\nAda Byron,ada@example.org,B7,Engineer\n';
    const run = await ok(await upload(recruiter, csv, 'format=csv&source=spreadsheet&start=false'), 201);
    const full = await ok(await recruiter.get(`/api/v1/imports/${run.id}/preview`));
    expect(full.redactedColumns).toEqual([]);
    expect(full.rows[0]).toMatchObject({ Email: 'ada@example.org', 'Salary band': 'B7' });

    const reader = await t.user(workspaceId, { permissions: ['imports:read'] });
    const masked = await ok(await reader.get(`/api/v1/imports/${run.id}/preview`));
    expect(masked.suggestedMapping).toMatchObject({
      Email: 'email',
      'Salary band': 'customFields.salary_band',
    });
    expect(masked.redactedColumns.sort()).toEqual(['Email', 'Salary band']);
    expect(masked.rows[0]).toEqual({ Name: 'Ada Byron', Headline: 'Engineer' });
    expect(JSON.stringify(masked)).not.toContain('ada@example.org');
  });
});

describe('provenance', () => {
  it('records where a merged location came from, part by part', async () => {
    const existing = await ok(
      await recruiter.post('/api/v1/candidates', {
        firstName: 'Oskar',
        lastName: 'Nyberg',
        emails: [{ address: 'oskar.nyberg@example.se' }],
      }),
      201,
    );
    const csv = 'First Name,Last Name,Email,City,Country\nOskar,Nyberg,oskar.nyberg@example.se,Malmö,SE\n';
    const run = await ok(await upload(recruiter, csv, 'format=csv&source=spreadsheet'), 201);
    await t.drain();
    expect((await ok(await recruiter.get(`/api/v1/imports/${run.id}`))).counts.merged).toBe(1);
    const prov = (await ok(await recruiter.get(`/api/v1/candidates/${existing.id}/provenance`))).items;
    const byField = Object.fromEntries(prov.map((p: { field: string; value: unknown }) => [p.field, p]));
    expect(byField['location.city']).toMatchObject({ value: 'Malmö', importRunId: run.id });
    expect(byField['location.country']).toMatchObject({ value: 'SE', importRunId: run.id });
    expect(prov.some((p: { value: unknown }) => p.value === null)).toBe(false);
  });
});

describe('broken files', () => {
  it('refuses a truncated JSON array at upload, naming the byte, having imported nothing', async () => {
    const whole = JSON.stringify([
      {
        id: 9101,
        first_name: 'Trunc',
        last_name: 'One',
        email_addresses: [{ value: 'trunc.one@example.com' }],
      },
      {
        id: 9102,
        first_name: 'Trunc',
        last_name: 'Two',
        email_addresses: [{ value: 'trunc.two@example.com' }],
      },
    ]);
    for (const cut of [whole.length - 1, whole.indexOf('{"id":9102') - 1, whole.length - 20]) {
      const res = await upload(
        recruiter,
        whole.slice(0, cut),
        'format=greenhouse&source=greenhouse',
        'application/json',
      );
      expect(res.statusCode, res.body).toBe(400);
      const p = problem(res);
      expect(p.errors![0]).toMatchObject({ field: 'body' });
      expect(p.errors![0]!.message).toMatch(/byte \d+/);
      expect(p.errors![0]!.message).toMatch(/truncated/);
    }
    const latest = (await ok(await recruiter.get('/api/v1/imports?limit=1'))).items[0];
    expect(latest).toMatchObject({ status: 'failed' });
    expect(latest.error).toMatch(/truncated/);
    await t.drain();
    const found = await ok(await recruiter.get('/api/v1/candidates?q=Trunc'));
    expect(found.items).toEqual([]);
    // The whole file is fine.
    expect(
      (await upload(recruiter, whole, 'format=greenhouse&source=greenhouse', 'application/json')).statusCode,
    ).toBe(201);
  });
});

describe('workspace scoping', () => {
  it('file pieces are read, written and deleted only through a run of the same workspace', async () => {
    const run = await ok(
      await upload(
        recruiter,
        'Name,Email\nScoped Person,scoped@example.org\n',
        'format=csv&source=spreadsheet&start=false',
      ),
      201,
    );
    const other = await t.workspace('Elsewhere');
    const db = t.systemCtx(workspaceId).db;
    const read = async (ws: string) => {
      let n = 0;
      for await (const b of fileBytes(db, ws, run.id, 0)) n += b.length;
      return n;
    };
    expect(await read(other.workspaceId)).toBe(0);
    await repo.deleteChunks(db, other.workspaceId, run.id);
    await expect(repo.insertChunk(db, other.workspaceId, run.id, 99, 0, Buffer.from('x'))).rejects.toThrow();
    expect(await read(workspaceId)).toBe(run.fileBytes);
    expect((await ok(await recruiter.get(`/api/v1/imports/${run.id}/preview`))).rows).toHaveLength(1);
  });
});

describe('uploads awaiting their mapping', () => {
  it('are capped per workspace (count and bytes), naming the limit', async () => {
    const q = await t.workspace('Quota');
    const by = q.admin;
    for (let i = 0; i < 20; i++)
      await ok(await upload(by, `Name\nPerson ${i}\n`, 'format=csv&source=spreadsheet&start=false'), 201);
    const refused = await upload(by, 'Name\nOne too many\n', 'format=csv&source=spreadsheet&start=false');
    expect(refused.statusCode).toBe(429);
    expect(problem(refused)).toMatchObject({ code: 'pending_uploads_limit' });
    expect(problem(refused).detail).toContain('the limit is 20');
    const first = (await ok(await by.get('/api/v1/imports?limit=1'))).items[0];
    await ok(await by.post(`/api/v1/imports/${first.id}/cancel`));
    await ok(await upload(by, 'Name\nNow fits\n', 'format=csv&source=spreadsheet&start=false'), 201);

    const err = await createRun(
      t.systemCtx(workspaceId),
      { format: 'csv', source: 'spreadsheet', start: 'false' },
      Readable.from([Buffer.from(`Name\n${'x'.repeat(500)}\n`)]),
      { maxPendingBytes: 300 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'too_many_requests', code: 'pending_bytes_limit' });
    expect(err.message).toContain('the limit is 300 bytes');
  });

  it('expire: the sweeper cancels them and deletes their file', async () => {
    const run = await ok(
      await upload(recruiter, 'Name\nLeft Waiting\n', 'format=csv&source=spreadsheet&start=false'),
      201,
    );
    await t.database.db.execute(
      sql`update import_runs set options = jsonb_set(options, '{expiresAt}', to_jsonb((now() - interval '1 minute')::text)) where id = ${run.id}`,
    );
    await t.tasks.queue.enqueue(t.database.db, sweepImports, {});
    await t.drain();
    const after = await ok(await recruiter.get(`/api/v1/imports/${run.id}`));
    expect(after.status).toBe('cancelled');
    expect(after.error).toMatch(/^Expired/);
    let n = 0;
    for await (const b of fileBytes(t.database.db, workspaceId, run.id, 0)) n += b.length;
    expect(n).toBe(0);
    const audit = await ok(await admin.get('/api/v1/audit-events?action=import_run.expired'));
    expect(audit.items.map((e: { entityId: string }) => e.entityId)).toContain(run.id);
  });
});

describe('races and bookkeeping', () => {
  it('a cancel during the upload stands; the run names its creator', async () => {
    const ctx = t.systemCtx(workspaceId);
    async function* body() {
      yield Buffer.from('Name\nRaced Person\n');
      const uploading = (await ok(await recruiter.get('/api/v1/imports?limit=1'))).items[0];
      expect(uploading.status).toBe('uploading');
      await ok(await recruiter.post(`/api/v1/imports/${uploading.id}/cancel`));
      yield Buffer.from('Another Person\n');
    }
    const err = await createRun(ctx, { format: 'csv', source: 'spreadsheet', start: 'false' }, body()).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: 'run_cancelled' });
    const run = (await ok(await recruiter.get('/api/v1/imports?limit=1'))).items[0];
    expect(run.status).toBe('cancelled');
    let n = 0;
    for await (const b of fileBytes(t.database.db, workspaceId, run.id, 0)) n += b.length;
    expect(n).toBe(0);

    const mine = await ok(
      await upload(recruiter, 'Name\nCreator Check\n', 'format=csv&source=spreadsheet&start=false'),
      201,
    );
    const me = await ok(await recruiter.get('/api/v1/auth/session'));
    expect(mine.createdBy).toBe(me.user.id);
  });

  it('two processes finishing the same run end it once', async () => {
    const ctx = t.systemCtx(workspaceId);
    const run = await createRun(
      ctx,
      { format: 'csv', source: 'spreadsheet', start: 'true' },
      Readable.from([Buffer.from('Name,Email\nTwice Done,twice.done@example.com\n')]),
      { enqueue: false },
    );
    await Promise.all([processRunSlice(ctx, run.id), processRunSlice(ctx, run.id)]);
    const after = await ok(await recruiter.get(`/api/v1/imports/${run.id}`));
    expect(after).toMatchObject({ status: 'completed', counts: { created: 1 } });
    const audit = await ok(await admin.get('/api/v1/audit-events?action=import_run.completed&limit=100'));
    expect(audit.items.filter((e: { entityId: string }) => e.entityId === run.id)).toHaveLength(1);
  });

  it('held records can be listed per run', async () => {
    const v = await ok(
      await admin.post('/api/v1/import-vendors', { name: 'No DPA Ltd', dpaStatus: 'none' }),
      201,
    );
    await ok(
      await admin.post('/api/v1/import-sources', {
        code: 'nodpa',
        name: 'No DPA',
        kind: 'agency',
        vendorId: v.id,
      }),
      201,
    );
    const res = await ok(
      await upload(admin, 'Name,Country\nHeld Person,DE\n', 'format=csv&source=nodpa'),
      201,
    );
    await t.drain();
    expect((await ok(await admin.get(`/api/v1/imports/${res.id}`))).counts.heldForDpa).toBe(1);
    const mine = await ok(await admin.get(`/api/v1/import-held-rows?runId=${res.id}`));
    expect(mine.items.map((h: { runId: string }) => h.runId)).toEqual([res.id]);
    const none = await ok(await admin.get(`/api/v1/import-held-rows?runId=${workspaceId}`));
    expect(none.items).toEqual([]);
    expect((await admin.get('/api/v1/import-held-rows?runId=nope')).statusCode).toBe(400);
  });
});
