import { and, asc, desc, eq, gt, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import {
  importFileChunks,
  importHeldRows,
  importMappings,
  importRowErrors,
  importRuns,
  importSources,
  importVendors,
} from './imports.tables.ts';

export type SourceRow = typeof importSources.$inferSelect;
export type VendorRow = typeof importVendors.$inferSelect;
export type MappingRow = typeof importMappings.$inferSelect;
export type RunRow = typeof importRuns.$inferSelect;
export type HeldRow = typeof importHeldRows.$inferSelect;
export type RowErrorRow = typeof importRowErrors.$inferSelect;

// ---- sources

export async function listSources(db: Executor, ws: string) {
  return db.select().from(importSources).where(eq(importSources.workspaceId, ws)).orderBy(importSources.code);
}
export async function getSource(db: Executor, ws: string, id: string) {
  return (
    await db
      .select()
      .from(importSources)
      .where(and(eq(importSources.workspaceId, ws), eq(importSources.id, id)))
  )[0];
}
export async function sourceByCode(db: Executor, ws: string, code: string) {
  return (
    await db
      .select()
      .from(importSources)
      .where(and(eq(importSources.workspaceId, ws), eq(importSources.code, code)))
  )[0];
}
/** Insert; returns false when the code is taken. */
export async function insertSources(db: Executor, rows: SourceRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db
    .insert(importSources)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: importSources.id });
  return r.length;
}
export async function updateSource(db: Executor, ws: string, id: string, set: Partial<SourceRow>) {
  await db
    .update(importSources)
    .set(set)
    .where(and(eq(importSources.workspaceId, ws), eq(importSources.id, id)));
}

// ---- vendors

export async function listVendors(db: Executor, ws: string) {
  return db.select().from(importVendors).where(eq(importVendors.workspaceId, ws)).orderBy(importVendors.name);
}
export async function getVendor(db: Executor, ws: string, id: string) {
  return (
    await db
      .select()
      .from(importVendors)
      .where(and(eq(importVendors.workspaceId, ws), eq(importVendors.id, id)))
  )[0];
}
export async function insertVendor(db: Executor, row: VendorRow): Promise<boolean> {
  const r = await db
    .insert(importVendors)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: importVendors.id });
  return r.length > 0;
}
export async function updateVendor(db: Executor, ws: string, id: string, set: Partial<VendorRow>) {
  await db
    .update(importVendors)
    .set(set)
    .where(and(eq(importVendors.workspaceId, ws), eq(importVendors.id, id)));
}

// ---- mappings

export async function listMappings(db: Executor, ws: string) {
  return db
    .select()
    .from(importMappings)
    .where(eq(importMappings.workspaceId, ws))
    .orderBy(importMappings.name);
}
export async function getMapping(db: Executor, ws: string, id: string) {
  return (
    await db
      .select()
      .from(importMappings)
      .where(and(eq(importMappings.workspaceId, ws), eq(importMappings.id, id)))
  )[0];
}
export async function insertMapping(db: Executor, row: MappingRow): Promise<boolean> {
  const r = await db
    .insert(importMappings)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: importMappings.id });
  return r.length > 0;
}
export async function deleteMapping(db: Executor, ws: string, id: string) {
  const r = await db
    .delete(importMappings)
    .where(and(eq(importMappings.workspaceId, ws), eq(importMappings.id, id)))
    .returning({ id: importMappings.id });
  return r.length > 0;
}

// ---- runs

