/**
 * Search benchmark: 20 representative candidate searches through the product's own search service, against
 * the best hand-written SQL for each on the same data and indexes, measured in the same run.
 *
 *   npm run bench:search -- [--engine pglite|postgres|both] [--rows N] [--pglite-rows N] [--runs N] [--keep DIR]
 *
 * `--keep DIR` (PostgreSQL) keeps the loaded cluster in DIR: the next run with the same DIR and row count skips
 * the load and the write-cost measurement (their figures come from DIR/load.json) and runs only the queries, on
 * the current code and migrations. For iterating on query plans; the published figures come from a full run.
 *
 * Per engine, with data generated deterministically in the run (faker seed 7):
 * 1. load N candidates (default 1,000,000 on PostgreSQL, 200,000 on PGlite) built by the product's own entry
 *    rules (normalisation, derived fields, search document), in batches, then build the indexes;
 * 2. report table and index sizes, and the write cost the search index adds per candidate (single-row inserts
 *    into the same table with and without the GIN index, plus the time to build a search document);
 * 3. for each query: warm-up, then `--runs` timed runs of the service (`searchCandidates`: parse, compile,
 *    page query, count, redaction) and of the hand-written SQL (page + count, same results), p50 and p95.
 * Prints a table per engine and writes bench/results/search-<timestamp>.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { en, Faker } from '@faker-js/faker';
import { getTableColumns } from 'drizzle-orm';
import { generateCandidate } from '../src/modules/candidates/candidate.generator.ts';
import { applyInput, derive, EMPTY_FIELDS, searchInput } from '../src/modules/candidates/candidate.rules.ts';
import { candidates } from '../src/modules/candidates/candidates.tables.ts';
import type { CustomFieldDef } from '../src/modules/candidates/custom-fields.rules.ts';
import {
  CandidateSearchQuery,
  configChangeChannel,
  createCustomField,
  searchCandidates,
} from '../src/modules/candidates/index.ts';
import { RELEVANCE_WINDOW } from '../src/modules/candidates/search.repository.ts';
import { ESTIMATE_TRUSTED_ABOVE, EXACT_COUNT_LIMIT } from '../src/modules/candidates/search.service.ts';
import { createWorkspace, workspaceSystemActor } from '../src/modules/identity/index.ts';
import { buildSearchDocument } from '../src/modules/search/index.ts';
import type { Ctx } from '../src/platform/context.ts';
import { type Database, openPglite, openPostgres } from '../src/platform/db/client.ts';
import { migrateDatabase } from '../src/platform/db/migrate.ts';
import { listenForChanges } from '../src/platform/db/notifications.ts';
import { newId } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/logger.ts';
import { LARGE_DATA_PG_SETTINGS, ROOT, runCleanups, startCluster, tempDir } from './support.ts';

type Engine = 'pglite' | 'postgres';
const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    rows: { type: 'string', default: '1000000' },
    'pglite-rows': { type: 'string', default: '200000' },
    runs: { type: 'string', default: '20' },
    keep: { type: 'string' },
  },
});
const ENGINES: Engine[] = args.engine === 'both' ? ['postgres', 'pglite'] : [args.engine as Engine];
const RUNS = Number(args.runs);
const log = (m: string) =>
  process.stderr.write(`[search-bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const NOW = new Date('2026-11-01T00:00:00Z');
const BATCH = 1000;

interface QueryCase {
  name: string;
  /** Query string parameters as the API takes them. */
  params: Record<string, string | string[]>;
  /**
   * The hand-written SQL: the page (limit 51), the planner's estimate (EXPLAIN of the same filter) and the
   * count capped like the service's, run only when the estimate is at most ESTIMATE_TRUSTED_ABOVE.
   */
  hand: (ws: string) => { page: string; count: string; estimate: string; values: unknown[] };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** A silent context acting as the workspace's system actor. */
