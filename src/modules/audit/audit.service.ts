import type { FieldGroup } from '../../platform/auth/redaction.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { type BrokenLink, checkRun, entryHash, GENESIS } from './audit.chain.ts';
import type { AuditEvent, AuditQuery, VerifyResult } from './audit.contract.ts';
import * as repo from './audit.repository.ts';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Append an entry to the workspace's chain, in the caller's transaction (opening one if the caller has none),
 * so the entry exists exactly when the change it records does.
 */
export async function recordAudit(ctx: Ctx, input: AuditInput): Promise<void> {
  return recordAuditMany(ctx, [input]);
}

/**
 * Append several entries in one go (one head lock, multi-row inserts): what a bulk change (an import chunk)
 * records per entity. The chain is the same as appending them one by one, in order.
 */
export async function recordAuditMany(ctx: Ctx, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const write = async (tx: Ctx) => {
    const workspaceId = tx.actor.workspaceId;
    const head = await repo.lockHead(tx.db, workspaceId, GENESIS);
    const at = tx.clock.now();
    const label = actorLabel(tx);
    let { seq, hash } = head;
    const rows: repo.AuditRow[] = inputs.map((input) => {
      const entry = {
        workspaceId,
        seq: ++seq,
        at,
        actorKind: tx.actor.kind,
        actorId: tx.actor.userId,
        actorLabel: label,
        action: input.action,
        entityType: input.entityType,
        entityId: input.entityId,
        before: input.before ?? null,
        after: input.after ?? null,
        prevHash: hash,
      };
      hash = entryHash(entry);
      return { id: newId(), ...entry, hash };
    });
    await repo.appendRows(tx.db, workspaceId, rows);
  };
  if (isTransaction(ctx.db)) return write(ctx);
  return inTransaction(ctx, write);
}

function isTransaction(db: Executor): boolean {
  // drizzle transactions carry a `rollback` method; the database handle does not.
  return typeof (db as { rollback?: unknown }).rollback === 'function';
}

function actorLabel(ctx: Ctx): string {
  const a = ctx.actor;
  if (a.kind === 'system') return 'system';
  if (a.kind === 'token') return `${a.email ?? 'unknown'} (API token)`;
  return a.email ?? a.kind;
}

/**
 * Mask what must not be copied into the permanent log: secrets never appear, and values of sensitive field
 * groups are replaced by a marker naming the group (the log is kept forever and must survive erasure requests).
 */
export function maskForAudit<T extends Record<string, unknown>>(
  value: T | null | undefined,
  fields: Partial<Record<keyof T & string, 'secret' | FieldGroup>>,
): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const rule = fields[k as keyof T & string];
    if (rule === 'secret') continue;
    out[k] =
      rule && v !== null && v !== undefined
        ? `[masked: ${rule.key}]`
        : v instanceof Date
          ? v.toISOString()
          : v;
  }
  return out;
}

export async function listAuditEvents(ctx: Ctx, q: AuditQuery) {
  const cursor = decodeCursor(q.cursor, 1, ([seq]) => Number.isSafeInteger(seq) && Number(seq) > 0);
  const rows = await repo.listRows(
    ctx.db,
    ctx.actor.workspaceId,
    {
      ...(q.action ? { action: q.action } : {}),
      ...(q.entityType ? { entityType: q.entityType } : {}),
      ...(q.entityId ? { entityId: q.entityId } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      ...(cursor ? { beforeSeq: Number(cursor[0]) } : {}),
    },
    q.limit + 1,
  );
  return toPage(rows, q.limit, (r) => [r.seq], toView);
}

function toView(r: repo.AuditRow): AuditEvent {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at.toISOString(),
    actor: { kind: r.actorKind, id: r.actorId, label: r.actorLabel },
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: (r.before as Record<string, unknown> | null) ?? null,
    after: (r.after as Record<string, unknown> | null) ?? null,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/** Walk a workspace's chain from genesis and name the first broken link. */
export async function verifyChain(db: Executor, workspaceId: string): Promise<VerifyResult> {
  let seq = 1;
  let prev = GENESIS;
  let checked = 0;
  let broken: BrokenLink | null = null;
  for (;;) {
    const rows = await repo.chainBatch(db, workspaceId, seq - 1, 2000);
    if (!rows.length) break;
    const res = checkRun(rows, seq, prev);
    if ('broken' in res) {
      broken = res.broken;
      checked += Math.max(0, res.broken.seq - seq);
      break;
    }
    checked += rows.length;
    seq = res.nextSeq;
    prev = res.prev;
  }
  if (!broken) {
    const head = await repo.readHead(db, workspaceId);
    if (head && (head.seq !== seq - 1 || head.hash !== prev)) {
      broken = {
        seq: head.seq,
        id: null,
        reason: `the chain ends at ${seq - 1} but its head says ${head.seq} (entries removed from the end)`,
      };
    }
  }
  return { ok: !broken, checked, firstBroken: broken };
}

export async function verifyWorkspaceChain(ctx: Ctx): Promise<VerifyResult> {
  return verifyChain(ctx.db, ctx.actor.workspaceId);
}

export async function verifyAllChains(
  db: Executor,
): Promise<{ workspaceId: string; result: VerifyResult }[]> {
  const ids = await repo.workspacesWithChains(db);
  const out = [];
  for (const workspaceId of ids) out.push({ workspaceId, result: await verifyChain(db, workspaceId) });
  return out;
}