export async function insertRun(db: Executor, row: RunRow) {
  await db.insert(importRuns).values(row);
}
export async function getRun(db: Executor, ws: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.workspaceId, ws), eq(importRuns.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}
export async function updateRun(db: Executor, ws: string, id: string, set: Partial<RunRow>) {
  await db
    .update(importRuns)
    .set(set)
    .where(and(eq(importRuns.workspaceId, ws), eq(importRuns.id, id)));
}
/** Update a run only if it is still in `status` (a cancel may have come first); whether it was. */
export async function updateRunIfStatus(
  db: Executor,
  ws: string,
  id: string,
  status: string,
  set: Partial<RunRow>,
): Promise<boolean> {
  const r = await db
    .update(importRuns)
    .set(set)
    .where(and(eq(importRuns.workspaceId, ws), eq(importRuns.id, id), eq(importRuns.status, status)))
    .returning({ id: importRuns.id });
  return r.length > 0;
}
export async function listRuns(
  db: Executor,
  ws: string,
  before: [string, string] | undefined,
  limit: number,
) {
  const conds = [eq(importRuns.workspaceId, ws)];
  if (before) {
    const [at, id] = before;
    const c = or(
      lt(importRuns.createdAt, new Date(at)),
      and(eq(importRuns.createdAt, new Date(at)), lt(importRuns.id, id)),
    );
    if (c) conds.push(c);
  }
  return db
    .select()
    .from(importRuns)
    .where(and(...conds))
    .orderBy(desc(importRuns.createdAt), desc(importRuns.id))
    .limit(limit);
}
/** Runs of a workspace still uploading or awaiting their mapping: how many, and their bytes (the quota). */
export async function pendingUploads(db: Executor, ws: string): Promise<{ count: number; bytes: number }> {
  const [r] = await db
    .select({
      count: sql<number>`count(*)::int`,
      bytes: sql<number>`coalesce(sum(${importRuns.fileBytes}), 0)::float8`,
    })
    .from(importRuns)
    .where(
      and(eq(importRuns.workspaceId, ws), inArray(importRuns.status, ['uploading', 'awaiting_mapping'])),
    );
  return { count: Number(r?.count ?? 0), bytes: Number(r?.bytes ?? 0) };
}

/**
 * Runs awaiting their mapping past their expiry (`options.expiresAt`; runs from before it was recorded: not
 * updated since `legacyBefore`), all workspaces.
 */
export async function expiredAwaiting(db: Executor, now: Date, legacyBefore: Date, limit: number) {
  return db
    .select({ id: importRuns.id, workspaceId: importRuns.workspaceId })
    .from(importRuns)
    .where(
      and(
        eq(importRuns.status, 'awaiting_mapping'),
        sql`coalesce((${importRuns.options}->>'expiresAt')::timestamptz < ${now.toISOString()}::timestamptz, ${importRuns.updatedAt} < ${legacyBefore.toISOString()}::timestamptz)`,
      ),
    )
    .limit(limit);
}

/** An unfinished run of the same file, source and format (the CLI resumes it). */
export async function unfinishedRunOf(
  db: Executor,
  ws: string,
  sha: string,
  sourceId: string,
  format: string,
) {
  return (
    await db
      .select()
      .from(importRuns)
      .where(
        and(
          eq(importRuns.workspaceId, ws),
          eq(importRuns.fileSha256, sha),
          eq(importRuns.sourceId, sourceId),
          eq(importRuns.format, format),
          inArray(importRuns.status, ['queued', 'running']),
        ),
      )
      .orderBy(desc(importRuns.createdAt))
      .limit(1)
  )[0];
}

// ---- file chunks (the table has no workspace column: every statement names the run AND its workspace,
// through the run, so a run id of another workspace reads, writes and deletes nothing)

function runOf(db: Executor, ws: string, runId: string) {
  return and(
    eq(importFileChunks.runId, runId),
    inArray(
      importFileChunks.runId,
      db
        .select({ id: importRuns.id })
        .from(importRuns)
        .where(and(eq(importRuns.workspaceId, ws), eq(importRuns.id, runId))),
    ),
  );
}