function ctxOf(db: Database, workspaceId: string): Ctx {
  return {
    db: db.db,
    actor: workspaceSystemActor(workspaceId),
    clock: { now: () => NOW },
    log: createLogger('silent'),
    queue: { enqueue: async () => null } as unknown as Ctx['queue'],
  };
}

async function load(db: Database, workspaceId: string, n: number, defs: CustomFieldDef[]) {
  const faker = new Faker({ locale: [en] });
  faker.seed(7);
  let done = 0;
  const t0 = performance.now();
  // Generating candidates is JavaScript work and inserting them is the database's: overlap the two (on
  // PostgreSQL the next batch is built while the previous one is being written).
  let pending: Promise<unknown> = Promise.resolve();
  while (done < n) {
    const rows = [];
    for (let i = 0; i < Math.min(BATCH, n - done); i++) {
      const input = generateCandidate(faker, done + i, NOW);
      input.customFields = { seniority: faker.helpers.arrayElement(['junior', 'mid', 'senior', 'staff']) };
      const { fields, errors } = applyInput(
        EMPTY_FIELDS,
        input,
        { customFields: defs, defaultPhoneRegion: 'US', now: NOW },
        'create',
      );
      if (errors.length) throw new Error(`generated candidate invalid: ${JSON.stringify(errors)}`);
      const at = new Date(NOW.getTime() - faker.number.int({ min: 0, max: 3 * 365 * 86_400_000 }));
      rows.push({
        id: newId(),
        workspaceId,
        ...fields,
        ...derive(fields, NOW),
        searchDoc: buildSearchDocument(searchInput(fields, defs)),
        lastActivityAt: at,
        archivedAt: fields.status === 'archived' ? at : null,
        version: 1,
        createdBy: null,
        createdAt: at,
        updatedAt: at,
      });
    }
    await pending;
    pending = db.db
      .insert(candidates)
      .values(rows)
      .then(() => undefined);
    done += rows.length;
    if (done % 50_000 === 0 || done === n)
      log(
        `  loaded ${done.toLocaleString()} (${Math.round(done / ((performance.now() - t0) / 1000))} rows/s)`,
      );
  }
  await pending;
  return performance.now() - t0;
}

// ---- the 20 query classes (values picked from the generated vocabulary)

/** ts literal helpers for the hand-written SQL: the same lexemes the product indexes (docs/search.md). */
const T = (...lexemes: string[]) => lexemes.map((l) => `'${l.replace(/'/g, "''")}'`).join(' <-> ');
const PAGE = 51;
const CAP = EXACT_COUNT_LIMIT + 1;
const W = `workspace_id = $1 and status <> 'archived'`;
/** The columns a result row carries: all but the search document, like the service's. */
const LISTED = Object.values(getTableColumns(candidates))
  .map((col) => col.name)
  .filter((name) => name !== 'search_doc');

const explainOf = (where: string) => `explain (format json) select 1 from candidates where ${where}`;

function handWhere(where: string, values: unknown[], order = 'updated_at desc, id desc') {
  return {
    page: `select ${LISTED.join(', ')} from candidates where ${where} order by ${order} limit ${PAGE}`,
    count: `select count(*)::int as n from (select 1 from candidates where ${where} limit ${CAP}) s`,
    estimate: explainOf(where),
    values,
  };
}
function handTs(tsq: string, extra = '', order = 'updated_at desc, id desc') {
  return (ws: string) => handWhere(`${W} and search_doc @@ $2::tsquery ${extra}`, [ws, tsq], order);
}
function handCols(where: string, values: unknown[] = []) {
  return (ws: string) => handWhere(`${W} and ${where}`, [ws, ...values]);
}
function handRelevance(tsq: string) {
  return (ws: string) => {
    const where = `${W} and search_doc @@ $2::tsquery`;
    return {
      ...handWhere(where, [ws, tsq]),
      page: `select ${LISTED.map((name) => `c.${name}`).join(', ')} from (select id, search_doc from candidates where ${where} order by updated_at desc, id desc limit ${RELEVANCE_WINDOW}) w join candidates c on c.id = w.id order by ts_rank_cd(w.search_doc, $2::tsquery) desc, w.id desc limit ${PAGE}`,
    };
  };
}

