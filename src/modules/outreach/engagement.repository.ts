import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import { outreachOutbox } from './delivery.tables.ts';
import { outreachEvents, outreachReplies, outreachTrackingSettings } from './engagement.tables.ts';
import {
  outreachEnrollmentSteps,
  outreachEnrollments,
  outreachSteps,
  outreachStepVariants,
} from './outreach.tables.ts';

export type EventRow = typeof outreachEvents.$inferSelect;
export type ReplyRow = typeof outreachReplies.$inferSelect;
export type TrackingRow = typeof outreachTrackingSettings.$inferSelect;

/** What inbound handling and tracking need of a sent message. */
export interface OutboxRef {
  id: string;
  workspaceId: string;
  enrollmentStepId: string;
  enrollmentId: string;
  candidateId: string;
  messageId: string;
  channel: string;
  recipient: string;
  status: string;
  sentAt: Date | null;
}

const refColumns = {
  id: outreachOutbox.id,
  workspaceId: outreachOutbox.workspaceId,
  enrollmentStepId: outreachOutbox.enrollmentStepId,
  enrollmentId: outreachOutbox.enrollmentId,
  candidateId: outreachOutbox.candidateId,
  messageId: outreachOutbox.messageId,
  channel: outreachOutbox.channel,
  recipient: outreachOutbox.recipient,
  status: outreachOutbox.status,
  sentAt: outreachOutbox.sentAt,
};

/**
 * Sent messages by Message-ID, in the workspace (or, for the SMTP listener, which has no caller to take a
 * workspace from, in any: message ids are unique across the installation).
 */
export async function outboxByMessageIds(
  db: Executor,
  ws: string | null,
  ids: readonly string[],
): Promise<OutboxRef[]> {
  if (ids.length === 0) return [];
  const cond = inArray(outreachOutbox.messageId, [...ids]);
  return db
    .select(refColumns)
    .from(outreachOutbox)
    .where(ws ? and(eq(outreachOutbox.workspaceId, ws), cond) : cond);
}

export async function outboxRef(db: Executor, ws: string, id: string): Promise<OutboxRef | undefined> {
  const [row] = await db
    .select(refColumns)
    .from(outreachOutbox)
    .where(and(eq(outreachOutbox.workspaceId, ws), eq(outreachOutbox.id, id)));
  return row;
}

/** The sequence, step and variant of an enrollment step (copied onto events for metrics). */
export async function stepContext(db: Executor, ws: string, enrollmentStepId: string) {
  const [row] = await db
    .select({
      enrollmentId: outreachEnrollmentSteps.enrollmentId,
      candidateId: outreachEnrollments.candidateId,
      sequenceId: outreachEnrollments.sequenceId,
      stepId: outreachEnrollmentSteps.stepId,
      variant: outreachEnrollmentSteps.variant,
    })
    .from(outreachEnrollmentSteps)
    .innerJoin(outreachEnrollments, eq(outreachEnrollments.id, outreachEnrollmentSteps.enrollmentId))
    .where(
      and(eq(outreachEnrollmentSteps.workspaceId, ws), eq(outreachEnrollmentSteps.id, enrollmentStepId)),
    );
  return row;
}

/** Insert an event; false when its dedupe key was already recorded (the same fact delivered again). */
export async function insertEvent(db: Executor, row: EventRow): Promise<boolean> {
  const got = await db
    .insert(outreachEvents)
    .values(row)
    .onConflictDoNothing({ target: [outreachEvents.workspaceId, outreachEvents.dedupeKey] })
    .returning({ id: outreachEvents.id });
  return got.length > 0;
}

export async function hasEvent(db: Executor, ws: string, dedupeKey: string): Promise<boolean> {
  const [row] = await db
    .select({ id: outreachEvents.id })
    .from(outreachEvents)
    .where(and(eq(outreachEvents.workspaceId, ws), eq(outreachEvents.dedupeKey, dedupeKey)));
  return !!row;
}

export async function eventsOfCandidate(db: Executor, ws: string, candidateId: string, limit = 200) {
  return db
    .select()
    .from(outreachEvents)
    .where(and(eq(outreachEvents.workspaceId, ws), eq(outreachEvents.candidateId, candidateId)))
    .orderBy(desc(outreachEvents.at), desc(outreachEvents.id))
    .limit(limit);
}

// ---- replies

export async function insertReply(db: Executor, row: ReplyRow) {
  await db.insert(outreachReplies).values(row);
}

