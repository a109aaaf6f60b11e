/**
 * PostgreSQL agrees with the oracle: documents built by buildSearchDocument, queries compiled by compileQuery,
 * matched by `doc @@ query` in an in-memory PGlite, give exactly the candidates evaluateQuery accepts.
 */
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QueryNode, QuerySyntaxError, type TermNode } from './query.ast.ts';
import { compileQuery } from './query.compile.ts';
import { evaluateQuery } from './query.evaluate.ts';
import type { FieldCatalogue } from './query.fields.ts';
import { formatQuery, parseQuery } from './query.parser.ts';
import { buildSearchDocument, type SearchDocumentInput } from './search.document.ts';
import { analyse, normaliseSkill } from './text.analysis.ts';

/** Where documents are matched: an in-memory PGlite, or PostgreSQL with TEST_ENGINE=postgres TEST_DATABASE_URL=…. */
interface Engine {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params: unknown[]): Promise<{ rows: T[] }>;
  close(): Promise<void>;
}

async function openEngine(): Promise<Engine> {
  const url = process.env.TEST_DATABASE_URL;
  if (process.env.TEST_ENGINE === 'postgres' && url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      exec: (sql) => client.query(sql),
      query: async <T>(sql: string, params: unknown[]) => ({
        rows: (await client.query(sql, params)).rows as T[],
      }),
      close: () => client.end(),
    };
  }
  const lite = new PGlite();
  return {
    exec: (sql) => lite.exec(sql),
    query: <T>(sql: string, params: unknown[]) => lite.query<T>(sql, params),
    close: () => lite.close(),
  };
}

let db: Engine;

beforeAll(async () => {
  db = await openEngine();
  // A temporary table: private to this session on a shared PostgreSQL.
  await db.exec('create temporary table t (id int primary key, doc tsvector not null)');
}, 60_000);
afterAll(async () => {
  await db?.close();
});

const catalogue: FieldCatalogue = {
  fields: {
    status: { kind: 'code', aliases: { 'Not interested': 'not_interested', Archived: 'archived' } },
    notes: { kind: 'text' },
    level: { kind: 'code', aliases: { Senior: 'l3', Staff: 'l4' } },
    remote: { kind: 'code' },
  },
};

async function load(docs: readonly SearchDocumentInput[]) {
  await db.exec('truncate t');
  if (docs.length === 0) return;
  const params: unknown[] = [];
  const rows = docs.map((d, i) => {
    params.push(i, buildSearchDocument(d));
    return `($${2 * i + 1}, $${2 * i + 2}::tsvector)`;
  });
  await db.query(`insert into t (id, doc) values ${rows.join(', ')}`, params);
}

async function pgMatches(tsquery: string): Promise<number[]> {
  const r = await db.query<{ id: number }>(
    'select id, ts_rank_cd(doc, $1::tsquery) as rank from t where doc @@ $1::tsquery order by id',
    [tsquery],
  );
  return r.rows.map((row) => row.id);
}

const oracle = (ast: QueryNode, docs: readonly SearchDocumentInput[]) =>
  docs.flatMap((d, i) => (evaluateQuery(ast, d, catalogue) ? [i] : []));

// ---------------------------------------------------------------------------------------------------------
// Generators: a small vocabulary so that queries hit.

const WORDS = [
  'senior',
  'engineer',
  'software',
  'developer',
  'lead',
  'data',
  'acme',
  'globex',
  'berlin',
  'london',
  'c++',
  'C#',
  'c',
  '.NET',
  'node.js',
  'java',
  'javascript',
  'front-end',
  'end',
  'front',
  'müller',
  "o'brien",
  'and',
  'or',
  'engineering',
  'ana',
] as const;
const SEPARATORS = [' ', ' ', ', ', ' - ', '. ', ' / '] as const;
const SKILLS = [
  'C++',
  'C#',
  'C',
  '.NET',
  'Node.js',
  'Java',
  'golang',
  'machine learning',
  'Rust',
  'data',
] as const;
const TAGS = ['referral', 'Silver Medalist', 'top talent', "o'reilly", 'back\\slash', 'c++'] as const;
const SOURCES = ['linkedin', 'referral', 'career_site'] as const;
const STATUSES = ['new', 'archived', 'not_interested', 'engaged'] as const;

const textArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([w, s], i) => (i === 0 ? w : `${s}${w}`)).join(''));
const texts = (max: number) => fc.array(textArb, { maxLength: max });

