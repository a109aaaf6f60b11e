/**
 * Import throughput: M rows imported through the product's own import (upload, column mapping, entry rules,
 * duplicate detection against the stored candidates, provenance, timeline, audit) into a workspace already
 * holding N candidates, against raw COPY of the same rows (already built: normalised, search document) into
 * the same table with the same indexes, in the same run. And the import's peak memory on a large file.
 *
 *   npx tsx bench/imports.bench.ts [--engine pglite|postgres|both] [--base N] [--rows M]
 *                                  [--pglite-base N] [--pglite-rows M] [--base-from DIR] [--rss-mb SIZE]
 *                                  [--show-review] [--max-comparisons N] [--unique-phones]
 *
 * `--base-from DIR` (PostgreSQL): start from a copy of a loaded cluster kept by `bench:search --keep DIR`
 * (1,000,000 candidates in about a minute instead of a 25-minute load). Candidates loaded by the search bench
 * have no identities and no blocking keys: they are filled in once, in DIR itself, before the copy.
 * `--rss-mb SIZE` (PostgreSQL): also upload a generated CSV of SIZE megabytes and process it for 2 minutes,
 * sampling this process's resident memory. `--show-review`: print what the pairs held for review agreed on.
 * `--max-comparisons N`: the default rules with this per-record comparison budget (set through the rules service).
 * `--unique-phones`: the new people of the import file get phone numbers from a realistic space (six random
 * trailing digits) instead of the generator's (three: about 60 of the million stored people share each number, so
 * every new person shares a phone with dozens of strangers); the stored million are unchanged.
 *
 * The generated import file: 88% new people, 7% people already stored (same email, some fields changed: merged
 * into the stored record), 3% near duplicates (same name, phone and place, another email: held for review or
 * merged by score), 2% invalid (a malformed email: rejected with a reason).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { en, Faker } from '@faker-js/faker';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { generateCandidate } from '../src/modules/candidates/candidate.generator.ts';
import { candidateRows, fieldsOfRow } from '../src/modules/candidates/candidate.links.ts';
import {
  applyInput,
  type CandidateFields,
  derive,
  EMPTY_FIELDS,
  identities,
  searchInput,
} from '../src/modules/candidates/candidate.rules.ts';
import { candidateIdentities, candidates } from '../src/modules/candidates/candidates.tables.ts';
import { replaceKeys } from '../src/modules/duplicates/duplicates.repository.ts';
import { matchRecords } from '../src/modules/duplicates/duplicates.tables.ts';
import { DEFAULT_RULES } from '../src/modules/duplicates/rules.contract.ts';
import { loadRules, updateRules } from '../src/modules/duplicates/rules.service.ts';
import { blockingKeys, storedForm, toMatchRecord } from '../src/modules/duplicates/score.ts';
import { createWorkspace, workspaceSystemActor } from '../src/modules/identity/index.ts';
import { createRun, getRun, processRunSlice } from '../src/modules/imports/index.ts';
import { buildSearchDocument } from '../src/modules/search/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { Ctx } from '../src/platform/context.ts';
import { insertMany } from '../src/platform/db/bulk.ts';
import { type Database, openPglite, openPostgres, queryRows, sql } from '../src/platform/db/client.ts';
import { migrateDatabase } from '../src/platform/db/migrate.ts';
import { newId } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/logger.ts';
import { LARGE_DATA_PG_SETTINGS, ROOT, runCleanups, startCluster, tempDir } from './support.ts';

type Engine = 'pglite' | 'postgres';
const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    base: { type: 'string', default: '1000000' },
    rows: { type: 'string', default: '100000' },
    'pglite-base': { type: 'string', default: '100000' },
    'pglite-rows': { type: 'string', default: '20000' },
    'base-from': { type: 'string' },
    'rss-mb': { type: 'string' },
    'show-review': { type: 'boolean', default: false },
    'max-comparisons': { type: 'string' },
    'unique-phones': { type: 'boolean', default: false },
  },
});
const ENGINES: Engine[] = args.engine === 'both' ? ['postgres', 'pglite'] : [args.engine as Engine];
const log = (m: string) =>
  process.stderr.write(`[imports-bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const NOW = new Date('2026-11-01T00:00:00Z');
const BATCH = 2000;
const SOURCE = 'linkedin';

function ctxOf(db: Database, workspaceId: string): Ctx {
  return {
    db: db.db,
    actor: workspaceSystemActor(workspaceId),
    clock: systemClock,
    log: createLogger('silent'),
    queue: { enqueue: async () => null } as unknown as Ctx['queue'],
  };
}

const raw = (db: Database, text: string, values: unknown[] = []) =>
  db.pglite
    ? db.pglite.query(text, values).then((r) => r.rows as Record<string, unknown>[])
    : db.pool!.query(text, values).then((r) => r.rows as Record<string, unknown>[]);

/** The candidates table row the product stores for these fields (normalised, derived, search document). */
function tableRow(workspaceId: string, fields: CandidateFields, at: Date) {
  return {
    id: newId(),
    workspaceId,
    ...fields,
    ...derive(fields, NOW),
    searchDoc: buildSearchDocument(searchInput(fields, [])),
    lastActivityAt: at,
    archivedAt: fields.status === 'archived' ? at : null,
    version: 1,
    createdBy: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Identities and blocking keys of stored candidates, as the write listeners would have written them. */
async function writeIdentitiesAndKeys(
  db: Database,
  workspaceId: string,
  rows: { id: string; f: CandidateFields }[],
) {
  const ctx = ctxOf(db, workspaceId);
  const loaded = await loadRules(db.db, workspaceId);
  const idents = rows.flatMap((r) => identities(r.f).map((x) => ({ workspaceId, candidateId: r.id, ...x })));
  for (let i = 0; i < idents.length; i += 5000)
    await db.db
      .insert(candidateIdentities)
      .values(idents.slice(i, i + 5000))
      .onConflictDoNothing();
  await replaceKeys(
    ctx.db,
    workspaceId,
    rows.map((r) => {
      const rec = toMatchRecord(r.id, r.f);
      return { candidateId: r.id, keys: blockingKeys(rec, loaded.rules), rec: storedForm(rec) };
    }),
  );
}

/** N generated candidates with their identities and blocking keys, in multi-row inserts. */
async function loadBase(db: Database, workspaceId: string, n: number) {
  const faker = new Faker({ locale: [en] });
  faker.seed(7);
  const t0 = performance.now();
  for (let done = 0; done < n; ) {
    const batch: { id: string; f: CandidateFields; row: ReturnType<typeof tableRow> }[] = [];
    for (let i = 0; i < Math.min(BATCH, n - done); i++) {
      const { fields, errors } = applyInput(
        EMPTY_FIELDS,
        generateCandidate(faker, done + i, NOW),
        { customFields: [], defaultPhoneRegion: 'US', now: NOW },
        'create',
      );
      if (errors.length) throw new Error(`generated candidate invalid: ${JSON.stringify(errors)}`);
      const at = new Date(NOW.getTime() - faker.number.int({ min: 0, max: 3 * 365 * 86_400_000 }));
      const row = tableRow(workspaceId, fields, at);
      batch.push({ id: row.id, f: fields, row });
    }
    for (let i = 0; i < batch.length; i += 1000)
      await db.db.insert(candidates).values(batch.slice(i, i + 1000).map((b) => b.row));
    await writeIdentitiesAndKeys(db, workspaceId, batch);
    done += batch.length;
    if (done % 100_000 === 0 || done === n)
      log(
        `  base: ${done.toLocaleString()} (${Math.round(done / ((performance.now() - t0) / 1000))} rows/s)`,
      );
  }
  await raw(db, 'analyze');
}

/** Walk the stored candidates of the workspace in id order, BATCH at a time, whole rows. */
async function eachStoredBatch(
  db: Database,
  workspaceId: string,
  fn: (rows: Awaited<ReturnType<typeof candidateRows>>) => Promise<void>,
) {
  const t0 = performance.now();
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const ids = (
      await raw(db, 'select id from candidates where workspace_id = $1 and id > $2 order by id limit $3', [
        workspaceId,
        after,
        BATCH,
      ])
    ).map((r) => r.id as string);
    if (ids.length === 0) break;
    await fn(await candidateRows(db.db, workspaceId, ids, false));
    after = ids.at(-1)!;
    done += ids.length;
    if (done % 100_000 === 0)
      log(`  filled ${done.toLocaleString()} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
}

const countIn = async (db: Database, table: string, workspaceId: string) =>
  (
    (await raw(db, `select count(*)::int as n from ${table} where workspace_id = $1`, [workspaceId])) as [
      { n: number },
    ]
  )[0].n;

/**
 * Fill identities, blocking keys and compact match records of a cluster loaded by the search bench (once); a
 * cluster whose keys were filled before the match records existed gets its records only.
 */
async function backfill(db: Database, workspaceId: string) {
  if ((await countIn(db, 'duplicate_match_keys', workspaceId)) === 0) {
    log('  filling identities, blocking keys and match records of the kept cluster (once)');
    await eachStoredBatch(db, workspaceId, (rows) =>
      writeIdentitiesAndKeys(
        db,
        workspaceId,
        rows.map((r) => ({ id: r.id, f: fieldsOfRow(r) })),
      ),
    );
    await raw(db, 'vacuum analyze');
  } else if ((await countIn(db, 'duplicate_match_records', workspaceId)) === 0) {
    log('  filling the compact match records of the kept cluster (once)');
    await eachStoredBatch(db, workspaceId, (rows) =>
      insertMany(
        db.db,
        matchRecords,
        rows.map((r) => ({
          workspaceId,
          candidateId: r.id,
          rec: storedForm(toMatchRecord(r.id, fieldsOfRow(r))),
        })),
        { onConflictDoNothing: true },
      ),
    );
    await raw(db, 'vacuum analyze duplicate_match_records');
  }
}

// ---- the import file

const HEADERS = [
  'First Name',
  'Last Name',
  'Email',
  'Phone',
  'Job Title',
  'Company',
  'City',
  'Region',
  'Country',
  'LinkedIn URL',
  'Skills',
  'Tags',
];
const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

interface Stored {
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
}

/** The import's records as CSV lines, and the candidate inputs the baseline stores for the same rows. */
async function importFile(db: Database, workspaceId: string, m: number, dir: string, seed: number) {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  const stored = (await raw(
    db,
    `select first_name, last_name, emails->0->>'address' as email, phones->0->>'number' as phone,
            city, region, country
       from candidates tablesample system (5) where workspace_id = $1 limit $2`,
    [workspaceId, Math.ceil(m * 0.1)],
  )) as unknown as Stored[];
  const lines: string[] = [HEADERS.join(',')];
  const inputs: ReturnType<typeof generateCandidate>[] = [];
  let s = 0;
  for (let i = 0; i < m; i++) {
    const g = generateCandidate(faker, 10_000_000 + seed * 1_000_000 + i, NOW);
    const r = i % 100;
    const known = stored[s % Math.max(1, stored.length)];
    if (r < 7 && known?.email) {
      s++;
      g.firstName = known.first_name;
      g.lastName = known.last_name;
      g.emails = [{ address: known.email }];
    } else if (r < 10 && known?.phone) {
      s++;
      g.firstName = known.first_name;
      g.lastName = known.last_name;
      g.phones = [{ number: known.phone }];
      g.location = { city: known.city, region: known.region, country: known.country };
    }
    if (args['unique-phones'] && r >= 10 && g.phones?.[0]?.number) {
      const p = g.phones[0].number;
      const wide = `${p.slice(0, -6)}${faker.string.numeric(6)}`;
      if (isValidPhoneNumber(wide)) g.phones = [{ number: wide }];
    }
    const email = r === 99 ? `not-an-email-${i}` : (g.emails?.[0]?.address ?? '');
    if (r !== 99) inputs.push(g);
    const w = g.work?.[0];
    lines.push(
      [
        g.firstName,
        g.lastName,
        email,
        g.phones?.[0]?.number ?? '',
        w?.title ?? '',
        w?.company ?? '',
        g.location?.city ?? '',
        g.location?.region ?? '',
        g.location?.country ?? '',
        g.links?.[0]?.url ?? '',
        (g.skills ?? []).join('; '),
        (g.tags ?? []).join('; '),
      ]
        .map((v) => csvCell(String(v ?? '')))
        .join(','),
    );
  }
  const file = path.join(dir, `import-${m}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, inputs };
}

// ---- raw COPY of the same rows

async function copyBaseline(
  db: Database,
  workspaceId: string,
  inputs: ReturnType<typeof generateCandidate>[],
) {
  const rows = inputs.map((input) => {
    const { fields } = applyInput(
      EMPTY_FIELDS,
      input,
      { customFields: [], defaultPhoneRegion: 'US', now: NOW },
      'create',
    );
    return tableRow(workspaceId, fields, NOW);
  });
  // The rows in COPY's own text format, written by the database itself from a staging table.
  await raw(db, 'drop table if exists bench_copy_rows');
  await raw(db, 'create unlogged table bench_copy_rows (like candidates)');
  for (let i = 0; i < rows.length; i += 1000)
    await raw(
      db,
      'insert into bench_copy_rows select * from json_populate_recordset(null::candidates, $1::json)',
      [
        JSON.stringify(
          rows.slice(i, i + 1000).map((r) => {
            // json_populate_recordset wants the table's column names.
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(r))
              out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
            return out;
          }),
        ),
      ],
    );
  const [{ n }] = (await raw(db, 'select count(*)::int as n from bench_copy_rows')) as [{ n: number }];
  if (n !== rows.length) throw new Error(`staged ${n} of ${rows.length} rows`);
  let ms: number;
  if (db.pglite) {
    const out = await db.pglite.query("copy bench_copy_rows to '/dev/blob'");
    const blob = out.blob!;
    const t0 = performance.now();
    await db.pglite.query("copy candidates from '/dev/blob'", [], { blob });
    ms = performance.now() - t0;
  } else {
    const file = `/tmp/prospector-bench-copy-${process.pid}.tsv`;
    await raw(db, `copy bench_copy_rows to '${file}'`);
    const t0 = performance.now();
    await raw(db, `copy candidates from '${file}'`);
    ms = performance.now() - t0;
    spawnSync('rm', ['-f', file]);
  }
  // Put the table back as it was for the product's run.
  await raw(db, 'delete from candidates where id in (select id from bench_copy_rows)');
  await raw(db, 'drop table bench_copy_rows');
  await raw(db, 'vacuum analyze candidates');
  return { ms, rows: rows.length };
}

// ---- the product's import

async function productImport(db: Database, workspaceId: string, file: string) {
  const ctx = ctxOf(db, workspaceId);
  const bytes = readFileSync(file).length;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = await createRun(
    ctx,
    { format: 'csv', source: SOURCE, start: 'true', fileName: path.basename(file) },
    createReadStream(file),
    { enqueue: false, maxBytes: Number.MAX_SAFE_INTEGER },
  );
  const uploadMs = performance.now() - t0;
  let lastLog = performance.now();
  for (let r = 'more'; r === 'more'; ) {
    r = await processRunSlice(ctx, run.id, {
      budgetMs: 5_000,
      onProgress: (p) => {
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          log(
            `  product: ${p.rowsRead.toLocaleString()} rows (${Math.round(p.rowsRead / ((performance.now() - t0) / 1000))}/s)`,
          );
        }
      },
    });
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const done = await getRun(ctx, run.id);
  if (done.status !== 'completed') throw new Error(`import ended ${done.status}: ${done.error}`);
  return {
    ms,
    uploadMs,
    bytes,
    cpuMs: (cpu.user + cpu.system) / 1000,
    counts: done.counts,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Upload a generated CSV of about `mb` megabytes and process it for `seconds`, sampling resident memory. */
async function rssRun(db: Database, workspaceId: string, mb: number, seconds: number, dir: string) {
  const file = path.join(dir, `large-${mb}.csv`);
  const faker = new Faker({ locale: [en] });
  faker.seed(5);
  const out = createWriteStream(file);
  out.write(`${HEADERS.join(',')}\n`);
  let written = 0;
  let i = 0;
  // A pool of generated lines with unique emails: generating 4 million candidates would take longer than the run.
  const pool = Array.from({ length: 5000 }, (_, k) => generateCandidate(faker, 50_000_000 + k, NOW));
  while (written < mb * 1048576) {
    const g = pool[i % pool.length]!;
    const line = `${[g.firstName, g.lastName, `p${i}.${g.emails?.[0]?.address ?? 'x@example.com'}`, g.phones?.[0]?.number ?? '', g.work?.[0]?.title ?? '', g.work?.[0]?.company ?? '', g.location?.city ?? '', g.location?.region ?? '', g.location?.country ?? '', '', (g.skills ?? []).join('; '), ''].map((v) => csvCell(String(v))).join(',')}\n`;
    written += Buffer.byteLength(line);
    i++;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  log(`  large file: ${(written / 1048576).toFixed(0)} MB, ${i.toLocaleString()} rows`);
  const ctx = ctxOf(db, workspaceId);
  const base = process.memoryUsage().rss;
  let peak = base;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const t0 = performance.now();
  const run = await createRun(
    ctx,
    { format: 'csv', source: SOURCE, start: 'true', fileName: 'large.csv' },
    createReadStream(file),
    { enqueue: false, maxBytes: Number.MAX_SAFE_INTEGER },
  );
  const uploadMs = performance.now() - t0;
  const uploadPeak = peak;
  const stopAt = performance.now() + seconds * 1000;
  while (performance.now() < stopAt) {
    const r = await processRunSlice(ctx, run.id, { budgetMs: 5_000 });
    if (r !== 'more') break;
  }
  clearInterval(sample);
  const p = await getRun(ctx, run.id);
  spawnSync('rm', ['-f', file]);
  return {
    fileMb: written / 1048576,
    uploadMs,
    rssBeforeMb: base / 1048576,
    uploadPeakMb: uploadPeak / 1048576,
    peakMb: peak / 1048576,
    rowsProcessed: p.counts.rowsRead,
  };
}

// ---- engines

function newWorkspace(db: Database) {
  const base = { db: db.db, clock: systemClock, log: createLogger('silent'), queue: ctxOf(db, '').queue };
  return createWorkspace(base, {
    name: 'Import bench',
    admin: { email: `imports-${Date.now()}@bench.test`, name: 'Bench' },
  });
}

async function openEngine(engine: Engine): Promise<{ db: Database; workspaceId: string; base: number }> {
  if (engine === 'pglite') {
    const db = await openPglite(tempDir('prospector-imports-bench-'));
    await migrateDatabase(db);
    const ws = await newWorkspace(db);
    const base = Number(args['pglite-base']);
    await loadBase(db, ws.workspaceId, base);
    return { db, workspaceId: ws.workspaceId, base };
  }
  const from = args['base-from'] && path.resolve(args['base-from']);
  if (from) {
    const figures = JSON.parse(readFileSync(path.join(from, `load-${args.base}.json`), 'utf8')) as {
      workspaceId: string;
    };
    // Fill identities and keys in the kept cluster itself (once), then run on a copy of it.
    {
      const cluster = await startCluster({ dir: from, settings: LARGE_DATA_PG_SETTINGS });
      const db = await openPostgres(cluster.url('search_bench'), { max: 4 });
      await migrateDatabase(db);
      await backfill(db, figures.workspaceId);
      await db.close();
      await cluster.stop();
    }
    const copy = tempDir('prospector-imports-bench-pg-');
    log(`  copying ${from} to ${copy}`);
    const t0 = performance.now();
    execFileSync('cp', ['-a', path.join(from, 'data'), path.join(copy, 'data')]);
    log(`  copied in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const cluster = await startCluster({ dir: copy, settings: LARGE_DATA_PG_SETTINGS });
    const db = await openPostgres(cluster.url('search_bench'), { max: 4 });
    return { db, workspaceId: figures.workspaceId, base: Number(args.base) };
  }
  const cluster = await startCluster({ settings: LARGE_DATA_PG_SETTINGS });
  const admin = await openPostgres(cluster.url('postgres'), { max: 1 });
  await admin.pool!.query('create database imports_bench');
  await admin.close();
  const db = await openPostgres(cluster.url('imports_bench'), { max: 4 });
  await migrateDatabase(db);
  const ws = await newWorkspace(db);
  await loadBase(db, ws.workspaceId, Number(args.base));
  return { db, workspaceId: ws.workspaceId, base: Number(args.base) };
}

async function runEngine(engine: Engine) {
  log(`${engine}`);
  const { db, workspaceId, base } = await openEngine(engine);
  const results: Record<string, unknown> = { engine, base };
  try {
    const [{ n }] = (await queryRows<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from candidates where workspace_id = ${workspaceId}`,
    )) as [{ n: number }];
    log(`  ${n.toLocaleString()} candidates stored`);
    if (args['max-comparisons']) {
      await updateRules(ctxOf(db, workspaceId), {
        ...DEFAULT_RULES,
        maxComparisons: Number(args['max-comparisons']),
      });
      log(`  rules: the defaults with maxComparisons ${args['max-comparisons']}`);
    }
    const m = Number(engine === 'pglite' ? args['pglite-rows'] : args.rows);
    const dir = tempDir('prospector-imports-file-');
    const { file, inputs } = await importFile(db, workspaceId, m, dir, 3);
    // Warm-up: a small import (1% of the rows, other people) so that caches and plans are as in a running server.
    const warm = await importFile(db, workspaceId, Math.max(500, Math.round(m / 100)), dir, 4);
    await productImport(db, workspaceId, warm.file);
    const copy = await copyBaseline(db, workspaceId, inputs);
    log(
      `  raw COPY: ${copy.rows.toLocaleString()} rows in ${(copy.ms / 1000).toFixed(1)} s (${Math.round(copy.rows / (copy.ms / 1000))}/s)`,
    );
    if (engine === 'postgres') {
      await raw(db, 'create extension if not exists pg_stat_statements');
      await raw(db, 'select pg_stat_statements_reset()');
    }
    const product = await productImport(db, workspaceId, file);
    if (engine === 'postgres') {
      const top = await raw(
        db,
        `select calls::int, round(total_exec_time)::int as ms, rows::int, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) as q
           from pg_stat_statements where query not like '%pg_stat_statements%' order by total_exec_time desc limit 12`,
      );
      const [{ calls, ms }] = (await raw(
        db,
        'select sum(calls)::int as calls, round(sum(total_exec_time))::int as ms from pg_stat_statements',
      )) as [{ calls: number; ms: number }];
      log(
        `  statements: ${calls.toLocaleString()} (${(calls / m).toFixed(1)} per row), ${(ms / 1000).toFixed(1)} s in the database; heaviest:`,
      );
      for (const t of top) log(`    ${t.ms} ms, ${t.calls} calls, ${t.rows} rows: ${t.q}`);
      results.statementsPerRow = calls / m;
    }
    if (args['show-review']) {
      // What the pairs held for review agreed on: outcome per field, most frequent patterns first.
      const pairs = await raw(
        db,
        "select evidence from duplicate_pairs where workspace_id = $1 and found_by = 'import' and status = 'pending'",
        [workspaceId],
      );
      const patterns = new Map<string, number>();
      for (const p of pairs) {
        const e = (typeof p.evidence === 'string' ? JSON.parse(p.evidence) : p.evidence) as {
          score: number;
          exactKeys: { kind: string }[];
          items: { field: string; outcome: string; note?: string }[];
        };
        const k = `${e.exactKeys.map((x) => x.kind).join('+') || '-'} ${e.items.map((i) => `${i.field}:${i.outcome}${i.note ? `(${i.note})` : ''}`).join(' ')}`;
        patterns.set(k, (patterns.get(k) ?? 0) + 1);
      }
      log(`  review pairs: ${pairs.length}; most frequent evidence:`);
      for (const [k, n] of [...patterns].sort((a, b) => b[1] - a[1]).slice(0, 12)) log(`    ${n} ${k}`);
    }
    log(
      `  product: ${m.toLocaleString()} rows in ${(product.ms / 1000).toFixed(1)} s (${Math.round(m / (product.ms / 1000))}/s; this process's CPU ${(product.cpuMs / 1000).toFixed(1)} s; upload ${(product.uploadMs / 1000).toFixed(1)} s) ${JSON.stringify(product.counts)}, peak RSS ${product.peakRssMb.toFixed(0)} MB`,
    );
    const ratio = copy.ms / product.ms;
    log(`  product / raw COPY speed: ${(ratio * 100).toFixed(1)}%`);
    Object.assign(results, {
      rows: m,
      copyMs: copy.ms,
      copyRowsPerS: copy.rows / (copy.ms / 1000),
      productMs: product.ms,
      productRowsPerS: m / (product.ms / 1000),
      uploadMs: product.uploadMs,
      counts: product.counts,
      peakRssMb: product.peakRssMb,
      speedRatio: ratio,
    });
    if (args['rss-mb'] && engine === 'postgres') {
      const r = await rssRun(db, workspaceId, Number(args['rss-mb']), 120, dir);
      log(`  large file: ${JSON.stringify(r)}`);
      results.largeFile = r;
    }
  } finally {
    await db.close();
  }
  return results;
}

async function main() {
  const all = [];
  try {
    for (const e of ENGINES) all.push(await runEngine(e));
  } finally {
    await runCleanups();
  }
  const out = path.join(ROOT, 'bench', 'results', `imports-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(out, JSON.stringify(all, null, 2));
  log(`figures in ${out}`);
}

await main();
