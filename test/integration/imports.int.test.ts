import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidatesByIdentity } from '../../src/modules/candidates/index.ts';
import { createRun, processRunSlice, sweepImports } from '../../src/modules/imports/index.ts';
import { sql } from '../../src/platform/db/client.ts';
import { AppError } from '../../src/platform/errors.ts';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let recruiter: Client;
let manager: Client;
let workspaceId: string;

const sample = (name: string) => readFileSync(new URL(`../../docs/samples/imports/${name}`, import.meta.url));

async function upload(by: Client, file: Buffer | string, query: string, type = 'text/csv') {
  return by.request('POST', `/api/v1/imports?${query}`, Buffer.from(file), { 'content-type': type });
}

/** Upload, run the queued task, and return the finished run. */
async function importFile(by: Client, file: Buffer | string, query: string, type?: string) {
  const res = await upload(by, file, query, type);
  expect(res.statusCode, res.body).toBe(201);
  await t.drain();
  const run = await by.get(`/api/v1/imports/${res.json().id}`);
  expect(run.statusCode).toBe(200);
  return run.json();
}

async function findByEmail(email: string) {
  const ids = await candidatesByIdentity(t.systemCtx(workspaceId), 'email', email);
  return ids.map((id) => ({ id }));
}

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  manager = await t.user(workspaceId, { roles: ['hiring_manager'] });
  const cf = await admin.post('/api/v1/custom-fields', {
    key: 'referral_source',
    label: 'Referral source',
    type: 'text',
  });
  expect(cf.statusCode, cf.body).toBe(201);
});
afterAll(() => t?.close());

