import type { z } from 'zod';
import { requirePermission } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { recordAudit } from '../audit/index.ts';
import { appendActivities, type CandidateSchema, entryContext, viewCandidates } from '../candidates/index.ts';
import type { Choice } from './combine.ts';
import type { PairQuery } from './duplicates.contract.ts';
import * as repo from './duplicates.repository.ts';
import type { Evidence } from './duplicates.types.ts';
import { exactKeyField, fieldReader } from './field-access.ts';
import { mergeCandidates } from './merge.service.ts';

type CandidateView = z.infer<typeof CandidateSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Evidence as this reader may see it, by field group and the reader's permissions now: values of a field in a
 * group the reader may not read are left out (even if the field was moved into that group after the pair was
 * found), values of groups the reader may read are shown. Exact keys follow their field (email, phone: contact).
 */
function redactEvidence(e: Evidence, readable: (path: string) => boolean, defs: readonly GroupedDef[]) {
  return {
    ...e,
    exactKeys: e.exactKeys.map((k) => ({
      kind: k.kind,
      value: readable(exactKeyField(k.kind, defs)) ? k.value : null,
    })),
    items: e.items.map((i) => (readable(i.field) ? i : { ...i, a: null, b: null, hidden: true })),
  };
}

type GroupedDef = { key: string; fieldGroup: string | null };

function pairView(
  p: repo.PairRow,
  views: Map<string, CandidateView>,
  readable: (path: string) => boolean,
  defs: readonly GroupedDef[],
) {
  const a = views.get(p.aId);
  const b = views.get(p.bId);
  return {
    id: p.id,
    status: p.status as 'pending',
    score: p.score,
    foundBy: p.foundBy,
    detectedAt: p.detectedAt.toISOString(),
    decidedAt: p.decidedAt?.toISOString() ?? null,
    a: a ?? null,
    b: b ?? null,
    evidence: redactEvidence(p.evidence, readable, defs),
  };
}

async function readerOf(ctx: Ctx) {
  const { defs } = await entryContext(ctx.db, ctx.actor.workspaceId);
  return { defs, readable: fieldReader(ctx.actor, defs) };
}

/** The review queue: pairs of a status with both records side by side and the evidence, best score first. */
export async function listPairs(ctx: Ctx, q: PairQuery) {
  requirePermission(ctx.actor, 'candidates:read');
  const ws = ctx.actor.workspaceId;
  const cursor = decodeCursor(
    q.cursor,
    2,
    ([s, id]) => typeof s === 'number' && typeof id === 'string' && UUID.test(id),
  ) as [number, string] | undefined;
  const rows = await repo.listPairs(ctx.db, ws, q.status, cursor, q.limit + 1, q.candidateId);
  const [views, reader] = await Promise.all([
    viewCandidates(
      ctx,
      rows.flatMap((r) => [r.aId, r.bId]),
    ),
    readerOf(ctx),
  ]);
  return toPage(
    rows,
    q.limit,
    (r) => [r.score, r.id],
    (r) => pairView(r, views, reader.readable, reader.defs),
  );
}

export async function getPair(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'candidates:read');
  const p = await repo.getPair(ctx.db, ctx.actor.workspaceId, id);
  if (!p) throw notFound('pair');
  const [views, reader] = await Promise.all([viewCandidates(ctx, [p.aId, p.bId]), readerOf(ctx)]);
  return pairView(p, views, reader.readable, reader.defs);
}

/**
 * Decide a pair: merge (survivor: the one named, else the older record), not a duplicate (remembered: the
 * pair is never proposed again), or skip (out of the queue for now). Audited; timeline rows on both records.
 */
export async function decidePair(
  ctx: Ctx,
  id: string,
  d: {
    decision: 'merge' | 'not_duplicate' | 'skip';
    survivorId?: string | undefined;
    choices?: Record<string, Choice> | undefined;
  },
) {
  const ws = ctx.actor.workspaceId;
  if (d.decision === 'merge') {
    requirePermission(ctx.actor, 'duplicates:merge');
    const p = await repo.getPair(ctx.db, ws, id);
    if (!p) throw notFound('pair');
    if (p.status !== 'pending' && p.status !== 'skipped')
      throw conflict('pair_decided', `This pair is already ${p.status.replace('_', ' ')}`);
    if (d.survivorId && d.survivorId !== p.aId && d.survivorId !== p.bId)
      throw conflict('not_in_pair', 'The survivor must be one of the pair', [
        { field: 'survivorId', message: 'is not in this pair' },
      ]);
    // The older record survives by default (ids are UUIDv7: time-ordered).
    const survivorId = d.survivorId ?? p.aId;
    const loserId = survivorId === p.aId ? p.bId : p.aId;
    await mergeCandidates(ctx, { survivorId, loserId, pairId: p.id, choices: d.choices });
    return getPair(ctx, id);
  }
  await inTransaction(ctx, async (tx) => {
    const p = await repo.getPair(tx.db, ws, id, true);
    if (!p) throw notFound('pair');
    if (p.status !== 'pending' && p.status !== 'skipped')
      throw conflict('pair_decided', `This pair is already ${p.status.replace('_', ' ')}`);
    const status = d.decision === 'skip' ? 'skipped' : 'not_duplicate';
    await repo.updatePair(tx.db, ws, id, { status, decidedAt: tx.clock.now(), decidedBy: tx.actor.userId });
    if (status === 'not_duplicate') {
      await appendActivities(
        tx,
        [p.aId, p.bId].map((candidateId) => ({
          candidateId,
          kind: 'duplicate.not_duplicate',
          summary: 'Marked as not a duplicate of another record',
          data: { pairId: p.id, other: candidateId === p.aId ? p.bId : p.aId },
        })),
      );
      await recordAudit(tx, {
        action: 'duplicates.not_duplicate',
        entityType: 'duplicate_pair',
        entityId: p.id,
        after: { aId: p.aId, bId: p.bId, score: p.score },
      });
    } else
      await recordAudit(tx, { action: 'duplicates.skipped', entityType: 'duplicate_pair', entityId: p.id });
  });
  return getPair(ctx, id);
}