const candidateArb: fc.Arbitrary<SearchDocumentInput> = fc.record({
  names: texts(2),
  headline: fc.option(textArb, { nil: null }),
  summary: fc.option(textArb, { nil: null }),
  currentTitles: texts(2),
  pastTitles: texts(2),
  currentCompanies: texts(2),
  pastCompanies: texts(1),
  schools: texts(1),
  locations: texts(2),
  skills: fc.subarray([...SKILLS]).map((s) => s.map((x) => normaliseSkill(x)!.key)),
  tags: fc.subarray([...TAGS]),
  sources: fc.subarray([...SOURCES], { maxLength: 1 }),
  status: fc.constantFrom(...STATUSES),
  custom: fc.record(
    {
      notes: texts(2).map((values) => ({ kind: 'text' as const, values })),
      level: fc.subarray(['l1', 'l3', 'l4']).map((values) => ({ kind: 'code' as const, values })),
      remote: fc.constantFrom('true', 'false').map((v) => ({ kind: 'code' as const, values: [v] })),
    },
    { requiredKeys: [] },
  ),
});

const TEXT_FIELDS = [null, null, null, 'name', 'title', 'company', 'school', 'location', 'notes'] as const;
const CODE_VALUES: Record<string, readonly string[]> = {
  skill: ['c++', 'C#', 'c', '.net', 'node', 'js', 'java', 'golang', 'go', 'machine learning', 'rust', 'Data'],
  tag: TAGS,
  source: SOURCES,
  status: [...STATUSES, 'Not interested', 'ARCHIVED'],
  level: ['l1', 'l3', 'L4', 'senior', 'staff'],
  remote: ['true', 'false'],
};

const term = (field: string | null, value: string, prefix = false, phrase = false): TermNode => ({
  kind: 'term',
  field,
  value,
  phrase: phrase || analyse(value).length > 1,
  prefix,
  span: { start: 0, end: 0 },
});

/** A word from the vocabulary cut to its first 2+ characters, for prefix search. */
const prefixOf = (values: readonly string[]) =>
  fc
    .constantFrom(...values.filter((v) => !/\s/.test(v) && v.length >= 2))
    .chain((w) => fc.integer({ min: 2, max: w.length }).map((n) => w.slice(0, n)));

const textTermArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...TEXT_FIELDS), fc.constantFrom(...WORDS))
      .map(([f, w]) => term(f, w)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...TEXT_FIELDS),
        fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 3 }),
      )
      .map(([f, ws]) => term(f, ws.join(' '), false, true)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...TEXT_FIELDS), prefixOf(WORDS)).map(([f, w]) => term(f, w, true)),
  },
);
const codeTermArb = fc.constantFrom(...Object.keys(CODE_VALUES)).chain((f) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(...CODE_VALUES[f]!).map((v) => term(f, v, false, /\s/.test(v))),
    },
    { weight: 1, arbitrary: prefixOf(CODE_VALUES[f]!).map((v) => term(f, v, true)) },
  ),
);
const termArb = fc.oneof({ weight: 2, arbitrary: textTermArb }, { weight: 1, arbitrary: codeTermArb });

const { node: astArb } = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    { weight: 3, arbitrary: termArb },
    { weight: 1, arbitrary: tie('node').map((child): QueryNode => ({ kind: 'not', child })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('and' as const, 'or' as const),
          fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
        )
        .map(([kind, children]): QueryNode => ({ kind, children })),
    },
  ),
}));

/** Compile, or check that the oracle refuses the same query with the same error. */
function compileOrSame(ast: QueryNode, docs: readonly SearchDocumentInput[]): string | null {
  try {
    return compileQuery(ast, catalogue);
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e;
    if (docs[0]) expect(() => evaluateQuery(ast, docs[0]!, catalogue)).toThrow(e.message);
    return null;
  }
}