export async function insertChunk(
  db: Executor,
  ws: string,
  runId: string,
  seq: number,
  offset: number,
  data: Uint8Array,
) {
  const r = await db.execute(sql`
    insert into import_file_chunks (run_id, seq, "offset", data)
    select ${runId}::uuid, ${seq}, ${offset}, ${data}
    where exists (select 1 from import_runs where id = ${runId}::uuid and workspace_id = ${ws}::uuid)`);
  const n =
    (r as unknown as { affectedRows?: number; rowCount?: number }).affectedRows ??
    (r as unknown as { rowCount?: number }).rowCount;
  if (n === 0) throw new Error(`import run ${runId} is not in workspace ${ws}`);
}
/** The chunk holding byte `offset` and those after it, in order, `limit` at a time. */
export async function chunksFrom(db: Executor, ws: string, runId: string, offset: number, limit: number) {
  const first = await db
    .select({ seq: importFileChunks.seq })
    .from(importFileChunks)
    .where(and(runOf(db, ws, runId), lte(importFileChunks.offset, offset)))
    .orderBy(desc(importFileChunks.seq))
    .limit(1);
  const fromSeq = first[0]?.seq ?? 0;
  return db
    .select()
    .from(importFileChunks)
    .where(and(runOf(db, ws, runId), sql`${importFileChunks.seq} >= ${fromSeq}`))
    .orderBy(asc(importFileChunks.seq))
    .limit(limit);
}
export async function chunksAfter(db: Executor, ws: string, runId: string, seq: number, limit: number) {
  return db
    .select()
    .from(importFileChunks)
    .where(and(runOf(db, ws, runId), gt(importFileChunks.seq, seq)))
    .orderBy(asc(importFileChunks.seq))
    .limit(limit);
}
export async function deleteChunks(db: Executor, ws: string, runId: string) {
  await db.delete(importFileChunks).where(runOf(db, ws, runId));
}

// ---- row errors

export async function insertRowErrors(db: Executor, rows: RowErrorRow[]) {
  for (let i = 0; i < rows.length; i += 2000)
    await db.insert(importRowErrors).values(rows.slice(i, i + 2000));
}
export async function rowErrorsAfter(
  db: Executor,
  ws: string,
  runId: string,
  afterRow: number,
  limit: number,
) {
  return db
    .select()
    .from(importRowErrors)
    .where(
      and(
        eq(importRowErrors.workspaceId, ws),
        eq(importRowErrors.runId, runId),
        gt(importRowErrors.rowNo, afterRow),
      ),
    )
    .orderBy(asc(importRowErrors.rowNo))
    .limit(limit);
}

// ---- held rows

export async function insertHeld(db: Executor, rows: HeldRow[]) {
  if (rows.length) await db.insert(importHeldRows).values(rows).onConflictDoNothing();
}
export async function heldTouchpointKeys(db: Executor, ws: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: sql<string>`${importHeldRows.meta}->>'touchpointKey'` })
    .from(importHeldRows)
    .where(
      and(
        eq(importHeldRows.workspaceId, ws),
        eq(importHeldRows.status, 'held'),
        inArray(sql<string>`${importHeldRows.meta}->>'touchpointKey'`, keys),
      ),
    );
  return new Set(rows.map((r) => r.key));
}
export async function listHeld(
  db: Executor,
  ws: string,
  status: string,
  before: [string, string] | undefined,
  limit: number,
  runId?: string,
) {
  const conds = [eq(importHeldRows.workspaceId, ws), eq(importHeldRows.status, status)];
  if (runId) conds.push(eq(importHeldRows.runId, runId));
  if (before) {
    const [at, id] = before;
    const c = or(
      lt(importHeldRows.createdAt, new Date(at)),
      and(eq(importHeldRows.createdAt, new Date(at)), lt(importHeldRows.id, id)),
    );
    if (c) conds.push(c);
  }
  return db
    .select()
    .from(importHeldRows)
    .where(and(...conds))
    .orderBy(desc(importHeldRows.createdAt), desc(importHeldRows.id))
    .limit(limit);
}
export async function getHeld(db: Executor, ws: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(importHeldRows)
    .where(and(eq(importHeldRows.workspaceId, ws), eq(importHeldRows.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}
export async function updateHeld(db: Executor, ws: string, id: string, set: Partial<HeldRow>) {
  await db
    .update(importHeldRows)
    .set(set)
    .where(and(eq(importHeldRows.workspaceId, ws), eq(importHeldRows.id, id)));
}

// ---- maintenance (all workspaces: the sweeper acts per run, as each run's workspace)

/** Runs that should be moving but have not been updated since `before` (their job was lost or exhausted). */
export async function stalledRuns(db: Executor, before: Date, limit: number) {
  return db
    .select({
      id: importRuns.id,
      workspaceId: importRuns.workspaceId,
      status: importRuns.status,
      updatedAt: importRuns.updatedAt,
    })
    .from(importRuns)
    .where(
      and(inArray(importRuns.status, ['uploading', 'queued', 'running']), lt(importRuns.updatedAt, before)),
    )
    .limit(limit);
}