/** The hand-written page and total, side by side like the service's (two connections on PostgreSQL). */
async function runHand(db: Database, hand: ReturnType<QueryCase['hand']>) {
  const total = async () => {
    const plan = (await rawQuery(db, hand.estimate, hand.values))[0] as { 'QUERY PLAN': unknown };
    const raw = plan['QUERY PLAN'];
    const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
    if ((doc[0]?.Plan['Plan Rows'] ?? 0) > ESTIMATE_TRUSTED_ABOVE) return;
    await rawQuery(db, hand.count, hand.values);
  };
  await Promise.all([rawQuery(db, hand.page, hand.values), total()]);
}

function cases(rareName: string): QueryCase[] {
  const rare = rareName.toLowerCase();
  return [
    { name: 'rare term (a surname)', params: { sort: 'recent', q: rareName }, hand: handTs(T(rare)) },
    { name: 'common term', params: { sort: 'recent', q: 'engineer' }, hand: handTs(T('engineer')) },
    {
      name: 'phrase',
      params: { sort: 'recent', q: '"software engineer"' },
      hand: handTs(T('software', 'engineer')),
    },
    {
      name: '"C++" OR "C#"',
      params: { sort: 'recent', q: '"C++" OR "C#"' },
      hand: handTs(`${T('c++')} | ${T('c#')}`),
    },
    {
      name: '3-level Boolean with NOT',
      params: {
        sort: 'recent',
        q: '(title:(senior OR staff) AND (skill:go OR skill:rust)) NOT company:acme',
      },
      hand: handTs(
        `(${T('~title:senior')} | ${T('~title:staff')}) & (${T('~skill=go')} | ${T('~skill=rust')}) & !${T('~company:acme')}`,
      ),
    },
    {
      name: 'title: phrase',
      params: { sort: 'recent', q: 'title:"product manager"' },
      hand: handTs(T('~title:product', '~title:manager')),
    },
    { name: 'company:', params: { sort: 'recent', q: 'company:globex' }, hand: handTs(T('~company:globex')) },
    {
      name: 'school: phrase',
      params: { sort: 'recent', q: 'school:"stanford university"' },
      hand: handTs(T('~school:stanford', '~school:university')),
    },
    {
      name: 'location:',
      params: { sort: 'recent', q: 'location:berlin' },
      hand: handTs(T('~location:berlin')),
    },
    {
      name: 'skills filter (all)',
      params: { skills: 'python,sql' },
      hand: handTs(`${T('~skill=python')} & ${T('~skill=sql')}`),
    },
    {
      name: 'skills (any) + country',
      params: { skills: 'react,vue.js', skillsMode: 'any', country: 'DE,GB' },
      hand: handTs(`${T('~skill=react')} | ${T('~skill=vue.js')}`, `and country in ('DE','GB')`),
    },
    {
      name: 'years + status',
      params: { minYears: '8', status: 'interested,engaged' },
      hand: (ws) =>
        handWhere(`workspace_id = $1 and status in ('interested','engaged') and years_experience >= 8`, [ws]),
    },
    {
      name: 'tenure 24-48 months',
      params: { minTenureMonths: '24', maxTenureMonths: '48' },
      hand: handCols(`current_role_since <= '2024-11-01' and current_role_since >= '2022-11-01'`),
    },
    {
      name: 'current company filter',
      params: { company: 'hooli' },
      hand: handCols(`current_company ilike '%hooli%'`),
    },
    {
      name: 'tags + source',
      params: { tags: 'referral', source: 'linkedin' },
      hand: handTs(`${T('~tag=referral')} & ${T('~source=linkedin')}`),
    },
    {
      name: 'last activity after',
      params: { activityAfter: '2026-10-01' },
      hand: handCols(`last_activity_at >= '2026-10-01'`),
    },
    {
      name: 'custom field equals',
      params: { cf: 'seniority:eq:staff', skills: 'kubernetes' },
      hand: handTs(T('~skill=kubernetes'), `and custom_fields @> '{"seniority":"staff"}'`),
    },
    {
      name: 'relevance sort, common term',
      params: { q: 'engineer', sort: 'relevance' },
      hand: handRelevance(T('engineer')),
    },
    { name: 'recency sort with a term', params: { q: 'python', sort: 'recent' }, hand: handTs(T('python')) },
    {
      name: 'third page (recent)',
      params: { q: 'engineer', sort: 'recent', page: '3' },
      hand: handTs(T('engineer'), '', 'updated_at desc, id desc offset 100'),
    },
  ];
}

