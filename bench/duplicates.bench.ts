/**
 * Duplicate quality on the Febrl data sets (../shared/data/febrl): precision, recall and F1 of the pairs the
 * product finds. Records go in through the candidates module's bulk entry (prepareEntry + createCandidatesBulk,
 * the path imports use: entry rules per row, write listeners with duplicate detection per chunk of 500), rules are set through the duplicates rules service, detection
 * is the re-scan task run by the task runtime, and the pairs found are read from the review queue table.
 *
 *   npx tsx bench/duplicates.bench.ts [--engine pglite|postgres|both] [--sets 4,3,2]
 *
 * Truth: records sharing the number in rec_id (rec-123-org, rec-123-dup-0) are the same person; every pair
 * within such a group is a true pair. Found: pairs scoring at or above the review threshold (merge + review).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tasks as moduleTasks } from '../src/apps/modules.ts';
import {
  createCandidatesBulk,
  createCustomField,
  entryContext,
  prepareEntry,
} from '../src/modules/candidates/index.ts';
import { getScan, type MatchRules, startRescan, updateRules } from '../src/modules/duplicates/index.ts';
import { createWorkspace, workspaceSystemActor } from '../src/modules/identity/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { type Ctx, inTransaction } from '../src/platform/context.ts';
import { type Database, queryRows, sql } from '../src/platform/db/client.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createTaskRuntime, type TaskRuntime } from '../src/platform/queue/runtime.ts';
import { openBenchDatabase, ROOT, runCleanups } from './support.ts';

const FEBRL = path.resolve(ROOT, '..', 'shared', 'data', 'febrl');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const log = (s: string) => process.stdout.write(`${s}\n`);

interface Rec {
  recId: string;
  group: string;
  file: string;
  v: Record<string, string>;
}

function readSet(file: string): Rec[] {
  const lines = readFileSync(path.join(FEBRL, file), 'utf8').trim().split('\n');
  const head = lines[0]!.split(',').map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = line.split(',').map((c) => c.trim());
    const v = Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
    return { recId: v.rec_id!, group: v.rec_id!.split('-')[1]!, file, v };
  });
}

/** The column mapping: names, suburb as city, state as region, the rest as custom fields. */
function toInput(r: Rec) {
  const v = r.v;
  const custom: Record<string, string> = {};
  for (const k of ['street_number', 'address_1', 'address_2', 'postcode', 'date_of_birth', 'soc_sec_id'])
    if (v[k]) custom[k] = v[k]!;
  return {
    // A record without a given name still needs one in the product: '-' (the matcher reads it as missing).
    firstName: v.given_name || '-',
    lastName: v.surname ?? '',
    location: { city: v.suburb || null, region: v.state || null, country: 'AU' },
    source: r.file,
    customFields: custom,
  };
}

/** Records per bulk write (an import chunk). */
const CHUNK = 500;
const CUSTOM = ['street_number', 'address_1', 'address_2', 'postcode', 'date_of_birth', 'soc_sec_id'];

function rules(withSsn: boolean): MatchRules {
  const c: MatchRules['comparisons'] = [
    { field: 'firstName', comparator: 'name', m: 0.9, u: 0.01, block: 'none' },
    { field: 'lastName', comparator: 'name', m: 0.9, u: 0.002, block: 'none' },
    {
      field: 'city',
      comparator: 'jaro_winkler',
      m: 0.85,
      u: 0.003,
      block: 'none',
      blockWith: 'customFields.street_number',
    },
    { field: 'region', comparator: 'exact', m: 0.9, u: 0.25, block: 'none' },
    { field: 'customFields.postcode', comparator: 'code', m: 0.9, u: 0.002, block: 'value_initial' },
    { field: 'customFields.date_of_birth', comparator: 'date', m: 0.9, u: 0.0003, block: 'value' },
    {
      field: 'customFields.street_number',
      comparator: 'code',
      m: 0.85,
      u: 0.02,
      block: 'none',
      blockWith: 'customFields.postcode',
    },
    {
      field: 'customFields.address_1',
      comparator: 'text',
      m: 0.85,
      u: 0.002,
      block: 'none',
      blockWith: 'customFields.postcode',
    },
    { field: 'customFields.address_2', comparator: 'text', m: 0.8, u: 0.005, block: 'none' },
  ];
  if (withSsn)
    c.push({ field: 'customFields.soc_sec_id', comparator: 'code', m: 0.9, u: 0.0001, block: 'value' });
  return {
    exactKeys: [],
    comparisons: c,
    thresholds: { merge: 22, review: 12 },
    maxBlockSize: 200,
    nicknames: [],
    merge: { strategy: 'survivor', sourceTrust: {} },
  };
}

interface Figures {
  set: string;
  variant: string;
  records: number;
  truePairs: number;
  found: number;
  tp: number;
  precision: number;
  recall: number;
  f1: number;
  foundMergeOnly: number;
  precisionMerge: number;
  recallMerge: number;
  importMs: number;
  scanMs: number;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function truth(recs: Rec[], linkage: boolean): Set<string> {
  const groups = new Map<string, Rec[]>();
  for (const r of recs) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const out = new Set<string>();
  for (const g of groups.values())
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++)
        if (!linkage || g[i]!.file !== g[j]!.file) out.add(pairKey(g[i]!.recId, g[j]!.recId));
  return out;
}

