import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { insertMany } from '../../platform/db/bulk.ts';
import type { Executor } from '../../platform/db/client.ts';
import { queryRows, together } from '../../platform/db/client.ts';
import {
  outreachDelegations,
  outreachEnrollmentSteps,
  outreachEnrollments,
  outreachHolidays,
  outreachSenders,
  outreachSequences,
  outreachSteps,
  outreachStepVariants,
  outreachTemplates,
} from './outreach.tables.ts';

export type TemplateRow = typeof outreachTemplates.$inferSelect;
export type SequenceRow = typeof outreachSequences.$inferSelect;
export type StepRow = typeof outreachSteps.$inferSelect;
export type VariantRow = typeof outreachStepVariants.$inferSelect;
export type EnrollmentRow = typeof outreachEnrollments.$inferSelect;
export type EnrollmentStepRow = typeof outreachEnrollmentSteps.$inferSelect;

/** Rows per multi-row statement (PostgreSQL allows 65,535 parameters; the widest row here has 15). */
const CHUNK = 2000;
function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// ---- templates

export async function insertTemplate(db: Executor, row: TemplateRow) {
  await db.insert(outreachTemplates).values(row);
}

export async function getTemplate(db: Executor, ws: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(outreachTemplates)
    .where(and(eq(outreachTemplates.workspaceId, ws), eq(outreachTemplates.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function templatesByIds(db: Executor, ws: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(outreachTemplates)
    .where(and(eq(outreachTemplates.workspaceId, ws), inArray(outreachTemplates.id, [...ids])));
}

/** Templates a user may see: the shared library and their own. */
export async function listTemplates(
  db: Executor,
  ws: string,
  userId: string | null,
  opts: { kind?: string; includeArchived: boolean; all: boolean },
) {
  const conds = [eq(outreachTemplates.workspaceId, ws)];
  if (!opts.all)
    conds.push(
      userId
        ? (or(eq(outreachTemplates.shared, true), eq(outreachTemplates.ownerId, userId)) as ReturnType<
            typeof eq
          >)
        : eq(outreachTemplates.shared, true),
    );
  if (opts.kind) conds.push(eq(outreachTemplates.kind, opts.kind));
  if (!opts.includeArchived) conds.push(isNull(outreachTemplates.archivedAt));
  return db
    .select()
    .from(outreachTemplates)
    .where(and(...conds))
    .orderBy(asc(outreachTemplates.name), asc(outreachTemplates.id))
    .limit(1000);
}

export async function updateTemplate(db: Executor, ws: string, id: string, set: Partial<TemplateRow>) {
  await db
    .update(outreachTemplates)
    .set(set)
    .where(and(eq(outreachTemplates.workspaceId, ws), eq(outreachTemplates.id, id)));
}

/** For each template, the sequences whose current steps use it. */
export async function usedBy(db: Executor, ws: string, templateIds: readonly string[]) {
  const out = new Map<string, { id: string; name: string; status: string }[]>();
  if (templateIds.length === 0) return out;
  const rows = await db
    .selectDistinct({
      templateId: outreachStepVariants.templateId,
      id: outreachSequences.id,
      name: outreachSequences.name,
      status: outreachSequences.status,
    })
    .from(outreachStepVariants)
    .innerJoin(outreachSteps, eq(outreachSteps.id, outreachStepVariants.stepId))
    .innerJoin(outreachSequences, eq(outreachSequences.id, outreachSteps.sequenceId))
    .where(
      and(
        eq(outreachStepVariants.workspaceId, ws),
        inArray(outreachStepVariants.templateId, [...templateIds]),
        isNull(outreachSteps.removedAt),
      ),
    )
    .orderBy(asc(outreachSequences.name));
  for (const r of rows) {
    const list = out.get(r.templateId) ?? [];
    list.push({ id: r.id, name: r.name, status: r.status });
    out.set(r.templateId, list);
  }
  return out;
}

// ---- sequences

export async function insertSequence(db: Executor, row: SequenceRow) {
  await db.insert(outreachSequences).values(row);
}

export async function getSequence(db: Executor, ws: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(outreachSequences)
    .where(and(eq(outreachSequences.workspaceId, ws), eq(outreachSequences.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function sequencesByIds(db: Executor, ws: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(outreachSequences)
    .where(and(eq(outreachSequences.workspaceId, ws), inArray(outreachSequences.id, [...ids])));
}

export async function listSequences(db: Executor, ws: string) {
  return db
    .select()
    .from(outreachSequences)
    .where(eq(outreachSequences.workspaceId, ws))
    .orderBy(asc(outreachSequences.name), asc(outreachSequences.id))
    .limit(1000);
}

export async function updateSequence(db: Executor, ws: string, id: string, set: Partial<SequenceRow>) {
  await db
    .update(outreachSequences)
    .set(set)
    .where(and(eq(outreachSequences.workspaceId, ws), eq(outreachSequences.id, id)));
}

/** Current (not removed) steps of sequences, in order, with their variants. */
export async function stepsOf(db: Executor, ws: string, sequenceIds: readonly string[]) {
  if (sequenceIds.length === 0) return [];
  const live = and(
    eq(outreachSteps.workspaceId, ws),
    inArray(outreachSteps.sequenceId, [...sequenceIds]),
    isNull(outreachSteps.removedAt),
  );
  const [steps, variants] = await together(
    db,
    () =>
      db
        .select()
        .from(outreachSteps)
        .where(live)
        .orderBy(asc(outreachSteps.sequenceId), asc(outreachSteps.position)),
    () =>
      db
        .select({
          stepId: outreachStepVariants.stepId,
          label: outreachStepVariants.label,
          templateId: outreachStepVariants.templateId,
          templateName: outreachTemplates.name,
        })
        .from(outreachStepVariants)
        .innerJoin(outreachSteps, eq(outreachSteps.id, outreachStepVariants.stepId))
        .innerJoin(outreachTemplates, eq(outreachTemplates.id, outreachStepVariants.templateId))
        .where(live)
        .orderBy(asc(outreachStepVariants.label)),
  );
  const byStep = new Map<string, (typeof variants)[number][]>();
  for (const v of variants) byStep.set(v.stepId, [...(byStep.get(v.stepId) ?? []), v]);
  return steps.map((s) => ({ ...s, variants: byStep.get(s.id) ?? [] }));
}
export type StepWithVariants = Awaited<ReturnType<typeof stepsOf>>[number];

export async function insertSteps(db: Executor, rows: StepRow[]) {
  if (rows.length) await db.insert(outreachSteps).values(rows);
}

export async function updateStep(db: Executor, ws: string, id: string, set: Partial<StepRow>) {
  await db
    .update(outreachSteps)
    .set(set)
    .where(and(eq(outreachSteps.workspaceId, ws), eq(outreachSteps.id, id)));
}

export async function replaceVariants(db: Executor, ws: string, stepIds: string[], rows: VariantRow[]) {
  if (stepIds.length)
    await db
      .delete(outreachStepVariants)
      .where(and(eq(outreachStepVariants.workspaceId, ws), inArray(outreachStepVariants.stepId, stepIds)));
  if (rows.length) await db.insert(outreachStepVariants).values(rows);
}

export async function countLive(db: Executor, ws: string, sequenceIds: readonly string[]) {
  const out = new Map<string, number>();
  if (sequenceIds.length === 0) return out;
  const rows = await db
    .select({ id: outreachEnrollments.sequenceId, n: sql<number>`count(*)::int` })
    .from(outreachEnrollments)
    .where(
      and(
        eq(outreachEnrollments.workspaceId, ws),
        inArray(outreachEnrollments.sequenceId, [...sequenceIds]),
        inArray(outreachEnrollments.status, ['active', 'paused']),
      ),
    )
    .groupBy(outreachEnrollments.sequenceId);
  for (const r of rows) out.set(r.id, Number(r.n));
  return out;
}

// ---- calendar and senders

export async function holidays(db: Executor, ws: string) {
  return db
    .select({ date: outreachHolidays.day, name: outreachHolidays.name })
    .from(outreachHolidays)
    .where(eq(outreachHolidays.workspaceId, ws))
    .orderBy(asc(outreachHolidays.day));
}

export async function replaceHolidays(db: Executor, ws: string, days: { date: string; name: string }[]) {
  await db.delete(outreachHolidays).where(eq(outreachHolidays.workspaceId, ws));
  if (days.length)
    await db
      .insert(outreachHolidays)
      .values(days.map((d) => ({ workspaceId: ws, day: d.date, name: d.name })));
}

export async function senderTitles(db: Executor, ws: string, userIds: readonly string[]) {
  if (userIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select()
    .from(outreachSenders)
    .where(and(eq(outreachSenders.workspaceId, ws), inArray(outreachSenders.userId, [...userIds])));
  return new Map(rows.map((r) => [r.userId, r.title]));
}

export async function upsertSender(db: Executor, ws: string, userId: string, title: string, now: Date) {
  await db
    .insert(outreachSenders)
    .values({ workspaceId: ws, userId, title, updatedAt: now })
    .onConflictDoUpdate({
      target: [outreachSenders.workspaceId, outreachSenders.userId],
      set: { title, updatedAt: now },
    });
}

/** Delegations touching a user: whom they allow, and who allows them. */
export async function delegationsOf(db: Executor, ws: string, userId: string) {
  return db
    .select()
    .from(outreachDelegations)
    .where(
      and(
        eq(outreachDelegations.workspaceId, ws),
        or(eq(outreachDelegations.senderId, userId), eq(outreachDelegations.delegateId, userId)),
      ),
    );
}

export async function replaceDelegates(
  db: Executor,
  ws: string,
  senderId: string,
  delegates: string[],
  now: Date,
) {
  await db
    .delete(outreachDelegations)
    .where(and(eq(outreachDelegations.workspaceId, ws), eq(outreachDelegations.senderId, senderId)));
  if (delegates.length)
    await db
      .insert(outreachDelegations)
      .values(delegates.map((delegateId) => ({ workspaceId: ws, senderId, delegateId, createdAt: now })));
}

export async function isDelegate(db: Executor, ws: string, senderId: string, delegateId: string) {
  const rows = await db
    .select({ s: outreachDelegations.senderId })
    .from(outreachDelegations)
    .where(
      and(
        eq(outreachDelegations.workspaceId, ws),
        eq(outreachDelegations.senderId, senderId),
        eq(outreachDelegations.delegateId, delegateId),
      ),
    );
  return rows.length > 0;
}

// ---- enrollments

export async function liveCandidates(db: Executor, ws: string, sequenceId: string, candidateIds: string[]) {
  if (candidateIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: outreachEnrollments.candidateId })
    .from(outreachEnrollments)
    .where(
      and(
        eq(outreachEnrollments.workspaceId, ws),
        eq(outreachEnrollments.sequenceId, sequenceId),
        inArray(outreachEnrollments.candidateId, candidateIds),
        inArray(outreachEnrollments.status, ['active', 'paused']),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Insert enrollments; a pair already live (a concurrent enroll) is skipped. Returns the ids inserted. */
export async function insertEnrollments(db: Executor, rows: EnrollmentRow[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const part of chunks(rows)) {
    const res = await db
      .insert(outreachEnrollments)
      .values(part)
      .onConflictDoNothing()
      .returning({ id: outreachEnrollments.id });
    for (const r of res) ids.add(r.id);
  }
  return ids;
}

/** New schedule rows, as one JSON parameter per 2,000 (`insertMany`: building a multi-row statement cost more). */
export async function insertEnrollmentSteps(db: Executor, rows: EnrollmentStepRow[]) {
  await insertMany(db, outreachEnrollmentSteps, rows);
}

/**
 * Write a re-plan: rows still `planned` take the new values, rows for new steps appear; frozen rows (handed
 * to the outbox or done) are never touched.
 */
export async function upsertPlanned(db: Executor, rows: EnrollmentStepRow[]) {
  for (const part of chunks(rows))
    await db
      .insert(outreachEnrollmentSteps)
      .values(part)
      .onConflictDoUpdate({
        target: [outreachEnrollmentSteps.enrollmentId, outreachEnrollmentSteps.stepId],
        set: {
          position: sql`excluded.position`,
          kind: sql`excluded.kind`,
          variant: sql`excluded.variant`,
          templateId: sql`excluded.template_id`,
          plannedAt: sql`excluded.planned_at`,
          status: sql`excluded.status`,
          statusReason: sql`excluded.status_reason`,
          updatedAt: sql`excluded.updated_at`,
        },
        setWhere: sql`${outreachEnrollmentSteps.status} = 'planned'`,
      });
}

/** Cancel the planned rows of enrollments (all, or those of steps not in `keepStepIds`). */
export async function cancelPlanned(
  db: Executor,
  ws: string,
  enrollmentIds: string[],
  reason: string,
  now: Date,
  keepStepIds?: string[],
) {
  if (enrollmentIds.length === 0) return;
  const conds = [
    eq(outreachEnrollmentSteps.workspaceId, ws),
    inArray(outreachEnrollmentSteps.enrollmentId, enrollmentIds),
    eq(outreachEnrollmentSteps.status, 'planned'),
  ];
  if (keepStepIds?.length)
    conds.push(sql`${outreachEnrollmentSteps.stepId} <> all(${`{${keepStepIds.join(',')}}`}::uuid[])`);
  await db
    .update(outreachEnrollmentSteps)
    .set({ status: 'cancelled', statusReason: reason, updatedAt: now })
    .where(and(...conds));
}

export async function getEnrollment(db: Executor, ws: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(outreachEnrollments)
    .where(and(eq(outreachEnrollments.workspaceId, ws), eq(outreachEnrollments.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

/** The step rows of some enrollments of the workspace, by enrollment and position. */
function stepRowsOf(db: Executor, ws: string, enrollments: SQL) {
  return db
    .select()
    .from(outreachEnrollmentSteps)
    .where(and(eq(outreachEnrollmentSteps.workspaceId, ws), enrollments))
    .orderBy(asc(outreachEnrollmentSteps.enrollmentId), asc(outreachEnrollmentSteps.position));
}

export async function enrollmentSteps(db: Executor, ws: string, enrollmentIds: readonly string[]) {
  if (enrollmentIds.length === 0) return [];
  return stepRowsOf(db, ws, inArray(outreachEnrollmentSteps.enrollmentId, [...enrollmentIds]));
}

/** Every step row of the enrollments that the given step rows belong to. */
export async function stepsOfSameEnrollments(db: Executor, ws: string, stepIds: readonly string[]) {
  if (stepIds.length === 0) return [];
  return stepRowsOf(
    db,
    ws,
    sql`${outreachEnrollmentSteps.enrollmentId} in (
      select x.enrollment_id from outreach_enrollment_steps x
      where x.workspace_id = ${ws} and x.id = any(${pgArray(stepIds)}::uuid[]))`,
  );
}

export async function enrollmentsByIds(db: Executor, ws: string, ids: readonly string[], forUpdate = false) {
  if (ids.length === 0) return [];
  const q = db
    .select()
    .from(outreachEnrollments)
    .where(and(eq(outreachEnrollments.workspaceId, ws), inArray(outreachEnrollments.id, [...ids])))
    .orderBy(asc(outreachEnrollments.id));
  return forUpdate ? q.for('update') : q;
}

export async function listEnrollments(
  db: Executor,
  ws: string,
  q: { sequenceId?: string; candidateId?: string; status?: string; before?: string; limit: number },
) {
  const conds = [eq(outreachEnrollments.workspaceId, ws)];
  if (q.sequenceId) conds.push(eq(outreachEnrollments.sequenceId, q.sequenceId));
  if (q.candidateId) conds.push(eq(outreachEnrollments.candidateId, q.candidateId));
  if (q.status) conds.push(eq(outreachEnrollments.status, q.status));
  if (q.before) conds.push(lt(outreachEnrollments.id, q.before));
  return db
    .select()
    .from(outreachEnrollments)
    .where(and(...conds))
    .orderBy(desc(outreachEnrollments.id))
    .limit(q.limit);
}

export async function updateEnrollment(db: Executor, ws: string, id: string, set: Partial<EnrollmentRow>) {
  await db
    .update(outreachEnrollments)
    .set(set)
    .where(and(eq(outreachEnrollments.workspaceId, ws), eq(outreachEnrollments.id, id)));
}

/** Live enrollments of a candidate with their sequence's stopping statuses (for auto-stop). */
export async function liveOfCandidate(db: Executor, ws: string, candidateId: string) {
  return queryRows<{ id: string; stopStatuses: string[] }>(
    db,
    sql`select e.id, s.stop_statuses as "stopStatuses"
        from outreach_enrollments e join outreach_sequences s on s.id = e.sequence_id
        where e.workspace_id = ${ws} and e.candidate_id = ${candidateId} and e.status in ('active', 'paused')`,
  );
}

/** Live enrollments of a sequence after `afterId`, in id order (chunked re-plans). */
export async function liveOfSequence(
  db: Executor,
  ws: string,
  sequenceId: string,
  afterId: string | null,
  limit: number,
) {
  const conds = [
    eq(outreachEnrollments.workspaceId, ws),
    eq(outreachEnrollments.sequenceId, sequenceId),
    inArray(outreachEnrollments.status, ['active', 'paused']),
  ];
  if (afterId) conds.push(sql`${outreachEnrollments.id} > ${afterId}`);
  return db
    .select()
    .from(outreachEnrollments)
    .where(and(...conds))
    .orderBy(asc(outreachEnrollments.id))
    .limit(limit);
}

/** Sequences with live enrollments in a workspace (a holiday change re-plans them). */
export async function sequencesWithLive(db: Executor, ws: string) {
  const rows = await db
    .selectDistinct({ id: outreachEnrollments.sequenceId })
    .from(outreachEnrollments)
    .where(
      and(eq(outreachEnrollments.workspaceId, ws), inArray(outreachEnrollments.status, ['active', 'paused'])),
    );
  return rows.map((r) => r.id);
}

export async function stepRowsByIds(db: Executor, ws: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(outreachEnrollmentSteps)
    .where(and(eq(outreachEnrollmentSteps.workspaceId, ws), inArray(outreachEnrollmentSteps.id, [...ids])));
}

export async function updateEnrollmentStep(
  db: Executor,
  ws: string,
  id: string,
  set: Partial<EnrollmentStepRow>,
) {
  await db
    .update(outreachEnrollmentSteps)
    .set(set)
    .where(and(eq(outreachEnrollmentSteps.workspaceId, ws), eq(outreachEnrollmentSteps.id, id)));
}

/** Steps leave the plan (sent, done, skipped, blocked): one statement for many. */
export async function finishSteps(
  db: Executor,
  ws: string,
  rows: readonly { id: string; status: string; reason: string | null; at: Date }[],
  now: Date,
) {
  if (rows.length === 0) return;
  // `= any(ids)`: through the primary key whatever the planner's statistics.
  const ids = pgArray(rows.map((r) => r.id));
  await db.execute(sql`update outreach_enrollment_steps s
    set status = v.status, status_reason = v.reason, done_at = v.at, updated_at = ${now.toISOString()}
    from unnest(${ids}::uuid[], ${pgArray(rows.map((r) => r.status))}::text[],
                ${pgArray(rows.map((r) => r.reason))}::text[], ${pgArray(rows.map((r) => r.at.toISOString()))}::timestamptz[])
         as v(id, status, reason, at)
    where s.id = v.id and s.id = any(${ids}::uuid[]) and s.workspace_id = ${ws}`);
}

/** A PostgreSQL array literal of text values (NULLs kept). */
export function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}
