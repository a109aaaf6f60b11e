import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.ts';
import { recordAudit } from '../audit/index.ts';
import { appendActivities } from '../candidates/index.ts';
import type {
  DeliverySettings,
  DeliverySettingsInput,
  OUTBOX_STATUSES,
  WORK_ITEM_STATUSES,
  WorkItem,
} from './delivery.contract.ts';
import * as drepo from './delivery.repository.ts';
import { deliveryConfig } from './dispatch.service.ts';
import { advanceEnrollment } from './enrollments.service.ts';
import * as repo from './outreach.repository.ts';
import { localTime } from './schedule.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const cursorId = (c: string | undefined) =>
  decodeCursor(c, 1, ([id]) => typeof id === 'string' && UUID.test(id))?.[0] as string | undefined;

/** Keyset pages by id (newest first): ask for limit + 1 rows, keep limit, cursor on the last id. */
async function keysetPage<R extends { id: string }, T>(
  q: { cursor?: string | undefined; limit: number },
  fetch: (before: string | undefined, limit: number) => Promise<R[]>,
  view: (r: R) => T,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const rows = await fetch(cursorId(q.cursor), q.limit + 1);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return { items: page.map(view), nextCursor: more ? encodeCursor([page.at(-1)!.id]) : null };
}

// ---- settings

function settingsView(s: drepo.SettingsRow): DeliverySettings {
  return {
    frequencyCap: { touches: s.capTouches, days: s.capDays },
    senderDailyLimit: s.senderDailyLimit,
    domainThrottle: { perMinute: s.domainPerMinute, perHour: s.domainPerHour },
    delivery: deliveryConfig().smtpUrl || deliveryConfig().transport ? 'smtp' : 'dev_mailbox',
    version: s.version,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export async function getDeliverySettings(ctx: Ctx): Promise<DeliverySettings> {
  return settingsView(await drepo.loadOutreachSettings(ctx.db, ctx.actor.workspaceId));
}

export async function setDeliverySettings(ctx: Ctx, input: DeliverySettingsInput): Promise<DeliverySettings> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    await drepo.loadOutreachSettings(tx.db, ws);
    const before = (await drepo.loadOutreachSettingsForUpdate(tx.db, ws))!;
    if (before.version !== input.version)
      throw conflict('version_conflict', 'The settings changed since you read them', [
        { field: 'version', message: `is ${before.version} now` },
      ]);
    const now = tx.clock.now();
    const set = {
      capTouches: input.frequencyCap.touches,
      capDays: input.frequencyCap.days,
      senderDailyLimit: input.senderDailyLimit,
      domainPerMinute: input.domainThrottle.perMinute,
      domainPerHour: input.domainThrottle.perHour,
      version: before.version + 1,
      updatedBy: tx.actor.userId,
      updatedAt: now,
    };
    await drepo.updateOutreachSettings(tx.db, ws, set);
    const after = { ...before, ...set };
    const { version: _v, updatedAt: _u, ...b } = settingsView(before);
    const { version: _v2, updatedAt: _u2, ...a } = settingsView(after);
    await recordAudit(tx, {
      action: 'outreach.settings.changed',
      entityType: 'workspace',
      entityId: ws,
      before: b,
      after: a,
    });
    return settingsView(after);
  });
}

// ---- outbox and dev mailbox

