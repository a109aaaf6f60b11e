import { can } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { enqueue, inTransaction } from '../../platform/context.ts';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { userSummaries } from '../identity/index.ts';
import type {
  Holidays,
  SenderProfileInput,
  Sequence,
  SequenceInput,
  SequenceUpdate,
  StepKind,
} from './outreach.contract.ts';
import * as repo from './outreach.repository.ts';
import { replanTask } from './outreach.tasks.ts';
import { resolveSender } from './personalise.ts';
import { type Definition, loadDefinition } from './planning.ts';
import { minutesOf } from './schedule.ts';

/** The template kind each step kind takes. */
const TEMPLATE_KIND: Record<StepKind, string> = {
  email: 'email',
  reply_email: 'email',
  sms: 'sms',
  phone_task: 'call_task',
  linkedin_task: 'linkedin_task',
};
const LABELS = 'ABCDE';

function view(def: Definition, live: number): Sequence {
  const s = def.sequence;
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    status: s.status as Sequence['status'],
    ownerId: s.ownerId,
    senderId: s.senderId,
    window: s.window,
    stopStatuses: s.stopStatuses,
    steps: def.steps.map((st) => ({
      id: st.id,
      position: st.position,
      kind: st.kind as StepKind,
      delay: { amount: st.delayAmount, unit: st.delayUnit as 'hours' | 'business_days' },
      variants: st.variants.map((v) => ({
        label: v.label,
        templateId: v.templateId,
        templateName: v.templateName,
      })),
    })),
    liveEnrollments: live,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** Rules beyond the shape: window order, reply steps after an email, templates usable and of the right kind. */
async function check(ctx: Ctx, input: SequenceInput, existingStepIds: ReadonlySet<string>) {
  const errors: FieldError[] = [];
  if (minutesOf(input.window.end) <= minutesOf(input.window.start))
    errors.push({ field: 'window.end', message: 'must be after window.start' });
  const templateIds = [...new Set(input.steps.flatMap((s) => s.variants.map((v) => v.templateId)))];
  const templates = new Map(
    (await repo.templatesByIds(ctx.db, ctx.actor.workspaceId, templateIds)).map((t) => [t.id, t]),
  );
  const seen = new Set<string>();
  input.steps.forEach((step, i) => {
    if (step.kind === 'reply_email' && !input.steps.slice(0, i).some((s) => s.kind === 'email'))
      errors.push({ field: `steps.${i}.kind`, message: 'a reply in thread needs an earlier email step' });
    if (step.id) {
      if (!existingStepIds.has(step.id) || seen.has(step.id))
        errors.push({ field: `steps.${i}.id`, message: 'is not a step of this sequence' });
      seen.add(step.id);
    }
    step.variants.forEach((v, j) => {
      const t = templates.get(v.templateId);
      const field = `steps.${i}.variants.${j}.templateId`;
      const mine =
        t &&
        (t.shared ||
          t.ownerId === ctx.actor.userId ||
          can(ctx.actor, 'outreach:manage') ||
          ctx.actor.kind === 'system');
      if (!t || !mine) errors.push({ field, message: 'no such template' });
      else if (t.archivedAt) errors.push({ field, message: 'the template is archived' });
      else if (step.kind === 'email' && t.kind === 'email' && !t.subject?.trim())
        errors.push({
          field,
          message: 'an email step needs a template with a subject (replies in thread take none)',
        });
      else if (t.kind !== TEMPLATE_KIND[step.kind])
        errors.push({
          field,
          message: `a ${step.kind} step needs a ${TEMPLATE_KIND[step.kind]} template, not ${t.kind}`,
        });
    });
  });
  if (errors.length) throw invalid('invalid_sequence', 'The sequence is not valid', errors);
  if (input.senderId) await resolveSender(ctx, input.senderId);
}

/** Write the steps: listed existing steps change in place, new ones are added, unlisted ones are removed. */
async function writeSteps(
  tx: Ctx,
  sequenceId: string,
  input: SequenceInput,
  existing: readonly repo.StepWithVariants[],
) {
  const ws = tx.actor.workspaceId;
  const now = tx.clock.now();
  const kept = new Set(input.steps.map((s) => s.id).filter((id): id is string => !!id));
  for (const old of existing)
    if (!kept.has(old.id)) await repo.updateStep(tx.db, ws, old.id, { removedAt: now });
  const fresh: repo.StepRow[] = [];
  const ids: string[] = [];
  for (const [i, s] of input.steps.entries()) {
    const id = s.id ?? newId();
    ids.push(id);
    if (s.id)
      await repo.updateStep(tx.db, ws, id, {
        position: i + 1,
        kind: s.kind,
        delayAmount: s.delay.amount,
        delayUnit: s.delay.unit,
      });
    else
      fresh.push({
        id,
        workspaceId: ws,
        sequenceId,
        position: i + 1,
        kind: s.kind,
        delayAmount: s.delay.amount,
        delayUnit: s.delay.unit,
        removedAt: null,
        createdAt: now,
      });
  }
  await repo.insertSteps(tx.db, fresh);
  await repo.replaceVariants(
    tx.db,
    ws,
    ids,
    input.steps.flatMap((s, i) =>
      s.variants.map((v, j) => ({
        id: newId(),
        workspaceId: ws,
        stepId: ids[i]!,
        label: LABELS[j]!,
        templateId: v.templateId,
      })),
    ),
  );
}

export async function getSequence(ctx: Ctx, id: string): Promise<Sequence> {
  const def = await loadDefinition(ctx, id);
  if (!def) throw notFound('sequence');
  const live = await repo.countLive(ctx.db, ctx.actor.workspaceId, [id]);
  return view(def, live.get(id) ?? 0);
}

export async function listSequences(ctx: Ctx) {
  const ws = ctx.actor.workspaceId;
  const rows = await repo.listSequences(ctx.db, ws);
  const ids = rows.map((r) => r.id);
  const [steps, live] = await Promise.all([repo.stepsOf(ctx.db, ws, ids), repo.countLive(ctx.db, ws, ids)]);
  return {
    items: rows.map((s) =>
      view({ sequence: s, steps: steps.filter((st) => st.sequenceId === s.id) }, live.get(s.id) ?? 0),
    ),
  };
}

export async function createSequence(ctx: Ctx, input: SequenceInput): Promise<Sequence> {
  await check(ctx, input, new Set());
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const row: repo.SequenceRow = {
      id: newId(),
      workspaceId: tx.actor.workspaceId,
      ownerId: tx.actor.userId,
      name: input.name,
      description: input.description,
      status: input.status,
      senderId: input.senderId,
      window: input.window,
      stopStatuses: input.stopStatuses,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await repo.insertSequence(tx.db, row);
    await writeSteps(tx, row.id, input, []);
    const after = await getSequence(tx, row.id);
    await recordAudit(tx, {
      action: 'outreach.sequence.created',
      entityType: 'outreach_sequence',
      entityId: row.id,
      after,
    });
    return after;
  });
}

