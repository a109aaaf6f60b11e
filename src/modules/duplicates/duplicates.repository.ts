import { and, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { insertMany } from '../../platform/db/bulk.ts';
import type { Executor } from '../../platform/db/client.ts';
import {
  candidateMerges,
  duplicatePairs,
  duplicateRules,
  duplicateScans,
  matchKeys,
  matchRecords,
} from './duplicates.tables.ts';

export type RulesRow = typeof duplicateRules.$inferSelect;
export type PairRow = typeof duplicatePairs.$inferSelect;
export type MergeRow = typeof candidateMerges.$inferSelect;
export type ScanRow = typeof duplicateScans.$inferSelect;

// ---- rules

export async function getRules(db: Executor, workspaceId: string): Promise<RulesRow | undefined> {
  return (await db.select().from(duplicateRules).where(eq(duplicateRules.workspaceId, workspaceId)))[0];
}

export async function upsertRules(db: Executor, row: RulesRow) {
  await db
    .insert(duplicateRules)
    .values(row)
    .onConflictDoUpdate({ target: duplicateRules.workspaceId, set: { ...row, workspaceId: undefined } });
}

// ---- blocking keys

/** A compact match record as stored: values by rule field, exact identities as [kind, value]. */
export type StoredMatchRecord = { v: Record<string, string>; i: [string, string][] };

/**
 * Replace the blocking keys of the given candidates and, when given, their compact match records (the values the
 * comparators read): matching reads those instead of whole candidate rows.
 */
export async function replaceKeys(
  db: Executor,
  workspaceId: string,
  entries: { candidateId: string; keys: string[]; rec?: StoredMatchRecord }[],
) {
  if (entries.length === 0) return;
  const ids = entries.map((e) => e.candidateId);
  await db
    .delete(matchKeys)
    .where(and(eq(matchKeys.workspaceId, workspaceId), inArray(matchKeys.candidateId, ids)));
  const rows = entries.flatMap((e) =>
    e.keys.map((key) => ({ workspaceId, key, candidateId: e.candidateId })),
  );
  await insertMany(db, matchKeys, rows, { onConflictDoNothing: true });
  const recs = entries.filter((e) => e.rec);
  if (recs.length === 0) return;
  await db.delete(matchRecords).where(
    and(
      eq(matchRecords.workspaceId, workspaceId),
      inArray(
        matchRecords.candidateId,
        recs.map((e) => e.candidateId),
      ),
    ),
  );
  await insertMany(
    db,
    matchRecords,
    recs.map((e) => ({ workspaceId, candidateId: e.candidateId, rec: e.rec! })),
    { onConflictDoNothing: true },
  );
}

export async function deleteKeys(db: Executor, workspaceId: string, candidateId: string) {
  await db
    .delete(matchKeys)
    .where(and(eq(matchKeys.workspaceId, workspaceId), eq(matchKeys.candidateId, candidateId)));
  await db
    .delete(matchRecords)
    .where(and(eq(matchRecords.workspaceId, workspaceId), eq(matchRecords.candidateId, candidateId)));
}

/** The compact match records of these candidates (one statement per 5,000); candidates without one are absent. */
export async function matchRecordsOf(
  db: Executor,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, StoredMatchRecord>> {
  const out = new Map<string, StoredMatchRecord>();
  for (let i = 0; i < ids.length; i += 5000) {
    const res = (await db.execute(sql`
      select candidate_id, rec from duplicate_match_records
       where workspace_id = ${workspaceId} and candidate_id = any(${sql.param(ids.slice(i, i + 5000))}::uuid[])`)) as unknown as {
      rows: { candidate_id: string; rec: StoredMatchRecord | string }[];
    };
    for (const r of res.rows)
      out.set(r.candidate_id, typeof r.rec === 'string' ? (JSON.parse(r.rec) as StoredMatchRecord) : r.rec);
  }
  return out;
}

/**
 * The candidates filed under any of `keys`, by key; keys held by more than `cap` candidates are left out
 * (a block that large says nothing and would make the cost quadratic). One statement, one row per key; each
 * key's index range is read up to cap + 1 entries, so an oversized block costs no more than a usable one.
 */
export async function candidatesByKeys(
  db: Executor,
  workspaceId: string,
  keys: string[],
  cap: number,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (keys.length === 0) return out;
  const res = (await db.execute(sql`
    select w.key, string_agg(h.candidate_id::text, ',' order by h.candidate_id) as ids
      from (select distinct unnest(${sql.param(keys)}::text[]) as key) w
      cross join lateral (
        select k.candidate_id from duplicate_match_keys k
         where k.workspace_id = ${workspaceId} and k.key = w.key
         limit ${cap + 1}) h
     group by w.key
    having count(*) <= ${cap}`)) as unknown as { rows: { key: string; ids: string }[] };
  for (const r of res.rows) out.set(r.key, r.ids.split(','));
  return out;
}

// ---- pairs

export async function pairsByIds(db: Executor, workspaceId: string, pairs: [string, string][]) {
  if (pairs.length === 0) return [];
  const conds = pairs.map(([a, b]) => and(eq(duplicatePairs.aId, a), eq(duplicatePairs.bId, b)) as SQL);
  const out: PairRow[] = [];
  for (let i = 0; i < conds.length; i += 500)
    out.push(
      ...(await db
        .select()
        .from(duplicatePairs)
        .where(and(eq(duplicatePairs.workspaceId, workspaceId), or(...conds.slice(i, i + 500))))),
    );
  return out;
}

/**
 * Store found pairs: new ones pending; a pending or skipped pair gets the fresh score and evidence; decided
 * pairs (merged, not_duplicate) are left as they are. Returns how many were new.
 */
export async function upsertPairs(db: Executor, rows: PairRow[]): Promise<number> {
  let created = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const res = await db
      .insert(duplicatePairs)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [duplicatePairs.workspaceId, duplicatePairs.aId, duplicatePairs.bId],
        set: {
          score: sql`excluded.score`,
          evidence: sql`excluded.evidence`,
          detectedAt: sql`excluded.detected_at`,
        },
        setWhere: sql`${duplicatePairs.status} in ('pending', 'skipped')`,
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    created += res.filter((r) => r.inserted).length;
  }
  return created;
}

export async function getPair(db: Executor, workspaceId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(duplicatePairs)
    .where(and(eq(duplicatePairs.workspaceId, workspaceId), eq(duplicatePairs.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function updatePair(db: Executor, workspaceId: string, id: string, set: Partial<PairRow>) {
  await db
    .update(duplicatePairs)
    .set(set)
    .where(and(eq(duplicatePairs.workspaceId, workspaceId), eq(duplicatePairs.id, id)));
}

/** Review queue: pairs of a status, highest score first (keyset on score, id). */
export async function listPairs(
  db: Executor,
  workspaceId: string,
  status: string,
  after: [number, string] | undefined,
  limit: number,
  candidateId?: string,
) {
  const conds = [eq(duplicatePairs.workspaceId, workspaceId), eq(duplicatePairs.status, status)];
  if (candidateId)
    conds.push(or(eq(duplicatePairs.aId, candidateId), eq(duplicatePairs.bId, candidateId)) as SQL);
  if (after)
    conds.push(
      or(
        lt(duplicatePairs.score, after[0]),
        and(eq(duplicatePairs.score, after[0]), lt(duplicatePairs.id, after[1])),
      ) as SQL,
    );
  return db
    .select()
    .from(duplicatePairs)
    .where(and(...conds))
    .orderBy(desc(duplicatePairs.score), desc(duplicatePairs.id))
    .limit(limit);
}

/** Pending pairs not seen again since `before` (a finished re-scan drops what the current rules no longer find). */
export async function deleteStalePending(db: Executor, workspaceId: string, before: Date): Promise<number> {
  const res = await db
    .delete(duplicatePairs)
    .where(
      and(
        eq(duplicatePairs.workspaceId, workspaceId),
        eq(duplicatePairs.status, 'pending'),
        lt(duplicatePairs.detectedAt, before),
      ),
    )
    .returning({ id: duplicatePairs.id });
  return res.length;
}

/** Pending pairs touching a candidate become obsolete when it is merged away. */
export async function pendingPairsOf(db: Executor, workspaceId: string, candidateId: string) {
  return db
    .select()
    .from(duplicatePairs)
    .where(
      and(
        eq(duplicatePairs.workspaceId, workspaceId),
        inArray(duplicatePairs.status, ['pending', 'skipped']),
        or(eq(duplicatePairs.aId, candidateId), eq(duplicatePairs.bId, candidateId)),
      ),
    );
}

/** All pairs of a workspace found at or above a score (benchmarks and exports). */
export async function allPairs(db: Executor, workspaceId: string) {
  return db
    .select({
      aId: duplicatePairs.aId,
      bId: duplicatePairs.bId,
      score: duplicatePairs.score,
      status: duplicatePairs.status,
    })
    .from(duplicatePairs)
    .where(eq(duplicatePairs.workspaceId, workspaceId));
}

// ---- merges

export async function insertMerge(db: Executor, row: MergeRow) {
  await db.insert(candidateMerges).values(row);
}

export async function getMerge(db: Executor, workspaceId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(candidateMerges)
    .where(and(eq(candidateMerges.workspaceId, workspaceId), eq(candidateMerges.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function updateMerge(db: Executor, workspaceId: string, id: string, set: Partial<MergeRow>) {
  await db
    .update(candidateMerges)
    .set(set)
    .where(and(eq(candidateMerges.workspaceId, workspaceId), eq(candidateMerges.id, id)));
}

/** The live merge that absorbed `loserId`, if any (a tombstone's forwarding address). */
export async function liveMergeOfLoser(db: Executor, workspaceId: string, loserId: string) {
  return (
    await db
      .select()
      .from(candidateMerges)
      .where(
        and(
          eq(candidateMerges.workspaceId, workspaceId),
          eq(candidateMerges.loserId, loserId),
          isNull(candidateMerges.undoneAt),
        ),
      )
  )[0];
}

/** Which of `ids` are merged away (live merges). */
export async function liveLosersAmong(
  db: Executor,
  workspaceId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: candidateMerges.loserId })
    .from(candidateMerges)
    .where(
      and(
        eq(candidateMerges.workspaceId, workspaceId),
        inArray(candidateMerges.loserId, ids),
        isNull(candidateMerges.undoneAt),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

export async function mergesOf(db: Executor, workspaceId: string, candidateId: string) {
  return db
    .select()
    .from(candidateMerges)
    .where(
      and(
        eq(candidateMerges.workspaceId, workspaceId),
        or(eq(candidateMerges.survivorId, candidateId), eq(candidateMerges.loserId, candidateId)),
      ),
    )
    .orderBy(desc(candidateMerges.createdAt));
}

/** Live merges made later than `at` into `survivorId` (an undo must go newest first). */
export async function laterMergesInto(db: Executor, workspaceId: string, survivorId: string, at: Date) {
  return db
    .select({ id: candidateMerges.id })
    .from(candidateMerges)
    .where(
      and(
        eq(candidateMerges.workspaceId, workspaceId),
        eq(candidateMerges.survivorId, survivorId),
        isNull(candidateMerges.undoneAt),
        sql`${candidateMerges.createdAt} > ${at}`,
      ),
    );
}

// ---- scans

export async function insertScan(db: Executor, row: ScanRow) {
  await db.insert(duplicateScans).values(row);
}

export async function getScan(db: Executor, workspaceId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(duplicateScans)
    .where(and(eq(duplicateScans.workspaceId, workspaceId), eq(duplicateScans.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function updateScan(db: Executor, workspaceId: string, id: string, set: Partial<ScanRow>) {
  await db
    .update(duplicateScans)
    .set(set)
    .where(and(eq(duplicateScans.workspaceId, workspaceId), eq(duplicateScans.id, id)));
}

export async function activeScan(db: Executor, workspaceId: string) {
  return (
    await db
      .select()
      .from(duplicateScans)
      .where(
        and(
          eq(duplicateScans.workspaceId, workspaceId),
          inArray(duplicateScans.status, ['queued', 'running']),
        ),
      )
  )[0];
}
