import type { Ctx } from '../../platform/context.ts';
import { enqueue, inTransaction } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { candidateIdsAfter, candidateRows, countCandidates, fieldsOfRow } from '../candidates/index.ts';
import * as repo from './duplicates.repository.ts';
import { rescanTask } from './duplicates.tasks.ts';
import { findPairs, refreshKeys, storePairs } from './match.service.ts';
import { loadRules } from './rules.service.ts';
import { toMatchRecord } from './score.ts';

/** Candidates per step of a re-scan: each step is one short transaction and one job. */
export const SCAN_CHUNK = 1000;

export function scanView(s: repo.ScanRow) {
  return {
    id: s.id,
    status: s.status as 'queued' | 'running' | 'done' | 'failed',
    phase: s.phase as 'keys' | 'pairs',
    total: s.total,
    processed: s.processed,
    pairsFound: s.pairsFound,
    createdAt: s.createdAt.toISOString(),
    finishedAt: s.finishedAt?.toISOString() ?? null,
  };
}

/** Start a full re-scan (or return the one already running): keys rebuilt, then every block compared. */
export async function startRescan(ctx: Ctx) {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const running = await repo.activeScan(tx.db, ws);
    if (running) {
      // Take over: if the scan's chain of jobs died (a worker killed after its retries), this step resumes it
      // from the stored position; if the chain is alive, one of the two steps finds the position moved.
      await enqueue(tx, rescanTask, { workspaceId: ws, scanId: running.id, at: positionOf(running) });
      return scanView(running);
    }
    const row: repo.ScanRow = {
      id: newId(),
      workspaceId: ws,
      status: 'queued',
      total: await countCandidates(tx.db, ws),
      processed: 0,
      pairsFound: 0,
      cursor: null,
      phase: 'keys',
      requestedBy: tx.actor.userId,
      createdAt: tx.clock.now(),
      finishedAt: null,
    };
    await repo.insertScan(tx.db, row);
    await enqueue(tx, rescanTask, { workspaceId: ws, scanId: row.id });
    await recordAudit(tx, {
      action: 'duplicates.rescan_started',
      entityType: 'duplicate_scan',
      entityId: row.id,
    });
    return scanView(row);
  });
}

export async function getScan(ctx: Ctx, id: string) {
  const s = await repo.getScan(ctx.db, ctx.actor.workspaceId, id);
  if (!s) throw notFound('scan');
  return scanView(s);
}

/**
 * One step of a re-scan: the next chunk of candidates (in id order after the stored cursor) gets its keys
 * rebuilt (phase keys) or is compared with its blocks (phase pairs); progress is stored and the next step
 * enqueued in the same transaction. Safe to run twice: keys are replaced, pairs upserted.
 */
const positionOf = (s: Pick<repo.ScanRow, 'phase' | 'cursor'>) => `${s.phase}:${s.cursor ?? ''}`;

export async function rescanStep(ctx: Ctx, scanId: string, at?: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const scan = await repo.getScan(tx.db, ws, scanId, true);
    if (!scan || scan.status === 'done' || scan.status === 'failed') return;
    // Another step got here first (a taken-over scan): this one is a duplicate.
    if (at !== undefined && at !== positionOf(scan)) return;
    const loaded = await loadRules(tx.db, ws);
    const ids = await candidateIdsAfter(tx.db, ws, scan.cursor, SCAN_CHUNK);
    const rows = await candidateRows(tx.db, ws, ids);
    const merged = await repo.liveLosersAmong(tx.db, ws, ids);
    const records = rows.filter((r) => !merged.has(r.id)).map((r) => toMatchRecord(r.id, fieldsOfRow(r)));
    let found = 0;
    if (scan.phase === 'keys') await refreshKeys(tx, loaded, records);
    else
      found = await storePairs(
        tx,
        await findPairs(tx.db, ws, loaded, records, { higherOnly: true }),
        'rescan',
      );
    const last = ids.at(-1) ?? null;
    const end = ids.length < SCAN_CHUNK;
    const next: Partial<repo.ScanRow> = {
      status: 'running',
      processed: scan.processed + ids.length,
      pairsFound: scan.pairsFound + found,
      cursor: last,
    };
    if (end && scan.phase === 'keys') Object.assign(next, { phase: 'pairs', cursor: null, processed: 0 });
    if (end && scan.phase === 'pairs') {
      Object.assign(next, { status: 'done', finishedAt: tx.clock.now() });
      await repo.deleteStalePending(tx.db, ws, scan.createdAt);
    }
    await repo.updateScan(tx.db, ws, scanId, next);
    if (next.status !== 'done')
      await enqueue(tx, rescanTask, {
        workspaceId: ws,
        scanId,
        at: positionOf({ phase: next.phase ?? scan.phase, cursor: next.cursor ?? null }),
      });
    else
      await recordAudit(tx, {
        action: 'duplicates.rescan_finished',
        entityType: 'duplicate_scan',
        entityId: scanId,
        after: { pairsFound: next.pairsFound, total: scan.total },
      });
  });
}