/**
 * Change a sequence. Steps already handed on for an enrollment keep what they were; everything still only
 * planned follows the new definition (re-planned by a task, in chunks).
 */
export async function updateSequence(ctx: Ctx, id: string, input: SequenceUpdate): Promise<Sequence> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const def = await loadDefinition(tx, id, true);
    if (!def) throw notFound('sequence');
    const s = def.sequence;
    if (s.ownerId !== tx.actor.userId && !can(tx.actor, 'outreach:manage') && tx.actor.kind !== 'system')
      throw forbidden('not_owner', 'Only the owner (or an outreach manager) may change this sequence');
    if (s.version !== input.version)
      throw conflict('stale_version', 'The sequence changed since you loaded it', [
        { field: 'version', message: `is ${s.version} now` },
      ]);
    await check(tx, input, new Set(def.steps.map((st) => st.id)));
    const before = view(def, 0);
    await repo.updateSequence(tx.db, ws, id, {
      name: input.name,
      description: input.description,
      status: input.status,
      senderId: input.senderId,
      window: input.window,
      stopStatuses: input.stopStatuses,
      version: s.version + 1,
      updatedAt: tx.clock.now(),
    });
    await writeSteps(tx, id, input, def.steps);
    const after = await getSequence(tx, id);
    if (after.liveEnrollments > 0)
      await enqueue(tx, replanTask, { workspaceId: ws, sequenceId: id, after: null });
    await recordAudit(tx, {
      action: 'outreach.sequence.updated',
      entityType: 'outreach_sequence',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

// ---- holiday calendar

export async function getHolidays(ctx: Ctx): Promise<Holidays> {
  return { days: await repo.holidays(ctx.db, ctx.actor.workspaceId) };
}

/** Replace the calendar; live enrollments of every sequence are re-planned. */
export async function setHolidays(ctx: Ctx, input: Holidays): Promise<Holidays> {
  const dates = input.days.map((d) => d.date);
  const dup = dates.findIndex((d, i) => dates.indexOf(d) !== i);
  if (dup >= 0)
    throw invalid('invalid_holidays', 'A date is listed twice', [
      { field: `days.${dup}.date`, message: 'is listed twice' },
    ]);
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const before = await getHolidays(tx);
    await repo.replaceHolidays(tx.db, ws, input.days);
    for (const sequenceId of await repo.sequencesWithLive(tx.db, ws))
      await enqueue(tx, replanTask, { workspaceId: ws, sequenceId, after: null });
    const after = await getHolidays(tx);
    await recordAudit(tx, {
      action: 'outreach.holidays.updated',
      entityType: 'workspace',
      entityId: ws,
      before,
      after,
    });
    return after;
  });
}