describe('source catalogue', () => {
  it('starts with defaults; admins add sources, recruiters may not', async () => {
    const list = await recruiter.get('/api/v1/import-sources');
    expect(list.statusCode).toBe(200);
    const codes = list.json().items.map((s: { code: string }) => s.code);
    expect(codes).toEqual(expect.arrayContaining(['linkedin', 'indeed', 'gem', 'referral', 'career_site']));
    expect(
      (await recruiter.post('/api/v1/import-sources', { code: 'x1', name: 'X', kind: 'job_board' }))
        .statusCode,
    ).toBe(403);
    const bad = await admin.post('/api/v1/import-sources', { code: 'Bad Code', name: '', kind: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(
      problem(bad)
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['code', 'kind', 'name']);
    const ok = await admin.post('/api/v1/import-sources', {
      code: 'stackjobs',
      name: 'Stack Jobs',
      kind: 'job_board',
      channel: 'paid',
      costPerMonth: 400,
      currency: 'EUR',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(
      (await admin.post('/api/v1/import-sources', { code: 'stackjobs', name: 'Again', kind: 'job_board' }))
        .statusCode,
    ).toBe(409);
  });
});

describe('formats', () => {
  it('imports a spreadsheet with an auto-suggested mapping, custom fields and a rejected row', async () => {
    const run = await importFile(
      recruiter,
      sample('spreadsheet.csv'),
      'format=csv&source=spreadsheet&fileName=spreadsheet.csv',
    );
    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({ rowsRead: 4, created: 3, rejected: 1 });
    expect(run.mapping).toMatchObject({
      'First Name': 'firstName',
      Email: 'email',
      'Job Title': 'currentTitle',
      'Referral Source': 'customFields.referral_source',
      Notes: 'ignore',
    });
    expect(run.progress.percent).toBe(100);
    expect(run.createdByName).toBe('Test User');
    const listed = (await recruiter.get('/api/v1/imports?limit=5')).json();
    expect(listed.items.find((r: { id: string }) => r.id === run.id)).toMatchObject({
      createdBy: run.createdBy,
      createdByName: 'Test User',
    });
    const [amara] = await findByEmail('amara.okafor@example.com');
    const c = (await admin.get(`/api/v1/candidates/${amara!.id}`)).json();
    expect(c.currentTitle).toBe('Staff Engineer');
    expect(c.location.country).toBe('GB');
    expect(c.customFields.referral_source).toBe('meetup');
    expect(c.source).toBe('spreadsheet');
    const timeline = (await admin.get(`/api/v1/candidates/${amara!.id}/activities`)).json().items;
    const touch = timeline.find((a: { kind: string }) => a.kind === 'source.touchpoint');
    expect(touch.data).toMatchObject({ source: 'spreadsheet', importRunId: run.id, outcome: 'created' });

    const prov = (await recruiter.get(`/api/v1/candidates/${amara!.id}/provenance`)).json().items;
    expect(prov.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['firstName', 'emails', 'work', 'customFields.referral_source']),
    );
    expect(
      prov.every(
        (p: { source: string; importRunId: string }) =>
          p.source === 'spreadsheet' && p.importRunId === run.id,
      ),
    ).toBe(true);
    // A reader without the contact group sees that an email came from this source, not the email.
    const hidden = (await manager.get(`/api/v1/candidates/${amara!.id}/provenance`)).json().items;
    expect(hidden.find((p: { field: string }) => p.field === 'emails')).toMatchObject({
      hidden: true,
      value: null,
    });

    const report = await recruiter.get(`/api/v1/imports/${run.id}/errors`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    const lines = report.body.trim().split('\n');
    expect(lines[0]).toBe('row,field,reason');
    expect(lines.slice(1).every((l) => l.startsWith('4,'))).toBe(true);
    expect(report.body).toContain('"emails.0.address"');
    expect(report.body).toContain('"phones.0.number"');
  });

  it('imports TSV', async () => {
    const run = await importFile(
      recruiter,
      sample('spreadsheet.tsv'),
      'format=tsv&source=spreadsheet',
      'text/tab-separated-values',
    );
    expect(run.counts).toMatchObject({ rowsRead: 2, created: 2, rejected: 0 });
    expect(await findByEmail('hiro.tanaka@example.jp')).toHaveLength(1);
  });

  it('rejects a record the database cannot store, with the reason, and finishes the run', async () => {
    const csv = [
      'First Name,Last Name,Email,Headline',
      'Nul,By\u0000te,nul.byte@example.com,has a \u0000 inside',
      'Fine,Row,fine.row@example.com,Engineer',
    ].join('\n');
    const run = await importFile(recruiter, csv, 'format=csv&source=spreadsheet');
    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({ rowsRead: 2, created: 1, rejected: 1 });
    expect(await findByEmail('fine.row@example.com')).toHaveLength(1);
    const report = await recruiter.get(`/api/v1/imports/${run.id}/errors`);
    expect(report.body).toContain('the database refused a value');
  });

  it('refuses a file with more columns than a mapping can take', async () => {
    const header = Array.from({ length: 600 }, (_, i) => `c${i}`).join(',');
    const res = await upload(recruiter, `${header}\nA,B\n`, 'format=csv&source=spreadsheet');
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.[0]).toMatchObject({ field: 'body' });
    expect(problem(res).errors?.[0]?.message).toContain('600 columns');
  });

  it('imports a LinkedIn Talent Hub candidates export with external ids', async () => {
    const run = await importFile(
      recruiter,
      sample('linkedin-talent-hub-candidates.csv'),
      'format=linkedin&source=linkedin',
    );
    expect(run.counts).toMatchObject({ rowsRead: 3, created: 3, rejected: 0 });
    expect(run.mapping).toMatchObject({
      candidate_id: 'externalId',
      emails: 'emails',
      profile_url: 'profileUrl',
    });
    const [priya] = await findByEmail('priya.raman@example.com');
    const c = (await admin.get(`/api/v1/candidates/${priya!.id}`)).json();
    expect(c.emails.map((e: { address: string }) => e.address)).toEqual([
      'priya.raman@example.com',
      'p.raman@example.org',
    ]);
    expect(c.tags).toEqual(['backend', 'silver medalist']);
  });

  it('imports a Gem candidate_info export', async () => {
    const run = await importFile(recruiter, sample('gem-candidate-info.csv'), 'format=gem&source=gem');
    expect(run.counts).toMatchObject({ rowsRead: 2, created: 2, rejected: 0 });
    const [elena] = await findByEmail('elena.petrova@example.com');
    const c = (await admin.get(`/api/v1/candidates/${elena!.id}`)).json();
    expect(c.emails).toHaveLength(2);
    expect(c.location).toMatchObject({ city: 'Munich', country: 'DE' });
    expect(c.currentCompany).toBe('Alpenlabs');
  });

  it('imports JSON Resume documents', async () => {
    const run = await importFile(
      recruiter,
      sample('json-resume.json'),
      'format=json-resume&source=career_site',
      'application/json',
    );
    expect(run.counts).toMatchObject({ rowsRead: 2, created: 2, rejected: 0 });
    const [ingrid] = await findByEmail('ingrid.solberg@example.no');
    const c = (await admin.get(`/api/v1/candidates/${ingrid!.id}`)).json();
    expect(c.currentTitle).toBe('Platform Engineer');
    expect(c.skills.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['Kubernetes', 'Terraform']),
    );
  });

  it('imports Greenhouse Harvest candidates', async () => {
    const run = await importFile(
      recruiter,
      sample('greenhouse-candidates.json'),
      'format=greenhouse&source=greenhouse',
      'application/json',
    );
    expect(run.counts).toMatchObject({ rowsRead: 2, created: 2, rejected: 0 });
    const [olivia] = await findByEmail('olivia.chen@example.com');
    const c = (await admin.get(`/api/v1/candidates/${olivia!.id}`)).json();
    expect(c.currentTitle).toBe('Senior Data Scientist');
    expect(c.customFields.referral_source).toBe('meetup');
  });
});

describe('import runs', () => {
  it('re-running the same file changes nothing', async () => {
    const count = async () => (await admin.get('/api/v1/candidates?limit=1')).json().total as number;
    const before = await count();
    const run = await importFile(
      recruiter,
      sample('linkedin-talent-hub-candidates.csv'),
      'format=linkedin&source=linkedin',
    );
    expect(run.counts).toMatchObject({ rowsRead: 3, created: 0, unchanged: 3 });
    expect(await count()).toBe(before);
    const [priya] = await findByEmail('priya.raman@example.com');
    const touches = (
      await admin.get(`/api/v1/candidates/${priya!.id}/activities?kind=source.touchpoint`)
    ).json().items;
    expect(touches).toHaveLength(1);
    // A record with nothing exact about it (a name only) is known again by its content at this source.
    const nameOnly = 'Name,Title\nSolo Nameonly,Archivist\n';
    expect((await importFile(recruiter, nameOnly, 'format=csv&source=spreadsheet')).counts.created).toBe(1);
    const again = await importFile(recruiter, nameOnly, 'format=csv&source=spreadsheet');
    expect(again.counts).toMatchObject({ created: 0, heldForReview: 0, unchanged: 1 });
  });

  it('previews, maps and starts; names bad mapping targets', async () => {
    const res = await upload(
      recruiter,
      'Name,Mail,Fav\nAda Byron,ada.byron@example.com,x\n',
      'format=csv&source=spreadsheet&start=false',
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('awaiting_mapping');
    const id = res.json().id;
    const preview = (await recruiter.get(`/api/v1/imports/${id}/preview`)).json();
    expect(preview.headers).toEqual(['Name', 'Mail', 'Fav']);
    expect(preview.rows[0]).toEqual({ Name: 'Ada Byron', Mail: 'ada.byron@example.com', Fav: 'x' });
    expect(preview.suggestedMapping.Name).toBe('fullName');
    const bad = await recruiter.post(`/api/v1/imports/${id}/start`, {
      columns: { Name: 'fullName', Fav: 'customFields.nope' },
    });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors).toEqual(
      [{ field: 'columns.Fav', message: "'customFields.nope' is not a mapping target", in: 'body' }].map(
        ({ in: _i, ...e }) => expect.objectContaining(e),
      ),
    );
    const ok = await recruiter.post(`/api/v1/imports/${id}/start`, {
      columns: { Name: 'fullName', Mail: 'email', Fav: 'ignore' },
      saveMappingAs: 'Simple sheet',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    await t.drain();
    expect((await recruiter.get(`/api/v1/imports/${id}`)).json().counts.created).toBe(1);
    const mappings = (await recruiter.get('/api/v1/import-mappings')).json();
    expect(mappings.items.map((m: { name: string }) => m.name)).toContain('Simple sheet');
  });

  it('checks the query, permissions and workspace isolation', async () => {
    const bad = await upload(recruiter, 'a\n', 'format=xls&source=nope%20code');
    expect(bad.statusCode).toBe(400);
    expect(
      problem(bad)
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['format', 'source']);
    const unknown = await upload(recruiter, 'a\n', 'format=csv&source=unknownsrc');
    expect(unknown.statusCode).toBe(400);
    expect(problem(unknown).errors![0]!.field).toBe('source');
    expect((await upload(manager, 'a\n', 'format=csv&source=spreadsheet')).statusCode).toBe(403);
    const mine = (await recruiter.get('/api/v1/imports')).json().items[0].id;
    const other = await t.workspace('Other');
    expect((await other.admin.get(`/api/v1/imports/${mine}`)).statusCode).toBe(404);
    expect((await other.admin.get(`/api/v1/imports/${mine}/errors`)).statusCode).toBe(404);
    expect((await other.admin.get('/api/v1/imports')).json().items).toEqual([]);
    const source = (await admin.get('/api/v1/import-sources')).json().items[0];
    expect(
      (await other.admin.patch(`/api/v1/import-sources/${source.id}`, { name: 'Mine now' })).statusCode,
    ).toBe(404);
    const [someone] = await findByEmail('amara.okafor@example.com');
    expect((await other.admin.get(`/api/v1/candidates/${someone!.id}/provenance`)).statusCode).toBe(404);
  });

  it('refuses an upload past the bound and marks the run failed', async () => {
    const ctx = t.systemCtx(workspaceId);
    const err = await createRun(
      ctx,
      { format: 'csv', source: 'spreadsheet', start: 'true' },
      Readable.from([Buffer.from('Name\n'), Buffer.from('x'.repeat(100))]),
      { maxBytes: 50 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('file_too_large');
    const latest = (await recruiter.get('/api/v1/imports?limit=1')).json().items[0];
    expect(latest).toMatchObject({ status: 'failed' });
  });

  it('cancels a running run after its current chunk; what was committed stays', async () => {
    const ctx = t.systemCtx(workspaceId);
    const rows = [
      'Name,Email',
      ...Array.from({ length: 6 }, (_, i) => `Cancel Person${i},cancel${i}@example.com`),
    ];
    const run = await createRun(
      ctx,
      { format: 'csv', source: 'spreadsheet', start: 'true' },
      Readable.from([Buffer.from(rows.join('\n'))]),
      { enqueue: false },
    );
    // One chunk (the slice's time budget is spent at once), then a cancel request while it runs.
    expect(await processRunSlice(ctx, run.id, { chunkRows: 2, budgetMs: 0 })).toBe('more');
    const c = await recruiter.post(`/api/v1/imports/${run.id}/cancel`);
    expect(c.json().status).toBe('running');
    expect(await processRunSlice(ctx, run.id, { chunkRows: 2 })).toBe('stopped');
    const after = (await recruiter.get(`/api/v1/imports/${run.id}`)).json();
    expect(after.status).toBe('cancelled');
    expect(after.counts).toMatchObject({ rowsRead: 2, created: 2 });
  });

  it('the sweeper resumes a run that stopped moving and fails an upload that never finished', async () => {
    const ctx = t.systemCtx(workspaceId);
    const run = await createRun(
      ctx,
      { format: 'csv', source: 'spreadsheet', start: 'true' },
      Readable.from([Buffer.from('Name,Email\nSwept Person,swept@example.com\n')]),
      { enqueue: false },
    );
    expect(run.status).toBe('queued');
    await t.database.db.execute(
      sql`update import_runs set updated_at = now() - interval '1 hour' where id = ${run.id}`,
    );
    await t.tasks.queue.enqueue(t.database.db, sweepImports, {});
    await t.drain();
    expect((await recruiter.get(`/api/v1/imports/${run.id}`)).json()).toMatchObject({
      status: 'completed',
      counts: { created: 1 },
    });
  });

  it('cancels a waiting run', async () => {
    const res = await upload(recruiter, 'Name\nZed\n', 'format=csv&source=spreadsheet&start=false');
    const c = await recruiter.post(`/api/v1/imports/${res.json().id}/cancel`);
    expect(c.statusCode).toBe(200);
    expect(c.json().status).toBe('cancelled');
    expect((await recruiter.post(`/api/v1/imports/${res.json().id}/cancel`)).statusCode).toBe(409);
  });
});

describe('vendors and DPAs', () => {
  it('holds records from a vendor without a valid DPA for the region; release and discard are audited', async () => {
    const v = await admin.post('/api/v1/import-vendors', {
      name: 'TalentData Inc',
      dpaStatus: 'signed',
      dpaSignedAt: '2020-01-01',
      regions: ['US'],
    });
    expect(v.statusCode, v.body).toBe(201);
    const s = await admin.post('/api/v1/import-sources', {
      code: 'talentdata',
      name: 'TalentData',
      kind: 'sourcing_tool',
      vendorId: v.json().id,
    });
    expect(s.statusCode, s.body).toBe(201);
    const csv =
      'First Name,Last Name,Email,Country\nJane,Doe,jane.doe@example.com,United States\nJean,Dupont,jean.dupont@example.fr,France\nNo,Where,no.where@example.com,\n';
    const run = await importFile(recruiter, csv, 'format=csv&source=talentdata');
    expect(run.counts).toMatchObject({ created: 1, heldForDpa: 2 });
    expect(await findByEmail('jean.dupont@example.fr')).toHaveLength(0);
    const held = (await admin.get('/api/v1/import-held-rows')).json().items;
    expect(held.map((h: { reason: string }) => h.reason).sort()).toEqual([
      'region_not_covered',
      'region_unknown',
    ]);
    expect((await recruiter.get('/api/v1/import-held-rows')).statusCode).toBe(403);
    // Importing the same file again holds nothing twice.
    const again = await importFile(recruiter, csv, 'format=csv&source=talentdata');
    expect(again.counts).toMatchObject({ unchanged: 1, heldForDpa: 2 });
    expect((await admin.get('/api/v1/import-held-rows')).json().items).toHaveLength(2);

    const fr = held.find((h: { reason: string }) => h.reason === 'region_not_covered');
    const rel = await admin.post(`/api/v1/import-held-rows/${fr.id}/release`, {
      note: 'DPA addendum for FR signed',
    });
    expect(rel.statusCode, rel.body).toBe(200);
    expect(rel.json()).toMatchObject({ status: 'released' });
    expect(await findByEmail('jean.dupont@example.fr')).toHaveLength(1);
    const other = held.find((h: { reason: string }) => h.reason === 'region_unknown');
    const dis = await admin.post(`/api/v1/import-held-rows/${other.id}/discard`, {});
    expect(dis.json()).toMatchObject({ status: 'discarded', name: null });
    expect((await admin.post(`/api/v1/import-held-rows/${other.id}/release`, {})).statusCode).toBe(409);
    const audit = (await admin.get('/api/v1/audit-events?entityType=import_held_row&limit=50')).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining([
        'import_held_row.held',
        'import_held_row.released',
        'import_held_row.discarded',
      ]),
    );
  });
});

describe('captures', () => {
  it('captures one prospect; the same capture again changes nothing; bad fields are named', async () => {
    const body = {
      source: 'extension',
      profileUrl: 'https://www.linkedin.com/in/capture-demo',
      externalId: 'li-777',
      campaign: 'Q3 platform',
      candidate: { firstName: 'Cap', lastName: 'Ture', headline: 'SRE', location: { country: 'DE' } },
    };
    const first = await recruiter.post('/api/v1/captures', body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().outcome).toBe('created');
    const again = await recruiter.post('/api/v1/captures', body);
    expect(again.json()).toMatchObject({ outcome: 'unchanged', candidateId: first.json().candidateId });
    const bad = await recruiter.post('/api/v1/captures', {
      source: 'extension',
      candidate: { lastName: 'X' },
    });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors!.map((e) => e.field)).toEqual(['candidate.firstName']);
    const bad2 = await recruiter.post('/api/v1/captures', {
      source: 'extension',
      candidate: { firstName: 'X', emails: [{ address: 'nope' }], location: { country: 'Atlantis' } },
    });
    expect(
      problem(bad2)
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['candidate.emails.0.address', 'candidate.location.country']);
    expect((await manager.post('/api/v1/captures', body)).statusCode).toBe(403);
  });
});
