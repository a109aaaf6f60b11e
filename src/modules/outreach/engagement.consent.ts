import type { Ctx } from '../../platform/context.ts';
import type { ConsentWithdrawn } from '../candidates/index.ts';
import { stopCandidateEnrollments } from './enrollments.service.ts';
import type { StepKind } from './outreach.contract.ts';
import * as repo from './outreach.repository.ts';
import { channelOf } from './planning.ts';

/**
 * Consent-withdrawal listener (registered in src/apps/modules.ts): a withdrawal of contact (or storage) for
 * a channel stops every live enrollment that still has a step on that channel to send (`any`: all of them),
 * in the withdrawal's transaction. Marketing withdrawals do not concern sequences.
 */
export async function outreachOnConsentWithdrawn(tx: Ctx, e: ConsentWithdrawn): Promise<void> {
  if (e.purpose !== 'contact' && e.purpose !== 'storage') return;
  const ws = tx.actor.workspaceId;
  const live = await repo.liveOfCandidate(tx.db, ws, e.candidateId);
  if (live.length === 0) return;
  const steps = await repo.enrollmentSteps(
    tx.db,
    ws,
    live.map((l) => l.id),
  );
  const hit = new Set(
    steps
      .filter((s) => s.status === 'planned' || s.status === 'scheduled')
      .filter((s) => e.channel === 'any' || channelOf(s.kind as StepKind) === e.channel)
      .map((s) => s.enrollmentId),
  );
  if (hit.size) await stopCandidateEnrollments(tx, e.candidateId, 'consent_withdrawn', [...hit]);
}
