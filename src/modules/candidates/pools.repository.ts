import { and, asc, desc, sql as dsql, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { queryRows, sql } from '../../platform/db/client.ts';
import { candidates, poolMembers, pools, savedSearches } from './candidates.tables.ts';

export type PoolRow = typeof pools.$inferSelect;
export type PoolMemberRow = typeof poolMembers.$inferSelect;
export type SavedSearchRow = typeof savedSearches.$inferSelect;

// ---- pools

export async function listPools(db: Executor, workspaceId: string, includeArchived: boolean) {
  // Raw rows: timestamps may arrive as strings (drivers differ); make them Dates.
  const rows = await queryRows<PoolRow & { memberCount: number }>(
    db,
    sql`select p.id, p.workspace_id as "workspaceId", p.name, p.description, p.owner_id as "ownerId",
          p.archived_at as "archivedAt", p.created_at as "createdAt", p.updated_at as "updatedAt",
          (select count(*)::int from pool_members m where m.pool_id = p.id and m.removed_at is null) as "memberCount"
        from pools p
        where p.workspace_id = ${workspaceId} ${includeArchived ? sql`` : sql`and p.archived_at is null`}
        order by p.name, p.id`,
  );
  return rows.map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
    archivedAt: r.archivedAt ? new Date(r.archivedAt) : null,
  }));
}

export async function getPool(db: Executor, workspaceId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(pools)
    .where(and(eq(pools.workspaceId, workspaceId), eq(pools.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function insertPool(db: Executor, row: PoolRow) {
  await db.insert(pools).values(row);
}

export async function updatePool(db: Executor, workspaceId: string, id: string, set: Partial<PoolRow>) {
  await db
    .update(pools)
    .set(set)
    .where(and(eq(pools.workspaceId, workspaceId), eq(pools.id, id)));
}

export async function countMembers(db: Executor, poolId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pool_members where pool_id = ${poolId} and removed_at is null`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Current members among `candidateIds`. */
export async function currentMembers(db: Executor, poolId: string, candidateIds: string[]) {
  if (candidateIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ candidateId: poolMembers.candidateId })
    .from(poolMembers)
    .where(
      and(
        eq(poolMembers.poolId, poolId),
        inArray(poolMembers.candidateId, candidateIds),
        isNull(poolMembers.removedAt),
      ),
    );
  return new Set(rows.map((r) => r.candidateId));
}

export async function insertMembers(db: Executor, rows: PoolMemberRow[]) {
  if (rows.length) await db.insert(poolMembers).values(rows).onConflictDoNothing();
}

export async function removeMembers(
  db: Executor,
  poolId: string,
  candidateIds: string[],
  at: Date,
  by: string | null,
) {
  if (candidateIds.length === 0) return [];
  const rows = await db
    .update(poolMembers)
    .set({ removedAt: at, removedBy: by })
    .where(
      and(
        eq(poolMembers.poolId, poolId),
        inArray(poolMembers.candidateId, candidateIds),
        isNull(poolMembers.removedAt),
      ),
    )
    .returning({ candidateId: poolMembers.candidateId });
  return rows.map((r) => r.candidateId);
}

export async function membershipHistory(
  db: Executor,
  poolId: string,
  limit: number,
  before?: [string, string],
) {
  const conds = [eq(poolMembers.poolId, poolId)];
  if (before) {
    const c = or(
      dsql`${poolMembers.addedAt} < ${new Date(before[0])}`,
      and(eq(poolMembers.addedAt, new Date(before[0])), dsql`${poolMembers.id} < ${before[1]}`),
    );
    if (c) conds.push(c);
  }
  return db
    .select({
      id: poolMembers.id,
      candidateId: poolMembers.candidateId,
      candidateName: dsql<string>`trim(${candidates.firstName} || ' ' || ${candidates.lastName})`,
      addedAt: poolMembers.addedAt,
      addedBy: poolMembers.addedBy,
      removedAt: poolMembers.removedAt,
      removedBy: poolMembers.removedBy,
    })
    .from(poolMembers)
    .innerJoin(candidates, dsql`${candidates.id} = ${poolMembers.candidateId}`)
    .where(and(...conds))
    .orderBy(desc(poolMembers.addedAt), desc(poolMembers.id))
    .limit(limit);
}

// ---- saved searches and segments

/** The actor's own saved searches and the ones shared with the team. */
export async function listSavedSearches(
  db: Executor,
  workspaceId: string,
  userId: string | null,
  segments: boolean,
) {
  const visible = userId
    ? or(eq(savedSearches.visibility, 'team'), eq(savedSearches.ownerId, userId))
    : eq(savedSearches.visibility, 'team');
  return db
    .select()
    .from(savedSearches)
    .where(and(eq(savedSearches.workspaceId, workspaceId), eq(savedSearches.isSegment, segments), visible))
    .orderBy(asc(savedSearches.name), asc(savedSearches.id));
}

export async function getSavedSearch(db: Executor, workspaceId: string, id: string) {
  return (
    await db
      .select()
      .from(savedSearches)
      .where(and(eq(savedSearches.workspaceId, workspaceId), eq(savedSearches.id, id)))
  )[0];
}

export async function insertSavedSearch(db: Executor, row: SavedSearchRow) {
  await db.insert(savedSearches).values(row);
}

export async function updateSavedSearch(
  db: Executor,
  workspaceId: string,
  id: string,
  set: Partial<SavedSearchRow>,
) {
  await db
    .update(savedSearches)
    .set(set)
    .where(and(eq(savedSearches.workspaceId, workspaceId), eq(savedSearches.id, id)));
}

export async function deleteSavedSearch(db: Executor, workspaceId: string, id: string) {
  await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.workspaceId, workspaceId), eq(savedSearches.id, id)));
}
