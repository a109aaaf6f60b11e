import type { Ctx } from '../../platform/context.ts';
import { together } from '../../platform/db/client.ts';
import { newId } from '../../platform/ids.ts';
import { workspaceConfig } from '../candidates/index.ts';
import type { StepKind } from './outreach.contract.ts';
import * as repo from './outreach.repository.ts';
import {
  type Calendar,
  fitToWindow,
  isValidZone,
  NoSendingDayError,
  nextSendAt,
  pickVariant,
} from './schedule.ts';

/** A sequence as planning sees it: settings and current steps with variants. */
export interface Definition {
  sequence: repo.SequenceRow;
  steps: repo.StepWithVariants[];
}

export async function loadDefinition(
  ctx: Ctx,
  sequenceId: string,
  forUpdate = false,
): Promise<Definition | undefined> {
  const ws = ctx.actor.workspaceId;
  // The sequence (locked first when asked) and its steps: one round trip where the engine pipelines.
  const [sequence, steps] = await together(
    ctx.db,
    () => repo.getSequence(ctx.db, ws, sequenceId, forUpdate),
    () => repo.stepsOf(ctx.db, ws, [sequenceId]),
  );
  return sequence ? { sequence, steps } : undefined;
}

/** Several sequences' definitions at once (a missing sequence is left out). */
export async function loadDefinitions(
  ctx: Ctx,
  sequenceIds: readonly string[],
): Promise<Map<string, Definition>> {
  const ws = ctx.actor.workspaceId;
  const [sequences, steps] = await together(
    ctx.db,
    () => repo.sequencesByIds(ctx.db, ws, sequenceIds),
    () => repo.stepsOf(ctx.db, ws, sequenceIds),
  );
  return new Map(
    sequences.map((sequence) => [
      sequence.id,
      { sequence, steps: steps.filter((st) => st.sequenceId === sequence.id) },
    ]),
  );
}

/** What every plan in a workspace shares: the holiday calendar and the fallback zone. */
export interface PlanEnv {
  holidays: ReadonlySet<string>;
  defaultZone: string;
}

export async function planEnv(ctx: Ctx): Promise<PlanEnv> {
  const ws = ctx.actor.workspaceId;
  const [days, config] = await together(
    ctx.db,
    () => repo.holidays(ctx.db, ws),
    () => workspaceConfig(ctx.db, ws),
  );
  const zone = config.settings.defaultTimeZone;
  return { holidays: new Set(days.map((d) => d.date)), defaultZone: isValidZone(zone) ? zone : 'UTC' };
}

// Zone names seen and whether they are valid: luxon's check builds an Intl.DateTimeFormat each time (about
// 0.2 ms), which was a fifth of enrolling 1,000 candidates. Zone names are few; the map is bounded anyway.
const zoneValidity = new Map<string, boolean>();
function validZone(zone: string): boolean {
  let ok = zoneValidity.get(zone);
  if (ok === undefined) {
    if (zoneValidity.size >= 10_000) zoneValidity.clear();
    ok = isValidZone(zone);
    zoneValidity.set(zone, ok);
  }
  return ok;
}

/** The candidate's own zone when it has a valid one, else the workspace's. */
export function zoneFor(
  candidateZone: string | null,
  env: PlanEnv,
): { zone: string; source: 'candidate' | 'workspace' } {
  if (candidateZone && validZone(candidateZone)) return { zone: candidateZone, source: 'candidate' };
  return { zone: env.defaultZone, source: 'workspace' };
}

export function calendarOf(seq: repo.SequenceRow, zone: string, env: PlanEnv): Calendar {
  return { zone, window: seq.window, holidays: env.holidays };
}

/** The consent channel a step kind uses (LinkedIn tasks use none of the ledger's channels). */
export function channelOf(kind: StepKind): 'email' | 'sms' | 'phone' | null {
  if (kind === 'email' || kind === 'reply_email') return 'email';
  if (kind === 'sms') return 'sms';
  if (kind === 'phone_task') return 'phone';
  return null;
}

export interface PlannedStep {
  step: repo.StepWithVariants;
  plannedAt: Date | null;
  reason: string | null;
}

/**
 * Plan the pending steps: each from the one before, the first from `from`; with `notBefore` (resume) the
 * first lands no earlier than that instant.
 */
export function planSteps(
  steps: readonly repo.StepWithVariants[],
  from: Date,
  cal: Calendar,
  notBefore?: Date,
): PlannedStep[] {
  const out: PlannedStep[] = [];
  let prev: Date | null = from;
  for (const [i, step] of steps.entries()) {
    if (prev === null) {
      out.push({ step, plannedAt: null, reason: 'an earlier step has no sending day' });
      continue;
    }
    try {
      let t = nextSendAt(
        prev,
        { amount: step.delayAmount, unit: step.delayUnit as 'hours' | 'business_days' },
        cal,
      );
      if (i === 0 && notBefore && t < notBefore) t = fitToWindow(notBefore, cal);
      out.push({ step, plannedAt: t, reason: null });
      prev = t;
    } catch (e) {
      if (!(e instanceof NoSendingDayError)) throw e;
      out.push({ step, plannedAt: null, reason: 'the window and holidays leave no day to send on' });
      prev = null;
    }
  }
  return out;
}

