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
  // A pair is stored with a_id < b_id; the evidence's sides (a = candidateId) follow the ids.
  const swap = candidateId > otherCandidateId;
  const [aId, bId] = swap ? [otherCandidateId, candidateId] : [candidateId, otherCandidateId];
  const sided: Evidence = swap
    ? { ...evidence, items: evidence.items.map((i) => ({ ...i, a: i.b, b: i.a })) }
    : evidence;
  await repo.upsertPairs(tx.db, [
    {
      id: newId(),
      workspaceId: tx.actor.workspaceId,
      aId,
      bId,
      score,
      evidence: sided,
      status: 'pending',
      foundBy,
      detectedAt: tx.clock.now(),
      decidedAt: null,
      decidedBy: null,
    },
  ]);
}
