import { en, Faker } from '@faker-js/faker';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CandidateFields, searchInput } from '../../src/modules/candidates/candidate.rules.ts';
import { generateCandidate } from '../../src/modules/candidates/index.ts';
import { evaluateQuery, parseQuery, type SearchDocumentInput } from '../../src/modules/search/index.ts';
import { type Client, createTestApp, type TestApp } from '../support/app.ts';

/**
 * The API's search results against a brute-force evaluation of the same query over the same generated
 * candidates: for random Boolean queries over the generated vocabulary, GET /candidates returns exactly the
 * candidates the evaluator accepts.
 */
let t: TestApp;
let recruiter: Client;
const docs = new Map<string, SearchDocumentInput>();

const N = 60;
const WORDS = [
  'engineer',
  'senior',
  'software',
  'manager',
  'product',
  'data',
  'designer',
  'developer',
  'staff',
  'acme',
  'globex',
  'hooli',
  'berlin',
  'london',
  'university',
  'technology',
  'and',
  'or',
];
const FIELDS: [string, string[]][] = [
  ['title', ['engineer', 'senior', 'manager', 'designer', '"software engineer"', '"product manager"']],
  ['company', ['acme', 'globex', 'hooli', '"pied piper"', 'initech']],
  ['skill', ['"c++"', 'c', '"c#"', 'python', 'java', '"node.js"', 'react', 'sql']],
  ['location', ['berlin', 'london', 'us', 'germany', '"new york"']],
  ['tag', ['referral', 'hot', '"silver medalist"']],
  ['source', ['linkedin', 'referral', 'github']],
  ['school', ['stanford', '"eth zurich"', 'university']],
];

const term = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom(...FIELDS).chain(([f, vs]) => fc.constantFrom(...vs).map((v) => `${f}:${v}`)),
);
const query: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    term,
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `${a} ${b}`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a} OR ${b})`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `${a} AND NOT ${b}`),
  ),
})).q;

beforeAll(async () => {
  t = await createTestApp();
  const ws = await t.workspace();
  recruiter = await t.user(ws.workspaceId, { roles: ['recruiter'] });
  const faker = new Faker({ locale: [en] });
  faker.seed(11);
  for (let i = 0; i < N; i++) {
    const input = generateCandidate(faker, i);
    const res = await recruiter.post('/api/v1/candidates', { ...input, status: 'new' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    const fields = {
      firstName: c.firstName,
      lastName: c.lastName,
      headline: c.headline,
      summary: c.summary,
      emails: [],
      phones: [],
      links: c.links,
      city: c.location.city,
      region: c.location.region,
      country: c.location.country,
      timeZone: c.timeZone,
      timeZoneSource: c.timeZoneSource,
      work: c.work,
      education: c.education,
      skills: c.skills,
      tags: c.tags,
      ownerId: null,
      status: c.status,
      source: c.source,
      isEmployee: false,
      employeeSince: null,
      performanceRating: null,
      compensation: null,
      diversity: null,
      customFields: {},
    } satisfies CandidateFields;
    docs.set(c.id, searchInput(fields, []));
  }
}, 120_000);
afterAll(() => t?.close());

describe('search results agree with a brute-force evaluator', () => {
  it('for random Boolean queries over the generated data', async () => {
    const catalogue = { fields: {} };
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const ast = parseQuery(q);
        const expected = [...docs.entries()]
          .filter(([, d]) => ast === null || evaluateQuery(ast, d, catalogue))
          .map(([id]) => id)
          .sort();
        const res = await recruiter.get(`/api/v1/candidates?limit=200&q=${encodeURIComponent(q)}`);
        expect(res.statusCode, res.body).toBe(200);
        const got = (res.json().items as { id: string }[]).map((c) => c.id).sort();
        expect(got, q).toEqual(expected);
      }),
      { numRuns: 60, seed: 20261129 },
    );
  }, 120_000);
});
