import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let recruiter: Client;
let sourcer: Client;
let workspaceId: string;
const ids: Record<string, string> = {};

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

const PEOPLE = [
  {
    key: 'cpp',
    firstName: 'Carla',
    lastName: 'Plus',
    skills: ['C++', 'Rust'],
    tags: ['referral'],
    source: 'referral',
    location: { city: 'Berlin', country: 'DE' },
    work: [{ title: 'Senior Software Engineer', company: 'Acme', startDate: '2018-01', current: true }],
    education: [{ institution: 'Technical University of Munich' }],
  },
  {
    key: 'csharp',
    firstName: 'Sharon',
    lastName: 'Sharp',
    skills: ['C#', '.NET'],
    tags: ['silver medalist'],
    source: 'linkedin',
    location: { city: 'London', country: 'GB' },
    work: [
      { title: 'Software Engineer', company: 'Globex', startDate: '2012-01', endDate: '2018-12' },
      { title: 'Engineering Manager', company: 'Initech', startDate: '2019-01', current: true },
    ],
  },
  {
    key: 'node',
    firstName: 'Noah',
    lastName: 'Node',
    skills: ['Node.js', 'TypeScript'],
    tags: [],
    source: 'linkedin',
    location: { city: 'Austin', region: 'TX', country: 'US' },
    work: [{ title: 'Frontend Developer', company: 'Acme', startDate: '2023-06', current: true }],
  },
  {
    key: 'c',
    firstName: 'Cee',
    lastName: 'Plain',
    skills: ['C'],
    tags: ['referral'],
    source: 'career_site',
    status: 'interested',
    location: { city: 'Paris', country: 'FR' },
    work: [{ title: 'Embedded Engineer', company: 'Hooli', startDate: '2010-01', current: true }],
  },
  {
    key: 'archived',
    firstName: 'Old',
    lastName: 'Timer',
    skills: ['C++'],
    tags: [],
    status: 'archived',
    work: [{ title: 'Senior Software Engineer', company: 'Acme', startDate: '2000-01', current: true }],
  },
];

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  sourcer = await t.user(workspaceId, { roles: ['sourcer'] });
  for (const { key, ...p } of PEOPLE)
    ids[key] = (await ok(await recruiter.post('/api/v1/candidates', p), 201)).id;
});
afterAll(() => t?.close());

async function search(qs: string, by: Client = recruiter) {
  return ok(await by.get(`/api/v1/candidates?${qs}`));
}
const keysOf = (page: { items: { id: string }[] }) =>
  page.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]).sort();

describe('the Boolean query', () => {
  it('keeps C++, C# and C apart', async () => {
    expect(keysOf(await search(`q=${encodeURIComponent('"C++" OR "C#"')}`))).toEqual(['cpp', 'csharp']);
    expect(keysOf(await search(`q=${encodeURIComponent('skill:C')}`))).toEqual(['c']);
    expect(keysOf(await search(`q=${encodeURIComponent('skill:"node.js"')}`))).toEqual(['node']);
  });

  it('handles field prefixes, NOT and precedence', async () => {
    const q = 'title:"software engineer" NOT company:globex';
    expect(keysOf(await search(`q=${encodeURIComponent(q)}`))).toEqual(['cpp']);
    const q2 = 'company:acme AND (skill:rust OR skill:typescript)';
    expect(keysOf(await search(`q=${encodeURIComponent(q2)}`))).toEqual(['cpp', 'node']);
    const q3 = 'tag:referral location:paris OR location:london';
    expect(keysOf(await search(`q=${encodeURIComponent(q3)}`))).toEqual(['c', 'csharp']);
  });

  it('leaves archived candidates out unless asked for by status', async () => {
    expect(keysOf(await search(`q=${encodeURIComponent('"C++"')}`))).toEqual(['cpp']);
    expect(keysOf(await search(`q=${encodeURIComponent('"C++"')}&status=archived`))).toEqual(['archived']);
    expect(keysOf(await search(`q=${encodeURIComponent('status:archived')}`))).toEqual(['archived']);
  });

  it('answers a syntax error with 400 and the position', async () => {
    const res = await recruiter.get(`/api/v1/candidates?q=${encodeURIComponent('(java OR python')}`);
    expect(res.statusCode).toBe(400);
    const p = problem(res);
    expect(p.code).toBe('invalid_query');
    expect(p.errors?.[0]?.field).toBe('q');
    expect(p.errors?.[0]).toMatchObject({ position: 0, length: 1 });
  });

  it('answers an unknown field with 400', async () => {
    const res = await recruiter.get(`/api/v1/candidates?q=${encodeURIComponent('colour:blue')}`);
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('invalid_query');
  });
});