export function listOutbox(
  ctx: Ctx,
  q: { status?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const ws = ctx.actor.workspaceId;
  return keysetPage(
    q,
    (before, limit) =>
      drepo.listOutbox(ctx.db, ws, {
        ...(q.status ? { status: q.status } : {}),
        ...(before ? { before } : {}),
        limit,
      }),
    (r) => ({
      id: r.id,
      enrollmentId: r.enrollmentId,
      enrollmentStepId: r.enrollmentStepId,
      candidateId: r.candidateId,
      channel: r.channel as 'email' | 'sms',
      messageId: r.messageId,
      senderId: r.senderId,
      recipient: r.recipient,
      subject: r.subject,
      status: r.status as (typeof OUTBOX_STATUSES)[number],
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt.toISOString(),
      lastError: r.lastError,
      sentAt: r.sentAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    }),
  );
}

export function listDevMailbox(
  ctx: Ctx,
  q: { channel?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const ws = ctx.actor.workspaceId;
  return keysetPage(
    q,
    (before, limit) =>
      drepo.listDevMail(ctx.db, ws, {
        ...(q.channel ? { channel: q.channel } : {}),
        ...(before ? { before } : {}),
        limit,
      }),
    (r) => ({
      id: r.id,
      channel: r.channel as 'email' | 'sms',
      messageId: r.messageId,
      from: r.fromAddress,
      to: r.toAddress,
      subject: r.subject,
      preview: r.body.slice(0, 200),
      createdAt: r.createdAt.toISOString(),
    }),
  );
}

export async function getDevMail(ctx: Ctx, id: string) {
  const r = await drepo.getDevMail(ctx.db, ctx.actor.workspaceId, id);
  if (!r) throw notFound('message');
  return {
    id: r.id,
    outboxId: r.outboxId,
    channel: r.channel as 'email' | 'sms',
    messageId: r.messageId,
    from: r.fromAddress,
    to: r.toAddress,
    subject: r.subject,
    html: r.html,
    text: r.body,
    headers: r.headers,
    createdAt: r.createdAt.toISOString(),
  };
}

// ---- work items

function workItemView(w: drepo.WorkItemRow): WorkItem {
  return {
    id: w.id,
    kind: w.kind as WorkItem['kind'],
    enrollmentId: w.enrollmentId,
    enrollmentStepId: w.enrollmentStepId,
    candidateId: w.candidateId,
    assigneeId: w.assigneeId,
    title: w.title,
    instructions: w.instructions,
    dueAt: w.dueAt.toISOString(),
    dueLocal: localTime(w.dueAt, w.timeZone),
    timeZone: w.timeZone,
    status: w.status as WorkItem['status'],
    note: w.note,
    completedBy: w.completedBy,
    completedAt: w.completedAt?.toISOString() ?? null,
  };
}

export async function listWorkItems(
  ctx: Ctx,
  q: { mine: boolean; status?: (typeof WORK_ITEM_STATUSES)[number] | undefined; limit: number },
) {
  const rows = await drepo.listWorkItems(ctx.db, ctx.actor.workspaceId, {
    ...(q.mine ? { assigneeId: ctx.actor.userId ?? '00000000-0000-0000-0000-000000000000' } : {}),
    ...(q.status ? { status: q.status } : {}),
    limit: q.limit,
  });
  return { items: rows.map(workItemView) };
}

/**
 * Complete (done) or skip a work item: the assignee, or anyone with outreach:manage. The enrollment moves on
 * (the next step is planned from now), in the same transaction, with a timeline entry and an audit entry.
 */
export async function finishWorkItem(
  ctx: Ctx,
  id: string,
  outcome: 'done' | 'skipped',
  note: string | undefined,
): Promise<WorkItem> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const w = await drepo.getWorkItem(tx.db, ws, id, true);
    if (!w) throw notFound('work_item');
    const manager = tx.actor.permissions.has('outreach:manage');
    if (w.assigneeId !== tx.actor.userId && !manager)
      throw new AppError('forbidden', 'not_assignee', 'This work item is assigned to someone else');
    if (w.status !== 'open') throw conflict('not_open', `The work item is ${w.status}`);
    const now = tx.clock.now();
    const set = {
      status: outcome,
      note: note ?? null,
      completedBy: tx.actor.userId,
      completedAt: now,
      updatedAt: now,
    };
    await drepo.updateWorkItem(tx.db, ws, id, set);
    const [step] = await repo.stepRowsByIds(tx.db, ws, [w.enrollmentStepId]);
    if (step?.status === 'scheduled')
      await advanceEnrollment(
        tx,
        w.enrollmentStepId,
        outcome,
        now,
        outcome === 'skipped' ? (note ?? 'skipped') : null,
      );
    await appendActivities(tx, [
      {
        candidateId: w.candidateId,
        kind: outcome === 'done' ? 'outreach.task_done' : 'outreach.task_skipped',
        channel: w.kind === 'phone_task' ? 'phone' : null,
        source: 'outreach',
        summary: `${outcome === 'done' ? 'Done' : 'Skipped'}: ${w.title}${note ? ` (${note})` : ''}`.slice(
          0,
          300,
        ),
        data: { enrollmentId: w.enrollmentId, workItemId: w.id },
      },
    ]);
    await recordAudit(tx, {
      action: `outreach.work_item.${outcome}`,
      entityType: 'outreach_work_item',
      entityId: id,
      after: { status: outcome, note: note ?? null },
    });
    return workItemView({ ...w, ...set });
  });
}