describe('PostgreSQL agrees with evaluateQuery', () => {
  it('on random candidates and random queries (through their canonical text)', async () => {
    let compared = 0;
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(candidateArb, { minLength: 1, maxLength: 8 }),
        fc.array(astArb, { minLength: 1, maxLength: 6 }),
        async (docs, asts) => {
          await load(docs);
          for (const generated of asts) {
            // The canonical text parses back to a tree that means the same and prints the same.
            const text = formatQuery(generated);
            const ast = parseQuery(text);
            expect(ast, text).not.toBeNull();
            expect(formatQuery(parseQuery(formatQuery(ast!))!)).toBe(formatQuery(ast!));
            const tsquery = compileOrSame(ast!, docs);
            if (tsquery === null) continue;
            const expected = oracle(ast!, docs);
            expect(oracle(generated, docs), text).toEqual(expected);
            expect(await pgMatches(tsquery), `${text}\n${tsquery}`).toEqual(expected);
            compared++;
            if (expected.length > 0 && expected.length < docs.length) nonTrivial++;
          }
        },
      ),
      { numRuns: 200 },
    );
    // The vocabulary is small on purpose: most queries must split the candidates.
    expect(nonTrivial).toBeGreaterThan(compared / 5);
  }, 60_000);

  it('on hand-written cases (C++/C#/C, fields, phrases, precedence)', async () => {
    const base: SearchDocumentInput = {
      names: [],
      headline: null,
      summary: null,
      currentTitles: [],
      pastTitles: [],
      currentCompanies: [],
      pastCompanies: [],
      schools: [],
      locations: [],
      skills: [],
      tags: [],
      sources: [],
      status: 'new',
      custom: {},
    };
    const people: SearchDocumentInput[] = [
      {
        ...base,
        names: ['Carla Plus'],
        skills: ['c++', 'rust'],
        tags: ['referral'],
        locations: ['Berlin', 'DE', 'Germany'],
        currentTitles: ['Senior Software Engineer'],
        currentCompanies: ['Acme'],
      },
      {
        ...base,
        names: ['Sharon Sharp'],
        skills: ['c#', '.net'],
        tags: ['silver medalist'],
        locations: ['London'],
        pastTitles: ['Software Engineer'],
        pastCompanies: ['Globex'],
        currentTitles: ['Engineering Manager'],
        currentCompanies: ['Initech'],
      },
      {
        ...base,
        names: ['Noah Node'],
        skills: ['node.js', 'typescript'],
        locations: ['Austin', 'TX', 'US'],
        currentTitles: ['Frontend Developer'],
        currentCompanies: ['Acme'],
      },
      {
        ...base,
        names: ['Cee Plain'],
        skills: ['c'],
        tags: ['referral'],
        status: 'not_interested',
        locations: ['Paris'],
        summary: 'Embedded engineer. Likes front-end work too; see www.example.com.',
        custom: { notes: { kind: 'text', values: ["Relocating, it's urgent"] } },
      },
    ];
    await load(people);
    const cases: [string, number[]][] = [
      ['"C++" OR "C#"', [0, 1]],
      ['C++', [0]],
      ['skill:C', [3]],
      ['c', [3]],
      ['.NET', [1]],
      ['skill:"node.js"', [2]],
      ['skill:nodejs', [2]],
      ['title:"software engineer" NOT company:globex', [0]],
      ['company:acme AND (skill:rust OR skill:typescript)', [0, 2]],
      ['tag:referral location:paris OR location:london', [1, 3]],
      ['"software engineer"', [0, 1]],
      ['"engineer engineering"', []],
      ['engineer. embedded', [3]],
      ['front-end', [3]],
      ['engin*', [0, 1, 3]],
      ['ti*', []],
      ['status:"not interested"', [3]],
      ['notes:"it\'s urgent"', [3]],
      ['relocating', []],
      ['NOT c', [0, 1, 2]],
      ['-skill:c -skill:c++', [1, 2]],
      ['name:(carla OR sharon) -london', [0]],
      ['www.example.com', [3]],
    ];
    for (const [q, expected] of cases) {
      const ast = parseQuery(q)!;
      expect(oracle(ast, people), q).toEqual(expected);
      expect(await pgMatches(compileQuery(ast, catalogue)), q).toEqual(expected);
    }
  });

  it('accepts documents at the limits and tricky lexemes', async () => {
    const huge = Array.from({ length: 20_000 }, (_, i) => `${'x'.repeat(90)}${i % 9000}`).join(' ');
    const tricky: SearchDocumentInput = {
      names: ["D'Arcy \\ Back"],
      headline: 'x'.repeat(5000),
      summary: huge,
      currentTitles: [],
      pastTitles: [],
      currentCompanies: [],
      pastCompanies: [],
      schools: [],
      locations: [],
      skills: ['c++'],
      tags: ["o'reilly", 'a\\b', "'", '\\', 'x'.repeat(1000)],
      sources: [],
      status: 'new',
      custom: { level: { kind: 'code', values: ["l'3", '\\'] } },
    };
    await load([tricky]);
    for (const q of [
      'tag:"o\'reilly"',
      'tag:"a\\b"',
      `tag:"'"`,
      'tag:\\',
      "level:l'3",
      'level:\\',
      "name:d'arcy",
      'skill:c++',
    ]) {
      expect(await pgMatches(compileQuery(parseQuery(q)!, catalogue)), q).toEqual([0]);
    }
  });
});
