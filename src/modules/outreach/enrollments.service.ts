import { requirePermission } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { enqueue, inTransaction } from '../../platform/context.ts';
import { together } from '../../platform/db/client.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.ts';
import { recordAudit } from '../audit/index.ts';
import {
  appendActivities,
  type CandidateRow,
  type CandidateWritten,
  type ContactDecision,
  candidateRows,
  idsMatching,
  mayContactMany,
} from '../candidates/index.ts';
import * as drepo from './delivery.repository.ts';
import { handoffTask } from './delivery.tasks.ts';
import {
  ENROLL_MAX,
  type Enrollment,
  type EnrollmentListQuery,
  type EnrollPreview,
  type EnrollRequest,
  type EnrollResult,
  type Selection,
  type SkipReason,
  type StepKind,
  type StopReason,
} from './outreach.contract.ts';
import * as repo from './outreach.repository.ts';
import { REPLAN_CHUNK, replanTask } from './outreach.tasks.ts';
import { resolveSender } from './personalise.ts';
import {
  calendarOf,
  channelOf,
  type Definition,
  loadDefinition,
  loadDefinitions,
  newEnrollment,
  type PlanEnv,
  planEnv,
  planSteps,
  replanEnrollments,
  zoneFor,
} from './planning.ts';
import { localTime } from './schedule.ts';

// ---- selection and eligibility

/** The candidate ids a selection names, de-duplicated, at most ENROLL_MAX (more is a 400 naming the count). */
async function selectionIds(ctx: Ctx, sel: Selection, max = ENROLL_MAX): Promise<string[]> {
  requirePermission(ctx.actor, 'candidates:read');
  if ('candidateIds' in sel) return [...new Set(sel.candidateIds)];
  const criteria =
    'criteria' in sel ? sel.criteria : 'poolId' in sel ? { pool: sel.poolId } : { segment: sel.segmentId };
  return idsMatching(ctx, criteria, max);
}

interface Verdict {
  reason: SkipReason;
  message: string;
}

function stopsOn(seq: repo.SequenceRow, status: string): boolean {
  return status === 'hired' || seq.stopStatuses.includes(status);
}

/**
 * Why a candidate cannot be enrolled, or null. `contact` is candidates' contact decision for the first step's
 * channel (from `mayContactMany`; undefined when that step uses no channel).
 */
function verdict(
  def: Definition,
  row: CandidateRow | undefined,
  live: ReadonlySet<string>,
  id: string,
  contact: ContactDecision | undefined,
): Verdict | null {
  if (!row) return { reason: 'not_found', message: 'No such candidate in this workspace' };
  if (row.archivedAt) return { reason: 'archived', message: 'The candidate is archived' };
  if (row.status === 'do_not_contact')
    return { reason: 'do_not_contact', message: 'The candidate is marked do not contact' };
  if (stopsOn(def.sequence, row.status))
    return {
      reason: 'stopping_status',
      message: `The candidate's status (${row.status}) stops this sequence`,
    };
  if (live.has(id)) return { reason: 'already_enrolled', message: 'Already enrolled in this sequence' };
  if (!channelOf(def.steps[0]!.kind as StepKind)) return null;
  // The row was read a moment ago; a candidate gone in between has no decision: not found.
  if (!contact) return { reason: 'not_found', message: 'No such candidate in this workspace' };
  if (contact.allowed) return null;
  if (contact.reason === 'do_not_contact') return { reason: 'do_not_contact', message: contact.message };
  if (contact.reason === 'no_address') return { reason: 'no_address', message: contact.message };
  return { reason: 'no_consent', message: contact.message };
}

/**
 * Verdicts for many candidates: one batched contact decision (`mayContactMany`: policy, candidates and
 * ledgers in three queries per 1,000), then the pure verdict per candidate.
 */
async function verdicts(
  ctx: Ctx,
  def: Definition,
  ids: readonly string[],
  byId: ReadonlyMap<string, CandidateRow>,
  live: ReadonlySet<string>,
): Promise<Map<string, Verdict | null>> {
  const channel = channelOf(def.steps[0]!.kind as StepKind);
  const ask = ids.filter((id) => byId.has(id));
  const decisions =
    channel && ask.length ? await mayContactMany(ctx, ask, channel) : new Map<string, ContactDecision>();
  const out = new Map<string, Verdict | null>();
  for (const id of ids) out.set(id, verdict(def, byId.get(id), live, id, decisions.get(id)));
  return out;
}