// ---- senders

export async function getSenderProfile(ctx: Ctx) {
  const ws = ctx.actor.workspaceId;
  const me = ctx.actor.userId;
  if (!me) throw forbidden('user_only', 'Sender profiles belong to users');
  const [titles, links] = await Promise.all([
    repo.senderTitles(ctx.db, ws, [me]),
    repo.delegationsOf(ctx.db, ws, me),
  ]);
  const names = await userSummaries(
    ctx,
    links.flatMap((l) => [l.senderId, l.delegateId]),
  );
  const person = (id: string) => ({ id, name: names.get(id)?.name ?? '' });
  return {
    userId: me,
    title: titles.get(me) ?? '',
    delegates: links.filter((l) => l.senderId === me).map((l) => person(l.delegateId)),
    mayActFor: links.filter((l) => l.delegateId === me).map((l) => person(l.senderId)),
  };
}

/** Set your title and whom you allow to send on your behalf (replaces the list). */
export async function setSenderProfile(ctx: Ctx, input: SenderProfileInput) {
  const me = ctx.actor.userId;
  if (!me) throw forbidden('user_only', 'Sender profiles belong to users');
  const delegates = [...new Set(input.delegates)].filter((d) => d !== me);
  const users = await userSummaries(ctx, delegates);
  const errors = input.delegates
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d !== me && users.get(d)?.status !== 'active')
    .map(({ i }) => ({ field: `delegates.${i}`, message: 'is not an active user of this workspace' }));
  if (errors.length) throw invalid('invalid_delegates', 'A delegate is not valid', errors);
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const before = await getSenderProfile(tx);
    await repo.upsertSender(tx.db, ws, me, input.title, tx.clock.now());
    await repo.replaceDelegates(tx.db, ws, me, delegates, tx.clock.now());
    const after = await getSenderProfile(tx);
    await recordAudit(tx, {
      action: 'outreach.sender.updated',
      entityType: 'user',
      entityId: me,
      before,
      after,
    });
    return after;
  });
}