async function rawQuery(db: Database, text: string, values: unknown[]): Promise<unknown[]> {
  if (db.pglite) return (await db.pglite.query(text, values)).rows;
  return (await db.pool!.query(text, values)).rows;
}

/** Run one case through the product: pages before the wanted one fetch their cursor first (not timed). */
async function viaService(ctx: Ctx, c: QueryCase, cursor?: string) {
  const { page: _p, ...params } = c.params;
  const q = CandidateSearchQuery.parse({ ...params, limit: 50, ...(cursor ? { cursor } : {}) });
  return searchCandidates(ctx, q);
}

interface Row {
  query: string;
  serviceP50: number;
  serviceP95: number;
  handP50: number;
  handP95: number;
  ratioP95: number;
  total: number;
}

interface LoadFigures {
  workspaceId: string;
  loadMs: number;
  indexMs: number;
  sizes: { total: number; heap: number; search_index: number; filter_indexes: number };
  withGin: number;
  withoutGin: number;
  docUs: number;
}

const SENIORITY = ['junior', 'mid', 'senior', 'staff'].map((code) => ({ code, label: code }));
const DEFS: CustomFieldDef[] = [
  {
    key: 'seniority',
    label: 'Seniority',
    type: 'single_select',
    required: false,
    retired: false,
    fieldGroup: null,
    options: SENIORITY.map((o) => ({ ...o, retired: false })),
  },
];