export async function getReply(db: Executor, ws: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(outreachReplies)
    .where(and(eq(outreachReplies.workspaceId, ws), eq(outreachReplies.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function updateReply(db: Executor, ws: string, id: string, set: Partial<ReplyRow>) {
  await db
    .update(outreachReplies)
    .set(set)
    .where(and(eq(outreachReplies.workspaceId, ws), eq(outreachReplies.id, id)));
}

/** Newest first, keyset on id (UUIDv7 follows creation). */
export async function listReplies(
  db: Executor,
  ws: string,
  q: {
    sequenceId?: string | undefined;
    candidateId?: string | undefined;
    unclassified?: boolean | undefined;
    before?: string | undefined;
    limit: number;
  },
) {
  const conds = [eq(outreachReplies.workspaceId, ws)];
  if (q.sequenceId) conds.push(eq(outreachReplies.sequenceId, q.sequenceId));
  if (q.candidateId) conds.push(eq(outreachReplies.candidateId, q.candidateId));
  if (q.unclassified) conds.push(isNull(outreachReplies.classification));
  if (q.before) conds.push(lt(outreachReplies.id, q.before));
  return db
    .select()
    .from(outreachReplies)
    .where(and(...conds))
    .orderBy(desc(outreachReplies.id))
    .limit(q.limit);
}

// ---- tracking settings

export async function trackingSettings(
  db: Executor,
  ws: string,
): Promise<{ opens: boolean; clicks: boolean }> {
  const [row] = await db
    .select()
    .from(outreachTrackingSettings)
    .where(eq(outreachTrackingSettings.workspaceId, ws));
  return row ? { opens: row.opens, clicks: row.clicks } : { opens: true, clicks: true };
}

export async function saveTrackingSettings(db: Executor, row: TrackingRow) {
  await db
    .insert(outreachTrackingSettings)
    .values(row)
    .onConflictDoUpdate({
      target: outreachTrackingSettings.workspaceId,
      set: { opens: row.opens, clicks: row.clicks, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
    });
}

// ---- metrics

export interface CountRow {
  step_id: string | null;
  variant: string | null;
  level: number;
  [k: string]: unknown;
}

/**
 * Per (step, variant), per step and for the whole sequence (GROUPING SETS; `level` 0 = variant, 1 = step,
 * 3 = sequence): assigned enrollment steps, sent and blocked ones.
 */
export async function stepCounts(db: Executor, ws: string, sequenceId: string) {
  return queryRows<CountRow & { assigned: number; sent: number; blocked: number }>(
    db,
    sql`select es.step_id, es.variant, grouping(es.step_id, es.variant)::int as level,
          count(*)::int as assigned,
          count(*) filter (where es.status = 'sent')::int as sent,
          count(*) filter (where es.status = 'blocked')::int as blocked
        from outreach_enrollment_steps es
        join outreach_enrollments e on e.id = es.enrollment_id
        where e.workspace_id = ${ws} and e.sequence_id = ${sequenceId}
        group by grouping sets ((es.step_id, es.variant), (es.step_id), ())`,
  );
}

export async function enrolledCount(db: Executor, ws: string, sequenceId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from outreach_enrollments where workspace_id = ${ws} and sequence_id = ${sequenceId}`,
  );
  return row?.n ?? 0;
}

/**
 * Engagement per level, counting enrollments (a candidate who opens a message five times counts once), and
 * the median time to the first reply to each message.
 */
export async function eventCounts(db: Executor, ws: string, sequenceId: string) {
  return queryRows<
    CountRow & {
      opened: number;
      clicked: number;
      replied: number;
      bounced: number;
      unsubscribed: number;
      median_response: number | null;
    }
  >(
    db,
    sql`with ev as (
          select step_id, variant, enrollment_id, kind, detail, response_seconds
          from outreach_events
          where workspace_id = ${ws} and sequence_id = ${sequenceId}
            and kind in ('opened', 'clicked', 'replied', 'bounced', 'unsubscribed')
        ), first_reply as (
          select step_id, variant, enrollment_id, min(response_seconds) as s
          from ev where kind = 'replied' group by step_id, variant, enrollment_id
        ), counts as (
          select step_id, variant, grouping(step_id, variant)::int as level,
            count(distinct enrollment_id) filter (where kind = 'opened')::int as opened,
            count(distinct enrollment_id) filter (where kind = 'clicked')::int as clicked,
            count(distinct enrollment_id) filter (where kind = 'replied')::int as replied,
            count(distinct enrollment_id) filter (
              where kind = 'bounced' and (detail->>'permanent') = 'true')::int as bounced,
            count(distinct enrollment_id) filter (where kind = 'unsubscribed')::int as unsubscribed
          from ev group by grouping sets ((step_id, variant), (step_id), ())
        ), medians as (
          select step_id, variant, grouping(step_id, variant)::int as level,
            percentile_cont(0.5) within group (order by s) as median_response
          from first_reply group by grouping sets ((step_id, variant), (step_id), ())
        )
        select c.*, m.median_response::float8 as median_response
        from counts c left join medians m
          on m.level = c.level and m.step_id is not distinct from c.step_id
          and m.variant is not distinct from c.variant`,
  );
}

/** Replies classified as interested, per level (enrollments). */
export async function interestedCounts(db: Executor, ws: string, sequenceId: string) {
  return queryRows<CountRow & { interested: number }>(
    db,
    sql`select step_id, variant, grouping(step_id, variant)::int as level,
          count(distinct enrollment_id)::int as interested
        from outreach_replies
        where workspace_id = ${ws} and sequence_id = ${sequenceId} and classification = 'interested'
        group by grouping sets ((step_id, variant), (step_id), ())`,
  );
}

/** Every step of a sequence, removed ones too (their sends still count), with their variants. */
export async function sequenceSteps(db: Executor, ws: string, sequenceId: string) {
  const steps = await db
    .select()
    .from(outreachSteps)
    .where(and(eq(outreachSteps.workspaceId, ws), eq(outreachSteps.sequenceId, sequenceId)))
    .orderBy(asc(outreachSteps.position), asc(outreachSteps.createdAt));
  const variants = steps.length
    ? await db
        .select()
        .from(outreachStepVariants)
        .where(
          and(
            eq(outreachStepVariants.workspaceId, ws),
            inArray(
              outreachStepVariants.stepId,
              steps.map((s) => s.id),
            ),
          ),
        )
        .orderBy(asc(outreachStepVariants.label))
    : [];
  return steps.map((s) => ({ ...s, variants: variants.filter((v) => v.stepId === s.id) }));
}
