import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { recordAudit } from '../audit/index.ts';
import { entryContext } from '../candidates/index.ts';
import { HOLD_REASONS } from './dpa.rules.ts';
import type { HeldRow } from './imports.contract.ts';
import * as repo from './imports.repository.ts';
import { intake } from './intake.service.ts';
import type { TouchMeta } from './mapping.rules.ts';
import { timeIdCursor } from './paging.ts';

export function heldView(r: repo.HeldRow): HeldRow {
  const input = r.input ?? {};
  const name = r.input
    ? `${String(input.firstName ?? '')} ${String(input.lastName ?? '')}`.trim() || null
    : null;
  return {
    id: r.id,
    runId: r.runId,
    rowNo: r.rowNo,
    sourceId: r.sourceId,
    vendorId: r.vendorId,
    reason: r.reason,
    reasonText: HOLD_REASONS[r.reason] ?? r.reason,
    country: r.country,
    name,
    status: r.status as HeldRow['status'],
    candidateId: r.candidateId,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}

export async function listHeld(
  ctx: Ctx,
  q: { status: string; limit: number; cursor?: string | undefined; runId?: string | undefined },
) {
  const cursor = timeIdCursor(q.cursor);
  const rows = await repo.listHeld(ctx.db, ctx.actor.workspaceId, q.status, cursor, q.limit + 1, q.runId);
  return toPage(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id], heldView);
}

async function lockHeld(tx: Ctx, id: string) {
  const row = await repo.getHeld(tx.db, tx.actor.workspaceId, id, true);
  if (!row) throw notFound('held_row');
  if (row.status !== 'held') throw conflict('held_row_decided', `The record was already ${row.status}`);
  return row;
}

/**
 * Release a held record: a person decided it may be stored (e.g. the DPA was signed, or the candidate consented
 * directly). It goes through the same intake as an import row, without the DPA check; audited.
 */
export async function releaseHeld(ctx: Ctx, id: string, note: string | undefined): Promise<HeldRow> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const row = await lockHeld(tx, id);
    const source = await repo.getSource(tx.db, ws, row.sourceId);
    if (!source) throw invalid('unknown_source', 'The source of this record no longer exists');
    const vendor = row.vendorId ? ((await repo.getVendor(tx.db, ws, row.vendorId)) ?? null) : null;
    const meta = (row.meta ?? {}) as Partial<TouchMeta>;
    const env = await entryContext(tx.db, ws);
    const [result] = await intake(
      tx,
      env,
      { source, vendor, runId: row.runId, campaign: meta.campaign ?? null, sourcer: meta.sourcer ?? null },
      [
        {
          rowNo: row.rowNo,
          skipDpa: true,
          mapped: {
            input: row.input ?? {},
            meta: {
              externalId: meta.externalId ?? null,
              profileUrl: meta.profileUrl ?? null,
              campaign: meta.campaign ?? null,
              sourcer: meta.sourcer ?? null,
            },
            errors: [],
          },
        },
      ],
    );
    if (!result || result.outcome === 'rejected')
      throw invalid(
        'invalid_candidate',
        'The held record no longer passes the entry rules',
        result?.errors ?? [],
      );
    const now = tx.clock.now();
    const set = {
      status: 'released',
      candidateId: result.candidateId,
      decidedAt: now,
      decidedBy: tx.actor.userId,
    };
    await repo.updateHeld(tx.db, ws, id, set);
    await recordAudit(tx, {
      action: 'import_held_row.released',
      entityType: 'import_held_row',
      entityId: id,
      before: { status: 'held', reason: row.reason },
      after: {
        status: 'released',
        candidateId: result.candidateId,
        outcome: result.outcome,
        note: note ?? null,
      },
    });
    return heldView({ ...row, ...set });
  });
}

/** Discard a held record: nothing is stored and the personal data it carried is erased; audited. */
export async function discardHeld(ctx: Ctx, id: string, note: string | undefined): Promise<HeldRow> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const row = await lockHeld(tx, id);
    const now = tx.clock.now();
    const set = { status: 'discarded', input: null, meta: null, decidedAt: now, decidedBy: tx.actor.userId };
    await repo.updateHeld(tx.db, ws, id, set);
    await recordAudit(tx, {
      action: 'import_held_row.discarded',
      entityType: 'import_held_row',
      entityId: id,
      before: { status: 'held', reason: row.reason },
      after: { status: 'discarded', note: note ?? null },
    });
    return heldView({ ...row, ...set });
  });
}