/** A workspace with `rows` candidates, its indexes, sizes and the write cost of the search indexes. */
async function prepare(db: Database, engine: Engine, rows: number): Promise<LoadFigures> {
  const base = {
    db: db.db,
    clock: { now: () => NOW },
    log: createLogger('silent'),
    queue: ctxOf(db, '').queue,
  };
  const ws = await createWorkspace(base, {
    name: 'Bench',
    admin: { email: `bench-${engine}@bench.test`, name: 'Bench' },
  });
  const ctx = ctxOf(db, ws.workspaceId);
  await createCustomField(ctx, {
    key: 'seniority',
    label: 'Seniority',
    type: 'single_select',
    required: false,
    helpText: '',
    fieldGroup: null,
    options: SENIORITY,
  });
  // Bulk load without the secondary indexes, then build them (what a restore or a big import does).
  const indexes = (await rawQuery(
    db,
    `select indexname, indexdef from pg_indexes where tablename = 'candidates' and indexname <> 'candidates_pkey'`,
    [],
  )) as { indexname: string; indexdef: string }[];
  for (const ix of indexes) await rawQuery(db, `drop index ${ix.indexname}`, []);
  const loadMs = await load(db, ws.workspaceId, rows, DEFS);
  let t = performance.now();
  for (const ix of indexes) await rawQuery(db, ix.indexdef, []);
  const indexMs = performance.now() - t;
  await rawQuery(db, 'analyze candidates', []);
  const sizes = (
    await rawQuery(
      db,
      `select pg_total_relation_size('candidates')::bigint as total, pg_relation_size('candidates')::bigint as heap,
              pg_relation_size('candidates_search')::bigint as search_index,
              (select sum(pg_relation_size(indexname::regclass))::bigint from pg_indexes where tablename = 'candidates'
                and indexname in ('candidates_company_trgm','candidates_years','candidates_role_since','candidates_country','candidates_status')) as filter_indexes`,
      [],
    )
  )[0] as LoadFigures['sizes'];
  log(`  loaded in ${(loadMs / 1000).toFixed(1)} s, indexes built in ${(indexMs / 1000).toFixed(1)} s`);

  // Write cost of the search and filter indexes: the same 2,000 single-row inserts into the loaded table with
  // its secondary indexes, then without them (dropped and rebuilt afterwards); the rows are deleted each time.
  const sample = (await rawQuery(
    db,
    'select row_to_json(c)::text as j from candidates c order by id limit 2000',
    [],
  )) as { j: string }[];
  const insertAll = async () => {
    const ids: string[] = [];
    const t0 = performance.now();
    for (const r of sample) {
      const id = newId();
      ids.push(id);
      const row = { ...JSON.parse(r.j), id };
      await rawQuery(
        db,
        'insert into candidates select * from json_populate_record(null::candidates, $1::json)',
        [JSON.stringify(row)],
      );
    }
    const us = ((performance.now() - t0) / sample.length) * 1000;
    await rawQuery(db, 'delete from candidates where id = any($1::uuid[])', [ids]);
    return us;
  };
  const withGin = await insertAll();
  for (const ix of indexes) await rawQuery(db, `drop index ${ix.indexname}`, []);
  const withoutGin = await insertAll();
  for (const ix of indexes) await rawQuery(db, ix.indexdef, []);
  await rawQuery(db, 'vacuum analyze candidates', []);
  const faker = new Faker({ locale: [en] });
  faker.seed(99);
  t = performance.now();
  for (let i = 0; i < 2000; i++) {
    const { fields } = applyInput(
      EMPTY_FIELDS,
      generateCandidate(faker, i, NOW),
      { customFields: DEFS, defaultPhoneRegion: 'US', now: NOW },
      'create',
    );
    buildSearchDocument(searchInput(fields, DEFS));
  }
  const docUs = ((performance.now() - t) / 2000) * 1000;
  return { workspaceId: ws.workspaceId, loadMs, indexMs, sizes, withGin, withoutGin, docUs };
}

