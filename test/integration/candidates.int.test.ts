import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let recruiter: Client;
let manager: Client;
let workspaceId: string;

const fields = (res: LightMyRequestResponse) => (problem(res).errors ?? []).map((e) => e.field).sort();

async function create(body: Record<string, unknown>, by: Client = recruiter) {
  const res = await by.post('/api/v1/candidates', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  manager = await t.user(workspaceId, { roles: ['hiring_manager'] });
});
afterAll(() => t?.close());

describe('creating a candidate', () => {
  it('normalises emails, phones, links, skills and infers the time zone', async () => {
    const c = await create({
      firstName: ' Ada ',
      lastName: 'Lovelace',
      emails: [
        { address: '  Ada.Lovelace@Example.COM ' },
        { address: 'ada@work.example.org', primary: true },
      ],
      phones: [{ number: '030 901820' }, { number: '+1 (202) 555-0142' }],
      links: [{ url: 'https://de.linkedin.com/in/Ada-Lovelace/?trk=abc' }, { url: 'github.com/adal' }],
      location: { city: 'Berlin', country: 'Germany' },
      skills: ['C++', 'C#', '.NET', 'Node.js', 'c++'],
      tags: ['Silver Medalist', 'silver medalist'],
      work: [
        { title: 'Engineer', company: 'Analytical Engines', startDate: '2015-01', endDate: '2019-12' },
        { title: 'Principal Engineer', company: 'Difference Ltd', startDate: '2020-01', current: true },
      ],
    });
    expect(c.firstName).toBe('Ada');
    expect(c.emails).toEqual([
      { address: 'ada.lovelace@example.com', primary: false },
      { address: 'ada@work.example.org', primary: true },
    ]);
    // Numbers without a country code are read in the candidate's country (here Germany).
    expect(c.phones.map((p: { number: string }) => p.number)).toEqual(['+4930901820', '+12025550142']);
    expect(c.links.map((l: { url: string }) => l.url)).toEqual([
      'https://www.linkedin.com/in/ada-lovelace',
      'https://github.com/adal',
    ]);
    expect(c.location.country).toBe('DE');
    expect(c.timeZone).toBe('Europe/Berlin');
    expect(c.timeZoneSource).toBe('country');
    expect(c.skills.map((s: { key: string }) => s.key)).toEqual(['c++', 'c#', '.net', 'node.js']);
    expect(c.tags).toEqual(['silver medalist']);
    expect(c.currentTitle).toBe('Principal Engineer');
    expect(c.yearsExperience).toBeGreaterThan(9);
    expect(c.status).toBe('new');
    expect(c.version).toBe(1);
  });

  it('names every bad field and stores nothing', async () => {
    const before = (await recruiter.get('/api/v1/candidates?q=Zebedee')).json().total;
    const res = await recruiter.post('/api/v1/candidates', {
      firstName: 'Zebedee',
      emails: [{ address: 'zeb@@example.com' }],
      phones: [{ number: '12' }],
      links: [{ url: 'javascript:alert(1)' }],
      location: { country: 'Atlantis' },
      timeZone: 'Mars/Olympus',
      work: [{ title: 'X', company: 'Y', startDate: '2020-05', endDate: '2019-01' }],
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('invalid_candidate');
    expect(fields(res)).toEqual([
      'emails.0.address',
      'links.0.url',
      'location.country',
      'phones.0.number',
      'timeZone',
      'work.0.endDate',
    ]);
    expect((await recruiter.get('/api/v1/candidates?q=Zebedee')).json().total).toBe(before);
  });

  it('refuses shape errors with 400 before touching the database', async () => {
    const res = await recruiter.post('/api/v1/candidates', {
      lastName: 'NoFirst',
      status: 'dancing',
      extra: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['extra', 'firstName', 'status']);
  });

  it("reads phones without a country code in the workspace's default region when the country is unknown", async () => {
    const c = await create({ firstName: 'Phil', phones: [{ number: '(202) 555-0142' }] });
    expect(c.phones[0].number).toBe('+12025550142');
    // The United States has several zones: a US number alone does not tell which.
    expect(c.timeZone).toBeNull();
    expect(c.timeZoneSource).toBeNull();
    const uk = await create({ firstName: 'Poppy', phones: [{ number: '+44 20 7946 0958' }] });
    expect([uk.timeZone, uk.timeZoneSource]).toEqual(['Europe/London', 'phone']);
  });

  it('refuses an owner from outside the workspace', async () => {
    const res = await recruiter.post('/api/v1/candidates', {
      firstName: 'Owned',
      ownerId: '01a22349-0000-7000-8000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['ownerId']);
  });
});

describe('changing a candidate', () => {
  it('updates, bumps the version, refuses a stale version, and shows changes on the timeline', async () => {
    const c = await create({ firstName: 'Grace', lastName: 'Hopper', headline: 'Rear admiral' });
    const res = await recruiter.patch(`/api/v1/candidates/${c.id}`, {
      headline: 'Compiler pioneer',
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).toBe(2);
    const stale = await recruiter.patch(`/api/v1/candidates/${c.id}`, { headline: 'Again', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(problem(stale).code).toBe('stale_version');
    await recruiter.post(`/api/v1/candidates/${c.id}/notes`, { body: 'Called, keen on compilers.' });
    const status = await recruiter.patch(`/api/v1/candidates/${c.id}`, { status: 'interested' });
    expect(status.json().status).toBe('interested');
    const timeline = (await manager.get(`/api/v1/candidates/${c.id}/activities`)).json().items;
    expect(timeline.map((a: { kind: string }) => a.kind)).toEqual([
      'candidate.status_changed',
      'note.added',
      'candidate.updated',
      'candidate.created',
    ]);
    const updated = timeline[2];
    expect(updated.data.changes).toEqual([
      { field: 'headline', group: null, before: 'Rear admiral', after: 'Compiler pioneer' },
    ]);
  });

  it('hides changed contact values on the timeline from readers without the contact permission', async () => {
    const c = await create({ firstName: 'Hidden', emails: [{ address: 'a@example.com' }] });
    await recruiter.patch(`/api/v1/candidates/${c.id}`, { emails: [{ address: 'b@example.com' }] });
    const asManager = (await manager.get(`/api/v1/candidates/${c.id}/activities`)).json().items[0];
    expect(asManager.data.changes).toEqual([{ field: 'emails', group: 'contact', hidden: true }]);
    const asRecruiter = (await recruiter.get(`/api/v1/candidates/${c.id}/activities`)).json().items[0];
    expect(asRecruiter.data.changes[0].after).toEqual([{ address: 'b@example.com', primary: true }]);
  });
});

describe('field-level access', () => {
  it('redacts contact details, compensation and diversity per role, in records and search results', async () => {
    const c = await create({
      firstName: 'Sensitive',
      lastName: 'Person',
      emails: [{ address: 'sensitive@example.com' }],
      phones: [{ number: '+44 20 7946 0958' }],
      compensation: { currency: 'EUR', current: 90000, expected: 100000 },
      diversity: { gender: 'female' },
      employee: { isEmployee: true, since: '2020-01-01', performanceRating: 4 },
    });
    const asManager = (await manager.get(`/api/v1/candidates/${c.id}`)).json();
    expect(asManager.emails).toBeUndefined();
    expect(asManager.phones).toBeUndefined();
    expect(asManager.compensation).toBeUndefined();
    expect(asManager.diversity).toBeUndefined();
    expect(asManager.employee).toEqual({ isEmployee: true, since: '2020-01-01' });
    expect(asManager.redactedFields).toEqual([
      'emails',
      'phones',
      'compensation',
      'diversity',
      'employee.performanceRating',
    ]);
    const asRecruiter = (await recruiter.get(`/api/v1/candidates/${c.id}`)).json();
    expect(asRecruiter.emails[0].address).toBe('sensitive@example.com');
    expect(asRecruiter.compensation.current).toBe(90000);
    expect(asRecruiter.diversity).toBeUndefined(); // diversity is for admins unless granted
    const found = (await manager.get('/api/v1/candidates?q=Sensitive')).json().items;
    expect(found).toHaveLength(1);
    expect(found[0].emails).toBeUndefined();
    expect(found[0].redactedFields).toContain('phones');
    const asAdmin = (await admin.get(`/api/v1/candidates/${c.id}`)).json();
    expect(asAdmin.diversity.gender).toBe('female');
    expect(asAdmin.redactedFields).toBeUndefined();
  });

  it('refuses to filter on a group the reader may not see', async () => {
    const res = await manager.get('/api/v1/candidates?minRating=3');
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['minRating']);
  });
});

describe('workspace isolation', () => {
  it('another workspace cannot read, change, search or annotate our candidates', async () => {
    const c = await create({ firstName: 'Isolated', lastName: 'Island' });
    const other = await t.workspace();
    expect((await other.admin.get(`/api/v1/candidates/${c.id}`)).statusCode).toBe(404);
    expect((await other.admin.patch(`/api/v1/candidates/${c.id}`, { headline: 'x' })).statusCode).toBe(404);
    expect((await other.admin.get(`/api/v1/candidates/${c.id}/activities`)).statusCode).toBe(404);
    expect((await other.admin.post(`/api/v1/candidates/${c.id}/notes`, { body: 'x' })).statusCode).toBe(404);
    expect((await other.admin.get(`/api/v1/candidates/${c.id}/consents`)).statusCode).toBe(404);
    expect((await other.admin.get('/api/v1/candidates?q=Isolated')).json().total).toBe(0);
  });
});

describe('the colleague directory', () => {
  it('gives any signed-in user the names of active colleagues, without emails', async () => {
    expect((await manager.get('/api/v1/users')).statusCode).toBe(403);
    const res = await manager.get('/api/v1/users/directory');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; name: string }[];
    expect(items.map((u) => u.id)).toContain(recruiter.info.userId);
    expect(JSON.stringify(items)).not.toContain('@');
  });
});