/** Schedule rows of an enrollment for planned steps (variant fixed by the enrollment id). */
export function plannedRows(
  enrollment: Pick<repo.EnrollmentRow, 'id' | 'workspaceId'>,
  planned: readonly PlannedStep[],
  now: Date,
): repo.EnrollmentStepRow[] {
  return planned.map(({ step, plannedAt, reason }) => {
    const v = step.variants[pickVariant(enrollment.id, step.id, step.variants.length)]!;
    return {
      id: newId(),
      workspaceId: enrollment.workspaceId,
      enrollmentId: enrollment.id,
      stepId: step.id,
      position: step.position,
      kind: step.kind,
      variant: v.label,
      templateId: v.templateId,
      status: 'planned',
      plannedAt,
      idempotencyKey: `${enrollment.id}:${step.id}`,
      statusReason: reason,
      doneAt: null,
      updatedAt: now,
    };
  });
}

/**
 * Re-plan enrollments against the current definition: rows already handed on (scheduled, sent, done...) stay
 * as they are; the remaining steps are planned after the last of them (or the enrollment); planned rows of
 * removed steps are cancelled. `resumeAt` plans the first remaining step no earlier than that instant.
 * `existing`: the enrollments' step rows as they are in this transaction, when the caller has just read
 * them (else they are read here). A statement runs only when it has something to do.
 */
export async function replanEnrollments(
  ctx: Ctx,
  def: Definition,
  enrollments: readonly repo.EnrollmentRow[],
  env: PlanEnv,
  resumeAt?: Date,
  existing?: readonly repo.EnrollmentStepRow[],
): Promise<void> {
  if (enrollments.length === 0) return;
  const ws = ctx.actor.workspaceId;
  const now = ctx.clock.now();
  const current =
    existing ??
    (await repo.enrollmentSteps(
      ctx.db,
      ws,
      enrollments.map((e) => e.id),
    ));
  const byEnrollment = new Map<string, repo.EnrollmentStepRow[]>();
  for (const r of current) byEnrollment.set(r.enrollmentId, [...(byEnrollment.get(r.enrollmentId) ?? []), r]);
  const rows: repo.EnrollmentStepRow[] = [];
  for (const e of enrollments) {
    const frozen = (byEnrollment.get(e.id) ?? []).filter(
      (r) => r.status !== 'planned' && r.status !== 'cancelled',
    );
    const frozenIds = new Set(frozen.map((r) => r.stepId));
    const from = frozen.reduce(
      (m, r) => Math.max(m, (r.doneAt ?? r.plannedAt ?? e.enrolledAt).getTime()),
      e.enrolledAt.getTime(),
    );
    const pending = def.steps.filter((s) => !frozenIds.has(s.id));
    const cal = calendarOf(def.sequence, e.timeZone, env);
    rows.push(...plannedRows(e, planSteps(pending, new Date(from), cal, resumeAt), now));
  }
  if (rows.length) await repo.upsertPlanned(ctx.db, rows);
  const kept = new Set(def.steps.map((s) => s.id));
  const ids = new Set(enrollments.map((e) => e.id));
  if (current.some((r) => ids.has(r.enrollmentId) && r.status === 'planned' && !kept.has(r.stepId)))
    await repo.cancelPlanned(
      ctx.db,
      ws,
      [...ids],
      'the step was removed from the sequence',
      now,
      def.steps.map((s) => s.id),
    );
}

/** A new active enrollment and its whole schedule, planned from `now` in `zone`. */
export function newEnrollment(
  def: Definition,
  env: PlanEnv,
  o: {
    workspaceId: string;
    candidateId: string;
    senderId: string;
    enrolledBy: string | null;
    zone: string;
    now: Date;
  },
): { enrollment: repo.EnrollmentRow; steps: repo.EnrollmentStepRow[] } {
  const enrollment: repo.EnrollmentRow = {
    id: newId(),
    workspaceId: o.workspaceId,
    sequenceId: def.sequence.id,
    candidateId: o.candidateId,
    senderId: o.senderId,
    enrolledBy: o.enrolledBy,
    status: 'active',
    stopReason: null,
    timeZone: o.zone,
    enrolledAt: o.now,
    pausedAt: null,
    endedAt: null,
    version: 1,
    updatedAt: o.now,
  };
  const cal = calendarOf(def.sequence, o.zone, env);
  return { enrollment, steps: plannedRows(enrollment, planSteps(def.steps, o.now, cal), o.now) };
}