async function runEngine(engine: Engine, rows: number) {
  log(`${engine}: ${rows.toLocaleString()} candidates`);
  let db: Database;
  let figures: LoadFigures | undefined;
  const keep = engine === 'postgres' && args.keep ? path.resolve(args.keep) : undefined;
  const figuresFile = keep && path.join(keep, `load-${rows}.json`);
  if (engine === 'postgres') {
    const cluster = await startCluster({ ...(keep ? { dir: keep } : {}), settings: LARGE_DATA_PG_SETTINGS });
    if (figuresFile && existsSync(figuresFile)) {
      figures = JSON.parse(readFileSync(figuresFile, 'utf8')) as LoadFigures;
      log(`  reusing the loaded cluster in ${keep}`);
    } else {
      const admin = await openPostgres(cluster.url('postgres'), { max: 1 });
      await admin.pool!.query('drop database if exists search_bench');
      await admin.pool!.query('create database search_bench');
      await admin.close();
    }
    db = await openPostgres(cluster.url('search_bench'), { max: 4 });
  } else {
    db = await openPglite(tempDir('prospector-search-bench-'));
  }
  try {
    await migrateDatabase(db);
    if (!figures) {
      figures = await prepare(db, engine, rows);
      if (figuresFile) writeFileSync(figuresFile, JSON.stringify(figures));
    } else {
      await rawQuery(db, 'analyze candidates', []);
    }
    const { workspaceId, loadMs, indexMs, sizes, withGin, withoutGin, docUs } = figures;
    // Like a serving process: hear configuration changes, so the workspace configuration is cached.
    const listener = await listenForChanges(db, createLogger('silent'), [configChangeChannel(db)]);
    const ws = { workspaceId };
    const ctx = ctxOf(db, workspaceId);

    // A surname that is rare in this data.
    const rareRow = (
      await rawQuery(
        db,
        `select last_name, count(*)::int as n from candidates group by last_name having count(*) between 20 and 400 order by n limit 1`,
        [],
      )
    )[0] as { last_name: string } | undefined;
    const results: Row[] = [];
    const all = cases(rareRow?.last_name ?? 'Smith');
    // Every connection of the pool plans every case once before anything is timed: a new backend loads its
    // catalog and statistics caches on its first queries (tens of ms), which a running server has long done.
    for (let i = 0; i < 2; i++)
      await Promise.all(
        all.flatMap((c) => [viaService(ctx, c).then(() => runHand(db, c.hand(workspaceId)))]),
      );
    for (const c of all) {
      let cursor: string | undefined;
      const pages = Number(c.params.page ?? 1);
      for (let p = 1; p < pages; p++) cursor = (await viaService(ctx, c, cursor)).nextCursor ?? undefined;
      const hand = c.hand(ws.workspaceId);
      const first = await viaService(ctx, c, cursor);
      for (let i = 0; i < 3; i++) {
        await viaService(ctx, c, cursor);
        await runHand(db, hand);
      }
      const svc: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        svc.push(await timed(() => viaService(ctx, c, cursor)));
        raw.push(await timed(() => runHand(db, hand)));
      }
      const row: Row = {
        query: c.name,
        serviceP50: pct(svc, 50),
        serviceP95: pct(svc, 95),
        handP50: pct(raw, 50),
        handP95: pct(raw, 95),
        ratioP95: pct(svc, 95) / pct(raw, 95),
        total: first.total,
      };
      results.push(row);
      log(
        `  ${c.name}: service p95 ${row.serviceP95.toFixed(1)} ms, hand ${row.handP95.toFixed(1)} ms, total ${first.totalIsEstimate ? '~' : ''}${first.total}`,
      );
    }
    await listener.close();
    return {
      engine,
      rows,
      loadSeconds: loadMs / 1000,
      indexBuildSeconds: indexMs / 1000,
      tableMb: sizes.heap / 1e6,
      totalMb: sizes.total / 1e6,
      searchIndexMb: sizes.search_index / 1e6,
      filterIndexMb: Number(sizes.filter_indexes) / 1e6,
      insertUsWithGin: withGin,
      insertUsWithoutGin: withoutGin,
      searchDocumentUs: docUs,
      queries: results,
    };
  } finally {
    await db.close();
  }
}

function table(r: Awaited<ReturnType<typeof runEngine>>): string {
  const f = (n: number) => n.toFixed(1);
  const lines = [
    `## ${r.engine}, ${r.rows.toLocaleString()} candidates`,
    `load ${f(r.loadSeconds)} s, index build ${f(r.indexBuildSeconds)} s; heap ${f(r.tableMb)} MB, search index ${f(r.searchIndexMb)} MB, filter indexes ${f(r.filterIndexMb)} MB, total ${f(r.totalMb)} MB`,
    `single-row insert: ${f(r.insertUsWithGin)} µs with the search and filter indexes, ${f(r.insertUsWithoutGin)} µs without (+${f(r.insertUsWithGin - r.insertUsWithoutGin)} µs); building a search document ${f(r.searchDocumentUs)} µs`,
    '',
    '| query | service p50 | service p95 | hand SQL p50 | hand SQL p95 | p95 ratio | matches |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.queries.map(
      (q) =>
        `| ${q.query} | ${f(q.serviceP50)} | ${f(q.serviceP95)} | ${f(q.handP50)} | ${f(q.handP95)} | ${q.ratioP95.toFixed(2)} | ${q.total} |`,
    ),
  ];
  return lines.join('\n');
}

async function main() {
  const out = [];
  for (const e of ENGINES) {
    const r = await runEngine(e, e === 'postgres' ? Number(args.rows) : Number(args['pglite-rows']));
    process.stdout.write(`${table(r)}\n\n`);
    out.push(r);
  }
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `search-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2));
  log(`results in ${path.relative(ROOT, file)}`);
}

main()
  .catch((e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(runCleanups);