describe('filters, sort and pages', () => {
  it('combines structured filters', async () => {
    expect(keysOf(await search('skills=c%2B%2B,rust&skillsMode=all'))).toEqual(['cpp']);
    expect(keysOf(await search('skills=c%23,typescript&skillsMode=any'))).toEqual(['csharp', 'node']);
    expect(keysOf(await search('minYears=10'))).toEqual(['c', 'csharp']);
    expect(keysOf(await search('country=de,fr'))).toEqual(['c', 'cpp']);
    expect(keysOf(await search('company=acm'))).toEqual(['cpp', 'node']);
    expect(keysOf(await search('tags=referral&source=career_site'))).toEqual(['c']);
    expect(keysOf(await search('status=interested'))).toEqual(['c']);
    expect(keysOf(await search('maxTenureMonths=100'))).toEqual(['csharp', 'node']);
    expect(keysOf(await search('minTenureMonths=100'))).toEqual(['c', 'cpp']);
  });

  it('pages through results with a cursor and reports the total', async () => {
    const first = await search('limit=2&sort=name');
    expect(first.total).toBe(4);
    expect(first.totalIsEstimate).toBe(false);
    expect(first.items.map((i: { name: string }) => i.name)).toEqual(['Carla Plus', 'Cee Plain']);
    const second = await search(`limit=2&sort=name&cursor=${first.nextCursor}`);
    expect(second.items.map((i: { name: string }) => i.name)).toEqual(['Noah Node', 'Sharon Sharp']);
    expect(second.nextCursor).toBeNull();
    const bad = await recruiter.get('/api/v1/candidates?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
  });

  it('sorts by relevance with a query', async () => {
    const page = await search(`q=engineer&limit=1`);
    expect(page.total).toBe(3);
    const next = await search(`q=engineer&limit=5&cursor=${page.nextCursor}`);
    expect(next.items).toHaveLength(2);
    expect(next.items.map((i: { id: string }) => i.id)).not.toContain(page.items[0].id);
  });
});

describe('pools, saved searches, segments and bulk actions', () => {
  it('adds to a pool in bulk from a search, with history and one audit entry per candidate', async () => {
    const pool = await ok(await recruiter.post('/api/v1/pools', { name: 'Systems people' }), 201);
    const res = await ok(
      await recruiter.post('/api/v1/candidates/bulk', {
        selection: { criteria: { q: 'skill:"c++" OR skill:c' } },
        action: { type: 'add_to_pool', poolId: pool.id },
      }),
    );
    expect(res).toEqual({ matched: 2, changed: 2, unchanged: 0, failed: [] });
    expect(keysOf(await search(`pool=${pool.id}`))).toEqual(['c', 'cpp']);
    await ok(await recruiter.post(`/api/v1/pools/${pool.id}/members/remove`, { candidateIds: [ids.c] }));
    expect(keysOf(await search(`pool=${pool.id}`))).toEqual(['cpp']);
    const history = await ok(await recruiter.get(`/api/v1/pools/${pool.id}/history`));
    expect(history.items).toHaveLength(2);
    expect(history.items.filter((h: { removedAt: string | null }) => h.removedAt)).toHaveLength(1);
    const audit = await ok(await admin.get('/api/v1/audit-events?action=pool.member_added'));
    expect(audit.items).toHaveLength(2);
  });

  it('tags and sets status in bulk, reporting what changed', async () => {
    const res = await ok(
      await recruiter.post('/api/v1/candidates/bulk', {
        selection: { ids: [ids.cpp, ids.node] },
        action: { type: 'tag', add: ['Hot'], remove: ['referral'] },
      }),
    );
    expect(res).toMatchObject({ matched: 2, changed: 2 });
    const cpp = await ok(await recruiter.get(`/api/v1/candidates/${ids.cpp}`));
    expect(cpp.tags).toEqual(['hot']);
    const again = await ok(
      await recruiter.post('/api/v1/candidates/bulk', {
        selection: { ids: [ids.cpp] },
        action: { type: 'tag', add: ['hot'], remove: [] },
      }),
    );
    expect(again).toMatchObject({ changed: 0, unchanged: 1 });
  });

  it('keeps private saved searches private and shares team ones; segments count on read', async () => {
    const mine = await ok(
      await recruiter.post('/api/v1/saved-searches', { name: 'My C++', criteria: { q: '"C++"' } }),
      201,
    );
    await ok(
      await recruiter.post('/api/v1/saved-searches', {
        name: 'Referrals',
        visibility: 'team',
        isSegment: true,
        criteria: { tags: ['referral'] },
      }),
      201,
    );
    const theirs = await ok(await sourcer.get('/api/v1/saved-searches'));
    expect(theirs.items.map((s: { name: string }) => s.name)).not.toContain('My C++');
    expect((await sourcer.get(`/api/v1/saved-searches/${mine.id}`)).statusCode).toBe(404);
    const segments = await ok(await sourcer.get('/api/v1/saved-searches?segments=true'));
    const seg = segments.items.find((s: { name: string }) => s.name === 'Referrals');
    expect(await ok(await sourcer.get(`/api/v1/saved-searches/${seg.id}/count`))).toEqual({
      total: 1,
      totalIsEstimate: false,
    });
    expect(keysOf(await search(`segment=${seg.id}`, sourcer))).toEqual(['c']);
    expect((await sourcer.delete(`/api/v1/saved-searches/${seg.id}`)).statusCode).toBe(403);
    const bad = await recruiter.post('/api/v1/saved-searches', { name: 'Broken', criteria: { q: 'a OR' } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('CSV export', () => {
  it('streams the results of a search, redacted for the reader, and needs the export permission', async () => {
    const res = await recruiter.get(`/api/v1/candidates/export.csv?q=${encodeURIComponent('"C++" OR "C#"')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="candidates-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,first_name,last_name,/);
    expect(lines).toHaveLength(3);
    expect(res.body).toContain('Carla');
    expect(res.body).toContain('Sharon');
    const manager = await t.user(workspaceId, { roles: ['hiring_manager'] });
    expect((await manager.get('/api/v1/candidates/export.csv')).statusCode).toBe(403);
    const limited = await t.user(workspaceId, { permissions: ['candidates:read', 'candidates:export'] });
    const redacted = await limited.get('/api/v1/candidates/export.csv?q=Carla');
    expect(redacted.statusCode).toBe(200);
    expect(redacted.body).toContain('[hidden]');
  });
});

describe('segments as a base for searches, bulk actions and exports', () => {
  it('ANDs the segment with the request, reports query errors in the request, lists pools', async () => {
    const seg = await ok(
      await recruiter.post('/api/v1/saved-searches', {
        name: 'Europe',
        visibility: 'team',
        isSegment: true,
        criteria: { country: ['DE', 'GB', 'FR'] },
      }),
      201,
    );
    expect(
      keysOf(await search(`segment=${seg.id}&q=${encodeURIComponent('skill:"c#" OR skill:c')}`)),
    ).toEqual(['c', 'csharp']);
    const bad = await recruiter.get(`/api/v1/candidates?segment=${seg.id}&q=${encodeURIComponent('a OR')}`);
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.[0]).toMatchObject({ field: 'q', position: 2 });
    const csv = await recruiter.get(`/api/v1/candidates/export.csv?segment=${seg.id}`);
    expect(csv.body.trim().split('\r\n')).toHaveLength(1 + 3);
    const nested = await recruiter.post('/api/v1/saved-searches', {
      name: 'Nested',
      isSegment: true,
      visibility: 'team',
      criteria: { segment: seg.id },
    });
    expect(nested.statusCode).toBe(400);
    const pools = await ok(await recruiter.get('/api/v1/pools'));
    expect(pools.items.length).toBeGreaterThan(0);
    expect(pools.items[0]).toMatchObject({ memberCount: expect.any(Number), archived: false });
    const history = await ok(await recruiter.get(`/api/v1/pools/${pools.items[0].id}/history`));
    expect(history.items[0].candidateName).toMatch(/\w/);
  });
});

describe('a segment whose rules the reader may not apply', () => {
  it('is reported on segment', async () => {
    const seg = await ok(
      await recruiter.post('/api/v1/saved-searches', {
        name: 'Top performers',
        visibility: 'team',
        isSegment: true,
        criteria: { employee: true, minRating: 4 },
      }),
      201,
    );
    const res = await sourcer.get(`/api/v1/candidates?segment=${seg.id}`);
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('invalid_segment');
    expect(problem(res).errors?.[0]?.field).toBe('segment');
  });
});