async function activeDefinition(ctx: Ctx, sequenceId: string): Promise<Definition> {
  const def = await loadDefinition(ctx, sequenceId);
  if (!def) throw notFound('sequence');
  if (def.sequence.status !== 'active')
    throw conflict('sequence_not_active', `The sequence is ${def.sequence.status}; activate it to enroll`);
  return def;
}

/** What enroll and its preview share: the sender, the candidates, the calendar and each one's verdict. */
async function prepare(
  ctx: Ctx,
  def: Definition,
  input: { selection: Selection; senderId?: string | undefined },
  limit = ENROLL_MAX,
) {
  const ws = ctx.actor.workspaceId;
  const sender = await resolveSender(
    ctx,
    input.senderId ?? def.sequence.senderId,
    input.senderId ? 'senderId' : 'sequence.senderId',
  );
  const ids = (await selectionIds(ctx, input.selection)).slice(0, limit);
  const [rows, live, env] = await Promise.all([
    candidateRows(ctx.db, ws, ids),
    repo.liveCandidates(ctx.db, ws, def.sequence.id, ids),
    planEnv(ctx),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { sender, ids, byId, env, checked: await verdicts(ctx, def, ids, byId, live) };
}

// ---- enroll

/**
 * Enroll candidates (ids, a search, a pool or a segment; at most ENROLL_MAX per call). Each gets a result:
 * enrolled, or skipped and why. Enrolled ones have their whole schedule planned now, in their own zone.
 */
export async function enroll(ctx: Ctx, sequenceId: string, input: EnrollRequest): Promise<EnrollResult> {
  const ws = ctx.actor.workspaceId;
  const def = await activeDefinition(ctx, sequenceId);
  const { sender, ids, byId, env, checked } = await prepare(ctx, def, input);
  const now = ctx.clock.now();
  const results: EnrollResult['results'] = [];
  const enrollments: repo.EnrollmentRow[] = [];
  const steps: repo.EnrollmentStepRow[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    const v = checked.get(id) ?? null;
    if (v || !row) {
      results.push({
        candidateId: id,
        outcome: 'skipped',
        enrollmentId: null,
        reason: v?.reason ?? 'not_found',
        message: v?.message ?? null,
      });
      continue;
    }
    const { zone } = zoneFor(row.timeZone, env);
    const { enrollment: e, steps: planned } = newEnrollment(def, env, {
      workspaceId: ws,
      candidateId: id,
      senderId: sender.id,
      enrolledBy: ctx.actor.userId,
      zone,
      now,
    });
    enrollments.push(e);
    steps.push(...planned);
    results.push({ candidateId: id, outcome: 'enrolled', enrollmentId: e.id, reason: null, message: null });
  }
  return inTransaction(ctx, async (tx) => {
    const inserted = await repo.insertEnrollments(tx.db, enrollments);
    await repo.insertEnrollmentSteps(
      tx.db,
      steps.filter((s) => inserted.has(s.enrollmentId)),
    );
    // A concurrent call may have enrolled some of them in between: say so.
    for (const r of results)
      if (r.outcome === 'enrolled' && !inserted.has(r.enrollmentId!))
        Object.assign(r, {
          outcome: 'skipped',
          enrollmentId: null,
          reason: 'already_enrolled',
          message: 'Already enrolled in this sequence',
        });
    const done = enrollments.filter((e) => inserted.has(e.id));
    // A first step due now goes out without waiting for the every-minute run (one waiting job at most).
    await wakeHandoff(
      tx,
      steps.filter((s) => inserted.has(s.enrollmentId)),
    );
    await appendActivities(
      tx,
      done.map((e) => ({
        candidateId: e.candidateId,
        kind: 'outreach.enrolled',
        source: 'outreach',
        summary: `Enrolled in sequence ${def.sequence.name} (sender ${sender.name})`.slice(0, 300),
        data: { enrollmentId: e.id, sequenceId, senderId: sender.id },
      })),
    );
    if (done.length)
      await recordAudit(tx, {
        action: 'outreach.enrolled',
        entityType: 'outreach_sequence',
        entityId: sequenceId,
        after: {
          senderId: sender.id,
          enrollments: done.map((e) => ({ id: e.id, candidateId: e.candidateId })),
        },
      });
    const enrolled = results.filter((r) => r.outcome === 'enrolled').length;
    return { enrolled, skipped: results.length - enrolled, results };
  });
}

/**
 * Enqueue the hand-off (in the caller's transaction, so it runs once this commits) when one of these steps
 * is planned and due now; the task's singleton key collapses a burst into one waiting job. The hand-off
 * wakes the dispatcher when it wrote outbox rows.
 */
async function wakeHandoff(
  tx: Ctx,
  steps: readonly Pick<repo.EnrollmentStepRow, 'status' | 'plannedAt'>[],
): Promise<void> {
  const now = tx.clock.now().getTime();
  if (steps.some((s) => s.status === 'planned' && s.plannedAt && s.plannedAt.getTime() <= now))
    await enqueue(tx, handoffTask, {});
}

/** The enroll dialog's preview: per candidate, eligible or why not, and the planned sends in local time. */
export async function previewEnrollment(
  ctx: Ctx,
  sequenceId: string,
  input: { selection: Selection; senderId?: string | undefined; limit: number },
): Promise<EnrollPreview> {
  const def = await loadDefinition(ctx, sequenceId);
  if (!def) throw notFound('sequence');
  const { ids, byId, env, checked } = await prepare(ctx, def, input, input.limit);
  const now = ctx.clock.now();
  const items: EnrollPreview['items'] = [];
  for (const id of ids) {
    const row = byId.get(id);
    const v = checked.get(id) ?? null;
    const tz = row ? zoneFor(row.timeZone, env) : null;
    const planned = tz ? planSteps(def.steps, now, calendarOf(def.sequence, tz.zone, env)) : [];
    items.push({
      candidateId: id,
      name: row ? `${row.firstName} ${row.lastName}`.trim() : null,
      timeZone: tz?.zone ?? null,
      timeZoneSource: tz?.source ?? null,
      eligible: v === null,
      reason: v?.reason ?? null,
      message: v?.message ?? null,
      steps: planned.map((p) => ({
        position: p.step.position,
        kind: p.step.kind as StepKind,
        plannedAt: p.plannedAt?.toISOString() ?? null,
        plannedLocal: p.plannedAt && tz ? localTime(p.plannedAt, tz.zone) : null,
      })),
    });
  }
  return { items };
}

// ---- read

function summary(e: repo.EnrollmentRow, sequenceName: string): Omit<Enrollment, 'steps'> {
  return {
    id: e.id,
    sequenceId: e.sequenceId,
    sequenceName,
    candidateId: e.candidateId,
    senderId: e.senderId,
    status: e.status as Enrollment['status'],
    stopReason: e.stopReason,
    timeZone: e.timeZone,
    enrolledAt: e.enrolledAt.toISOString(),
    pausedAt: e.pausedAt?.toISOString() ?? null,
    endedAt: e.endedAt?.toISOString() ?? null,
    version: e.version,
  };
}

export async function getEnrollment(ctx: Ctx, id: string): Promise<Enrollment> {
  const ws = ctx.actor.workspaceId;
  const e = await repo.getEnrollment(ctx.db, ws, id);
  if (!e) throw notFound('enrollment');
  const [seq, steps] = await Promise.all([
    repo.getSequence(ctx.db, ws, e.sequenceId),
    repo.enrollmentSteps(ctx.db, ws, [id]),
  ]);
  return {
    ...summary(e, seq?.name ?? ''),
    steps: steps.map((s) => ({
      id: s.id,
      stepId: s.stepId,
      position: s.position,
      kind: s.kind as StepKind,
      variant: s.variant,
      templateId: s.templateId,
      status: s.status as Enrollment['steps'][number]['status'],
      statusReason: s.statusReason,
      plannedAt: s.plannedAt?.toISOString() ?? null,
      plannedLocal: s.plannedAt ? localTime(s.plannedAt, e.timeZone) : null,
      doneAt: s.doneAt?.toISOString() ?? null,
    })),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function listEnrollments(ctx: Ctx, q: EnrollmentListQuery) {
  const ws = ctx.actor.workspaceId;
  const before = decodeCursor(q.cursor, 1, ([id]) => typeof id === 'string' && UUID.test(id))?.[0] as
    | string
    | undefined;
  const rows = await repo.listEnrollments(ctx.db, ws, {
    ...q,
    ...(before ? { before } : {}),
    limit: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const seqs = new Map((await repo.listSequences(ctx.db, ws)).map((s) => [s.id, s.name]));
  return {
    items: page.map((e) => summary(e, seqs.get(e.sequenceId) ?? '')),
    nextCursor: more ? encodeCursor([page.at(-1)!.id]) : null,
  };
}

// ---- pause, resume, stop

async function lockedEnrollment(tx: Ctx, id: string) {
  const e = await repo.getEnrollment(tx.db, tx.actor.workspaceId, id, true);
  if (!e) throw notFound('enrollment');
  return e;
}

async function logChange(
  tx: Ctx,
  e: repo.EnrollmentRow,
  action: string,
  summaryText: string,
  data: Record<string, unknown> = {},
) {
  await appendActivities(tx, [
    {
      candidateId: e.candidateId,
      kind: `outreach.${action}`,
      source: 'outreach',
      summary: summaryText.slice(0, 300),
      data: { enrollmentId: e.id, sequenceId: e.sequenceId, ...data },
    },
  ]);
  await recordAudit(tx, {
    action: `outreach.enrollment.${action}`,
    entityType: 'outreach_enrollment',
    entityId: e.id,
    after: { status: action, ...data },
  });
}

export async function pauseEnrollment(ctx: Ctx, id: string): Promise<Enrollment> {
  return inTransaction(ctx, async (tx) => {
    const e = await lockedEnrollment(tx, id);
    if (e.status !== 'active') throw conflict('not_active', `The enrollment is ${e.status}`);
    const now = tx.clock.now();
    await repo.updateEnrollment(tx.db, tx.actor.workspaceId, id, {
      status: 'paused',
      pausedAt: now,
      version: e.version + 1,
      updatedAt: now,
    });
    const seq = await repo.getSequence(tx.db, tx.actor.workspaceId, e.sequenceId);
    await logChange(tx, e, 'paused', `Paused in sequence ${seq?.name ?? ''}`);
    return getEnrollment(tx, id);
  });
}

/** Resume: the remaining steps are planned again, the next one no earlier than now. */
export async function resumeEnrollment(ctx: Ctx, id: string): Promise<Enrollment> {
  return inTransaction(ctx, async (tx) => {
    const e = await lockedEnrollment(tx, id);
    if (e.status !== 'paused') throw conflict('not_paused', `The enrollment is ${e.status}`);
    const now = tx.clock.now();
    const def = await loadDefinition(tx, e.sequenceId);
    if (!def) throw notFound('sequence');
    const resumed = { ...e, status: 'active', pausedAt: null, version: e.version + 1, updatedAt: now };
    await repo.updateEnrollment(tx.db, tx.actor.workspaceId, id, resumed);
    await replanEnrollments(tx, def, [resumed], await planEnv(tx), now);
    await wakeHandoff(tx, await repo.enrollmentSteps(tx.db, tx.actor.workspaceId, [id]));
    await logChange(tx, e, 'resumed', `Resumed in sequence ${def.sequence.name}`);
    return getEnrollment(tx, id);
  });
}

/**
 * End enrollments: planned steps are cancelled, and so are scheduled ones whose message is still `pending`
 * in the outbox (the message is withdrawn; one a worker is sending is left to it); the reason is on the timeline and in the audit log. */
async function stopInTx(tx: Ctx, e: repo.EnrollmentRow, reason: StopReason, note: string | null) {
  const ws = tx.actor.workspaceId;
  const now = tx.clock.now();
  await repo.updateEnrollment(tx.db, ws, e.id, {
    status: 'stopped',
    stopReason: reason,
    endedAt: now,
    pausedAt: null,
    version: e.version + 1,
    updatedAt: now,
  });
  await repo.cancelPlanned(tx.db, ws, [e.id], `stopped: ${reason}`, now);
  // Messages already handed to delivery but not yet claimed by a sender are withdrawn too.
  await drepo.cancelPendingOutbox(tx.db, ws, [e.id], `stopped: ${reason}`, now);
  const seq = await repo.getSequence(tx.db, ws, e.sequenceId);
  const why = reason === 'manual' ? (note ? `: ${note}` : '') : ` (${reason.replace('_', ' ')})`;
  await logChange(tx, e, 'stopped', `Stopped in sequence ${seq?.name ?? ''}${why}`, {
    reason,
    ...(note ? { note } : {}),
  });
}

export async function stopEnrollment(ctx: Ctx, id: string, note?: string): Promise<Enrollment> {
  return inTransaction(ctx, async (tx) => {
    const e = await lockedEnrollment(tx, id);
    if (e.status !== 'active' && e.status !== 'paused')
      throw conflict('already_ended', `The enrollment is ${e.status}`);
    await stopInTx(tx, e, 'manual', note ?? null);
    return getEnrollment(tx, id);
  });
}

/**
 * Auto-stop hook for other paths (replies, bounces, unsubscribes, consent withdrawal): stop every live
 * enrollment of a candidate, in the caller's transaction.
 */
export async function stopCandidateEnrollments(
  tx: Ctx,
  candidateId: string,
  reason: StopReason,
  onlyIds?: readonly string[],
) {
  const ws = tx.actor.workspaceId;
  const live = await repo.liveOfCandidate(tx.db, ws, candidateId);
  const ids = live.map((l) => l.id).filter((id) => !onlyIds || onlyIds.includes(id));
  for (const e of await repo.enrollmentsByIds(tx.db, ws, ids)) await stopInTx(tx, e, reason, null);
  return ids.length;
}

/**
 * Candidate write listener: a status that stops a sequence (and always `hired`) ends its enrollments; so does
 * `archived`, which is also how a merge leaves the merged-away record (its enrollments end in the merge's
 * transaction).
 */
export async function outreachOnCandidateWritten(tx: Ctx, event: CandidateWritten): Promise<void> {
  if (event.kind !== 'updated') return;
  const status = event.fields.status;
  const live = await repo.liveOfCandidate(tx.db, tx.actor.workspaceId, event.candidateId);
  const hit = live
    .filter((l) => status === 'hired' || status === 'archived' || l.stopStatuses.includes(status))
    .map((l) => l.id);
  if (hit.length)
    await stopCandidateEnrollments(
      tx,
      event.candidateId,
      status === 'hired' ? 'hired' : 'status_changed',
      hit,
    );
}

// ---- re-planning after a sequence or calendar change (task)

export async function replanChunk(ctx: Ctx, sequenceId: string, after: string | null): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const def = await loadDefinition(tx, sequenceId);
    if (!def) return;
    const batch = await repo.liveOfSequence(tx.db, ws, sequenceId, after, REPLAN_CHUNK);
    await replanEnrollments(tx, def, batch, await planEnv(tx));
    if (batch.length === REPLAN_CHUNK)
      await enqueue(tx, replanTask, { workspaceId: ws, sequenceId, after: batch.at(-1)!.id });
  });
}

/**
 * For delivery: record that a step left the plan (sent, done, skipped or blocked) at `at`; the remaining
 * steps are planned from that instant, and an enrollment with nothing left completes.
 */
export async function advanceEnrollment(
  tx: Ctx,
  enrollmentStepId: string,
  outcome: 'sent' | 'done' | 'skipped' | 'blocked',
  at: Date,
  reason: string | null = null,
  env?: PlanEnv,
): Promise<void> {
  await advanceEnrollments(tx, [{ enrollmentStepId, outcome, at, reason }], env ? { env } : {});
}

/**
 * Many steps at once (the dispatcher records a batch of sends in one transaction): the same as
 * advanceEnrollment for each, in a constant number of statements: lock the enrollments, read their steps,
 * finish the steps, re-plan (a write only when a step remains to plan, or a removed step's row to cancel),
 * complete the enrollments with nothing left (one statement). `onlyScheduled`: a step no longer
 * `scheduled` (its enrollment was stopped meanwhile) or gone is left alone instead of advanced. `env` and
 * `definitions` may be handed in by a caller that already has them (read in the same transaction).
 */
export async function advanceEnrollments(
  tx: Ctx,
  items: readonly {
    enrollmentStepId: string;
    outcome: 'sent' | 'done' | 'skipped' | 'blocked';
    at: Date;
    reason: string | null;
  }[],
  opts: { env?: PlanEnv; definitions?: Map<string, Definition | undefined>; onlyScheduled?: boolean } = {},
): Promise<void> {
  if (items.length === 0) return;
  const ws = tx.actor.workspaceId;
  const now = tx.clock.now();
  const stepIds = items.map((i) => i.enrollmentStepId);
  // The enrollments locked, then all their step rows (one round trip where the engine pipelines).
  const [enrollments, steps] = await together(
    tx.db,
    () => drepo.lockEnrollmentsOfSteps(tx.db, ws, stepIds),
    () => repo.stepsOfSameEnrollments(tx.db, ws, stepIds),
  );
  const byStep = new Map(steps.map((r) => [r.id, r]));
  const todo = opts.onlyScheduled
    ? items.filter((i) => byStep.get(i.enrollmentStepId)?.status === 'scheduled')
    : items;
  if (todo.some((i) => !byStep.has(i.enrollmentStepId))) throw notFound('enrollment_step');
  if (todo.length === 0) return;
  await repo.finishSteps(
    tx.db,
    ws,
    todo.map((i) => ({ id: i.enrollmentStepId, status: i.outcome, reason: i.reason, at: i.at })),
    now,
  );
  // The rows as they now are, for the re-plan (it plans the rest after the last step that left).
  const atOf = new Map<string, Date>();
  for (const i of todo) {
    const r = byStep.get(i.enrollmentStepId)!;
    Object.assign(r, { status: i.outcome, statusReason: i.reason, doneAt: i.at, updatedAt: now });
    atOf.set(r.enrollmentId, i.at);
  }
  const moved = enrollments.filter((e) => atOf.has(e.id));
  const stepsOf = new Map<string, repo.EnrollmentStepRow[]>();
  for (const r of steps) stepsOf.set(r.enrollmentId, [...(stepsOf.get(r.enrollmentId) ?? []), r]);
  const bySequence = new Map<string, repo.EnrollmentRow[]>();
  for (const e of moved) bySequence.set(e.sequenceId, [...(bySequence.get(e.sequenceId) ?? []), e]);
  const definitions = opts.definitions ?? new Map<string, Definition | undefined>();
  const unknown = [...bySequence.keys()].filter((id) => !definitions.has(id));
  if (unknown.length) {
    const loaded = await loadDefinitions(tx, unknown);
    for (const id of unknown) definitions.set(id, loaded.get(id));
  }
  let env = opts.env;
  for (const [sequenceId, list] of bySequence) {
    const def = definitions.get(sequenceId);
    if (!def) continue;
    // The re-plan writes only for an enrollment with a planned row (re-timed from this send, or cancelled
    // when its step was removed) or a step of the sequence without a row (added since): skip the others.
    const replan = list.filter((e) => {
      const rows = stepsOf.get(e.id) ?? [];
      const have = new Set(rows.map((r) => r.stepId));
      return rows.some((r) => r.status === 'planned') || def.steps.some((st) => !have.has(st.id));
    });
    if (replan.length === 0) continue;
    env ??= await planEnv(tx);
    await replanEnrollments(
      tx,
      def,
      replan,
      env,
      undefined,
      replan.flatMap((e) => stepsOf.get(e.id) ?? []),
    );
  }
  await drepo.completeFinished(
    tx.db,
    ws,
    moved.map((e) => ({ id: e.id, at: atOf.get(e.id)! })),
    now,
  );
}
