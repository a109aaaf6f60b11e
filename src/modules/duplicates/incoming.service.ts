import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { candidateRows, changeCandidate, entryContext, fieldsOfRow } from '../candidates/index.ts';
import { combine } from './combine.ts';
import * as repo from './duplicates.repository.ts';
import type {
  Evidence,
  IncomingCandidate,
  IncomingProvenance,
  MergeIncomingResult,
} from './duplicates.types.ts';
import { loadRules } from './rules.service.ts';

/** Bookkeeping an import never changes on an existing record. */
const KEEP = { status: 'survivor', ownerId: 'survivor', source: 'survivor', employee: 'survivor' } as const;

/** See index.ts: mergeIncoming. */
export async function mergeIncoming(
  tx: Ctx,
  candidateId: string,
  incoming: IncomingCandidate,
  provenance: IncomingProvenance,
): Promise<MergeIncomingResult> {
  const ws = tx.actor.workspaceId;
  const [row] = await candidateRows(tx.db, ws, [candidateId], true);
  if (!row) throw notFound('candidate');
  const { rules } = await loadRules(tx.db, ws);
  const env = await entryContext(tx.db, ws);
  const existingTrust =
    row.source === null || row.source === 'manual' ? 100 : (rules.merge.sourceTrust[row.source] ?? 50);
  const incomingTrust = provenance.trust ?? rules.merge.sourceTrust[provenance.source ?? ''] ?? 50;
  const loserWins =
    rules.merge.strategy === 'newest'
      ? () => true
      : rules.merge.strategy === 'most_trusted'
        ? () => incomingTrust > existingTrust
        : () => false;
  const { input, changes } = combine(
    fieldsOfRow(row),
    { ...incoming.fields, customFields: incoming.customFields ?? incoming.fields.customFields },
    {
      loserWins,
      choices: KEEP,
      settableCustom: new Set(env.defs.filter((d) => !d.retired).map((d) => d.key)),
    },
  );
  if (changes.length === 0) return { changed: false, fields: [] };
  const next = await changeCandidate(tx, row, input, env, {
    kind: 'candidate.import_merged',
    summary: `Updated from ${provenance.source ?? 'an import'}: ${changes.map((c) => c.field).join(', ')}`,
    source: provenance.source ?? null,
  });
  return next ? { changed: true, fields: changes.map((c) => c.field) } : { changed: false, fields: [] };
}

/** See index.ts: flagForReview. */
export async function flagForReview(
  tx: Ctx,
  candidateId: string,
  otherCandidateId: string,
  score: number,
  evidence: Evidence,
  foundBy = 'import',
): Promise<void> {
  await flagManyForReview(tx, [{ candidateId, otherCandidateId, score, evidence }], foundBy);
}

/** See index.ts: flagManyForReview (one statement per 1,000 pairs). */
export async function flagManyForReview(
  tx: Ctx,
  flags: readonly { candidateId: string; otherCandidateId: string; score: number; evidence: Evidence }[],
  foundBy = 'import',
): Promise<void> {
  if (flags.length === 0) return;
  const now = tx.clock.now();
  const seen = new Set<string>();
  const rows: repo.PairRow[] = [];
  for (const { candidateId, otherCandidateId, score, evidence } of flags) {
    // A pair is stored with a_id < b_id; the evidence's sides (a = candidateId) follow the ids.
    const swap = candidateId > otherCandidateId;
    const [aId, bId] = swap ? [otherCandidateId, candidateId] : [candidateId, otherCandidateId];
    if (seen.has(`${aId}|${bId}`)) continue;
    seen.add(`${aId}|${bId}`);
    const sided: Evidence = swap
      ? { ...evidence, items: evidence.items.map((i) => ({ ...i, a: i.b, b: i.a })) }
      : evidence;
    rows.push({
      id: newId(),
      workspaceId: tx.actor.workspaceId,
      aId,
      bId,
      score,
      evidence: sided,
      status: 'pending',
      foundBy,
      detectedAt: now,
      decidedAt: null,
      decidedBy: null,
    });
  }
  await repo.upsertPairs(tx.db, rows);
}
