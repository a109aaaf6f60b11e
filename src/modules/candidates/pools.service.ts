import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { appendActivities } from './candidate.service.ts';
import * as candidatesRepo from './candidates.repository.ts';
import type { CreatePool, Pool, UpdatePool } from './pools.contract.ts';
import * as repo from './pools.repository.ts';

function view(p: repo.PoolRow, memberCount: number): Pool {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    ownerId: p.ownerId,
    memberCount,
    archived: p.archivedAt !== null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function listPools(ctx: Ctx, includeArchived: boolean) {
  const rows = await repo.listPools(ctx.db, ctx.actor.workspaceId, includeArchived);
  return { items: rows.map((r) => view(r, r.memberCount)) };
}

export async function getPool(ctx: Ctx, id: string): Promise<Pool> {
  const p = await repo.getPool(ctx.db, ctx.actor.workspaceId, id);
  if (!p) throw notFound('pool');
  return view(p, await repo.countMembers(ctx.db, id));
}

export async function createPool(ctx: Ctx, input: CreatePool): Promise<Pool> {
  const now = ctx.clock.now();
  const row: repo.PoolRow = {
    id: newId(),
    workspaceId: ctx.actor.workspaceId,
    name: input.name,
    description: input.description,
    ownerId: ctx.actor.userId,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  return inTransaction(ctx, async (tx) => {
    await repo.insertPool(tx.db, row);
    const v = view(row, 0);
    await recordAudit(tx, { action: 'pool.created', entityType: 'pool', entityId: row.id, after: v });
    return v;
  });
}

export async function updatePool(ctx: Ctx, id: string, input: UpdatePool): Promise<Pool> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const p = await repo.getPool(tx.db, ws, id, true);
    if (!p) throw notFound('pool');
    const now = tx.clock.now();
    const set: Partial<repo.PoolRow> = { updatedAt: now };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.archived !== undefined) set.archivedAt = input.archived ? (p.archivedAt ?? now) : null;
    await repo.updatePool(tx.db, ws, id, set);
    const count = await repo.countMembers(tx.db, id);
    const before = view(p, count);
    const after = view({ ...p, ...set }, count);
    await recordAudit(tx, { action: 'pool.updated', entityType: 'pool', entityId: id, before, after });
    return after;
  });
}

/**
 * Add candidates to a pool (or remove them), in the caller's transaction: membership history rows, a
 * timeline row and an audit entry per candidate actually changed.
 */
export async function changeMembership(
  tx: Ctx,
  poolId: string,
  candidateIds: string[],
  op: 'add' | 'remove',
): Promise<{ changed: string[]; unchanged: string[] }> {
  const ws = tx.actor.workspaceId;
  const pool = await repo.getPool(tx.db, ws, poolId, true);
  if (!pool) throw notFound('pool');
  if (op === 'add' && pool.archivedAt)
    throw invalid('pool_archived', 'This pool is archived', [
      { field: 'poolId', message: 'the pool is archived' },
    ]);
  const ids = [...new Set(candidateIds)];
  const known = await candidatesRepo.existingIds(tx.db, ws, ids);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw invalid(
      'unknown_candidates',
      'Some candidates do not exist',
      unknown.slice(0, 20).map((id) => ({ field: 'candidateIds', message: `${id} is not a candidate` })),
    );
  const now = tx.clock.now();
  const present = await repo.currentMembers(tx.db, poolId, ids);
  let changed: string[];
  if (op === 'add') {
    changed = ids.filter((id) => !present.has(id));
    await repo.insertMembers(
      tx.db,
      changed.map((candidateId) => ({
        id: newId(),
        workspaceId: ws,
        poolId,
        candidateId,
        addedAt: now,
        addedBy: tx.actor.userId,
        removedAt: null,
        removedBy: null,
      })),
    );
  } else {
    changed = await repo.removeMembers(tx.db, poolId, ids, now, tx.actor.userId);
  }
  await appendActivities(
    tx,
    changed.map((candidateId) => ({
      candidateId,
      kind: op === 'add' ? 'pool.added' : 'pool.removed',
      summary: `${op === 'add' ? 'Added to' : 'Removed from'} pool ${pool.name}`,
      data: { poolId, poolName: pool.name },
    })),
  );
  for (const candidateId of changed)
    await recordAudit(tx, {
      action: op === 'add' ? 'pool.member_added' : 'pool.member_removed',
      entityType: 'candidate',
      entityId: candidateId,
      after: { poolId, poolName: pool.name },
    });
  const changedSet = new Set(changed);
  return { changed, unchanged: ids.filter((id) => !changedSet.has(id)) };
}

export async function addToPool(ctx: Ctx, poolId: string, candidateIds: string[], op: 'add' | 'remove') {
  const r = await inTransaction(ctx, (tx) => changeMembership(tx, poolId, candidateIds, op));
  return { changed: r.changed.length, unchanged: r.unchanged.length };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function poolHistory(
  ctx: Ctx,
  poolId: string,
  q: { limit: number; cursor?: string | undefined },
) {
  const pool = await repo.getPool(ctx.db, ctx.actor.workspaceId, poolId);
  if (!pool) throw notFound('pool');
  const cursor = decodeCursor(
    q.cursor,
    2,
    ([at, id]) =>
      typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id),
  ) as [string, string] | undefined;
  const rows = await repo.membershipHistory(ctx.db, poolId, q.limit + 1, cursor);
  return toPage(
    rows,
    q.limit,
    (r) => [r.addedAt.toISOString(), r.id],
    (r) => ({
      candidateId: r.candidateId,
      candidateName: r.candidateName,
      addedAt: r.addedAt.toISOString(),
      addedBy: r.addedBy,
      removedAt: r.removedAt?.toISOString() ?? null,
      removedBy: r.removedBy,
    }),
  );
}
