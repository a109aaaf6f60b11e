import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import type { Counts, SequenceMetrics } from './engagement.contract.ts';
import * as repo from './engagement.repository.ts';
import { getSequence } from './outreach.repository.ts';

/**
 * Metrics of a sequence, per step and per A/B variant, from the enrollment steps (enrolled = assigned,
 * sent, blocked) and the events (opened, clicked, replied, bounced, unsubscribed: enrollments, however many
 * times each did it), replies classified interested, and the median time from send to first reply.
 * delivered = sent minus permanent bounces. Three statements with GROUPING SETS, whatever the size.
 */
export async function sequenceMetrics(ctx: Ctx, sequenceId: string): Promise<SequenceMetrics> {
  const ws = ctx.actor.workspaceId;
  const seq = await getSequence(ctx.db, ws, sequenceId);
  if (!seq) throw notFound('sequence');
  const [steps, stepRows, eventRows, interestedRows, enrolled] = await Promise.all([
    repo.sequenceSteps(ctx.db, ws, sequenceId),
    repo.stepCounts(ctx.db, ws, sequenceId),
    repo.eventCounts(ctx.db, ws, sequenceId),
    repo.interestedCounts(ctx.db, ws, sequenceId),
    repo.enrolledCount(ctx.db, ws, sequenceId),
  ]);
  const key = (level: number, stepId: string | null, variant: string | null) =>
    level === 3 ? '*' : level === 1 ? `${stepId}` : `${stepId}/${variant}`;
  const index = <T extends repo.CountRow>(rows: T[]) =>
    new Map(rows.map((r) => [key(r.level, r.step_id, r.variant), r]));
  const byStep = index(stepRows);
  const byEvent = index(eventRows);
  const byInterest = index(interestedRows);

  const counts = (k: string, enrolledOverride?: number): Counts => {
    const s = byStep.get(k);
    const e = byEvent.get(k);
    const sent = s?.sent ?? 0;
    const bounced = e?.bounced ?? 0;
    const median = e?.median_response;
    return {
      enrolled: enrolledOverride ?? s?.assigned ?? 0,
      sent,
      delivered: Math.max(0, sent - bounced),
      opened: e?.opened ?? 0,
      clicked: e?.clicked ?? 0,
      replied: e?.replied ?? 0,
      interested: byInterest.get(k)?.interested ?? 0,
      bounced,
      unsubscribed: e?.unsubscribed ?? 0,
      blocked: s?.blocked ?? 0,
      medianResponseSeconds: median === null || median === undefined ? null : Math.round(Number(median)),
    };
  };

  return {
    sequenceId,
    totals: counts('*', enrolled),
    steps: steps
      // A removed step is shown when something was assigned to it.
      .filter((s) => !s.removedAt || byStep.has(s.id))
      .map((s) => ({
        stepId: s.id,
        position: s.position,
        kind: s.kind,
        removed: s.removedAt !== null,
        totals: counts(s.id),
        variants: s.variants.map((v) => ({
          label: v.label,
          templateId: v.templateId,
          counts: counts(`${s.id}/${v.label}`),
        })),
      })),
  };
}