async function runSet(
  db: Database,
  runtime: TaskRuntime,
  name: string,
  files: string[],
  linkage: boolean,
): Promise<Figures[]> {
  const base = { db: db.db, clock: systemClock, log: createLogger('silent'), queue: runtime.queue };
  const ws = await createWorkspace(base, {
    name: `Febrl ${name}`,
    admin: { email: `febrl-${name}-${Date.now()}@bench.test`, name: 'B' },
  });
  const ctx: Ctx = { ...base, actor: workspaceSystemActor(ws.workspaceId) };
  for (const key of CUSTOM)
    await createCustomField(ctx, {
      key,
      label: key,
      type: 'text',
      required: false,
      helpText: '',
      fieldGroup: null,
      options: [],
    });
  await updateRules(ctx, rules(true));
  const recs = files.flatMap(readSet);
  const recOf = new Map<string, Rec>();
  let t0 = performance.now();
  // Bulk entry, as an import chunk does: the entry rules per row, then one multi-row write per chunk with the
  // write listeners (duplicate control's keys and detection) called once per chunk.
  const env = await entryContext(ctx.db, ws.workspaceId);
  for (let i = 0; i < recs.length; i += CHUNK) {
    const chunk = recs.slice(i, i + CHUNK);
    const items = chunk.map((r) => {
      const e = prepareEntry(env, toInput(r), new Date());
      if (!e.ok) throw new Error(`${r.recId}: ${JSON.stringify(e.errors)}`);
      return { fields: e.fields, source: r.file };
    });
    const ids = await inTransaction(ctx, (tx) => createCandidatesBulk(tx, env, items));
    ids.forEach((id, j) => {
      recOf.set(id, chunk[j]!);
    });
  }
  const importMs = performance.now() - t0;
  log(`  ${name}: ${recs.length} records imported in ${(importMs / 1000).toFixed(1)} s`);
  const expected = truth(recs, linkage);
  const out: Figures[] = [];
  for (const withSsn of [true, false]) {
    const r = rules(withSsn);
    await updateRules(ctx, r);
    t0 = performance.now();
    const scan = await startRescan(ctx);
    await runtime.drain();
    const done = await getScan(ctx, scan.id);
    const scanMs = performance.now() - t0;
    if (done.status !== 'done') throw new Error(`scan ${done.status}`);
    const rows = await queryRows<{ a_id: string; b_id: string; score: number }>(
      db.db,
      sql`select a_id, b_id, score from duplicate_pairs where workspace_id = ${ws.workspaceId} and status = 'pending'`,
    );
    const measure = (minScore: number) => {
      let found = 0;
      let tp = 0;
      for (const p of rows) {
        if (p.score < minScore) continue;
        const a = recOf.get(p.a_id)!;
        const b = recOf.get(p.b_id)!;
        if (linkage && a.file === b.file) {
          found++; // a within-file pair in a linkage task is a wrong pair
          continue;
        }
        found++;
        if (expected.has(pairKey(a.recId, b.recId))) tp++;
      }
      const precision = found ? tp / found : 1;
      const recall = tp / expected.size;
      return { found, tp, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
    };
    const all = measure(r.thresholds.review);
    const merged = measure(r.thresholds.merge);
    const f: Figures = {
      set: name,
      variant: withSsn ? 'with soc_sec_id' : 'without soc_sec_id',
      records: recs.length,
      truePairs: expected.size,
      ...all,
      foundMergeOnly: merged.found,
      precisionMerge: merged.precision,
      recallMerge: merged.recall,
      importMs,
      scanMs,
    };
    out.push(f);
    log(
      `  ${name} ${f.variant}: found ${f.found}, true ${f.tp}/${f.truePairs}, P ${f.precision.toFixed(4)} R ${f.recall.toFixed(4)} F1 ${f.f1.toFixed(4)} (merge-only P ${f.precisionMerge.toFixed(4)} R ${f.recallMerge.toFixed(4)}); scan ${(scanMs / 1000).toFixed(1)} s`,
    );
  }
  return out;
}

const SETS: Record<string, { files: string[]; linkage: boolean; name: string }> = {
  '4': { files: ['dataset4a.csv', 'dataset4b.csv'], linkage: true, name: 'dataset4a+4b' },
  '3': { files: ['dataset3.csv'], linkage: false, name: 'dataset3' },
  '2': { files: ['dataset2.csv'], linkage: false, name: 'dataset2' },
  '1': { files: ['dataset1.csv'], linkage: false, name: 'dataset1' },
};

async function runEngine(engine: 'pglite' | 'postgres', sets: string[]) {
  log(`engine ${engine}`);
  const db = await openBenchDatabase(engine, 'febrl_bench');
  const runtime = await createTaskRuntime({
    database: db,
    log: createLogger('silent'),
    clock: systemClock,
    tasks: moduleTasks,
    systemActor: workspaceSystemActor,
    concurrency: 1,
  });
  await runtime.start();
  const out: Figures[] = [];
  try {
    for (const s of sets) {
      const def = SETS[s]!;
      out.push(...(await runSet(db, runtime, def.name, def.files, def.linkage)));
    }
  } finally {
    await runtime.stop();
    await db.close();
  }
  return out.map((f) => ({ engine, ...f }));
}

async function main() {
  const engines = arg('engine', 'pglite') === 'both' ? ['pglite', 'postgres'] : [arg('engine', 'pglite')];
  const sets = arg('sets', '4,3,2').split(',');
  const results = [];
  try {
    for (const e of engines) results.push(...(await runEngine(e as 'pglite' | 'postgres', sets)));
  } finally {
    await runCleanups();
  }
  const file = path.join(ROOT, 'bench', 'results', `duplicates-${engines.join('-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`written ${path.relative(ROOT, file)}`);
}

main().catch(async (err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await runCleanups();
  process.exit(1);
});
