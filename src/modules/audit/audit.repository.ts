import { and, asc, desc, eq, gt, gte, like, lt, type SQL } from 'drizzle-orm';
import { insertMany } from '../../platform/db/bulk.ts';
import type { Executor } from '../../platform/db/client.ts';
import { queryRows, sql } from '../../platform/db/client.ts';
import { auditEvents, auditHeads } from './audit.tables.ts';

export type AuditRow = typeof auditEvents.$inferSelect;

/** Lock the workspace's chain head (creating it at genesis) and return it. Must run inside a transaction. */
export async function lockHead(db: Executor, workspaceId: string, genesis: string) {
  await db.insert(auditHeads).values({ workspaceId, seq: 0, hash: genesis }).onConflictDoNothing();
  const rows = await queryRows<{ seq: number; hash: string }>(
    db,
    sql`select seq::float8 as seq, hash from audit_heads where workspace_id = ${workspaceId} for update`,
  );
  return { seq: Number(rows[0]!.seq), hash: rows[0]!.hash };
}

/** Append entries already chained in order (the last one becomes the head). */
export async function appendRows(db: Executor, workspaceId: string, rows: readonly AuditRow[]) {
  await insertMany(db, auditEvents, rows);
  const last = rows[rows.length - 1]!;
  await db
    .update(auditHeads)
    .set({ seq: last.seq, hash: last.hash })
    .where(eq(auditHeads.workspaceId, workspaceId));
}

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
}

export async function listRows(db: Executor, workspaceId: string, f: AuditFilter, limit: number) {
  const where: SQL[] = [eq(auditEvents.workspaceId, workspaceId)];
  if (f.action) {
    where.push(
      f.action.endsWith('.')
        ? like(auditEvents.action, `${f.action.replace(/[%_\\]/g, '\\$&')}%`)
        : eq(auditEvents.action, f.action),
    );
  }
  if (f.entityType) where.push(eq(auditEvents.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditEvents.entityId, f.entityId));
  if (f.actorId) where.push(eq(auditEvents.actorId, f.actorId));
  if (f.from) where.push(gte(auditEvents.at, f.from));
  if (f.to) where.push(lt(auditEvents.at, f.to));
  if (f.beforeSeq !== undefined) where.push(lt(auditEvents.seq, f.beforeSeq));
  return db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
}

/** Entries of a workspace in chain order, after `afterSeq`, in batches (verification walks the whole chain). */
export async function chainBatch(db: Executor, workspaceId: string, afterSeq: number, limit: number) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), gt(auditEvents.seq, afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
}

export async function readHead(db: Executor, workspaceId: string) {
  const rows = await db.select().from(auditHeads).where(eq(auditHeads.workspaceId, workspaceId));
  return rows[0];
}

export async function workspacesWithChains(db: Executor): Promise<string[]> {
  const rows = await db.select({ id: auditHeads.workspaceId }).from(auditHeads);
  return rows.map((r) => r.id);
}
